// The fuzz harness: inputs are deterministic per seed, host failures are recognised, and a short
// run over every class finds none (longer runs: npm run fuzz, docs/fuzzing.md).
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { DEFAULT_FUZZ, formatFuzzReport, fuzz, hostProblem } from './harness.js'
import { actorInput } from './actor-class.js'
import { Rng } from './rng.js'
import { syscallInput } from './syscall-class.js'
import { vectorInput } from './vector-class.js'

const digest = (x: { text: string | Uint8Array }) => createHash('sha256').update(x.text).digest('hex')

test('inputs are the same for the same seed, class and index, and differ otherwise', () => {
  for (const gen of [vectorInput, actorInput, syscallInput]) {
    const a = [0, 1, 2, 3].map((i) => digest(gen(Rng.of(7, gen.name, i))))
    const b = [0, 1, 2, 3].map((i) => digest(gen(Rng.of(7, gen.name, i))))
    assert.deepEqual(a, b, gen.name)
    assert.equal(new Set(a).size, 4, gen.name)
    assert.notEqual(digest(gen(Rng.of(8, gen.name, 0))), a[0], gen.name)
  }
})

test('host failures are recognised in result lines; vector results are not', () => {
  const file = '/tmp/x/v.json'
  const line = (status: string, reason: string | null) => ({ id: 'v', file, nv: 18, status, reason, gas_used: null, expected_gas_used: null, ms: 1 })
  assert.equal(hostProblem(file, line('pass', null)), undefined)
  assert.equal(hostProblem(file, line('fail', 'message 0: exit_code 7 (SYS_OUT_OF_GAS) ≠ expected 0 (OK)')), undefined)
  assert.equal(hostProblem(file, line('error', `${file}: $.car: not a valid gzip stream: incorrect header check`)), undefined)
  assert.equal(hostProblem(file, line('skip', 'needs a consensus-fault extern')), undefined)
  assert.equal(hostProblem(file, undefined), 'no result line')
  assert.match(hostProblem(file, { ...line('pass', null), file: '/tmp/x/w.json' }) ?? '', /out of place/)
  assert.match(hostProblem(file, line('error', 'timeout after 30 s (--timeout)')) ?? '', /^timeout/)
  assert.match(hostProblem(file, line('error', 'memory budget: resident memory grew by 4000 MiB')) ?? '', /^memory blow-up/)
  assert.match(hostProblem(file, line('error', 'the worker thread died: boom')) ?? '', /^worker died/)
  assert.match(hostProblem(file, line('error', `${file}: TypeError: Cannot read properties of undefined (reading 'x')`)) ?? '', /^host exception/)
  assert.match(hostProblem(file, line('fail', 'message 0: exit_code 10; fatal: RangeError: Maximum call stack size exceeded')) ?? '', /^host exception/)
  assert.match(hostProblem(file, line('error', `${file}: $.apply_messages[0]: applying message 0 failed: HostResourceError: host resource failure: the JavaScript stack ran out at call depth 240`)) ?? '', /^host stack/)
  assert.match(hostProblem(file, line('error', `${file}: Error: x\n    at f (a.ts:1:1)`)) ?? '', /^stack trace/)
  assert.match(hostProblem(file, line('error', 'CborError: malformed')) ?? '', /does not start with the file/)
})

test('a short fuzz run over every class finds no host failure', { timeout: 300_000 }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'fvm-spec-fuzz-test-'))
  try {
    const lines: string[] = []
    const runs = [
      { classes: ['vector'] as const, count: 1200 },
      { classes: ['syscall'] as const, count: 500 },
      { classes: ['actor'] as const, count: 300 },
    ]
    let total = 0
    for (const r of runs) {
      const report = await fuzz({ ...DEFAULT_FUZZ, seed: 1, count: r.count, classes: r.classes, out, batch: 500 })
      lines.push(...formatFuzzReport(report))
      assert.deepEqual(report.failures.map((f) => `${f.class} #${f.index}: ${f.problem} (${f.note})`), [], lines.join('\n'))
      const c = report.classes[r.classes[0]]
      assert.equal(c?.inputs, r.count)
      // Every input got a result line of a known status.
      assert.equal(Object.entries(c?.statuses ?? {}).reduce((n, [s, k]) => n + (['pass', 'fail', 'skip', 'error'].includes(s) ? k : 0), 0), r.count)
      total += r.count
    }
    assert.ok(total >= 2000)
    assert.equal(existsSync(join(out, 'failures.jsonl')), false)
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
})
