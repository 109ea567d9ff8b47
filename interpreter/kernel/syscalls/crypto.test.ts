import assert from 'node:assert/strict'
import { test } from 'node:test'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import * as Digest from 'multiformats/hashes/digest'
import { blake2b256, digest } from '../../crypto/hash.js'
import { unsealedCommitmentCid, zeroCommitment } from '../../crypto/piece-commitment.js'
import { BLS_DST } from '../../crypto/signature.js'
import { encodeCbor, type Ipld } from '../../ipld/cbor.js'
import { CID } from '../../ipld/cid.js'
import type { Externs, ProofVerifier } from '../../machine/externs.js'
import { addressToBytes, blsAddress, BLS_ZERO_ADDRESS, delegatedAddress, idAddress, secp256k1Address, type Address } from '../../types/address.js'
import { ErrorNumber } from '../../types/error-number.js'
import { toHex } from '../../util/bytes.js'
import type { KernelState } from '../kernel.js'
import { call, chargesSince, def, errno, i32At, kernelFor, u32At, u64At, used, value, withBytes } from './kernel-fixture.js'

// ------------------------------------------------------------------------------------------------
// Keys and signatures (fixed keys; Filecoin conventions: secp r‖s‖v over blake2b-256, no
// prehash; BLS little-endian private key, min-pk, _NUL_ hash-to-curve).

const SECP_SK = new Uint8Array(32).fill(0x42)
const SECP_ADDR = secp256k1Address(secp256k1.getPublicKey(SECP_SK, false))
const BLS_SK = new Uint8Array(32).fill(0x07)
const BLS_ADDR = blsAddress(bls12_381.longSignatures.getPublicKey(Uint8Array.from(BLS_SK).reverse()).toBytes(true))
const PLAINTEXT = new TextEncoder().encode('fvm-spec crypto syscall test')

function secpSign(data: Uint8Array): Uint8Array {
  const rec = secp256k1.sign(blake2b256(data), SECP_SK, { prehash: false, format: 'recovered' })
  return Uint8Array.of(...rec.subarray(1), rec[0] as number)
}
function blsSign(data: Uint8Array): Uint8Array {
  const bls = bls12_381.longSignatures
  return bls.sign(bls.hash(data, BLS_DST), Uint8Array.from(BLS_SK).reverse()).toBytes(true)
}

const ACTORS = [
  { id: 100n, code: 'account', balance: 0n },
  { id: 101n, code: 'account', balance: 0n, address: SECP_ADDR },
  { id: 102n, code: 'account', balance: 0n, address: BLS_ADDR },
  { id: 103n, code: 'storageminer', balance: 0n },
] as const

/** nv17 (v2), nv18 (v3), nv21 (v4, WATERMELON), nv25 (v4, TEEP). */
const NVS = [17, 18, 21, 25] as const
const G = 1000n // milligas per gas

// ref-fvm price_list.rs figures (whole gas), v2.12.1 SKYR / v3.14.1 HYGGE / v4.8.2 WATERMELON, TEEP
// (equal to HYGGE for these, except verify_seal_base at TEEP).
const SECP_SIG = 1_637_292n // secp256k1_sig_cost (v3: flat, + 10 per plaintext byte)
const BLS_SIG = 16_598_605n // bls_sig_cost (v3: flat, + 26 per plaintext byte)
const SIG_PER_BYTE = { 17: { secp: 0n, bls: 0n }, 18: { secp: 10n, bls: 26n }, 21: { secp: 10n, bls: 26n }, 25: { secp: 10n, bls: 26n } } as const
const RECOVER = 1_637_292n // secp256k1_recover_cost
const V2_HASHING_BASE = 31_355n // hashing_base, whatever the code and length
const V3_HASHING_PER_BYTE: Readonly<Record<number, bigint>> = { 0x12: 7n, 0xb220: 10n, 0xb240: 10n, 0x1b: 33n, 0x1053: 35n }
const COMPUTE_UNSEALED = 98_647n // compute_unsealed_sector_cid_base
const VERIFY_SEAL = 2_000n // verify_seal_base
/** verify_seal_base: 42 000 000 at TEEP (fvm@v4.8.2 price_list.rs L316). */
const VERIFY_SEAL_BY_NV = { 17: 2_000n, 18: 2_000n, 21: 2_000n, 25: 42_000_000n } as const
const POST_FLAT = 117_680_921n // verify_post_lookup flat, every window PoSt type
const POST_SCALE = 43_780n // verify_post_lookup scale per challenged sector
const CONSENSUS_FAULT = { 17: 21_000n + 495_422n, 18: 516_422n, 21: 516_422n, 25: 516_422n } as const // v2 extern_cost + verify_consensus_fault; v3 verify_consensus_fault
const REPLICA_UPDATE = 36_316_136n // verify_replica_update
const BLOCK_OPEN_V2 = { base: 21_000n + 114_617n, perByteMilli: 10_000n + 500n } // extern_cost + block_open_base; memret 10 gas + memcpy 0.5 gas

