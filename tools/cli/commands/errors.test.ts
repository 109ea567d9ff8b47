// Errors that point: an empty input, a bad bundles folder named by where it came from.
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { runMain as run } from '../capture.js'
import { GOOD18, scene } from '../process.fixture.js'

test('no vector files (an empty folder, a folder of other files) is a usage error, not "0 passed"', async () => {
  const s = scene('fvm-spec-empty-')
  try {
    mkdirSync(join(s.dir, 'empty'))
    writeFileSync(join(s.dir, 'notes.txt'), 'not a vector')
    for (const command of ['run', 'coverage']) {
      for (const path of [join(s.dir, 'empty'), s.dir]) {
        const r = await run([command, path])
        assert.equal(r.code, 2, `${command} ${path}`)
        assert.deepEqual(r.out, [])
        assert.equal(r.err.join('\n'), `fvm-spec ${command}: no vector files (*.json) in ${path}`)
      }
    }
    const d = await run(['diff', '--against', 'fvm-spec exec', join(s.dir, 'empty')])
    assert.equal(d.code, 2)
    assert.match(d.err.join('\n'), /no vector files/)
  } finally {
    s.end()
  }
})

test('a bad bundles folder is named by where it came from: --bundles, or $FVM_SPEC_BUNDLES', async () => {
  const saved = process.env['FVM_SPEC_BUNDLES']
  try {
    process.env['FVM_SPEC_BUNDLES'] = '/no/such/bundles'
    const fromEnv = await run(['run', GOOD18])
    assert.equal(fromEnv.code, 2)
    assert.equal(fromEnv.err.join('\n'), 'fvm-spec run: $FVM_SPEC_BUNDLES=/no/such/bundles: not a folder')
    const fromFlag = await run(['exec', '--bundles', '/no/such/dir', GOOD18])
    assert.equal(fromFlag.code, 2)
    assert.equal(fromFlag.err.join('\n'), 'fvm-spec exec: --bundles /no/such/dir: not a folder')
  } finally {
    if (saved === undefined) delete process.env['FVM_SPEC_BUNDLES']
    else process.env['FVM_SPEC_BUNDLES'] = saved
  }
})

test('an output path that cannot be written is an error naming it (exit 2), not an internal error with a stack trace', async () => {
  const s = scene('fvm-spec-outputs-')
  try {
    const file = join(s.dir, 'a-file')
    writeFileSync(file, 'x')
    const missing = join(s.dir, 'no', 'such', 'folder')
    const cases: [string[], string][] = [
      [['report', GOOD18, '--out', join(missing, 'r.html')], join(missing, 'r.html')],
      [['whatif', GOOD18, '--set', 'hygge.syscallCost=*2', '--report', join(missing, 'w.html')], join(missing, 'w.html')],
      [['run', GOOD18, '--trace', file], file],
      [['gen', '--seed', '1', '--count', '1', '--out', file], file],
    ]
    for (const [args, path] of cases) {
      const r = await run(args)
      const err = r.err.join('\n')
      assert.equal(r.code, 2, `${args.join(' ')}: ${err}`)
      assert.ok(err.startsWith(`fvm-spec ${args[0] as string}: `) && err.includes(path), `${args.join(' ')}: ${err}`)
      assert.deepEqual(r.out, [], 'refused before anything ran')
      assert.doesNotMatch(err, /internal error|\n\s+at /, 'no stack trace')
    }
  } finally {
    s.end()
  }
})
