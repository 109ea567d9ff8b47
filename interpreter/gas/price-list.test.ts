import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isRight } from 'fp-ts/lib/Either.js'
import { gasFromWhole as g, roundUp } from './gas.js'
import { type GasCharge, total } from './charge.js'
import { type GasTracker, charge, newTracker, receiptGasUsed } from './tracker.js'
import {
  HASH_CODES,
  PoStProof,
  SealProof,
  onActorEventAccept,
  onActorEventValidate,
  onActorGasCharge,
  onActorLookup,
  onActorUpdate,
  onBlockCreate,
  onBlockLink,
  onBlockOpen,
  onBlockOpenBase,
  onBlockOpenPerByte,
  onBlockRead,
  onBlockStat,
  onChainMessage,
  onChainReturnValue,
  onCreateActor,
  onDeleteActor,
  onGetRandomness,
  onHashing,
  onMethodInvocation,
  onMethodReturn,
  onResolveAddress,
  onSyscall,
  onTipsetCid,
  onValueTransfer,
  onVerifyAggregateSeals,
  onVerifyConsensusFault,
  onVerifyPost,
  onVerifySignature,
  onWasmMemoryInit,
  onWasmTableInit,
  stepLookup,
  wasmInstructionCost,
  wasmMemoryGrowGas,
} from './price-list.js'
import { HYGGE_PRICES, OH_SNAP_PRICES, SKYR_PRICES, priceListFor } from './price-lists/index.js'

const skyr = SKYR_PRICES
const hygge = HYGGE_PRICES

function defined(c: GasCharge | undefined): GasCharge {
  assert.ok(c !== undefined, 'expected a charge')
  return c
}

function applyAll(t: GasTracker, charges: readonly (GasCharge | undefined)[]): GasTracker {
  for (const c of charges) {
    if (c === undefined) continue
    const r = charge(t, c)
    assert.ok(isRight(r), `charge ${c.name} ran out of gas`)
    t = r.right
  }
  return t
}

test('worked example: nv17 account Send/Ok-1 = 38863 + 117*1300 + 29233 = 220196', () => {
  const inclusion = onChainMessage(skyr, 81n) // 81-byte BLS message
  assert.equal(roundUp(total(inclusion)), 38863n + 117n * 1300n)
  const t = applyAll(newTracker(skyr.arithmetic, g(265495n)), [
    inclusion,
    onValueTransfer(skyr, 0n),
    onMethodInvocation(skyr, 0n, 0n),
  ])
  assert.equal(receiptGasUsed(t), 220196n)
})

test('worked example: nv17 storageminer Send/Ok-1 (value ≠ 0, method 0) = 420368', () => {
  const t = applyAll(newTracker(skyr.arithmetic, g(10_000_000n)), [
    onChainMessage(skyr, 91n),
    onValueTransfer(skyr, 1n),
    onMethodInvocation(skyr, 1n, 0n),
  ])
  assert.equal(receiptGasUsed(t), 38863n + 127n * 1300n + 29233n + 27500n + 159672n)
  assert.equal(receiptGasUsed(t), 420368n)
})

test('worked example: nv18 storageminer Send/Ok-1 = 1209363', () => {
  // 60-byte message from an f1 sender: +69 bytes. Value ≠ 0, method 0. The origin is already
  // "updated" and the pre-resolved receiver already "read", so the transfer pays one actor update.
  const t = applyAll(newTracker(hygge.arithmetic, g(10_000_000n)), [
    onChainMessage(hygge, 129n),
    onValueTransfer(hygge, 1n),
    onActorUpdate(hygge),
    onMethodInvocation(hygge, 1n, 0n),
  ])
  assert.equal(receiptGasUsed(t), 38863n + 475000n + 46800n + 129n * 1300n + 6000n + 475000n)
  assert.equal(receiptGasUsed(t), 1209363n)
})

