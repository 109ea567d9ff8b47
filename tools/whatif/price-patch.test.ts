import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { HYGGE_PRICES, SKYR_PRICES } from '../../interpreter/gas/price-lists/index.js'
import { applyPatch, applySet, basePriceLists, changesBetween, checkPriceListShape, loadPriceListModule, parseIntegerValue, parseSetArg } from './price-patch.js'

const base = basePriceLists()

test('the base lists are the schedule\'s, by name', () => {
  assert.equal(base.get('hygge'), HYGGE_PRICES)
  assert.equal(base.get('skyr'), SKYR_PRICES)
})

test('integer values: milligas, gas with a unit, factors of the current value; whole milligas only', () => {
  assert.equal(parseIntegerValue('17600', 0n, 'x'), 17_600n)
  assert.equal(parseIntegerValue('187_440gas', 0n, 'x'), 187_440_000n)
  assert.equal(parseIntegerValue('17.6gas', 0n, 'x'), 17_600n)
  assert.equal(parseIntegerValue('400mgas', 0n, 'x'), 400n)
  assert.equal(parseIntegerValue('*2', 10_000n, 'x'), 20_000n)
  assert.equal(parseIntegerValue('x1.5', 10_000n, 'x'), 15_000n)
  assert.equal(parseIntegerValue('-5377gas', 0n, 'x'), -5_377_000n)
  assert.throws(() => parseIntegerValue('1.0005gas', 0n, 'x'), /not a whole number/)
  assert.throws(() => parseIntegerValue('*1.5', 3n, 'x'), /not a whole number/)
  assert.throws(() => parseIntegerValue('two', 0n, 'x'), /not an integer value/)
})

test('--set changes one leaf of one list, leaves the base untouched, and reports the change', () => {
  const patched = applySet(base, parseSetArg('hygge.blocks.blockOpen.scale=17.6gas'))
  const blocks = patched.get('hygge')?.blocks
  assert.ok(blocks?.model === 'retention')
  assert.equal(blocks.blockOpen.scale, 17_600n)
  assert.equal(blocks.blockOpen.flat, 187_440_000n)
  assert.ok(HYGGE_PRICES.blocks.model === 'retention' && HYGGE_PRICES.blocks.blockOpen.scale === 0n, 'base untouched')
  assert.equal(patched.get('skyr'), SKYR_PRICES)
  assert.deepEqual(changesBetween(base, patched), [{ path: 'hygge.blocks.blockOpen.scale', before: '0', after: '17600' }])
  // Records keyed by number and lists are walked the same way.
  const post = applySet(base, parseSetArg('hygge.verifyPostLookup.13.flat=*2'))
  assert.equal(post.get('hygge')?.verifyPostLookup[13]?.flat, 2n * (HYGGE_PRICES.verifyPostLookup[13]?.flat ?? 0n))
  assert.deepEqual(applySet(base, parseSetArg('hygge.preloadedActors.9=98')).get('hygge')?.preloadedActors.slice(-1), [98n])
})