const SIG_OFF = 0
const ADDR_OFF = 200
const PT_OFF = 300
const OUT_OFF = 1000

function mem(parts: readonly (readonly [number, Uint8Array])[]): Uint8Array {
  const m = new Uint8Array(Math.max(4096, ...parts.map(([o, b]) => o + b.length)))
  for (const [o, b] of parts) withBytes(m, o, b)
  return m
}

function sigCall(k: KernelState, type: number, sig: Uint8Array, signer: Address | Uint8Array, plaintext = PLAINTEXT) {
  const a = signer instanceof Uint8Array ? signer : addressToBytes(signer)
  const m = mem([[SIG_OFF, sig], [ADDR_OFF, a], [PT_OFF, plaintext]])
  return call(k, 'crypto', 'verify_signature', [type, SIG_OFF, sig.length, ADDR_OFF, a.length, PT_OFF, plaintext.length], m)
}

const i32Out = (s: ReturnType<typeof call>): number => i32At(value(s).value as Uint8Array, 0)
const delta = (s: ReturnType<typeof call>, k0: KernelState): bigint => used(s.state) - used(k0)

// ------------------------------------------------------------------------------------------------
// verify_signature

for (const nv of NVS) {
  const k0 = kernelFor(nv, ACTORS)
  const len = BigInt(PLAINTEXT.length)
  const secpCharge = (SECP_SIG + SIG_PER_BYTE[nv].secp * len) * G
  const blsCharge = (BLS_SIG + SIG_PER_BYTE[nv].bls * len) * G

  test(`nv${nv} crypto.verify_signature: secp256k1 valid → 0, tampered → −1, each charged OnVerifySignature`, () => {
    const sig = secpSign(PLAINTEXT)
    const ok = sigCall(k0, 1, sig, SECP_ADDR)
    assert.equal(i32Out(ok), 0)
    assert.equal(delta(ok, k0), secpCharge)
    assert.deepEqual(chargesSince(ok.state, 0), ['OnVerifySignature'])
    const other = Uint8Array.from(PLAINTEXT)
    other[0] = 0
    const bad = sigCall(k0, 1, sig, SECP_ADDR, other)
    assert.equal(i32Out(bad), -1)
    assert.equal(delta(bad, k0), secpCharge)
    // A short signature is invalid, not an error.
    assert.equal(i32Out(sigCall(k0, 1, sig.subarray(0, 64), SECP_ADDR)), -1)
    // A secp signature checked as BLS is invalid, charged the BLS price.
    const asBls = sigCall(k0, 2, sig, SECP_ADDR)
    assert.equal(i32Out(asBls), -1)
    assert.equal(delta(asBls, k0), blsCharge)
  })

  test(`nv${nv} crypto.verify_signature: BLS valid → 0; wrong message, the zero (infinity) key, the infinity signature → −1`, () => {
    const sig = blsSign(PLAINTEXT)
    const ok = sigCall(k0, 2, sig, BLS_ADDR)
    assert.equal(i32Out(ok), 0)
    assert.equal(delta(ok, k0), blsCharge)
    assert.equal(i32Out(sigCall(k0, 2, sig, BLS_ADDR, Uint8Array.of(1, 2, 3))), -1)
    assert.equal(i32Out(sigCall(k0, 2, sig, BLS_ZERO_ADDRESS)), -1)
    const inf = new Uint8Array(96)
    inf[0] = 0xc0
    assert.equal(i32Out(sigCall(k0, 2, inf, BLS_ADDR)), -1)
    assert.equal(i32Out(sigCall(k0, 2, inf, BLS_ZERO_ADDRESS)), -1)
    assert.equal(i32Out(sigCall(k0, 2, new Uint8Array(96), BLS_ADDR)), -1)
    assert.equal(i32Out(sigCall(k0, 1, sig, BLS_ADDR)), -1)
  })

  test(`nv${nv} crypto.verify_signature: unknown type, bad address bytes, out-of-bounds buffers are IllegalArgument before any charge`, () => {
    const sig = secpSign(PLAINTEXT)
    for (const t of [0, 3, 0xffffffff]) {
      const s = sigCall(k0, t, sig, SECP_ADDR)
      assert.equal(errno(s), ErrorNumber.IllegalArgument)
      assert.equal(delta(s, k0), 0n)
    }
    const badAddr = sigCall(k0, 1, sig, Uint8Array.of(1, 2, 3))
    assert.equal(errno(badAddr), ErrorNumber.IllegalArgument)
    assert.equal(delta(badAddr, k0), 0n)
    const oob = call(k0, 'crypto', 'verify_signature', [1, 4000, 200, ADDR_OFF, 21, PT_OFF, 1])
    assert.equal(errno(oob), ErrorNumber.IllegalArgument)
    assert.equal(delta(oob, k0), 0n)
  })
}

