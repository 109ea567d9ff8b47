import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { runMain, type Captured } from '../capture.js'

const EMBEDDED = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'vectors', 'corpus', 'embedded')

const run = (args: string[]): Promise<Captured> => runMain(['report', ...args])

test('report: writes one page for files and folders; usage errors exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-spec-report-cmd-'))
  try {
    const file = join(dir, 'r.html')
    const r = await run([EMBEDDED, '--out', file])
    assert.equal(r.code, 0, r.err.join('\n'))
    assert.match(r.out.join('\n'), /26 vector\(s\), 26 message\(s\)/)
    assert.match(readFileSync(file, 'utf8'), /embedded-nv18-send-value-bls-to-id/)
    assert.match((await run([EMBEDDED])).err.join('\n'), /--out FILE/)
    assert.match((await run(['--out', file])).err.join('\n'), /give one or more vectors/)
    assert.equal((await run(['/no/such.json', '--out', file])).code, 2)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