test('an unknown name names the known ones at that level; a wrong type or a rule selector is refused', () => {
  assert.throws(() => applySet(base, parseSetArg('hyge.syscallCost=1')), /unknown price list 'hyge'; known price lists: oh-snap, skyr, hygge/)
  assert.throws(() => applySet(base, parseSetArg('hygge.blocks.blockOpne.scale=1')), /hygge.blocks: unknown field 'blockOpne'; known fields here: model, blockMemcpy, blockAllocate, blockMemoryRetentionMinimum, blockOpen, blockPersistStorage, blockPersistCompute/)
  assert.throws(() => applySet(base, parseSetArg('skyr.blocks.blockOpen.scale=1')), /skyr.blocks: unknown field 'blockOpen'; known fields here: model, blockMemcpyPerByteCost/)
  assert.throws(() => applySet(base, parseSetArg('hygge.blocks=1')), /hygge.blocks: expected an object of fields \(model, blockMemcpy/)
  assert.throws(() => applySet(base, parseSetArg('hygge.blocks.model=memret')), /rule selector \('retention'\)/)
  assert.throws(() => applySet(base, parseSetArg('skyr.actorLookup=5')), /is null: price list 'skyr' does not make this charge/)
  assert.throws(() => applySet(base, parseSetArg('hygge.syscallCost.flat=1')), /hygge.syscallCost: unknown field 'flat'; known fields here: \(none: this is a value\)/)
  assert.throws(() => parseSetArg('hygge=1'), /expected NAME.path=VALUE/)
  assert.throws(() => parseSetArg('hygge.syscallCost'), /expected NAME.path=VALUE/)
})

test('a patch file is checked against the base list\'s shape and applied leaf by leaf', () => {
  const patched = applyPatch(base, { hygge: { syscallCost: '28000gas', blocks: { blockOpen: { scale: 17_600 } } }, skyr: { externCost: '*0' } }, 'p.json')
  assert.equal(patched.get('hygge')?.syscallCost, 28_000_000n)
  assert.equal(patched.get('skyr')?.externCost, 0n)
  assert.equal(changesBetween(base, patched).length, 3)
  assert.throws(() => applyPatch(base, { hygge: { blocks: { blockOpen: { scael: 1 } } } }, 'p.json'), /p.json: hygge.blocks.blockOpen: unknown field 'scael'; known fields here: flat, scale/)
  assert.throws(() => applyPatch(base, { hygge: { blocks: 5 } }, 'p.json'), /p.json: hygge.blocks: expected an object of fields/)
  assert.throws(() => applyPatch(base, { hygge: { syscallCost: true } }, 'p.json'), /p.json: hygge.syscallCost: expected an integer/)
  assert.throws(() => applyPatch(base, { tepe: {} }, 'p.json'), /unknown price list 'tepe'; known price lists: oh-snap, skyr, hygge, watermelon, teep/)
  assert.throws(() => applyPatch(base, [1], 'p.json'), /keyed by price list name/)
})

test('a whole price list is checked against the known lists\' shapes, a changed rule against the list that has it', () => {
  assert.equal(checkPriceListShape(base, { ...HYGGE_PRICES, syscallCost: 1n }, 'm').syscallCost, 1n)
  // hygge with skyr's block rules: a rule another list has.
  assert.equal(checkPriceListShape(base, { ...HYGGE_PRICES, blocks: SKYR_PRICES.blocks }, 'm').blocks.model, 'memret')
  assert.throws(() => checkPriceListShape(base, { ...HYGGE_PRICES, blocks: { ...SKYR_PRICES.blocks, blockOpen: 1n } }, 'm'), /hygge.blocks: unknown field 'blockOpen'/)
  assert.throws(() => checkPriceListShape(base, { ...HYGGE_PRICES, blocks: { model: 'nope' } }, 'm'), /'nope' is not a rule any known price list has here/)
  const { syscallCost: _gone, ...missing } = HYGGE_PRICES
  assert.throws(() => checkPriceListShape(base, missing, 'm'), /missing field 'syscallCost'/)
  assert.throws(() => checkPriceListShape(base, { ...HYGGE_PRICES, syscallCost: '1' }, 'm'), /hygge.syscallCost: expected integer, got '1'/)
  assert.throws(() => checkPriceListShape(base, { ...HYGGE_PRICES, name: 'fast' }, 'm'), /unknown price list 'fast'/)
})

test('a price list module exports whole lists', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-spec-pl-'))
  try {
    const file = join(dir, 'cheap.ts')
    const from = (p: string) => new URL(p, import.meta.url).pathname
    writeFileSync(file, `import { HYGGE_PRICES } from '${from('../../interpreter/gas/price-lists/index.ts')}'\nexport const CHEAP = { ...HYGGE_PRICES, syscallCost: 0n }\n`)
    const [pl] = await loadPriceListModule(base, file)
    assert.equal(pl?.name, 'hygge')
    assert.equal(pl?.syscallCost, 0n)
    writeFileSync(join(dir, 'none.ts'), 'export const x = 1\n')
    await assert.rejects(loadPriceListModule(base, join(dir, 'none.ts')), /exports no price list/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
