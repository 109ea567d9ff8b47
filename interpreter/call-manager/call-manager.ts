/**
 * The call manager's state during one message, and the small transitions every send is made of.
 *
 * `CallManagerState` is an immutable value. A transition takes a state and returns a `Step`:
 * the next state and either a result or an ExecutionError. The state is returned on failure too,
 * because gas charged before a failure stays charged. Rolling back a transaction means putting
 * the state tree (and at nv18 the state-access tracker) of the earlier value back in place.
 */
import type { Either } from 'fp-ts/lib/Either.js'
import { isLeft, left, right } from 'fp-ts/lib/Either.js'
import type { GasCharge } from '../gas/charge.js'
import type { CID } from '../ipld/cid.js'
import { charge as chargeTracker, type GasTracker } from '../gas/tracker.js'
import type { StateTree } from '../state/state-tree.js'
import type { Address } from '../types/address.js'
import type { Machine } from '../machine/machine.js'
import { OUT_OF_GAS, type ExecutionError } from './execution-error.js'
import type { StateAccess } from './state-access.js'
import { outOfGasEvent, type TraceEvent } from '../trace/trace.js'
import type { List } from 'immutable'

/** One entry of an actor event (fvm_shared `event::Entry`). @rule syscall.event-stamped */
export interface EventEntry {
  readonly flags: bigint
  readonly key: string
  readonly codec: bigint
  readonly value: Uint8Array
}

/** An actor event stamped with the emitter's ID (fvm_shared `StampedEvent`). @rule syscall.event-stamped */
export interface StampedEvent {
  readonly emitter: bigint
  readonly entries: readonly EventEntry[]
}

/**
 * A block passed to or returned from an actor: codec and bytes, and from v4 (FIP-0071) the CIDs it
 * links to, found when it was created or opened (`fvm@v4.8.2:fvm/src/kernel/blocks.rs` L35–41).
 * Absent means none: every block before v4, and the top-level params (`executor/default.rs`
 * L122–142).
 */
export interface Block {
  readonly codec: number
  readonly data: Uint8Array
  readonly links?: readonly CID[]
}

/** How many links a block carries (0 before v4). */
export function linkCount(b: Block | null): bigint {
  return BigInt(b?.links?.length ?? 0)
}

/** The outcome of a send that did not fail with an ExecutionError. */
export interface InvocationResult {
  readonly exitCode: number
  readonly value: Block | null
}

/** One failed call in a message's backtrace. @rule call.backtrace */
export interface BacktraceFrame {
  readonly source: bigint
  readonly method: bigint
  readonly code: number
  readonly message: string
}

export interface CallManagerState {
  readonly machine: Machine
  readonly tree: StateTree
  readonly gas: GasTracker
  /** Number of sends on the stack. */
  readonly depth: number
  /** nv18 state-access tracker (unused at nv17). */
  readonly access: StateAccess
  readonly origin: bigint
  readonly originAddress: Address
  readonly nonce: bigint
  /** nv18: min(premium, fee_cap − base_fee), at least 0; what vm.message_context reports. */
  readonly gasPremium: bigint
  /** Actors created so far in this message (never rolled back). */
  readonly numActorsCreated: bigint
  readonly invocationCount: number
  /** Execution trace, newest last (never rolled back). */
  readonly trace: List<TraceEvent>
  /** Frames of the calls that failed, innermost first (never rolled back; for people, not consensus). */
  readonly backtrace: readonly BacktraceFrame[]
  /** nv18 events emitted so far, oldest first; a reverted transaction drops its own. */
  readonly events: List<StampedEvent>
}

export interface Step<T> {
  readonly state: CallManagerState
  readonly result: Either<ExecutionError, T>
}

export const ok = <T>(state: CallManagerState, value: T): Step<T> => ({ state, result: right(value) })
export const fail = <T>(state: CallManagerState, error: ExecutionError): Step<T> => ({ state, result: left(error) })

/**
 * Charges gas (nothing when the price list has no such charge). On out of gas the tracker is pinned at its limit and the step fails.
 *
 * @rule gas.tracker-charge
 * @rule trace.out-of-gas-point
 */
export function charge(s: CallManagerState, charged: GasCharge | undefined): Step<void> {
  const c = applyChargeFaults(s, charged)
  if (c === undefined) return ok(s, undefined)
  const r = chargeTracker(s.gas, c)
  // The charge that does not fit is traced as the part actually charged (trace.out-of-gas-point).
  if (isLeft(r)) return fail({ ...appendTrace(s, outOfGasEvent(c, r.left.tracker.used - s.gas.used)), gas: r.left.tracker }, OUT_OF_GAS)
  return ok({ ...appendTrace(s, { kind: 'gas', name: c.name, compute: c.compute, other: c.other }), gas: r.right }, undefined)
}

/** The deliberate faults that alter a charge (machine.faults); identity in normal use. */
function applyChargeFaults(s: CallManagerState, c: GasCharge | undefined): GasCharge | undefined {
  const f = s.machine.faults
  if (f === undefined || c === undefined) return c
  if (f.dropCharge === c.name) return undefined
  if (f.doubleCharge === c.name) return { ...c, compute: c.compute * 2n, other: c.other * 2n }
  return c
}

/** Sequencing: runs `f` on the value of a successful step. */
export function then<A, B>(step: Step<A>, f: (s: CallManagerState, a: A) => Step<B>): Step<B> {
  return isLeft(step.result) ? (step as unknown as Step<B>) : f(step.state, step.result.right)
}

export function appendTrace(s: CallManagerState, e: TraceEvent): CallManagerState {
  return s.machine.tracing ? { ...s, trace: s.trace.push(e) } : s
}
