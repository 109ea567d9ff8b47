import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { runMain, type Captured } from '../capture.js'
import { findVectorFiles } from '../../../vectors/discover.js'
import { executeLoaded } from '../../../vectors/run-vector.js'
import { loadVector, type LoadedVector } from '../../../vectors/load.js'
import { HYGGE_PRICES } from '../../../interpreter/gas/price-lists/hygge.js'
import type { PriceList } from '../../../interpreter/gas/price-list.js'

const EMBEDDED = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'vectors', 'corpus', 'embedded')
const ONE = join(EMBEDDED, 'nv18-send-value-bls-to-id.json')

const run = (args: string[]): Promise<Captured> => runMain(['whatif', ...args])

test('whatif: usage errors name what is wrong and exit 2', async () => {
  const cases: [string[], RegExp][] = [
    [[ONE], /nothing changed/],
    [[ONE, '--set', 'hyge.syscallCost=1'], /unknown price list 'hyge'; known price lists: oh-snap, skyr, hygge/],
    [[ONE, '--set', 'hygge.blocks.open.scale=1'], /unknown field 'open'; known fields here: model, blockMemcpy/],
    [[ONE, '--set', 'hygge.syscallCost=lots'], /not an integer value/],
    [[ONE, '--set', 'hygge.syscallCost=1', '--top', '0'], /--top/],
    [['/no/such/path', '--set', 'hygge.syscallCost=1'], /no such file or folder/],
    [[ONE, '--patch', '/no/such/patch.json'], /--patch \/no\/such\/patch.json/],
    [[ONE, '--frobnicate'], /Unknown option '--frobnicate'/],
  ]
  for (const [args, why] of cases) {
    const r = await run(args)
    assert.equal(r.code, 2, args.join(' '))
    assert.match(r.err.join('\n'), why)
    assert.deepEqual(r.out, [])
  }
})

test('whatif: a patch file and --set combine; --json is one object; --report writes a page', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-spec-whatif-'))
  try {
    const patch = join(dir, 'patch.json')
    writeFileSync(patch, JSON.stringify({ hygge: { send: { sendTransferFunds: '*10' } } }))
    const html = join(dir, 'out.html')
    const r = await run([EMBEDDED, '--patch', patch, '--set', 'hygge.syscallCost=1', '--json', '--report', html])
    assert.equal(r.code, 0, r.err.join('\n'))
    assert.equal(r.out.length, 1)
    const j = JSON.parse(r.out[0] as string) as { changes: { path: string }[]; total_gas_used: { change: string }; by_charge_milligas: { name: string; change: string }[] }
    assert.deepEqual(j.changes.map((c) => c.path), ['hygge.send.sendTransferFunds', 'hygge.syscallCost'])
    assert.equal(j.by_charge_milligas.find((c) => c.name === 'OnValueTransfer')?.change, String(6 * 54_000_000))
    assert.equal(j.total_gas_used.change, String(6 * 54_000), 'six nv18 value sends pay 54 000 gas more each')
    assert.match(readFileSync(html, 'utf8'), /^<!doctype html>/i)
    const warn = await run([ONE, '--set', 'hygge.syscallCost=14000gas', '--set', 'hygge.createActorCompute=1'])
    assert.match(warn.err.join('\n'), /--set hygge.syscallCost=14000gas changes nothing/)
    assert.equal(warn.code, 0)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('whatif answers the per-byte question in one command: its totals are the corpus run twice by hand, the second time on a price list edited by hand', async () => {
  // The question of issue 13 (docs/fip-authors.md §4): the per-byte block read price doubled at
  // nv18–20 (blockOpen.scale 0 → 17.6 gas: 10 → 20 gas/B). The generated corpus reads blocks at
  // nv18 through the test bundle, so no mainnet bundles are needed.
  const GENERATED = join(EMBEDDED, '..', 'generated')
  const r = await run([GENERATED, '--set', 'hygge.blocks.blockOpen.scale=17.6gas', '--json'])
  assert.equal(r.code, 0, r.err.join('\n'))
  const json = JSON.parse(r.out.join('\n')) as { total_gas_used: { before: string; after: string; change: string }; messages: number; base_matches_recorded: number; changed_versions_gas_used: { change: string } }
  // By hand: the price list edited as a FIP author would edit hygge.ts, then the corpus run twice.
  const blocks = HYGGE_PRICES.blocks
  assert.ok(blocks.model === 'retention', 'hygge prices blocks by retention')
  const edited: PriceList = { ...HYGGE_PRICES, blocks: { ...blocks, blockOpen: { ...blocks.blockOpen, scale: 17_600n } } }
  const sum = (priceLists?: ReadonlyMap<string, PriceList>): { total: bigint; messages: number } => {
    let total = 0n
    let messages = 0
    // Every message of each vector (`fvm-spec run` stops a vector at its first receipt that differs
    // from the recorded one, which a changed price makes the rule, so it cannot sum the rest).
    for (const f of findVectorFiles([GENERATED])) {
      const loaded = loadVector(readFileSync(f, 'utf8'), f)
      assert.ok(loaded._tag === 'Right', f)
      const v = loaded.right
      const e = executeLoaded(v, v.variants[0] as LoadedVector['variants'][number], priceLists === undefined ? {} : { priceLists })
      assert.ok(e.kind === 'done', `${f}: ${e.kind}`)
      for (const m of e.applied) {
        total += m.receipt.gasUsed
        messages++
      }
    }
    return { total, messages }
  }
  const before = sum()
  const after = sum(new Map([['hygge', edited]]))
  assert.equal(json.messages, before.messages)
  assert.equal(json.base_matches_recorded, before.messages)
  assert.equal(json.total_gas_used.before, before.total.toString())
  assert.equal(json.total_gas_used.after, after.total.toString())
  assert.ok(after.total > before.total, 'the generated corpus reads blocks at nv18: the change is not zero')
  assert.equal(json.total_gas_used.change, (after.total - before.total).toString())
  assert.equal(json.changed_versions_gas_used.change, json.total_gas_used.change, 'only hygge versions changed')
})
