/**
 * The data of a gas report: each vector run with tracing, each message's call tree with the gas
 * every call spent itself and in total and the charges that make it up, next to the receipt's
 * gas_used (which the tree adds up to, rule `trace.gas-accounts`) and the recorded receipt.
 * Plain JSON (gas as decimal strings, milligas in the tree), embedded in the HTML page.
 *
 * @rule runner.gas-report
 */
import { isLeft } from 'fp-ts/lib/Either.js'
import { callTree, type CallNode } from '../../interpreter/trace/call-tree.js'
import { traceGas } from '../../interpreter/trace/trace.js'
import { exitCodeName } from '../../interpreter/types/exit-code.js'
import { loadVector } from '../../vectors/load.js'
import { readVectorFile } from '../../vectors/read-file.js'
import { executeLoaded, pointedError, type RunOptions } from '../../vectors/run-vector.js'
import { ActorTypes } from '../actor-types.js'

export interface ReportNode {
  /** `f0100 → f05 method 4`; `message` for the root (charges outside any call). */
  readonly label: string
  readonly actor: string
  readonly method: string | null
  readonly value: string | null
  /** Exit code of a call that returned; null for the root or a call that failed with an error. */
  readonly exit: number | null
  /** `exit 0`, `exit 16 (USR_ILLEGAL_ARGUMENT)`, or the error of a call that did not return. */
  readonly outcome: string
  /** Milligas charged while this call was the innermost one. */
  readonly self: string
  /** Milligas charged in this call and the calls it made. */
  readonly total: string
  /** `[name, milligas, count]` of the charges made while this call was the innermost one, largest first. */
  readonly charges: readonly (readonly [string, string, number])[]
  /** The charge that ran out of gas in this call (`trace.out-of-gas-point`), if one did. */
  readonly outOfGas: string | null
  readonly children: readonly ReportNode[]
}

export interface ReportMessage {
  readonly index: number
  readonly exitCode: number
  readonly exitName: string
  /** Whole gas, from the receipt. */
  readonly gasUsed: string
  /** Milligas, the sum of the trace's gas events. */
  readonly traceMilligas: string
  readonly recorded: { readonly exitCode: number; readonly gasUsed: string } | null
  readonly tree: ReportNode
}

export interface ReportVector {
  readonly id: string
  readonly file: string
  readonly nv: number | null
  /** Why the vector has no messages to show (not run, unreadable), else null. */
  readonly problem: string | null
  readonly messages: readonly ReportMessage[]
  /** Whether the post-state root equals the recorded one; null when not every message ran. */
  readonly rootMatches: boolean | null
}

function toNode(n: CallNode, types: ActorTypes): ReportNode {
  const charges = [...n.charges].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0)).map(([name, mg]) => [name, mg.toString(), n.chargeCounts.get(name) ?? 0] as const)
  const outcome = n.exitCode === null ? n.outcome : `exit ${n.exitCode}${n.exitCode === 0 ? '' : ` (${exitCodeName(n.exitCode)})`}`
  return {
    label: n.label,
    actor: n.call === undefined ? 'message' : types.of(n.call.to),
    method: n.call === undefined ? null : n.call.method.toString(),
    value: n.call === undefined || n.call.value === 0n ? null : n.call.value.toString(),
    exit: n.exitCode,
    outcome,
    self: n.self.toString(),
    total: n.total.toString(),
    charges,
    outOfGas: n.outOfGas,
    children: n.children.map((c) => toNode(c, types)),
  }
}

/** Runs one vector with tracing and returns its report data; never throws. */
export function reportVector(file: string, opts: Omit<RunOptions, 'trace'> = {}): ReportVector {
  const fail = (id: string, nv: number | null, problem: string): ReportVector => ({ id, file, nv, problem, messages: [], rootMatches: null })
  // Size-limited like every vector read (vector.size-limits); the loader's reason names the file and the JSON path.
  const read = readVectorFile(file, opts.maxVectorBytes)
  if (!read.ok) return fail(file, null, `${file}: ${read.problem}`)
  const loaded = loadVector(read.text, file, opts.maxVectorBytes === undefined ? {} : { maxCarBytes: opts.maxVectorBytes })
  if (isLeft(loaded)) return fail(file, null, loaded.left.message)
  const v = loaded.right
  const variant = v.variants[0]
  if (variant === undefined) return fail(v.id, null, 'no variant')
  try {
    const x = executeLoaded(v, variant, { ...opts, trace: true })
    const types = new ActorTypes(v, opts.bundleBlocks, x.kind === 'done' ? x.tree : undefined)
    const messages = x.applied.map((m, index): ReportMessage => {
      const want = v.receipts[index]
      return {
        index,
        exitCode: m.receipt.exitCode,
        exitName: exitCodeName(m.receipt.exitCode),
        gasUsed: m.receipt.gasUsed.toString(),
        traceMilligas: traceGas(m.trace).toString(),
        recorded: want === undefined ? null : { exitCode: want.exitCode, gasUsed: want.gasUsed.toString() },
        tree: toNode(callTree(m.trace), types),
      }
    })
    const problem =
      x.kind === 'done' ? null : x.kind === 'not-run' ? `not run: ${x.reason}` : x.kind === 'threw' ? pointedError(v.file, x.error) : x.kind === 'no-receipt' ? `message ${x.index}: no receipt: ${x.message}` : x.reason
    return { id: v.id, file, nv: variant.nv, problem, messages, rootMatches: x.kind === 'done' ? x.root.equals(v.postRoot) : null }
  } catch (e) {
    return fail(v.id, variant.nv, pointedError(v.file, e))
  }
}
