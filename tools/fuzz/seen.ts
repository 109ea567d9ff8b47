/**
 * `node --import tsx tools/fuzz/seen.ts DIR [REPRO...]`: writes to DIR the inputs of issue 12's
 * "What was seen" (docs/fuzzing.md, "Every input seen ends in seconds"):
 *
 * - each REPRO vector made from a scripted recipe (`_meta.recipe`), made again from its recipe with
 *   today's test bundle (a reproducer's CAR carries the test bundle of its day, whose actors may
 *   no longer link);
 *
 * - `nv17-grow1-loop.json`: an actor that calls `memory.grow(1)` until it fails (65 535 grows to
 *   4 GiB, free at nv17: `wasm.memory-grow-charge`), then returns;
 * - `gzip-bomb-4.5GiB.json`: a vector whose `car` is a real CAR followed by gzip members of zeros
 *   inflating to 4.5 GiB in all (4.6 MB of base64), which the loader must refuse at its limit
 *   (`vector.size-limits`) without inflating it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { draftVector, type ScriptedRecipe } from '../../vectors/gen/recipe.js'
import { compileWat } from '../../vectors/test-bundle/bundle.js'

const GROW_LOOP = compileWat('(module (memory (export "memory") 1) (func (export "invoke") (param i32) (result i32) (block $done (loop $l (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1))) (br $l))) (i32.const 0)))', 'seen.wat')

function recipe(nv: number): ScriptedRecipe {
  return {
    nv,
    base_fee: '100',
    actors: [{ id: 100, kind: 'account', balance: '1000000000000000000000000' }, { id: 110, kind: 'scripted', balance: '0' }],
    messages: [{ from: { actor: 100, by: 'id' }, to: { actor: 110, by: 'id' }, method: 2, value: '0', gas_limit: '1000000000', fee_cap: '200', premium: '10' }],
  }
}

const dir = process.argv[2]
if (dir === undefined) {
  process.stderr.write('usage: node --import tsx tools/fuzz/seen.ts DIR\n')
  process.exit(2)
}
mkdirSync(dir, { recursive: true })
const grow = draftVector(recipe(17), { id: 'nv17-grow1-loop' }, new Map([['scripted', GROW_LOOP]]))
writeFileSync(join(dir, 'nv17-grow1-loop.json'), grow)
// The bomb: the grow vector's own CAR, then 72 members of 64 MiB of zeros (gunzip reads every member).
const v = JSON.parse(grow) as { car: string }
const zeros = gzipSync(new Uint8Array(64 * 1024 * 1024), { level: 9 })
const car = gunzipSync(Buffer.from(v.car, 'base64'))
v.car = Buffer.concat([gzipSync(car), ...Array.from({ length: 72 }, () => zeros)]).toString('base64')
writeFileSync(join(dir, 'gzip-bomb-4.5GiB.json'), JSON.stringify({ ...JSON.parse(grow), car: v.car }))
process.stdout.write(`wrote ${join(dir, 'nv17-grow1-loop.json')} and ${join(dir, 'gzip-bomb-4.5GiB.json')}\n`)
for (const file of process.argv.slice(3)) {
  const old = JSON.parse(readFileSync(file, 'utf8')) as { _meta?: { id?: string; recipe?: { recipe?: ScriptedRecipe } } }
  const r = old._meta?.recipe?.recipe
  if (r === undefined || r.messages.every((m) => m.program === undefined)) {
    process.stdout.write(`${file}: no scripted program, kept as it is\n`)
    continue
  }
  const out = join(dir, basename(file))
  writeFileSync(out, draftVector(r, { id: old._meta?.id ?? basename(file, '.json') }))
  process.stdout.write(`wrote ${out}\n`)
}
