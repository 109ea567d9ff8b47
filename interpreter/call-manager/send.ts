/**
 * Sending a message from one actor to another: depth check, transaction, receiver resolution
 * (with auto-creation), value transfer, and invocation of the receiver's code.
 *
 * The pipeline differs between ref-fvm releases in where gas is charged and what a transaction
 * covers. Each release writes its pipeline in its own module implementing `SendPipeline`
 * (`send-v2.ts` for nv17, `send-v3.ts` for nv18–nv20), and a network version's row names the one
 * it uses (`NetworkRules.send`). What the pipelines share is here.
 */
import { isLeft } from 'fp-ts/lib/Either.js'
import { gasAvailable, popLimit } from '../gas/tracker.js'
import { EMPTY_ARRAY_CID } from '../types/state-root.js'
import { addressToBytes, addressToString, type Address } from '../types/address.js'
import type { TraceEvent } from '../trace/trace.js'
import { ErrorNumber } from '../types/error-number.js'
import { ExitCode } from '../types/exit-code.js'
import type { ActorState } from '../types/actor.js'
import type { StateTree } from '../state/state-tree.js'
import { appendTrace, fail, ok, type Block, type CallManagerState, type InvocationResult, type Step } from './call-manager.js'
import { syscallError } from './execution-error.js'
import type { StateAccess } from './state-access.js'
import type { Entrypoint } from './invoke.js'

export interface SendArgs {
  readonly from: bigint
  readonly to: Address
  readonly method: bigint
  readonly params: Block | null
  readonly value: bigint
  readonly readOnly: boolean
  /** nv18: a gas limit for this call in milligas (pushed on the tracker), or null for none. */
  readonly gasLimit?: bigint | null
  /** What the invocation runs; `invoke` unless said otherwise (`call.entrypoint`). */
  readonly entrypoint?: Entrypoint
}

/**
 * One ref-fvm release's send pipeline and the transitions that go with it: how a send is
 * charged and what its transaction covers, how the kernel and the executor wrap it, how value
 * moves, and the state-access tracker a message starts with.
 */
export interface SendPipeline {
  /** The module that defines it (its file name, e.g. `send-v3`): how `fvm-spec rules --diff` names it. */
  readonly module: string
  /** The spec rule this pipeline states (`call.send-v2`, `call.send-v3`). */
  readonly rule: string
  /** Whether a send can carry its own gas limit (`gas.nested-limits`). */
  readonly nestedGasLimits: boolean
  /** The pipeline itself (without the trace events `send` adds around it). */
  readonly send: (s: CallManagerState, args: SendArgs) => Step<InvocationResult>
  /** A send an actor makes through the kernel (`syscall.send`). */
  readonly sendFromActor: (s: CallManagerState, args: SendArgs) => Step<InvocationResult>
  /** The top-level send of an explicit or implicit message (`exec.apply-message`). */
  readonly sendTopLevel: (s: CallManagerState, args: SendArgs) => Step<InvocationResult>
  /** Moves value between actors (`call.transfer`). */
  readonly transfer: (s: CallManagerState, from: bigint, to: bigint, value: bigint) => Step<void>
  /** The state-access tracker at the start of a message (`call.state-access-init`). */
  readonly initialAccess: (access: StateAccess, tree: StateTree, from: Address, senderId: bigint, to: Address) => StateAccess
  /** How an auto-created account's constructor is invoked (`call.entrypoint`, `call.auto-create-account`). */
  readonly accountConstructor: Entrypoint
}

export const METHOD_SEND = 0n
export const METHOD_CONSTRUCTOR = 1n

/** Sends, following the network version's pipeline (`rules.send`), and records the call in the trace. @rule trace.events */
export function send(s: CallManagerState, args: SendArgs): Step<InvocationResult> {
  const s0 = appendTrace(s, { kind: 'call', from: args.from, to: addressToString(args.to), method: args.method, value: args.value })
  const step = s0.machine.rules.send.send(s0, args)
  if (!step.state.machine.tracing) return step
  const r = step.result
  const ended: TraceEvent = isLeft(r)
    ? { kind: 'call-error', error: r.left.kind === 'syscall' ? `errno ${r.left.errno}` : r.left.kind, message: 'message' in r.left ? r.left.message : '' }
    : { kind: 'return', exitCode: r.right.exitCode, returnData: r.right.value?.data ?? new Uint8Array(0) }
  return { state: appendTrace(step.state, ended), result: r }
}

