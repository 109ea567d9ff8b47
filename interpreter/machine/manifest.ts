/**
 * The built-in actor manifest: which code CID is which built-in actor.
 *
 * The system actor (f00) has state `[manifest]`; the manifest block is a CBOR array of
 * `[name, code CID]` pairs, and an actor type's ID is its 1-based position in that list.
 */
import { asArray, asCid, asText, type Ipld } from '../ipld/cbor.js'
import { getCbor } from '../ipld/blockstore.js'
import type { CID } from '../ipld/cid.js'
import { SYSTEM_ACTOR_ID } from '../types/chain.js'
import type { StateTree } from '../state/state-tree.js'

export class ManifestError extends Error {
  override name = 'ManifestError'
}

export interface BuiltinActor {
  readonly name: string
  /** 1-based position in the manifest. */
  readonly typeId: number
  readonly code: CID
}

export interface Manifest {
  readonly cid: CID
  readonly actors: readonly BuiltinActor[]
  byName(name: string): BuiltinActor | undefined
  byCode(code: CID): BuiltinActor | undefined
}

/** Builds a manifest from its `[name, code]` entries. @rule machine.manifest */
export function manifestFromIpld(cid: CID, v: Ipld): Manifest {
  const entries = asArray(v, 'manifest')
  const actors: BuiltinActor[] = entries.map((e, i) => {
    const [name, code] = asArray(e, `manifest[${i}]`, 2)
    return { name: asText(name as Ipld, `manifest[${i}].name`), typeId: i + 1, code: asCid(code as Ipld, `manifest[${i}].code`) }
  })
  const names = new Map(actors.map((a) => [a.name, a]))
  const codes = new Map(actors.map((a) => [a.code.toString(), a]))
  return {
    cid,
    actors,
    byName: (name) => names.get(name),
    byCode: (code) => codes.get(code.toString()),
  }
}

/**
 * Loads the manifest the system actor points at, and checks that the actors a network version
 * requires are named in it.
 *
 * @rule machine.manifest
 */
export function loadManifest(tree: StateTree, required: readonly string[]): Manifest {
  const system = tree.getActor(SYSTEM_ACTOR_ID)
  if (system === undefined) throw new ManifestError('system actor (f00) not found')
  const [manifestCid] = asArray(getCbor(tree.store, system.head), 'system actor state', 1)
  const cid = asCid(manifestCid as Ipld, 'system actor state.builtin_actors')
  const manifest = manifestFromIpld(cid, getCbor(tree.store, cid))
  for (const name of required) {
    if (manifest.byName(name) === undefined) throw new ManifestError(`manifest has no '${name}' actor`)
  }
  return manifest
}

/** True when `code` is the code of the named built-in actor. */
export function isBuiltin(manifest: Manifest, code: CID, name: string): boolean {
  const a = manifest.byName(name)
  return a !== undefined && a.code.equals(code)
}
