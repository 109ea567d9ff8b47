/**
 * Benchmark (not a test) of the wasm layer:
 *  1. decode and instrument throughput (MB/s) on the builtin-actor bundles in FVM_SPEC_BUNDLES
 *     (default ~/.cache/fvm-spec/bundles), else on a synthetic ~3 MB module;
 *  2. a gas-burning loop's executed wasm instructions per second, instrumented vs not.
 * Run: node --import tsx scripts/bench-wasm.ts
 */
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { decodeModule } from '../interpreter/wasm/decoder.js'
import { instrument } from '../interpreter/wasm/instrument/index.js'
import { readBundle } from '../interpreter/wasm/bundle.js'
import { runInstrumentedBytes, wat } from '../interpreter/wasm/harness.js'
import type { WasmNetworkVersion } from '../interpreter/wasm/validate.js'

const dir = process.env.FVM_SPEC_BUNDLES ?? join(homedir(), '.cache/fvm-spec/bundles')

function time<T>(f: () => T, reps = 3): [T, number] {
  let best = Infinity
  let out: T | undefined
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now()
    out = f()
    best = Math.min(best, performance.now() - t0)
  }
  return [out as T, best]
}

async function throughput(): Promise<void> {
  const sets: [string, WasmNetworkVersion, Uint8Array[]][] = []
  for (const [tag, v] of [['v9', 17], ['v10', 18]] as const) {
    const f = join(dir, `${tag}-builtin-actors-mainnet.car`)
    if (existsSync(f)) sets.push([tag, v, readBundle(new Uint8Array(readFileSync(f))).map((a) => a.code)])
  }
  if (sets.length === 0) {
    const fns = Array.from({ length: 400 }, (_, i) => `(func $f${i} (param i32) (result i32) ${
      '(block (loop local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0)) '.repeat(400)} local.get 0)`).join('\n')
    const big = await wat(`(module (memory (export "memory") 1) ${fns} (func (export "invoke") (param i32) (result i32) local.get 0))`)
    sets.push(['synthetic', 18, [big]])
  }
  for (const [tag, v, modules] of sets) {
    const bytes = modules.reduce((n, m) => n + m.length, 0)
    const [, dec] = time(() => modules.forEach((m) => decodeModule(m)))
    const [out, ins] = time(() => modules.map((m) => instrument(m, v)))
    const outBytes = out.reduce((n, m) => n + m.length, 0)
    console.log(`${tag} (nv${v}): ${modules.length} modules, ${(bytes / 1e6).toFixed(2)} MB -> ${(outBytes / 1e6).toFixed(2)} MB; ` +
      `decode ${dec.toFixed(0)} ms (${(bytes / 1e3 / dec).toFixed(0)} MB/s); decode+validate+instrument+encode ${ins.toFixed(0)} ms ` +
      `(${(bytes / 1e3 / ins).toFixed(1)} MB/s)`)
  }
}

async function loopSpeed(): Promise<void> {
  // 5 instructions per iteration: local.get, i32.const, i32.sub, local.tee, br_if.
  const b = await wat(`(module (memory (export "memory") 1)
    (func (export "invoke") (param i32) (result i32) (loop $l local.get 0 i32.const 1 i32.sub local.tee 0 br_if $l) local.get 0))`)
  const n = 50_000_000
  const plain = new WebAssembly.Instance(new WebAssembly.Module(b)).exports.invoke as (x: number) => number
  plain(1000)
  const [, tPlain] = time(() => plain(n), 2)
  const instrumented = instrument(b, 18)
  runInstrumentedBytes(instrumented, 18, { args: [1000] })
  const [, tIns] = time(() => runInstrumentedBytes(instrumented, 18, { args: [n], gasMilligas: 1n << 62n }), 2)
  const instrs = 5 * n
  console.log(`gas loop, ${n} iterations: plain ${(instrs / tPlain / 1e3).toFixed(0)} M instr/s (${tPlain.toFixed(0)} ms); ` +
    `instrumented ${(instrs / tIns / 1e3).toFixed(0)} M instr/s (${tIns.toFixed(0)} ms); slowdown x${(tIns / tPlain).toFixed(2)}`)
}

await throughput()
await loopSpeed()
