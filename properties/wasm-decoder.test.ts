/**
 * Properties of the wasm decoder: on arbitrary or mutated bytes it either decodes or throws a
 * WasmError (never another exception), and what it decodes re-encodes to bytes that decode to the
 * same module.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { wat } from '../interpreter/wasm/harness.js'
import { decodeModule } from '../interpreter/wasm/decoder.js'
import { encodeModule } from '../interpreter/wasm/encoder.js'
import { WasmError } from '../interpreter/wasm/error.js'
import { instrument } from '../interpreter/wasm/instrument/index.js'

function decodeOrWasmError(bytes: Uint8Array): void {
  try {
    const m = decodeModule(bytes)
    const again = encodeModule(m)
    assert.deepEqual(encodeModule(decodeModule(again)), again)
  } catch (e) {
    if (!(e instanceof WasmError)) throw e
  }
}

const HEADER = [0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0]

test('random bytes after a valid header: decode or WasmError', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (tail) => {
    decodeOrWasmError(new Uint8Array([...HEADER, ...tail]))
  }), { numRuns: 3000 })
})

test('fully random bytes: decode or WasmError', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => decodeOrWasmError(b)), { numRuns: 1000 })
})

test('mutated valid modules: decode (and instrument) or WasmError', async () => {
  const seed = await wat(`(module (memory (export "memory") 1) (table 2 funcref) (elem (i32.const 0) $h)
    (global $g (mut i32) (i32.const 3)) (data (i32.const 8) "abc")
    (func $h (param i32) (result i32) local.get 0 i32.const 1 i32.add)
    (func (export "invoke") (param i32) (result i32) (local i64)
      (block (loop local.get 0 i32.eqz br_if 1 local.get 0 i32.const 1 i32.sub local.set 0 br 0))
      local.get 0 (if (result i32) (then i32.const 1) (else local.get 0 i32.const 0 call_indirect (param i32) (result i32)))
      i32.const 0 i32.const 0 local.get 0 memory.fill global.get $g i32.add call $h))`)
  fc.assert(fc.property(
    fc.array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
    (muts) => {
      const b = new Uint8Array(seed)
      for (const [i, v] of muts) b[i] = v
      decodeOrWasmError(b)
      for (const v of [17, 18] as const) {
        try {
          const out = instrument(b, v)
          if (WebAssembly.validate(b)) assert.ok(WebAssembly.validate(out as Uint8Array<ArrayBuffer>), 'instrumented module invalid')
        } catch (e) {
          if (!(e instanceof WasmError)) throw e
        }
      }
    }), { numRuns: 2000 })
})
