/**
 * `fvm-spec trace` as a user runs it, on vectors whose messages run out of gas (at the top level,
 * inside an nv18 nested limit) or end in a fatal error: every message's totals per charge name add
 * up to its receipt's gas_used, the charge that ran out is marked, and --all lists every charge.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { runMain } from '../capture.js'

const GENERATED = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'vectors', 'corpus', 'generated')
const VECTORS = ['gen-nv18-s2-001.json', 'gen-nv19-sweep-exits.json', 'gen-nv21-sweep-v4.json'].map((f) => join(GENERATED, f))

/** The receipts' gas_used of a vector file, as recorded. */
const recorded = (file: string): string[] =>
  (JSON.parse(readFileSync(file, 'utf8')) as { postconditions: { receipts: { gas_used: number | string }[] } }).postconditions.receipts.map((r) => String(r.gas_used))

/** "1,234.5 gas" → milligas. */
const milligas = (s: string): bigint => {
  const [whole = '0', frac = ''] = s.replace(/,/g, '').split('.')
  return BigInt(whole) * 1000n + BigInt((frac + '000').slice(0, 3))
}

for (const file of VECTORS) {
  test(`fvm-spec trace ${file.split('/').pop()}: each message's charges add up to its gas_used; the out-of-gas point is marked; --all lists every charge`, async () => {
    const gas = recorded(file)
    for (const all of [false, true]) {
      const r = await runMain(['trace', ...(all ? ['--all'] : []), file])
      assert.equal(r.code, 0, r.err.join('\n'))
      assert.match(r.out[0] ?? '', /^PASS /)
      const text = r.out.join('\n')
      const blocks = text.split(/^message \d+:$/m).slice(1)
      assert.equal(blocks.length, gas.length, 'one block per message')
      for (const [i, block] of blocks.entries()) {
        const lines = block.trim().split('\n').map((l) => l.trim())
        assert.equal(lines.at(-1)?.replace(/^total \d+ milligas → /, ''), `${gas[i] as string} gas = gas_used ${gas[i] as string}`, `message ${i}: ${lines.at(-1) ?? ''}`)
        if (all) {
          // Every charge name, no "(others)": their sum is the milligas total the last line gives.
          const start = lines.indexOf('charges by name:')
          assert.ok(start >= 0, `message ${i}: charges by name`)
          const rows = lines.slice(start + 1, -1)
          assert.ok(rows.every((l) => !l.startsWith('(others)')))
          const sum = rows.reduce((s, l) => s + milligas(/ ([0-9,.]+) gas {2}×\d+$/.exec(l)?.[1] ?? 'NaN'), 0n)
          assert.equal(`total ${sum} milligas`, /^total \d+ milligas/.exec(lines.at(-1) ?? '')?.[0], `message ${i}`)
        }
      }
      assert.match(text, /\(out of gas\)/, 'the charge that ran out is marked')
    }
  })
}

test('fvm-spec trace of a folder or a missing file is a usage error naming it (exit 2), not a vector ERROR', async () => {
  const folder = await runMain(['trace', GENERATED])
  assert.equal(folder.code, 2)
  assert.deepEqual(folder.out, [])
  assert.match(folder.err.join('\n'), /trace: .*generated is a folder: give one vector file \(or `fvm-spec run --trace OUT_DIR .*generated` for every vector in it\)/)
  const missing = await runMain(['trace', join(GENERATED, 'no-such.json')])
  assert.equal(missing.code, 2)
  assert.match(missing.err.join('\n'), /trace: .*no-such\.json: no such file/)
})
