/**
 * The `crypto` namespace: signatures, hashing, the unsealed sector commitment, and the proof and
 * consensus-fault checks that the machine's externs answer.
 *
 * Ground truth: ref-fvm `fvm/src/syscalls/crypto.rs` (argument reading, in order), the kernel's
 * `CryptoOps` (`fvm/src/kernel/default.rs`, charges and checks) and, for proofs with
 * `externs.proofs = 'fake'`, the conformance test kernel (`testing/conformance/src/vm.rs`), at
 * fvm@v2.12.1 (nv17), fvm@v3.14.1 (nv18–nv20) and fvm@v4.8.2 (nv21–nv28; the proof syscalls moved
 * to `fvm/src/syscalls/filecoin.rs` and `kernel/filecoin.rs` with the same argument handling).
 */
import type { GasCharge } from '../../gas/charge.js'
import { gasCharge, total } from '../../gas/charge.js'
import * as G from '../../gas/price-list.js'
import type { ProofVerdict, ProofVerifier } from '../../machine/externs.js'
import { ErrorNumber } from '../../types/error-number.js'
import { digest as hashDigest } from '../../crypto/hash.js'
import { computeUnsealedSectorCid, sealProofSectorSize } from '../../crypto/piece-commitment.js'
import {
  decodeAggregateSealVerifyProofAndInfos,
  decodePieceInfos,
  decodeReplicaUpdateInfo,
  decodeSealVerifyInfo,
  decodeSealVerifyInfos,
  decodeWindowPoStVerifyInfo,
  type Decoded,
} from '../../crypto/proof-types.js'
import { BLS_PUB_LEN, BLS_SIG_LEN, recoverSecpPublicKey, SECP_SIG_LEN, SECP_SIG_MESSAGE_HASH_SIZE, SignatureType, verifyBlsAggregate, verifySignature } from '../../crypto/signature.js'
import {
  checkOut,
  concatOut,
  i32Bytes,
  i64,
  i64Bytes,
  readAddress,
  returns,
  slice,
  u32,
  u32Bytes,
  u64,
  u64Bytes,
  writeToBuffer,
  type SyscallArgs,
  type SyscallDef,
  type SyscallOutput,
} from '../abi.js'
import { kcharge, kerr, kfail, kok, kthen, priceList, type KernelState, type KStep } from '../kernel.js'

// ------------------------------------------------------------------------------------------------
// Helpers

/** The i32 a verification syscall returns: 0 valid, −1 invalid. */
const verdictBytes = (valid: boolean): Uint8Array => i32Bytes(valid ? 0 : -1)

/** Reads and decodes a CBOR argument; a decoding failure is IllegalArgument. */
function readCbor<T>(k: KernelState, memory: Uint8Array, off: number, len: number, decode: (b: Uint8Array) => Decoded<T>): KStep<T> {
  return kthen(slice(k, memory, off, len), (k1, bytes) => {
    const d = decode(bytes)
    return d.ok ? kok(k1, d.value) : kerr(k1, ErrorNumber.IllegalArgument, d.message)
  })
}

/** The proofs verifier, or 'fake'. */
function verifier(k: KernelState): ProofVerifier | 'fake' {
  return k.cm.machine.externs.proofs
}

/**
 * How the conformance test kernel charges a faked proof check: the price-list charge's name and
 * total, all as compute gas (`charge_gas(name, total)`).
 *
 * @rule syscall.crypto-proof-charges
 */
function asTestKernelCharge(k: KernelState, c: GasCharge): GasCharge {
  return gasCharge(c.name, total(c, priceList(k).arithmetic), 0n)
}

/**
 * A proof check: charges `c` (as the test kernel does when proofs are faked, as is otherwise), then
 * asks the verifier; 'fake' is always valid. A verifier error is IllegalArgument.
 *
 * @rule syscall.crypto-proof-charges
 */
function proofCheck(k: KernelState, c: GasCharge, real: (v: ProofVerifier) => ProofVerdict): KStep<SyscallOutput> {
  const v = verifier(k)
  const charged = v === 'fake' ? asTestKernelCharge(k, c) : c
  return kthen(kcharge(k, charged), (k1) => {
    if (v === 'fake') return kok(k1, returns(verdictBytes(true)))
    const r = real(v)
    if (typeof r !== 'boolean') return kerr(k1, ErrorNumber.IllegalArgument, r.error)
    return kok(k1, returns(verdictBytes(r)))
  })
}

/** A proof-type number as a price-table key (out-of-range numbers match no entry). */
function proofKey(n: bigint): number {
  return n >= 0n && n <= 0xffffn ? Number(n) : -1
}