test('nv17 crypto.verify_signature: an ID signer resolves through its account state, charged block-open gas', () => {
  const k0 = kernelFor(17, ACTORS)
  const head = k0.cm.tree.getActor(101n)?.head as CID
  const stateLen = BigInt(k0.cm.tree.store.get(head)?.length ?? 0)
  assert.equal(stateLen, 23n) // [f1 address bytes]: 0x81 0x55 + 21 bytes
  const s = sigCall(k0, 1, secpSign(PLAINTEXT), idAddress(101n))
  assert.equal(i32Out(s), 0)
  // 1 637 292 + 135 617 + 10.5 × 23 = 1 773 150.5 gas
  assert.equal(delta(s, k0), SECP_SIG * G + BLOCK_OPEN_V2.base * G + BLOCK_OPEN_V2.perByteMilli * stateLen)
  assert.deepEqual(chargesSince(s.state, 0), ['OnVerifySignature', 'OnBlockOpenBase', 'OnBlockOpenPerByte'])
  // The BLS account too.
  assert.equal(i32Out(sigCall(k0, 2, blsSign(PLAINTEXT), idAddress(102n))), 0)
})

test('nv17 crypto.verify_signature: an unknown signer is NotFound, a non-account IllegalArgument, both after the signature charge', () => {
  const k0 = kernelFor(17, ACTORS)
  const missing = sigCall(k0, 1, secpSign(PLAINTEXT), idAddress(999n))
  assert.equal(errno(missing), ErrorNumber.NotFound)
  assert.equal(delta(missing, k0), SECP_SIG * G)
  const miner = sigCall(k0, 1, secpSign(PLAINTEXT), idAddress(103n))
  assert.equal(errno(miner), ErrorNumber.IllegalArgument)
  assert.equal(delta(miner, k0), SECP_SIG * G)
  // An account without a key address in its state (f0100 has the empty-array head) is fatal.
  assert.equal(errno(sigCall(k0, 1, secpSign(PLAINTEXT), idAddress(100n))), 'fatal')
})

test('nv18 crypto.verify_signature: only f1/f3 signers; an ID or f4 signer is IllegalArgument after the charge', () => {
  const k0 = kernelFor(18, ACTORS)
  const sig = secpSign(PLAINTEXT)
  const secpCharge = (SECP_SIG + 10n * BigInt(PLAINTEXT.length)) * G
  for (const signer of [idAddress(101n), delegatedAddress(10n, new Uint8Array(20))]) {
    const s = sigCall(k0, 1, sig, signer)
    assert.equal(errno(s), ErrorNumber.IllegalArgument)
    assert.equal(delta(s, k0), secpCharge)
  }
})

test('nv18 crypto.verify_signature: the charge grows with the plaintext (10 / 26 gas per byte)', () => {
  const k0 = kernelFor(18, ACTORS)
  const big = new Uint8Array(1000).fill(5)
  assert.equal(delta(sigCall(k0, 1, secpSign(big), SECP_ADDR, big), k0), (SECP_SIG + 10_000n) * G)
  assert.equal(delta(sigCall(k0, 2, blsSign(big), BLS_ADDR, big), k0), (BLS_SIG + 26_000n) * G)
  const empty = new Uint8Array(0)
  const s = sigCall(k0, 2, blsSign(empty), BLS_ADDR, empty)
  assert.equal(i32Out(s), 0)
  assert.equal(delta(s, k0), BLS_SIG * G)
})

