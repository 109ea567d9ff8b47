// Every command answers --help and -h with its usage (exit 0), and an unknown option with the
// problem and its usage (exit 2).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { COMMANDS } from '../main.js'
import { runMain as run } from '../capture.js'

for (const row of COMMANDS) {
  test(`fvm-spec ${row.name} --help / -h / an unknown option`, async () => {
    const { command } = await row.load()
    for (const flag of ['--help', '-h']) {
      const r = await run([row.name, flag])
      assert.equal(r.code, 0, `${row.name} ${flag}`)
      assert.deepEqual(r.err, [])
      assert.equal(r.out.join('\n'), command.usage)
      assert.match(command.usage, new RegExp(`^usage: fvm-spec ${row.name}`))
    }
    // Help wins over everything else on the line, but not after `--`.
    assert.equal((await run([row.name, '--no-such-option', '-h'])).code, 0)
    const bad = await run([row.name, '--no-such-option'])
    assert.equal(bad.code, 2)
    assert.deepEqual(bad.out, [])
    const text = bad.err.join('\n')
    assert.match(text, new RegExp(`^fvm-spec ${row.name}: Unknown option '--no-such-option'`))
    assert.ok(text.endsWith(command.usage), text)
  })
}

test('fvm-spec help COMMAND prints the same usage as COMMAND --help', async () => {
  for (const row of COMMANDS) {
    const a = await run(['help', row.name])
    const b = await run([row.name, '--help'])
    assert.deepEqual(a, b)
  }
})

test('after `--`, -h and --help are operands, not a request for help', async () => {
  const r = await run(['trace', '--', '--help'])
  assert.notEqual(r.code, 0)
  assert.deepEqual(r.out, [])
})
