/**
 * Errors that point: when a vector cannot be run, say where in the vector the problem is — the
 * JSON path (`$.apply_messages[3].bytes`), the message index, the field of a message, and for a
 * block the CAR lacks, which block was wanted and what in the pre-state links to it (state root,
 * actor ID and type, field). These descriptions are computed only after something went wrong;
 * they read the vector, never change what running it does.
 *
 * @rule runner.error-messages
 */
import { Blockstore, MissingBlockError } from '../interpreter/ipld/blockstore.js'
import { decodeCbor, type Ipld } from '../interpreter/ipld/cbor.js'
import { CID } from '../interpreter/ipld/cid.js'
import { addressFromBytes, Protocol, type AddressRules } from '../interpreter/types/address.js'
import { manifestFromIpld } from '../interpreter/machine/manifest.js'
import { networkRulesFor } from '../interpreter/machine/network-rules.js'

/** A problem located in the vector: `where` is a JSON path (or a path and a message index). */
export class VectorProblem extends Error {
  override readonly name = 'VectorProblem'
  constructor(
    readonly where: string,
    what: string,
    override readonly cause?: unknown,
  ) {
    super(`${where}: ${what}`)
  }
}

export function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e)
}

/** The fields of a message, in order (types.message-tuple). */
export const MESSAGE_FIELDS = ['version', 'to', 'from', 'nonce', 'value', 'gas_limit', 'gas_fee_cap', 'gas_premium', 'method', 'params'] as const

/**
 * Why message bytes do not decode, naming the field: the CBOR itself, the shape (a 10-field
 * array), or the field whose value is wrong (an address names `to` or `from`).
 */
export function describeMessageDecodeError(bytes: Uint8Array, addressRules: AddressRules, error: unknown): string {
  const shape = `a ${MESSAGE_FIELDS.length}-field array [${MESSAGE_FIELDS.join(', ')}]`
  let value: Ipld
  try {
    value = decodeCbor(bytes)
  } catch (e) {
    return `message does not decode: CBOR: ${(e as Error).message} (expected ${shape})`
  }
  if (!Array.isArray(value)) return `message does not decode: expected ${shape}, got ${kindOf(value)}`
  if (value.length !== MESSAGE_FIELDS.length) return `message does not decode: expected ${shape}, got ${value.length} field${value.length === 1 ? '' : 's'}`
  for (const [i, field] of (['to', 'from'] as const).entries()) {
    const raw = value[i + 1]
    if (!(raw instanceof Uint8Array)) continue
    try {
      addressFromBytes(raw, addressRules)
    } catch (e) {
      return `message field ${field} (${i + 1}): not an address: ${(e as Error).message}`
    }
  }
  // The decoder names the field itself ("message.gas_limit: expected …").
  return `message does not decode: ${describeError(error)}`
}

function kindOf(v: Ipld): string {
  if (v === null) return 'null'
  if (v instanceof Uint8Array) return `a byte string of ${v.length} bytes`
  if (CID.asCID(v) !== null) return 'a link'
  if (typeof v === 'bigint') return 'an integer'
  return `a ${typeof v}`
}

/** Actor code CID → built-in actor name, from the manifest the pre-state's system actor names. */
export function actorNames(store: Blockstore, preRoot: CID): Map<string, string> {
  const names = new Map<string, string>()
  try {
    const [, actorsRoot] = decodeCbor(store.get(preRoot) ?? new Uint8Array()) as Ipld[]
    const system = findActor(store, CID.asCID(actorsRoot), 0n)
    const head = system === undefined ? null : CID.asCID(system[1] as Ipld)
    const [manifestLink] = decodeCbor(head === null ? new Uint8Array() : (store.get(head) ?? new Uint8Array())) as Ipld[]
    const manifestCid = CID.asCID(manifestLink as Ipld)
    if (manifestCid === null) return names
    const manifest = manifestFromIpld(manifestCid, decodeCbor(store.get(manifestCid) ?? new Uint8Array()))
    for (const a of manifest.actors) names.set(a.code.toString(), a.name)
  } catch {
    // No manifest to be had: actors are named by ID only.
  }
  return names
}

/** The actor tuple of `id` in the actors HAMT, by walking every bucket (no hashing: this is diagnosis). */
function findActor(store: Blockstore, root: CID | null, id: bigint): Ipld[] | undefined {
  let found: Ipld[] | undefined
  walk(store, root, 'actors', (_path, v, ctx) => {
    if (ctx.actor === id && Array.isArray(v) && found === undefined) found = v as Ipld[]
    return found === undefined
  })
  return found
}

interface WalkContext {
  /** The actor whose tuple (or state) this is, inside the actors HAMT. */
  readonly actor: bigint | undefined
}

/**
 * Visits every value reachable from `root` through links present in `store`, breadth first, with
 * a readable path; `visit` returns false to stop. Inside the actors HAMT, bucket entries are
 * named by actor ID. At most `budget` blocks are read.
 */
