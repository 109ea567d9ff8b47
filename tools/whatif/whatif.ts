/**
 * What-if runs: a corpus under the base price lists and under changed ones, in one process with
 * one engine (compiled actor code is shared by both runs), and the difference: total gas, gas
 * per actor type and method, per callee and per charge name, exit codes and state roots that
 * change, the vectors that change most.
 *
 * A vector whose network version uses no changed price list is run once: the interpreter is
 * deterministic, so its second run would repeat the first.
 *
 * @rule runner.what-if
 */
import { isLeft } from 'fp-ts/lib/Either.js'
import { networkRulesFor } from '../../interpreter/machine/network-rules.js'
import { SUPPORTED_NETWORK_VERSIONS } from '../../interpreter/types/network-version.js'
import { callTree, type CallNode } from '../../interpreter/trace/call-tree.js'
import type { TraceEvent } from '../../interpreter/trace/trace.js'
import { addressToString } from '../../interpreter/types/address.js'
import { decodeMessage } from '../../interpreter/types/message.js'
import { bytesEqual } from '../../interpreter/util/bytes.js'
import { loadVector, type LoadedVector } from '../../vectors/load.js'
import { readVectorFile } from '../../vectors/read-file.js'
import { executeLoaded, pointedError, type AppliedMessage, type Execution, type RunOptions } from '../../vectors/run-vector.js'
import { ActorTypes } from '../actor-types.js'
import { changedLists, changesBetween, type Change, type PriceLists } from './price-patch.js'

/** A pair of amounts: under the base prices and under the changed ones. */
export interface BeforeAfter {
  readonly before: bigint
  readonly after: bigint
}

export interface MethodRow extends BeforeAfter {
  /** `actor method`, e.g. `storageminer 6`. */
  readonly key: string
  readonly actor: string
  readonly method: bigint
  /** From a mainnet corpus path (`…/fil_10_storageminer/PreCommitSector/…`), when it names this actor. */
  readonly methodName: string | null
  /** Messages (by method) or calls (by callee). */
  readonly count: number
}

export interface ChargeRow extends BeforeAfter {
  readonly name: string
  readonly countBefore: number
  readonly countAfter: number
}

export interface ExitChange {
  readonly vector: string
  readonly file: string
  readonly index: number
  readonly method: string
  readonly before: number
  readonly after: number
  readonly gasBefore: bigint
  readonly gasAfter: bigint
}

export interface VectorRow extends BeforeAfter {
  readonly id: string
  readonly file: string
  readonly nv: number
  readonly messages: number
  readonly rootChanged: boolean
}

export interface WhatIfReport {
  /** Every price that differs, `name.path: before → after`. */
  readonly changes: readonly Change[]
  /** Network versions whose price list changed. */
  readonly networkVersions: readonly number[]
  readonly notes: readonly string[]
  readonly vectors: number
  /** Vectors run under both price lists (the rest used no changed list and ran once). */
  readonly rerun: number
  readonly skipped: readonly { readonly id: string; readonly reason: string }[]
  readonly errors: readonly { readonly id: string; readonly reason: string }[]
  /** Vectors that ended differently (e.g. a message got no receipt under the changed prices). */
  readonly outcomeChanged: readonly { readonly id: string; readonly before: string; readonly after: string }[]
  /** Messages with a receipt in both runs; totals below are over these, in whole gas. */
  readonly messages: number
  readonly total: BeforeAfter
  /** The same over the messages of vectors whose price list changed (run under both). */
  readonly changedVersions: BeforeAfter & { readonly messages: number }
  /** Base-run receipts equal to the vectors' recorded receipts, out of the messages compared. */
  readonly baseMatchesRecorded: number
  /** Gas used per top-level receiver actor type and method (whole gas), largest change first. */
  readonly byMethod: readonly MethodRow[]
  /** Gas charged while each callee was the innermost call (milligas), from traces. */
  readonly byCallee: readonly MethodRow[]
  /** Gas per charge name (milligas), from traces. */
  readonly byCharge: readonly ChargeRow[]
  readonly exitChanges: readonly ExitChange[]
  /** Messages whose receipt (exit code, return bytes or gas used) changed. */
  readonly receiptsChanged: number
  readonly rootsChanged: readonly string[]
  /** Every compared vector, largest absolute change first. */
  readonly byVector: readonly VectorRow[]
}

export interface WhatIfOptions extends Omit<RunOptions, 'trace' | 'priceLists'> {
  /** Called before each vector. */
  readonly onProgress?: (done: number, total: number, id: string) => void
}

