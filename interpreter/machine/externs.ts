/**
 * Externs: what the machine asks of the node it runs in — randomness, consensus-fault checks and
 * proof verification. The conformance runner replays randomness from the vector's records and
 * fakes proofs as ref-fvm's test kernel does; a user can plug in real implementations.
 *
 * @rule machine.externs
 */
import type { AggregateSealVerifyProofAndInfos, ReplicaUpdateInfo, SealVerifyInfo, WindowPoStVerifyInfo } from '../crypto/proof-types.js'

export interface Externs {
  /** The 32-byte chain randomness digest for `epoch` (before the kernel's blake2b draw). */
  chainRandomness(epoch: bigint): Uint8Array
  /** The 32-byte beacon randomness digest for `epoch`. */
  beaconRandomness(epoch: bigint): Uint8Array
  /**
   * How proofs are checked. 'fake': every seal, PoSt, aggregate and replica-update proof is valid
   * (charged its price-list cost; batch seals free) and no consensus fault is found, as ref-fvm's
   * conformance test kernel does. A {@link ProofVerifier} checks them for real, and the kernel
   * then charges what ref-fvm's default kernel charges.
   */
  readonly proofs: 'fake' | ProofVerifier
}

/** A verifier's answer: valid or not, or an error (the syscall fails with IllegalArgument). */
export type ProofVerdict = boolean | { readonly error: string }

/** A consensus fault found by `verifyConsensusFault`: its type (1..3), epoch and target actor ID. */
export interface ConsensusFault {
  readonly faultType: number
  readonly epoch: bigint
  readonly target: bigint
}

/**
 * Real proof checks, plugged into the machine by a user (ref-fvm's default kernel calls
 * filecoin-proofs and the node's consensus-fault extern). Inputs are the decoded CBOR structs.
 */
export interface ProofVerifier {
  verifySeal(info: SealVerifyInfo): ProofVerdict
  verifyPost(info: WindowPoStVerifyInfo): ProofVerdict
  verifyAggregateSeals(info: AggregateSealVerifyProofAndInfos): ProofVerdict
  verifyReplicaUpdate(info: ReplicaUpdateInfo): ProofVerdict
  /** One answer per seal; a seal that fails to verify for any reason is `false`. */
  batchVerifySeals(infos: readonly SealVerifyInfo[]): readonly boolean[]
  verifyConsensusFault(h1: Uint8Array, h2: Uint8Array, extra: Uint8Array): ConsensusFault | null | { readonly error: string }
}

/** What ref-fvm's ReplayingRand returns when no record matches. */
export const FALLBACK_RANDOMNESS = new TextEncoder().encode('i_am_random_____i_am_random_____')

export interface RandomnessRecord {
  readonly kind: 'chain' | 'beacon'
  readonly epoch: bigint
  readonly ret: Uint8Array
}

/** Externs that replay recorded randomness: the first record for (kind, epoch), else the fallback. */
export function replayingExterns(records: readonly RandomnessRecord[]): Externs {
  const find = (kind: 'chain' | 'beacon', epoch: bigint) => records.find((r) => r.kind === kind && r.epoch === epoch)?.ret ?? FALLBACK_RANDOMNESS
  return {
    chainRandomness: (epoch) => find('chain', epoch),
    beaconRandomness: (epoch) => find('beacon', epoch),
    proofs: 'fake',
  }
}
