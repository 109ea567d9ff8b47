// `fvm-spec gen --out DIR` never loses a file it did not write, unless told to with --force.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runMain as run } from '../capture.js'
import { scene } from '../process.fixture.js'

const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]))

test('gen --out: refuses to overwrite or remove files it did not write; --force replaces generated files only', async () => {
  const s = scene('fvm-spec-gen-')
  try {
    const gen = (...extra: string[]) => run(['gen', '--seed', '3', '--count', '1', '--nv', '18', '--out', s.dir, ...extra])
    writeFileSync(join(s.dir, 'notes.txt'), 'mine')
    writeFileSync(join(s.dir, 'my-vector.json'), '{"mine": true}')
    writeFileSync(join(s.dir, 'gen-nv17-s99-000.json'), 'an older generated vector')
    // First write: nothing to replace; the older generated file is left alone.
    const first = await gen()
    assert.equal(first.code, 0, first.err.join('\n'))
    assert.match(first.out.at(-1) ?? '', /left 1 other gen-\*\.json file\(s\) in .* as they were \(--force removes them\)/)
    const written = snapshot(s.dir)
    assert.ok('gen-nv18-s3-000.json' in written)
    // The same run again: identical files, nothing to refuse.
    assert.equal((await gen()).code, 0)
    // A file of the same name with other contents (e.g. edited by hand): nothing is written.
    writeFileSync(join(s.dir, 'gen-nv18-s3-000.json'), 'edited by hand')
    const before = snapshot(s.dir)
    const refused = await gen()
    assert.equal(refused.code, 2)
    assert.match(refused.err.join('\n'), /nothing written: .*would be overwritten:\n {2}.*gen-nv18-s3-000\.json\npass --force/)
    assert.deepEqual(snapshot(s.dir), before)
    // --force: the generated files are exactly this run's; other files are untouched.
    const forced = await gen('--force')
    assert.equal(forced.code, 0)
    assert.deepEqual(snapshot(s.dir), { 'gen-nv18-s3-000.json': written['gen-nv18-s3-000.json'], 'my-vector.json': '{"mine": true}', 'notes.txt': 'mine' })
  } finally {
    s.end()
  }
})
