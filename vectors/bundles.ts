/**
 * Built-in actor bundles given by the user (`--bundles DIR` or $FVM_SPEC_BUNDLES): every `.car`
 * in the folder is read, each block checked against its CID, and all blocks put in one shared
 * read-only layer under every vector's blockstore — as ref-fvm's conformance runner seeds its
 * blockstore with the bundles before loading a vector.
 *
 * @rule runner.bundles
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readCar } from '../interpreter/ipld/car.js'
import { cidKey } from '../interpreter/ipld/cid.js'

export interface BundleSet {
  readonly dir: string
  readonly files: readonly string[]
  readonly blocks: ReadonlyMap<string, Uint8Array>
}

export function loadBundles(dir: string): BundleSet {
  const files = readdirSync(dir).filter((f) => f.endsWith('.car')).sort()
  const blocks = new Map<string, Uint8Array>()
  for (const f of files) {
    const car = readCar(readFileSync(join(dir, f)))
    for (const [cid, bytes] of car.blocks) blocks.set(cidKey(cid), bytes)
  }
  return { dir, files, blocks }
}
