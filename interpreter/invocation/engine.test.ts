import assert from 'node:assert/strict'
import { test } from 'node:test'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { Blockstore } from '../ipld/blockstore.js'
import { cidOf, Codec } from '../ipld/cid.js'
import { wat } from '../wasm/harness.js'
import { decodeModule } from '../wasm/decoder.js'
import { encodeModule } from '../wasm/encoder.js'
import { I32, type WasmModule } from '../wasm/module.js'
import { Engine, GAS_COUNTER_EXPORT, HOST_MEMORY_IMPORT, prepareModule } from './engine.js'
import { decodeEntry, defaultCacheDir, instrumentationVersion } from './module-cache.js'
import { runOnLargeStack } from './large-stack.js'

const ACTOR = `(module (memory (export "memory") 1) (global $g (mut i32) (i32.const 7))
  (func (export "invoke") (param i32) (result i32) global.get $g))`

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'fvm-spec-engine-'))

function stored(bytes: Uint8Array): { store: Blockstore; cid: ReturnType<typeof cidOf> } {
  const cid = cidOf(Codec.IPLD_RAW, bytes)
  return { store: Blockstore.empty().put(cid, bytes), cid }
}

test('compiled actors define their own gas counter (exported) and import their memory as a shared one', async () => {
  const { store, cid } = stored(await wat(ACTOR))
  for (const nv of [17, 18, 21] as const) {
    const r = new Engine({ cache: false }).compile(store, cid, nv)
    assert.ok(r.ok)
    const imports = WebAssembly.Module.imports(r.actor.module)
    const exports = WebAssembly.Module.exports(r.actor.module)
    assert.ok(!imports.some((i) => i.module === 'gas'), `nv${nv}: no gas import`)
    assert.ok(exports.some((e) => e.name === GAS_COUNTER_EXPORT && e.kind === 'global'), `nv${nv}: counter exported`)
    assert.ok(imports.some((i) => i.module === HOST_MEMORY_IMPORT.module && i.kind === 'memory'), `nv${nv}: memory imported`)
    assert.deepEqual(r.actor.hostMemory, { initial: 1, maximum: 65536 })
    assert.equal(r.actor.ownGasCounter, true)
    assert.equal(r.actor.invoke, 'ok')
  }
})

test('code missing from the blockstore is "missing", not a crash; bad code is refused', () => {
  const store = Blockstore.empty()
  const missing = new Engine({ cache: false }).compile(store, cidOf(Codec.IPLD_RAW, new Uint8Array([1])), 18)
  assert.ok(!missing.ok && missing.kind === 'missing')
  const junk = Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff)
  const cid = cidOf(Codec.IPLD_RAW, junk)
  const bad = new Engine({ cache: false }).compile(store.put(cid, junk), cid, 18)
  assert.ok(!bad.ok && bad.kind === 'refused')
})

