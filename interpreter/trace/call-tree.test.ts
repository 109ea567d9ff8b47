import assert from 'node:assert/strict'
import { test } from 'node:test'
import { callTree, formatCallTree } from './call-tree.js'
import { traceEventToJson, type TraceEvent } from './trace.js'

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
  assert.equal(outer?.children[0]?.outcome, 'exit 16')
  assert.equal(outer?.children[0]?.total, 4000n)
  const text = formatCallTree(root)
  assert.equal(text.length, 3)
  assert.match(text[2] ?? '', /^ {4}f01000 → f02000 method 3 value 7 \[exit 16\] {2}total 4 gas/)
})

test('trace events serialise canonically: fixed keys, decimal integers, hex bytes', () => {
  assert.equal(traceEventToJson(events[0] as TraceEvent), '{"kind":"gas","name":"OnChainMessage","compute":"1000","other":"2000"}')
  assert.equal(traceEventToJson(events[6] as TraceEvent), '{"kind":"return","exit_code":16,"return":"01"}')
})
