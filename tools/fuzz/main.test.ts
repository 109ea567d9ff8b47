import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url))

test('npm run fuzz: a bad argument is named with what it expects (exit 2), and nothing runs', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--count', '0', '--seed', 'x', '--class', 'nope'], { encoding: 'utf8' })
  assert.equal(r.status, 2)
  assert.match(r.stderr, /--count 0: expected a whole number ≥ 1/)
  assert.match(r.stderr, /--seed x: expected a whole number ≥ 0/)
  assert.match(r.stderr, /--class nope: expected one of vector, actor, syscall/)
  assert.equal(r.stdout, '')
})
