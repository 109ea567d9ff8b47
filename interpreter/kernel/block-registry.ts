/**
 * The block registry of one invocation: blocks the actor has opened, created or received, by
 * handle. Handles start at 1; 0 means "no block". A persistent value: every put returns a new
 * registry.
 *
 * From ref-fvm v4 (FIP-0071) a block carries the CIDs it links to, found when it was opened or
 * created, and the registry keeps the set of CIDs the invocation may reach: only those can be
 * opened, set as the state root, or linked from a new block. Before v4 the set stays empty and
 * nothing reads it.
 *
 * Sources: fvm@v3.14.1 and fvm@v4.8.2 `fvm/src/kernel/blocks.rs`.
 *
 * @rule kernel.block-registry
 * @rule kernel.reachability
 */
import { List, Set as ISet } from 'immutable'
import type { Block } from '../call-manager/call-manager.js'
import { cidKey, type CID } from '../ipld/cid.js'
import { ErrorNumber } from '../types/error-number.js'

export const NO_DATA_BLOCK_ID = 0
const FIRST_ID = 1
/** `MAX_BLOCKS = i32::MAX`: the registry is full when it holds that many blocks (blocks.rs L26, L174–176). */
const MAX_BLOCKS = 0x7fff_ffff

/** A block with the links found in it (v4); blocks of v2/v3 registries and top-level params have none. */
export type RegistryBlock = Block & { readonly links?: readonly CID[] }

export interface BlockRegistry {
  readonly blocks: List<Block>
  /** v4: the CIDs this invocation may reach, by `cidKey`. */
  readonly reachable: ISet<string>
}

export type PutResult = { readonly ok: true; readonly id: number; readonly registry: BlockRegistry } | { readonly ok: false; readonly errno: number; readonly message: string }

export function emptyRegistry(): BlockRegistry {
  return { blocks: List<Block>(), reachable: ISet<string>() }
}

/** A registry holding `blocks` (handles 1, 2, …), nothing reachable. */
export function registryOf(blocks: readonly Block[]): BlockRegistry {
  return { blocks: List(blocks), reachable: ISet<string>() }
}

/** The CIDs a block links to (none when it was never scanned). */
export function linksOf(block: Block): readonly CID[] {
  return (block as RegistryBlock).links ?? []
}

/** A block with its links. */
export function withLinks(block: Block, links: readonly CID[]): RegistryBlock {
  return { codec: block.codec, data: block.data, links }
}

/** `is_full`: the registry holds `i32::MAX` blocks. */
export function isFull(registry: BlockRegistry): boolean {
  return registry.blocks.size >= MAX_BLOCKS
}

const full = (): PutResult => ({ ok: false, errno: ErrorNumber.LimitExceeded, message: 'too many blocks' })

function push(registry: BlockRegistry, block: Block, reachable: ISet<string> = registry.reachable): PutResult {
  return { ok: true, id: registry.blocks.size + FIRST_ID, registry: { blocks: registry.blocks.push(block), reachable } }
}

/**
 * v2/v3 `put`: adds a block whose codec is one of `codecs` (the release's
 * `NetworkRules.registryCodecs`); another codec is IllegalCodec.
 *
 * @rule kernel.block-registry
 */
export function putBlock(registry: BlockRegistry, block: Block, codecs: readonly number[]): PutResult {
  if (isFull(registry)) return full()
  if (!codecs.includes(block.codec)) {
    return { ok: false, errno: ErrorNumber.IllegalCodec, message: `invalid or forbidden ipld codec 0x${block.codec.toString(16)}` }
  }
  return push(registry, block)
}

/**
 * v4 `put_reachable` (blocks.rs L101–103, L127–146): adds a block known to be reachable and marks
 * every CID it links to reachable. No codec check.
 *
 * @rule kernel.reachability
 */
export function putReachable(registry: BlockRegistry, block: Block): PutResult {
  if (isFull(registry)) return full()
  const links = linksOf(block)
  const reachable = links.length === 0 ? registry.reachable : registry.reachable.withMutations((s) => {
    for (const k of links) s.add(cidKey(k))
  })
  return push(registry, block, reachable)
}

/**
 * v4 `put_check_reachable` (blocks.rs L109–111, L127–146): adds a new block whose links must all
 * be reachable already; the first that is not is NotFound. Nothing is marked.
 *
 * @rule kernel.reachability
 */
export function putCheckReachable(registry: BlockRegistry, block: Block): PutResult {
  if (isFull(registry)) return full()
  const missing = linksOf(block).find((k) => !isReachable(registry, k))
  if (missing !== undefined) return { ok: false, errno: ErrorNumber.NotFound, message: `cannot put block: ${missing.toString()} not reachable` }
  return push(registry, block)
}

/** v4 `mark_reachable`: a CID the invocation may now reach. @rule kernel.reachability */
export function markReachable(registry: BlockRegistry, cid: CID): BlockRegistry {
  return { ...registry, reachable: registry.reachable.add(cidKey(cid)) }
}

/**
 * v4 `is_reachable`: plain membership. Identity-hashed CIDs are not reachable by themselves: they
 * may inline links to unreachable blocks (blocks.rs L120–124).
 *
 * @rule kernel.reachability
 */
export function isReachable(registry: BlockRegistry, cid: CID): boolean {
  return registry.reachable.has(cidKey(cid))
}

/** The block with this handle; undefined for 0 and unknown handles (InvalidHandle). */
export function getBlock(registry: BlockRegistry, id: number): Block | undefined {
  if (id < FIRST_ID) return undefined
  return registry.blocks.get(id - FIRST_ID)
}
