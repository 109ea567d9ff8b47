import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { runMain as run } from '../capture.js'
import { parseExecResult } from '../../../vectors/exec.js'
import { quoteCommand } from '../../../vectors/diff.js'
import { basicGenerator } from '../../../vectors/shrink-basic.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const EMBEDDED = join(ROOT, 'vectors', 'corpus', 'embedded')
const GOOD = join(EMBEDDED, 'nv18-send-value-bls-to-id.json')


/** An adapter as a node one-liner (no TypeScript, so it starts fast): every receipt gas_used 1. */
const WRONG_GAS = quoteCommand([
  process.execPath,
  '-e',
  'const v = JSON.parse(require("fs").readFileSync(process.argv.at(-1), "utf8")); console.log(JSON.stringify({ id: v._meta.id, nv: v.preconditions.variants[0].nv, receipts: v.apply_messages.map(() => ({ exit_code: 0, return: "", gas_used: 1 })), post_state_root: v.postconditions.state_tree.root_cid, error: null }))',
])

test('exec prints one contract object on one line and exits 0, even for a malformed vector', async () => {
  const r = await run(['exec', GOOD])
  assert.equal(r.code, 0)
  assert.equal(r.out.length, 1)
  const parsed = parseExecResult(r.out[0] ?? '')
  assert.ok(parsed.ok)
  assert.equal(parsed.result.id, 'embedded-nv18-send-value-bls-to-id')
  const dir = mkdtempSync(join(tmpdir(), 'fvm-spec-exec-'))
  try {
    writeFileSync(join(dir, 'bad.json'), '{')
    const bad = await run(['exec', join(dir, 'bad.json')])
    assert.equal(bad.code, 0)
    assert.match(bad.out[0] ?? '', /"error":"json: /)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const faulty = await run(['exec', '--inject-fault', 'double-charge=OnChainMessage', GOOD])
  assert.notEqual(faulty.out[0], r.out[0])
})

test('exec and diff usage errors exit 2', async () => {
  for (const args of [
    ['exec'],
    ['exec', GOOD, GOOD],
    ['exec', '/no/such/vector.json'],
    ['exec', '--inject-fault', 'nonsense', GOOD],
    ['diff', GOOD],
    ['diff', '--against', '', GOOD],
    ['diff', '--against', "a 'b", GOOD],
    ['diff', '--against', 'x', '--timeout', '0', GOOD],
    ['diff', '--against', 'x', '--jobs', '1.5', GOOD],
    ['diff', '--against', 'x', '/no/such/folder'],
  ]) {
    const r = await run(args)
    assert.equal(r.code, 2, args.join(' '))
    assert.ok(r.err.length > 0)
  }
})

test('diff against an adapter that disagrees: one DIFFER line per vector, a summary, exit 1; --json too', async () => {
  const r = await run(['diff', '--against', WRONG_GAS, '--jobs', '2', GOOD, join(EMBEDDED, 'nv18-preflight-wrong-nonce.json')])
  assert.equal(r.code, 1)
  assert.match(r.out[0] ?? '', /^DIFFER embedded-nv18-preflight-wrong-nonce: receipt 0 exit_code: fvm-spec 2 ≠ other 0/)
  assert.match(r.out[1] ?? '', /^DIFFER embedded-nv18-send-value-bls-to-id: receipt 0 gas_used: fvm-spec 1145663 ≠ other 1/)
  assert.match(r.out[2] ?? '', /2 vectors against .*: 0 same, 2 differ, 0 skipped, 0 adapter errors/)
  const j = await run(['diff', '--json', '--against', WRONG_GAS, GOOD])
  assert.equal(j.code, 1)
  const line = JSON.parse(j.out[0] ?? '') as { status: string; difference: { where: string; ours: string; theirs: string } }
  assert.equal(line.status, 'differs')
  assert.deepEqual(line.difference, { where: 'receipt 0 gas_used', field: 'gas_used', ours: '1145663', theirs: '1' })
  assert.deepEqual(Object.keys(JSON.parse(j.out[1] ?? '') as object), ['summary'])
})

/** A generated vector of three value sends between three accounts, carrying its recipe. */
function threeSends(dir: string): string {
  const FIL = '1000000000000000000'
  const common = { gas_limit: '3000000', fee_cap: '200', premium: '10' }
  const vector = join(dir, 'generated.json')
  writeFileSync(
    vector,
    basicGenerator.build({
      nv: 18,
      base_fee: '100',
      actors: [100, 101, 102].map((id) => ({ id, code: 'account' as const, balance: FIL + '000' })),
      messages: [
        { ...common, from: { actor: 100, by: 'key' }, to: { actor: 101, by: 'id' }, value: FIL },
        { ...common, from: { actor: 101, by: 'key' }, to: { actor: 102, by: 'id' }, value: '5' },
        { ...common, from: { actor: 102, by: 'id' }, to: { actor: 100, by: 'key' }, value: '0' },
      ],
    }),
  )
  return vector
}

test('diff --shrink writes the smallest differing vector and prints a command that reproduces it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-spec-diff-shrink-'))
  try {
    const vector = threeSends(dir)
    const out = join(dir, 'min')
    const r = await run(['diff', '--against', WRONG_GAS, '--shrink', out, vector])
    assert.equal(r.code, 1)
    const shrunk = r.out.find((l) => l.startsWith('SHRUNK')) ?? ''
    assert.match(shrunk, /→ .*\(1 messages, [0-2] actors; \d+ tried\): receipt 0 gas_used/)
    const [written] = readdirSync(out)
    assert.ok(written !== undefined)
    const v = JSON.parse(readFileSync(join(out, written), 'utf8')) as { apply_messages: unknown[] }
    assert.equal(v.apply_messages.length, 1)
    const reproduce = r.out.find((l) => l.trim().startsWith('reproduce: ')) ?? ''
    assert.ok(reproduce.includes(join(out, written)), reproduce)
    assert.ok(reproduce.includes(' diff --against '), reproduce)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('diff --shrink --jobs --max-candidates: candidates at once, progress on stderr, the bound named in the result', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-spec-diff-bounds-'))
  try {
    const vector = threeSends(dir)
    const r = await run(['diff', '--against', WRONG_GAS, '--shrink', join(dir, 'min'), '--jobs', '3', '--max-candidates', '3', '--time-limit', '600', vector])
    assert.equal(r.code, 1)
    assert.match(r.out.find((l) => l.startsWith('SHRUNK')) ?? '', /; 3 tried, stopped at the --max-candidates bound\): receipt 0 gas_used/)
    assert.ok(r.err.some((l) => /^shrinking gen-basic-nv18-\S+: [1-3] tried, \d+ taken, now \d+ messages, \d+ actors \(/.test(l)), r.err.join('\n'))
    for (const bad of [['--max-candidates', '0'], ['--time-limit', '-1'], ['--max-candidates', 'x']]) {
      assert.equal((await run(['diff', '--against', WRONG_GAS, ...bad, vector])).code, 2, bad.join(' '))
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

/** An adapter that runs nothing, as one without bundles would: every vector unsupported. */
const DECLINES = quoteCommand([process.execPath, '-e', 'console.log(JSON.stringify({ id: "x", nv: 18, receipts: [], post_state_root: null, error: "unsupported: needs actor code (no bundles)" }))'])
test('diff: vectors the other side skipped but fvm-spec ran fail the diff loudly, unless --allow-skips', async () => {
  const r = await run(['diff', '--against', DECLINES, GOOD])
  assert.equal(r.code, 1, 'not compared is not agreement')
  assert.match(r.err.join('\n'), /ERROR: 1 vector\(s\) were skipped by .* but run by fvm-spec, so they were NOT compared \(first: embedded-nv18-send-value-bls-to-id: .*needs actor code \(no bundles\)\).*--allow-skips/)
  assert.match(r.out.at(-1) ?? '', /0 same, 0 differ, 1 skipped \(1 by the other side only, 0 by fvm-spec only\)/)
  const allowed = await run(['diff', '--against', DECLINES, '--allow-skips', GOOD])
  assert.equal(allowed.code, 0)
  assert.match(allowed.err.join('\n'), /warning: 1 vector\(s\) were skipped/)
  const json = await run(['diff', '--json', '--against', DECLINES, GOOD])
  assert.equal((JSON.parse(json.out[0] ?? '{}') as { skipped_by?: string }).skipped_by, 'theirs')
  // A vector both sides skip (here: a network version neither runs) was compared by no one, on purpose.
  const dir = mkdtempSync(join(tmpdir(), 'fvm-spec-diff-skip-'))
  try {
    const v = JSON.parse(readFileSync(GOOD, 'utf8')) as { preconditions: { variants: { nv: number }[] } }
    for (const variant of v.preconditions.variants) variant.nv = 16
    writeFileSync(join(dir, 'nv16.json'), JSON.stringify(v))
    const both = await run(['diff', '--against', DECLINES, join(dir, 'nv16.json')])
    assert.equal(both.code, 0, both.err.join('\n'))
    assert.deepEqual(both.err, [])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
