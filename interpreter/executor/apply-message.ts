/**
 * The Executor: applying one explicit message to a state tree.
 *
 *   preflight → call manager (inclusion charge, top-level send) → receipt → gas settlement
 *
 * `applyMessage` is a pure function from (machine, state tree, message) to the next state tree
 * and a receipt.
 */
import { isLeft } from 'fp-ts/lib/Either.js'
import { gasFromWhole } from '../gas/gas.js'
import { computeGasOutputs, type GasOutputs } from '../gas/outputs.js'
import { newTracker, receiptGasUsed } from '../gas/tracker.js'
import type { Machine } from '../machine/machine.js'
import type { StateTree } from '../state/state-tree.js'
import { BURNT_FUNDS_ACTOR_ID, REWARD_ACTOR_ID } from '../types/chain.js'
import { ErrorNumber } from '../types/error-number.js'
import { ExitCode } from '../types/exit-code.js'
import { checkMessage, type Message } from '../types/message.js'
import type { Receipt } from '../types/receipt.js'
import { EMPTY_BYTES } from '../util/bytes.js'
import { appendTrace, charge, type Block, type CallManagerState, type InvocationResult, type StampedEvent, type Step } from '../call-manager/call-manager.js'
import { HostResourceError, type ExecutionError } from '../call-manager/execution-error.js'
import { newStateAccess } from '../call-manager/state-access.js'
import { fatalErrorGasEvent, type TraceEvent } from '../trace/trace.js'
import { preflight, type ApplyKind } from './preflight.js'

export type { ApplyKind }
import { List } from 'immutable'
import { eventsRoot } from '../kernel/syscalls/event.js'

export type ApplyOutcome =
  | {
      readonly kind: 'applied'
      readonly tree: StateTree
      readonly receipt: Receipt
      /** Null when preflight rejected the message (nothing was settled). */
      readonly gasOutputs: GasOutputs | null
      /** Why the message failed, for people (not part of consensus). */
      readonly failureInfo: string | null
      readonly penalty: bigint
      readonly trace: readonly TraceEvent[]
      /** The events the message emitted (those under `receipt.eventsRoot`), oldest first. */
      readonly events: readonly StampedEvent[]
    }
  /** The message needs actor code this interpreter cannot run here; nothing is reported. */
  | { readonly kind: 'not-run'; readonly reason: string }
  /** ref-fvm's execute_message would return Err (no receipt): an invalid message or a broken state. */
  | { readonly kind: 'error'; readonly message: string }


/**
 * Applies an explicit message.
 *
 * @rule exec.apply-message
 */
export function applyMessage(machine: Machine, tree: StateTree, msg: Message, rawLength: number, kind: ApplyKind = 'explicit'): ApplyOutcome {
  // @rule exec.message-check
  const invalid = checkMessage(msg, machine.rules.messageCodec)
  if (invalid !== undefined) return { kind: 'error', message: invalid }

  const pre = preflight(machine, tree, msg, rawLength, kind)
  if (pre.kind === 'rejected') {
    // @rule exec.prevalidation-failure
    return {
      kind: 'applied',
      tree,
      receipt: { exitCode: pre.exitCode, returnData: EMPTY_BYTES, gasUsed: 0n, eventsRoot: null },
      gasOutputs: null,
      failureInfo: `pre-validation failed: ${pre.message}`,
      penalty: pre.penalty,
      trace: [],
      events: [],
    }
  }

  const start = startCallManager(machine, pre.tree, msg, pre.senderId)
  const params: Block | null = msg.params.length === 0 ? null : { codec: machine.rules.paramsCodec(msg.method), data: msg.params }
  const charged = charge(start, pre.inclusionCost)
  if (isLeft(charged.result)) return { kind: 'error', message: 'inclusion cost exceeds the gas limit after preflight' }
  const sendArgs = { from: pre.senderId, to: msg.to, method: msg.method, params, value: msg.value, readOnly: false }
  // nv17 wraps it in a transaction of the executor's and charges the return value there (`rules.send`).
  const step: Step<InvocationResult> = machine.rules.send.sendTopLevel(charged.state, sendArgs)

  if (isLeft(step.result) && step.result.left.kind === 'needs-actor-code') {
    return { kind: 'not-run', reason: step.result.left.message }
  }
  // @rule invocation.host-stack
  if (isLeft(step.result) && step.result.left.kind === 'host') throw new HostResourceError(step.result.left.message)

  const used = receiptGasUsed(step.state.gas)
  const { receipt, failureInfo: why } = toReceipt(step, used, msg.gasLimit)
  const failureInfo = why === null ? null : withBacktrace(why, step.state.backtrace)
  // @rule syscall.event-stamped
  const withEvents = { ...receipt, eventsRoot: eventsRoot(step.state.events) }
  // A fatal error uses the whole gas limit: the trace accounts for the rest (trace.gas-accounts).
  const traced = receipt.gasUsed === used ? step.state : appendTrace(step.state, fatalErrorGasEvent(gasFromWhole(receipt.gasUsed) - step.state.gas.used))
  if (kind === 'implicit') {
    // @rule exec.implicit-message
    return { kind: 'applied', tree: step.state.tree, receipt: withEvents, gasOutputs: null, failureInfo, penalty: 0n, trace: traced.trace.toArray(), events: step.state.events.toArray() }
  }
  return settle(machine, step.state.tree, msg, pre.senderId, pre.gasCost, withEvents, failureInfo, traced.trace.toArray(), step.state.events.toArray())
}

/**
 * The call manager at the start of a message. At nv18 the state-access tracker starts with the
 * preloaded actors, the origin as updated and the receiver as read (`rules.send.initialAccess`).
 *
 * @rule call.state-access-init
 */