// ------------------------------------------------------------------------------------------------
// recover_secp_public_key

for (const nv of NVS) {
  test(`nv${nv} crypto.recover_secp_public_key: recovers the 65-byte key; a bad recovery id is IllegalArgument after the charge`, () => {
    const k0 = kernelFor(nv, ACTORS)
    const hash = blake2b256(PLAINTEXT)
    const sig = secpSign(PLAINTEXT)
    const s = call(k0, 'crypto', 'recover_secp_public_key', [0, 100], mem([[0, hash], [100, sig]]))
    assert.equal(toHex(value(s).value as Uint8Array), toHex(secp256k1.getPublicKey(SECP_SK, false)))
    assert.equal(delta(s, k0), RECOVER * G)
    assert.equal(def(k0, 'crypto', 'recover_secp_public_key').out, 65)
    const bad = Uint8Array.from(sig)
    bad[64] = 7
    const e = call(k0, 'crypto', 'recover_secp_public_key', [0, 100], mem([[0, hash], [100, bad]]))
    assert.equal(errno(e), ErrorNumber.IllegalArgument)
    assert.equal(delta(e, k0), RECOVER * G)
    const oob = call(k0, 'crypto', 'recover_secp_public_key', [0, 4050])
    assert.equal(errno(oob), ErrorNumber.IllegalArgument)
    assert.equal(delta(oob, k0), 0n)
  })
}

// ------------------------------------------------------------------------------------------------
// hash

function hashCall(k: KernelState, code: bigint, data: Uint8Array, digestLen: number, digestOff = OUT_OFF) {
  return call(k, 'crypto', 'hash', [code, PT_OFF, data.length, digestOff, digestLen], mem([[PT_OFF, data]]))
}

for (const nv of NVS) {
  test(`nv${nv} crypto.hash: each supported code writes its digest and charges OnHashing`, () => {
    const k0 = kernelFor(nv, ACTORS)
    const data = new Uint8Array(100).fill(0xab)
    for (const code of [0x12, 0xb220, 0xb240, 0x1b, 0x1053]) {
      const s = hashCall(k0, BigInt(code), data, 64)
      const out = value(s)
      const d = digest(code, data) as Uint8Array
      assert.equal(u32At(out.value as Uint8Array, 0), d.length)
      assert.deepEqual(out.writes, [{ offset: OUT_OFF, bytes: d }])
      const expected = nv === 17 ? V2_HASHING_BASE * G : (V3_HASHING_PER_BYTE[code] as bigint) * 100n * G
      assert.equal(delta(s, k0), expected, `code 0x${code.toString(16)}`)
    }
  })

  test(`nv${nv} crypto.hash: the digest is truncated to the buffer; a zero-length buffer gets nothing`, () => {
    const k0 = kernelFor(nv, ACTORS)
    const s = hashCall(k0, 0xb220n, PLAINTEXT, 10)
    assert.equal(u32At(value(s).value as Uint8Array, 0), 10)
    assert.deepEqual(value(s).writes[0]?.bytes, (digest(0xb220, PLAINTEXT) as Uint8Array).subarray(0, 10))
    const z = hashCall(k0, 0x12n, PLAINTEXT, 0)
    assert.equal(u32At(value(z).value as Uint8Array, 0), 0)
  })

  test(`nv${nv} crypto.hash: an out-of-bounds digest buffer is IllegalArgument before any charge`, () => {
    const k0 = kernelFor(nv, ACTORS)
    const s = hashCall(k0, 0x12n, PLAINTEXT, 100, 4090)
    assert.equal(errno(s), ErrorNumber.IllegalArgument)
    assert.equal(delta(s, k0), 0n)
  })
}

test('nv17 crypto.hash: an unsupported code is IllegalArgument after the flat charge', () => {
  const k0 = kernelFor(17, ACTORS)
  for (const code of [0x13n, 0x1012n, 1n << 63n]) {
    const s = hashCall(k0, code, PLAINTEXT, 32)
    assert.equal(errno(s), ErrorNumber.IllegalArgument)
    assert.equal(delta(s, k0), V2_HASHING_BASE * G)
  }
})

test('nv18 crypto.hash: an unsupported code is IllegalArgument before any charge', () => {
  const k0 = kernelFor(18, ACTORS)
  const s = hashCall(k0, 0x13n, PLAINTEXT, 32)
  assert.equal(errno(s), ErrorNumber.IllegalArgument)
  assert.equal(delta(s, k0), 0n)
})

