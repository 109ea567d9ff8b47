/**
 * The charge functions under the v4 price lists, against values computed by hand from the
 * formulas of `fvm@v4.8.2:fvm/src/gas/price_list.rs` (line numbers in each test). Amounts are
 * milligas unless written `g(n)` (whole gas).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { U64_MAX, gasFromWhole as g } from './gas.js'
import { total } from './charge.js'
import * as G from './price-list.js'
import { HYGGE_PRICES, SKYR_PRICES, TEEP_PRICES, WATERMELON_PRICES } from './price-lists/index.js'

const w = WATERMELON_PRICES
const hygge = HYGGE_PRICES

test('unchanged charges: inclusion, send, actors, syscall, consensus fault (L623–683, L829–840)', () => {
  assert.deepEqual(G.onChainMessage(w, 129n), { name: 'OnChainMessage', compute: g(38863n), other: g(475000n + 46800n + 129n * 1300n) })
  assert.deepEqual(G.onValueTransfer(w, 1n), { name: 'OnValueTransfer', compute: g(6000n), other: 0n })
  assert.equal(G.onMethodInvocation(w, 5n, 0n), undefined)
  assert.equal(total(G.onCreateActor(w, true)), g(2_700_000n))
  assert.equal(total(G.onDeleteActor(w)), 0n)
  assert.deepEqual(G.onSyscall(w), { name: 'OnSyscall', compute: g(14000n), other: 0n }) // host_call_cost L293
  assert.deepEqual(G.onVerifyConsensusFault(w), { name: 'OnVerifyConsensusFault', compute: 0n, other: g(516422n) })
  assert.deepEqual(G.wasmInstructionCost(w, 'memory.grow'), { kind: 'linear', base: 4000n, perUnit: 26_214_400n })
  assert.equal(G.onWasmMemoryInit(w, 65536n)?.compute, 26_214_400n)
})

test('OnMethodInvocation: 75 000 + 300 per params link (L639–642)', () => {
  assert.deepEqual(G.onMethodInvocation(w, 0n, 2n), { name: 'OnMethodInvocation', compute: g(75000n), other: 0n })
  assert.deepEqual(G.onMethodInvocation(w, 1n, 2n, 3n), { name: 'OnMethodInvocation', compute: g(75900n), other: 0n })
  assert.throws(() => G.onMethodInvocation(hygge, 0n, 2n, 1n), /not charged/, 'no links before v4')
})

test('return values: OnChainReturnValue at depth 1, OnReturnValue (300 per link) deeper (L647–666)', () => {
  assert.deepEqual(G.onMethodReturn(w, 1, 10n, 2n), { name: 'OnChainReturnValue', compute: 0n, other: g(13000n) })
  assert.deepEqual(G.onMethodReturn(w, 2, 10n, 3n), { name: 'OnReturnValue', compute: g(900n), other: 0n })
  assert.deepEqual(G.onMethodReturn(w, 7, 10n), { name: 'OnReturnValue', compute: 0n, other: 0n }, 'charged (0) even without links')
  assert.deepEqual(G.onReturnValue(TEEP_PRICES, 1n), { name: 'OnReturnValue', compute: g(300n), other: 0n })
  assert.equal(G.onMethodReturn(hygge, 2, 10n), undefined, 'v3 charges nothing below depth 1')
})

test('blocks: open base 300 C + 187 440 O; OnBlockOpen moves allocation and memcpy to other (L854–880)', () => {
  assert.deepEqual(G.onBlockOpenBase(w), { name: 'OnBlockOpenBase', compute: g(300n), other: g(187440n) })
  // 1000 bytes, no links: open = 2.4 × 1000; surcharge = 10 000 − 2 400.
  assert.deepEqual(G.onBlockOpenPerByte(w, 1000n), { name: 'OnBlockOpen', compute: 0n, other: g(10_000n) })
  assert.deepEqual(G.onBlockOpenPerByte(hygge, 1000n), { name: 'OnBlockOpenPerByte', compute: g(2400n), other: g(7600n) }, 'v3: same total, other split')
  // 1000 bytes, 5 links: C 1 500; open 2 400; surcharge 10 000 − 3 900 = 6 100.
  assert.deepEqual(G.onBlockOpenPerByte(w, 1000n, 5n), { name: 'OnBlockOpen', compute: g(1500n), other: g(8500n) })
  // 100 bytes, 5 links: C 1 500 + open 240 > 1 000 retention minimum: no surcharge.
  assert.deepEqual(G.onBlockOpenPerByte(w, 100n, 5n), { name: 'OnBlockOpen', compute: g(1500n), other: g(240n) })
  const [base, loaded] = G.onBlockOpen(w, 0n, 0n)
  assert.equal(base.name, 'OnBlockOpenBase')
  assert.equal(total(loaded), 0n)
  assert.throws(() => G.onBlockOpenPerByte(hygge, 10n, 1n), /not charged/)
})

test('blocks: create adds 300 per link checked, link adds 300 tracked, read and stat unchanged (L884–933)', () => {
  // 1000 bytes, 4 links: C = 2 400 + 1 200; O = 10 000 − 3 600.
  assert.deepEqual(G.onBlockCreate(w, 1000n, 4n), { name: 'OnBlockCreate', compute: g(3600n), other: g(6400n) })
  // 10 bytes, 1 link: C = 24 + 300 > 100: no surcharge.
  assert.deepEqual(G.onBlockCreate(w, 10n, 1n), { name: 'OnBlockCreate', compute: g(324n), other: 0n })
  assert.deepEqual(G.onBlockLink(w, G.HASH_CODES['blake2b-256'], 1000n), {
    name: 'OnBlockLink',
    compute: g(12_400n + 300n),
    other: g(172_000n + 334_000n + 3_340_000n),
  })
  assert.deepEqual(G.onBlockRead(w, 1000n), { name: 'OnBlockRead', compute: g(400n), other: 0n })
  assert.deepEqual(G.onBlockStat(w), { name: 'OnBlockStat', compute: 0n, other: 0n })
  assert.throws(() => G.onBlockCreate(hygge, 10n, 1n), /not charged/)
})

test('state root: OnActorGetRoot 300 tracked, OnActorSetRoot 300 checked (L1072–1079)', () => {
  assert.deepEqual(G.onGetRoot(w), { name: 'OnActorGetRoot', compute: g(300n), other: 0n })
  assert.deepEqual(G.onSetRoot(w), { name: 'OnActorSetRoot', compute: g(300n), other: 0n })
  assert.throws(() => G.onGetRoot(hygge), /not charged/)
  assert.throws(() => G.onSetRoot(SKYR_PRICES), /not charged/)
})

test('FIP-0075 lookback: 146 200 + 75 per epoch for randomness and tipset CIDs (L225–231, L844–850, L1011–1017)', () => {
  assert.deepEqual(G.onGetRandomness(w, { lookback: 0n }), { name: 'OnGetRandomness', compute: 0n, other: g(146_200n) })
  assert.deepEqual(G.onGetRandomness(w, { lookback: 100n }), { name: 'OnGetRandomness', compute: 0n, other: g(146_200n + 7_500n) })
  assert.deepEqual(G.onTipsetCid(w, { offset: 1n }), { name: 'OnTipsetCid', compute: 0n, other: g(146_275n) })
  assert.deepEqual(G.onTipsetCid(TEEP_PRICES, { offset: 2000n }), { name: 'OnTipsetCid', compute: 0n, other: g(146_200n + 150_000n) })
  // A future epoch: `lookback as u64` wraps and the cost saturates at u64::MAX milligas.
  assert.equal(G.onGetRandomness(w, { lookback: -1n }).other, U64_MAX)
  assert.throws(() => G.onGetRandomness(w, 32n), /needs the lookback/)
  assert.throws(() => G.onTipsetCid(w, true), /needs the epoch offset/)
  // v3 keeps its entropy charge and its latest/historical prices, also when given the offset.
  assert.equal(total(G.onGetRandomness(hygge, { entropyLength: 32n })), g(21000n + 10n * 80n))
  assert.throws(() => G.onGetRandomness(hygge, { lookback: 1n }), /needs the entropy length/)
  assert.equal(total(G.onTipsetCid(hygge, { offset: 1n })), g(50_000n))
  assert.equal(total(G.onTipsetCid(hygge, { offset: 2n })), g(215_000n))
})

test('FIP-0079 BLS aggregate: 8 299 302 × (n + 1) + 7 per plaintext byte (L696–714)', () => {
  assert.deepEqual(G.onVerifyAggregateSignature(w, 3n, 100n), { name: 'OnVerifyBlsAggregateSignature', compute: g(8_299_302n * 4n + 700n), other: 0n })
  assert.equal(G.onVerifyAggregateSignature(TEEP_PRICES, 0n, 0n).compute, g(8_299_302n))
  assert.throws(() => G.onVerifyAggregateSignature(hygge, 1n, 1n), /not charged/)
})

test('FIP-0072 OnActorEvent (L1041–1069) and its limits (kernel/default.rs L1033–1035)', () => {
  // 1 entry, 4-byte key, 32-byte value: est = 12 + 9 + 4 + 32 = 57; mem = 57 × 2.4 = 136.8.
  // C = 2 × 136.8 + (2 000 + 1 400) + (500 + 16 × 4) = 4 237.6; O = 10 × 57 + 136.8 = 706.8.
  assert.deepEqual(G.onActorEvent(w, 1n, 4n, 32n), { name: 'OnActorEvent', compute: 4_237_600n, other: 706_800n })
  // Nothing: est = 12; C = 57.6 + 2 000 + 500; O = 120 + 28.8.
  assert.deepEqual(G.onActorEvent(w, 0n, 0n, 0n), { name: 'OnActorEvent', compute: 2_557_600n, other: 148_800n })
  // The size estimate and the charge saturate.
  assert.equal(G.onActorEvent(w, 2n ** 64n, 0n, 0n).compute, U64_MAX)
  assert.deepEqual(G.onUtf8Validation(w, 10n), { name: 'OnUtf8Validation', compute: g(500n + 160n), other: 0n })
  assert.deepEqual(G.EVENT_LIMITS_V4, { maxEntries: 255n, maxKeyLength: 31n, maxTotalValueLength: 8192n })
  assert.throws(() => G.onActorEvent(hygge, 1n, 1n, 1n), /not charged/)
  assert.throws(() => G.onActorEventValidate(w, 1n), /not charged/)
})

test('proofs: TEEP verify_seal_base 42 000 000 (L316); PoSt V1 types priced as 512MiB-V1P1 (L810–825)', () => {
  assert.deepEqual(G.onVerifySeal(w), { name: 'OnVerifySeal', compute: g(2000n), other: 0n })
  assert.deepEqual(G.onVerifySeal(TEEP_PRICES), { name: 'OnVerifySeal', compute: g(42_000_000n), other: 0n })
  const twoSectors = g(117_680_921n + 2n * 43_780n)
  assert.equal(G.onVerifyPost(w, G.PoStProof.StackedDRGWindow32GiBV1P1, 2n).compute, twoSectors)
  assert.equal(G.onVerifyPost(w, G.PoStProof.StackedDRGWindow32GiBV1, 2n).compute, twoSectors, 'a removed V1 type falls back')
  assert.equal(G.onVerifyPost(TEEP_PRICES, undefined, 2n).compute, twoSectors)
})
