/**
 * Gas and stack-limit behaviour of instrumented modules, run in the JS engine. Every expected
 * figure is derived by hand from the rules (spec/wasm.md); the derivation is next to it.
 *
 * Shared facts used below (both versions unless said otherwise):
 *  - every priced instruction costs 4 gas = 4000 mg; nop, drop, block, loop, unreachable, return,
 *    else and end are free (wasm.instruction-cost);
 *  - `invoke` (one i32 param) is reached through a thunk: local.get 0 (4) + the instrumented call
 *    (global.get, i32.const, i32.add, global.set, global.get, i32.const, i32.gt_u, if = 8 x 4 = 32;
 *    unreachable and end free; call 4; global.get, i32.const, i32.sub, global.set = 16) = 56 gas,
 *    charged as one metered block (wasm.stack-thunk);
 *  - an instrumented call to a defined function costs 52 gas instead of 4.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { wat, runInstrumented, runInstrumentedBytes } from '../harness.js'
import { decodeModule } from '../decoder.js'
import { WasmError } from '../error.js'
import { initialSizes } from '../init-sizes.js'
import { onWasmMemoryInit, onWasmTableInit } from '../../gas/price-list.js'
import { HYGGE_PRICES, SKYR_PRICES } from '../../gas/price-lists/index.js'
import { instrument, meteredBlocks, stackCosts, NV17_RULES, NV18_RULES } from './index.js'
import type { InstrumentationRules } from './rules.js'

const MG = 1000n
const THUNK = 56n

function mod(body: string, extra = '', params = '(param i32)', memory = '(memory (export "memory") 1)'): string {
  return `(module ${memory} ${extra} (func (export "invoke") ${params} (result i32) ${body}))`
}

test('straight-line code: one block charged at entry', async () => {
  // local.get, i32.const, i32.mul, i32.const, i32.add = 5 x 4 = 20; + thunk 56 = 76 gas.
  const b = await wat(mod('local.get 0 i32.const 2 i32.mul i32.const 3 i32.add'))
  for (const v of [17, 18] as const) {
    const r = runInstrumented(b, v, { args: [5] })
    assert.equal(r.result, 13)
    assert.equal(r.usedMilligas, 76n * MG)
  }
})

test('loop: entry block plus one charge per iteration', async () => {
  // Positions: loop(0) local.get(1) i32.const(2) i32.sub(3) local.tee(4) br_if(5) end(6) local.get(7) end(8).
  // Blocks: {start 1: local.get+i32.const+i32.sub+local.tee+br_if = 20 gas} (the loop body, cut by br_if),
  //         {start 0: loop 0 + local.get after the loop 4 = 4 gas}.
  // n = 10 iterations: 56 + 4 + 10 x 20 = 260 gas.
  const b = await wat(mod('(loop $l local.get 0 i32.const 1 i32.sub local.tee 0 br_if $l) local.get 0'))
  for (const v of [17, 18] as const) {
    const r = runInstrumented(b, v, { args: [10] })
    assert.equal(r.result, 0)
    assert.equal(r.usedMilligas, 260n * MG)
  }
})

test('if/else: the taken arm is charged after the entry block', async () => {
  // local.get(0) if(1) i32.const(2) else(3) i32.const(4) end(5) i32.const(6) i32.add(7) end(8)
  // Blocks: {0: local.get 4 + if 4 + i32.const 4 + i32.add 4 = 16}, {2: 4}, {4: 4}.
  // Either arm: 16 + 4 = 20; + thunk 56 = 76 gas.
  const b = await wat(mod('local.get 0 (if (result i32) (then i32.const 10) (else i32.const 20)) i32.const 1 i32.add'))
  for (const v of [17, 18] as const) {
    for (const [arg, res] of [[0, 21], [1, 11]] as const) {
      const r = runInstrumented(b, v, { args: [arg] })
      assert.equal(r.result, res)
      assert.equal(r.usedMilligas, 76n * MG)
    }
  }
})

test('block with br_if: code after the block is merged into the entry charge', async () => {
  // block(0) local.get(1) br_if 0(2) i32.const(3) drop(4) end(5) i32.const(6) end(7)
  // block shares the function's block start 0; br_if closes {0: local.get 4 + br_if 4 = 8} which merges
  // into the function's block; the br_if only targets the block itself, so the function block goes on:
  // i32.const after the block adds 4 -> {0: 12}. After br_if: {3: i32.const 4, drop 0 = 4}.
  // Branch taken (arg 1): 12; not taken (arg 0): 12 + 4 = 16; + thunk 56.
  const b = await wat(mod('(block local.get 0 br_if 0 i32.const 9 drop) i32.const 7'))
  for (const v of [17, 18] as const) {
    assert.equal(runInstrumented(b, v, { args: [1] }).usedMilligas, (THUNK + 12n) * MG)
    assert.equal(runInstrumented(b, v, { args: [0] }).usedMilligas, (THUNK + 16n) * MG)
  }
})

test('br_table: the default label is a branch target in nv17 but ignored in nv18', async () => {
  // block $outer(0) block $inner(1) local.get(2) br_table $inner $outer(3) end(4) i32.const 7(5) return(6)
  // end(7) i32.const 9(8) end(9). Control stack: func=0, outer=1, inner=2.
  // br_table (4) closes {0: local.get + br_table = 8}, merged into outer's block (same start 0).
  //  nv18 targets = [inner] only: inner's end does not split outer; i32.const 7 joins it: outer {0: 12};
  //       return merges it into the function block; outer's end (lowest target 0) pushes {0: 12};
  //       then {8: i32.const 9 = 4}.
  //  nv17 targets = [outer (default), inner]: inner's end splits outer: 8 goes to the function block,
  //       {5: i32.const 7 = 4} becomes its own block; function block {0: 8}; then {8: 4}.
  // arg 0 (-> $inner, result 7):  nv18 12, nv17 8 + 4 = 12.
  // arg 1 (default -> $outer, result 9): nv18 12 + 4 = 16 (the pre-charged i32.const 7 is not refunded),
  //                                      nv17 8 + 4 = 12.
  const b = await wat(mod('(block $outer (block $inner local.get 0 br_table $inner $outer) i32.const 7 return) i32.const 9'))
  const cases: [17 | 18, number, number, bigint][] = [
    [18, 0, 7, 12n], [17, 0, 7, 12n], [18, 1, 9, 16n], [17, 1, 9, 12n],
  ]
  for (const [v, arg, res, gas] of cases) {
    const r = runInstrumented(b, v, { args: [arg] })
    assert.equal(r.result, res)
    assert.equal(r.usedMilligas, (THUNK + gas) * MG, `nv${v} arg ${arg}`)
  }
  const code = decodeModule(b).codes[0]?.code ?? new Uint8Array()
  assert.deepEqual(meteredBlocks(code, NV18_RULES).blocks, [{ start: 0, cost: 12000 }, { start: 8, cost: 4000 }])
  assert.deepEqual(meteredBlocks(code, NV17_RULES).blocks,
    [{ start: 0, cost: 8000 }, { start: 5, cost: 4000 }, { start: 8, cost: 4000 }])
})

test('calls: an instrumented call costs 52 gas, imports 4', async () => {
  // $h: local.get, i32.const, i32.add = 12. invoke: local.get 4 + instrumented call 52 = 56.
  // Import call: invoke2 = local.get 4 + call 4 = 8 (imports are not wrapped).
  // invoke total: thunk 56 + 56 + 12 = 124 gas.
  const b = await wat(`(module (import "env" "ext" (func $ext (param i32) (result i32)))
    (memory (export "memory") 1)
    (func $h (param i32) (result i32) local.get 0 i32.const 1 i32.add)
    (func (export "invoke") (param i32) (result i32) local.get 0 call $h)
    (func (export "viaImport") (param i32) (result i32) local.get 0 call $ext))`)
  const imports = { env: { ext: (x: number) => x * 2 } }
  for (const v of [17, 18] as const) {
    const r = runInstrumented(b, v, { args: [1], imports })
    assert.equal(r.result, 2)
    assert.equal(r.usedMilligas, 124n * MG)
    // viaImport thunk 56 + local.get 4 + call 4 = 64.
    const r2 = runInstrumented(b, v, { args: [3], imports, fn: 'viaImport' })
    assert.equal(r2.result, 6)
    assert.equal(r2.usedMilligas, 64n * MG)
  }
})

test('call_indirect goes through the callee thunk', async () => {
  // invoke: local.get 4 + i32.const 4 + call_indirect 4 = 12; table entry -> thunk of $h:
  // local.get 0 4 + 52 = 56; $h body 12. Total: 56 + 12 + 56 + 12 = 136 gas.
  const b = await wat(`(module (type $t (func (param i32) (result i32)))
    (memory (export "memory") 1) (table 1 funcref) (elem (i32.const 0) $h)
    (func $h (type $t) local.get 0 i32.const 1 i32.add)
    (func (export "invoke") (param i32) (result i32) local.get 0 i32.const 0 call_indirect (type $t)))`)
  for (const v of [17, 18] as const) {
    const r = runInstrumented(b, v, { args: [41] })
    assert.equal(r.result, 42)
    assert.equal(r.usedMilligas, 136n * MG)
  }
})

test('an infinite loop runs out of gas exactly at the limit', async () => {
  // loop(0) br 0(1) end(2) unreachable(3) end(4): one block {1: br = 4 gas} per iteration, nothing at entry.
  const b = await wat(mod('(loop $l br $l) unreachable'))
  for (const v of [17, 18] as const) {
    // 56 000 mg for the thunk + 100 iterations x 4 000 leaves exactly 0: the 101st charge goes to -4 000.
    const limit = 56_000n + 100n * 4_000n
    const r = runInstrumented(b, v, { gasMilligas: limit })
    assert.match(r.trap ?? '', /unreachable/)
    assert.equal(r.remainingMilligas, -4_000n)
    // With 2 000 mg more, the 101st charge leaves -2 000.
    assert.equal(runInstrumented(b, v, { gasMilligas: limit + 2_000n }).remainingMilligas, -2_000n)
    // Not even the thunk fits: it traps on its first charge, before any loop iteration.
    assert.equal(runInstrumented(b, v, { gasMilligas: 55_999n }).remainingMilligas, -1n)
  }
})

test('unbounded recursion hits the stack limit (2048), at a depth that differs by version', async () => {
  // $r: (local i32 i32 i64) = 3 declared locals in 2 groups; max height: 2 at entry, 3 before the call.
  //   nv17 cost = 3 + 3 = 6; nv18 cost = 2 groups + 3 = 5. invoke: no locals, max height 3 -> cost 3.
  // Height after the thunk = 3; the k-th call to $r makes it 3 + k x cost; the trap is the first k with
  // 3 + k x cost > 2048: nv17 k = 341, nv18 k = 410. Calls 1..k-1 entered $r.
  // Gas: thunk 56 + invoke body (local.get 4 + 52) 56 + (k - 1) x $r body (local.get 4 + 52) 56.
  //   nv17: 112 + 340 x 56 = 19 152 gas; nv18: 112 + 409 x 56 = 23 016 gas.
  const b = await wat(mod('local.get 0 call $r',
    '(func $r (param i32) (result i32) (local i32 i32 i64) local.get 0 call $r)'))
  const m = decodeModule(b)
  assert.deepEqual(stackCosts(m, NV17_RULES), [6, 3])
  assert.deepEqual(stackCosts(m, NV18_RULES), [5, 3])
  for (const [v, gas] of [[17, 19_152n], [18, 23_016n]] as const) {
    const r = runInstrumented(b, v)
    assert.match(r.trap ?? '', /unreachable/)
    assert.equal(r.usedMilligas, gas * MG, `nv${v}`)
  }
})

test('traps: unreachable and division by zero keep the pre-charged block', async () => {
  // i32.const 4, drop 0, unreachable 0: {0: 4}; total 60 gas.
  const u = await wat(mod('i32.const 1 drop unreachable'))
  // local.get, i32.const, i32.div_u, i32.const, i32.add: one block of 20 gas charged before the trap; 76.
  const d = await wat(mod('local.get 0 i32.const 0 i32.div_u i32.const 5 i32.add'))
  for (const v of [17, 18] as const) {
    const ru = runInstrumented(u, v)
    assert.match(ru.trap ?? '', /unreachable/)
    assert.equal(ru.usedMilligas, 60n * MG)
    const rd = runInstrumented(d, v, { args: [7] })
    assert.match(rd.trap ?? '', /divide by zero/)
    assert.equal(rd.usedMilligas, 76n * MG)
  }
})

test('memory.grow: flat in nv17, 26 214.4 gas per page in nv18 (static and dynamic)', async () => {
  // Static: i32.const 2; memory.grow -> nv17: 4 + 4 = 8 gas; nv18: 4 + (4 + 2 x 26 214.4) = 52 436.8 gas.
  const s = await wat(mod('i32.const 2 memory.grow', '', '(param i32)', '(memory (export "memory") 1 4)'))
  assert.equal(runInstrumented(s, 17).usedMilligas, (THUNK + 8n) * MG)
  assert.equal(runInstrumented(s, 18).usedMilligas, THUNK * MG + 52_436_800n)
  // Dynamic: local.get 0; memory.grow -> block 4 + 4 = 8 gas, then 26 214 400 mg x operand at run time,
  // charged even when the grow fails (operand 5 > max 4 - 1: returns -1).
  const d = await wat(mod('local.get 0 memory.grow', '', '(param i32)', '(memory (export "memory") 1 4)'))
  assert.equal(runInstrumented(d, 17, { args: [3] }).usedMilligas, (THUNK + 8n) * MG)
  assert.equal(runInstrumented(d, 18, { args: [3] }).usedMilligas, (THUNK + 8n) * MG + 3n * 26_214_400n)
  const fail = runInstrumented(d, 18, { args: [5] })
  assert.equal(fail.result, -1)
  assert.equal(fail.usedMilligas, (THUNK + 8n) * MG + 5n * 26_214_400n)
})

test('memory.fill / memory.copy: 0.4 gas per byte in nv18', async () => {
  // i32.const, i32.const, local.get (12) memory.fill (base 4, dynamic 0.4 x n);
  // i32.const, i32.const, i32.const 50 (12) memory.copy (4 + 50 x 0.4 = 24 static); local.get 4.
  // nv18 block: 12 + 4 + 12 + 24 + 4 = 56 gas; dynamic 400 mg x 1000 = 400 gas. Total 56 + 56 + 400 = 512.
  // nv17: every instruction 4: 3 + 1 + 3 + 1 + 1 = 9 x 4 = 36; total 92.
  const b = await wat(mod('i32.const 0 i32.const 100 local.get 0 memory.fill ' +
    'i32.const 0 i32.const 100 i32.const 50 memory.copy local.get 0'))
  assert.equal(runInstrumented(b, 18, { args: [1000] }).usedMilligas, 512n * MG)
  assert.equal(runInstrumented(b, 17, { args: [1000] }).usedMilligas, 92n * MG)
})

test('memory init charge: nv18 charges 0.4 gas per byte of initial memory, nv17 nothing', async () => {
  const b = await wat(mod('local.get 0', '', '(param i32)', '(memory (export "memory") 17)'))
  const m = decodeModule(b)
  const sizes = initialSizes(m)
  assert.deepEqual(sizes, { minMemoryBytes: 17n * 65_536n, minTableElements: null })
  // 17 pages x 65 536 bytes x 400 mg = 445 644 800 mg (26 214.4 gas per page).
  assert.equal(onWasmMemoryInit(HYGGE_PRICES, sizes.minMemoryBytes)?.compute, 445_644_800n)
  assert.equal(onWasmMemoryInit(SKYR_PRICES, sizes.minMemoryBytes), undefined)
  const t = initialSizes(decodeModule(await wat(mod('local.get 0', '(table (export "table") 10 funcref)'))))
  // 10 elements x 8 bytes x 400 mg = 32 000 mg.
  assert.equal(onWasmTableInit(HYGGE_PRICES, t.minTableElements ?? 0n)?.compute, 32_000n)
})

test('the gas counter import is gas.gas_couner in nv17 and gas.gas_counter in nv18', async () => {
  const b = await wat(mod('local.get 0'))
  for (const [v, name] of [[17, 'gas_couner'], [18, 'gas_counter']] as const) {
    const m = decodeModule(instrument(b, v))
    const last = m.imports[m.imports.length - 1]
    assert.deepEqual(last, { module: 'gas', name, desc: { kind: 'global', global: { valType: 0x7e, mutable: true } } })
  }
})

test('globals are shifted past the gas import; the module still runs', async () => {
  // global.get, i32.const, i32.add, global.set, global.get = 20 gas; + 56.
  const b = await wat(mod('global.get $g local.get 0 i32.add global.set $g global.get $g', '(global $g (mut i32) (i32.const 5))'))
  for (const v of [17, 18] as const) {
    const r = runInstrumented(b, v, { args: [3] })
    assert.equal(r.result, 8)
    assert.equal(r.usedMilligas, 76n * MG)
  }
})

test('nv17 refuses sign-extension and saturating conversions; nv18 meters them at 4 gas', async () => {
  const se = await wat(mod('local.get 0 i32.extend8_s'))
  const sat = await wat(mod('f64.const 1.5 i32.trunc_sat_f64_u'))
  for (const b of [se, sat]) assert.throws(() => instrument(b, 17), WasmError)
  assert.equal(runInstrumented(se, 18, { args: [255] }).result, -1)
  assert.equal(runInstrumented(se, 18, { args: [255] }).usedMilligas, (THUNK + 8n) * MG)
  assert.equal(runInstrumented(sat, 18).usedMilligas, (THUNK + 8n) * MG)
})

test('unit-cost rules reproduce the metered blocks of a block with an inner br_if', async () => {
  // A block with 10 instructions, br_if 0, 5 more, then one after the block: with every instruction
  // (block included) at 1, the entry block is block + 10 + br_if + the instruction after the block = 13,
  // and the 5 after br_if form their own block.
  const unit: InstrumentationRules = { ...NV18_RULES, defaultCost: 1, free: [], linear: {} }
  const b = await wat(`(module (func (result i32) (local i32 i32)
    (block i32.const 0 local.set 0 i32.const 1 local.set 1 local.get 0 local.get 1 local.tee 0 i32.add
      local.set 1 i32.const 1 br_if 0 local.get 0 local.get 1 local.tee 0 i32.add local.set 1) local.get 1))`)
  const code = decodeModule(b).codes[0]?.code ?? new Uint8Array()
  assert.deepEqual(meteredBlocks(code, unit).blocks, [{ start: 0, cost: 13 }, { start: 12, cost: 5 }])
})

test('instrumented bytes instantiate as they are', async () => {
  const b = await wat(mod('local.get 0'))
  const r = runInstrumentedBytes(instrument(b, 18), 18, { args: [9] })
  assert.equal(r.result, 9)
})
