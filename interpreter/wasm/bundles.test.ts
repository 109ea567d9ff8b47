/**
 * The real built-in actor bundles v9–v18: every module decodes, validates under its version's wasm
 * rules, instruments, compiles and instantiates (with stub imports); and every function it imports
 * is one the FVM of that version links, with the same wasm signature. Runs only when
 * FVM_SPEC_BUNDLES names a folder holding vN-builtin-actors-mainnet.car files; each missing bundle
 * skips its own test.
 *
 * Versions: v9 runs at nv17 (rules key 17, ref-fvm v2.12.1), v10 at nv18 and v11 at nv19–20 (key
 * 18, v3.14.1), v12–v18 at nv21–28 (key 21, v4.8.2): the `wasmRules` of their rows.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readBundle } from './bundle.js'
import { decodeInstructions, decodeModule } from './decoder.js'
import { encodeInstructions, encodeModule } from './encoder.js'
import { loadModule, WASM_RULES_LABEL } from './validate.js'
import type { WasmNetworkVersion } from './validate.js'
import type { WasmModule } from './module.js'
import { Blockstore } from '../ipld/blockstore.js'
import { cidOf, Codec } from '../ipld/cid.js'
import { Engine, HOST_MEMORY_IMPORT, linkProblem, type CompiledActor } from '../invocation/engine.js'
import { INSTRUMENTATION_RULES } from './instrument/rules.js'
import { syscallsFor } from '../kernel/syscall-table.js'
import { BUNDLE_IMPORTS, FVM_V4_LINKER } from './bundle-imports.fixture.js'
import { NV17, NV18, NV19, NV21, NV22, NV23, NV24, NV25, NV27, NV28 } from '../machine/network-rules.js'

const dir = process.env.FVM_SPEC_BUNDLES
// Each bundle under the wasm rules of the first row that runs it (v11: nv19, nv18's rules; v12–v18: key 21).
const BUNDLES: readonly [string, WasmNetworkVersion, number][] = [
  ['v9', NV17.wasmRules, 12], ['v10', NV18.wasmRules, 16], ['v11', NV19.wasmRules, 16],
  ['v12', NV21.wasmRules, 16], ['v13', NV22.wasmRules, 16], ['v14', NV23.wasmRules, 16], ['v15', NV24.wasmRules, 16],
  ['v16', NV25.wasmRules, 16], ['v17', NV27.wasmRules, 16], ['v18', NV28.wasmRules, 16],
]

/** Bundles whose every function body is also decoded to operators, re-encoded and compared (slow). */
const ROUND_TRIP = new Set(['v9', 'v10', 'v18'])

const TYPE_NAMES: Readonly<Record<number, string>> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64' }

/** `module.name (params) -> (results)` of each function import; `module.name kind` otherwise. */
function importSignatures(m: WasmModule): string[] {
  return m.imports.map((i) => {
    if (i.desc.kind !== 'func') return `${i.module}.${i.name} ${i.desc.kind}`
    const t = m.types[i.desc.type]
    const names = (vs: readonly number[] | undefined): string => (vs ?? []).map((v) => TYPE_NAMES[v] ?? `0x${v.toString(16)}`).join(', ')
    return `${i.module}.${i.name} (${names(t?.params)}) -> (${names(t?.results)})`
  })
}

/** What a version's linker binds, in the same notation. */
function linkedSignatures(version: WasmNetworkVersion): Set<string> {
  if (version === 21) {
    return new Set(FVM_V4_LINKER.filter((s) => s.bound).map((s) => `${s.module}.${s.name} (${s.params.join(', ')}) -> (i32)`))
  }
  // The kernel's syscall table: a leading i32 out-pointer when the syscall writes a value.
  return new Set(syscallsFor(version === 17 ? 'v2' : 'v3').map((d) =>
    `${d.module}.${d.name} (${[...(d.out > 0 ? ['i32'] : []), ...d.params].join(', ')}) -> (i32)`))
}

