// `run` under resource limits: a vector past --timeout or over --max-vector-bytes is that vector's
// error, named with the file and the limit, and the run goes on.
import assert from 'node:assert/strict'
import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { gzipSync } from 'node:zlib'
import { runMain as run } from '../capture.js'
import { GOOD17, GOOD18, readText, scene } from '../process.fixture.js'

test('run --timeout: a vector that does not finish in time is an error, and the run goes on', async () => {
  const s = scene('fvm-spec-timeout-')
  copyFileSync(GOOD17, join(s.dir, '00.json'))
  s.pipe('01.json') // never written: it would wait for ever
  copyFileSync(GOOD18, join(s.dir, '02.json'))
  const cli = s.cli(['run', '--json', '--timeout', '1', ...['00.json', '01.json', '02.json'].map((f) => join(s.dir, f))])
  try {
    const { code } = await cli.exited
    assert.equal(code, 1, cli.stderr())
    const lines = cli.lines.filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>)
    assert.deepEqual(
      lines.slice(0, 3).map((l) => [String(l['file']).split('/').pop(), l['status'], l['reason']]),
      [
        ['00.json', 'pass', null],
        ['01.json', 'error', 'timeout after 1 s (--timeout)'],
        ['02.json', 'pass', null],
      ],
    )
    assert.deepEqual({ ...(lines[3]?.['summary'] as object), seconds: 0 }, { passed: 2, failed: 0, skipped: 0, errors: 1, seconds: 0 })
  } finally {
    s.end()
  }
})

test('run --max-vector-bytes: a file, or a CAR once inflated, over the limit is an error naming the file and the limit', async () => {
  const t = scene('fvm-spec-size-')
  try {
    const good = readText(GOOD18)
    const v = JSON.parse(good) as Record<string, unknown>
    writeFileSync(join(t.dir, 'a-good.json'), good)
    // A small file whose CAR inflates to 8 MiB of zeros (a gzip bomb, in small).
    writeFileSync(join(t.dir, 'b-bomb.json'), JSON.stringify({ ...v, car: gzipSync(new Uint8Array(8 << 20), { level: 9 }).toString('base64') }))
    writeFileSync(join(t.dir, 'c-large.json'), good.replace('{', '{"padding": "' + 'x'.repeat(2 << 20) + '",'))
    const r = await run(['run', t.dir, '--max-vector-bytes', '1MiB'])
    assert.equal(r.code, 1)
    assert.match(r.out[0] ?? '', /^PASS /)
    assert.match(r.out[1] ?? '', /^ERROR .*b-bomb\.json — \$\.car: the gzipped CAR \(\d+ bytes\) inflates to more than the limit of 1 MiB \(--max-vector-bytes\)$/)
    assert.match(r.out[2] ?? '', /^ERROR .*c-large\.json — the file is \d+ bytes, more than the limit of 1 MiB \(--max-vector-bytes\)$/)
    // --json keeps the whole reason, which starts with the file.
    const j = await run(['run', '--json', join(t.dir, 'b-bomb.json'), '--max-vector-bytes', '1MiB'])
    assert.match(String((JSON.parse(j.out[0] ?? '{}') as { reason: string }).reason), new RegExp(`^${join(t.dir, 'b-bomb.json')}: \\$\\.car: the gzipped CAR`))
    // Under the default limit the large file is read (and runs).
    const d = await run(['run', join(t.dir, 'c-large.json')])
    assert.equal(d.code, 0, d.out.join('\n'))
    for (const bad of ['0', '-1', '12XB', '']) assert.equal((await run(['run', t.dir, '--max-vector-bytes', bad])).code, 2, bad)
    for (const bad of ['0', '-3', 'soon']) assert.equal((await run(['run', t.dir, '--timeout', bad])).code, 2, bad)
    for (const bad of ['1', '100000', 'lots']) assert.equal((await run(['run', t.dir, '--max-memory', bad])).code, 2, bad)
  } finally {
    t.end()
  }
})
