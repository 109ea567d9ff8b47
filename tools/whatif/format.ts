/**
 * A what-if report as text for people and as one JSON object for scripts.
 */
import type { BeforeAfter, ChargeRow, MethodRow, WhatIfReport } from './whatif.js'

/** `after − before` as a percentage of `before` (4 decimals), null when `before` is 0. */
export function percent(r: BeforeAfter): number | null {
  if (r.before === 0n) return null
  return Number(((r.after - r.before) * 1_000_000n) / r.before) / 10_000
}

const num = (x: bigint): string => x.toLocaleString('en-US')
const signed = (x: bigint): string => (x > 0n ? `+${num(x)}` : num(x))
const pct = (r: BeforeAfter): string => {
  const p = percent(r)
  return p === null ? (r.after === 0n ? '' : 'new') : `${p > 0 ? '+' : ''}${p.toFixed(2)}%`
}
/** Milligas as whole gas (rounded to the nearest gas, for tables). */
const milli = (x: bigint): bigint => (x >= 0n ? (x + 500n) / 1000n : -((-x + 500n) / 1000n))

/** `storageminer 6 (PreCommitSector)`; the root of a call tree is `(message)`. */
export function methodLabel(r: MethodRow): string {
  if (r.key === '(message)') return '(message: inclusion, return value)'
  return `${r.actor} ${r.method}${r.methodName === null ? '' : ` (${r.methodName})`}`
}

function table(title: string, head: string, rows: readonly (readonly string[])[], total: number, shown: number): string[] {
  if (rows.length === 0) return []
  const widths = rows.reduce((w, r) => r.map((c, i) => Math.max(c.length, w[i] ?? 0)), head.split('|').map((h) => h.length))
  const line = (cells: readonly string[]) => ('  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')).trimEnd()
  return ['', `${title}${total > shown ? ` (largest ${shown} changes of ${total}; --top N for more)` : ''}`, line(head.split('|')), ...rows.map(line)]
}

