// The `run` command as a process: lines appear while it runs, signals print the counts so far,
// and a reader that goes away stops it quietly. A named pipe stands for a vector that is slow to
// arrive, so the tests can look at the output while the run is still going.
import assert from 'node:assert/strict'
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { GOOD17, GOOD18, readText, scene, type Scene } from '../process.fixture.js'

function twoGoodAndAPipe(s: Scene) {
  copyFileSync(GOOD17, join(s.dir, '00.json'))
  copyFileSync(GOOD18, join(s.dir, '01.json'))
  const pipe = s.pipe('02.json')
  copyFileSync(GOOD18, join(s.dir, '03.json'))
  return { files: ['00.json', '01.json', '02.json', '03.json'].map((f) => join(s.dir, f)), pipe }
}

for (const mode of [[], ['--jobs', '2'], ['--json']]) {
  test(`run ${mode.join(' ')}: each vector's line is out as soon as it and every earlier one finished`, async () => {
    const s = scene('fvm-spec-stream-')
    const { files, pipe } = twoGoodAndAPipe(s)
    const cli = s.cli(['run', ...mode, ...files])
    try {
      // 00 and 01 are done while 02 is still being written: both lines are already out.
      await cli.waitLines(2)
      await sleep(300)
      assert.equal(cli.child.exitCode, null, 'still running')
      assert.match(cli.lines[0] ?? '', /nv17-send-value-bls-to-id/)
      assert.match(cli.lines[1] ?? '', /nv18-send-value-bls-to-id/)
      pipe.write(readText(GOOD18))
      const { code } = await cli.exited
      assert.equal(code, 0, cli.stderr())
      assert.equal(cli.lines.filter((l) => /PASS|"status":"pass"/.test(l)).length, 4)
    } finally {
      s.end()
    }
  })
}

test('run --jobs 2: SIGINT stops at once and prints the results so far, the counts and "interrupted"; exit 130', async () => {
  const s = scene('fvm-spec-sigint-')
  const { files } = twoGoodAndAPipe(s)
  const cli = s.cli(['run', '--json', '--jobs', '2', ...files])
  try {
    await cli.waitLines(2)
    await sleep(500)
    cli.child.kill('SIGINT')
    const { code } = await cli.exited
    assert.equal(code, 130, cli.stderr())
    const lines = cli.lines.filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>)
    const summary = (lines.pop() as { summary: Record<string, unknown> }).summary
    assert.equal(summary['interrupted'], 'SIGINT')
    assert.equal(summary['passed'], lines.length, 'the counts are of the vectors reported')
    assert.ok((summary['not_run'] as number) >= 1)
    assert.ok(!lines.some((l) => String(l['file']).endsWith('02.json')), 'the vector still being read is not reported')
    assert.equal(cli.stderr(), '')
  } finally {
    s.end()
  }
})

test('run: SIGTERM between vectors prints the counts so far and "interrupted"; exit 143', async () => {
  const s = scene('fvm-spec-sigterm-')
  const { files, pipe } = twoGoodAndAPipe(s)
  const cli = s.cli(['run', ...files])
  try {
    await cli.waitLines(2)
    await sleep(300)
    cli.child.kill('SIGTERM')
    await sleep(1000)
    // The vector being read finishes; the one after it is not started.
    pipe.write(readText(GOOD18))
    const { code } = await cli.exited
    assert.equal(code, 143, cli.stderr())
    assert.equal(cli.lines.filter((l) => l.startsWith('PASS')).length, 3)
    assert.ok(cli.lines.includes('interrupted (SIGTERM): 1 of 4 vectors not run'), cli.lines.join('\n'))
    assert.equal(cli.lines.at(-2)?.replace(/ in .*/, ''), '3 vectors')
    assert.equal(cli.lines.at(-1), '3 passed, 0 failed, 0 skipped')
  } finally {
    s.end()
  }
})

for (const mode of [[], ['--jobs', '2']]) {
  test(`run ${mode.join(' ')} | head -1: the run stops quietly when its reader goes away`, async () => {
    const s = scene('fvm-spec-epipe-')
    const files: string[] = []
    for (let i = 0; i < 30; i++) {
      const f = join(s.dir, `${String(i).padStart(2, '0')}.json`)
      copyFileSync(i % 2 === 0 ? GOOD17 : GOOD18, f)
      files.push(f)
    }
    // A last vector that never arrives: a run that did not stop would wait for it for ever.
    const pipe = s.pipe('99.json')
    const cli = s.cli(['run', ...mode, ...files, pipe.path])
    try {
      await cli.waitLines(1)
      cli.child.stdout?.destroy()
      const { code } = await Promise.race([cli.exited, sleep(30_000, { code: -1 }, { ref: false })])
      assert.equal(code, 141, 'exit status of a closed output (128 + SIGPIPE)')
      assert.equal(cli.stderr(), '', 'no stack trace')
    } finally {
      s.end()
    }
  })
}