function startCallManager(machine: Machine, tree: StateTree, msg: Message, senderId: bigint): CallManagerState {
  const pl = machine.rules.priceList
  const access = machine.rules.send.initialAccess(newStateAccess(pl.preloadedActors), tree, msg.from, senderId, msg.to)
  return {
    machine,
    tree,
    gas: newTracker(pl.arithmetic, gasFromWhole(msg.gasLimit, pl.arithmetic)),
    depth: 0,
    access,
    origin: senderId,
    originAddress: msg.from,
    nonce: msg.sequence,
    gasPremium: effectivePremium(msg.gasPremium, msg.gasFeeCap, machine.context.baseFee),
    numActorsCreated: 0n,
    invocationCount: 0,
    trace: List(),
    backtrace: [],
    events: List(),
  }
}

/** The failure reason followed by the failed calls, innermost first. @rule call.backtrace */
function withBacktrace(why: string, frames: CallManagerState['backtrace']): string {
  if (frames.length === 0) return why
  return `${why}; backtrace: ${frames.map((f) => `f0${f.source} method ${f.method} exited ${f.code} (${f.message})`).join(' <- ')}`
}

/** The premium actors see: min(premium, fee_cap − base_fee), at least 0. @rule exec.effective-premium */
function effectivePremium(premium: bigint, feeCap: bigint, baseFee: bigint): bigint {
  const capped = premium < feeCap - baseFee ? premium : feeCap - baseFee
  return capped < 0n ? 0n : capped
}

/**
 * How the outcome of the top-level send becomes a receipt.
 *
 * @rule exec.receipt-from-result
 * @rule exec.top-level-syscall-error
 */
function toReceipt(step: Step<InvocationResult>, gasUsed: bigint, gasLimit: bigint): { receipt: Receipt; failureInfo: string | null } {
  const r = step.result
  if (!isLeft(r)) {
    const { exitCode, value } = r.right
    // nv17: a failed message's receipt carries no return data.
    const dropped = !step.state.machine.rules.exitCarriesReturnBlock && exitCode !== ExitCode.OK
    const returnData = value === null || dropped ? EMPTY_BYTES : value.data
    return {
      receipt: { exitCode, returnData, gasUsed, eventsRoot: null },
      failureInfo: exitCode === ExitCode.OK ? null : `actor exited with ${exitCode}`,
    }
  }
  const e: ExecutionError = r.left
  switch (e.kind) {
    case 'out-of-gas':
      return { receipt: { exitCode: ExitCode.SYS_OUT_OF_GAS, returnData: EMPTY_BYTES, gasUsed, eventsRoot: null }, failureInfo: 'out of gas' }
    case 'syscall': {
      const exitCode =
        e.errno === ErrorNumber.InsufficientFunds
          ? ExitCode.SYS_INSUFFICIENT_FUNDS
          : e.errno === ErrorNumber.NotFound
            ? ExitCode.SYS_INVALID_RECEIVER
            : ExitCode.SYS_ASSERTION_FAILED
      return { receipt: { exitCode, returnData: EMPTY_BYTES, gasUsed, eventsRoot: null }, failureInfo: `send failed: ${e.message} (errno ${e.errno})` }
    }
    case 'host':
      throw new HostResourceError(e.message)
    case 'fatal':
    case 'needs-actor-code':
      // @rule exec.fatal-error
      return { receipt: { exitCode: ExitCode.SYS_ASSERTION_FAILED, returnData: EMPTY_BYTES, gasUsed: gasLimit, eventsRoot: null }, failureInfo: `fatal: ${e.message}` }
  }
}

/**
 * Gas settlement: burn the base fee, pay the tip, burn the over-estimation, refund the rest,
 * in that order, skipping zero amounts. The deposits add up to the escrow (checked below), which
 * is what makes a message conserve the total balance.
 *
 * @rule exec.settlement
 * @rule inv.conservation
 */
function settle(
  machine: Machine,
  tree: StateTree,
  msg: Message,
  senderId: bigint,
  gasCost: bigint,
  receipt: Receipt,
  failureInfo: string | null,
  trace: readonly TraceEvent[],
  events: readonly StampedEvent[],
): ApplyOutcome {
  const outputs = computeGasOutputs({
    gasUsed: receipt.gasUsed,
    gasLimit: msg.gasLimit,
    baseFee: machine.context.baseFee,
    feeCap: msg.gasFeeCap,
    premium: msg.gasPremium,
  })
  let t = tree
  const deposits: readonly (readonly [bigint, bigint])[] = [
    [BURNT_FUNDS_ACTOR_ID, outputs.baseFeeBurn],
    [REWARD_ACTOR_ID, outputs.minerTip],
    [BURNT_FUNDS_ACTOR_ID, outputs.overEstimationBurn],
    [senderId, outputs.refund],
  ]
  for (const [id, amount] of deposits) {
    if (amount < 0n) return { kind: 'error', message: `attempted to transfer negative value ${amount} into actor ${id}` }
    if (amount === 0n) continue
    const next = t.mutateActor(id, (a) => ({ ...a, balance: a.balance + amount }))
    if (next === undefined) return { kind: 'error', message: `failed to lookup actor ${id} for gas settlement` }
    t = next
  }
  if (outputs.baseFeeBurn + outputs.overEstimationBurn + outputs.refund + outputs.minerTip !== gasCost) {
    return { kind: 'error', message: 'Gas handling math is wrong' }
  }
  return { kind: 'applied', tree: t, receipt, gasOutputs: outputs, failureInfo, penalty: outputs.minerPenalty, trace, events }
}

