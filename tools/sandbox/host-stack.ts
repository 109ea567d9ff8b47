/**
 * The host stack. Every nested actor call nests host frames (wasm → syscall → send → wasm): about
 * 5 KB of a thread's stack per level for the EVM actor (measured at nv18: the default Node.js
 * stack of 984 KB holds 187 levels, `--stack-size=4000` 781, `--stack-size=8000` all 1024 the FVM
 * allows). ref-fvm runs on a stack that holds its whole call-depth limit, so when this thread's
 * stack runs out first, the interpreter ends that invocation with exit 4 (`invocation.traps`),
 * which is not what ref-fvm would give. The sandbox watches every invocation for that ending and
 * refuses to hand out the receipt.
 *
 * @rule sandbox.host-stack
 */
import type { ActorInvoker } from '../../interpreter/call-manager/invoke.js'
import { ExitCode } from '../../interpreter/types/exit-code.js'

/** What the interpreter's container records for an exhausted host stack (`invocation.traps`). */
const HOST_STACK_MESSAGE = 'stack overflow'

/** Where the host stack ran out: the nesting depth of the invocation that overflowed. */
export interface HostStackWatch {
  overflowDepth: number | undefined
}

/**
 * `inner`, noting in `watch` the first invocation that ended because the host stack ran out (its
 * backtrace frame: exit 4 SYS_ILLEGAL_INSTRUCTION, "stack overflow").
 *
 * @rule sandbox.host-stack
 */
export function watchHostStack(inner: ActorInvoker, watch: HostStackWatch): ActorInvoker {
  return (s, call) => {
    const step = inner(s, call)
    const bt = step.state.backtrace
    const last = bt[bt.length - 1]
    if (watch.overflowDepth === undefined && bt.length > s.backtrace.length && last !== undefined && last.code === ExitCode.SYS_ILLEGAL_INSTRUCTION && last.message === HOST_STACK_MESSAGE) {
      watch.overflowDepth = s.depth
    }
    return step
  }
}

/** True for the JavaScript engine's own stack exhaustion. */
export function isHostStackError(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message)
}

/** What to do about it. */
export const HOST_STACK_ADVICE =
  'give the thread a larger stack: node --stack-size=8000 (the main thread; stay under the OS stack limit, `ulimit -s`), or a worker with resourceLimits.stackSizeMb ≥ 16 (see docs/sandbox.md); fvm-spec t8n and the other commands run in such a worker'