// ------------------------------------------------------------------------------------------------
// compute_unsealed_sector_cid

const cbor = (v: Ipld): Uint8Array => encodeCbor(v)
const commP = (seed: number): CID => unsealedCommitmentCid(new Uint8Array(32).fill(seed).fill(0, 31))

function commDCall(k: KernelState, proof: bigint, pieces: Uint8Array, cidLen = 100) {
  return call(k, 'crypto', 'compute_unsealed_sector_cid', [proof, PT_OFF, pieces.length, OUT_OFF, cidLen], mem([[PT_OFF, pieces]]))
}

for (const nv of NVS) {
  test(`nv${nv} crypto.compute_unsealed_sector_cid: an empty 2KiB sector gives the zero CommD; charged OnComputeUnsealedSectorCid`, () => {
    const k0 = kernelFor(nv, ACTORS)
    const s = commDCall(k0, 5n, cbor([]))
    const out = value(s)
    const expected = unsealedCommitmentCid(zeroCommitment(6))
    assert.equal(u32At(out.value as Uint8Array, 0), 39)
    assert.deepEqual(out.writes, [{ offset: OUT_OFF, bytes: expected.bytes }])
    assert.equal(delta(s, k0), COMPUTE_UNSEALED * G)
  })

  test(`nv${nv} crypto.compute_unsealed_sector_cid: one full piece is its own CommP`, () => {
    const k0 = kernelFor(nv, ACTORS)
    const p = commP(3)
    const s = commDCall(k0, 0n, cbor([[2048n, p]]))
    assert.deepEqual(value(s).writes[0]?.bytes, p.bytes)
  })

  test(`nv${nv} crypto.compute_unsealed_sector_cid: errors in ref-fvm's order`, () => {
    const k0 = kernelFor(nv, ACTORS)
    // Unknown proof type: before reading anything.
    const inv = commDCall(k0, 20n, new Uint8Array([0xff]))
    assert.equal(errno(inv), ErrorNumber.IllegalArgument)
    assert.equal(delta(inv, k0), 0n)
    // Pieces that do not decode (a map, a 3-tuple, a negative size): before the charge.
    for (const bad of [cbor({ a: 1n }), cbor([[2048n, commP(1), 0n]]), cbor([[-1n, commP(1)]]), new Uint8Array([0x81])]) {
      const s = commDCall(k0, 0n, bad)
      assert.equal(errno(s), ErrorNumber.IllegalArgument)
      assert.equal(delta(s, k0), 0n)
    }
    // An out-of-bounds CID buffer: before the charge.
    const oob = call(k0, 'crypto', 'compute_unsealed_sector_cid', [0n, PT_OFF, 1, 4090, 39], mem([[PT_OFF, cbor([])]]))
    assert.equal(errno(oob), ErrorNumber.IllegalArgument)
    assert.equal(delta(oob, k0), 0n)
    // Pieces too large for the sector: after the charge.
    const big = commDCall(k0, 0n, cbor([[4096n, commP(1)]]))
    assert.equal(errno(big), ErrorNumber.IllegalArgument)
    assert.equal(delta(big, k0), COMPUTE_UNSEALED * G)
    // A 38-byte buffer: BufferTooSmall after the charge.
    const small = commDCall(k0, 0n, cbor([]), 38)
    assert.equal(errno(small), ErrorNumber.BufferTooSmall)
    assert.equal(delta(small, k0), COMPUTE_UNSEALED * G)
  })
}

test('crypto.compute_unsealed_sector_cid: synthetic-PoRep proof types (10..14) are invalid at nv17, valid at nv18', () => {
  const v2 = kernelFor(17, ACTORS)
  assert.equal(errno(commDCall(v2, 10n, cbor([]))), ErrorNumber.IllegalArgument)
  const v3 = kernelFor(18, ACTORS)
  assert.deepEqual(value(commDCall(v3, 10n, cbor([]))).writes[0]?.bytes, unsealedCommitmentCid(zeroCommitment(6)).bytes)
})

