import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import fc from 'fast-check'
import { diffVector, inProcessAdapter, splitCommand, type Adapter, type Difference } from './diff.js'
import { parseFault } from '../interpreter/machine/faults.js'
import { runVectorText } from './run-vector.js'
import { basicGenerator, decodeBasicRecipe, type BasicActor, type BasicMessage, type BasicRecipe } from './shrink-basic.js'
import { generatorRegistry, loadGeneratorModule, recipeOf, shrink } from './shrink.js'
import { shrinkDisagreement } from './shrink-diff.js'

const FIL = 10n ** 18n
/** fast-check's records have no prototype; compare as JSON data. */
const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T

/** Random recipes in the embedded corpus's style: 2–4 accounts, maybe a multisig, 3–5 messages. */
function recipeArb(nv: 17 | 18): fc.Arbitrary<BasicRecipe> {
  const account = (id: number) =>
    fc.record({
      id: fc.constant(id),
      code: fc.constant('account' as const),
      key: fc.constantFrom('bls' as const, 'secp' as const),
      balance: fc.constantFrom(1000n * FIL, 50n * FIL, 10n ** 15n).map(String),
      nonce: fc.nat(3),
    })
  const actors = fc
    .tuple(fc.integer({ min: 2, max: 4 }), fc.boolean())
    .chain(([n, multisig]) =>
      fc.tuple(...Array.from({ length: n }, (_, i) => account(100 + i))).map((accs): BasicActor[] => [...accs, ...(multisig ? [{ id: 100 + n, code: 'multisig' as const, balance: String(10n * FIL) }] : [])]),
    )
  return actors.chain((as) => {
    const accounts = as.filter((a) => a.code === 'account').map((a) => a.id)
    const message: fc.Arbitrary<BasicMessage> = fc.record({
      from: fc.record({ actor: fc.constantFrom(...accounts), by: fc.constantFrom('id' as const, 'key' as const) }),
      to: fc.oneof(
        fc.record({ actor: fc.constantFrom(...as.map((a) => a.id), 999), by: fc.constant('id' as const) }),
        fc.record({ actor: fc.constantFrom(...accounts), by: fc.constant('key' as const) }),
      ),
      value: fc.constantFrom(0n, 1n, FIL, 3n * FIL).map(String),
      gas_limit: fc.constantFrom('3000000', '10000000', '50000000'),
      fee_cap: fc.constantFrom('150', '200', '300'),
      premium: fc.constantFrom('0', '10', '20'),
    })
    return fc.array(message, { minLength: 3, maxLength: 5 }).map((messages) => ({ nv, base_fee: '100', actors: as, messages }))
  })
}

const clean = inProcessAdapter()
const faulty = (fault: string): Adapter => inProcessAdapter({ faults: parseFault(fault) }, ['fvm-spec', 'exec', '--inject-fault', fault], `fault ${fault}`)

/** The first sampled recipe (fixed seed) on which the two sides differ, with the difference. */
async function firstDisagreement(nv: 17 | 18, theirs: Adapter, dir: string): Promise<[BasicRecipe, Difference]> {
  for (const [i, recipe] of fc.sample(recipeArb(nv), { seed: 20240601 + nv, numRuns: 30 }).entries()) {
    const file = join(dir, `sample-${i}.json`)
    writeFileSync(file, basicGenerator.build(recipe))
    const r = await diffVector(file, clean, theirs)
    if (r.status === 'differs' && r.difference !== null) return [recipe, r.difference]
  }
  throw new Error('no sampled recipe shows the fault')
}

test('a basic recipe builds a vector that fvm-spec passes, carrying its recipe; decode accepts it back', () => {
  for (const recipe of fc.sample(recipeArb(18), { seed: 7, numRuns: 5 })) {
    const text = basicGenerator.build(recipe)
    const r = runVectorText(text, 'built.json')
    assert.equal(r.status, 'pass', r.reason ?? '')
    const carried = recipeOf(text)
    assert.equal(carried?.generator, 'basic')
    assert.deepEqual(decodeBasicRecipe(carried?.recipe), plain(recipe))
    assert.equal(basicGenerator.build(recipe), text, 'building is deterministic')
  }
  assert.throws(() => decodeBasicRecipe({ nv: 16, base_fee: '1', actors: [], messages: [] }), /nv/)
  assert.ok(generatorRegistry().has('basic'))
})

test('every candidate is strictly smaller (messages, actors, then numbers), so shrinking ends', () => {
  const weight = (r: BasicRecipe) =>
    [...r.messages.flatMap((m) => [m.value, m.gas_limit, m.fee_cap, m.premium]), ...r.actors.map((a) => a.balance)].reduce((s, x) => s + BigInt(x), 0n) +
    BigInt(r.messages.reduce((n, m) => n + (m.nonce !== undefined ? 1 : 0) + (m.to.by === 'key' ? 1 : 0) + (m.from.by === 'key' ? 1 : 0), 0)) +
    BigInt(r.actors.reduce((s, a) => s + (a.nonce ?? 0) + (a.key === 'secp' ? 1 : 0), 0))
  for (const r of fc.sample(recipeArb(17), { seed: 3, numRuns: 10 })) {
    for (const c of basicGenerator.candidates(r)) {
      const smaller = c.messages.length < r.messages.length || c.actors.length < r.actors.length || (c.messages.length === r.messages.length && c.actors.length === r.actors.length && weight(c) < weight(r))
      assert.ok(smaller, JSON.stringify(c))
    }
  }
})

