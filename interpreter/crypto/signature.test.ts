import assert from 'node:assert/strict'
import { test } from 'node:test'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { addressFromString, blsAddress, BLS_ZERO_ADDRESS, idAddress, secp256k1Address } from '../types/address.js'
import { fromBase64, fromHex, toHex } from '../util/bytes.js'
import { blake2b256 } from './hash.js'
import { BLS_DST, recoverSecpPublicKey, SignatureType, verifyBls, verifySecp256k1, verifySignature } from './signature.js'

// filecoin-project/serialization-vectors message_signing.json at 7f4dc7f (2020-01): a secp256k1
// signature (r‖s‖v) over the message CID bytes.
const SECP = {
  from: addressFromString('t1slxh2kv3vwz3japfiyyd7rkw6p7tm4pt4wo5wyq'),
  cid: fromHex('0171a0e402207054c0b2879607a1537c2976567f028112c208b61daf96d5b06b8e37e8d2773b'),
  privateKey: fromBase64('sC23s2GtwGXq/4DbBoTqToIUCA4ESOJjjaMas6WLsZM='),
  signature: fromBase64('3rqEdesPlYdrEVzNAbhfTQoXf8QseeE5e4HBRo+PiQNPZYTr8gkAiguku2SZFsC0p6QBpeprnEcQakZSnNB5XgA='),
}

// The same repository at HEAD (5bfb928, 2020-08): two BLS signatures over message CID bytes.
// Filecoin BLS private keys are little-endian; noble reads them big-endian.
const BLS = [
  {
    from: addressFromString('t3sogjuub37grt2tuvvlxbiamthwxenf2dwgq6sn7gpj72c5omg7gojjplsdsovgq6g3aagwerkght3e7boqfq'),
    cid: fromHex('0171a0e40220cebe89d62b1ff3c34a26d112fd0d1c71debefce08214cce0cdaaf67d532fbfeb'),
    privateKey: fromBase64('pyBOAP9camcZANKedHE+oaqPgtsOd/qBvOAO1YfvLVY='),
    signature: fromBase64('sYHUj6N7Cb86A8pTPyaB82zdeemyHd+tZU4Vdsm6bz2GlaeLC5tsc3SX1Q7Fr5pRA5gXhcx4ID+vDqDVO7ZAnToKaWeZ2Wr28S+b4tGWOwqYHx8jkkvklyyNJ5wK4bq+'),
  },
  {
    from: addressFromString('t3unbjghaftrz676njfgakmfwvirbu5kxpafb57ex2s4sd7p2e5un2mru5fn3l2hnahcqsxtvwxy5j2cdtlaaa'),
    cid: fromHex('0171a0e4022085f14c26af4fee87f75ce11fb3f98f5bab2010992eaa52211c04ce677302cf40'),
    privateKey: fromBase64('up1tp2I6oAPrSyiAW1chA9Uo32DiPy+nDb5Sl7BXmT0='),
    signature: fromBase64('kfeQ7eyQ+Rs3jgv2igh2w5H4z8+laQXttg68Q5hPsf1vluiOjXFWELS1HrMqR7xaDR6Q2yjXLDdmxm+JsFr6MNSUbdDBBXsiH9aTUyxc3cA9Li5QZ0ed2k/oKHPhpeDh'),
  },
] as const

const N = secp256k1.Point.CURVE().n

/** Filecoin secp256k1 signing: RFC 6979 over blake2b-256(data), no prehash, r‖s‖v. */
function secpSign(privateKey: Uint8Array, data: Uint8Array): Uint8Array {
  const rec = secp256k1.sign(blake2b256(data), privateKey, { prehash: false, format: 'recovered' })
  const out = new Uint8Array(65)
  out.set(rec.subarray(1), 0)
  out[64] = rec[0] as number
  return out
}

/** Filecoin BLS signing with a little-endian private key. */
function blsSign(privateKey: Uint8Array, data: Uint8Array): Uint8Array {
  const bls = bls12_381.longSignatures
  return bls.sign(bls.hash(data, BLS_DST), Uint8Array.from(privateKey).reverse()).toBytes(true)
}

function blsPublicKey(privateKey: Uint8Array): Uint8Array {
  return bls12_381.longSignatures.getPublicKey(Uint8Array.from(privateKey).reverse()).toBytes(true)
}

test('secp256k1: the serialization vector verifies, and signing it again gives the same bytes', () => {
  assert.equal(verifySecp256k1(SECP.signature, SECP.cid, SECP.from), true)
  assert.equal(verifySignature(SignatureType.Secp256k1, SECP.signature, SECP.cid, SECP.from), true)
  assert.equal(toHex(secpSign(SECP.privateKey, SECP.cid)), toHex(SECP.signature))
  const pub = secp256k1.getPublicKey(SECP.privateKey, false)
  assert.deepEqual(secp256k1Address(pub), SECP.from)
})

