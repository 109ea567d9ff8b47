/**
 * Reading a builtin-actors bundle CAR: the root block is DAG-CBOR [1, manifestCid], the manifest
 * is a list of [name, codeCid], and each code block is a raw (0x55) wasm module.
 */
import { CarBufferReader } from '@ipld/car/buffer-reader'
import * as dagCbor from '@ipld/dag-cbor'
import type { CID } from 'multiformats/cid'

export interface BundleActor {
  readonly name: string
  readonly code: Uint8Array
}

/** Reads the actor modules of a builtin-actors bundle CAR: root [1, manifest], manifest [[name, cid]...]. */
export function readBundle(car: Uint8Array): BundleActor[] {
  const reader = CarBufferReader.fromBytes(car)
  const [root] = reader.getRoots()
  if (root === undefined) throw new Error('bundle has no root')
  const get = (cid: CID): Uint8Array => {
    const block = reader.get(cid)
    if (block === undefined) throw new Error(`bundle lacks block ${cid.toString()}`)
    return block.bytes
  }
  const [version, manifest] = dagCbor.decode(get(root)) as [number, CID]
  if (version !== 1) throw new Error(`manifest version ${version}`)
  const entries = dagCbor.decode(get(manifest)) as [string, CID][]
  return entries.map(([name, cid]) => {
    if (cid.code !== 0x55) throw new Error(`${name}: code block is not raw`)
    return { name, code: get(cid) }
  })
}

