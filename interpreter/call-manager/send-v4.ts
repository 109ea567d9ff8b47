/**
 * The send pipeline of ref-fvm v4 (nv21–nv28): `call_actor`. It no longer opens a transaction:
 * its callers do (the kernel's send syscall and the executor wrap it in `with_transaction`). The
 * depth check moves inside the pushed gas limit, which is popped on every path, the depth failure
 * included. Below it, resolution, auto-creation, transfer and invocation are v3's (the v4
 * functions `call_actor_unchecked` and `call_actor_resolved` are v3's `send_unchecked` and
 * `send_resolved` with an `Entrypoint` instead of a method number; the invocation charge gains a
 * term per params link, which the price list and the block carry).
 *
 * Source: fvm@v4.8.2 `fvm/src/call_manager/default.rs` (call_actor L172–243, with_transaction
 * L245–263, resolve_address … transfer L423–515 byte-identical in logic to v3, create_*_from_send
 * L539–606, call_actor_unchecked L610–653, call_actor_resolved L656–926, with_stack_frame
 * L940–959), `fvm/src/kernel/default.rs` L155–166 (send), `fvm/src/executor/default.rs` L144–156.
 */
import { pushLimit } from '../gas/tracker.js'
import type { CallManagerState, InvocationResult, Step } from './call-manager.js'
import { depthExceeded, depthLimitExceeded, endNestedCall, send, withTransaction, type SendArgs, type SendPipeline } from './send.js'
import { SEND_V3, sendUncheckedV3 } from './send-v3.js'

/**
 * `call_actor`: push the call's gas limit; the depth check and, when it passes, the call one frame
 * deeper (`with_stack_frame`); pop the limit whatever happened; an out-of-gas that leaves gas
 * available came from this call's own limit and is exit 7 for the caller. No transaction here.
 *
 * @rule call.call-actor-v4
 * @rule call.depth-limit
 * @rule gas.nested-limits
 */
function callActorV4(s: CallManagerState, args: SendArgs): Step<InvocationResult> {
  const limit = args.gasLimit ?? null
  const s0 = limit === null ? s : { ...s, gas: pushLimit(s.gas, limit) }
  const step: Step<InvocationResult> = depthExceeded(s0) ? depthLimitExceeded(s0) : sendUncheckedV3({ ...s0, depth: s0.depth + 1 }, args)
  // Popped on every path, the failed depth check included.
  return endNestedCall(step, s.depth, limit)
}

/**
 * The callers' transaction (`CallManager::with_transaction`): the kernel's send syscall and the
 * executor's top-level send both run `call_actor` inside one. It reverts the state tree, the
 * events and the state-access tracker when the call failed or exited non-zero; it decides on what
 * `call_actor` returned, so an out-of-gas under a child limit (exit 7 by then) reverts as in v3.
 *
 * @rule call.transaction
 */
function inTransaction(s: CallManagerState, args: SendArgs): Step<InvocationResult> {
  return withTransaction(s, true, (s1) => send(s1, args))
}

export const SEND_V4: SendPipeline = {
  module: 'send-v4',
  rule: 'call.call-actor-v4',
  nestedGasLimits: true,
  send: callActorV4,
  sendFromActor: inTransaction,
  sendTopLevel: inTransaction,
  // `transfer` differs only in `deduct_funds`/`deposit_funds(..).or_fatal()`, unreachable after
  // the negative-value and balance checks (call_manager/default.rs L479–515).
  transfer: SEND_V3.transfer,
  // `CallManager::new` records the same accesses as v3 (call_manager/default.rs L104–166).
  initialAccess: SEND_V3.initialAccess,
  // create_account_actor_from_send calls the constructor as Entrypoint::ImplicitConstructor (L588–595).
  accountConstructor: 'implicit-constructor',
}
