/**
 * The block registry of one invocation: blocks the actor has opened, created or received, by
 * handle. Handles start at 1; 0 means "no block". A persistent value: `put` returns a new registry.
 *
 * @rule kernel.block-registry
 */
import { List } from 'immutable'
import type { Block } from '../call-manager/call-manager.js'
import { ErrorNumber } from '../types/error-number.js'

export const NO_DATA_BLOCK_ID = 0
const FIRST_ID = 1
const MAX_BLOCKS = 0x7fff_ffff

export type PutResult = { readonly ok: true; readonly id: number; readonly registry: List<Block> } | { readonly ok: false; readonly errno: number; readonly message: string }

export function emptyRegistry(): List<Block> {
  return List<Block>()
}

/** Adds a block whose codec is one of `codecs` (the release's `NetworkRules.registryCodecs`). */
export function putBlock(registry: List<Block>, block: Block, codecs: readonly number[]): PutResult {
  if (registry.size >= MAX_BLOCKS - FIRST_ID) return { ok: false, errno: ErrorNumber.LimitExceeded, message: 'too many blocks have been written' }
  if (!codecs.includes(block.codec)) {
    return { ok: false, errno: ErrorNumber.IllegalCodec, message: `invalid or forbidden ipld codec 0x${block.codec.toString(16)}` }
  }
  return { ok: true, id: registry.size + FIRST_ID, registry: registry.push(block) }
}

export function getBlock(registry: List<Block>, id: number): Block | undefined {
  if (id < FIRST_ID) return undefined
  return registry.get(id - FIRST_ID)
}
