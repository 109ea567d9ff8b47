import assert from 'node:assert/strict'
import { test } from 'node:test'
import { callTree, chargeTotals, formatCallTree, formatMessageTrace } from './call-tree.js'
import { outOfGasEvent, traceEventToJson, type TraceEvent } from './trace.js'

const events: TraceEvent[] = [
  { kind: 'gas', name: 'OnChainMessage', compute: 1000n, other: 2000n },
  { kind: 'call', from: 100n, to: 'f01000', method: 2n, value: 0n },
  { kind: 'gas', name: 'OnMethodInvocation', compute: 500n, other: 0n },
  { kind: 'syscall', name: 'send.send' },
  { kind: 'call', from: 1000n, to: 'f02000', method: 3n, value: 7n },
  { kind: 'gas', name: 'wasm_exec', compute: 4000n, other: 0n },
  { kind: 'return', exitCode: 16, returnData: new Uint8Array([1]) },
  { kind: 'gas', name: 'wasm_exec', compute: 250n, other: 0n },
  { kind: 'return', exitCode: 0, returnData: new Uint8Array(0) },
]

test('the call tree attributes each charge to the innermost call and sums totals', () => {
  const root = callTree(events)
  assert.equal(root.self, 3000n)
  assert.equal(root.total, 7750n)
  const outer = root.children[0]
  assert.equal(outer?.self, 750n)
  assert.equal(outer?.total, 4750n)
  assert.equal(outer?.outcome, 'exit 0')
  assert.equal(outer?.exitCode, 0)
  assert.equal(outer?.children[0]?.outcome, 'exit 16')
  assert.equal(outer?.children[0]?.total, 4000n)
  assert.equal(outer?.chargeCounts.get('wasm_exec'), 1)
  const text = formatCallTree(root)
  assert.equal(text.length, 3)
  assert.match(text[2] ?? '', /^ {4}f01000 → f02000 method 3 value 7 \[exit 16\] {2}total 4 gas/)
})

test('trace events serialise canonically: fixed keys, decimal integers, hex bytes', () => {
  assert.equal(traceEventToJson(events[0] as TraceEvent), '{"kind":"gas","name":"OnChainMessage","compute":"1000","other":"2000"}')
  assert.equal(traceEventToJson(events[6] as TraceEvent), '{"kind":"return","exit_code":16,"return":"01"}')
})

test('totals per charge name add up to the trace, and the message view reconciles them with gas_used', () => {
  const totals = chargeTotals(events)
  assert.deepEqual(totals.map((t) => [t.name, t.milligas, t.count]), [['wasm_exec', 4250n, 2], ['OnChainMessage', 3000n, 1], ['OnMethodInvocation', 500n, 1]])
  const lines = formatMessageTrace(events, 8n)
  assert.equal(lines.at(-1), '  total 7750 milligas → 8 gas = gas_used 8')
  assert.match(formatMessageTrace(events, 9n).at(-1) ?? '', /≠ gas_used 9/)
})

test('the out-of-gas point is named in the tree; --all lists every charge of a call', () => {
  const oog: TraceEvent[] = [
    { kind: 'call', from: 100n, to: 'f01000', method: 2n, value: 0n },
    ...['A', 'B', 'C', 'D'].map((n, i): TraceEvent => ({ kind: 'gas', name: `On${n}`, compute: 1000n * BigInt(10 - i), other: 0n })),
    outOfGasEvent({ name: 'OnBlockOpenBase', compute: 0n, other: 187_440_000n }, 500n),
    { kind: 'call-error', error: 'out-of-gas', message: 'out of gas' },
  ]
  const root = callTree(oog)
  assert.equal(root.children[0]?.outOfGas, 'OnBlockOpenBase')
  assert.equal(root.total, 34_500n)
  const [, call] = formatCallTree(root)
  assert.match(call ?? '', /…2 more\); out of gas at OnBlockOpenBase$/)
  const [, all] = formatCallTree(root, { all: true })
  assert.match(all ?? '', /OnD 7, OnBlockOpenBase \(out of gas\) 0.5\)$/)
  const short = formatMessageTrace([...oog, ...Array.from({ length: 12 }, (_, i): TraceEvent => ({ kind: 'gas', name: `Extra${i}`, compute: 1n, other: 0n }))], undefined)
  assert.ok(short.some((l) => l.includes('largest 10 of 17; --all for every one')))
  assert.ok(short.some((l) => l.startsWith('  (others)')))
})
