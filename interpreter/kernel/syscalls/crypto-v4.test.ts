/**
 * `crypto.verify_bls_aggregate` (FIP-0079), new at nv21 (fvm@v4.8.2 `fvm/src/syscalls/crypto.rs`
 * L55–95, `kernel/default.rs` L634–682). The first four verdicts use the vectors of ref-fvm's
 * syscall test actor (`testing/test_actors/actors/fil-syscall-actor/src/actor.rs` L196–261,
 * re-entered here as hex). Gas: `OnVerifyBlsAggregateSignature` = 8 299 302 × (n + 1) + 7 × the
 * plaintext bytes, compute (`gas/price_list.rs` L696–714).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import * as Digest from 'multiformats/hashes/digest'
import { encodeCbor } from '../../ipld/cbor.js'
import { CID } from '../../ipld/cid.js'
import { BLS_DST, verifyBlsAggregate } from '../../crypto/signature.js'
import { ErrorNumber } from '../../types/error-number.js'
import type { KernelState } from '../kernel.js'
import { call, chargesSince, errno, i32At, kernelFor, used, value, withBytes } from './kernel-fixture.js'

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'))
const KEYS = [
  'ad9a91bc725565fa81e103cd803da1b9d2129354a00fe972b271738e04dd51d7bc970b57046e17db7d8f7ab0cf7b4292',
  'a6bcfdba8c10c12edaa1031c4670c0fdc3b3a7b5c58213d833bc56b35828a1d774bd9d1d1b3d906fc3dd64576bef19bd',
  'a7f12d4899acc00a7690df78266a8c300e39680043ae94b1cc8a23c95c6cd03c6de209a902a81b498add4d4a67ba75e1',
].map(hex)
const SIG = hex('a427e0d4b8c1b0810a7f6024653f8505df94fd228b6df4e5f2f75354066009a357fcea34693057269a309622a5352a6c076ae15d930b9c6d6ce21b7ed5c794034d66f8ef296cb19f0e3299312f16fa71fcaadf963361b413e2abf6c5325c2fb6')
/** A valid G2 point that is not the aggregate. */
const OTHER_SIG = hex('9248ef98583b45197718362569dc86832eba62232ea058e1c332872718b20bf12ea6d6c643c83db7336c4573b8967c2015c0ccaefd97316ff63c34935a855a3509094ebb7f1acf2ff0f86d2d6853632d234e12db0d32911a17066720f8bceb6f')
/** A valid G1 point that is not the first key. */
const OTHER_KEY = hex('9246913a19eb5ed4299d1bc690b29dbfda551751c60254ab08d4fb3e8f2ef13df816a98a101327b3728443822d600184')
/** The messages: bytes 0..9, 10..19, 20..29. */
const MSGS = [0, 1, 2].map((i) => Uint8Array.from({ length: 10 }, (_, j) => i * 10 + j))

const G1_IDENTITY = Uint8Array.of(0xc0, ...new Uint8Array(47))
const G2_IDENTITY = Uint8Array.of(0xc0, ...new Uint8Array(95))

const ACTORS = [{ id: 100n, code: 'account', balance: 0n }] as const
const PAIRING = 8_299_302_000n
const HASHING_PER_BYTE = 7_000n

const SIG_OFF = 0
const KEYS_OFF = 200
const LENS_OFF = 1000
const PT_OFF = 1200

function aggregateCall(k: KernelState, sig: Uint8Array, keys: readonly Uint8Array[], msgs: readonly Uint8Array[], lens: readonly number[] = msgs.map((m) => m.length)) {
  const mem = new Uint8Array(4096)
  withBytes(mem, SIG_OFF, sig)
  keys.forEach((key, i) => withBytes(mem, KEYS_OFF + 48 * i, key))
  const view = new DataView(mem.buffer)
  lens.forEach((l, i) => view.setUint32(LENS_OFF + 4 * i, l >>> 0, true))
  let at = PT_OFF
  for (const m of msgs) {
    withBytes(mem, at, m)
    at += m.length
  }
  return call(k, 'crypto', 'verify_bls_aggregate', [keys.length, SIG_OFF, KEYS_OFF, PT_OFF, LENS_OFF], mem)
}

const verdict = (s: ReturnType<typeof call>): number => i32At(value(s).value as Uint8Array, 0)

