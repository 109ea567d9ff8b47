/**
 * A readable view of a trace: the call tree, with the gas each call spent itself and in total,
 * the charges that cost the most, and totals per charge name. Gas here is the sum of the charges
 * recorded (milligas); the receipt's gas_used is that sum rounded up (`trace.gas-accounts`).
 */
import { roundUp } from '../gas/gas.js'
import type { TraceEvent } from './trace.js'

export interface CallNode {
  readonly label: string
  /** The call's fields; absent on the root, which holds charges made outside any call. */
  readonly call?: { readonly from: bigint; readonly to: string; readonly method: bigint; readonly value: bigint }
  /** Milligas charged while this call was the innermost one. */
  self: bigint
  total: bigint
  outcome: string
  /** Exit code of a call that returned; null for a call that failed with an error, or the root. */
  exitCode: number | null
  /** Name of the charge that ran out of gas in this call (`trace.out-of-gas-point`), if one did. */
  outOfGas: string | null
  readonly children: CallNode[]
  /** Milligas per charge name, charged while this call was the innermost one. */
  readonly charges: Map<string, bigint>
  /** How many charges of each name. */
  readonly chargeCounts: Map<string, number>
}

function node(label: string, call?: CallNode['call']): CallNode {
  return { label, ...(call === undefined ? {} : { call }), self: 0n, total: 0n, outcome: '', exitCode: null, outOfGas: null, children: [], charges: new Map(), chargeCounts: new Map() }
}

/** Builds the call tree of one message's trace; the root holds charges made outside any call. */
export function callTree(events: Iterable<TraceEvent>): CallNode {
  const root = node('message')
  const stack: CallNode[] = [root]
  for (const e of events) {
    const top = stack[stack.length - 1] as CallNode
    switch (e.kind) {
      case 'call': {
        const child = node(`f0${e.from} → ${e.to} method ${e.method}${e.value !== 0n ? ` value ${e.value}` : ''}`, { from: e.from, to: e.to, method: e.method, value: e.value })
        top.children.push(child)
        stack.push(child)
        break
      }
      case 'return':
      case 'call-error':
        top.outcome = e.kind === 'return' ? `exit ${e.exitCode}` : e.error
        if (e.kind === 'return') top.exitCode = e.exitCode
        if (stack.length > 1) stack.pop()
        break
      case 'gas': {
        const amount = e.compute + e.other
        top.self += amount
        top.charges.set(e.name, (top.charges.get(e.name) ?? 0n) + amount)
        top.chargeCounts.set(e.name, (top.chargeCounts.get(e.name) ?? 0) + 1)
        if (e.outOfGas !== undefined) top.outOfGas = e.name
        break
      }
      case 'syscall':
        break
    }
  }
  const sum = (n: CallNode): bigint => {
    n.total = n.self + n.children.reduce((s, c) => s + sum(c), 0n)
    return n.total
  }
  sum(root)
  return root
}

/** Milligas and count per charge name over a whole trace, largest first (ties by name). */
export interface ChargeTotal {
  readonly name: string
  readonly milligas: bigint
  readonly count: number
}

export function chargeTotals(events: Iterable<TraceEvent>): ChargeTotal[] {
  const by = new Map<string, { milligas: bigint; count: number }>()
  for (const e of events) {
    if (e.kind !== 'gas') continue
    const t = by.get(e.name) ?? { milligas: 0n, count: 0 }
    t.milligas += e.compute + e.other
    t.count++
    by.set(e.name, t)
  }
  return [...by].map(([name, t]) => ({ name, ...t })).sort((a, b) => (b.milligas > a.milligas ? 1 : b.milligas < a.milligas ? -1 : a.name < b.name ? -1 : 1))
}

/** Milligas as whole gas with at most one decimal and thousands separators. */
export const gas = (mg: bigint): string => `${(Number(mg) / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })}`

export interface FormatOptions {
  /** Every charge of each call, instead of its three largest. */
  readonly all?: boolean
}

/** The tree as indented text, one call per line, with its three largest charges (or all). */
export function formatCallTree(root: CallNode, opts: FormatOptions = {}, indent = ''): string[] {
  const sorted = [...root.charges].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0))
  const top = opts.all === true ? sorted : sorted.slice(0, 3)
  const charges = top.map(([n, g]) => `${n}${n === root.outOfGas ? ' (out of gas)' : ''} ${gas(g)}`).join(', ')
  const more = sorted.length > top.length ? `, …${sorted.length - top.length} more` : ''
  const oog = root.outOfGas !== null && !top.some(([n]) => n === root.outOfGas) ? `; out of gas at ${root.outOfGas}` : ''
  const lines = [`${indent}${root.label}${root.outcome === '' ? '' : ` [${root.outcome}]`}  total ${gas(root.total)} gas, self ${gas(root.self)}${charges === '' ? '' : ` (${charges}${more})`}${oog}`]
  for (const c of root.children) lines.push(...formatCallTree(c, opts, indent + '  '))
  return lines
}

/**
 * One message's trace for people: the call tree, then the totals per charge name (the ten
 * largest, or all) and the line that reconciles them with the receipt's gas_used.
 *
 * @rule trace.gas-accounts
 */
export function formatMessageTrace(events: readonly TraceEvent[], gasUsed: bigint | undefined, opts: FormatOptions = {}): string[] {
  const lines = formatCallTree(callTree(events), opts)
  const totals = chargeTotals(events)
  const shown = opts.all === true ? totals : totals.slice(0, 10)
  const sum = totals.reduce((s, t) => s + t.milligas, 0n)
  const width = Math.max(0, ...shown.map((t) => t.name.length))
  lines.push(`charges by name${shown.length < totals.length ? ` (largest ${shown.length} of ${totals.length}; --all for every one)` : ''}:`)
  for (const t of shown) lines.push(`  ${t.name.padEnd(width)}  ${gas(t.milligas).padStart(16)} gas  ×${t.count}`)
  if (shown.length < totals.length) {
    const rest = totals.slice(shown.length)
    lines.push(`  ${'(others)'.padEnd(width)}  ${gas(rest.reduce((s, t) => s + t.milligas, 0n)).padStart(16)} gas  ×${rest.reduce((s, t) => s + t.count, 0)}`)
  }
  const rounded = roundUp(sum < 0n ? 0n : sum)
  const check = gasUsed === undefined ? '' : rounded === gasUsed ? ` = gas_used ${gasUsed}` : ` ≠ gas_used ${gasUsed} (the trace does not add up)`
  lines.push(`  total ${sum} milligas → ${rounded} gas${check}`)
  return lines
}
