/**
 * The real built-in actor bundles: decode, validate with the matching version's policy (v9 ->
 * nv17, v10 -> nv18, v11 -> nv19 and nv20, whose wasm rules are nv18's), instrument, compile, and
 * round-trip every function body. Runs only when FVM_SPEC_BUNDLES names a folder holding
 * v9-builtin-actors-mainnet.car / v10-...car (and v11-...car).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readBundle } from './bundle.js'
import { decodeInstructions, decodeModule } from './decoder.js'
import { encodeInstructions, encodeModule } from './encoder.js'
import { instrument } from './instrument/index.js'
import { loadModule } from './validate.js'
import type { WasmNetworkVersion } from './validate.js'
import { NV19 } from '../machine/network-rules.js'

const dir = process.env.FVM_SPEC_BUNDLES
// v11 runs at nv19 and nv20, under the wasm rules of their rows (nv18's).
const BUNDLES: [string, WasmNetworkVersion][] = [['v9', 17], ['v10', 18], ['v11', NV19.wasmRules]]

for (const [tag, version] of BUNDLES) {
  const file = dir === undefined ? undefined : join(dir, `${tag}-builtin-actors-mainnet.car`)
  const skip = file === undefined
    ? 'FVM_SPEC_BUNDLES is not set (point it at a folder with v9-/v10-builtin-actors-mainnet.car)'
    : !existsSync(file) ? `${file} does not exist` : false
  test(`bundle ${tag} (nv${version}): every actor decodes, validates, instruments and compiles`, { skip }, () => {
    const actors = readBundle(new Uint8Array(readFileSync(file as string)))
    assert.ok(actors.length >= 12)
    for (const { name, code } of actors) {
      const m = loadModule(code, version)
      let bodies = 0
      let identical = 0
      for (const c of m.codes) {
        const ins = decodeInstructions(c.code)
        const re = encodeInstructions(ins)
        // Operators re-encode canonically; the bundles pad some LEBs, so compare decoded forms and
        // count the bodies that are also byte-identical.
        assert.deepEqual(decodeInstructions(re), ins, `${name}: body round trip`)
        bodies++
        if (Buffer.compare(Buffer.from(re), Buffer.from(c.code)) === 0) identical++
      }
      assert.ok(bodies > 0 && identical <= bodies)
      assert.deepEqual(encodeModule(decodeModule(encodeModule(m))), encodeModule(m), `${name}: module round trip`)
      const out = instrument(m, version)
      assert.ok(WebAssembly.validate(out as Uint8Array<ArrayBuffer>), `${name}: instrumented module invalid`)
      new WebAssembly.Module(out as Uint8Array<ArrayBuffer>)
    }
  })
}