// ------------------------------------------------------------------------------------------------
// verify_signature

/**
 * crypto.verify_signature(sig_type, sig_off, sig_len, addr_off, addr_len, plaintext_off,
 * plaintext_len) → i32 (0 valid, −1 invalid).
 *
 * @rule syscall.crypto-verify-signature
 */
function verifySignatureBody(k: KernelState, memory: Uint8Array, args: SyscallArgs): KStep<SyscallOutput> {
  const [typ, sigOff, sigLen, addrOff, addrLen, ptOff, ptLen] = args
  const t = u32(typ)
  if (t !== SignatureType.Secp256k1 && t !== SignatureType.BLS) return kerr(k, ErrorNumber.IllegalArgument, `unknown signature type ${t}`)
  const sigType: SignatureType = t
  return kthen(slice(k, memory, u32(sigOff), u32(sigLen)), (k1, sig) =>
    kthen(readAddress(k1, memory, u32(addrOff), u32(addrLen)), (k2, signer) =>
      kthen(slice(k2, memory, u32(ptOff), u32(ptLen)), (k3, plaintext) => {
        const charge = G.onVerifySignature(priceList(k3), sigType === SignatureType.BLS ? 'bls' : 'secp256k1', BigInt(plaintext.length))
        return kthen(kcharge(k3, charge), (k4): KStep<SyscallOutput> => {
          // v2 reads an account's key address from its state; v3 takes key addresses only (`rules.kernel`).
          return kthen(k4.cm.machine.rules.kernel.signingKey(k4, signer), (k5, address) => kok(k5, returns(verdictBytes(verifySignature(sigType, sig, plaintext, address)))))
        })
      }),
    ),
  )
}

const verifySignatureDef: SyscallDef = {
  module: 'crypto', name: 'verify_signature', params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], out: 4, versions: ['v2', 'v3', 'v4'],
  rule: 'syscall.crypto-verify-signature', body: verifySignatureBody,
}

// ------------------------------------------------------------------------------------------------
// verify_bls_aggregate

const U32_LIMIT = 0x1_0000_0000

/**
 * v4 crypto.verify_bls_aggregate(num_signers, sig_off, pub_keys_off, plaintexts_off,
 * plaintext_lens_off) → i32 (0 valid, −1 invalid) (FIP-0079). The syscall: `num_signers × 48`
 * overflowing u32 → IllegalArgument; then the 96-byte signature, the keys, the `num_signers`
 * little-endian u32 plaintext lengths and the plaintexts (their lengths summed as a wrapping u32:
 * ref-fvm's release build has no overflow checks) must lie in memory (IllegalArgument each). The
 * kernel: charge `OnVerifyBlsAggregateSignature(n, plaintexts)`; split the plaintexts by the lengths
 * (a length past the end, or bytes left over, → IllegalArgument: reachable only through a wrapped
 * sum); verify (`syscall.crypto-bls-aggregate`), any decoding failure being "invalid".
 * `fvm@v4.8.2:fvm/src/syscalls/crypto.rs` L55–95, `kernel/default.rs` L634–682.
 *
 * @rule syscall.crypto-verify-bls-aggregate
 */
const verifyBlsAggregateDef: SyscallDef = {
  module: 'crypto', name: 'verify_bls_aggregate', params: ['i32', 'i32', 'i32', 'i32', 'i32'], out: 4, versions: ['v4'],
  rule: 'syscall.crypto-verify-bls-aggregate',
  body: (k, memory, [numArg, sigOff, keysOff, plaintextsOff, lensOff]) => {
    const n = u32(numArg)
    if (n * BLS_PUB_LEN >= U32_LIMIT) return kerr(k, ErrorNumber.IllegalArgument, `number of signatures aggregated (${n}) exceeds limit`)
    return kthen(slice(k, memory, u32(sigOff), BLS_SIG_LEN), (k1, sig) =>
      kthen(slice(k1, memory, u32(keysOff), n * BLS_PUB_LEN), (k2, keyBytes) =>
        kthen(slice(k2, memory, u32(lensOff), n * 4), (k3, lenBytes) => {
          const view = new DataView(lenBytes.buffer, lenBytes.byteOffset, lenBytes.byteLength)
          const lens = Array.from({ length: n }, (_, i) => view.getUint32(i * 4, true))
          const total = lens.reduce((sum, l) => (sum + l) % U32_LIMIT, 0)
          return kthen(slice(k3, memory, u32(plaintextsOff), total), (k4, plaintexts): KStep<SyscallOutput> =>
            kthen(kcharge(k4, G.onVerifyAggregateSignature(priceList(k4), BigInt(n), BigInt(plaintexts.length))), (k5): KStep<SyscallOutput> => {
              const messages: Uint8Array[] = []
              let offset = 0
              for (const len of lens) {
                if (offset + len > plaintexts.length) return kerr(k5, ErrorNumber.IllegalArgument, 'bls signature plaintext out of bounds')
                messages.push(plaintexts.subarray(offset, offset + len))
                offset += len
              }
              if (offset !== plaintexts.length) return kerr(k5, ErrorNumber.IllegalArgument, 'plaintexts buffer length doesn\'t match')
              const keys = Array.from({ length: n }, (_, i) => keyBytes.subarray(i * BLS_PUB_LEN, (i + 1) * BLS_PUB_LEN))
              return kok(k5, returns(verdictBytes(verifyBlsAggregate(sig, keys, messages))))
            }))
        })))
  },
}

