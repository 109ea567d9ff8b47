import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { findVectorFiles } from '../discover.js'
import { runVectorText } from '../run-vector.js'
import { recipeOf } from '../shrink.js'
import { GENERATED_CORPUS_RUNS, generateVectors, writeGenerated } from './generate.js'
import { buildScriptedVector, generatorInvoker, scriptedGenerator } from './recipe.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const GENERATED = join(ROOT, 'vectors', 'corpus', 'generated')

test('the generator is deterministic: the same seed gives byte-identical vectors', () => {
  const a = generateVectors({ seed: 77, count: 2 })
  const b = generateVectors({ seed: 77, count: 2 })
  assert.equal(a.length, 4)
  assert.deepEqual(a.map((v) => v.name), ['gen-nv17-s77-000.json', 'gen-nv17-s77-001.json', 'gen-nv18-s77-000.json', 'gen-nv18-s77-001.json'])
  for (const [i, v] of a.entries()) assert.equal(v.text, b[i]?.text, v.name)
  const other = generateVectors({ seed: 78, count: 1, nv: 18 })
  assert.notEqual(other[0]?.text, a[2]?.text)
})

test('generated vectors load and pass through the same runner as mainnet vectors, and carry their recipe', () => {
  for (const v of generateVectors({ seed: 5, count: 2, nv: 17 })) {
    const r = runVectorText(v.text, v.name, { invoker: generatorInvoker() })
    assert.equal(r.status, 'pass', `${v.name}: ${r.reason}`)
    const meta = (JSON.parse(v.text) as { _meta: Record<string, unknown> })._meta
    assert.equal(meta['generated_by'], 'fvm-spec')
    assert.equal(meta['seed'], 5)
    assert.equal(meta['index'], v.index)
    assert.match(String(meta['expected']), /what fvm-spec computes/)
    // The recipe rebuilds the same vector.
    const shrinkable = recipeOf(v.text)
    assert.equal(shrinkable?.generator, 'scripted')
    const recipe = scriptedGenerator.decode(shrinkable?.recipe)
    assert.deepEqual(recipe, v.recipe)
    const { recipe: _r, id, description, gen: _g, version: _v, expected: _e, ...extra } = meta
    assert.equal(buildScriptedVector(recipe, { id: String(id), description: String(description), extra }), v.text)
  }
})

test('the shrinker can work on a generated recipe: candidates are smaller and build', () => {
  const [v] = generateVectors({ seed: 3, count: 1, nv: 18 })
  assert.ok(v !== undefined)
  const size = scriptedGenerator.size(v.recipe)
  let built = 0
  for (const c of scriptedGenerator.candidates(v.recipe)) {
    const s = scriptedGenerator.size(c)
    assert.ok(s['messages']! <= size['messages']! && s['ops']! <= size['ops']! && s['actors']! <= size['actors']!)
    if (built < 3) {
      runVectorText(scriptedGenerator.build(c), 'candidate.json', { invoker: generatorInvoker() })
      built++
    }
  }
  assert.ok(built > 0)
})

test('every committed generated vector passes bit-exact', () => {
  const files = findVectorFiles([GENERATED])
  assert.ok(files.length >= 20, `expected the generated corpus, found ${files.length} files`)
  for (const file of files) {
    const r = runVectorText(readFileSync(file, 'utf8'), file, { invoker: generatorInvoker() })
    assert.equal(r.status, 'pass', `${r.id}: ${r.reason}`)
  }
})

test('regenerating the committed generated corpus gives byte-identical files', () => {
  const out = mkdtempSync(join(tmpdir(), 'fvm-spec-generated-'))
  try {
    const written = writeGenerated(out, GENERATED_CORPUS_RUNS).files
    const committed = readdirSync(GENERATED).filter((f) => f.endsWith('.json')).sort()
    assert.deepEqual(written.map((f) => f.slice(out.length + 1)).sort(), committed)
    for (const name of committed) assert.equal(readFileSync(join(out, name), 'utf8'), readFileSync(join(GENERATED, name), 'utf8'), name)
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
})

test('nv19 and nv20: the generator works for any supported version; their vectors are nv18\'s (same ABI, actors, prices) and pass', () => {
  const at18 = generateVectors({ seed: 3, count: 2, nv: 18 })
  for (const nv of [19, 20]) {
    const vs = generateVectors({ seed: 3, count: 2, nv })
    assert.deepEqual(vs.map((v) => v.recipe), at18.map((v) => ({ ...v.recipe, nv })))
    for (const [i, v] of vs.entries()) {
      const r = runVectorText(v.text, v.name, { invoker: generatorInvoker() })
      assert.equal(r.status, 'pass', `${v.name}: ${r.reason}`)
      const receipts = (text: string): unknown[] => (JSON.parse(text) as { postconditions: { receipts: unknown[] } }).postconditions.receipts
      assert.ok(receipts(v.text).length > 0)
      assert.deepEqual(receipts(v.text), receipts(at18[i]?.text ?? '{"postconditions":{}}'), `${v.name}: the same receipts as at nv18`)
    }
  }
})
