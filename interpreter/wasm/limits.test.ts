/**
 * The engine's size limits (spec/wasm.md `wasm.validation-limits`, spec/invocation.md
 * `invocation.pooling-limits` and `invocation.js-engine-limits`), one test per limit, each at the
 * limit (accepted) and one past it (refused with the spec's message).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { decodeModule } from './decoder.js'
import { WasmError } from './error.js'
import { refInstrumentModule } from './instrument/index.js'
import { checkPoolingLimits, checkValidationLimits, instanceBytes, jsEngineProblem, POOLING_LIMITS, VALIDATION_LIMITS } from './limits.js'
import { I32, type WasmModule } from './module.js'
import { wat } from './harness.js'

const ACTOR = '(module (memory (export "memory") 1) (func (export "invoke") (param i32) (result i32) i32.const 0))'
const POOL = POOLING_LIMITS[18]
if (POOL === null) throw new Error('nv18 has pooling limits')

const refused = (f: () => void, message: RegExp): void => {
  assert.throws(f, (e: unknown) => e instanceof WasmError && message.test(e.message))
}

const globals = (n: number): WasmModule['globals'] => Array.from({ length: n }, () => ({ type: { valType: I32, mutable: false }, init: Uint8Array.of(0x41, 0, 0x0b) }))

test('validation limits: counts of functions, globals, types, imports, exports, segments', async () => {
  const base = decodeModule(await wat(ACTOR))
  checkValidationLimits(base, 'module')
  const cases: [string, WasmModule, RegExp][] = [
    ['globals', { ...base, globals: globals(VALIDATION_LIMITS.globals + 1) }, /^1000001 globals exceed the limit of 1000000 \(rule wasm.validation-limits\)$/],
    ['functions', { ...base, functions: new Array<number>(VALIDATION_LIMITS.functions + 1).fill(0), codes: [] }, /^1000001 functions exceed the limit of 1000000/],
    ['types', { ...base, types: new Array(VALIDATION_LIMITS.types + 1).fill({ params: [], results: [] }) }, /^1000001 types exceed the limit of 1000000/],
    ['data segments', { ...base, datas: new Array(VALIDATION_LIMITS.dataSegments + 1).fill({ flags: 1, memory: 0, offset: null, bytes: new Uint8Array(0) }) }, /^100001 data segments exceed the limit of 100000/],
    ['element segments', { ...base, elements: new Array(VALIDATION_LIMITS.elementSegments + 1).fill({ flags: 1, table: 0, offset: null, elemType: 0, funcs: [], exprs: null }) }, /^100001 element segments exceed the limit of 100000/],
    ['exports', { ...base, exports: Array.from({ length: VALIDATION_LIMITS.exports + 1 }, (_, i) => ({ name: `e${i}`, kind: 0, index: 0 })) }, /^1000001 exports exceed the limit of 1000000/],
  ]
  for (const [what, m, message] of cases) assert.throws(() => checkValidationLimits(m, 'module'), (e: unknown) => e instanceof WasmError && message.test(e.message), what)
  checkValidationLimits({ ...base, globals: globals(VALIDATION_LIMITS.globals) }, 'module')
  refused(() => checkValidationLimits({ ...base, globals: globals(VALIDATION_LIMITS.globals + 1) }, 'instrumented module'), /^after instrumentation: 1000001 globals/)
})

test('validation limits: locals (parameters included), memory pages, br_table labels', async () => {
  const locals = (n: number): Promise<Uint8Array> => wat(`(module (memory (export "memory") 1) (func (export "invoke") (param i32) (result i32) (local ${'i64 '.repeat(n)}) i32.const 0))`)
  checkValidationLimits(decodeModule(await locals(49_999)), 'module')
  const tooMany = decodeModule(await locals(50_000))
  refused(() => checkValidationLimits(tooMany, 'module'), /^function 0 has 50001 locals \(parameters included\), over the limit of 50000/)
  const base = decodeModule(await wat(ACTOR))
  checkValidationLimits({ ...base, memories: [{ min: 65_536, max: 65_536 }] }, 'module')
  refused(() => checkValidationLimits({ ...base, memories: [{ min: 1, max: 65_537 }] }, 'module'), /^memory of 65537 pages exceeds the limit of 65536 pages/)
  checkValidationLimits(decodeModule(await brTable(131_072)), 'module')
  const wide = decodeModule(await brTable(131_073))
  refused(() => checkValidationLimits(wide, 'module'), /^br_table of 131073 labels exceeds the limit of 131072/)
})

/** An actor whose invoke holds one br_table of `n` labels besides its default. */
function brTable(n: number): Promise<Uint8Array> {
  return wat(`(module (memory (export "memory") 1)
    (func (export "invoke") (param i32) (result i32) (block (br_table ${'0 '.repeat(n + 1)} (local.get 0))) i32.const 0))`)
}

