/**
 * The sandbox's policy for a message whose calls nest deeper than this thread's JavaScript stack
 * holds. The interpreter reports it (`invocation.host-stack`: `applyMessage` throws
 * `HostResourceError`, there is no receipt); the sandbox turns it into a `SandboxError` with
 * advice and keeps the state it had. Each nested EVM call takes about 5 KB of host stack (measured
 * at nv18: the default Node.js stack of 984 KB holds 187 levels, `--stack-size=4000` 781,
 * `--stack-size=8000` all 1024 the FVM allows).
 *
 * @rule sandbox.host-stack
 */
import { HostResourceError, isHostStackExhaustion } from '../../interpreter/call-manager/execution-error.js'

/** What to do about it. */
export const HOST_STACK_ADVICE =
  'give the thread a larger stack: node --stack-size=8000 (the main thread; stay under the OS stack limit, `ulimit -s`), or a worker with resourceLimits.stackSizeMb ≥ 16 (see docs/sandbox.md); fvm-spec t8n and the other commands run in such a worker'

/**
 * The message for `e` if it is the host stack running out (reported by the interpreter, or, outside
 * any invocation, the JavaScript engine's own RangeError); undefined otherwise.
 *
 * @rule sandbox.host-stack
 */
export function hostStackRefusal(e: unknown): string | undefined {
  if (e instanceof HostResourceError) return `${e.message}; the message has no receipt here and the sandbox is unchanged: ${HOST_STACK_ADVICE}`
  if (isHostStackExhaustion(e)) return `the host stack ran out while applying the message, so it has no receipt here and the sandbox is unchanged: ${HOST_STACK_ADVICE}`
  return undefined
}