test('persistent cache: a warm engine serves the entry, with the same bytes and facts as a cold compile', async () => {
  const dir = tempDir()
  try {
    const bytes = await wat(ACTOR.replace('global.get $g', 'global.get $g f64.const 1 f64.const 2 f64.div drop'))
    const { store, cid } = stored(bytes)
    const cold = new Engine({ cache: dir })
    assert.ok(cold.persistent)
    const a = cold.compile(store, cid, 18)
    assert.deepEqual(cold.stats, { memoryHits: 0, diskHits: 0, builds: 1 })
    assert.ok(a.ok)
    cold.compile(store, cid, 18)
    assert.equal(cold.stats.memoryHits, 1)

    const warm = new Engine({ cache: dir })
    const b = warm.compile(store, cid, 18)
    assert.deepEqual(warm.stats, { memoryHits: 0, diskHits: 1, builds: 0 })
    assert.ok(b.ok)
    const { module: _a, ...factsA } = a.actor
    const { module: _b, ...factsB } = b.actor
    assert.deepEqual(factsB, factsA)
    // The entry holds exactly what a cold preparation gives.
    const prepared = prepareModule(bytes, 18)
    assert.ok(prepared.ok)
    const key = warm.cacheKey(cid, 18)
    assert.ok(key !== null && key.includes(cid.toString()) && key.includes('rules=18'))
    const files = readdirSync(join(dir, `instr-${instrumentationVersion() ?? ''}`))
    assert.equal(files.length, 1)
    const entry = decodeEntry(key, readFileSync(join(dir, `instr-${instrumentationVersion() ?? ''}`, files[0] ?? '')))
    assert.ok(entry !== undefined)
    assert.deepEqual(entry.bytes, prepared.bytes)
    // Another rules key is another entry.
    warm.compile(store, cid, 21)
    assert.equal(warm.stats.builds, 1)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('persistent cache: a corrupted or truncated entry is detected, discarded and rebuilt', async () => {
  const dir = tempDir()
  try {
    const { store, cid } = stored(await wat(ACTOR))
    new Engine({ cache: dir }).compile(store, cid, 21)
    const sub = join(dir, `instr-${instrumentationVersion() ?? ''}`)
    const [name] = readdirSync(sub)
    const file = join(sub, name ?? '')
    const good = readFileSync(file)
    const damage: [string, Uint8Array][] = [
      ['one byte flipped', (() => { const d = Uint8Array.from(good); d[d.length >> 1] = (d[d.length >> 1] ?? 0) ^ 0x40; return d })()],
      ['truncated', good.subarray(0, good.length - 7)],
      ['empty', new Uint8Array(0)],
      ['another key', (() => { const d = Uint8Array.from(good); d[14] = (d[14] ?? 0) ^ 1; return d })()],
    ]
    for (const [what, bad] of damage) {
      writeFileSync(file, bad)
      const e = new Engine({ cache: dir })
      const r = e.compile(store, cid, 21)
      assert.ok(r.ok, what)
      assert.deepEqual(e.stats, { memoryHits: 0, diskHits: 0, builds: 1 }, what)
      assert.deepEqual(readFileSync(file), good, `${what}: rewritten intact`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('persistent cache: concurrent writers (worker threads) leave only complete, identical entries', async () => {
  const dir = tempDir()
  try {
    const modules = await Promise.all(Array.from({ length: 6 }, (_, i) => wat(ACTOR.replace('i32.const 7', `i32.const ${i}`))))
    const url = new URL('./module-cache.fixture.ts', import.meta.url).href
    const runs = await Promise.all(Array.from({ length: 4 }, () => runOnLargeStack<number>(url, 'compileAll', [dir, modules, 18])))
    assert.deepEqual(runs, [6, 6, 6, 6])
    const sub = join(dir, `instr-${instrumentationVersion() ?? ''}`)
    const files = readdirSync(sub)
    assert.equal(files.length, 6, `no temporary files left: ${files.join(', ')}`)
    const e = new Engine({ cache: dir })
    for (const m of modules) {
      const { store, cid } = stored(m)
      const prepared = prepareModule(m, 18)
      assert.ok(prepared.ok)
      const key = e.cacheKey(cid, 18) ?? ''
      const entry = files.map((f) => decodeEntry(key, readFileSync(join(sub, f)))).find((x) => x !== undefined)
      assert.ok(entry !== undefined)
      assert.deepEqual(entry.bytes, prepared.bytes)
      assert.ok(e.compile(store, cid, 18).ok)
    }
    assert.equal(e.stats.diskHits, 6)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('without the cache (cache: false) nothing is written and the results are the same', async () => {
  const dir = tempDir()
  const saved = process.env['FVM_SPEC_CACHE']
  process.env['FVM_SPEC_CACHE'] = dir
  try {
    const { store, cid } = stored(await wat(ACTOR))
    const off = new Engine({ cache: false })
    assert.equal(off.persistent, false)
    assert.equal(off.cacheKey(cid, 18), null)
    const a = off.compile(store, cid, 18)
    assert.equal(existsSync(join(dir, `instr-${instrumentationVersion() ?? ''}`)), false)
    const on = new Engine() // $FVM_SPEC_CACHE
    const b = on.compile(store, cid, 18)
    assert.equal(on.stats.builds, 1)
    assert.equal(readdirSync(join(dir, `instr-${instrumentationVersion() ?? ''}`)).length, 1)
    assert.ok(a.ok && b.ok)
    const { module: _a, ...factsA } = a.actor
    const { module: _b, ...factsB } = b.actor
    assert.deepEqual(factsA, factsB)
  } finally {
    if (saved === undefined) delete process.env['FVM_SPEC_CACHE']
    else process.env['FVM_SPEC_CACHE'] = saved
    rmSync(dir, { recursive: true, force: true })
  }
})

test('the instrumentation version is a hash of the instrumentation source', () => {
  const v = instrumentationVersion()
  assert.ok(v !== null && /^[0-9a-f]{24}$/.test(v))
})

test('limits at load: refused (Fatal) with the spec message, or unsupported when only V8 cannot; never V8 words', async () => {
  const base = decodeModule(await wat(ACTOR))
  const globals = (n: number): WasmModule['globals'] => Array.from({ length: n }, () => ({ type: { valType: I32, mutable: false }, init: Uint8Array.of(0x41, 0, 0x0b) }))
  const cases: [string, Uint8Array, 17 | 18 | 21, 'ok' | 'refused' | 'unsupported', RegExp][] = [
    ['65518 globals at nv18: the instance exceeds 1 MiB', encodeModule({ ...base, globals: globals(65_518) }), 18, 'refused', /instance of 1048592 bytes exceeds the limit of 1048576 bytes \(rule invocation.pooling-limits\)/],
    ['65518 globals at nv21', encodeModule({ ...base, globals: globals(65_518) }), 21, 'refused', /rule invocation.pooling-limits/],
    ['65518 globals at nv17: no pooling allocator', encodeModule({ ...base, globals: globals(65_518) }), 17, 'ok', /./],
    ['1000001 globals', encodeModule({ ...base, globals: globals(1_000_001) }), 17, 'refused', /^1000001 globals exceed the limit of 1000000 \(rule wasm.validation-limits\)$/],
    ['100001 exports', encodeModule({ ...base, exports: [...base.exports, ...Array.from({ length: 100_000 }, (_, i) => ({ name: `e${i}`, kind: 0, index: 0 }))] }), 18, 'unsupported', /^the module has 100002 exports, over the JavaScript engine's limit of 100000 \(rule invocation.js-engine-limits\)$/],
    ['a table of 10000001 elements at nv17', encodeModule({ ...base, tables: [{ elemType: 0x70, limits: { min: 10_000_001, max: null } }] }), 17, 'unsupported', /a table has 10000001 elements/],
    // ref-fvm refuses it anyway from nv18 (its pooling allocator caps tables at 20 000): Fatal, not unsupported.
    ['a table of 10000001 elements at nv18', encodeModule({ ...base, tables: [{ elemType: 0x70, limits: { min: 10_000_001, max: null } }] }), 18, 'refused', /^table of 10000001 elements exceeds the limit of 20000 \(rule invocation.pooling-limits\)$/],
    ['a table of 10000001 elements at nv21', encodeModule({ ...base, tables: [{ elemType: 0x70, limits: { min: 10_000_001, max: null } }] }), 21, 'refused', /exceeds the limit of 20000 \(rule invocation.pooling-limits\)$/],
  ]
  for (const [what, bytes, nv, kind, message] of cases) {
    const r = prepareModule(bytes, nv)
    assert.equal(r.ok ? 'ok' : r.kind, kind, what)
    if (!r.ok) {
      assert.match(r.reason, message, what)
      assert.doesNotMatch(r.reason, /WebAssembly\.Module|Compiling function/, what)
    }
  }
  // Through the engine: the same kinds, with the code CID in the reason.
  const { store, cid } = stored(encodeModule({ ...base, exports: [...base.exports, ...Array.from({ length: 100_000 }, (_, i) => ({ name: `e${i}`, kind: 0, index: 0 }))] }))
  const r = new Engine({ cache: false }).compile(store, cid, 18)
  assert.ok(!r.ok && r.kind === 'unsupported' && r.reason.includes('cannot run in this interpreter'))
})

test('the default cache: $FVM_SPEC_CACHE; else none under node\'s test runner (tests never write to ~/.cache); else ~/.cache/fvm-spec/modules', () => {
  const saved = { cache: process.env['FVM_SPEC_CACHE'], context: process.env['NODE_TEST_CONTEXT'] }
  const restore = (name: string, value: string | undefined): void => {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  try {
    delete process.env['FVM_SPEC_CACHE']
    process.env['NODE_TEST_CONTEXT'] = 'child-v8'
    assert.equal(defaultCacheDir(), false)
    assert.equal(new Engine().persistent, false)
    process.env['FVM_SPEC_CACHE'] = '/some/folder'
    assert.equal(defaultCacheDir(), '/some/folder')
    process.env['FVM_SPEC_CACHE'] = ''
    assert.equal(defaultCacheDir(), false, 'an empty $FVM_SPEC_CACHE is unset')
    delete process.env['NODE_TEST_CONTEXT']
    assert.equal(defaultCacheDir(), join(homedir(), '.cache', 'fvm-spec', 'modules'))
  } finally {
    restore('FVM_SPEC_CACHE', saved.cache)
    restore('NODE_TEST_CONTEXT', saved.context)
  }
})
