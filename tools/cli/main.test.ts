import assert from 'node:assert/strict'
import { test } from 'node:test'
import { COMMANDS, main, overview } from './main.js'
import { runMain as run } from './capture.js'

test('every row of the command table loads a command of that name with its own usage text', async () => {
  const names = new Set<string>()
  for (const row of COMMANDS) {
    const { command } = await row.load()
    assert.equal(command.name, row.name)
    assert.ok(!names.has(row.name), `${row.name} listed twice`)
    names.add(row.name)
    assert.match(command.usage, new RegExp(`^usage: fvm-spec ${row.name}\\b`))
    assert.ok(command.summary.length > 0 && !command.summary.includes('\n'), `${row.name}: one-line summary`)
  }
  const text = await overview()
  for (const name of names) assert.match(text, new RegExp(`^  ${name} +\\S`, 'm'))
})

test('help: the overview (exit 0), one command\'s usage, an unknown command (exit 2)', async () => {
  const all = await run(['help'])
  assert.equal(all.code, 0)
  assert.match(all.out.join('\n'), /^usage: fvm-spec <command>/)
  const one = await run(['help', 'gen'])
  assert.equal(one.code, 0)
  assert.match(one.out.join('\n'), /^usage: fvm-spec gen /)
  assert.equal((await run(['help', 'frobnicate'])).code, 2)
  const none = await run([])
  assert.equal(none.code, 2)
  const bad = await run(['frobnicate'])
  assert.equal(bad.code, 2)
  assert.match(bad.err.join('\n'), /unknown command 'frobnicate'/)
})

test('every command whose reader has gone ends quietly with 141 (EPIPE), whatever it returned', async () => {
  // What processIo (io.ts) does when a write fails with EPIPE: the controller is aborted and
  // later lines are dropped.
  const gone = async (argv: string[]) => {
    const controller = new AbortController()
    const err: string[] = []
    const out = () => {
      if (!controller.signal.aborted) controller.abort('EPIPE')
    }
    const code = await main(argv, out, (l) => err.push(l), { signal: controller.signal })
    return { code, err }
  }
  for (const row of COMMANDS) assert.deepEqual(await gone([row.name, '--help']), { code: 141, err: [] }, row.name)
  // A command that prints many lines and does not watch for interruptions.
  assert.deepEqual(await gone(['rules']), { code: 141, err: [] })
})