test('crypto.compute_unsealed_sector_cid: NI-PoRep proof types (15..19, FIP-0092) are invalid at nv18, valid at nv21 with their sector size', () => {
  assert.equal(errno(commDCall(kernelFor(18, ACTORS), 15n, cbor([]))), ErrorNumber.IllegalArgument)
  const v4 = kernelFor(21, ACTORS)
  // 15 = StackedDRG2KiBV1P2_Feat_NiPoRep: a 2 KiB sector (filecoin-proofs-api compute_comm_d only
  // looks at the sector size: v19 src/seal.rs L730–735, registry.rs L178–203).
  assert.deepEqual(value(commDCall(v4, 15n, cbor([]))).writes[0]?.bytes, unsealedCommitmentCid(zeroCommitment(6)).bytes)
  const p = commP(3)
  assert.deepEqual(value(commDCall(v4, 15n, cbor([[2048n, p]]))).writes[0]?.bytes, p.bytes)
  // 16 = 8 MiB: a 2 KiB piece no longer fills it.
  assert.notDeepEqual(value(commDCall(v4, 16n, cbor([[2048n, p]]))).writes[0]?.bytes, p.bytes)
  assert.equal(errno(commDCall(v4, 20n, cbor([]))), ErrorNumber.IllegalArgument)
})

// ------------------------------------------------------------------------------------------------
// Proof checks (faked, as ref-fvm's conformance test kernel)

const SEALED = CID.createV1(0xf102, Digest.create(0xb401, new Uint8Array(32).fill(2)))
const RAND = new Uint8Array(32).fill(9)

function sealVerifyInfo(proof = 8n): Ipld[] {
  return [proof, [1000n, 7n], [1n, 2n], RAND, RAND, new Uint8Array(192), SEALED, commP(4)]
}

function cborCall(k: KernelState, name: string, bytes: Uint8Array, extra: (number | bigint)[] = []) {
  return call(k, 'crypto', name, [PT_OFF, bytes.length, ...extra], mem([[PT_OFF, bytes]]))
}

test('nv17 crypto.verify_seal: valid, charged OnVerifySeal 2 000 as compute; nv18 has no verify_seal', () => {
  const k0 = kernelFor(17, ACTORS)
  const s = cborCall(k0, 'verify_seal', cbor(sealVerifyInfo()))
  assert.equal(i32Out(s), 0)
  assert.equal(delta(s, k0), VERIFY_SEAL * G)
  const bad = cborCall(k0, 'verify_seal', cbor(sealVerifyInfo().slice(0, 7)))
  assert.equal(errno(bad), ErrorNumber.IllegalArgument)
  assert.equal(delta(bad, k0), 0n)
  assert.throws(() => def(kernelFor(18, ACTORS), 'crypto', 'verify_seal'))
})

function postInfo(proofTypes: readonly bigint[], sectors: number): Ipld {
  return [
    RAND,
    proofTypes.map((t) => [t, new Uint8Array(192)]),
    Array.from({ length: sectors }, (_, i) => [8n, BigInt(i), SEALED]),
    1000n,
  ]
}

