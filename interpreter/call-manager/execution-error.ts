/**
 * What can go wrong while a message executes, as ref-fvm classifies it.
 *
 * - `syscall`: a recoverable error with an error number; inside an actor it is returned as an
 *   errno, at the top level it becomes an exit code (rule exec.top-level-syscall-error).
 * - `out-of-gas`: unwinds every frame; exit 7.
 * - `fatal`: a broken invariant of the machine; exit 10 and gas_used = gas_limit.
 * - `needs-actor-code`: not an FVM outcome. This interpreter was asked to run actor WebAssembly
 *   it has no engine for; it unwinds like a fatal error and the message is reported as not run.
 * - `host`: not an FVM outcome either. The host ran out of a resource the FVM does not meter
 *   (the JavaScript stack: `invocation.host-stack`); it unwinds like a fatal error and applying
 *   the message throws `HostResourceError`: there is no receipt to give.
 *
 * @rule exec.execution-errors
 */
export type ExecutionError =
  | { readonly kind: 'syscall'; readonly errno: number; readonly message: string }
  | { readonly kind: 'out-of-gas' }
  | { readonly kind: 'fatal'; readonly message: string }
  | { readonly kind: 'needs-actor-code'; readonly message: string }
  | { readonly kind: 'host'; readonly message: string }

export const syscallError = (errno: number, message: string): ExecutionError => ({ kind: 'syscall', errno, message })
export const fatal = (message: string): ExecutionError => ({ kind: 'fatal', message })
export const OUT_OF_GAS: ExecutionError = { kind: 'out-of-gas' }

/**
 * The host could not compute a message's outcome (its JavaScript stack ran out): no receipt, and
 * no exit code, since any would depend on the host and not on the FVM's rules.
 *
 * @rule invocation.host-stack
 */
export class HostResourceError extends Error {
  override name = 'HostResourceError'
}

/**
 * Whether `e` is the JavaScript engine running out of stack: its RangeError, or a regular
 * expression that could not be compiled for lack of stack (V8 throws a SyntaxError then). No
 * regular expression here: this runs where the stack is nearly gone. Code that turns exceptions
 * into outcomes rethrows such an `e`, so that it reaches the invocation's container.
 *
 * @rule invocation.host-stack
 */
export function isHostStackExhaustion(e: unknown): boolean {
  if (!(e instanceof Error)) return false
  const m = String(e.message)
  return (e instanceof RangeError && m.includes('call stack')) || m.includes('Stack overflow')
}