for (const [fault, nv, field] of [
  ['double-charge=OnChainMessage', 17, 'gas_used'],
  ['mint-on-transfer', 18, 'post_state_root'],
  ['drop-charge=OnValueTransfer', 18, 'gas_used'],
] as const) {
  test(`against fvm-spec with ${fault} (nv${nv}), a random multi-message recipe shrinks to one message and at most two actors`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fvm-spec-shrink-test-'))
    try {
      const theirs = faulty(fault)
      const [recipe, difference] = await firstDisagreement(nv, theirs, dir)
      assert.equal(difference.field, field)
      assert.ok(recipe.messages.length >= 3)
      const s = await shrinkDisagreement(basicGenerator, recipe, difference, clean, theirs, join(dir, 'out'), { maxTries: 200 })
      assert.deepEqual(s.size.messages, 1, JSON.stringify(s.recipe))
      assert.ok((s.size.actors ?? 99) <= 2, JSON.stringify(s.recipe))
      assert.equal(s.difference?.field, field)
      // The minimal vector is a valid vector in its own right, and carries its recipe.
      const text = readFileSync(s.file, 'utf8')
      assert.equal(runVectorText(text, s.file).status, 'pass')
      assert.deepEqual(recipeOf(text)?.recipe, plain(s.recipe))
      // The printed command names the same fault, the file, and splits back into words.
      const words = splitCommand(s.reproduce)
      assert.deepEqual(words.slice(2, 4), ['diff', '--against'])
      assert.deepEqual(splitCommand(words[4] ?? ''), ['fvm-spec', 'exec', '--inject-fault', fault])
      assert.equal(words[5], s.file)
      if (fault === 'mint-on-transfer') {
        // One real run of the printed command (two processes): it shows the disagreement, exit 1.
        const [program, ...args] = words as [string, ...string[]]
        const run = spawnSync(program, args, { encoding: 'utf8', timeout: 60_000 })
        assert.equal(run.status, 1, run.stderr)
        assert.match(run.stdout, /^DIFFER .*post_state_root/m)
        assert.match(run.stdout, /0 same, 1 differ/)
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
}

test('shrink stops at the budget and never calls the predicate on the same recipe twice', async () => {
  const recipe = fc.sample(recipeArb(18), { seed: 11, numRuns: 1 })[0] as BasicRecipe
  const seen = new Set<string>()
  const s = await shrink(basicGenerator, recipe, (_vector, r) => {
    const key = JSON.stringify(r)
    assert.ok(!seen.has(key))
    seen.add(key)
    return Promise.resolve(true)
  }, { maxTries: 5 })
  assert.equal(s.tries, 5)
  assert.equal(s.steps, 5)
  assert.equal(s.size.messages, 1)
})

test('--generator modules: every exported RecipeGenerator is taken; a module without one is refused', async () => {
  const here = new URL('.', import.meta.url).pathname
  const gens = await loadGeneratorModule(join(here, 'shrink-basic.ts'))
  assert.deepEqual(gens.map((g) => g.name), ['basic'])
  await assert.rejects(loadGeneratorModule(join(here, 'discover.ts')), /exports no recipe generator/)
})

/** A predicate that takes `ms` (real time) and records how many calls overlap. */
function slowPredicate(ms: number, fails: (r: BasicRecipe) => boolean) {
  let running = 0
  let maxRunning = 0
  let calls = 0
  const predicate = async (_vector: string, r: BasicRecipe): Promise<boolean> => {
    calls++
    running++
    maxRunning = Math.max(maxRunning, running)
    await new Promise((done) => setTimeout(done, ms))
    running--
    return fails(r)
  }
  return { predicate, stats: () => ({ maxRunning, calls }) }
}

test('--jobs: candidates run several at once, and the result is the one-at-a-time result', async () => {
  const recipe = fc.sample(recipeArb(18), { seed: 11, numRuns: 1 })[0] as BasicRecipe
  // "Still fails" while some message sends a value from the first account: a real search with dead ends.
  const fails = (r: BasicRecipe) => r.messages.some((m) => m.value !== '0' && m.from.actor === recipe.messages[0]?.from.actor)
  const one = slowPredicate(2, fails)
  const sequential = await shrink(basicGenerator, recipe, one.predicate, { maxTries: 200 })
  const four = slowPredicate(2, fails)
  const progress: number[] = []
  const parallel = await shrink(basicGenerator, recipe, four.predicate, { maxTries: 200, jobs: 4, onProgress: (p) => progress.push(p.tries) })
  assert.equal(one.stats().maxRunning, 1)
  assert.ok(four.stats().maxRunning >= 2, `at most ${four.stats().maxRunning} ran at once`)
  assert.deepEqual(parallel.recipe, sequential.recipe)
  assert.equal(parallel.steps, sequential.steps)
  assert.equal(parallel.stopped, 'minimal')
  assert.ok(progress.length > 0 && progress.every((t, i) => i === 0 || t >= (progress[i - 1] ?? 0)), 'progress is reported as candidates finish')
})

test('--max-candidates and --time-limit bound a search, and the result says which bound ended it', async () => {
  const recipe = fc.sample(recipeArb(18), { seed: 11, numRuns: 1 })[0] as BasicRecipe
  const never = () => Promise.resolve(false)
  const capped = await shrink(basicGenerator, recipe, never, { maxTries: 3, jobs: 2 })
  assert.equal(capped.tries, 3)
  assert.equal(capped.stopped, 'max-tries')
  // A fake clock: each candidate takes 10 ms; no candidate starts at or after 35 ms.
  let clock = 0
  const timed = await shrink(basicGenerator, recipe, () => {
    clock += 10
    return Promise.resolve(false)
  }, { timeLimitMs: 35, now: () => clock })
  assert.equal(timed.tries, 4)
  assert.equal(timed.stopped, 'time-limit')
  const all = await shrink(basicGenerator, recipe, never, {})
  assert.equal(all.stopped, 'minimal')
  assert.ok(all.tries > 4)
})