/** Instantiates a compiled actor with stub imports: every function returns 0. */
function instantiateWithStubs(module: WebAssembly.Module, memory: CompiledActor['hostMemory']): WebAssembly.Instance {
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {}
  for (const i of WebAssembly.Module.imports(module)) {
    const mod = (imports[i.module] ??= {})
    if (i.kind === 'function') mod[i.name] = () => 0
    else if (i.kind === 'global') mod[i.name] = new WebAssembly.Global({ value: 'i64', mutable: true }, 0n)
    else if (i.kind === 'memory' && i.module === HOST_MEMORY_IMPORT.module && memory !== null) mod[i.name] = new WebAssembly.Memory({ ...memory, shared: true })
    else throw new Error(`unexpected ${i.kind} import ${i.module}.${i.name}`)
  }
  return new WebAssembly.Instance(module, imports)
}

for (const [tag, version, modules] of BUNDLES) {
  const file = dir === undefined ? undefined : join(dir, `${tag}-builtin-actors-mainnet.car`)
  const skip = file === undefined
    ? `FVM_SPEC_BUNDLES is not set (point it at a folder with ${tag}-builtin-actors-mainnet.car)`
    : !existsSync(file) ? `${file} does not exist` : false
  const label = WASM_RULES_LABEL[version]
  test(`bundle ${tag} (${label}): all ${modules} actors decode, validate, instrument, compile and instantiate`, { skip }, () => {
    const actors = readBundle(new Uint8Array(readFileSync(file as string)))
    assert.equal(actors.length, modules)
    const engine = new Engine({ cache: false })
    for (const { name, code } of actors) {
      const m = loadModule(code, version)
      assert.ok(m.codes.length > 0)
      if (ROUND_TRIP.has(tag)) {
        for (const c of m.codes) {
          const ins = decodeInstructions(c.code)
          // Operators re-encode canonically; the bundles pad some LEBs, so compare decoded forms.
          assert.deepEqual(decodeInstructions(encodeInstructions(ins)), ins, `${name}: body round trip`)
        }
        assert.deepEqual(encodeModule(decodeModule(encodeModule(m))), encodeModule(m), `${name}: module round trip`)
      }
      const cid = cidOf(Codec.IPLD_RAW, code)
      const compiled = engine.compile(Blockstore.empty().put(cid, code), cid, version)
      assert.ok(compiled.ok, compiled.ok ? '' : `${name}: ${compiled.reason}`)
      // The container's link check passes (v12–v18: checked against the fixture in the next test).
      if (version !== 21) assert.equal(linkProblem(compiled.actor, syscallsFor(version === 17 ? 'v2' : 'v3'), INSTRUMENTATION_RULES[version]), null, name)
      const instance = instantiateWithStubs(compiled.actor.module, compiled.actor.hostMemory)
      assert.equal(typeof instance.exports['invoke'], 'function', `${name}: invoke`)
    }
  })

  test(`bundle ${tag} (${label}): every import is a syscall the version links, with the same signature`, { skip }, () => {
    const actors = readBundle(new Uint8Array(readFileSync(file as string)))
    const used = new Set(actors.flatMap(({ code }) => importSignatures(decodeModule(code))))
    const expected = BUNDLE_IMPORTS[tag]
    if (expected !== undefined) assert.deepEqual([...used].sort(), [...expected].sort(), `${tag}: imports differ from the fixture`)
    const linked = linkedSignatures(version)
    assert.deepEqual([...used].filter((s) => !linked.has(s)).sort(), [], `${tag}: imports ${label} does not link`)
  })
}

test('the v12–v18 import fixture is within what fvm v4.8.2 links (checked without bundles)', () => {
  const linked = linkedSignatures(21)
  for (const [tag, list] of Object.entries(BUNDLE_IMPORTS)) {
    assert.deepEqual(list.filter((s) => !linked.has(s)), [], tag)
  }
  // crypto.verify_signature is used by every v12–v18 bundle: filecoin-ffi's `verify-signature` feature keeps it bound.
  assert.ok(Object.values(BUNDLE_IMPORTS).every((l) => l.some((s) => s.startsWith('crypto.verify_signature '))))
})
