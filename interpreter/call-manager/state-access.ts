/**
 * FIP-0057 state-access tracking (nv18): the first read of an actor in a message costs an
 * actor lookup, the first write an actor update; address resolutions are charged once.
 * The tracker is a persistent value, so it rolls back with the transaction that holds it.
 *
 * @rule call.state-access-tracker
 */
import { Map as IMap, Set as ISet } from 'immutable'
import { addressKey, type Address } from '../types/address.js'

export type ActorAccess = 'read' | 'updated'

export interface StateAccess {
  readonly actors: IMap<bigint, ActorAccess>
  readonly addresses: ISet<string>
}

/** The tracker at the start of a message: the preloaded actors count as already updated. */
export function newStateAccess(preloaded: readonly bigint[]): StateAccess {
  return {
    actors: IMap<bigint, ActorAccess>(preloaded.map((id) => [id, 'updated'] as const)),
    addresses: ISet<string>(),
  }
}

export function actorAccess(t: StateAccess, id: bigint): ActorAccess | undefined {
  return t.actors.get(id)
}

export function recordActorRead(t: StateAccess, id: bigint): StateAccess {
  return t.actors.has(id) ? t : { ...t, actors: t.actors.set(id, 'read') }
}

export function recordActorUpdate(t: StateAccess, id: bigint): StateAccess {
  return { ...t, actors: t.actors.set(id, 'updated') }
}

export function addressLookedUp(t: StateAccess, a: Address): boolean {
  return t.addresses.has(addressKey(a))
}

export function recordAddressLookup(t: StateAccess, a: Address): StateAccess {
  return { ...t, addresses: t.addresses.add(addressKey(a)) }
}