test('method invocation: v2 combined formula for every case (research note §4)', () => {
  const inv = (value: bigint, method: bigint) => total(defined(onMethodInvocation(skyr, value, method)))
  assert.equal(inv(0n, 2n), g(23856n))
  assert.equal(inv(1n, 2n), g(51356n))
  assert.equal(inv(1n, 0n), g(216405n))
  assert.equal(inv(0n, 0n), g(29233n))
  assert.equal(onValueTransfer(skyr, 1n), undefined)
})

test('method invocation: v3 split charges', () => {
  assert.equal(onMethodInvocation(hygge, 5n, 0n), undefined)
  assert.deepEqual(onMethodInvocation(hygge, 0n, 2n), { name: 'OnMethodInvocation', compute: g(75000n), other: 0n })
  assert.deepEqual(onValueTransfer(hygge, 5n), { name: 'OnValueTransfer', compute: g(6000n), other: 0n })
  assert.equal(onValueTransfer(hygge, 0n), undefined)
})

test('return value: 1300 gas per byte of storage; v3 only at depth 1', () => {
  assert.deepEqual(onChainReturnValue(skyr, 10n), { name: 'OnChainReturnValue', compute: 0n, other: g(13000n) })
  assert.deepEqual(onChainReturnValue(hygge, 10n), { name: 'OnChainReturnValue', compute: 0n, other: g(13000n) })
  assert.equal(onMethodReturn(hygge, 2, 10n), undefined)
  assert.equal(total(defined(onMethodReturn(hygge, 1, 0n))), 0n)
})

test('actor creation and deletion', () => {
  assert.deepEqual(onCreateActor(skyr, true), { name: 'OnCreateActor', compute: g(1108454n), other: g(98800n) })
  assert.equal(total(onCreateActor(hygge, false)), g(650000n))
  assert.equal(total(onCreateActor(hygge, true)), g(2700000n))
  assert.deepEqual(onCreateActor(hygge, true), { name: 'OnCreateActor', compute: 0n, other: g(2700000n) })
  assert.deepEqual(onDeleteActor(skyr), { name: 'OnDeleteActor', compute: 0n, other: g(-98800n) })
  assert.equal(total(onDeleteActor(hygge)), 0n)
  assert.throws(() => onActorLookup(skyr), /not charged/)
  assert.equal(total(onActorLookup(hygge)), g(500000n))
  assert.throws(() => onResolveAddress(skyr))
  assert.equal(total(onResolveAddress(hygge)), 0n)
})

test('blocks at nv17', () => {
  assert.deepEqual(onBlockOpenBase(skyr), { name: 'OnBlockOpenBase', compute: g(135617n), other: 0n })
  assert.deepEqual(onBlockOpenPerByte(skyr, 100n), { name: 'OnBlockOpenPerByte', compute: 1_050_000n, other: 0n })
  assert.equal(total(onBlockRead(skyr, 100n)), 50_000n)
  assert.equal(total(onBlockCreate(skyr, 100n)), 1_050_000n)
  assert.deepEqual(onBlockLink(skyr, HASH_CODES['blake2b-256'], 100n), {
    name: 'OnBlockLink',
    compute: g(353640n) + 100_000n,
    other: g(130000n),
  })
  assert.deepEqual(onBlockStat(skyr), { name: 'OnBlockStat', compute: 0n, other: 0n })
})

test('blocks at nv18 (HYGGE test_read_write: 10 gas/byte for open and create)', () => {
  assert.equal(total(onBlockOpenPerByte(hygge, 10n)), g(100n))
  assert.equal(total(onBlockCreate(hygge, 10n)), g(100n))
  assert.deepEqual(onBlockOpenPerByte(hygge, 1000n), { name: 'OnBlockOpenPerByte', compute: 2_400_000n, other: 7_600_000n })
  assert.deepEqual(onBlockOpenBase(hygge), { name: 'OnBlockOpenBase', compute: 0n, other: g(187440n) })
  const [base, perByte] = onBlockOpen(hygge, 0n)
  assert.equal(base.name, 'OnBlockOpenBase')
  assert.equal(total(perByte), 0n)
  assert.equal(total(onBlockRead(hygge, 1000n)), 400_000n)
  assert.deepEqual(onBlockLink(hygge, HASH_CODES['blake2b-256'], 1000n), {
    name: 'OnBlockLink',
    compute: 12_400_000n,
    other: g(172000n + 334000n + 3_340_000n),
  })
})

