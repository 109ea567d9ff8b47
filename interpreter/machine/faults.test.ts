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
