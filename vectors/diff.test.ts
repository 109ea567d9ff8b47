import assert from 'node:assert/strict'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import fc from 'fast-check'
import { findVectorFiles } from './discover.js'
import { commandAdapter, compareResults, diffFiles, diffVector, inProcessAdapter, quoteCommand, resolveProgram, splitCommand, type DiffReport } from './diff.js'
import type { ExecResult } from './exec.js'
import { parseFault } from '../interpreter/machine/faults.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const EMBEDDED = join(ROOT, 'vectors', 'corpus', 'embedded')
const GOOD = join(EMBEDDED, 'nv18-send-value-bls-to-id.json')
const NODE = process.execPath

test('splitCommand: blanks separate, quotes group, no shell expansion', () => {
  assert.deepEqual(splitCommand('fvm-spec exec'), ['fvm-spec', 'exec'])
  assert.deepEqual(splitCommand('  a\t b  '), ['a', 'b'])
  assert.deepEqual(splitCommand(`run --x 'two words' "say \\"hi\\" \\$HOME" a\\ b '' $HOME *`), ['run', '--x', 'two words', 'say "hi" $HOME', 'a b', '', '$HOME', '*'])
  assert.deepEqual(splitCommand(`a'b'"c"d`), ['abcd'])
  assert.throws(() => splitCommand(`a 'b`), /unterminated '/)
  assert.throws(() => splitCommand('a "b'), /unterminated "/)
  assert.throws(() => splitCommand('a \\'), /backslash/)
})

test('quoteCommand is read back word for word by splitCommand', () => {
  fc.assert(fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { minLength: 1, maxLength: 6 }), (words) => {
    assert.deepEqual(splitCommand(quoteCommand(words)), words)
  }))
  assert.equal(quoteCommand(['fvm-spec', 'exec', '--inject-fault', 'drop-charge=OnValueTransfer']), 'fvm-spec exec --inject-fault drop-charge=OnValueTransfer')
})

test('the program fvm-spec means this checkout, run by this node', () => {
  const [node, bin, ...rest] = resolveProgram(['fvm-spec', 'exec'])
  assert.equal(node, NODE)
  assert.match(bin ?? '', /bin[/\\]fvm-spec\.mjs$/)
  assert.deepEqual(rest, ['exec'])
  assert.deepEqual(resolveProgram(['lotus-adapter', 'x']), ['lotus-adapter', 'x'])
})

const R = (over: Partial<ExecResult> = {}): ExecResult => ({
  id: 'v',
  nv: 18,
  receipts: [
    { exit_code: 0, return: '', gas_used: '10' },
    { exit_code: 0, return: 'AQ==', gas_used: '20' },
  ],
  post_state_root: { '/': 'bafyroot' },
  error: null,
  ...over,
})

