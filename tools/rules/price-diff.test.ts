import { test } from 'node:test'
import assert from 'node:assert/strict'
import { SKYR_PRICES, TEEP_PRICES, WATERMELON_PRICES } from '../../interpreter/gas/price-lists/index.js'
import { diffNetworkVersions, diffPriceLists, formatPrice, formatPriceDiff } from './price-diff.js'

test('versions that share a price list differ in nothing', () => {
  for (const [a, b] of [[17, 17], [16, 17], [18, 20], [21, 24], [25, 28]] as const) assert.deepEqual(diffNetworkVersions(a, b), [], `${a} vs ${b}`)
})

test('nv21 → nv25 (WATERMELON → TEEP): verify_seal_base and the NI-PoRep table entries, nothing else', () => {
  const d = diffNetworkVersions(21, 25)
  assert.equal(d.length, 1 + 2 + 14)
  assert.deepEqual(d[0], {
    path: 'verifySealBase',
    label: 'verifySealBase',
    rule: 'gas.proofs',
    unit: 'milligas',
    a: 2_000_000n,
    b: 42_000_000_000n,
    aText: '2 000 gas (2 000 000 mg)',
    bText: '42 000 000 gas (42 000 000 000 mg)',
  })
  assert.deepEqual(new Set(d.slice(1).map((x) => x.rule)), new Set(['gas.ni-porep']))
  const per32 = d.find((x) => x.path === 'verifyAggregateSealPer.18')
  assert.equal(per32?.label, 'verifyAggregateSealPer[18 StackedDRG32GiBV1P2_Feat_NiPoRep]')
  assert.equal(per32?.aText, 'absent')
  assert.equal(per32?.bText, '5 668 740 gas (5 668 740 000 mg)')
  assert.equal(d.find((x) => x.path === 'verifyAggregateSealSteps.19[start=33]')?.b, 509_880_640_000n)
})

test('nv18 → nv21 (HYGGE → WATERMELON): the v4 rules, each price with its rule and both sides', () => {
  const d = diffNetworkVersions(18, 21)
  const by = new Map(d.map((x) => [x.path, x]))
  assert.equal(d.length, 34)
  assert.deepEqual([by.get('ipld.linkTracked')?.rule, by.get('ipld.linkTracked')?.aText, by.get('ipld.linkTracked')?.bText], ['gas.ipld-link-tracking', 'none', '300 gas (300 000 mg)'])
  assert.deepEqual([by.get('ipld.cborScanPerField')?.rule, by.get('ipld.cborScanPerField')?.b], ['gas.ipld-scan', 35_000n])
  assert.deepEqual([by.get('randomness.model')?.a, by.get('randomness.model')?.b, by.get('randomness.model')?.unit], ['extern-entropy', 'lookback', 'rule'])
  assert.deepEqual([by.get('randomness.base')?.aText, by.get('randomness.base')?.bText], ['21 000 gas (21 000 000 mg)', 'absent'])
  assert.equal(by.get('lookbackCost.flat')?.bText, '146 200 gas (146 200 000 mg)')
  assert.equal(by.get('verifyPostDefault')?.bText, '12 (StackedDRGWindow512MiBV1P1)')
  assert.equal(by.get('verifyPostLookup.7.flat')?.b, undefined)
  assert.equal(by.get('events.perEntry.scale')?.rule, 'gas.events-v4')
  assert.equal(by.get('blsAggregate.pairing')?.rule, 'gas.verify-bls-aggregate')
  assert.equal(by.has('syscallCost'), false, 'host_call_cost has syscall_cost\'s value')
  assert.equal(by.has('ipld'), false, 'a null field the other side fills is listed by its parts')
})

test('the diff is symmetric', () => {
  const ab = diffPriceLists(SKYR_PRICES, TEEP_PRICES)
  const ba = diffPriceLists(TEEP_PRICES, SKYR_PRICES)
  assert.deepEqual(new Set(ab.map((x) => x.path)), new Set(ba.map((x) => x.path)))
  for (const x of ab) {
    const y = ba.find((z) => z.path === x.path)
    assert.deepEqual([y?.a, y?.b, y?.rule], [x.b, x.a, x.rule])
  }
})

test('human units', () => {
  assert.equal(formatPrice('wasm.memoryCopyPerByteCost', 'milligas', 400n), '0.4 gas (400 mg)')
  assert.equal(formatPrice('send.sendInvokeMethod', 'milligas', -5_377_000n), '-5 377 gas (-5 377 000 mg)')
  assert.equal(formatPrice('createActorStorage', 'milligas × storageGasMultiplier', 76_000n), '76 gas (76 000 mg) × storageGasMultiplier')
  assert.equal(formatPrice('randomness.hashedPrefixBytes', 'bytes', 48n), '48 bytes')
  assert.equal(formatPrice('storageGasMultiplier', 'factor', 1300n), '× 1300')
  assert.equal(formatPrice('ipld', 'milligas', null), 'none')
  assert.equal(formatPrice('x', 'milligas', undefined), 'absent')
  assert.deepEqual(formatPriceDiff(diffPriceLists(WATERMELON_PRICES, TEEP_PRICES)).slice(0, 1), ['verifySealBase  [gas.proofs]  2 000 gas (2 000 000 mg) → 42 000 000 gas (42 000 000 000 mg)'])
})