/** Runs `files` under `base` and `patched` price lists and reports the difference. */
export function whatIf(files: readonly string[], base: PriceLists, patched: PriceLists, opts: WhatIfOptions = {}): WhatIfReport {
  const changed = changedLists(base, patched)
  const changes = changesBetween(base, patched)
  const acc = new Accumulator()
  let rerun = 0
  for (const [i, file] of files.entries()) {
    opts.onProgress?.(i, files.length, file)
    // Size-limited like every vector read (vector.size-limits); the loader's reason names the file and the JSON path.
    const read = readVectorFile(file, opts.maxVectorBytes)
    if (!read.ok) {
      acc.errors.push({ id: file, reason: `${file}: ${read.problem}` })
      continue
    }
    const loaded = loadVector(read.text, file, opts.maxVectorBytes === undefined ? {} : { maxCarBytes: opts.maxVectorBytes })
    if (isLeft(loaded)) {
      ;(loaded.left.kind === 'unsupported' ? acc.skipped : acc.errors).push({ id: file, reason: loaded.left.message })
      continue
    }
    const v = loaded.right
    const variant = v.variants[0]
    const rules = variant === undefined ? undefined : networkRulesFor(variant.nv)
    if (variant === undefined || rules === undefined) {
      acc.skipped.push({ id: v.id, reason: variant === undefined ? 'no variant' : `network version ${variant.nv} is not supported` })
      continue
    }
    const runOpts: RunOptions = { ...withoutProgress(opts), trace: true }
    const run = (o: RunOptions): Execution | { kind: 'error'; reason: string } => {
      try {
        return executeLoaded(v, variant, o)
      } catch (e) {
        return { kind: 'error', reason: pointedError(v.file, e) }
      }
    }
    const before = run(runOpts)
    if (before.kind === 'error' || before.kind === 'threw') {
      acc.errors.push({ id: v.id, reason: before.kind === 'error' ? before.reason : pointedError(v.file, before.error) })
      continue
    }
    if (before.kind === 'not-run') {
      acc.skipped.push({ id: v.id, reason: before.reason })
      continue
    }
    const touched = changed.has(rules.priceList.name)
    if (touched) rerun++
    const after = touched ? run({ ...runOpts, priceLists: changed }) : before
    if (after.kind === 'error' || after.kind === 'threw' || after.kind === 'not-run') {
      acc.outcomeChanged.push({ id: v.id, before: before.kind, after: after.kind === 'error' ? after.reason : after.kind === 'threw' ? pointedError(v.file, after.error) : after.reason })
      continue
    }
    if (before.kind !== after.kind) acc.outcomeChanged.push({ id: v.id, before: before.kind, after: after.kind })
    acc.add(v, variant.nv, before, after, new ActorTypes(v, opts.bundleBlocks, before.kind === 'done' ? before.tree : undefined), touched)
  }
  const networkVersions = [...changed.values()].flatMap((pl) => rulesUsing(pl.name))
  const notes: string[] = []
  if (changes.some((c) => /\.wasm\./.test(c.path))) {
    notes.push('per-instruction wasm prices are compiled into the actors from interpreter/wasm/instrument/rules.ts, not read from the price list: a change under wasm.* only changes the charges the kernel makes from it (wasm_memory_init, wasm_table_init)')
  }
  if (changes.length > 0 && networkVersions.length === 0) notes.push('no network version this interpreter runs uses a changed price list')
  return acc.report(changes, networkVersions, notes, files.length, rerun)
}

function withoutProgress(o: WhatIfOptions): RunOptions {
  const { onProgress: _p, ...rest } = o
  return rest
}

/** Network versions this interpreter runs whose rules use the price list `name`. */
function rulesUsing(name: string): number[] {
  return SUPPORTED_NETWORK_VERSIONS.filter((nv) => networkRulesFor(nv)?.priceList.name === name)
}

/** `…/fil_10_storageminer/PreCommitSector/…` → `{actor: 'storageminer', method: 'PreCommitSector'}`. */
export function methodNameHint(file: string): { readonly actor: string; readonly method: string } | undefined {
  const m = /[\\/]fil_[0-9]+_([a-z]+)[\\/]([A-Za-z0-9]+)[\\/]/.exec(file)
  return m === null ? undefined : { actor: m[1] as string, method: m[2] as string }
}

interface Sum {
  before: bigint
  after: bigint
  count: number
}

class Accumulator {
  readonly skipped: { id: string; reason: string }[] = []
  readonly errors: { id: string; reason: string }[] = []
  readonly outcomeChanged: { id: string; before: string; after: string }[] = []
  private messages = 0
  private matches = 0
  private receiptsChanged = 0
  private readonly total: Sum = { before: 0n, after: 0n, count: 0 }
  private readonly touched: Sum = { before: 0n, after: 0n, count: 0 }
  private readonly methods = new Map<string, Sum & { actor: string; method: bigint }>()
  private readonly callees = new Map<string, Sum & { actor: string; method: bigint }>()
  private readonly charges = new Map<string, Sum & { countAfter: number }>()
  private readonly names = new Map<string, string>()
  private readonly exitChanges: ExitChange[] = []
  private readonly roots: string[] = []
  private readonly vectors: VectorRow[] = []

