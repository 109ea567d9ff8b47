/**
 * Loading one built-in actors bundle for a network version: the CAR's blocks (each checked against
 * its CID), the manifest it names, and which of its blocks are actor code.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readCar } from '../../interpreter/ipld/car.js'
import { asArray, asCid, asUint, decodeCbor, type Ipld } from '../../interpreter/ipld/cbor.js'
import { cidKey, type CID } from '../../interpreter/ipld/cid.js'
import { manifestFromIpld, type Manifest } from '../../interpreter/machine/manifest.js'
import { actorsVersionFor, bundleFileName } from './versions.js'

export class BundleError extends Error {
  override name = 'BundleError'
}

export interface LoadedBundle {
  readonly file: string
  readonly actorsVersion: number
  /** The CAR's root: the manifest block `[1, data]` (Lotus's "manifest CID"). */
  readonly manifestCid: CID
  /** The manifest data block `[[name, code], …]`, which the system actor's state points at. */
  readonly manifestDataCid: CID
  readonly manifest: Manifest
  /** Every block of the CAR, by CID text. */
  readonly blocks: ReadonlyMap<string, Uint8Array>
  /** CID texts of the actor code (wasm) blocks: supplied by --bundles, never copied into outputs. */
  readonly codeKeys: ReadonlySet<string>
}

const cache = new Map<string, LoadedBundle>()

/**
 * The bundle network version `nv` runs, from `dir`. Loaded once per process and file.
 *
 * @rule genesis.bundle-per-version
 */
export function loadBundleFor(dir: string, nv: number): LoadedBundle {
  const av = actorsVersionFor(nv)
  if (av === undefined) throw new BundleError(`network version ${nv} has no row in the interpreter, so no built-in actors version`)
  const file = join(dir, bundleFileName(av))
  if (!existsSync(file)) throw new BundleError(`network version ${nv} runs built-in actors v${av}, but ${file} does not exist`)
  const cached = cache.get(file)
  if (cached !== undefined) return cached
  const loaded = readBundleFile(file, av)
  cache.set(file, loaded)
  return loaded
}

function readBundleFile(file: string, actorsVersion: number): LoadedBundle {
  let car
  try {
    car = readCar(new Uint8Array(readFileSync(file)))
  } catch (e) {
    throw new BundleError(`${file}: ${(e as Error).message}`)
  }
  const blocks = new Map<string, Uint8Array>()
  for (const [cid, bytes] of car.blocks) blocks.set(cidKey(cid), bytes)
  const [root] = car.roots
  if (root === undefined || car.roots.length !== 1) throw new BundleError(`${file}: a bundle has exactly one root`)
  const block = (cid: CID, what: string): Ipld => {
    const bytes = blocks.get(cidKey(cid))
    if (bytes === undefined) throw new BundleError(`${file}: ${what} block ${cid.toString()} is missing`)
    return decodeCbor(bytes)
  }
  const [version, data] = asArray(block(root, 'manifest'), 'bundle manifest', 2)
  if (asUint(version as Ipld, 'bundle manifest version') !== 1n) throw new BundleError(`${file}: manifest version ${String(version)} (expected 1)`)
  const manifestDataCid = asCid(data as Ipld, 'bundle manifest data')
  const manifest = manifestFromIpld(manifestDataCid, block(manifestDataCid, 'manifest data'))
  const codeKeys = new Set(manifest.actors.map((a) => cidKey(a.code)))
  for (const a of manifest.actors) {
    if (!blocks.has(cidKey(a.code))) throw new BundleError(`${file}: code of '${a.name}' (${a.code.toString()}) is missing`)
  }
  return { file, actorsVersion, manifestCid: root, manifestDataCid, manifest, blocks, codeKeys }
}