/** Keys and signatures of our own (little-endian secret keys, as bls-signatures). */
function keyPair(seed: number): { readonly pk: Uint8Array; readonly sign: (m: Uint8Array) => ReturnType<typeof bls12_381.G2.Point.fromBytes> } {
  const bls = bls12_381.longSignatures
  const sk = new Uint8Array(32).fill(seed)
  sk[0] = 0x01
  return { pk: bls.getPublicKey(sk).toBytes(true), sign: (m) => bls.sign(bls.hash(m, BLS_DST), sk) }
}

for (const nv of [21, 25] as const) {
  const k0 = kernelFor(nv, ACTORS)

  test(`nv${nv} crypto.verify_bls_aggregate: ref-fvm's vectors (valid; another signature, key or message → −1)`, () => {
    const ok = aggregateCall(k0, SIG, KEYS, MSGS)
    assert.equal(verdict(ok), 0)
    assert.equal(used(ok.state), PAIRING * 4n + HASHING_PER_BYTE * 30n)
    assert.deepEqual(chargesSince(ok.state, 0), ['OnVerifyBlsAggregateSignature'])
    assert.equal(verdict(aggregateCall(k0, OTHER_SIG, KEYS, MSGS)), -1)
    assert.equal(verdict(aggregateCall(k0, SIG, [OTHER_KEY, KEYS[1] as Uint8Array, KEYS[2] as Uint8Array], MSGS)), -1)
    const changed = aggregateCall(k0, SIG, KEYS, [Uint8Array.of(11, 22, 33, 44), MSGS[1] as Uint8Array, MSGS[2] as Uint8Array])
    assert.equal(verdict(changed), -1)
    assert.equal(used(changed.state), PAIRING * 4n + HASHING_PER_BYTE * 24n)
  })

  test(`nv${nv} crypto.verify_bls_aggregate: no signers is valid, charged one pairing`, () => {
    const s = aggregateCall(k0, new Uint8Array(96), [], [])
    assert.equal(verdict(s), 0)
    assert.equal(used(s.state), PAIRING)
  })

  test(`nv${nv} crypto.verify_bls_aggregate: undecodable points → −1 after the charge`, () => {
    const bad = aggregateCall(k0, new Uint8Array(96), KEYS, MSGS)
    assert.equal(verdict(bad), -1)
    assert.equal(used(bad.state), PAIRING * 4n + HASHING_PER_BYTE * 30n)
    assert.equal(verdict(aggregateCall(k0, SIG, [new Uint8Array(48), KEYS[1] as Uint8Array, KEYS[2] as Uint8Array], MSGS)), -1)
  })

  test(`nv${nv} crypto.verify_bls_aggregate: duplicate messages and identity keys are invalid even where the pairing equation holds`, () => {
    const a = keyPair(3)
    const b = keyPair(5)
    const m1 = Uint8Array.of(1)
    const m2 = Uint8Array.of(2)
    const agg = (...pts: ReturnType<typeof a.sign>[]) => pts.reduce((x, y) => x.add(y)).toBytes(true)
    assert.equal(verdict(aggregateCall(k0, agg(a.sign(m1), b.sign(m2)), [a.pk, b.pk], [m1, m2])), 0, 'distinct messages verify')
    // Same message twice: the equation holds, but blstrs::unique_messages refuses it (rogue keys).
    assert.ok(verifyBlsAggregateMathematically(agg(a.sign(m1), b.sign(m1)), [a.pk, b.pk], [m1, m1]))
    assert.equal(verdict(aggregateCall(k0, agg(a.sign(m1), b.sign(m1)), [a.pk, b.pk], [m1, m1])), -1)
    // An identity key contributes e(O, H(m)) = 1: the equation holds for a's signature alone.
    assert.equal(verdict(aggregateCall(k0, a.sign(m1).toBytes(true), [a.pk, G1_IDENTITY], [m1, m2])), -1)
    // One identity key and the identity signature: e(O, H(m)) = e(g1, O) = 1, still invalid.
    assert.equal(verdict(aggregateCall(k0, G2_IDENTITY, [G1_IDENTITY], [m1])), -1)
  })

  test(`nv${nv} crypto.verify_bls_aggregate: argument errors are IllegalArgument before any charge`, () => {
    // num_signers × 48 overflows u32.
    const overflow = call(k0, 'crypto', 'verify_bls_aggregate', [0x0555_5556, 0, 0, 0, 0], new Uint8Array(4096))
    assert.equal(errno(overflow), ErrorNumber.IllegalArgument)
    assert.equal(used(overflow.state), 0n)
    for (const args of [[0, 4050, 0, 0, 0], [1, 0, 4050, 0, 0], [1, 0, 0, 0, 4094], [0, 0, 0, 4097, 0]]) {
      const s = call(k0, 'crypto', 'verify_bls_aggregate', args, new Uint8Array(4096))
      assert.equal(errno(s), ErrorNumber.IllegalArgument, JSON.stringify(args))
      assert.equal(used(s.state), 0n)
    }
    // The plaintexts (Σ lengths) out of memory.
    const long = aggregateCall(k0, SIG, KEYS, MSGS, [10, 10, 4000])
    assert.equal(errno(long), ErrorNumber.IllegalArgument)
    assert.equal(used(long.state), 0n)
  })

  test(`nv${nv} crypto.verify_bls_aggregate: a wrapping sum of lengths is IllegalArgument after the charge`, () => {
    // 0xffffffff + 1 wraps to 0 (u32 sum, release build): zero plaintext bytes are read and
    // charged, then the first length runs past them.
    const s = aggregateCall(k0, SIG, KEYS.slice(0, 2), [], [0xffff_ffff, 1])
    assert.equal(errno(s), ErrorNumber.IllegalArgument)
    assert.equal(used(s.state), PAIRING * 3n)
  })
}