function walk(store: Blockstore, root: CID | null, rootKind: 'state' | 'actors', visit: (path: string, v: Ipld, ctx: WalkContext) => boolean, budget = 200_000): void {
  if (root === null) return
  type Item = { cid: CID; label: string; kind: 'state' | 'actors' | 'other'; actor: bigint | undefined }
  const queue: Item[] = [{ cid: root, label: rootKind === 'state' ? `state root ${root.toString()}` : 'actors HAMT', kind: rootKind, actor: undefined }]
  const seen = new Set<string>([root.toString()])
  let stop = false
  for (let q = 0; q < queue.length && q < budget && !stop; q++) {
    const item = queue[q] as Item
    const bytes = store.get(item.cid)
    if (bytes === undefined || item.cid.code === 0x55) continue
    let value: Ipld
    try {
      value = decodeCbor(bytes)
    } catch {
      continue
    }
    const enqueue = (cid: CID, label: string, kind: Item['kind'], actor: bigint | undefined) => {
      if (seen.has(cid.toString())) return
      seen.add(cid.toString())
      queue.push({ cid, label, kind, actor })
    }
    const inner = (v: Ipld, path: string, kind: Item['kind'], actor: bigint | undefined, depth: number, tuple = false): void => {
      if (stop || depth > 64) return
      if (!visit(path, v, { actor })) {
        stop = true
        return
      }
      const link = CID.asCID(v)
      if (link !== null) {
        enqueue(link, path, kind === 'actors' ? 'actors' : 'other', actor)
        return
      }
      if (!Array.isArray(v)) return
      const items = v as readonly Ipld[]
      if (kind === 'state') {
        const names = ['version', 'actors', 'info']
        items.forEach((x, i) => inner(x, `${path} .${names[i] ?? `[${i}]`}`, i === 1 ? 'actors' : 'other', actor, depth + 1))
        return
      }
      if (kind === 'actors' && depth === 0 && items.length === 2 && Array.isArray(items[1])) {
        // A HAMT node [bitfield, pointers]; a pointer is a link or a bucket of [key, actor] pairs.
        for (const p of items[1] as readonly Ipld[]) {
          if (CID.asCID(p) !== null) {
            inner(p, path, 'actors', actor, depth + 1)
            continue
          }
          if (!Array.isArray(p)) continue
          for (const kv of p as readonly Ipld[]) {
            if (!Array.isArray(kv) || !(kv[0] instanceof Uint8Array)) continue
            const id = actorIdOf(kv[0])
            const label = `${path} → ${id === undefined ? `key ${Buffer.from(kv[0]).toString('hex')}` : `actor f0${id}`}`
            inner(kv[1] as Ipld, label, 'other', id, depth + 1, id !== undefined)
          }
        }
        return
      }
      const fields = tuple ? ['code', 'head', 'nonce', 'balance', 'delegated_address'] : undefined
      items.forEach((x, i) => inner(x, `${path}${fields === undefined ? `[${i}]` : ` .${fields[i] ?? `[${i}]`}`}`, 'other', actor, depth + 1))
    }
    inner(value, item.label, item.kind, item.actor, 0)
  }
}

function actorIdOf(key: Uint8Array): bigint | undefined {
  try {
    const a = addressFromBytes(key, 'v3')
    return a.protocol === Protocol.ID ? a.id : undefined
  } catch {
    return undefined
  }
}

/**
 * Where the pre-state links to `wanted`: e.g. `state root bafy… .actors → actor f01234
 * (storageminer) .head[2]`; undefined when nothing reachable from the root links to it.
 */
export function whoLinksTo(store: Blockstore, preRoot: CID, wanted: CID): string | undefined {
  if (preRoot.equals(wanted)) return 'the pre-state root ($.preconditions.state_tree.root_cid) itself'
  const names = actorNames(store, preRoot)
  let where: string | undefined
  walk(store, preRoot, 'state', (path, v) => {
    const link = CID.asCID(v)
    if (link !== null && link.equals(wanted)) {
      where = path
      return false
    }
    return true
  })
  if (where === undefined) return undefined
  return where.replace(/actor f0(\d+)/, (m, id: string) => {
    const tuple = findActor(store, CID.asCID((decodeCbor(store.get(preRoot) ?? new Uint8Array()) as Ipld[])[1] as Ipld), BigInt(id))
    const code = tuple === undefined ? null : CID.asCID(tuple[0] as Ipld)
    const name = code === null ? undefined : names.get(code.toString())
    return name === undefined ? m : `${m} (${name})`
  })
}

/** A missing block, said with what wanted it: the block, and where the pre-state links to it. */
export function describeMissingBlock(store: Blockstore, preRoot: CID, e: MissingBlockError): string {
  const linked = whoLinksTo(store, preRoot, e.cid)
  const from = linked === undefined ? 'nothing in the pre-state links to it (a block written during execution, or a link in a message)' : `linked from ${linked}`
  return `block ${e.cid.toString()} not found in the vector's CAR (or the bundles): ${from}`
}

/** What a vector needs to run actor code it reached: which actor type, version and method. */
export interface NeededCode {
  readonly code: CID
  readonly method: bigint
  /** The actor type, from the vector's manifest. */
  readonly name: string | undefined
}

/**
 * The skip reason for a vector that reached actor code no bundle provides, e.g. `needs the
 * storageminer actor (nv18: built-in actors v10; method 23; code bafk…) from a bundle: pass
 * --bundles DIR or set $FVM_SPEC_BUNDLES, DIR holding v10-builtin-actors-mainnet.car` (the file
 * name Lotus's `build/actors/v10.tar.zst` unpacks to).
 *
 * @rule runner.bundles
 */
export function describeNeededCode(n: NeededCode, nv: number, bundlesGiven: boolean): string {
  // The built-in actors release of the version's row (machine.network-rules); none for an unknown version.
  const actors = networkRulesFor(nv)?.builtinActors
  const which = n.name === undefined ? `actor code ${n.code.toString()}` : `the ${n.name} actor`
  const detail = `nv${nv}${actors === undefined ? '' : `: built-in actors v${actors}`}; method ${n.method}`
  if (bundlesGiven) return `needs ${which} (${detail}), which none of the bundles given provides (code ${n.code.toString()})`
  const code = n.name === undefined ? '' : `; code ${n.code.toString()}`
  const file = actors === undefined ? '' : `, DIR holding v${actors}-builtin-actors-mainnet.car`
  return `needs ${which} (${detail}${code}) from a bundle: pass --bundles DIR or set $FVM_SPEC_BUNDLES${file}`
}
