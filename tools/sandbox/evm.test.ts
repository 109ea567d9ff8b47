/** FEVM encodings that need no bundle: method numbers, parameters, the assembler. */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeCbor } from '../../interpreter/ipld/cbor.js'
import { addressToBytes, idAddress } from '../../interpreter/types/address.js'
import { encodeCbor } from '../../interpreter/ipld/cbor.js'
import { assemble, initcodeFor } from './evm-asm.js'
import { createExternalParams, decodeCborBytes, decodeEamReturn, decodeEvmState, EVM_METHOD, frc42MethodNumber, getStorageAtParams, invokeContractParams } from './evm.js'
import { dagCborCid } from '../../interpreter/ipld/cid.js'

test('FRC-42: InvokeEVM is method 3844450837 (0xe525aa15), the number Lotus and the EVM actor use', () => {
  assert.equal(EVM_METHOD.InvokeContract, 3844450837n)
  assert.equal(frc42MethodNumber('InvokeEVM'), 0xe525aa15n)
  assert.ok(frc42MethodNumber('Name') >= 1n << 24n, 'at least 2^24')
})

test('EAM and EVM parameters: CBOR byte strings, no params for empty calldata, GetStorageAt a 1-tuple', () => {
  assert.deepEqual(decodeCbor(createExternalParams(Uint8Array.of(1, 2))), Uint8Array.of(1, 2))
  assert.equal(invokeContractParams(new Uint8Array()).length, 0)
  assert.deepEqual(decodeCbor(invokeContractParams(Uint8Array.of(9))), Uint8Array.of(9))
  assert.deepEqual(decodeCbor(getStorageAtParams(0x100n)), [Uint8Array.of(1, 0)])
  assert.deepEqual(decodeCborBytes(encodeCbor(Uint8Array.of(7))), Uint8Array.of(7))
  assert.equal(decodeCborBytes(new Uint8Array()), undefined)
  assert.equal(decodeCborBytes(encodeCbor([1n])), undefined)
  const r = decodeEamReturn(encodeCbor([105n, addressToBytes(idAddress(7n)), new Uint8Array(20).fill(0xaa)]))
  assert.equal(r.actorId, 105n)
  assert.throws(() => decodeEamReturn(encodeCbor([1n, null, new Uint8Array(19)])), /19 bytes/)
})

test('EVM state layout: 5 fields up to actors v15, 6 (transient data) from v16', () => {
  const c = dagCborCid(Uint8Array.of(0x80))
  const v15 = decodeEvmState([c, new Uint8Array(32), c, 3n, null], 15)
  assert.equal(v15.nonce, 3n)
  const v16 = decodeEvmState([c, new Uint8Array(32), c, null, 4n, null], 16)
  assert.equal(v16.nonce, 4n)
  assert.throws(() => decodeEvmState([c, new Uint8Array(32), c, 3n, null], 16), /expected 6 elements/)
})

test('assembler: pushes use the smallest PUSHn, labels resolve to JUMPDEST offsets; init code returns the runtime', () => {
  assert.deepEqual(assemble([{ push: 0 }, { push: 0x1234 }, 'STOP']), Uint8Array.of(0x60, 0x00, 0x61, 0x12, 0x34, 0x00))
  assert.deepEqual(assemble([{ pushLabel: 'x' }, 'JUMP', { label: 'x' }, 'JUMPDEST']), Uint8Array.of(0x61, 0x00, 0x04, 0x56, 0x5b))
  assert.throws(() => assemble(['NOPE']), /unknown opcode NOPE/)
  assert.throws(() => assemble([{ pushLabel: 'y' }]), /unknown label y/)
  const init = initcodeFor(Uint8Array.of(0xaa, 0xbb))
  assert.deepEqual(init.subarray(13), Uint8Array.of(0xaa, 0xbb))
  assert.deepEqual(init.subarray(0, 3), Uint8Array.of(0x61, 0x00, 0x02))
})
