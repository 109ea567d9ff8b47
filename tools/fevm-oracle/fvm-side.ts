/**
 * The Filecoin side of the oracle: fvm-spec running the real built-in EVM actor through the
 * sandbox (tools/sandbox, API in docs/sandbox.md). EOAs are f410 (eth) accounts;
 * deployments go through the EAM (CreateExternal), calls through InvokeContract.
 *
 * Events: the EVM actor emits LOGn as an actor event whose entries are `t1`..`t4` (the 32-byte
 * topics) and `d` (the data, omitted when empty), each with flags FLAG_INDEXED_ALL (0b11) and
 * codec IPLD_RAW (0x55) (builtin-actors `actors/evm/src/interpreter/instructions/log_event.rs`,
 * v10.0.0 through v18.0.0). They are turned back into logs here; an entry that does not have
 * that shape is kept visible (as a `0x…` marker topic) so the comparison reports it.
 */
import { Sandbox, type SandboxEvent, type SandboxReceipt, kamtEntries } from '../sandbox/index.js'
import type { ChainContext, Hex, Log, Outcome, Side } from './side.js'

/** The sandbox (tools/sandbox) as the oracle uses it. */
export type { SandboxEvent, SandboxReceipt } from '../sandbox/index.js'

/** The block gas limit: every oracle message may use all of it. */
export const FVM_GAS_LIMIT = 10_000_000_000n
/** EVM actor exit code for REVERT (builtin-actors actors/evm/src/lib.rs EVM_CONTRACT_REVERTED). */
export const EVM_CONTRACT_REVERTED = 33
export const FLAG_INDEXED_ALL = 0b11n
export const IPLD_RAW = 0x55n
const TOPIC_KEYS = ['t1', 't2', 't3', 't4']

function hexOf(b: Uint8Array): Hex {
  return `0x${Buffer.from(b).toString('hex')}`
}

/** Turn one EVM actor event back into an Ethereum log (see the module comment). */
export function eventToLog(ev: SandboxEvent, emitter: Hex): Log {
  const topics: Hex[] = []
  let data: Uint8Array = new Uint8Array(0)
  let expect = 0
  for (const e of ev.entries) {
    const shapeOk = BigInt(e.flags) === FLAG_INDEXED_ALL && BigInt(e.codec) === IPLD_RAW
    if (e.key === TOPIC_KEYS[expect] && shapeOk && e.value.length === 32) {
      topics.push(hexOf(e.value))
      expect++
    } else if (e.key === 'd' && shapeOk && e.value.length > 0) {
      data = e.value
      expect = TOPIC_KEYS.length + 1
    } else {
      topics.push(`0x${Buffer.from(`bad-entry:${e.key}:${e.flags}:${e.codec}`).toString('hex')}`)
    }
  }
  return { address: emitter, topics, data }
}

export class FvmSide implements Side {
  readonly name = 'fvm-spec'
  private readonly emitters = new Map<bigint, Hex>()

  constructor(readonly sb: Sandbox) {}

  static async create(bundles: string, ctx: ChainContext): Promise<FvmSide> {
    const sb = await Sandbox.create({
      nv: ctx.nv,
      bundles,
      epoch: ctx.epoch,
      timestamp: ctx.timestamp,
      baseFee: ctx.baseFee,
      chainId: ctx.chainId,
    })
    return new FvmSide(sb)
  }

  private emitterAddress(id: bigint): Hex {
    const known = this.emitters.get(id)
    if (known !== undefined) return known
    const d = this.sb.actor(`f0${id}`)?.delegatedAddress
    const a: Hex =
      d !== null && d !== undefined && d.protocol === 4 && d.namespace === 10n && d.subaddress.length === 20
        ? hexOf(d.subaddress)
        : `0x${'f0'.padEnd(24, '0')}${id.toString(16).padStart(16, '0')}` // masked ID address
    this.emitters.set(id, a)
    return a
  }

  private logsOf(r: SandboxReceipt): Log[] {
    if (r.exitCode !== 0) return []
    return r.events.map((ev) => eventToLog(ev, this.emitterAddress(ev.emitter)))
  }

  async fund(addr: Hex, amount: bigint): Promise<void> {
    this.sb.fund(addr, amount)
  }

  async deploy(from: Hex, initCode: Uint8Array, value: bigint): Promise<Outcome> {
    const { receipt, created } = this.sb.deploy(from, initCode, { value, gasLimit: FVM_GAS_LIMIT })
    const ok = receipt.exitCode === 0
    const eth = created?.eth?.toLowerCase()
    return {
      success: ok,
      returnData: ok ? new Uint8Array(0) : receipt.exitCode === EVM_CONTRACT_REVERTED ? receipt.returnData : new Uint8Array(0),
      logs: this.logsOf(receipt),
      ...(ok && eth !== undefined ? { created: eth as Hex } : {}),
      exitCode: receipt.exitCode,
    }
  }

  async call(from: Hex, to: Hex, data: Uint8Array, value: bigint): Promise<Outcome> {
    const { receipt, returnData } = this.sb.call(from, to, data, { value, gasLimit: FVM_GAS_LIMIT })
    const ok = receipt.exitCode === 0
    return {
      success: ok,
      returnData: ok || receipt.exitCode === EVM_CONTRACT_REVERTED ? returnData : new Uint8Array(0),
      logs: this.logsOf(receipt),
      exitCode: receipt.exitCode,
    }
  }

  async storage(addr: Hex, slot: bigint): Promise<bigint> {
    try {
      return this.sb.evmStorage(addr, slot)
    } catch {
      return -1n // not an EVM actor here: shows up as a difference
    }
  }

  /** Every slot in an EVM actor's storage KAMT (empty when it is not an EVM actor). */
  async storageSlots(addr: Hex): Promise<Map<bigint, bigint>> {
    const out = new Map<bigint, bigint>()
    let root
    try {
      root = this.sb.evmState(addr).contractState
    } catch {
      return out
    }
    for (const [k, v] of kamtEntries(this.sb.tree.store, root)) {
      if (!(v instanceof Uint8Array)) throw new Error(`EVM storage value of ${addr} is not bytes`)
      // Keys and values are U256s in the actor's minimal big-endian byte form (empty for 0).
      out.set(k.length === 0 ? 0n : BigInt(hexOf(k)), v.length === 0 ? 0n : BigInt(hexOf(v)))
    }
    return out
  }

  async balance(addr: Hex): Promise<bigint> {
    return this.sb.balance(addr)
  }

  async code(addr: Hex): Promise<Uint8Array> {
    try {
      return this.sb.evmBytecode(addr)
    } catch {
      return new Uint8Array(0)
    }
  }
}
