/**
 * Builds small, complete FVM states from scratch for generated vectors: a manifest of built-in
 * actor code CIDs, the system and init actors, and whatever accounts and other actors a vector
 * needs. Code CIDs are synthetic (raw blake2b-256 of "fvm-spec/<name>"): a vector that never
 * runs actor code does not need the code itself.
 */
import { Blockstore } from '../../interpreter/ipld/blockstore.js'
import { CID, cidOf, Codec } from '../../interpreter/ipld/cid.js'
import { Hamt } from '../../interpreter/ipld/hamt.js'
import { StateTree } from '../../interpreter/state/state-tree.js'
import { addressToBytes, type Address } from '../../interpreter/types/address.js'
import type { ActorState } from '../../interpreter/types/actor.js'
import { EMPTY_ARRAY_BYTES, EMPTY_ARRAY_CID } from '../../interpreter/types/state-root.js'
import { requireNetworkRules } from '../../interpreter/machine/network-rules.js'
import type { NetworkVersion } from '../../interpreter/types/network-version.js'
import { BURNT_FUNDS_ACTOR_ID, INIT_ACTOR_ID, REWARD_ACTOR_ID, SYSTEM_ACTOR_ID } from '../../interpreter/types/chain.js'

const V9_NAMES = ['system', 'init', 'cron', 'account', 'storagepower', 'storageminer', 'storagemarket', 'paymentchannel', 'multisig', 'reward', 'verifiedregistry', 'datacap']
const V10_NAMES = [...V9_NAMES, 'placeholder', 'evm', 'eam', 'ethaccount']

/**
 * Built-in actor names in manifest order, per built-in actors major version (the manifests of the
 * mainnet bundles: v11 … v18 name the same 16 actors as v10, in the same order).
 */
export const MANIFEST_NAMES_BY_ACTORS: Readonly<Record<number, readonly string[]>> = {
  9: V9_NAMES, 10: V10_NAMES, 11: V10_NAMES, 12: V10_NAMES, 13: V10_NAMES, 14: V10_NAMES, 15: V10_NAMES, 16: V10_NAMES, 17: V10_NAMES, 18: V10_NAMES,
}

/** The built-in actor names, in manifest order, of the actors network version `nv` shipped with (its row's `builtinActors`). */
export function manifestNames(nv: NetworkVersion): readonly string[] {
  const actors = requireNetworkRules(nv).builtinActors
  const names = MANIFEST_NAMES_BY_ACTORS[actors]
  if (names === undefined) throw new Error(`no manifest names for built-in actors v${actors} (nv${nv})`)
  return names
}

export function syntheticCode(name: string): CID {
  return cidOf(Codec.IPLD_RAW, new TextEncoder().encode(`fvm-spec/${name}`))
}

/** Real code for some actor names (WebAssembly bytes); the rest get synthetic code CIDs. */
export type ActorCode = ReadonlyMap<string, Uint8Array>

function codeCid(name: string, code: ActorCode | undefined): CID {
  const bytes = code?.get(name)
  return bytes === undefined ? syntheticCode(name) : cidOf(Codec.IPLD_RAW, bytes)
}

export interface ActorSpec {
  readonly id: bigint
  readonly code: string
  readonly balance: bigint
  readonly sequence?: bigint
  /** Key address registered in the init actor's map (accounts). */
  readonly address?: Address
}

export interface BuiltState {
  readonly nv: NetworkVersion
  readonly root: CID
  readonly tree: StateTree
  readonly store: Blockstore
}

/** A complete state: system (with manifest), init (with address map), reward, burnt funds and `actors`. */
export function buildState(nv: NetworkVersion, actors: readonly ActorSpec[], code?: ActorCode): BuiltState {
  let store = Blockstore.empty().put(EMPTY_ARRAY_CID, EMPTY_ARRAY_BYTES)
  for (const [name, bytes] of code ?? []) {
    store = store.put(codeCid(name, code), bytes)
  }
  const builtins = manifestNames(nv)
  const names = [...builtins, ...[...(code?.keys() ?? [])].filter((n) => !builtins.includes(n))]
  const [manifestCid, s1] = store.putCbor(names.map((n) => [n, codeCid(n, code)]))
  const [systemHead, s2] = s1.putCbor([manifestCid])
  store = s2

  let addressMap = Hamt.empty()
  for (const a of actors) {
    if (a.address !== undefined) addressMap = addressMap.set(store, addressToBytes(a.address), a.id)
  }
  const flushedMap = addressMap.flush(store)
  const nextId = actors.reduce((m, a) => (a.id >= m ? a.id + 1n : m), 100n)
  const [initHead, s3] = flushedMap.store.putCbor([flushedMap.root, nextId, 'fvm-spec-embedded'])
  store = s3

  let tree = StateTree.empty(store, requireNetworkRules(nv).stateRootVersion, EMPTY_ARRAY_CID)
  const put = (id: bigint, codeName: string, head: CID, balance: bigint, sequence = 0n): void => {
    const actor: ActorState = { code: codeCid(codeName, code), head, sequence, balance, delegatedAddress: null }
    tree = tree.setActor(id, actor)
  }
  put(SYSTEM_ACTOR_ID, 'system', systemHead, 0n)
  put(INIT_ACTOR_ID, 'init', initHead, 0n)
  put(REWARD_ACTOR_ID, 'reward', EMPTY_ARRAY_CID, 0n)
  put(BURNT_FUNDS_ACTOR_ID, 'account', EMPTY_ARRAY_CID, 0n)
  for (const a of actors) {
    let head = EMPTY_ARRAY_CID
    if (a.address !== undefined) {
      const [h, s] = tree.store.putCbor([addressToBytes(a.address)])
      tree = tree.withStore(s)
      head = h
    }
    put(a.id, a.code, head, a.balance, a.sequence ?? 0n)
  }
  const [root, flushed] = tree.flush()
  return { nv, root, tree: flushed, store: flushed.store }
}

/** Re-writes a state with some actors changed (for expected post-states). */
export function withActors(state: BuiltState, changes: ReadonlyMap<bigint, (a: ActorState) => ActorState>): BuiltState {
  let tree = state.tree
  for (const [id, f] of changes) {
    const a = tree.getActor(id)
    if (a === undefined) throw new Error(`no actor f0${id} to change`)
    tree = tree.setActor(id, f(a))
  }
  const [root, flushed] = tree.flush()
  return { nv: state.nv, root, tree: flushed, store: flushed.store }
}