// ------------------------------------------------------------------------------------------------
// recover_secp_public_key

/**
 * crypto.recover_secp_public_key(hash_off, sig_off) → [u8; 65]: reads 32 + 65 bytes, charges
 * OnRecoverSecpPublicKey, recovers (a failure is IllegalArgument).
 *
 * @rule syscall.crypto-recover-secp-public-key
 */
const recoverSecpPublicKeyDef: SyscallDef = {
  module: 'crypto', name: 'recover_secp_public_key', params: ['i32', 'i32'], out: 65, versions: ['v2', 'v3', 'v4'],
  rule: 'syscall.crypto-recover-secp-public-key',
  body: (k, memory, [hashOff, sigOff]) =>
    kthen(slice(k, memory, u32(hashOff), SECP_SIG_MESSAGE_HASH_SIZE), (k1, hash) =>
      kthen(slice(k1, memory, u32(sigOff), SECP_SIG_LEN), (k2, sig) =>
        kthen(kcharge(k2, G.onRecoverSecpPublicKey(priceList(k2))), (k3): KStep<SyscallOutput> => {
          const r = recoverSecpPublicKey(hash, sig)
          return r.ok ? kok(k3, returns(r.publicKey)) : kerr(k3, ErrorNumber.IllegalArgument, `public key recovery failed: ${r.message}`)
        }),
      ),
    ),
}

// ------------------------------------------------------------------------------------------------
// hash

/**
 * crypto.hash(code u64, data_off, data_len, digest_off, digest_len) → u32 bytes written.
 * Digest bounds first, then data bounds; v2 charges OnHashing (flat) and then rejects an
 * unsupported code, v3 rejects it before charging OnHashing(code, len). The digest is truncated to
 * the buffer.
 *
 * @rule syscall.crypto-hash
 */
const hashDef: SyscallDef = {
  module: 'crypto', name: 'hash', params: ['i64', 'i32', 'i32', 'i32', 'i32'], out: 4, versions: ['v2', 'v3', 'v4'], rule: 'syscall.crypto-hash',
  body: (k, memory, [code, dataOff, dataLen, digestOff, digestLen]) => {
    const c = u64(code)
    const out = u32(digestOff)
    const outLen = u32(digestLen)
    return kthen(checkOut(k, memory, out, outLen), (k1) =>
      kthen(slice(k1, memory, u32(dataOff), u32(dataLen)), (k2, data): KStep<SyscallOutput> => {
        const unsupported = (kk: KernelState): KStep<SyscallOutput> => kerr(kk, ErrorNumber.IllegalArgument, `unsupported hash code ${c}`)
        // A price list with no price for unsupported codes (v3) rejects them before charging;
        // v2 charges them and fails after.
        const charge = G.onHashing(priceList(k2), c, BigInt(data.length))
        if (charge === undefined) return unsupported(k2)
        return kthen(kcharge(k2, charge), (k3): KStep<SyscallOutput> => {
          const d = hashDigest(c, data)
          if (d === undefined) return unsupported(k3)
          const n = Math.min(outLen, d.length)
          return kok(k3, returns(u32Bytes(n), [{ offset: out, bytes: d.slice(0, n) }]))
        })
      }),
    )
  },
}

// ------------------------------------------------------------------------------------------------
// compute_unsealed_sector_cid

/**
 * crypto.compute_unsealed_sector_cid(proof_type i64, pieces_off, pieces_len, cid_off, cid_len)
 * → u32 CID length. An unknown seal proof type is IllegalArgument before anything is read; then
 * the PieceInfo list (IllegalArgument when it does not decode), the CID buffer bounds, the charge
 * OnComputeUnsealedSectorCid, the computation (any failure IllegalArgument), and the CID write
 * (BufferTooSmall when it does not fit).
 *
 * @rule syscall.crypto-compute-unsealed-sector-cid
 */