for (const nv of NVS) {
  test(`nv${nv} crypto.verify_post: valid, charged flat + scale × challenged sectors (first proof's type; unknown types and none use 512MiB)`, () => {
    const k0 = kernelFor(nv, ACTORS)
    for (const [types, n] of [[[8n], 3], [[13n, 8n], 10], [[], 0], [[99n], 1], [[-1n], 2]] as const) {
      const s = cborCall(k0, 'verify_post', cbor(postInfo(types, n)))
      assert.equal(i32Out(s), 0)
      assert.equal(delta(s, k0), (POST_FLAT + POST_SCALE * BigInt(n)) * G)
    }
    const bad = cborCall(k0, 'verify_post', cbor([RAND, [], [], -1n]))
    assert.equal(errno(bad), ErrorNumber.IllegalArgument)
  })

  test(`nv${nv} crypto.verify_aggregate_seals: per-proof × count + step; unknown types use the 32GiB table`, () => {
    const k0 = kernelFor(nv, ACTORS)
    const agg = (proof: bigint, n: number): Ipld => [1000n, proof, 1n, new Uint8Array(100), Array.from({ length: n }, (_, i) => [BigInt(i), RAND, RAND, SEALED, commP(1)])]
    // 32GiB-V1P1: 449 900 × 5 + step(5) 103 994 170 = 106 243 670
    assert.equal(delta(cborCall(k0, 'verify_aggregate_seals', cbor(agg(8n, 5))), k0), 106_243_670n * G)
    // 64GiB-V1P1: 359 272 × 3 + step(3) 0
    assert.equal(delta(cborCall(k0, 'verify_aggregate_seals', cbor(agg(9n, 3))), k0), 1_077_816n * G)
    // 64GiB-V1P1, 410 infos: 359 272 × 410 + 509 880 640
    assert.equal(delta(cborCall(k0, 'verify_aggregate_seals', cbor(agg(9n, 410))), k0), (359_272n * 410n + 509_880_640n) * G)
    // Unknown (3 = 32GiB V1): the 32GiB-V1P1 entries. 449 900 × 7 + 112 356 810
    const s = cborCall(k0, 'verify_aggregate_seals', cbor(agg(3n, 7)))
    assert.equal(i32Out(s), 0)
    assert.equal(delta(s, k0), (449_900n * 7n + 112_356_810n) * G)
    // No infos: charged 0 and valid (the test kernel does not verify).
    assert.equal(i32Out(cborCall(k0, 'verify_aggregate_seals', cbor(agg(8n, 0)))), 0)
  })

  test(`nv${nv} crypto.verify_replica_update: valid, charged 36 316 136; the proof is a list of bytes, not a byte string`, () => {
    const k0 = kernelFor(nv, ACTORS)
    const s = cborCall(k0, 'verify_replica_update', cbor([3n, SEALED, SEALED, commP(1), [1n, 2n, 255n]]))
    assert.equal(i32Out(s), 0)
    assert.equal(delta(s, k0), REPLICA_UPDATE * G)
    for (const proof of [new Uint8Array(3), [256n]] as Ipld[]) {
      const bad = cborCall(k0, 'verify_replica_update', cbor([3n, SEALED, SEALED, commP(1), proof]))
      assert.equal(errno(bad), ErrorNumber.IllegalArgument)
      assert.equal(delta(bad, k0), 0n)
    }
  })

  test(`nv${nv} crypto.batch_verify_seals: free, one byte 1 per seal at result_off; the result buffer must fit`, () => {
    const k0 = kernelFor(nv, ACTORS)
    const batch = cbor([sealVerifyInfo(), sealVerifyInfo(9n), sealVerifyInfo(3n)])
    const s = cborCall(k0, 'batch_verify_seals', batch, [2000])
    assert.deepEqual(value(s), { value: null, writes: [{ offset: 2000, bytes: Uint8Array.of(1, 1, 1) }] })
    assert.equal(delta(s, k0), 0n)
    assert.equal(def(k0, 'crypto', 'batch_verify_seals').out, 0)
    const empty = cborCall(k0, 'batch_verify_seals', cbor([]), [4096])
    assert.deepEqual(value(empty).writes, [{ offset: 4096, bytes: new Uint8Array(0) }])
    assert.equal(errno(cborCall(k0, 'batch_verify_seals', batch, [4094])), ErrorNumber.IllegalArgument)
    assert.equal(errno(cborCall(k0, 'batch_verify_seals', cbor([sealVerifyInfo().slice(1)]), [2000])), ErrorNumber.IllegalArgument)
  })

  test(`nv${nv} crypto.verify_consensus_fault: no fault (20 zero bytes), charged OnVerifyConsensusFault as compute`, () => {
    const k0 = kernelFor(nv, ACTORS)
    const m = mem([[0, new Uint8Array(50).fill(1)], [100, new Uint8Array(60).fill(2)]])
    const s = call(k0, 'crypto', 'verify_consensus_fault', [0, 50, 100, 60, 200, 0], m)
    assert.deepEqual(value(s).value, new Uint8Array(20))
    assert.equal(delta(s, k0), CONSENSUS_FAULT[nv] * G)
    const entry = s.state.cm.trace.last()
    assert.deepEqual(entry, { kind: 'gas', name: 'OnVerifyConsensusFault', compute: CONSENSUS_FAULT[nv] * G, other: 0n })
    assert.equal(errno(call(k0, 'crypto', 'verify_consensus_fault', [0, 50, 4090, 60, 0, 0], m)), ErrorNumber.IllegalArgument)
  })
}

// ------------------------------------------------------------------------------------------------
// A pluggable verifier: ref-fvm's default kernel charges

function withVerifier(k: KernelState, v: ProofVerifier): KernelState {
  const externs: Externs = { ...k.cm.machine.externs, proofs: v }
  return { ...k, cm: { ...k.cm, machine: { ...k.cm.machine, externs } } }
}

const REJECTING: ProofVerifier = {
  verifySeal: () => false,
  verifyPost: () => false,
  verifyAggregateSeals: () => ({ error: 'no seal verify infos' }),
  verifyReplicaUpdate: () => false,
  batchVerifySeals: (infos) => infos.map((_, i) => i % 2 === 0),
  verifyConsensusFault: () => ({ faultType: 2, epoch: 990n, target: 1000n }),
}

