/**
 * Benchmark over a vector corpus (a benchmark, not a test): vectors per second, gas per second
 * of execution, and where the time goes.
 *
 *   npm run bench -- [PATH...] [--bundles DIR]     (default PATH: ../shared/vectors/fvm-test-vectors
 *                                                   if present, else vectors/corpus)
 *
 * Setup (reading, decoding and verifying the vector, building the state tree and manifest) is timed
 * apart from execution. Gas charged for proof checks that the conformance kernel fakes is excluded
 * from the gas-per-second figure, since no work is done for it. The chain's gas model prices
 * 10 gas per nanosecond (10^10 gas/s); the figure is reported as a fraction of that.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { findVectorFiles } from '../vectors/discover.js'
import { runVectorText, type RunOptions } from '../vectors/run-vector.js'
import { loadBundles } from '../vectors/bundles.js'
import { Engine } from '../interpreter/invocation/engine.js'
import { createInvoker } from '../interpreter/invocation/container.js'
import { Profiler } from '../interpreter/invocation/profiler.js'

const FAKED_PROOFS = ['crypto.verify_seal', 'crypto.verify_post', 'crypto.verify_aggregate_seals', 'crypto.verify_replica_update', 'crypto.verify_consensus_fault', 'crypto.batch_verify_seals']
const GAS_PER_SECOND_MODEL = 10_000_000_000

const { values, positionals } = parseArgs({ allowPositionals: true, options: { bundles: { type: 'string' } } })
const shared = join('..', 'shared', 'vectors', 'fvm-test-vectors')
const paths = positionals.length > 0 ? positionals : [existsSync(shared) ? shared : join('vectors', 'corpus')]
const bundleDir = values.bundles ?? process.env['FVM_SPEC_BUNDLES']
const profiler = new Profiler()
let opts: RunOptions = {}
if (bundleDir !== undefined && bundleDir !== '') {
  const t = performance.now()
  const b = loadBundles(bundleDir)
  process.stdout.write(`bundles: ${b.files.join(', ')} (${b.blocks.size} blocks, ${((performance.now() - t) / 1000).toFixed(2)} s to load and verify)\n`)
  opts = { ...opts, bundleBlocks: b.blocks, invoker: createInvoker({ engine: new Engine() }) }
}

const files = findVectorFiles(paths)
// Warm-up pass: compiles (decodes, validates, instruments) every actor module the corpus uses, as
// ref-fvm preloads the built-in actors when it builds a machine. Compilation is setup, not execution.
const warmStart = performance.now()
for (const f of files) runVectorText(readFileSync(f, 'utf8'), f, opts)
process.stdout.write(`warm-up (compiling actor code): ${((performance.now() - warmStart) / 1000).toFixed(2)} s\n`)
const counts = { pass: 0, fail: 0, skip: 0, error: 0 }
opts = { ...opts, profiler }
let gasUsed = 0n
const started = performance.now()
for (const f of files) {
  const r = runVectorText(readFileSync(f, 'utf8'), f, opts)
  counts[r.status]++
  if (r.status === 'pass' || r.status === 'fail') for (const g of (r.gas_used ?? '').split(',')) if (g !== '') gasUsed += BigInt(g)
}
const wall = (performance.now() - started) / 1000

const stats = [...profiler.stats].sort((a, b) => b[1].ms - a[1].ms)
const ms = (cat: string) => profiler.stats.get(cat)?.ms ?? 0
const setupMs = ms('setup')
const executeMs = stats.filter(([c]) => c !== 'setup').reduce((s, [, v]) => s + v.ms, 0)
const fakedGas = FAKED_PROOFS.reduce((s, c) => s + (profiler.stats.get(c)?.milligas ?? 0n), 0n) / 1000n
const realGas = gasUsed - fakedGas
const gasPerSecond = Number(realGas) / (executeMs / 1000)

const out: string[] = []
out.push(`${files.length} vectors: ${counts.pass} passed, ${counts.fail} failed, ${counts.skip} skipped, ${counts.error} errors; ${wall.toFixed(2)} s wall`)
out.push(`vectors/s: ${(files.length / wall).toFixed(1)}`)
out.push(`setup: ${(setupMs / 1000).toFixed(2)} s; execution: ${(executeMs / 1000).toFixed(2)} s`)
out.push(`gas executed: ${gasUsed} (of which ${fakedGas} charged for faked proofs, excluded below)`)
out.push(`gas/s of execution: ${gasPerSecond.toExponential(3)} = ${((gasPerSecond / GAS_PER_SECOND_MODEL) * 100).toFixed(2)}% of the 10 gas/ns model`)
/** The categories the issue asks about, from the profiler's finer ones. */
const group = (cat: string): string => {
  if (cat === 'wasm' || cat === 'instantiate') return 'actor WebAssembly (incl. instantiation)'
  if (cat === 'crypto.verify_signature' || cat === 'crypto.recover_secp_public_key') return 'signature checks'
  if (cat === 'crypto.hash' || cat.startsWith('rand.') || cat === 'crypto.compute_unsealed_sector_cid') return 'hashing (hash, randomness, CommD)'
  if (cat.startsWith('ipld.') || cat.startsWith('self.') || cat.startsWith('actor.')) return 'state access (ipld, self, actor syscalls)'
  if (cat === 'flush') return 'state-tree flush'
  if (cat.startsWith('crypto.')) return 'faked proof checks (decoding and charging)'
  return 'call manager, kernel and other syscalls'
}
const groups = new Map<string, number>()
for (const [cat, st] of stats) if (cat !== 'setup') groups.set(group(cat), (groups.get(group(cat)) ?? 0) + st.ms)
out.push('execution time by kind:')
for (const [g, t] of [...groups].sort((a, b) => b[1] - a[1])) out.push(`  ${g.padEnd(44)} ${t.toFixed(0).padStart(8)} ms ${((t / executeMs) * 100).toFixed(1).padStart(5)}%`)
out.push('where the time goes (exclusive ms, calls):')
for (const [cat, s] of stats.slice(0, 25)) out.push(`  ${cat.padEnd(36)} ${s.ms.toFixed(0).padStart(8)} ms ${String(s.calls).padStart(9)}`)
process.stdout.write(out.join('\n') + '\n')