const computeUnsealedSectorCidDef: SyscallDef = {
  module: 'crypto', name: 'compute_unsealed_sector_cid', params: ['i64', 'i32', 'i32', 'i32', 'i32'], out: 4, versions: ['v2', 'v3', 'v4'],
  rule: 'syscall.crypto-compute-unsealed-sector-cid',
  body: (k, memory, [proofType, piecesOff, piecesLen, cidOff, cidLen]) => {
    const proof = i64(proofType)
    const sectorSize = sealProofSectorSize(proof, k.cm.machine.rules.maxSealProof)
    if (sectorSize === undefined) return kerr(k, ErrorNumber.IllegalArgument, `invalid proof type ${proof}`)
    return kthen(readCbor(k, memory, u32(piecesOff), u32(piecesLen), decodePieceInfos), (k1, pieces) =>
      kthen(checkOut(k1, memory, u32(cidOff), u32(cidLen)), (k2) =>
        kthen(kcharge(k2, G.onComputeUnsealedSectorCid(priceList(k2))), (k3): KStep<SyscallOutput> => {
          const r = computeUnsealedSectorCid(sectorSize, pieces)
          if (!r.ok) return kerr(k3, ErrorNumber.IllegalArgument, `computing unsealed sector CID: ${r.message}`)
          return writeToBuffer(k3, u32(cidOff), u32(cidLen), r.cid.bytes)
        }),
      ),
    )
  },
}

// ------------------------------------------------------------------------------------------------
// Proofs

/**
 * v2 crypto.verify_seal(info_off, info_len) → i32: decode SealVerifyInfo; charge OnVerifySeal.
 *
 * @rule syscall.crypto-verify-seal
 */
const verifySealDef: SyscallDef = {
  module: 'crypto', name: 'verify_seal', params: ['i32', 'i32'], out: 4, versions: ['v2'], rule: 'syscall.crypto-verify-seal',
  body: (k, memory, [off, len]) =>
    kthen(readCbor(k, memory, u32(off), u32(len), decodeSealVerifyInfo), (k1, info) =>
      proofCheck(k1, G.onVerifySeal(priceList(k1)), (v) => v.verifySeal(info)),
    ),
}

/**
 * crypto.verify_post(info_off, info_len) → i32: decode WindowPoStVerifyInfo; charge
 * OnVerifyPost(first proof's type, number of challenged sectors).
 *
 * @rule syscall.crypto-verify-post
 */
const verifyPostDef: SyscallDef = {
  module: 'crypto', name: 'verify_post', params: ['i32', 'i32'], out: 4, versions: ['v2', 'v3', 'v4'], rule: 'syscall.crypto-verify-post',
  body: (k, memory, [off, len]) =>
    kthen(readCbor(k, memory, u32(off), u32(len), decodeWindowPoStVerifyInfo), (k1, info) => {
      const first = info.proofs[0]
      const c = G.onVerifyPost(priceList(k1), first === undefined ? undefined : proofKey(first.postProof), BigInt(info.challengedSectors.length))
      return proofCheck(k1, c, (v) => v.verifyPost(info))
    }),
}

/**
 * crypto.verify_aggregate_seals(agg_off, agg_len) → i32: decode AggregateSealVerifyProofAndInfos;
 * charge OnVerifyAggregateSeals(seal proof type, number of infos).
 *
 * @rule syscall.crypto-verify-aggregate-seals
 */
const verifyAggregateSealsDef: SyscallDef = {
  module: 'crypto', name: 'verify_aggregate_seals', params: ['i32', 'i32'], out: 4, versions: ['v2', 'v3', 'v4'], rule: 'syscall.crypto-verify-aggregate-seals',
  body: (k, memory, [off, len]) =>
    kthen(readCbor(k, memory, u32(off), u32(len), decodeAggregateSealVerifyProofAndInfos), (k1, agg) => {
      const c = G.onVerifyAggregateSeals(priceList(k1), proofKey(agg.sealProof), BigInt(agg.infos.length))
      return proofCheck(k1, c, (v) => v.verifyAggregateSeals(agg))
    }),
}

/**
 * crypto.verify_replica_update(rep_off, rep_len) → i32: decode ReplicaUpdateInfo; charge
 * OnVerifyReplicaUpdate.
 *
 * @rule syscall.crypto-verify-replica-update
 */
