/**
 * The inlined gas charges (inline-gas.ts) against the metering pass's calls: for each program and
 * for every gas budget from nothing to more than enough, both must return the same result, leave
 * the same counter and trap (or not) alike — including exactly where gas runs out.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { wat, runInstrumentedBytes } from '../harness.js'
import { decodeModule } from '../decoder.js'
import { encodeModule } from '../encoder.js'
import { functionSpaceTypes } from '../module.js'
import { OpReader } from '../decoder.js'
import { OP_CALL } from '../opcodes.js'
import { refInstrumentModule } from './index.js'
import { inlineGasCharges } from './inline-gas.js'
import type { WasmNetworkVersion } from '../validate.js'

const PROGRAMS: Record<string, string> = {
  straight: '(func (export "invoke") (param i32) (result i32) local.get 0 i32.const 2 i32.mul i32.const 3 i32.add)',
  loop: '(func (export "invoke") (param i32) (result i32) (loop $l local.get 0 i32.const 1 i32.sub local.tee 0 br_if $l) local.get 0)',
  branches: `(func $f (param i32) (result i32) local.get 0 (if (result i32) (then i32.const 10) (else i32.const 20)))
    (func (export "invoke") (param i32) (result i32) (local i32)
      (block $out (loop $l local.get 1 i32.const 1 i32.add local.tee 1 local.get 0 i32.ge_u br_if $out
        local.get 1 i32.const 3 i32.rem_u (br_table 0 0 1) br $l))
      local.get 1 call $f)`,
  recursion: `(func $fib (param i32) (result i32) local.get 0 i32.const 2 i32.lt_u (if (result i32) (then local.get 0)
      (else local.get 0 i32.const 1 i32.sub call $fib local.get 0 i32.const 2 i32.sub call $fib i32.add)))
    (func (export "invoke") (param i32) (result i32) local.get 0 call $fib)`,
  // nv18 charges memory.grow and memory.fill by their operand at run time when it is not a constant.
  dynamic: `(func (export "invoke") (param i32) (result i32) local.get 0 memory.grow drop
      i32.const 0 i32.const 7 local.get 0 i32.const 100 i32.mul memory.fill i32.const 1 memory.grow)`,
}

async function variants(body: string, v: WasmNetworkVersion): Promise<{ plain: Uint8Array; fast: Uint8Array; gasFunc: number }> {
  const ref = refInstrumentModule(decodeModule(await wat(`(module (memory (export "memory") 1 100) ${body})`)), v)
  const gasFunc = functionSpaceTypes(ref).length - 1
  return { plain: encodeModule(ref), fast: encodeModule(inlineGasCharges(ref, gasFunc)), gasFunc }
}

/** How many `call gasFunc` the module's bodies make. */
function gasCalls(bytes: Uint8Array, gasFunc: number): number {
  let n = 0
  for (const body of decodeModule(bytes).codes) {
    const rd = new OpReader(body.code)
    while (!rd.done) if (rd.next() === OP_CALL && rd.a === gasFunc) n++
  }
  return n
}

for (const [name, body] of Object.entries(PROGRAMS)) {
  for (const v of [17, 18] as const) {
    test(`inlined gas charges equal the calls at every budget: ${name}, wasm rules ${v}`, async () => {
      if (name === 'dynamic' && v === 17) return // nv17 refuses bulk memory
      const { plain, fast, gasFunc } = await variants(body, v)
      assert.ok(gasCalls(fast, gasFunc) < gasCalls(plain, gasFunc), 'some charge was inlined')
      for (const arg of [1, 5, 9]) {
        const full = runInstrumentedBytes(plain, v, { args: [arg] })
        assert.equal(full.trap, null)
        const used = full.usedMilligas
        const budgets = new Set<bigint>([0n, 1n, used - 1n, used, used + 1n])
        for (let b = 0n; b <= used; b += used / 97n + 1n) budgets.add(b)
        for (const gasMilligas of budgets) {
          if (gasMilligas < 0n) continue
          const a = runInstrumentedBytes(plain, v, { args: [arg], gasMilligas })
          const b = runInstrumentedBytes(fast, v, { args: [arg], gasMilligas })
          assert.deepEqual(b, a, `${name} arg ${arg} budget ${gasMilligas}`)
        }
      }
    })
  }
}

test('the pass leaves a module alone when the function named is not the gas function', async () => {
  const { plain, gasFunc } = await variants(PROGRAMS['recursion'] as string, 18)
  const m = decodeModule(plain)
  assert.equal(inlineGasCharges(m, gasFunc - 1), m)
  assert.equal(inlineGasCharges(m, gasFunc + 5), m)
})