test('pooling limits (nv18+): one memory of at most 8192 pages, one table of at most 20000 elements', async () => {
  const base = decodeModule(await wat(ACTOR))
  checkPoolingLimits({ ...base, memories: [{ min: 8192, max: null }] }, POOL)
  refused(() => checkPoolingLimits({ ...base, memories: [{ min: 8193, max: null }] }, POOL),
    /^memory of 8193 pages \(536936448 bytes\) exceeds the limit of 8192 pages \(536870912 bytes\) \(rule invocation.pooling-limits\)$/)
  const table = (min: number): WasmModule => ({ ...base, tables: [{ elemType: 0x70, limits: { min, max: null } }] })
  checkPoolingLimits(table(20_000), POOL)
  refused(() => checkPoolingLimits(table(20_001), POOL), /^table of 20001 elements exceeds the limit of 20000 \(rule invocation.pooling-limits\)$/)
  refused(() => checkPoolingLimits({ ...base, memories: [{ min: 1, max: null }, { min: 1, max: null }] }, POOL), /^2 defined memories exceed the limit of 1/)
  refused(() => checkPoolingLimits({ ...table(1), tables: [{ elemType: 0x70, limits: { min: 1, max: null } }, { elemType: 0x70, limits: { min: 1, max: null } }] }, POOL), /^2 defined tables exceed the limit of 1/)
})

test('pooling limits (nv18+): the instance, 160 bytes plus its VMContext, fits in 1 MiB', async () => {
  // The actor instrumented: 1 imported global (the gas counter) 24, 1 memory 8 + 16, after the 48
  // static bytes: 96; the defined globals (G + the stack-height global) 16 each; one escaping
  // function (the invoke thunk) 32. 160 + 96 + 16 (G + 1) + 32 = 304 + 16 G.
  const base = decodeModule(await wat(ACTOR))
  const withGlobals = (g: number): WasmModule => refInstrumentModule({ ...base, globals: globals(g) }, 18)
  assert.equal(instanceBytes(withGlobals(0)), 304)
  assert.equal(instanceBytes(withGlobals(65_517)), 1 << 20)
  checkPoolingLimits(withGlobals(65_517), POOL)
  refused(() => checkPoolingLimits(withGlobals(65_518), POOL), /^instance of 1048592 bytes exceeds the limit of 1048576 bytes \(rule invocation.pooling-limits\)$/)
  // Every imported function escapes (24 + 32 bytes each); a function exported twice counts once.
  // 48 + 24 + 3 × 24 + 24 = 168, padded to 176; 160 + 176 + 16 + 4 × 32 = 480.
  const imported = await wat(`(module ${'(import "vm" "exit" (func (param i32 i32 i32 i32) (result i32)))'.repeat(3)} ${ACTOR.slice(8, -1)} (export "again" (func 3)))`)
  assert.equal(instanceBytes(refInstrumentModule(decodeModule(imported), 18)), 480)
})

test('the JavaScript engine: more than 100000 exports, 65520 br_table labels or 7654321 body bytes cannot be compiled here', async () => {
  const base = decodeModule(await wat(ACTOR))
  assert.equal(jsEngineProblem(base, 100), null)
  const exports = (n: number): WasmModule => ({ ...base, exports: Array.from({ length: n }, (_, i) => ({ name: `e${i}`, kind: 0, index: 0 })) })
  assert.equal(jsEngineProblem(exports(100_000), 100), null)
  assert.match(jsEngineProblem(exports(100_001), 100) ?? '', /^the module has 100001 exports, over the JavaScript engine's limit of 100000 \(rule invocation.js-engine-limits\)$/)
  assert.equal(jsEngineProblem(decodeModule(await brTable(65_520)), 100), null)
  assert.match(jsEngineProblem(decodeModule(await brTable(65_521)), 100) ?? '', /^a br_table has 65521 labels, over the JavaScript engine's limit of 65520/)
  const body = { ...base, codes: [{ locals: [], code: new Uint8Array(7_654_321) }] }
  assert.match(jsEngineProblem(body, 100) ?? '', /^function 0 has 7654322 bytes, over the JavaScript engine's limit of 7654321/)
  const bigTable = { ...base, tables: [{ elemType: 0x70, limits: { min: 10_000_001, max: null } }] }
  assert.match(jsEngineProblem(bigTable, 100) ?? '', /a table has 10000001 elements/)
})