const verifyReplicaUpdateDef: SyscallDef = {
  module: 'crypto', name: 'verify_replica_update', params: ['i32', 'i32'], out: 4, versions: ['v2', 'v3', 'v4'], rule: 'syscall.crypto-verify-replica-update',
  body: (k, memory, [off, len]) =>
    kthen(readCbor(k, memory, u32(off), u32(len), decodeReplicaUpdateInfo), (k1, info) =>
      proofCheck(k1, G.onVerifyReplicaUpdate(priceList(k1)), (v) => v.verifyReplicaUpdate(info)),
    ),
}

/**
 * crypto.batch_verify_seals(batch_off, batch_len, result_off): decode Vec<SealVerifyInfo>; the
 * result buffer (one byte per seal) must fit (IllegalArgument); writes 1 (valid) or 0 per seal.
 * Faked: free, all valid. Real: v2 free; v3 charges OnVerifySeal once per seal, before verifying.
 *
 * @rule syscall.crypto-batch-verify-seals
 */
const batchVerifySealsDef: SyscallDef = {
  module: 'crypto', name: 'batch_verify_seals', params: ['i32', 'i32', 'i32'], out: 0, versions: ['v2', 'v3', 'v4'], rule: 'syscall.crypto-batch-verify-seals',
  body: (k, memory, [off, len, resultOff]) =>
    kthen(readCbor(k, memory, u32(off), u32(len), decodeSealVerifyInfos), (k1, batch) =>
      kthen(checkOut(k1, memory, u32(resultOff), batch.length), (k2): KStep<SyscallOutput> => {
        const write = (kk: KernelState, results: readonly boolean[]): KStep<SyscallOutput> =>
          kok(kk, { value: null, writes: [{ offset: u32(resultOff), bytes: Uint8Array.from(results, (r) => (r ? 1 : 0)) }] })
        const v = verifier(k2)
        if (v === 'fake') return write(k2, batch.map(() => true))
        let charged: KStep<void> = kok(k2, undefined)
        if (k2.cm.machine.rules.batchSealCharge === 'per-seal') {
          for (const _ of batch) charged = kthen(charged, (kk) => kcharge(kk, G.onVerifySeal(priceList(kk))))
        }
        return kthen(charged, (k3): KStep<SyscallOutput> => {
          const results = v.batchVerifySeals(batch)
          if (results.length !== batch.length) {
            return kfail(k3, { kind: 'fatal', message: `expected one result per input: ${batch.length} != ${results.length}` })
          }
          return write(k3, results)
        })
      }),
    ),
}

/**
 * crypto.verify_consensus_fault(h1_off, h1_len, h2_off, h2_len, extra_off, extra_len)
 * → VerifyConsensusFault { epoch i64, target u64, fault u32 } (20 bytes; all zero: no fault).
 * Reads the three buffers, charges OnVerifyConsensusFault, asks the extern (an error is
 * IllegalArgument). Faked: no fault.
 *
 * @rule syscall.crypto-verify-consensus-fault
 */
const verifyConsensusFaultDef: SyscallDef = {
  module: 'crypto', name: 'verify_consensus_fault', params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], out: 20, versions: ['v2', 'v3', 'v4'],
  rule: 'syscall.crypto-verify-consensus-fault',
  body: (k, memory, [h1Off, h1Len, h2Off, h2Len, exOff, exLen]) =>
    kthen(slice(k, memory, u32(h1Off), u32(h1Len)), (k1, h1) =>
      kthen(slice(k1, memory, u32(h2Off), u32(h2Len)), (k2, h2) =>
        kthen(slice(k2, memory, u32(exOff), u32(exLen)), (k3, extra) => {
          const v = verifier(k3)
          const c = G.onVerifyConsensusFault(priceList(k3))
          return kthen(kcharge(k3, v === 'fake' ? asTestKernelCharge(k3, c) : c), (k4): KStep<SyscallOutput> => {
            const fault = v === 'fake' ? null : v.verifyConsensusFault(h1, h2, extra)
            if (fault === null) return kok(k4, returns(concatOut(i64Bytes(0n), u64Bytes(0n), u32Bytes(0))))
            if ('error' in fault) return kerr(k4, ErrorNumber.IllegalArgument, fault.error)
            return kok(k4, returns(concatOut(i64Bytes(fault.epoch), u64Bytes(fault.target), u32Bytes(fault.faultType))))
          })
        }),
      ),
    ),
}

export const CRYPTO_SYSCALLS: readonly SyscallDef[] = [
  verifySignatureDef,
  verifyBlsAggregateDef,
  recoverSecpPublicKeyDef,
  hashDef,
  computeUnsealedSectorCidDef,
  verifySealDef,
  verifyPostDef,
  verifyAggregateSealsDef,
  verifyReplicaUpdateDef,
  batchVerifySealsDef,
  verifyConsensusFaultDef,
]
