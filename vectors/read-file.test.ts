import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { DEFAULT_MAX_VECTOR_BYTES, formatBytes, readVectorFile } from './read-file.js'

function withDir(f: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-spec-read-'))
  try {
    f(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

test('a file within the limit is read whole; one over it is refused before it is read', () => {
  withDir((dir) => {
    const f = join(dir, 'v.json')
    writeFileSync(f, '{"class":"message"}')
    assert.deepEqual(readVectorFile(f), { ok: true, text: '{"class":"message"}' })
    writeFileSync(f, 'x'.repeat(2048))
    assert.deepEqual(readVectorFile(f, 1024), { ok: false, problem: 'the file is 2048 bytes, more than the limit of 1 KiB (--max-vector-bytes)' })
    assert.equal(readVectorFile(f, 2048).ok, true)
  })
})

test('a pipe is read up to the limit while its writer is still there; a pipe with no writer is empty at once', () => {
  withDir((dir) => {
    const p = join(dir, 'pipe.json')
    execFileSync('mkfifo', [p])
    const fd = openSync(p, constants.O_RDWR | constants.O_NONBLOCK)
    try {
      writeSync(fd, 'y'.repeat(3000))
      assert.deepEqual(readVectorFile(p, 1024), { ok: false, problem: 'the file holds more than the limit of 1 KiB (--max-vector-bytes)' })
    } finally {
      closeSync(fd)
    }
    // No writer: nothing to wait for, so no hang.
    assert.deepEqual(readVectorFile(p), { ok: true, text: '' })
  })
})

test('a folder, a missing file and bytes that are not UTF-8 are problems, not exceptions', () => {
  withDir((dir) => {
    assert.match((readVectorFile(dir) as { problem: string }).problem, /^cannot read: it is a folder/)
    assert.match((readVectorFile(join(dir, 'none.json')) as { problem: string }).problem, /^cannot read: ENOENT/)
    const f = join(dir, 'latin1.json')
    writeFileSync(f, Buffer.from([0x22, 0xe9, 0x22]))
    assert.deepEqual(readVectorFile(f), { ok: false, problem: 'the file is not valid UTF-8' })
  })
})

test('limits are written as people write them; the default is 256 MiB', () => {
  assert.equal(formatBytes(DEFAULT_MAX_VECTOR_BYTES), '256 MiB')
  assert.equal(formatBytes(1024), '1 KiB')
  assert.equal(formatBytes(3 * 1024 ** 3), '3 GiB')
  assert.equal(formatBytes(1000), '1000 bytes')
})
