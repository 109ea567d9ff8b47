/**
 * Test support for the ports of ref-fvm's own integration tests (fvm@v4.8.2:testing/integration):
 * the `Tester` of `testing/integration/src/tester.rs`, rebuilt on fvm-spec, and the WAT test actors
 * of this folder. Not part of the interpreter.
 *
 * The state is what `new_tester` + `create_accounts` + `set_actor_from_bin` make
 * (`tester.rs` L83–121, L125–141, L203–246, `src/builtin.rs`): the system actor with the manifest,
 * the init actor (`next_id` 100, no other address than the accounts'), a burnt-funds account at
 * f099, the EAM at f010 (state: the empty array), accounts f0100, f0101, … with secp256k1 key
 * addresses, 10 000 atto each and sequence 0, and test actors with raw wasm code, the given state,
 * **sequence 1**. The machine is `instantiate_machine` (L260–309): epoch 0, timestamp 0, base fee
 * 100 atto, tracing on, chain id 0; the externs are `DummyExterns` (`src/dummy.rs`): no test depends
 * on their randomness; the tipset CID of an epoch is CIDv1 DAG-CBOR over the identity multihash of
 * its 8 big-endian bytes.
 *
 * What cannot be the same: the built-in actors. ref-fvm's tests run a master build of
 * builtin-actors (v17-ish) registered for nv21; here the manifest is the fvm-spec test bundle's
 * (vectors/test-bundle), whose account constructor and stubs behave as the tests need, or a real
 * mainnet bundle (`code`) where a test needs real actors (EAM, EVM).
 */
import { readFileSync } from 'node:fs'
import { applyMessage, type ApplyOutcome } from '../executor/apply-message.js'
import { createInvoker } from '../invocation/container.js'
import { Engine } from '../invocation/engine.js'
import { encodeCbor, type Ipld } from '../ipld/cbor.js'
import { CID, cidOf, Codec } from '../ipld/cid.js'
import { replayingExterns, type Externs } from '../machine/externs.js'
import type { Machine } from '../machine/machine.js'
import { loadManifest } from '../machine/manifest.js'
import { requireNetworkRules } from '../machine/network-rules.js'
import type { StateTree } from '../state/state-tree.js'
import { addressToBytes, secp256k1AddressFromPayload, type Address } from '../types/address.js'
import { EAM_ACTOR_ID } from '../types/chain.js'
import type { Message } from '../types/message.js'
import { create as createDigest } from 'multiformats/hashes/digest'
import { buildState, type ActorCode } from '../../vectors/builder/state-builder.js'
import { compileWat, testBundle } from '../../vectors/test-bundle/bundle.js'

/** `INITIAL_ACCOUNT_BALANCE` (tester.rs L33–35). */
export const INITIAL_ACCOUNT_BALANCE = 10_000n

export type Applied = Extract<ApplyOutcome, { kind: 'applied' }>

export interface TestActor {
  /** An ID address's actor id (the tests use f010000). */
  readonly id: bigint
  readonly wasm: Uint8Array
  /** The state (put as DAG-CBOR). */
  readonly state: Ipld
  readonly balance: bigint
}

/**
 * Compiles the WAT of a test actor of this folder: `(module <lib.wat> <name>.wat)`, with
 * `{{key}}` replaced by `vars[key]`: bytes written as a WAT string's escapes, a number as is.
 */
export function actorWasm(name: string, vars: Readonly<Record<string, Uint8Array | number>> = {}): Uint8Array {
  const read = (f: string) => readFileSync(new URL(`./actors/${f}.wat`, import.meta.url), 'utf8')
  const text = read(name).replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
    const v = vars[k]
    if (v === undefined) throw new Error(`${name}.wat: no value for {{${k}}}`)
    if (typeof v === 'number') return String(v)
    return [...v].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('')
  })
  return wat(`(module\n${read('lib')}\n${text}\n)`, `${name}.wat`)
}

/** Compiles a WAT module (MVP + bulk memory). */
export const wat = (text: string, file = 'module.wat'): Uint8Array => compileWat(text, file)

