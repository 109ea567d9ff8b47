/**
 * Test support for syscall bodies: a KernelState over a small built state, a scratch memory, and
 * helpers to run a SyscallDef and read its outcome. Not part of the interpreter.
 */
import { isLeft } from 'fp-ts/lib/Either.js'
import { List } from 'immutable'
import type { Block, CallManagerState } from '../../call-manager/call-manager.js'
import { newStateAccess } from '../../call-manager/state-access.js'
import { gasFromWhole } from '../../gas/gas.js'
import { newTracker } from '../../gas/tracker.js'
import { replayingExterns } from '../../machine/externs.js'
import type { Machine } from '../../machine/machine.js'
import { loadManifest } from '../../machine/manifest.js'
import { requireNetworkRules } from '../../machine/network-rules.js'
import type { StateTree } from '../../state/state-tree.js'
import type { NetworkVersion } from '../../types/network-version.js'
import { idAddress, type Address } from '../../types/address.js'
import { buildState, type ActorSpec } from '../../../vectors/builder/state-builder.js'
import type { SyscallArgs, SyscallDef, SyscallOutput } from '../abi.js'
import type { KernelState, KStep } from '../kernel.js'
import { registryOf } from '../block-registry.js'
import { syscallsFor } from '../syscall-table.js'

export interface KernelOptions {
  readonly receiver?: bigint
  readonly caller?: bigint
  readonly readOnly?: boolean
  readonly originAddress?: Address
  readonly nonce?: bigint
  readonly blocks?: readonly Block[]
  readonly gasLimit?: bigint
  /** Changes applied to the built tree before the kernel starts. */
  readonly edit?: (tree: StateTree) => StateTree
}

export function machineFor(nv: NetworkVersion, tree: StateTree): Machine {
  const rules = requireNetworkRules(nv)
  return {
    rules,
    context: { epoch: 1000n, timestamp: 30000n, baseFee: 100n, circulatingSupply: 0n, chainId: 314n },
    manifest: loadManifest(tree, rules.requiredActors),
    tracing: true,
    externs: replayingExterns([]),
    invoker: undefined,
  }
}

/** A kernel for an invocation of `receiver` (default f0100) over a state holding `actors`. */
export function kernelFor(nv: NetworkVersion, actors: readonly ActorSpec[], o: KernelOptions = {}): KernelState {
  const built = buildState(nv, actors)
  const tree = o.edit === undefined ? built.tree : o.edit(built.tree)
  const machine = machineFor(nv, tree)
  const pl = machine.rules.priceList
  const cm: CallManagerState = {
    machine,
    tree,
    gas: newTracker(pl.arithmetic, gasFromWhole(o.gasLimit ?? 10_000_000_000n, pl.arithmetic)),
    depth: 1,
    access: newStateAccess(pl.preloadedActors),
    origin: 100n,
    originAddress: o.originAddress ?? idAddress(100n),
    nonce: o.nonce ?? 0n,
    gasPremium: 0n,
    numActorsCreated: 0n,
    invocationCount: 1,
    trace: List(),
    backtrace: [],
    events: List(),
  }
  return {
    cm,
    frame: { caller: o.caller ?? 100n, receiver: o.receiver ?? 100n, method: 2n, valueReceived: 0n, readOnly: o.readOnly ?? false },
    blocks: registryOf(o.blocks ?? []),
  }
}

/** The def of `module.name` bound at this kernel's version. */
export function def(k: KernelState, module: string, name: string): SyscallDef {
  const d = syscallsFor(k.cm.machine.rules.fvm).find((x) => x.module === module && x.name === name)
  if (d === undefined) throw new Error(`no ${module}.${name} at ${k.cm.machine.rules.fvm}`)
  return d
}

export function call(k: KernelState, module: string, name: string, args: SyscallArgs, memory: Uint8Array = new Uint8Array(4096)): KStep<SyscallOutput> {
  return def(k, module, name).body(k, memory, args)
}

/** Milligas used so far. */
export const used = (k: KernelState): bigint => k.cm.gas.used

/** The value of a successful step (throws otherwise). */
export function value<T>(s: KStep<T>): T {
  if (isLeft(s.result)) throw new Error(`expected success, got ${JSON.stringify(s.result.left)}`)
  return s.result.right
}

/** The error number of a failed step, or the error kind when it is not a syscall error. */
export function errno(s: KStep<unknown>): number | string {
  if (!isLeft(s.result)) throw new Error('expected failure, got success')
  const e = s.result.left
  return e.kind === 'syscall' ? e.errno : e.kind
}

/** Writes bytes into memory at `offset` and returns the memory. */
export function withBytes(memory: Uint8Array, offset: number, bytes: Uint8Array): Uint8Array {
  memory.set(bytes, offset)
  return memory
}

export function u32At(b: Uint8Array, o: number): number {
  return new DataView(b.buffer, b.byteOffset).getUint32(o, true)
}
export function i32At(b: Uint8Array, o: number): number {
  return new DataView(b.buffer, b.byteOffset).getInt32(o, true)
}
export function u64At(b: Uint8Array, o: number): bigint {
  return new DataView(b.buffer, b.byteOffset).getBigUint64(o, true)
}
/** TokenAmount { lo, hi }. */
export function tokenAt(b: Uint8Array, o: number): bigint {
  return u64At(b, o) | (u64At(b, o + 8) << 64n)
}

/** Names of the gas charges recorded in the trace since `from` entries. */
export function chargesSince(k: KernelState, from: number): string[] {
  return k.cm.trace.slice(from).toArray().flatMap((e) => (e.kind === 'gas' ? [e.name] : []))
}
