import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CborError, decodeCbor, encodeCbor, type Ipld } from '../ipld/cbor.js'
import { toHex } from '../util/bytes.js'
import { AddressError, addressToBytes, delegatedAddress, idAddress } from './address.js'
import { checkMessage, decodeMessage, encodeMessage, type Message } from './message.js'

const base: Message = {
  version: 0n,
  to: idAddress(1000n),
  from: idAddress(100n),
  sequence: 7n,
  value: 1000n,
  gasLimit: 10_000_000n,
  gasFeeCap: 100n,
  gasPremium: 1n,
  method: 0n,
  params: new Uint8Array(0),
}

test('types.message-tuple: exact encoding', () => {
  const bytes = encodeMessage(base)
  // 8a = array(10); 00; 43 00e807 (f01000); 42 0064 (f0100); 07; 43 0003e8; 1a 00989680; 42 0064; 42 0001; 00; 40
  assert.equal(toHex(bytes), '8a004300e8074200640743' + '0003e8' + '1a00989680' + '420064' + '420001' + '00' + '40')
  assert.deepEqual(decodeMessage(bytes), base)
  assert.deepEqual(decodeMessage(bytes, 'v2'), base)
})

test('types.message-tuple: round-trip with large values', () => {
  const m: Message = { ...base, sequence: 2n ** 64n - 1n, method: 2n ** 64n - 1n, value: 10n ** 30n, gasLimit: 2n ** 63n - 1n, params: Uint8Array.of(1, 2, 3) }
  assert.deepEqual(decodeMessage(encodeMessage(m)), m)
  assert.deepEqual(decodeMessage(encodeMessage(m, 'v2'), 'v2'), m)
})

function withField(i: number, v: Ipld): Uint8Array {
  const arr = [...(decodeCbor(encodeMessage(base)) as readonly Ipld[])]
  arr[i] = v
  return encodeCbor(arr)
}

test('types.message-tuple: gas_limit and version are i64 in v2 and u64 in v3', () => {
  const negGas = withField(5, -5n)
  assert.equal(decodeMessage(negGas, 'v2').gasLimit, -5n)
  assert.throws(() => decodeMessage(negGas, 'v3'), CborError)
  const bigGas = withField(5, 2n ** 63n)
  assert.equal(decodeMessage(bigGas, 'v3').gasLimit, 2n ** 63n)
  assert.throws(() => decodeMessage(bigGas, 'v2'), CborError)
  const negVersion = withField(0, -1n)
  assert.equal(decodeMessage(negVersion, 'v2').version, -1n)
  assert.throws(() => decodeMessage(negVersion, 'v3'), CborError)
  assert.throws(() => encodeMessage({ ...base, gasLimit: -1n }, 'v3'), CborError)
  assert.equal(toHex(encodeMessage({ ...base, gasLimit: -1n }, 'v2')).slice(28, 30), '20')
})

test('types.message-tuple: rejects wrong arity and field types', () => {
  const arr = decodeCbor(encodeMessage(base)) as readonly Ipld[]
  assert.throws(() => decodeMessage(encodeCbor(arr.slice(0, 9))), /expected 10 elements/)
  assert.throws(() => decodeMessage(encodeCbor([...arr, 0n])), CborError)
  assert.throws(() => decodeMessage(withField(3, -1n)), CborError) // sequence is u64
  assert.throws(() => decodeMessage(withField(8, 'x')), CborError) // method
  assert.throws(() => decodeMessage(withField(9, [])), /params: expected bytes/)
  assert.throws(() => decodeMessage(withField(4, 5n)), /value: expected bytes/)
  assert.throws(() => decodeMessage(withField(4, Uint8Array.of(2, 1))), /sign/)
  assert.throws(() => decodeMessage(withField(1, Uint8Array.of(0))), AddressError)
  assert.throws(() => decodeMessage(withField(2, Uint8Array.of(9, 1))), AddressError)
  assert.throws(() => decodeMessage(encodeCbor({ a: 1n })), CborError)
})

test('types.message-tuple: f4 addresses only decode under v3 rules', () => {
  const f4 = delegatedAddress(10n, new Uint8Array(20).fill(1))
  const bytes = withField(1, addressToBytes(f4))
  assert.equal(decodeMessage(bytes, 'v3').to.protocol, 4)
  assert.throws(() => decodeMessage(bytes, 'v2'), AddressError)
})

test('types.message-tuple: negative token amounts decode (checked later by the executor)', () => {
  const m = decodeMessage(withField(4, Uint8Array.of(1, 5)))
  assert.equal(m.value, -5n)
})

test('types.message-check: gas limit checks per version', () => {
  assert.equal(checkMessage(base, 'v2'), undefined)
  assert.equal(checkMessage(base, 'v3'), undefined)
  assert.match(checkMessage({ ...base, gasLimit: 0n }, 'v2') ?? '', /no gas limit/)
  assert.match(checkMessage({ ...base, gasLimit: 0n }, 'v3') ?? '', /no gas limit/)
  assert.match(checkMessage({ ...base, gasLimit: -1n }, 'v2') ?? '', /negative/)
  assert.match(checkMessage({ ...base, gasLimit: 2n ** 63n }, 'v3') ?? '', /i64 max/)
  assert.equal(checkMessage({ ...base, gasLimit: 2n ** 63n - 1n }, 'v3'), undefined)
})