for (const nv of NVS) {
  test(`nv${nv} crypto with a real verifier: its answers, errors as IllegalArgument, the default kernel's charges`, () => {
    const k0 = withVerifier(kernelFor(nv, ACTORS), REJECTING)
    const post = cborCall(k0, 'verify_post', cbor(postInfo([8n], 2)))
    assert.equal(i32Out(post), -1)
    assert.equal(delta(post, k0), (POST_FLAT + 2n * POST_SCALE) * G)
    const agg = cborCall(k0, 'verify_aggregate_seals', cbor([1000n, 8n, 1n, new Uint8Array(1), []]))
    assert.equal(errno(agg), ErrorNumber.IllegalArgument)
    assert.equal(i32Out(cborCall(k0, 'verify_replica_update', cbor([3n, SEALED, SEALED, commP(1), []]))), -1)
    // Batch: v2 free; v3 charges OnVerifySeal per seal.
    const batch = cborCall(k0, 'batch_verify_seals', cbor([sealVerifyInfo(), sealVerifyInfo(), sealVerifyInfo()]), [2000])
    assert.deepEqual(value(batch).writes[0]?.bytes, Uint8Array.of(1, 0, 1))
    assert.equal(delta(batch, k0), nv === 17 ? 0n : 3n * VERIFY_SEAL_BY_NV[nv] * G)
    // A consensus fault: epoch i64, target u64, fault u32; v3's charge is other gas.
    const cf = call(k0, 'crypto', 'verify_consensus_fault', [0, 1, 0, 1, 0, 0])
    const out = value(cf).value as Uint8Array
    assert.equal(u64At(out, 0), 990n)
    assert.equal(u64At(out, 8), 1000n)
    assert.equal(u32At(out, 16), 2)
    const entry = cf.state.cm.trace.last()
    assert.deepEqual(entry, nv === 17
      ? { kind: 'gas', name: 'OnVerifyConsensusFault', compute: CONSENSUS_FAULT[17] * G, other: 0n }
      : { kind: 'gas', name: 'OnVerifyConsensusFault', compute: 0n, other: CONSENSUS_FAULT[nv] * G })
  })
}

// ------------------------------------------------------------------------------------------------
// The table

test('crypto: wasm signatures match the actor bundles (bundles.md) and versions', () => {
  const sig = (nv: (typeof NVS)[number], name: string): string => {
    const d = def(kernelFor(nv, ACTORS), 'crypto', name)
    const params = [...(d.out > 0 ? ['i32'] : []), ...d.params]
    return `(${params.join(',')})->(i32)`
  }
  const expected: Record<string, string> = {
    batch_verify_seals: '(i32,i32,i32)->(i32)',
    compute_unsealed_sector_cid: '(i32,i64,i32,i32,i32,i32)->(i32)',
    hash: '(i32,i64,i32,i32,i32,i32)->(i32)',
    recover_secp_public_key: '(i32,i32,i32)->(i32)',
    verify_aggregate_seals: '(i32,i32,i32)->(i32)',
    verify_consensus_fault: '(i32,i32,i32,i32,i32,i32,i32)->(i32)',
    verify_post: '(i32,i32,i32)->(i32)',
    verify_replica_update: '(i32,i32,i32)->(i32)',
    verify_signature: '(i32,i32,i32,i32,i32,i32,i32,i32)->(i32)',
  }
  for (const nv of NVS) for (const [name, s] of Object.entries(expected)) assert.equal(sig(nv, name), s, `nv${nv} ${name}`)
  assert.equal(sig(17, 'verify_seal'), '(i32,i32,i32)->(i32)')
  for (const nv of [21, 25] as const) assert.equal(sig(nv, 'verify_bls_aggregate'), '(i32,i32,i32,i32,i32,i32)->(i32)')
  for (const nv of [17, 18] as const) assert.throws(() => sig(nv, 'verify_bls_aggregate'))
})

test('crypto: a charge that runs out of gas fails the syscall with out-of-gas', () => {
  const k0 = kernelFor(18, ACTORS, { gasLimit: 1_000_000n })
  const s = sigCall(k0, 2, blsSign(PLAINTEXT), BLS_ADDR)
  assert.equal(errno(s), 'out-of-gas')
})
