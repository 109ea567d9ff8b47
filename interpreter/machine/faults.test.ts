import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseFault } from './faults.js'

test('charge faults take only charge names the registry knows, and say which those are', () => {
  assert.deepEqual(parseFault('double-charge=OnChainMessage'), { doubleCharge: 'OnChainMessage' })
  assert.deepEqual(parseFault('drop-charge=wasm_exec'), { dropCharge: 'wasm_exec' })
  for (const spec of ['double-charge=NoSuchCharge', 'drop-charge=onchainmessage', 'double-charge=__proto__']) {
    assert.throws(() => parseFault(spec), /unknown charge name '.*'; known charge names: .*OnChainMessage.*wasm_exec/, spec)
  }
  assert.throws(() => parseFault('double-charge'), /needs a charge name/)
  assert.throws(() => parseFault('no-such-fault'), /unknown fault/)
})

test('faults without an argument refuse one, and mint-on-transfer takes a whole number ≥ 1 (a misspelt value is never ignored)', () => {
  assert.deepEqual(parseFault('skip-rollback'), { skipRollback: true })
  assert.deepEqual(parseFault('share-instances'), { shareInstances: true })
  assert.deepEqual(parseFault('mint-on-transfer'), { mintOnTransfer: 1n })
  assert.deepEqual(parseFault('mint-on-transfer=1000'), { mintOnTransfer: 1000n })
  assert.throws(() => parseFault('skip-rollback=x'), /skip-rollback takes no value \(got 'x'\)/)
  assert.throws(() => parseFault('share-instances=yes'), /share-instances takes no value \(got 'yes'\)/)
  for (const v of ['abc', '-5', '0', '1e3', '', '1.5']) {
    assert.throws(() => parseFault(`mint-on-transfer=${v}`), /mint-on-transfer=N takes a whole number of attoFIL ≥ 1/, v)
  }
})
