import { test } from 'node:test'
import assert from 'node:assert/strict'
import { I64_MAX, I64_MIN, U64_MAX, formatGas, gasFromWhole, roundDown, roundUp, satAdd, satMul, satSub } from './gas.js'

test('gasFromWhole scales by 1000 and saturates per arithmetic (Gas::new)', () => {
  assert.equal(gasFromWhole(38863n), 38_863_000n)
  assert.equal(gasFromWhole(-5377n), -5_377_000n)
  assert.equal(gasFromWhole(I64_MAX, 'signed-i64'), I64_MAX)
  assert.equal(gasFromWhole(I64_MIN, 'signed-i64'), I64_MIN)
  assert.equal(gasFromWhole(U64_MAX, 'unsigned-u64'), U64_MAX)
  assert.equal(gasFromWhole(I64_MAX, 'unsigned-u64'), U64_MAX)
})

test('rounding matches milligas_to_gas (v2 gas/mod.rs L264–269, v3 L312–320)', () => {
  assert.equal(roundDown(100n), 0n)
  assert.equal(roundUp(100n), 1n)
  assert.equal(roundDown(-100n), -1n)
  assert.equal(roundUp(-100n), 0n)
  assert.equal(roundUp(0n), 0n)
  assert.equal(roundDown(0n), 0n)
  assert.equal(roundUp(1000n), 1n)
  assert.equal(roundDown(1000n), 1n)
  assert.equal(roundUp(1001n), 2n)
  assert.equal(roundDown(1999n), 1n)
  assert.equal(roundDown(-1000n), -1n)
  assert.equal(roundUp(-1999n), -1n)
})

test('saturating arithmetic: i64 both ways, u64 floors at 0', () => {
  assert.equal(satAdd('signed-i64', I64_MAX, 1n), I64_MAX)
  assert.equal(satSub('signed-i64', I64_MIN, 1n), I64_MIN)
  assert.equal(satSub('signed-i64', 1n, 5n), -4n)
  assert.equal(satSub('unsigned-u64', 1n, 5n), 0n)
  assert.equal(satAdd('unsigned-u64', U64_MAX, 1n), U64_MAX)
  assert.equal(satMul('unsigned-u64', U64_MAX, 2n), U64_MAX)
  assert.equal(satMul('signed-i64', -I64_MAX, 2n), I64_MIN)
})

test('formatGas renders whole gas with three decimals', () => {
  assert.equal(formatGas(0n), '0')
  assert.equal(formatGas(12_345n), '12.345')
  assert.equal(formatGas(400n), '0.400')
  assert.equal(formatGas(-98_800_000n), '-98800.000')
})
