/**
 * The built-in actors' methods the scenarios call, and their parameters as CBOR, per actors
 * version where they differ. Every layout is read from builtin-actors at the tag of each bundle
 * (v9.0.3, v10.0.0, v11.0.0, …, v16.0.1, v17.0.0, v18.0.0); spec/scenarios.md gives the sources.
 */
import { blake2b256 } from '../../interpreter/crypto/hash.js'
import { unsealedCommitmentCid, zeroCommitment } from '../../interpreter/crypto/piece-commitment.js'
import { asArray, asBytes, asUint, decodeCbor, encodeCbor, type Ipld } from '../../interpreter/ipld/cbor.js'
import type { CID } from '../../interpreter/ipld/cid.js'
import { addressFromBytes, addressToBytes, type Address } from '../../interpreter/types/address.js'
import { decodeBigInt, encodeBigInt } from '../../interpreter/types/token.js'
import { frc42MethodNumber } from '../sandbox/evm.js'

const addr = (a: Address): Uint8Array => addressToBytes(a)
const tokens = (v: bigint): Uint8Array => encodeBigInt(v)

/** init (f01). @rule scenarios.actor-params */
export const INIT = { Exec: 2n } as const
/** `ExecParams { code_cid, constructor_params: RawBytes }`. */
export const execParams = (code: CID, ctor: Uint8Array): Uint8Array => encodeCbor([code, ctor])
/** `ExecReturn { id_address, robust_address }`. */
export function decodeExecReturn(ret: Uint8Array): { id: Address; robust: Address } {
  const [id, robust] = asArray(decodeCbor(ret), 'ExecReturn', 2)
  return { id: addressFromBytes(asBytes(id as Ipld, 'id_address')), robust: addressFromBytes(asBytes(robust as Ipld, 'robust_address')) }
}

/** storagepower (f04). */
export const POWER = { CreateMiner: 2n } as const

/**
 * The window PoSt proof type a new 32 GiB miner may use: the mainnet bundles are built with the
 * `sector-32g` and `sector-64g` features only; v9 and v10 accept the V1 types (5–9), v11 both V1
 * and V1P1, v12 on only V1P1 (10–14) (`runtime/src/runtime/policy.rs` `valid_post_proof_type` /
 * `ProofSet::default_post_proofs`; numbers: fvm_shared `sector/registered_proof.rs`).
 *
 * @rule scenarios.miner
 */
export function windowPoStProof32GiB(actorsVersion: number): { accepted: bigint; refused: bigint } {
  const V1 = 8n // StackedDRGWindow32GiBV1
  const V1P1 = 13n // StackedDRGWindow32GiBV1P1
  if (actorsVersion <= 10) return { accepted: V1, refused: V1P1 }
  // v11 accepts both 32 GiB types; a 2 KiB type (StackedDRGWindow2KiBV1P1) is refused by every mainnet bundle.
  if (actorsVersion === 11) return { accepted: V1P1, refused: 10n }
  return { accepted: V1P1, refused: V1 }
}

/**
 * FIP-0077: from actors v17 (nv27) the miner constructor locks a creation deposit out of the value
 * CreateMiner sends (`calculate_create_miner_deposit`, the initial pledge of
 * CREATE_MINER_DEPOSIT_POWER; v17.0.0 actors/miner/src/lib.rs L191–196 and L5266, v18.0.0 L194–199
 * and L5406) and exits USR_INSUFFICIENT_FUNDS when the miner's balance is short of it. Lotus
 * sends `StateMinerCreationDeposit` (0 before nv27).
 *
 * @rule scenarios.miner
 */
export const createMinerNeedsDeposit = (actorsVersion: number): boolean => actorsVersion >= 17

/** `CreateMinerParams { owner, worker, window_post_proof_type, peer, multiaddrs }` (v9–v18). */
export const createMinerParams = (owner: Address, worker: Address, proof: bigint, peer: Uint8Array, multiaddrs: readonly Uint8Array[]): Uint8Array =>
  encodeCbor([addr(owner), addr(worker), proof, peer, [...multiaddrs]])
/** `CreateMinerReturn { id_address, robust_address }`. */
export const decodeCreateMinerReturn = decodeExecReturn

