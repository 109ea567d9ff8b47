/**
 * `fvm-spec t8n`: a state transition in the spirit of geth's `evm t8n`. A genesis with the input's
 * accounts, then each message applied in order on a sandbox; out come the receipts and the state
 * root. A message that fails on chain is a receipt; only malformed input (checked first, see
 * input.ts) or a network version that cannot run is an error.
 */
import { getCbor } from '../../interpreter/ipld/blockstore.js'
import { asArray, asBytes, type Ipld } from '../../interpreter/ipld/cbor.js'
import { isBuiltin } from '../../interpreter/machine/manifest.js'
import { addressToString, idAddress, Protocol, type Address } from '../../interpreter/types/address.js'
import { toHex } from '../../interpreter/util/bytes.js'
import { parseAddressInput } from '../genesis/addresses.js'
import { jsonWithBigInts } from '../sandbox/vector.js'
import { accountStableAddress, createAddress, decodeCborBytes } from '../sandbox/evm.js'
import { Sandbox, type CallOptions, type SandboxReceipt } from '../sandbox/sandbox.js'
import { defaultTipsetCid } from '../sandbox/tipset.js'
import type { CID } from '../../interpreter/ipld/cid.js'
import type { T8nInput, T8nMessage, Target } from './input.js'

export class T8nError extends Error {
  override name = 'T8nError'
}

export interface T8nEventJson {
  readonly emitter: bigint
  readonly entries: readonly { readonly flags: bigint; readonly key: string; readonly codec: bigint; readonly value: string }[]
}

export interface T8nReceiptJson {
  readonly exit_code: number
  readonly return: string
  readonly gas_used: bigint
  readonly return_data?: string
  readonly created?: { readonly id: string; readonly robust: string | null; readonly eth: string }
  readonly events: readonly T8nEventJson[]
}

export interface T8nOutput {
  readonly receipts: readonly T8nReceiptJson[]
  readonly state_root: string
}

/** Defaults of the env (docs/t8n.md). @rule t8n.env */
export const T8N_DEFAULTS = { epoch: 1n, baseFee: 100n, chainId: 314n } as const

const hex = (b: Uint8Array): string => `0x${toHex(b)}`

/**
 * Runs a checked input. `bundles` is the bundle folder; `cache` the module cache (the sandbox's
 * option: a folder, false for none, default the process's shared engine).
 *
 * @rule t8n.run
 */
export function runT8n(input: T8nInput, bundles: string, cache?: string | false): T8nOutput {
  const epoch = input.env.epoch ?? T8N_DEFAULTS.epoch
  const sb = Sandbox.createSync({
    nv: input.env.nv,
    bundles,
    ...(cache === undefined ? {} : { cache }),
    epoch,
    timestamp: input.env.timestamp ?? epoch * 30n,
    baseFee: input.env.base_fee ?? T8N_DEFAULTS.baseFee,
    chainId: input.env.chain_id ?? T8N_DEFAULTS.chainId,
    ...(input.env.circ_supply === undefined ? {} : { circulatingSupply: input.env.circ_supply }),
    ...(input.env.tipset_cids === undefined ? {} : { tipsetCid: withTipsetCids(input.env.tipset_cids) }),
    accounts: (input.accounts ?? []).map((a) => ({ address: addressToString(a.address), balance: a.balance, ...(a.kind === undefined ? {} : { kind: a.kind }) })),
  })
  /** The f410 address each evm.create gave (or, when it failed, would have given). */
  const createdBy = new Map<number, Address>()
  const receipts: T8nReceiptJson[] = []
  for (const [i, m] of input.messages.entries()) {
    const opts: CallOptions = {
      ...(m.value === undefined ? {} : { value: m.value }),
      ...(m.gas_limit === undefined ? {} : { gasLimit: m.gas_limit }),
      ...(m.gas_fee_cap === undefined ? {} : { gasFeeCap: m.gas_fee_cap }),
      ...(m.gas_premium === undefined ? {} : { gasPremium: m.gas_premium }),
      ...(m.nonce === undefined ? {} : { nonce: m.nonce }),
    }
    receipts.push(applyOne(sb, m, i, opts, createdBy))
  }
  return { receipts, state_root: sb.stateRoot().toString() }
}

