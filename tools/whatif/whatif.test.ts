import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { findVectorFiles } from '../../vectors/discover.js'
import { runVectorText, type RunOptions } from '../../vectors/run-vector.js'
import { chargeTotals } from '../../interpreter/trace/call-tree.js'
import { applySet, basePriceLists, parseSetArg, type PriceLists } from './price-patch.js'
import { methodNameHint, whatIf } from './whatif.js'
import { formatWhatIf, whatIfToJson } from './format.js'

const EMBEDDED = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'vectors', 'corpus', 'embedded')
const files = findVectorFiles([EMBEDDED])
const base = basePriceLists()

/** Gas used summed over every message, and milligas per charge name, from the normal runner. */
function byHand(opts: RunOptions): { total: bigint; charges: Map<string, bigint>; exits: number[] } {
  let total = 0n
  const charges = new Map<string, bigint>()
  const exits: number[] = []
  for (const f of files) {
    const r = runVectorText(readFileSync(f, 'utf8'), f, { ...opts, trace: true })
    for (const g of r.gas_used?.split(',') ?? []) total += BigInt(g)
    for (const t of r.traces ?? []) for (const c of chargeTotals(t)) charges.set(c.name, (charges.get(c.name) ?? 0n) + c.milligas)
    exits.push(r.status === 'pass' ? 0 : 1)
  }
  return { total, charges, exits }
}

function check(patched: PriceLists) {
  const report = whatIf(files, base, patched)
  const before = byHand({})
  const after = byHand({ priceLists: patched })
  assert.equal(report.total.before, before.total, 'total before = the corpus run as it is')
  assert.equal(report.total.after, after.total, 'total after = the corpus run through the runner with the patched price lists')
  for (const row of report.byCharge) {
    assert.equal(row.before, before.charges.get(row.name) ?? 0n, `${row.name} before`)
    assert.equal(row.after, after.charges.get(row.name) ?? 0n, `${row.name} after`)
  }
  const sum = (k: 'before' | 'after', rows: readonly { before: bigint; after: bigint }[]) => rows.reduce((s, r) => s + r[k], 0n)
  assert.equal(sum('before', report.byMethod), report.total.before, 'per method adds up to the total')
  assert.equal(sum('after', report.byMethod), report.total.after)
  assert.equal(sum('before', report.byCallee), sum('before', report.byCharge), 'per callee adds up to the traces')
  assert.equal(sum('after', report.byVector), report.total.after)
  return { report, before, after }
}

test('whatif totals agree with running the embedded corpus twice through the runner (base, then patched)', () => {
  const patched = applySet(base, parseSetArg('hygge.onChainMessageCompute.flat=*2'))
  const { report } = check(patched)
  assert.equal(report.vectors, 26)
  assert.equal(report.messages, 26)
  assert.equal(report.baseMatchesRecorded, 26, 'the base run is the recorded one')
  assert.equal(report.rerun, 13, 'the 13 nv18 vectors use hygge; the nv17 ones ran once')
  assert.equal(report.changedVersions.messages, 13)
  assert.equal(report.changedVersions.after - report.changedVersions.before, report.total.after - report.total.before, 'only nv18 changed')
  assert.ok(report.total.after > report.total.before)
  assert.deepEqual(report.changes, [{ path: 'hygge.onChainMessageCompute.flat', before: '38863000', after: '77726000' }])
  assert.deepEqual(report.networkVersions, [18, 19, 20], 'hygge prices nv18, nv19 and nv20')
  const onChain = report.byCharge.find((c) => c.name === 'OnChainMessage')
  assert.ok(onChain !== undefined && onChain.after > onChain.before)
  assert.equal(report.byCharge.filter((c) => c.after !== c.before).length, 1, 'only the inclusion charge moves')
})

test('a price that makes messages run out of gas: exit-code changes and newly failing messages are reported', () => {
  const patched = applySet(base, parseSetArg('skyr.onChainMessageCompute.flat=*200'))
  const { report } = check(patched)
  assert.ok(report.exitChanges.length > 0)
  for (const e of report.exitChanges) assert.equal(e.after, 7, `${e.vector}: SYS_OUT_OF_GAS`)
  assert.ok(report.exitChanges.some((e) => e.before === 0))
  assert.ok(report.rootsChanged.length > 0)
  const text = formatWhatIf(report).join('\n')
  assert.match(text, /exit codes changed: \d+ messages \(\d+ newly failing\)/)
  const json = JSON.parse(whatIfToJson(report)) as { total_gas_used: { before: string; after: string }; exit_code_changes: unknown[] }
  assert.equal(json.total_gas_used.before, report.total.before.toString())
  assert.equal(json.exit_code_changes.length, report.exitChanges.length)
})

test('method names come from mainnet corpus paths', () => {
  assert.deepEqual(methodNameHint('/x/corpus/extracted/0002-hygge-01/fil_10_storageminer/PreCommitSector/Ok/ext-1.json'), { actor: 'storageminer', method: 'PreCommitSector' })
  assert.equal(methodNameHint('/x/vectors/corpus/embedded/nv18-send.json'), undefined)
})
