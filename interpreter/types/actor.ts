/**
 * Actor state: the value stored under each actor id in the state-tree HAMT.
 *
 * Ground truth: ref-fvm `fvm/src/state_tree.rs` (`ActorState`): 4 fields at fvm@v2.12.1
 * (StateRoot v3/v4), 5 fields at fvm@v3.14.1 (StateRoot v5).
 */
import { asArray, asBytes, asCid, asUint, CborError, type Ipld } from '../ipld/cbor.js'
import type { CID } from '../ipld/cid.js'
import { addressFromBytes, addressToBytes, type Address } from './address.js'
import { decodeBigInt, encodeBigInt } from './token.js'
import { EMPTY_ARRAY_CID } from './state-root.js'

export interface ActorState {
  code: CID
  head: CID
  sequence: bigint
  balance: bigint
  delegatedAddress: Address | null
}

function arity(stateVersion: bigint): 4 | 5 {
  if (stateVersion === 3n || stateVersion === 4n) return 4
  if (stateVersion === 5n) return 5
  throw new CborError(`unsupported state tree version ${stateVersion}`)
}

/**
 * StateRoot v3/v4: `[code, head, sequence: u64, balance: BigInt bytes]`.
 * StateRoot v5: `[code, head, sequence, balance, delegated_address: address bytes | null]`.
 *
 * @rule types.actor-state
 */
export function actorStateToIpld(a: ActorState, stateVersion: bigint): Ipld {
  const n = arity(stateVersion)
  if (a.sequence < 0n || a.sequence >= 2n ** 64n) throw new CborError(`actor sequence ${a.sequence} is not a u64`)
  const fields: Ipld[] = [a.code, a.head, a.sequence, encodeBigInt(a.balance)]
  if (n === 5) fields.push(a.delegatedAddress === null ? null : addressToBytes(a.delegatedAddress))
  else if (a.delegatedAddress !== null) throw new CborError(`state tree version ${stateVersion} cannot hold a delegated address`)
  return fields
}

/**
 * Reads an actor state with exactly the arity of the state tree version. Throws CborError on
 * shape/type errors (and on a BigInt with a bad sign byte or > 128 bytes), AddressError on
 * invalid delegated-address bytes.
 *
 * @rule types.actor-state
 */
export function actorStateFromIpld(v: Ipld, stateVersion: bigint): ActorState {
  const n = arity(stateVersion)
  const f = asArray(v, 'actor state', n)
  // Fields are read in order, as serde does, so the first bad field is the one reported.
  const code = asCid(f[0] as Ipld, 'actor state.code')
  const head = asCid(f[1] as Ipld, 'actor state.head')
  const sequence = asUint(f[2] as Ipld, 'actor state.sequence')
  const balance = decodeBigInt(asBytes(f[3] as Ipld, 'actor state.balance'))
  let delegatedAddress: Address | null = null
  if (n === 5) {
    const d = f[4] as Ipld
    if (d !== null) delegatedAddress = addressFromBytes(asBytes(d, 'actor state.delegated_address'), 'v3')
  }
  return { code, head, sequence, balance, delegatedAddress }
}

/** A fresh actor: head = EMPTY_ARRAY_CID, sequence 0, balance 0. */
export function newEmptyActor(code: CID, delegatedAddress: Address | null = null): ActorState {
  return { code, head: EMPTY_ARRAY_CID, sequence: 0n, balance: 0n, delegatedAddress }
}
