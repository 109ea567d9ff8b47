/**
 * Invoking actor code: the boundary between the call manager and an Invocation Container.
 * The call manager resolves the receiver, charges and transfers value; everything after that
 * (instantiating the actor's WebAssembly and running `invoke`) is the invoker's.
 */
import type { ActorState } from '../types/actor.js'
import type { Block, CallManagerState, InvocationResult, Step } from './call-manager.js'
import { fail } from './call-manager.js'

/**
 * What an invocation runs (v4 `Entrypoint`, `fvm@v4.8.2:fvm/src/call_manager/mod.rs` L212–274):
 * an ordinary `invoke` of a method, or the implicit constructor of an account created by a send
 * (method 1, the same `invoke` export). The two differ only in what is recorded for people: v4
 * records backtrace frames and trace events for `invoke` only. Before v4 every invocation is an
 * `invoke`. (`Upgrade` is not bound in production: no row has it.)
 *
 * @rule call.entrypoint
 */
export type Entrypoint = 'invoke' | 'implicit-constructor'

export interface Invocation {
  readonly entrypoint: Entrypoint
  readonly from: bigint
  readonly to: bigint
  readonly actor: ActorState
  readonly method: bigint
  readonly params: Block | null
  readonly value: bigint
  readonly readOnly: boolean
}

export type ActorInvoker = (s: CallManagerState, call: Invocation) => Step<InvocationResult>

/** Hands the invocation to the machine's engine, or stops when there is none. */
export function invokeActor(s: CallManagerState, call: Invocation): Step<InvocationResult> {
  const invoker = s.machine.invoker
  if (invoker === undefined) {
    const name = s.machine.manifest.byCode(call.actor.code)?.name ?? call.actor.code.toString()
    return fail(s, { kind: 'needs-actor-code', message: `needs actor code (${name} method ${call.method})` })
  }
  return invoker(s, call)
}
