/**
 * The state tree: the actors HAMT (actor ID → ActorState) under a versioned StateRoot, with
 * address resolution through the init actor's address map.
 *
 * A StateTree is an immutable value. Every update returns a new tree; the old one is
 * unchanged, which is how transactions roll back: the caller keeps the old value.
 */
import { Blockstore, getCbor, type BlockReader } from '../ipld/blockstore.js'
import { CborError } from '../ipld/cbor.js'
import type { CID } from '../ipld/cid.js'
import { Hamt } from '../ipld/hamt.js'
import { addressFromBytes, addressToBytes, idAddress, Protocol, type Address } from '../types/address.js'
import { actorStateFromIpld, actorStateToIpld, type ActorState } from '../types/actor.js'
import { INIT_ACTOR_ID } from '../types/chain.js'
import { stateRootFromIpld, stateRootToIpld } from '../types/state-root.js'
import { asUint } from '../ipld/cbor.js'
import { initActorStateFromIpld, initActorStateToIpld } from './init-actor.js'

export class StateTreeError extends Error {
  override name = 'StateTreeError'
}

/** The key of an actor in the actors HAMT: the bytes of its ID address. @rule state.actor-key */
export function actorKey(id: bigint): Uint8Array {
  return addressToBytes(idAddress(id))
}

export class StateTree {
  private constructor(
    /** StateRoot version: 4 at nv17, 5 at nv18. */
    readonly version: bigint,
    /** CID of the StateInfo block, carried through unchanged. */
    readonly info: CID,
    private readonly actors: Hamt,
    /** The blockstore holding every block this tree can reach. */
    readonly store: Blockstore,
  ) {}

  /**
   * Loads a state tree from its root CID. `acceptVersions` is the network version's rule for
   * which StateRoot versions it can read.
   *
   * @rule state.root-versions
   */
  static load(store: Blockstore, root: CID, acceptVersions: readonly bigint[]): StateTree {
    const sr = stateRootFromIpld(getCbor(store, root))
    if (!acceptVersions.includes(sr.version)) {
      throw new StateTreeError(`unsupported state tree version ${sr.version} (this network version reads ${acceptVersions.join(', ')})`)
    }
    return new StateTree(sr.version, sr.info, Hamt.load(store, sr.actors), store)
  }

  /** An empty tree of the given version (used to build test states). */
  static empty(store: Blockstore, version: bigint, info: CID): StateTree {
    return new StateTree(version, info, Hamt.empty(), store)
  }

  /** @rule state.get-actor */
  getActor(id: bigint): ActorState | undefined {
    const v = this.actors.get(this.store, actorKey(id))
    return v === undefined ? undefined : actorStateFromIpld(v, this.version)
  }

  /** @rule state.set-actor */
  setActor(id: bigint, actor: ActorState): StateTree {
    const actors = this.actors.set(this.store, actorKey(id), actorStateToIpld(actor, this.version))
    return new StateTree(this.version, this.info, actors, this.store)
  }

  /** @rule state.delete-actor */
  deleteActor(id: bigint): StateTree {
    const { hamt } = this.actors.delete(this.store, actorKey(id))
    return new StateTree(this.version, this.info, hamt, this.store)
  }

  /** Applies `f` to an existing actor; undefined when the actor does not exist. */
  mutateActor(id: bigint, f: (a: ActorState) => ActorState): StateTree | undefined {
    const actor = this.getActor(id)
    return actor === undefined ? undefined : this.setActor(id, f(actor))
  }

  /** A store that also holds new blocks (the tree keeps reading from it). */
  withStore(store: Blockstore): StateTree {
    return new StateTree(this.version, this.info, this.actors, store)
  }

  /**
   * Resolves an address to an actor ID: an ID address is its own ID; any other address is looked
   * up by its bytes in the init actor's address map. Undefined when it is not there.
   *
   * @rule state.lookup-id
   */
  lookupId(address: Address): bigint | undefined {
    if (address.protocol === Protocol.ID) return address.id
    const init = this.loadInit()
    const map = Hamt.load(this.store, init.state.addressMap)
    const v = map.get(this.store, addressToBytes(address))
    if (v === undefined) return undefined
    return asUint(v, 'init actor address map value')
  }

  /**
   * Assigns the next actor ID to `address`: records it in the init actor's address map, bumps
   * next_id and writes the new init state. Returns the new ID and tree.
   *
   * @rule state.register-new-address
   */
  registerNewAddress(address: Address): readonly [bigint, StateTree] {
    const init = this.loadInit()
    const id = init.state.nextId
    const map = Hamt.load(this.store, init.state.addressMap).set(this.store, addressToBytes(address), id)
    const flushed = map.flush(this.store)
    const [head, store] = flushed.store.putCbor(
      initActorStateToIpld({ ...init.state, addressMap: flushed.root, nextId: id + 1n }),
    )
    const tree = this.withStore(store).setActor(INIT_ACTOR_ID, { ...init.actor, head })
    return [id, tree]
  }

  /**
   * Writes the actors HAMT and a new StateRoot block (same version and info) and returns its CID.
   *
   * @rule state.flush
   */
  flush(): readonly [CID, StateTree] {
    const { root: actorsRoot, hamt, store } = this.actors.flush(this.store)
    const [root, store2] = store.putCbor(stateRootToIpld({ version: this.version, actors: actorsRoot, info: this.info }))
    return [root, new StateTree(this.version, this.info, hamt, store2)]
  }

  /** Every actor, in the HAMT's iteration order. */
  *entries(): IterableIterator<readonly [bigint, ActorState]> {
    for (const [key, value] of this.actors.entries(this.store)) {
      const address = addressFromBytes(key)
      if (address.protocol !== Protocol.ID) throw new StateTreeError('actors HAMT holds a non-ID key')
      yield [address.id, actorStateFromIpld(value, this.version)]
    }
  }

  private loadInit() {
    const actor = this.getActor(INIT_ACTOR_ID)
    if (actor === undefined) throw new StateTreeError('init actor (f01) not found')
    let state
    try {
      state = initActorStateFromIpld(getCbor(this.store as BlockReader, actor.head))
    } catch (e) {
      if (e instanceof CborError) throw new StateTreeError(`init actor state: ${e.message}`)
      throw e
    }
    return { actor, state }
  }
}
