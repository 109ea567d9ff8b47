import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { runPool, type PoolOptions } from './pool.js'
import type { VectorResult } from '../../vectors/run-vector.js'

const FIXTURE = new URL('./pool.fixture-worker.mjs', import.meta.url)
const JOB = { bundles: undefined, fault: undefined, traceDir: undefined, maxVectorBytes: undefined }

async function pool(files: string[], opts: Partial<PoolOptions> = {}): Promise<{ reported: VectorResult[]; interrupted: boolean; ms: number }> {
  const reported: VectorResult[] = []
  const started = performance.now()
  const { interrupted } = await runPool(files, { jobs: 1, job: JOB, workerUrl: FIXTURE, sampleMs: 50, ...opts }, (r) => reported.push(r))
  return { reported, interrupted, ms: performance.now() - started }
}

const brief = (r: VectorResult) => `${r.file} ${r.status}${r.reason === null ? '' : ': ' + r.reason}`

test('results come in file order whatever order the workers finish in', async () => {
  const files = ['slow300-a', 'ok-b', 'slow100-c', 'ok-d', 'ok-e']
  const { reported } = await pool(files, { jobs: 3 })
  assert.deepEqual(reported.map((r) => r.file), files)
  assert.ok(reported.every((r) => r.status === 'pass'))
})

test('a vector past the timeout is an error and the run goes on (one worker, and several)', async () => {
  for (const jobs of [1, 2]) {
    const { reported } = await pool(['ok-a', 'spin-b', 'ok-c', 'ok-d'], { jobs, timeoutMs: 300 })
    assert.deepEqual(reported.map(brief), ['ok-a pass', 'spin-b error: timeout after 0.3 s (--timeout)', 'ok-c pass', 'ok-d pass'])
  }
})

test('a vector that fills its heap is an error (memory budget) and the run goes on', async () => {
  const { reported } = await pool(['heap-a', 'ok-b'], { memoryMb: 64 })
  assert.equal(reported.length, 2)
  assert.match(brief(reported[0] as VectorResult), /^heap-a error: memory budget: /)
  assert.equal(brief(reported[1] as VectorResult), 'ok-b pass')
})

test('WebAssembly memory over the budget is caught by resident memory; with two running, each is run again alone', async () => {
  const { reported } = await pool(['ok-a', 'wasm-b', 'slow400-c', 'ok-d'], { jobs: 2, memoryMb: 256 })
  assert.equal(reported.length, 4)
  assert.equal(brief(reported[0] as VectorResult), 'ok-a pass')
  assert.match(brief(reported[1] as VectorResult), /^wasm-b error: memory budget: resident memory grew by \d+ MiB while the vector ran, more than the 256 MiB it may use/)
  assert.equal(brief(reported[2] as VectorResult), 'slow400-c pass')
  assert.equal(brief(reported[3] as VectorResult), 'ok-d pass')
})

test('a worker that dies, however, makes its vector an error; never a lost result', async () => {
  const { reported } = await pool(['exit-a', 'throw-b', 'ok-c'], { jobs: 2 })
  assert.equal(reported.length, 3)
  assert.match(brief(reported[0] as VectorResult), /^exit-a error: the worker thread exited \(status 3\)/)
  assert.match(brief(reported[1] as VectorResult), /^throw-b error: the worker thread died: boom/)
  assert.equal(brief(reported[2] as VectorResult), 'ok-c pass')
})

test('workers that cannot start: every vector is an error saying so', async () => {
  const { reported } = await pool(['ok-a', 'ok-b', 'ok-c'], { jobs: 2, workerUrl: new URL('./pool.fixture-broken.mjs', import.meta.url) })
  assert.equal(reported.length, 3)
  for (const r of reported) assert.match(brief(r), /error: not run: a worker could not start: .*this worker cannot start/)
})

test('an abort stops at once; what finished is reported in order, the rest is not', async () => {
  const controller = new AbortController()
  const files = ['ok-a', 'spin-b', 'ok-c', 'ok-d']
  const reported: VectorResult[] = []
  // Abort once the three that can finish have (spin-b never does): two of them are still held back.
  const done = runPool(files, { jobs: 2, job: JOB, workerUrl: FIXTURE, signal: controller.signal, onSettled: (n) => n === 3 && controller.abort('SIGINT') }, (r) => reported.push(r))
  const outcome = await done
  assert.equal(outcome.interrupted, true)
  assert.deepEqual(reported.map((r) => r.file), ['ok-a', 'ok-c', 'ok-d'])
})

/**
 * The pool's workers (and the command's thread) run actor WebAssembly on V8's baseline compiler
 * only (pool.ts WASM_TIERING_FLAGS); nothing observable may depend on the tier. The generated
 * corpus (its actors come from the test bundle in each vector's CAR), and with FVM_SPEC_BUNDLES a
 * few mainnet vectors, give the same results with those flags and with every function compiled
 * by the optimizing compiler (--no-liftoff).
 */
test('vector results are the same on the baseline and the optimizing WebAssembly tier', { timeout: 300_000 }, () => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
  const generated = join(root, 'vectors', 'corpus', 'generated')
  const files = readdirSync(generated).filter((f) => f.endsWith('.json')).sort().map((f) => join(generated, f))
  const mainnet = join(root, '..', 'shared', 'vectors', 'fvm-test-vectors', 'corpus', 'extracted', '0002-hygge-01', 'fil_10_storagemarket', 'PublishStorageDeals', 'Ok')
  if (process.env['FVM_SPEC_BUNDLES'] !== undefined && existsSync(mainnet)) files.push(...readdirSync(mainnet).sort().slice(0, 3).map((f) => join(mainnet, f)))
  const run = (flags: string[]) =>
    execFileSync(process.execPath, [...flags, '--stack-size=8000', '--import', 'tsx', fileURLToPath(new URL('./wasm-tier.fixture.ts', import.meta.url)), ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  const baseline = run(['--no-wasm-tier-up', '--no-wasm-dynamic-tiering'])
  const optimized = run(['--no-liftoff'])
  const lines = baseline.trim().split('\n')
  assert.equal(lines.length, files.length)
  assert.ok(lines.some((l) => (JSON.parse(l) as VectorResult).status === 'pass'), 'some vector ran to a verdict')
  assert.equal(optimized, baseline)
})