/** The secp256k1 key address of the tester's account `i` (ref-fvm derives keys from a seeded RNG; any distinct key addresses do here). */
export const accountAddress = (i: number): Address => secp256k1AddressFromPayload(Uint8Array.from({ length: 20 }, (_, j) => (i * 37 + j * 11 + 1) & 0xff))

/** `DummyExterns::get_tipset_cid` (src/dummy.rs): CIDv1 DAG-CBOR, identity multihash of the epoch's 8 big-endian bytes. */
export function dummyTipsetCid(epoch: bigint): CID {
  const be = new Uint8Array(8)
  new DataView(be.buffer).setBigInt64(0, epoch)
  return CID.createV1(Codec.DAG_CBOR, createDigest(0x00, be))
}

const engine = new Engine()

export class Tester {
  tree: StateTree
  readonly machine: Machine
  /** The accounts' IDs and key addresses, in order (f0100, f0101, …). */
  readonly accounts: readonly { readonly id: bigint; readonly address: Address }[]

  constructor(
    readonly nv: number,
    o: { accounts?: number; actors?: readonly TestActor[]; externs?: Externs; edit?: (tree: StateTree) => StateTree; chainId?: bigint; code?: ActorCode; balance?: bigint } = {},
  ) {
    const accounts = Array.from({ length: o.accounts ?? 1 }, (_, i) => ({ id: 100n + BigInt(i), address: accountAddress(i) }))
    const built = buildState(nv, [
      ...accounts.map((a) => ({ id: a.id, code: 'account', balance: o.balance ?? INITIAL_ACCOUNT_BALANCE, address: a.address })),
      { id: EAM_ACTOR_ID, code: 'eam', balance: 0n },
    ], o.code ?? testBundle(nv).code)
    let tree = built.tree
    for (const a of o.actors ?? []) {
      const code = cidOf(Codec.IPLD_RAW, a.wasm)
      const [head, store] = tree.store.put(code, a.wasm).putCbor(a.state)
      tree = tree.withStore(store).setActor(a.id, { code, head, sequence: 1n, balance: a.balance, delegatedAddress: null })
    }
    if (o.edit !== undefined) tree = o.edit(tree)
    this.tree = tree
    this.accounts = accounts
    const rules = requireNetworkRules(nv)
    const externs = o.externs ?? { ...replayingExterns([]), tipsetCid: dummyTipsetCid }
    this.machine = {
      rules,
      context: { epoch: 0n, timestamp: 0n, baseFee: 100n, circulatingSupply: 0n, chainId: o.chainId ?? 0n },
      manifest: loadManifest(tree, rules.requiredActors),
      tracing: true,
      externs,
      invoker: createInvoker({ engine }),
    }
  }

  /** `execute_message(msg, ApplyKind::Explicit, raw_length)`; the state moves on. Throws unless a receipt was made. */
  execute(msg: Message, rawLength = 100): Applied {
    const out = applyMessage(this.machine, this.tree, msg, rawLength)
    if (out.kind !== 'applied') throw new Error(out.kind === 'not-run' ? out.reason : out.message)
    this.tree = out.tree
    return out
  }

  /** A message as the tests write it (`..Message::default()`: gas fee cap and premium 0, no params). */
  message(o: { from?: Address; to: Address; method: bigint; sequence: bigint; gasLimit?: bigint; value?: bigint; params?: Uint8Array }): Message {
    return {
      version: 0n,
      from: o.from ?? (this.accounts[0] as { address: Address }).address,
      to: o.to,
      sequence: o.sequence,
      value: o.value ?? 0n,
      method: o.method,
      params: o.params ?? new Uint8Array(0),
      gasLimit: o.gasLimit ?? 1_000_000_000n,
      gasFeeCap: 0n,
      gasPremium: 0n,
    }
  }

  balanceOf(a: Address): bigint | undefined {
    const id = this.tree.lookupId(a)
    return id === undefined ? undefined : this.tree.getActor(id)?.balance
  }
}

/** CBOR of a value (the tests' `to_vec`). */
export const cbor = (v: Ipld): Uint8Array => encodeCbor(v)
export const addrBytes = (a: Address): Uint8Array => addressToBytes(a)