/** storageminer: the method numbers Lotus sends (legacy numbers, the same v9–v18). */
export const MINER = { ControlAddresses: 2n, ChangeWorkerAddress: 3n, ChangePeerID: 4n, ChangeMultiaddrs: 18n } as const
/** `ChangeWorkerAddressParams { new_worker, new_control_addresses }`. */
export const changeWorkerAddressParams = (worker: Address, control: readonly Address[]): Uint8Array => encodeCbor([addr(worker), control.map(addr)])
/** `ChangePeerIDParams { new_id }`. */
export const changePeerIdParams = (peer: Uint8Array): Uint8Array => encodeCbor([peer])
/** `ChangeMultiaddrsParams { new_multi_addrs }`. */
export const changeMultiaddrsParams = (maddrs: readonly Uint8Array[]): Uint8Array => encodeCbor([[...maddrs]])
/** `GetControlAddressesReturn { owner, worker, control_addresses }`. */
export function decodeControlAddresses(ret: Uint8Array): { owner: Address; worker: Address; control: Address[] } {
  const [owner, worker, control] = asArray(decodeCbor(ret), 'GetControlAddressesReturn', 3)
  return {
    owner: addressFromBytes(asBytes(owner as Ipld, 'owner')),
    worker: addressFromBytes(asBytes(worker as Ipld, 'worker')),
    control: asArray(control as Ipld, 'control_addresses').map((c) => addressFromBytes(asBytes(c, 'control address'))),
  }
}

/** storagemarket (f05). */
export const MARKET = { AddBalance: 2n, WithdrawBalance: 3n, PublishStorageDeals: 4n } as const
/** AddBalance takes the address whose escrow is credited (a bare Address). */
export const addBalanceParams = (a: Address): Uint8Array => encodeCbor(addr(a))

/** A deal proposal (the same 11-field tuple v9–v18). */
export interface DealProposal {
  readonly pieceCid: CID
  readonly pieceSize: bigint
  readonly verified: boolean
  readonly client: Address
  readonly provider: Address
  /** `Label`: a CBOR text string (`Label::String`) or byte string (`Label::Bytes`). */
  readonly label: string | Uint8Array
  readonly startEpoch: bigint
  readonly endEpoch: bigint
  readonly pricePerEpoch: bigint
  readonly providerCollateral: bigint
  readonly clientCollateral: bigint
}

/**
 * The proposal's CBOR: what the client signs and what the market serializes again to
 * authenticate it (`deal_proposal_is_internally_valid`).
 *
 * @rule scenarios.market
 */
export function dealProposalBytes(p: DealProposal): Uint8Array {
  return encodeCbor(dealProposalIpld(p))
}

function dealProposalIpld(p: DealProposal): Ipld {
  return [
    p.pieceCid,
    p.pieceSize,
    p.verified,
    addr(p.client),
    addr(p.provider),
    p.label,
    p.startEpoch,
    p.endEpoch,
    tokens(p.pricePerEpoch),
    tokens(p.providerCollateral),
    tokens(p.clientCollateral),
  ]
}

/** `PublishStorageDealsParams { deals: [ClientDealProposal { proposal, client_signature }] }`; the signature with its type byte. */
export const publishStorageDealsParams = (deals: readonly { proposal: DealProposal; signature: Uint8Array }[]): Uint8Array =>
  encodeCbor([deals.map((d) => [dealProposalIpld(d.proposal), d.signature])])
/** `PublishStorageDealsReturn { ids, valid_deals }`: the deal IDs. */
export function decodePublishStorageDealsReturn(ret: Uint8Array): bigint[] {
  const [ids] = asArray(decodeCbor(ret), 'PublishStorageDealsReturn', 2)
  return asArray(ids as Ipld, 'ids').map((i) => asUint(i, 'deal id'))
}

/**
 * The piece CID of `size` zero bytes (a padded piece size, a power of two ≥ 128): CommP of zeros
 * is the zero-subtree root at that height, as a `fil-commitment-unsealed` CID.
 *
 * @rule scenarios.market
 */
export function zeroPieceCid(size: bigint): CID {
  let level = 0
  while (32n << BigInt(level) < size) level++
  if (32n << BigInt(level) !== size) throw new RangeError(`${size} is not a padded piece size`)
  return unsealedCommitmentCid(zeroCommitment(level))
}

/** multisig. */
export const MULTISIG = { Propose: 2n, Approve: 3n, Cancel: 4n } as const
/** `ConstructorParams { signers, num_approvals_threshold, unlock_duration, start_epoch }`. */
export const multisigConstructorParams = (signers: readonly Address[], threshold: bigint, unlockDuration = 0n, startEpoch = 0n): Uint8Array =>
  encodeCbor([signers.map(addr), threshold, unlockDuration, startEpoch])
