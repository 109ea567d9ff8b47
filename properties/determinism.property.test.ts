/**
 * inv.determinism (spec/invariants.md, proofs/determinism.md): the same pre-state, messages and
 * network version give byte-identical receipts, post-state roots and traces (canonical JSON):
 * across repeated runs, with a cold engine (fresh compilation cache) and a warm one, whatever the
 * order in which independent vectors are run on a shared engine, and in a fresh node process.
 *
 * Shown to bite with an invoker whose compilation cache is observable (the first invocation of a
 * code in an engine is charged extra gas): the kind of nondeterminism a cache introduces.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { isLeft } from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { charge, type InvocationResult, type Step } from '../interpreter/call-manager/call-manager.js'
import type { ActorInvoker } from '../interpreter/call-manager/invoke.js'
import { gasCharge } from '../interpreter/gas/charge.js'
import { buildWorld, checkProperty, describeFailure, freshInvoker, programSize, propertyConfig, runMessages, writeCounterexample } from './support/scripted.js'
import { arbVector, CODE, digestVector, type Vector } from './support/determinism.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

interface Case {
  readonly vectors: readonly Vector[]
  /** The order in which the shuffled run takes them. */
  readonly order: readonly number[]
}

const arbCase: fc.Arbitrary<Case> = fc.array(arbVector, { minLength: 1, maxLength: 3 }).chain((vectors) => {
  const ids = vectors.map((_, i) => i)
  return fc.shuffledSubarray(ids, { minLength: ids.length, maxLength: ids.length }).map((order) => ({ vectors, order }))
})

/**
 * Every way of running must give the same digests: a cold engine per vector; one engine shared by
 * all vectors in order, twice (the second pass warm); one engine shared in the shuffled order.
 */
function deterministic(makeInvoker: () => ActorInvoker): (c: Case) => void {
  return (c) => {
    const cold = c.vectors.map((v) => digestVector(v, makeInvoker()))
    const shared = makeInvoker()
    const inOrder = c.vectors.map((v) => digestVector(v, shared))
    const again = c.vectors.map((v) => digestVector(v, shared))
    const shuffledInvoker = makeInvoker()
    const shuffled: string[] = []
    for (const i of c.order) shuffled[i] = digestVector(c.vectors[i] as Vector, shuffledInvoker)
    c.vectors.forEach((_, i) => {
      assert.equal(inOrder[i], cold[i], `vector ${i}: cold engine vs shared engine`)
      assert.equal(again[i], cold[i], `vector ${i}: repeated run on a warm engine`)
      assert.equal(shuffled[i], cold[i], `vector ${i}: run in the order ${c.order.join(',')}`)
    })
  }
}

const size = (c: Case) => c.vectors.reduce((n, v) => n + 1 + v.messages.reduce((m, s) => m + 1 + programSize(s.program), 0), 0)

test('inv.determinism: same inputs, same receipts, roots and traces — cold or warm engine, any order', () => {
  const cfg = propertyConfig('inv.determinism', 40)
  const r = checkProperty(arbCase, deterministic(freshInvoker), cfg)
  if (r.counterexample !== null) {
    const v = r.counterexample.vectors[0] as Vector
    const pre = buildWorld(v.nv, CODE[v.nv]).tree
    const file = writeCounterexample({ property: 'determinism', nv: v.nv, pre, specs: v.messages, expected: runMessages(v.nv, pre, v.messages, { invoker: freshInvoker(), tracing: false }), note: 'runs of the same input differed; the expected post-state is one cold-engine run (check it by hand)' })
    assert.fail(`${describeFailure(r)}\ncounterexample vector (the first vector of the case): ${file}`)
  }
})

test('inv.determinism: a fresh node process gives the same digests', () => {
  const { seed } = propertyConfig('inv.determinism (fresh process)', 4)
  const count = 4
  const child = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'properties', 'support', 'determinism-child.ts'), String(seed), String(count)], { cwd: ROOT, encoding: 'utf8' })
  const theirs = JSON.parse(child) as string[]
  const invoker = freshInvoker()
  const ours = fc.sample(arbVector, { seed, numRuns: count }).map((v) => digestVector(v, invoker))
  assert.equal(theirs.length, count)
  ours.forEach((d, i) => assert.equal(theirs[i], d, `vector ${i} (seed ${seed}) differs between processes`))
})

/**
 * An invoker whose compilation cache is observable: the first invocation of each code it sees is
 * charged 1 gas more ("OnCompile"). Each run is reproducible; runs on a cold and a warm engine differ.
 */
function leakyCacheInvoker(): ActorInvoker {
  const inner = freshInvoker()
  const compiled = new Set<string>()
  return (s, call): Step<InvocationResult> => {
    const code = call.actor.code.toString()
    if (compiled.has(code)) return inner(s, call)
    compiled.add(code)
    const charged = charge(s, gasCharge('OnCompile', 1000n, 0n))
    if (isLeft(charged.result)) return { state: charged.state, result: charged.result }
    return inner(charged.state, call)
  }
}

test('inv.determinism bites: an observable compilation cache is found, and it shrinks', () => {
  const cfg = propertyConfig('inv.determinism (observable cache)', 50)
  const r = checkProperty(arbCase, deterministic(leakyCacheInvoker), cfg)
  assert.ok(r.details.failed, 'the property did not detect an observable cache')
  const c = r.counterexample as Case
  process.stdout.write(`inv.determinism found the observable cache: ${describeFailure(r)}; shrunk to ${c.vectors.length} vector(s), size ${size(c)} (vectors + messages + ops)\n`)
  assert.ok(size(c) <= 2, 'the shrunk counterexample is small')
})