test('compareResults names the first difference: nv, then per receipt exit_code, return, gas_used, then error, then root', () => {
  assert.equal(compareResults(R(), R({ id: 'other id' })), undefined)
  assert.equal(compareResults(R({ nv: 17 }), R())?.where, 'nv')
  const r1 = [R().receipts[0], { exit_code: 6, return: '', gas_used: '1' }] as ExecResult['receipts']
  assert.equal(compareResults(R(), R({ receipts: r1 }))?.where, 'receipt 1 exit_code')
  assert.deepEqual(compareResults(R(), R({ receipts: [R().receipts[0], { exit_code: 0, return: 'AQ==', gas_used: '21' }] as ExecResult['receipts'] })), {
    where: 'receipt 1 gas_used',
    field: 'gas_used',
    ours: '20',
    theirs: '21',
  })
  assert.equal(compareResults(R(), R({ receipts: [R().receipts[0], { exit_code: 0, return: '', gas_used: '99' }] as ExecResult['receipts'] }))?.where, 'receipt 1 return')
  assert.equal(compareResults(R(), R({ post_state_root: { '/': 'bafyother' } }))?.where, 'post_state_root')
  // A receipt on one side only, then an error on one side only.
  const stopped = R({ receipts: R().receipts.slice(0, 1), post_state_root: null, error: 'message 1: no receipt' })
  assert.deepEqual(compareResults(R(), stopped)?.where, 'receipt 1')
  assert.match(compareResults(R(), stopped)?.theirs ?? '', /no receipt \(error: message 1/)
  assert.equal(compareResults(R({ post_state_root: null, error: 'x' }), R())?.where, 'error')
  // Error texts are not compared, only their presence.
  assert.equal(compareResults(stopped, { ...stopped, error: 'worded differently' }), undefined)
})

const ours = inProcessAdapter()

test('self-check: fvm-spec against itself (in-process) over the embedded corpus: no difference', async () => {
  const files = findVectorFiles([EMBEDDED])
  const seen: string[] = []
  const reports = await diffFiles(files, ours, inProcessAdapter(), { jobs: 3, onReport: (r) => seen.push(r.file) })
  assert.equal(reports.length, 26)
  assert.deepEqual(seen, files, 'reports come in file order')
  assert.deepEqual(reports.filter((r) => r.status !== 'same').map((r) => `${r.id}: ${r.status} ${r.reason}`), [])
})

for (const [fault, field, expected] of [
  // Inclusion is charged for every message that passes preflight: 8 of 13 per version.
  ['double-charge=OnChainMessage', 'gas_used', 16],
  // Every successful transfer of a non-zero value: 5 per version.
  ['mint-on-transfer', 'post_state_root', 10],
  // OnValueTransfer is an nv18 charge, made for every value send that reaches the transfer.
  ['drop-charge=OnValueTransfer', 'gas_used', 6],
] as const) {
  test(`the harness finds fvm-spec with ${fault} different, on ${field}`, async () => {
    const theirs = inProcessAdapter({ faults: parseFault(fault) }, ['fvm-spec', 'exec', '--inject-fault', fault], fault)
    const reports = await diffFiles(findVectorFiles([EMBEDDED]), ours, theirs)
    const differs = reports.filter((r) => r.status === 'differs')
    assert.equal(differs.length, expected, differs.map((r) => r.id).join(', '))
    for (const r of differs) assert.equal(r.difference?.field, field, `${r.id}: ${r.difference?.where}`)
    assert.ok(reports.every((r) => r.status === 'same' || r.status === 'differs'))
    if (fault === 'drop-charge=OnValueTransfer') assert.ok(differs.every((r) => r.id.includes('nv18')))
  })
}

/** A child adapter written as a one-line node script (fast: no TypeScript). */
const script = (js: string, timeoutMs = 10_000) => commandAdapter([NODE, '-e', js], { timeoutMs })

test('a child that crashes, hangs, prints garbage or cannot start is that vector\'s adapter-error', async () => {
  const cases: [string, ReturnType<typeof commandAdapter>, RegExp][] = [
    ['crash', script('process.stderr.write("panicked at src/lib.rs\\n"); process.exit(101)'), /exited with status 101; stderr: panicked at src\/lib\.rs/],
    ['hang', script('setTimeout(() => {}, 60000)', 300), /timed out after 0\.3 s/],
    ['garbage', script('console.log("hello, world")'), /breaks the adapter contract: stdout is not one JSON object/],
    ['bad shape', script('console.log(JSON.stringify({ id: "x", nv: 18, receipts: [{ exit_code: 0, return: "", gas_used: -1 }], post_state_root: null, error: "e" }))'), /gas_used/],
    ['signal', script('process.kill(process.pid, "SIGSEGV")'), /killed by SIGSEGV/],
    ['missing', commandAdapter(['/nonexistent/vm-adapter']), /cannot start \/nonexistent\/vm-adapter/],
    ['flood', commandAdapter([NODE, '-e', 'const s = "x".repeat(65536); const go = () => process.stdout.write(s, go); go()'], { maxOutputBytes: 1 << 20 }), /more than 1048576 bytes/],
  ]
  for (const [name, adapter, why] of cases) {
    const r: DiffReport = await diffVector(GOOD, ours, adapter)
    assert.equal(r.status, 'adapter-error', name)
    assert.match(r.reason ?? '', why, name)
    assert.ok(r.ours !== null && r.theirs === null, name)
  }
})

test('a child\'s contract output is compared: same, a difference, unsupported (skip); gas_used may be a number', async () => {
  const own = (await ours.run(GOOD)) as { ok: true; result: ExecResult }
  const print = (x: unknown) => script(`console.log(${JSON.stringify(JSON.stringify(x))})`)
  const numbers = { ...own.result, receipts: own.result.receipts.map((r) => ({ ...r, gas_used: Number(r.gas_used) })) }
  assert.equal((await diffVector(GOOD, ours, print(numbers))).status, 'same')
  const off = await diffVector(GOOD, ours, print({ ...numbers, receipts: [{ ...numbers.receipts[0], gas_used: 1 }] }))
  assert.equal(off.status, 'differs')
  assert.equal(off.difference?.where, 'receipt 0 gas_used')
  const skip = await diffVector(GOOD, ours, print({ id: 'x', nv: 18, receipts: [], post_state_root: null, error: 'unsupported: nv18 is not implemented' }))
  assert.equal(skip.status, 'skip')
  assert.match(skip.reason ?? '', /unsupported: nv18/)
  // The vector's path is the last argument.
  const echo = await script('const f = process.argv.at(-1); console.log(JSON.stringify({ id: f, nv: null, receipts: [], post_state_root: null, error: "unsupported: echo" }))').run(GOOD)
  assert.ok(echo.ok && echo.result.id === GOOD)
})

test('one real child: fvm-spec exec in its own process agrees with fvm-spec in-process', async () => {
  const r = await diffVector(GOOD, ours, commandAdapter(['fvm-spec', 'exec'], { timeoutMs: 60_000 }))
  assert.equal(r.status, 'same', r.reason ?? r.difference?.where)
  assert.deepEqual(r.theirs, r.ours)
})