/** The report for people. `top` rows per table. */
export function formatWhatIf(r: WhatIfReport, top = 10): string[] {
  const out: string[] = []
  out.push(`what-if: ${r.changes.length} price${r.changes.length === 1 ? '' : 's'} changed`)
  for (const c of r.changes) out.push(`  ${c.path}: ${c.before} → ${c.after}`)
  out.push(`  used at network version${r.networkVersions.length === 1 ? '' : 's'} ${r.networkVersions.length === 0 ? '(none)' : r.networkVersions.join(', ')}`)
  for (const n of r.notes) out.push(`  note: ${n}`)
  const compared = r.byVector.length
  out.push(`${r.vectors} vectors: ${compared} compared (${r.rerun} run under both price lists, ${r.vectors - r.skipped.length - r.errors.length - r.rerun} use no changed list), ${r.skipped.length} skipped, ${r.errors.length} errors`)
  out.push(`base run: ${r.baseMatchesRecorded} of ${r.messages} messages match their recorded receipts`)
  out.push('')
  out.push(`total gas used: before ${num(r.total.before)}, after ${num(r.total.after)}, change ${signed(r.total.after - r.total.before)} (${pct(r.total) || '0%'}) over ${r.messages} messages`)
  const cv = r.changedVersions
  if (cv.messages !== r.messages) out.push(`  of which at the changed version(s): before ${num(cv.before)}, after ${num(cv.after)}, change ${signed(cv.after - cv.before)} (${pct(cv) || '0%'}) over ${cv.messages} messages`)
  out.push(`exit codes changed: ${r.exitChanges.length} message${r.exitChanges.length === 1 ? '' : 's'}${r.exitChanges.length === 0 ? '' : ` (${r.exitChanges.filter((e) => e.before === 0 && e.after !== 0).length} newly failing)`}`)
  for (const e of r.exitChanges.slice(0, top)) out.push(`  ${e.vector} message ${e.index} (${e.method}): exit ${e.before} → ${e.after}, gas ${num(e.gasBefore)} → ${num(e.gasAfter)}`)
  if (r.exitChanges.length > top) out.push(`  … ${r.exitChanges.length - top} more`)
  out.push(`receipts changed: ${r.receiptsChanged} of ${r.messages} messages; state roots changed: ${r.rootsChanged.length} vectors`)
  for (const o of r.outcomeChanged) out.push(`  ${o.id}: ended '${o.before}' before, '${o.after}' after`)

  const change = (x: BeforeAfter, conv: (v: bigint) => bigint = (v) => v) => [num(conv(x.before)), num(conv(x.after)), signed(conv(x.after) - conv(x.before)), pct(x)]
  const methodRows = (rows: readonly MethodRow[], conv?: (v: bigint) => bigint) => rows.slice(0, top).map((m) => [methodLabel(m), String(m.count), ...change(m, conv)])
  out.push(...table('by top-level actor and method (gas used)', 'actor method|messages|before|after|change|%', methodRows(r.byMethod), r.byMethod.length, Math.min(top, r.byMethod.length)))
  out.push(...table('by callee (gas charged inside each call, from traces)', 'actor method|calls|before|after|change|%', methodRows(r.byCallee, milli), r.byCallee.length, Math.min(top, r.byCallee.length)))
  const chargeRows = r.byCharge.slice(0, top).map((c: ChargeRow) => [c.name, c.countBefore === c.countAfter ? String(c.countBefore) : `${c.countBefore}→${c.countAfter}`, ...change(c, milli)])
  out.push(...table('by charge name (from traces)', 'charge|count|before|after|change|%', chargeRows, r.byCharge.length, Math.min(top, r.byCharge.length)))
  const vectorRows = r.byVector.slice(0, top).map((v) => [v.id, String(v.messages), ...change(v), v.rootChanged ? 'root changed' : ''])
  out.push(...table('vectors by change', 'vector|messages|before|after|change|%|', vectorRows, r.byVector.length, Math.min(top, r.byVector.length)))
  if (r.skipped.length > 0) out.push('', `skipped: ${r.skipped.length}`)
  for (const s of r.skipped.slice(0, top)) out.push(`  ${s.id}: ${s.reason}`)
  if (r.skipped.length > top) out.push(`  … ${r.skipped.length - top} more`)
  for (const e of r.errors) out.push(`error: ${e.id}: ${e.reason}`)
  return out
}

const s = (x: bigint) => x.toString()
const pair = (x: BeforeAfter) => ({ before: s(x.before), after: s(x.after), change: s(x.after - x.before), percent: percent(x) })

/** The whole report as one JSON object: gas as decimal strings (whole gas for receipts, milligas for traces). */
export function whatIfToJson(r: WhatIfReport): string {
  const method = (m: MethodRow) => ({ actor: m.actor, method: m.key === '(message)' ? null : s(m.method), method_name: m.methodName, count: m.count, ...pair(m) })
  return JSON.stringify({
    changes: r.changes,
    network_versions: r.networkVersions,
    notes: r.notes,
    vectors: r.vectors,
    rerun: r.rerun,
    skipped: r.skipped,
    errors: r.errors,
    outcome_changed: r.outcomeChanged,
    messages: r.messages,
    base_matches_recorded: r.baseMatchesRecorded,
    total_gas_used: pair(r.total),
    changed_versions_gas_used: { messages: r.changedVersions.messages, ...pair(r.changedVersions) },
    exit_code_changes: r.exitChanges.map((e) => ({ vector: e.vector, file: e.file, index: e.index, method: e.method, before: e.before, after: e.after, gas_before: s(e.gasBefore), gas_after: s(e.gasAfter) })),
    receipts_changed: r.receiptsChanged,
    state_roots_changed: r.rootsChanged,
    by_method_gas_used: r.byMethod.map(method),
    by_callee_milligas: r.byCallee.map(method),
    by_charge_milligas: r.byCharge.map((c) => ({ name: c.name, count_before: c.countBefore, count_after: c.countAfter, ...pair(c) })),
    by_vector_gas_used: r.byVector.map((v) => ({ id: v.id, file: v.file, nv: v.nv, messages: v.messages, root_changed: v.rootChanged, ...pair(v) })),
  })
}