  add(v: LoadedVector, nv: number, before: Execution, after: Execution, types: ActorTypes, touched: boolean): void {
    const codec = networkRulesFor(nv)?.messageCodec
    const n = Math.min(before.applied.length, after.applied.length)
    let vb = 0n
    let va = 0n
    const hint = methodNameHint(v.file)
    for (let i = 0; i < n; i++) {
      const b = before.applied[i] as AppliedMessage
      const a = after.applied[i] as AppliedMessage
      this.messages++
      const recorded = v.receipts[i]
      if (recorded !== undefined && recorded.exitCode === b.receipt.exitCode && recorded.gasUsed === b.receipt.gasUsed && bytesEqual(recorded.returnData, b.receipt.returnData)) this.matches++
      vb += b.receipt.gasUsed
      va += a.receipt.gasUsed
      // The top-level message's receiver and method.
      let actor = 'unknown'
      let method = -1n
      const bytes = v.messages[i]?.bytes
      if (bytes !== undefined && codec !== undefined) {
        try {
          const msg = decodeMessage(bytes, codec)
          method = msg.method
          actor = types.of(addressToString(msg.to))
        } catch {
          // An undecodable message is the runner's business; here it is 'unknown'.
        }
      }
      const key = `${actor} ${method}`
      if (hint !== undefined && hint.actor === actor && i === 0) this.names.set(key, hint.method)
      bump(this.methods, key, { actor, method }, b.receipt.gasUsed, a.receipt.gasUsed)
      this.addTrace(b.trace, a.trace, types)
      const changed = b.receipt.exitCode !== a.receipt.exitCode || b.receipt.gasUsed !== a.receipt.gasUsed || !bytesEqual(b.receipt.returnData, a.receipt.returnData)
      if (changed) this.receiptsChanged++
      if (b.receipt.exitCode !== a.receipt.exitCode) {
        this.exitChanges.push({ vector: v.id, file: v.file, index: i, method: key, before: b.receipt.exitCode, after: a.receipt.exitCode, gasBefore: b.receipt.gasUsed, gasAfter: a.receipt.gasUsed })
      }
    }
    this.total.before += vb
    this.total.after += va
    if (touched) {
      this.touched.before += vb
      this.touched.after += va
      this.touched.count += n
    }
    const rootChanged = before.kind === 'done' && after.kind === 'done' && !before.root.equals(after.root)
    if (rootChanged) this.roots.push(v.id)
    this.vectors.push({ id: v.id, file: v.file, nv, messages: n, before: vb, after: va, rootChanged })
  }

  private addTrace(before: readonly TraceEvent[], after: readonly TraceEvent[], types: ActorTypes): void {
    for (const [side, events] of [['before', before], ['after', after]] as const) {
      const walk = (node: CallNode): void => {
        const actor = node.call === undefined ? '(message)' : types.of(node.call.to)
        const method = node.call?.method ?? -1n
        const key = node.call === undefined ? '(message)' : `${actor} ${method}`
        const row = this.callees.get(key) ?? { actor, method, before: 0n, after: 0n, count: 0 }
        row[side] += node.self
        if (side === 'before') row.count++
        this.callees.set(key, row)
        for (const c of node.children) walk(c)
      }
      walk(callTree(events))
      for (const e of events) {
        if (e.kind !== 'gas') continue
        const row = this.charges.get(e.name) ?? { before: 0n, after: 0n, count: 0, countAfter: 0 }
        row[side] += e.compute + e.other
        if (side === 'before') row.count++
        else row.countAfter++
        this.charges.set(e.name, row)
      }
    }
  }

  report(changes: readonly Change[], networkVersions: readonly number[], notes: readonly string[], vectors: number, rerun: number): WhatIfReport {
    const byChange = <T extends BeforeAfter>(rows: T[]): T[] => rows.sort((x, y) => cmpAbs(y.after - y.before, x.after - x.before) || cmpAbs(y.before, x.before))
    const rows = (m: Map<string, Sum & { actor: string; method: bigint }>): MethodRow[] =>
      byChange([...m].map(([key, r]) => ({ key, actor: r.actor, method: r.method, methodName: this.names.get(key) ?? null, count: r.count, before: r.before, after: r.after })))
    return {
      changes,
      networkVersions,
      notes,
      vectors,
      rerun,
      skipped: this.skipped,
      errors: this.errors,
      outcomeChanged: this.outcomeChanged,
      messages: this.messages,
      total: { before: this.total.before, after: this.total.after },
      changedVersions: { before: this.touched.before, after: this.touched.after, messages: this.touched.count },
      baseMatchesRecorded: this.matches,
      byMethod: rows(this.methods),
      byCallee: rows(this.callees),
      byCharge: byChange([...this.charges].map(([name, r]) => ({ name, before: r.before, after: r.after, countBefore: r.count, countAfter: r.countAfter }))),
      exitChanges: this.exitChanges,
      receiptsChanged: this.receiptsChanged,
      rootsChanged: this.roots,
      byVector: byChange(this.vectors),
    }
  }
}

function bump(m: Map<string, Sum & { actor: string; method: bigint }>, key: string, id: { actor: string; method: bigint }, before: bigint, after: bigint): void {
  const row = m.get(key) ?? { ...id, before: 0n, after: 0n, count: 0 }
  row.before += before
  row.after += after
  row.count++
  m.set(key, row)
}

/** Compares absolute values. */
function cmpAbs(a: bigint, b: bigint): number {
  const x = a < 0n ? -a : a
  const y = b < 0n ? -b : b
  return x > y ? 1 : x < y ? -1 : 0
}
