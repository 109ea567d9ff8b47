import { test } from 'node:test'
import assert from 'node:assert/strict'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { definedRules } from '../../spec/rules.js'
import { PRICE_PATH_RULES, PRICE_RULES, pathPrefixes, priceLeaves, proofName, ruleOfPath, unitOfPath } from './price-rules.js'
import { PRICE_LIST_SCHEDULE, SKYR_PRICES, TEEP_PRICES } from './price-lists/index.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const LISTS = PRICE_LIST_SCHEDULE.map((e) => e.prices)

test('every price field names a rule that spec/ defines', () => {
  const defined = new Set(definedRules(ROOT).map((d) => d.id))
  const named = [...Object.values(PRICE_RULES), ...Object.values(PRICE_PATH_RULES)]
  assert.deepEqual(named.filter((r) => !defined.has(r)), [])
  for (const pl of LISTS) {
    assert.deepEqual(Object.keys(pl).filter((k) => !(k in PRICE_RULES)), [], `${pl.name}: fields without a rule`)
    for (const path of priceLeaves(pl).keys()) assert.ok(defined.has(ruleOfPath(path)), `${pl.name}.${path}`)
  }
})

test('every path rule names a part some price list has', () => {
  const paths = new Set(LISTS.flatMap((pl) => [...priceLeaves(pl).keys()].flatMap(pathPrefixes)))
  assert.deepEqual(Object.keys(PRICE_PATH_RULES).filter((p) => !paths.has(p)), [])
})

test('ruleOfPath: the longest matching prefix, by whole segments', () => {
  assert.equal(ruleOfPath('blocks.blockOpen.flat'), 'gas.block-open')
  assert.equal(ruleOfPath('blocks.blockMemcpy.scale'), 'gas.block-read')
  assert.equal(ruleOfPath('blocks.blockMemcpyPerByteCost'), 'gas.block-read')
  assert.equal(ruleOfPath('blocks.model'), 'gas.block-open')
  assert.equal(ruleOfPath('verifyAggregateSealSteps.18[start=1]'), 'gas.ni-porep')
  assert.equal(ruleOfPath('verifyAggregateSealSteps.8[start=4]'), 'gas.verify-aggregate-seals')
  assert.equal(ruleOfPath('send.sendTransferFunds'), 'gas.value-transfer')
  assert.equal(ruleOfPath('ipld.linkTracked'), 'gas.ipld-link-tracking')
  assert.equal(ruleOfPath('ipld.cborScanPerCid'), 'gas.ipld-scan')
  assert.throws(() => ruleOfPath('noSuchField'), /no rule/)
  assert.deepEqual(pathPrefixes('a.b[start=1]'), ['a.b[start=1]', 'a.b', 'a'])
})

test('units and proof names', () => {
  assert.equal(unitOfPath('syscallCost', 14_000_000n), 'milligas')
  assert.equal(unitOfPath('createActorStorage', 76_000n), 'milligas × storageGasMultiplier')
  assert.equal(unitOfPath('onChainMessageStorage.scale', 1000n), 'milligas × storageGasMultiplier')
  assert.equal(unitOfPath('randomness.hashedPrefixBytes', 48n), 'bytes')
  assert.equal(unitOfPath('randomness.model', 'lookback'), 'rule')
  assert.equal(unitOfPath('verifyPostDefault', 12), 'proof-type')
  assert.equal(proofName('verifyPostLookup', 12), 'StackedDRGWindow512MiBV1P1')
  assert.equal(proofName('verifyAggregateSealPer', 18), 'StackedDRG32GiBV1P2_Feat_NiPoRep')
  assert.equal(proofName('verifyAggregateSealPer', 3), undefined)
})

test('priceLeaves: fields, records, step tables and ID lists', () => {
  const skyr = priceLeaves(SKYR_PRICES)
  assert.equal(skyr.get('storageGasMultiplier'), 1300n)
  assert.equal(skyr.get('ipld'), null)
  assert.deepEqual(skyr.get('preloadedActors'), [])
  const teep = priceLeaves(TEEP_PRICES)
  assert.equal(teep.get('verifyAggregateSealSteps.18[start=33]'), 528_274_980_000n)
  assert.equal(teep.get('verifyPostLookup.12.scale'), 43_780_000n)
  assert.equal(teep.get('sigCost.bls.flat'), 16_598_605_000n)
  assert.equal(teep.get('randomness.model'), 'lookback')
})