/** `ProposeParams { to, value, method, params }`. */
export const proposeParams = (to: Address, value: bigint, method: bigint, params: Uint8Array): Uint8Array => encodeCbor([addr(to), tokens(value), method, params])
/** `ProposeReturn { txn_id, applied, code, ret }`. */
export function decodeProposeReturn(ret: Uint8Array): { txnId: bigint; applied: boolean; code: bigint } {
  const [id, applied, code] = asArray(decodeCbor(ret), 'ProposeReturn', 4)
  return { txnId: id as bigint, applied: applied === true, code: code as bigint }
}
/** `ApproveReturn { applied, code, ret }`. */
export function decodeApproveReturn(ret: Uint8Array): { applied: boolean; code: bigint } {
  const [applied, code] = asArray(decodeCbor(ret), 'ApproveReturn', 3)
  return { applied: applied === true, code: code as bigint }
}
/**
 * The proposal hash Approve checks: blake2b-256 of `ProposalHashData { requester, to, value,
 * method, params }`, requester being the first approver (the proposer's ID address).
 *
 * @rule scenarios.multisig
 */
export const proposalHash = (requester: Address, to: Address, value: bigint, method: bigint, params: Uint8Array): Uint8Array =>
  blake2b256(encodeCbor([addr(requester), addr(to), tokens(value), method, params]))
/** `TxnIDParams { id, proposal_hash }`. */
export const txnIdParams = (id: bigint, hash: Uint8Array): Uint8Array => encodeCbor([id, hash])

/** paymentchannel. */
export const PAYCH = { UpdateChannelState: 2n, Settle: 3n, Collect: 4n } as const
/** `ConstructorParams { from, to }`. */
export const paychConstructorParams = (from: Address, to: Address): Uint8Array => encodeCbor([addr(from), addr(to)])

/** A voucher without extra, merges or secret. */
export interface Voucher {
  readonly channel: Address
  readonly timeLockMin: bigint
  readonly timeLockMax: bigint
  readonly lane: bigint
  readonly nonce: bigint
  readonly amount: bigint
  readonly minSettleHeight: bigint
}

function voucherFields(v: Voucher): Ipld[] {
  return [addr(v.channel), v.timeLockMin, v.timeLockMax, new Uint8Array(0), null, v.lane, v.nonce, tokens(v.amount), v.minSettleHeight, []]
}

/**
 * What the signer signs: `SignedVoucher::signing_bytes`, the voucher's 11-field tuple with the
 * signature field serialized as `()` (CBOR null).
 *
 * @rule scenarios.paych
 */
export const voucherSigningBytes = (v: Voucher): Uint8Array => encodeCbor([...voucherFields(v), null])
/** `UpdateChannelStateParams { sv: SignedVoucher, secret }`; the signature with its type byte. */
export const updateChannelStateParams = (v: Voucher, signature: Uint8Array): Uint8Array => encodeCbor([[...voucherFields(v), signature], new Uint8Array(0)])

/** verifiedregistry (f06). */
export const VERIFREG = { AddVerifier: 2n, RemoveVerifier: 3n, AddVerifiedClient: 4n } as const
/** `VerifierParams { address, allowance }` (AddVerifier and AddVerifiedClient). */
export const verifierParams = (a: Address, allowance: bigint): Uint8Array => encodeCbor([addr(a), tokens(allowance)])

/**
 * datacap (f07): the balance query. v9 numbers the token methods itself (BalanceOf = 13);
 * v10 on only the FRC-42 exported numbers remain (`Balance`).
 *
 * @rule scenarios.verifreg
 */
export function datacapBalanceMethod(actorsVersion: number): bigint {
  return actorsVersion === 9 ? 13n : frc42MethodNumber('Balance')
}
/** The balance query's parameter: the owner's address. */
export const datacapBalanceParams = (a: Address): Uint8Array => encodeCbor(addr(a))
/** A TokenAmount return (a BigInt byte string). */
export const decodeTokenAmount = (ret: Uint8Array): bigint => decodeBigInt(asBytes(decodeCbor(ret), 'TokenAmount'))
/** One byte of DataCap is 10^18 datacap token units (`TOKEN_PRECISION`). */
export const DATACAP_PER_BYTE = 10n ** 18n