test('signatures, hashing, randomness, consensus fault', () => {
  assert.equal(total(onVerifySignature(skyr, 'bls', 1000n)), g(16598605n))
  assert.equal(total(onVerifySignature(hygge, 'secp256k1', 100n)), g(1637292n + 1000n))
  assert.equal(total(onVerifySignature(hygge, 'bls', 100n)), g(16598605n + 2600n))
  assert.equal(total(defined(onHashing(skyr, 0x12, 1_000_000n))), g(31355n))
  assert.equal(total(defined(onHashing(skyr, 0x9999, 10n))), g(31355n), 'v2 charges unknown codes')
  assert.equal(onHashing(hygge, 0x9999, 10n), undefined, 'v3 rejects before charging')
  assert.equal(total(defined(onHashing(hygge, HASH_CODES['keccak-256'], 10n))), g(330n))
  assert.deepEqual(onGetRandomness(skyr, 32n), { name: 'OnGetRandomness', compute: g(21000n), other: 0n })
  assert.deepEqual(onGetRandomness(hygge, 32n), { name: 'OnGetRandomness', compute: 0n, other: g(21000n + 10n * 80n) })
  assert.deepEqual(onVerifyConsensusFault(skyr), { name: 'OnVerifyConsensusFault', compute: g(516422n), other: 0n })
  assert.deepEqual(onVerifyConsensusFault(hygge), { name: 'OnVerifyConsensusFault', compute: 0n, other: g(516422n) })
})

test('step costs (price_list.rs test_step_cost) and aggregate seals', () => {
  const steps = [{ start: 10n, cost: g(1n) }, { start: 20n, cost: g(2n) }]
  assert.equal(stepLookup(steps, 0n), 0n)
  assert.equal(stepLookup(steps, 5n), 0n)
  assert.equal(stepLookup(steps, 10n), g(1n))
  assert.equal(stepLookup(steps, 19n), g(1n))
  assert.equal(stepLookup(steps, 20n), g(2n))
  assert.equal(stepLookup(steps, 100n), g(2n))
  assert.equal(stepLookup([], 10n), 0n)
  assert.equal(stepLookup([{ start: 0n, cost: g(1n) }], 0n), g(1n))
  for (const pl of [skyr, hygge]) {
    assert.equal(total(onVerifyAggregateSeals(pl, SealProof.StackedDRG32GiBV1P1, 3n)), g(3n * 449900n))
    assert.equal(total(onVerifyAggregateSeals(pl, SealProof.StackedDRG32GiBV1P1, 7n)), g(7n * 449900n + 112356810n))
    assert.equal(total(onVerifyAggregateSeals(pl, SealProof.StackedDRG64GiBV1P1, 500n)), g(500n * 359272n + 509880640n))
    // unknown proof type (here 3 = StackedDRG32GiBV1) falls back to the 32GiB-V1P1 tables
    assert.equal(total(onVerifyAggregateSeals(pl, 3, 4n)), g(4n * 449900n + 103994170n))
  }
})

test('window PoSt lookup with fallback', () => {
  const expected = g(117680921n + 43780n * 2n)
  assert.equal(total(onVerifyPost(skyr, PoStProof.StackedDRGWindow32GiBV1, 2n)), expected)
  assert.equal(total(onVerifyPost(skyr, undefined, 2n)), expected)
  assert.equal(total(onVerifyPost(skyr, PoStProof.StackedDRGWindow32GiBV1P1, 2n)), expected)
  assert.equal(total(onVerifyPost(hygge, PoStProof.StackedDRGWindow64GiBV1P1, 2n)), expected)
  assert.equal(total(onVerifyPost(hygge, 0, 0n)), g(117680921n))
})

