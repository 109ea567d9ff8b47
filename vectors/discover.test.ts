import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findVectorFiles } from './discover.js'

describe('findVectorFiles', () => {
  let root = ''
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'fvm-spec-discover-'))
    for (const d of ['b/deep/er', 'a', 'c']) mkdirSync(join(root, d), { recursive: true })
    for (const f of ['b/deep/er/z.json', 'b/deep/y.json', 'b/x.JSON', 'b/notes.md', 'a/2.json', 'a/10.json', 'top.json', 'c/readme.txt']) {
      writeFileSync(join(root, f), '{}')
    }
    symlinkSync(join(root, 'b'), join(root, 'c', 'loop-to-b')) // b reached twice; must not duplicate
    symlinkSync(join(root, 'c'), join(root, 'c', 'self')) // a cycle
    symlinkSync(join(root, 'missing'), join(root, 'c', 'dangling.json'))
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  it('finds *.json recursively, sorted by code units', () => {
    const got = findVectorFiles([join(root, 'a'), join(root, 'b')]).map((p) => p.slice(root.length + 1))
    assert.deepEqual(got, ['a/10.json', 'a/2.json', 'b/deep/er/z.json', 'b/deep/y.json'])
  })

  it('takes a file path as given, whatever its extension, without duplicates', () => {
    const got = findVectorFiles([join(root, 'b', 'notes.md'), join(root, 'top.json'), join(root, 'top.json'), join(root, 'a', '..', 'top.json')])
    assert.deepEqual(got, [join(root, 'b', 'notes.md'), join(root, 'top.json')])
  })

  it('follows symbolic links, visiting each real folder once', () => {
    const one = findVectorFiles([root])
    const two = findVectorFiles([join(root, 'c'), root, join(root, 'b')])
    assert.equal(one.filter((p) => p.endsWith('z.json')).length, 1)
    assert.equal(one.filter((p) => p.endsWith('y.json')).length, 1)
    assert.equal(new Set(two.map((p) => p.split('/').pop())).size, two.length)
    assert.equal(one.length, two.length)
    assert.deepEqual(findVectorFiles([join(root, 'c'), root]), findVectorFiles([join(root, 'c'), root]))
  })

  it('throws on a path that does not exist', () => {
    assert.throws(() => findVectorFiles([join(root, 'nope')]), /no such file or folder/)
  })

  it('returns nothing for no paths', () => {
    assert.deepEqual(findVectorFiles([]), [])
  })
})
