/**
 * Invoking actor code: the boundary between the call manager and an Invocation Container.
 * The call manager resolves the receiver, charges and transfers value; everything after that
 * (instantiating the actor's WebAssembly and running `invoke`) is the invoker's.
 */
import type { ActorState } from '../types/actor.js'
import type { Block, CallManagerState, InvocationResult, Step } from './call-manager.js'
import { fail } from './call-manager.js'

export interface Invocation {
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