test('events (nv18 only)', () => {
  assert.equal(total(onActorEventValidate(hygge, 100n)), g(1750n) + 100n * 27_400n)
  const accept = onActorEventAccept(hygge, [{ flags: 3n, keyLength: 4n, valueLength: 32n }], 88n)
  assert.deepEqual(accept, { name: 'OnActorEventAccept', compute: 100n * 2_400n, other: 100n * 12_800n })
  assert.throws(() => onActorEventValidate(skyr, 1n))
})

test('tipset CID (nv18 only)', () => {
  assert.equal(total(onTipsetCid(hygge, false)), g(50000n))
  assert.equal(total(onTipsetCid(hygge, true)), g(215000n))
  assert.throws(() => onTipsetCid(skyr, false))
})

test('wasm rules', () => {
  assert.deepEqual(wasmInstructionCost(skyr, 'i32.add'), { kind: 'fixed', milligas: 4000n })
  assert.deepEqual(wasmInstructionCost(skyr, 'end'), { kind: 'fixed', milligas: 0n })
  assert.deepEqual(wasmInstructionCost(skyr, 'memory.grow'), { kind: 'fixed', milligas: 4000n })
  assert.deepEqual(wasmInstructionCost(OH_SNAP_PRICES, 'i32.add'), { kind: 'fixed', milligas: 0n })
  assert.deepEqual(wasmInstructionCost(hygge, 'drop'), { kind: 'fixed', milligas: 0n })
  assert.deepEqual(wasmInstructionCost(hygge, 'call'), { kind: 'fixed', milligas: 4000n })
  assert.deepEqual(wasmInstructionCost(hygge, 'i64.load32_s'), { kind: 'fixed', milligas: 4000n })
  assert.deepEqual(wasmInstructionCost(hygge, 'f64.sqrt'), { kind: 'fixed', milligas: 4000n })
  assert.deepEqual(wasmInstructionCost(hygge, 'memory.grow'), { kind: 'linear', base: 4000n, perUnit: 26_214_400n })
  assert.deepEqual(wasmInstructionCost(hygge, 'memory.copy'), { kind: 'linear', base: 4000n, perUnit: 400n })
  assert.deepEqual(wasmInstructionCost(hygge, 'table.grow'), { kind: 'linear', base: 4000n, perUnit: 3200n })
  assert.deepEqual(wasmInstructionCost(hygge, 'i32x4.add'), { kind: 'unsupported' })
  assert.deepEqual(wasmInstructionCost(hygge, 'ref.null'), { kind: 'unsupported' })
  assert.deepEqual(wasmInstructionCost(hygge, 'i32.atomic.load'), { kind: 'unsupported' })
  assert.equal(total(defined(onWasmMemoryInit(hygge, 65536n))), 26_214_400n)
  assert.equal(total(defined(onWasmTableInit(hygge, 10n))), 32_000n)
  assert.equal(wasmMemoryGrowGas(hygge, 65536n), 26_214_400n)
  assert.equal(onWasmMemoryInit(skyr, 65536n), undefined)
  assert.deepEqual(onActorGasCharge(skyr, 'refund', -5n), { name: 'refund', compute: g(-5n), other: 0n })
  assert.equal(onActorGasCharge(hygge, 'huge', -1n).compute, 2n ** 64n - 1n)
  assert.equal(total(onSyscall(skyr)), g(14000n))
  assert.equal(total(onSyscall(hygge)), g(14000n))
})

test('priceListFor selects by network version', () => {
  assert.equal(priceListFor(15), OH_SNAP_PRICES)
  assert.equal(priceListFor(16), SKYR_PRICES)
  assert.equal(priceListFor(17), SKYR_PRICES)
  for (const nv of [18, 19, 20]) assert.equal(priceListFor(nv), HYGGE_PRICES)
  assert.throws(() => priceListFor(14))
  assert.throws(() => priceListFor(29))
})