/** A transaction succeeds when the send returned an exit code of 0. @rule call.transaction */
function reverts(step: Step<InvocationResult>): boolean {
  return isLeft(step.result) || step.result.right.exitCode !== ExitCode.OK
}

/**
 * Runs `f` in a transaction: when it fails or exits non-zero, the state tree goes back to what it
 * was before (and, when `alsoAccess`, the nv18 state-access tracker), and so do the events. Gas, the trace and the
 * created-actor counter are never rolled back.
 *
 * Upholds inv.rollback: a failed send leaves state tree, events and tracker as before it.
 *
 * @rule call.transaction
 * @rule inv.rollback
 */
export function withTransaction(
  s: CallManagerState,
  alsoAccess: boolean,
  f: (s: CallManagerState) => Step<InvocationResult>,
): Step<InvocationResult> {
  const step = f(s)
  if (!reverts(step) || s.machine.faults?.skipRollback === true) return step
  // Events emitted inside a reverted transaction are dropped (only nv18 emits any). @rule syscall.event-rollback
  // The actors go back to what they were, but blocks written in the meantime stay in the
  // blockstore (as in ref-fvm's buffered store): the old tree reads from the newer store.
  const tree = s.tree.withStore(step.state.tree.store)
  return { state: { ...step.state, tree, access: alsoAccess ? s.access : step.state.access, events: s.events }, result: step.result }
}

/** The depth-limit failure of a send. @rule call.depth-limit */
export function depthLimitExceeded<T>(s: CallManagerState): Step<T> {
  return fail(s, syscallError(ErrorNumber.LimitExceeded, 'message execution exceeds call depth'))
}

/**
 * The end of a send that pushed `limit` (v3, v4): back at the caller's depth `depth`, pop the
 * limit (none pushed: a fatal error), and turn an out-of-gas that leaves gas available — it came
 * from this call's own limit — into exit 7 for the caller.
 *
 * @rule gas.nested-limits
 */
export function endNestedCall(step: Step<InvocationResult>, depth: number, limit: bigint | null): Step<InvocationResult> {
  let state: CallManagerState = { ...step.state, depth }
  if (limit !== null) {
    const popped = popLimit(state.gas)
    if (isLeft(popped)) return fail(state, { kind: 'fatal', message: 'gas limit stack is empty' })
    state = { ...state, gas: popped.right }
  }
  if (isLeft(step.result) && step.result.left.kind === 'out-of-gas' && gasAvailable(state.gas) !== 0n) {
    return ok(state, { exitCode: ExitCode.SYS_OUT_OF_GAS, value: null })
  }
  return { state, result: step.result }
}

/** Depth check, as each version compares it. @rule call.depth-limit */
export function depthExceeded(s: CallManagerState): boolean {
  const { maxCallDepth, depthCheck } = s.machine.rules
  return depthCheck === 'depth > max' ? s.depth > maxCallDepth : s.depth >= maxCallDepth
}

/** Extra value a transfer deposits under the mint-on-transfer fault (machine.faults); 0 normally. */
export function minted(s: CallManagerState): bigint {
  return s.machine.faults?.mintOnTransfer ?? 0n
}

/** The checks every release makes before moving funds, in their order. @rule call.transfer */
export function checkTransfer(s: CallManagerState, from: bigint, to: bigint, value: bigint, fromActor: ActorState | undefined): Step<void> | undefined {
  if (value < 0n) return fail(s, syscallError(ErrorNumber.IllegalArgument, `attempted to transfer negative transfer value ${value}`))
  if (fromActor === undefined) return fail(s, syscallError(ErrorNumber.InsufficientFunds, `insufficient funds to transfer ${value} from ${from} to ${to}`))
  if (fromActor.balance < value) {
    return fail(s, syscallError(ErrorNumber.InsufficientFunds, `sender does not have funds to transfer (balance ${fromActor.balance}, transfer ${value})`))
  }
  return undefined
}

/** A new actor as the kernel creates it: empty state, sequence 0, balance 0. @rule state.new-actor */
export function emptyActor(code: ActorState['code'], delegatedAddress: Address | null): ActorState {
  return { code, head: EMPTY_ARRAY_CID, sequence: 0n, balance: 0n, delegatedAddress }
}

/** An address as hex, for error messages. */
export function describe(a: Address): string {
  return Buffer.from(addressToBytes(a)).toString('hex')
}
