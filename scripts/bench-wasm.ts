/**
 * Benchmark (not a test) of the wasm layer:
 *  1. for every builtin-actor bundle v9–v18 in FVM_SPEC_BUNDLES (default ~/.cache/fvm-spec/bundles),
 *     under its version's wasm rules: decode and instrument throughput (MB/s), then the engine's
 *     compile of every module cold (prepare, write the persistent cache, V8 compile), warm (read
 *     the cache, V8 compile) and without the cache; else a synthetic ~3 MB module;
 *  2. a gas-burning loop's executed wasm instructions per second, instrumented vs not.
 * Run: npm run bench:wasm
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeModule } from '../interpreter/wasm/decoder.js'
import { instrument } from '../interpreter/wasm/instrument/index.js'
import { readBundle } from '../interpreter/wasm/bundle.js'
import { runInstrumentedBytes, wat } from '../interpreter/wasm/harness.js'
import { WASM_RULES_LABEL, type WasmNetworkVersion } from '../interpreter/wasm/validate.js'
import { Blockstore } from '../interpreter/ipld/blockstore.js'
import { cidOf, Codec } from '../interpreter/ipld/cid.js'
import { Engine, type EngineOptions } from '../interpreter/invocation/engine.js'

const dir = process.env.FVM_SPEC_BUNDLES ?? join(homedir(), '.cache/fvm-spec/bundles')

/** Each bundle and the wasm rules it runs under (v11 at nv19–20, v12–v18 at nv21–28). */
const BUNDLES: readonly [string, WasmNetworkVersion][] = [
  ['v9', 17], ['v10', 18], ['v11', 18], ['v12', 21], ['v13', 21], ['v14', 21], ['v15', 21], ['v16', 21], ['v17', 21], ['v18', 21],
]

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

/** Wall and CPU (user + system) milliseconds. */
interface Took {
  readonly wall: number
  readonly cpu: number
}

const fmt = (t: Took): string => `${t.wall.toFixed(0)} ms (cpu ${t.cpu.toFixed(0)} ms)`

/** Compiles every module through a fresh engine; the time it took (the better of `reps` runs). */
function compileAll(modules: readonly Uint8Array[], v: WasmNetworkVersion, opts: EngineOptions, reps = 1): Took {
  const store = modules.reduce((s, m) => s.put(cidOf(Codec.IPLD_RAW, m), m), Blockstore.empty())
  let best: Took = { wall: Infinity, cpu: Infinity }
  for (let i = 0; i < reps; i++) {
    const engine = new Engine(opts)
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    for (const m of modules) {
      const r = engine.compile(store, cidOf(Codec.IPLD_RAW, m), v)
      if (!r.ok) throw new Error(r.reason)
    }
    const c = process.cpuUsage(c0)
    const took = { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 }
    if (took.cpu < best.cpu) best = took
  }
  return best
}

async function throughput(): Promise<void> {
  const sets: [string, WasmNetworkVersion, Uint8Array[]][] = []
  for (const [tag, v] of BUNDLES) {
    const f = join(dir, `${tag}-builtin-actors-mainnet.car`)
    if (existsSync(f)) sets.push([tag, v, readBundle(new Uint8Array(readFileSync(f))).map((a) => a.code)])
  }
  if (sets.length === 0) {
    const fns = Array.from({ length: 400 }, (_, i) => `(func $f${i} (param i32) (result i32) ${
      '(block (loop local.get 0 i32.const 1 i32.sub local.tee 0 br_if 0)) '.repeat(400)} local.get 0)`).join('\n')
    const big = await wat(`(module (memory (export "memory") 1) ${fns} (func (export "invoke") (param i32) (result i32) local.get 0))`)
    sets.push(['synthetic', 18, [big]])
  }
  const cache = mkdtempSync(join(tmpdir(), 'fvm-spec-bench-'))
  try {
    for (const [tag, v, modules] of sets) {
      const bytes = modules.reduce((n, m) => n + m.length, 0)
      const [, dec] = time(() => modules.forEach((m) => decodeModule(m)))
      const [out, ins] = time(() => modules.map((m) => instrument(m, v)))
      const outBytes = out.reduce((n, m) => n + m.length, 0)
      const cold = compileAll(modules, v, { cache })
      const warm = compileAll(modules, v, { cache }, 3)
      const none = compileAll(modules, v, { cache: false })
      console.log(`${tag} (${WASM_RULES_LABEL[v]}): ${modules.length} modules, ${(bytes / 1e6).toFixed(2)} MB -> ${(outBytes / 1e6).toFixed(2)} MB; ` +
        `decode ${dec.toFixed(0)} ms (${(bytes / 1e3 / dec).toFixed(0)} MB/s); decode+validate+instrument+encode ${ins.toFixed(0)} ms ` +
        `(${(bytes / 1e3 / ins).toFixed(1)} MB/s); engine compile: cold ${fmt(cold)}, warm (persistent cache) ${fmt(warm)}, ` +
        `no cache ${fmt(none)}`)
    }
  } finally {
    rmSync(cache, { recursive: true, force: true })
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