/** The input's tipset CIDs, the sandbox's default for the epochs it does not list. @rule t8n.env */
function withTipsetCids(given: ReadonlyMap<bigint, CID>): (epoch: bigint) => CID {
  return (epoch) => given.get(epoch) ?? defaultTipsetCid(epoch)
}

function applyOne(sb: Sandbox, m: T8nMessage, i: number, opts: CallOptions, createdBy: Map<number, Address>): T8nReceiptJson {
  if (m.kind === 'evm.create') {
    const predicted = predictCreateExternal(sb, m.from, opts.nonce)
    const d = sb.deploy(m.from, m.bytecode, opts)
    if (d.created !== undefined) {
      const eth = parseAddressInput(d.created.eth)
      if (predicted !== undefined && addressToString(predicted) !== addressToString(eth)) {
        throw new T8nError(`messages[${i}]: the EAM created ${d.created.eth}, not the predicted ${addressToString(predicted)} (a bug in fvm-spec t8n)`)
      }
      createdBy.set(i, eth)
    } else if (predicted !== undefined) createdBy.set(i, predicted)
    return receiptJson(d.receipt, {
      return_data: d.receipt.exitCode === 0 ? '0x' : hex(decodeCborBytes(d.receipt.returnData) ?? new Uint8Array()),
      ...(d.created === undefined ? {} : { created: { id: addressToString(idAddress(d.created.id)), robust: d.created.robust, eth: d.created.eth } }),
    })
  }
  const to = target(m.to, i, createdBy)
  if (m.kind === 'evm.call') {
    const c = sb.call(m.from, to, m.calldata ?? new Uint8Array(), opts)
    return receiptJson(c.receipt, { return_data: hex(c.returnData) })
  }
  return receiptJson(sb.apply({ ...opts, from: m.from, to, method: m.method, ...(m.params === undefined ? {} : { params: m.params }) }))
}

/** `created:N` resolved: the address message N's evm.create gave or would have given. @rule t8n.created */
function target(t: Target, i: number, createdBy: ReadonlyMap<number, Address>): Address {
  if ('address' in t) return t.address
  const a = createdBy.get(t.created)
  if (a === undefined) throw new T8nError(`messages[${i}].to: created:${t.created}: message ${t.created} created no contract, and its sender cannot deploy one (not an account or Ethereum account)`)
  return a
}

/**
 * The f410 address EAM CreateExternal assigns for this sender and nonce (spec/sandbox.md
 * `sandbox.deploy`), computed before the message runs; undefined when the sender cannot deploy.
 *
 * @rule t8n.created
 */
function predictCreateExternal(sb: Sandbox, from: Address, nonce: bigint | undefined): Address | undefined {
  const actor = sb.actor(from)
  if (actor === undefined) return undefined
  const m = sb.machine.manifest
  const n = nonce ?? actor.sequence
  let stable: Uint8Array
  if ((isBuiltin(m, actor.code, 'ethaccount') || isBuiltin(m, actor.code, 'placeholder')) && actor.delegatedAddress?.protocol === Protocol.DELEGATED) {
    stable = actor.delegatedAddress.subaddress
  } else if (isBuiltin(m, actor.code, 'account')) {
    const [key] = asArray(getCbor(sb.tree.store, actor.head), 'account state', 1)
    stable = accountStableAddress(asBytes(key as Ipld, 'account state.address'))
  } else return undefined
  return parseAddressInput(hex(createAddress(stable, n)))
}

/** One receipt; `evm` holds the evm.* fields, which go before the events. */
function receiptJson(r: SandboxReceipt, evm: Pick<T8nReceiptJson, 'return_data' | 'created'> = {}): T8nReceiptJson {
  return {
    exit_code: r.exitCode,
    return: hex(r.returnData),
    gas_used: r.gasUsed,
    ...evm,
    events: r.events.map((e) => ({ emitter: e.emitter, entries: e.entries.map((x) => ({ flags: x.flags, key: x.key, codec: x.codec, value: hex(x.value) })) })),
  }
}

/** The output as JSON text, integers exact. @rule t8n.output */
export function t8nOutputText(o: T8nOutput): string {
  return jsonWithBigInts(o) + '\n'
}

