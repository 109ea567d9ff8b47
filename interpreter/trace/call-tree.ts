/**
 * A readable view of a trace: the call tree, with the gas each call spent itself and in total,
 * and the charges that cost the most. Gas here is the sum of charges recorded (milligas), which is
 * what the receipt's gas_used rounds up.
 */
import type { TraceEvent } from './trace.js'

export interface CallNode {
  readonly label: string
  /** Milligas charged while this call was the innermost one. */
  self: bigint
  total: bigint
  outcome: string
  readonly children: CallNode[]
  readonly charges: Map<string, bigint>
}

function node(label: string): CallNode {
  return { label, self: 0n, total: 0n, outcome: '', children: [], charges: new Map() }
}

/** Builds the call tree of one message's trace; the root holds charges made outside any call. */
export function callTree(events: readonly TraceEvent[]): CallNode {
  const root = node('message')
  const stack: CallNode[] = [root]
  for (const e of events) {
    const top = stack[stack.length - 1] as CallNode
    switch (e.kind) {
      case 'call': {
        const child = node(`f0${e.from} → ${e.to} method ${e.method}${e.value !== 0n ? ` value ${e.value}` : ''}`)
        top.children.push(child)
        stack.push(child)
        break
      }
      case 'return':
      case 'call-error':
        top.outcome = e.kind === 'return' ? `exit ${e.exitCode}` : e.error
        if (stack.length > 1) stack.pop()
        break
      case 'gas': {
        const amount = e.compute + e.other
        top.self += amount
        top.charges.set(e.name, (top.charges.get(e.name) ?? 0n) + amount)
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

const gas = (mg: bigint) => `${(Number(mg) / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })}`

/** The tree as indented text, one call per line, with its three largest charges. */
export function formatCallTree(root: CallNode, indent = ''): string[] {
  const top = [...root.charges].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0)).slice(0, 3)
  const charges = top.map(([n, g]) => `${n} ${gas(g)}`).join(', ')
  const lines = [`${indent}${root.label}${root.outcome === '' ? '' : ` [${root.outcome}]`}  total ${gas(root.total)} gas, self ${gas(root.self)}${charges === '' ? '' : ` (${charges})`}`]
  for (const c of root.children) lines.push(...formatCallTree(c, indent + '  '))
  return lines
}
