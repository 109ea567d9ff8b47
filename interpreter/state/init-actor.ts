/**
 * The init actor's state, as the kernel reads and writes it: the address map from non-ID
 * addresses to actor IDs, and the next ID to assign.
 */
import { asArray, asCid, asText, asUint, type Ipld } from '../ipld/cbor.js'
import type { CID } from '../ipld/cid.js'

/** @rule state.init-actor-state */
export interface InitActorState {
  readonly addressMap: CID
  readonly nextId: bigint
  readonly networkName: string
}

/** @rule state.init-actor-state */
export function initActorStateFromIpld(v: Ipld): InitActorState {
  const [map, next, name] = asArray(v, 'init actor state', 3)
  return {
    addressMap: asCid(map as Ipld, 'init actor state.address_map'),
    nextId: asUint(next as Ipld, 'init actor state.next_id'),
    networkName: asText(name as Ipld, 'init actor state.network_name'),
  }
}

export function initActorStateToIpld(s: InitActorState): Ipld {
  return [s.addressMap, s.nextId, s.networkName]
}
