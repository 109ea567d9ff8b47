/**
 * The versioned state-tree root and the empty-array object it points at.
 *
 * Ground truth: ref-fvm `shared/src/state/mod.rs` (StateRoot, StateTreeVersion, StateInfo0) at
 * fvm@v2.12.1 (versions V0..V4) and fvm@v3.14.1 (V0..V5).
 */
import { asArray, asCid, asUint, decodeCbor, encodeCbor, type Ipld } from '../ipld/cbor.js'
import { dagCborCid, type CID } from '../ipld/cid.js'

export interface StateRoot {
  version: bigint
  actors: CID
  info: CID
}

/** The highest StateTreeVersion ref-fvm knows (V5 in v3; v2 stops at V4). */
export const MAX_STATE_TREE_VERSION = 5n

/** DAG-CBOR of the empty array: the single byte 0x80 (StateInfo0, empty actor state). */
export const EMPTY_ARRAY_BYTES: Uint8Array = Uint8Array.of(0x80)

/**
 * CIDv1, DAG-CBOR, blake2b-256 of `0x80`:
 * bafy2bzacebc3bt6cedhoyw34drrmjvazhu4oj25er2ebk4u445pzycvq4ta4a.
 *
 * @rule types.empty-array-cid
 */
export const EMPTY_ARRAY_CID: CID = dagCborCid(EMPTY_ARRAY_BYTES)

/**
 * `[version: uint, actors: CID, info: CID]`.
 *
 * @rule types.state-root
 */
export function stateRootToIpld(r: StateRoot): Ipld {
  return [r.version, r.actors, r.info]
}

/**
 * Reads the 3-tuple; the version must be a known StateTreeVersion (0..=5). Whether the version can
 * be loaded at a network version is `acceptsStateRootVersion` (network-version.ts).
 *
 * @rule types.state-root
 */
export function stateRootFromIpld(v: Ipld): StateRoot {
  const f = asArray(v, 'state root', 3)
  return {
    version: asUint(f[0] as Ipld, 'state root.version', MAX_STATE_TREE_VERSION),
    actors: asCid(f[1] as Ipld, 'state root.actors'),
    info: asCid(f[2] as Ipld, 'state root.info'),
  }
}

export function encodeStateRoot(r: StateRoot): Uint8Array {
  return encodeCbor(stateRootToIpld(r))
}

export function decodeStateRoot(bytes: Uint8Array): StateRoot {
  return stateRootFromIpld(decodeCbor(bytes))
}