/** The bare pairing equation, without bls-signatures' distinct-message and identity rules. */
function verifyBlsAggregateMathematically(sig: Uint8Array, keys: readonly Uint8Array[], msgs: readonly Uint8Array[]): boolean {
  const { G1, G2, pairingBatch, fields } = bls12_381
  const pairs = keys.map((k, i) => ({ g1: G1.Point.fromBytes(k), g2: bls12_381.longSignatures.hash(msgs[i] as Uint8Array, BLS_DST) }))
  pairs.push({ g1: G1.Point.BASE.negate(), g2: G2.Point.fromBytes(sig) })
  return fields.Fp12.eql(pairingBatch(pairs), fields.Fp12.ONE)
}

test('verifyBlsAggregate: key and message counts must agree; wrong lengths are invalid', () => {
  assert.equal(verifyBlsAggregate(SIG, KEYS, MSGS.slice(0, 2)), false)
  assert.equal(verifyBlsAggregate(SIG.subarray(0, 95), KEYS, MSGS), false)
  assert.equal(verifyBlsAggregate(SIG, [KEYS[0] as Uint8Array, (KEYS[1] as Uint8Array).subarray(1), KEYS[2] as Uint8Array], MSGS), false)
  assert.equal(verifyBlsAggregate(SIG, KEYS, MSGS), true)
})

// ---- FIP-0092 NI-PoRep aggregates: priced as 32 GiB interactive until TEEP, their own entries from TEEP ----

const SEALED = CID.createV1(0xf102, Digest.create(0xb401, new Uint8Array(32).fill(2)))
const UNSEALED = CID.createV1(0xf101, Digest.create(0x1012, new Uint8Array(32).fill(3)))
const RAND = new Uint8Array(32).fill(9)

function aggregateSeals(k: KernelState, sealProof: bigint, n: number) {
  const info = encodeCbor([1000n, sealProof, 1n, new Uint8Array(100), Array.from({ length: n }, (_, i) => [BigInt(i), RAND, RAND, SEALED, UNSEALED])])
  return call(k, 'crypto', 'verify_aggregate_seals', [0, info.length], withBytes(new Uint8Array(4096), 0, info))
}

test('crypto.verify_aggregate_seals: a 32 GiB NI-PoRep (18) aggregate of one costs 449 900 at nv21–24 (the 32GiB-V1P1 fallback) and 118 025 550 from nv25 (FIP-0092)', () => {
  for (const nv of [21, 24]) assert.equal(used(aggregateSeals(kernelFor(nv, ACTORS), 18n, 1).state), 449_900_000n)
  // 5 668 740 per sector + step(1) 112 356 810 (fvm@v4.8.2 price_list.rs L315–395; its test at L1620–1642).
  assert.equal(used(aggregateSeals(kernelFor(25, ACTORS), 18n, 1).state), 118_025_550_000n)
  // 64 GiB NI (19): 4 526 928 + 110 803 030.
  assert.equal(used(aggregateSeals(kernelFor(28, ACTORS), 19n, 1).state), 115_329_958_000n)
  // Smaller NI sizes (15–17) keep falling back to 32GiB-V1P1 at TEEP: 449 900 × 3 + 0.
  assert.equal(used(aggregateSeals(kernelFor(25, ACTORS), 17n, 3).state), 1_349_700_000n)
  assert.equal(verdict(aggregateSeals(kernelFor(25, ACTORS), 18n, 1)), 0)
})
