/**
 * Test fixture for engine.test.ts: compiles modules through an engine with a persistent cache in
 * `dir`, in a worker thread (several run at once to race on the cache's files).
 */
import { Blockstore } from '../ipld/blockstore.js'
import { cidOf, Codec } from '../ipld/cid.js'
import type { WasmNetworkVersion } from '../wasm/validate.js'
import { Engine } from './engine.js'

export function compileAll(dir: string, modules: readonly Uint8Array[], nv: WasmNetworkVersion): number {
  const engine = new Engine({ cache: dir })
  let ok = 0
  for (const bytes of modules) {
    const cid = cidOf(Codec.IPLD_RAW, bytes)
    if (engine.compile(Blockstore.empty().put(cid, bytes), cid, nv).ok) ok++
  }
  return ok
}
