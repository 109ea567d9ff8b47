/**
 * secp256k1 key recovery through the WebAssembly build of libsecp256k1 (secp256k1-fast.ts) must
 * be the pure reference's in every case: the same key for every valid signature (high s with the
 * flipped v included), and the reference's answer, message and all, for every invalid one.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { recoverSecpPublicKey, recoverSecpPublicKeyReference } from '../interpreter/crypto/signature.js'
import { recoverSecpFast } from '../interpreter/crypto/secp256k1-fast.js'

const N = secp256k1.Point.CURVE().n
const P = secp256k1.Point.CURVE().p

function be32(x: bigint): Uint8Array {
  const out = new Uint8Array(32)
  for (let i = 31; i >= 0; i--, x >>= 8n) out[i] = Number(x & 0xffn)
  return out
}

function rsv(r: bigint, s: bigint, v: number): Uint8Array {
  const sig = new Uint8Array(65)
  sig.set(be32(r), 0)
  sig.set(be32(s), 32)
  sig[64] = v
  return sig
}

function agree(hash: Uint8Array, sig: Uint8Array): void {
  assert.deepEqual(recoverSecpPublicKey(hash, sig), recoverSecpPublicKeyReference(hash, sig))
}

test('the WebAssembly secp256k1 is installed and recovers keys (else this test shows nothing)', () => {
  const sk = secp256k1.utils.randomSecretKey()
  const hash = new Uint8Array(32).fill(3)
  const signed = secp256k1.sign(hash, sk, { prehash: false, format: 'recovered' })
  const sig = new Uint8Array(65)
  sig.set(signed.subarray(1), 0)
  sig[64] = signed[0] as number
  assert.deepEqual(recoverSecpFast(hash, sig), secp256k1.getPublicKey(sk, false))
})

test('valid signatures, with low and high s: the same key as the reference', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 48, maxLength: 48 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (seed, hash) => {
      const sk = secp256k1.utils.randomSecretKey(seed)
      const signed = secp256k1.sign(hash, sk, { prehash: false, format: 'recovered' })
      const v = signed[0] as number
      const r = BigInt('0x' + Buffer.from(signed.subarray(1, 33)).toString('hex'))
      const s = BigInt('0x' + Buffer.from(signed.subarray(33, 65)).toString('hex'))
      const key = secp256k1.getPublicKey(sk, false)
      for (const sig of [rsv(r, s, v), rsv(r, N - s, v ^ 1)]) {
        const got = recoverSecpPublicKey(hash, sig)
        assert.deepEqual(got, { ok: true, publicKey: key })
        agree(hash, sig)
      }
    }),
    { numRuns: 300 },
  )
})

test('any bytes, and r, s and v at their edges: the reference answer', () => {
  const edges = [0n, 1n, 2n, N - 1n, N, N + 1n, P - N - 1n, P - N, P - 1n, P, 2n ** 256n - 1n]
  const hash = new Uint8Array(32).fill(0x5a)
  for (const r of edges) for (const s of edges) for (let v = 0; v <= 4; v++) agree(hash, rsv(r, s, v))
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 65, maxLength: 65 }), fc.integer({ min: 0, max: 5 }), (h, sig, v) => {
      sig[64] = v
      agree(h, sig)
    }),
    { numRuns: 500 },
  )
  agree(new Uint8Array(31), rsv(1n, 1n, 0))
  agree(hash, new Uint8Array(64))
})