test('secp256k1: another plaintext, another signer, a wrong length or a BLS address are invalid', () => {
  const other = Uint8Array.from(SECP.cid)
  other[5] = (other[5] as number) ^ 1
  assert.equal(verifySecp256k1(SECP.signature, other, SECP.from), false)
  const otherKey = secp256k1Address(secp256k1.getPublicKey(new Uint8Array(32).fill(9), false))
  assert.equal(verifySecp256k1(SECP.signature, SECP.cid, otherKey), false)
  assert.equal(verifySecp256k1(SECP.signature.subarray(0, 64), SECP.cid, SECP.from), false)
  assert.equal(verifySecp256k1(Uint8Array.of(...SECP.signature, 0), SECP.cid, SECP.from), false)
  assert.equal(verifySignature(SignatureType.Secp256k1, SECP.signature, SECP.cid, BLS[0].from), false)
  assert.equal(verifySignature(SignatureType.BLS, SECP.signature, SECP.cid, SECP.from), false)
})

test('secp256k1 recovery: the key, the high-s twin (s → n−s, v → v⊕1) recovers it too; bad r, s, v fail', () => {
  const hash = blake2b256(SECP.cid)
  const r = recoverSecpPublicKey(hash, SECP.signature)
  assert.ok(r.ok)
  assert.equal(toHex(r.publicKey), toHex(secp256k1.getPublicKey(SECP.privateKey, false)))
  assert.equal(r.publicKey.length, 65)

  const s = BigInt('0x' + toHex(SECP.signature.subarray(32, 64)))
  const twin = Uint8Array.from(SECP.signature)
  twin.set(fromHex((N - s).toString(16).padStart(64, '0')), 32)
  twin[64] = (twin[64] as number) ^ 1
  const r2 = recoverSecpPublicKey(hash, twin)
  assert.ok(r2.ok)
  assert.equal(toHex(r2.publicKey), toHex(r.publicKey))
  assert.equal(verifySecp256k1(twin, SECP.cid, SECP.from), true)

  for (const v of [4, 27, 255]) {
    const bad = Uint8Array.from(SECP.signature)
    bad[64] = v
    assert.equal(recoverSecpPublicKey(hash, bad).ok, false, `v = ${v}`)
  }
  const zeroR = Uint8Array.from(SECP.signature).fill(0, 0, 32)
  assert.equal(recoverSecpPublicKey(hash, zeroR).ok, false)
  const bigS = Uint8Array.from(SECP.signature)
  bigS.set(fromHex(N.toString(16).padStart(64, '0')), 32)
  assert.equal(recoverSecpPublicKey(hash, bigS).ok, false)
})

for (const [i, v] of BLS.entries()) {
  test(`BLS: serialization vector ${i} verifies; its little-endian key derives the address and re-signs byte for byte`, () => {
    assert.equal(verifyBls(v.signature, v.cid, v.from), true)
    assert.equal(verifySignature(SignatureType.BLS, v.signature, v.cid, v.from), true)
    assert.deepEqual(blsAddress(blsPublicKey(v.privateKey)), v.from)
    assert.equal(toHex(blsSign(v.privateKey, v.cid)), toHex(v.signature))
  })
}

test('BLS: the other message, the other key, a secp address are invalid', () => {
  const [a, b] = BLS
  assert.equal(verifyBls(a.signature, b.cid, a.from), false)
  assert.equal(verifyBls(a.signature, a.cid, b.from), false)
  assert.equal(verifyBls(a.signature, a.cid, SECP.from), false)
  assert.equal(verifyBls(a.signature, a.cid, idAddress(1n)), false)
})

test('BLS: zero and infinity keys and signatures, bad lengths and non-compressed encodings are invalid', () => {
  const [a] = BLS
  const inf96 = new Uint8Array(96)
  inf96[0] = 0xc0
  // The infinity public key (f3yaaa…, the BLS zero address) never verifies, not even an infinity signature.
  assert.equal(verifyBls(a.signature, a.cid, BLS_ZERO_ADDRESS), false)
  assert.equal(verifyBls(inf96, a.cid, BLS_ZERO_ADDRESS), false)
  assert.equal(verifyBls(inf96, a.cid, a.from), false)
  // All-zero bytes lack the compression flag.
  assert.equal(verifyBls(new Uint8Array(96), a.cid, a.from), false)
  assert.equal(verifyBls(a.signature, a.cid, blsAddress(new Uint8Array(48))), false)
  assert.equal(verifyBls(a.signature.subarray(0, 95), a.cid, a.from), false)
  assert.equal(verifyBls(Uint8Array.of(...a.signature, 0), a.cid, a.from), false)
  const uncompressed = bls12_381.G2.Point.fromBytes(a.signature).toBytes(false)
  assert.equal(verifyBls(uncompressed, a.cid, a.from), false)
  // A point that is not on the curve.
  const offCurve = Uint8Array.from(a.signature)
  offCurve[95] = (offCurve[95] as number) ^ 1
  assert.equal(verifyBls(offCurve, a.cid, a.from), false)
})

test('BLS: an empty plaintext signs and verifies', () => {
  const sk = new Uint8Array(32).fill(0x11)
  const address = blsAddress(blsPublicKey(sk))
  assert.equal(verifyBls(blsSign(sk, new Uint8Array(0)), new Uint8Array(0), address), true)
})

test('BLS verify speed (bytes in, one signature)', () => {
  const [a] = BLS
  verifyBls(a.signature, a.cid, a.from)
  const n = 5
  const t0 = performance.now()
  for (let i = 0; i < n; i++) assert.equal(verifyBls(a.signature, a.cid, a.from), true)
  const ms = (performance.now() - t0) / n
  console.log(`# BLS verify: ${ms.toFixed(1)} ms`)
  assert.ok(ms < 2000)
})
