/**
 * Tipset CIDs for the sandbox's chain. A node answers the FVM's `get_tipset_cid` extern with the
 * CID of an earlier tipset's key; the EVM actor's BLOCKHASH is the first 32 bytes of its digest
 * (builtin-actors `actors/evm/src/interpreter/instructions/context.rs` `blockhash`, v10.0.0 …
 * v18.0.0). The sandbox has no chain behind it, so it makes one up, deterministically: the CID of
 * the DAG-CBOR block `["fvm-spec sandbox tipset", epoch]`, unless the user gives their own.
 *
 * @rule sandbox.tipset-cids
 */
import { encodeCbor } from '../../interpreter/ipld/cbor.js'
import { dagCborCid, type CID } from '../../interpreter/ipld/cid.js'

/** The tag of the made-up tipset blocks. */
export const SANDBOX_TIPSET_TAG = 'fvm-spec sandbox tipset'

/**
 * The sandbox's default tipset CID for `epoch`: CIDv1, DAG-CBOR, blake2b-256 of the DAG-CBOR
 * encoding of `["fvm-spec sandbox tipset", epoch]`.
 *
 * @rule sandbox.tipset-cids
 */
export function defaultTipsetCid(epoch: bigint): CID {
  return dagCborCid(encodeCbor([SANDBOX_TIPSET_TAG, epoch]))
}

/**
 * What BLOCKHASH returns for a tipset CID: its multihash digest, cut to 32 bytes (a shorter
 * digest is the low bytes of the word).
 *
 * @rule sandbox.tipset-cids
 */
export function blockhashOf(cid: CID): Uint8Array {
  const d = cid.multihash.digest
  const word = new Uint8Array(32)
  if (d.length >= 32) word.set(d.subarray(0, 32))
  else word.set(d, 32 - d.length)
  return word
}
