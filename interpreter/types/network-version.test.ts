import { test } from 'node:test'
import assert from 'node:assert/strict'
import { NetworkVersion, FVM_RELEASES, fvmVersionFor, isSupported, networkVersionName } from './network-version.js'

test('types.network-versions: names and support', () => {
  assert.equal(networkVersionName(NetworkVersion.V16), 'skyr')
  assert.equal(networkVersionName(NetworkVersion.V17), 'shark')
  assert.equal(networkVersionName(NetworkVersion.V18), 'hygge')
  assert.equal(networkVersionName(99), 'nv99')
  assert.ok(isSupported(17) && isSupported(18) && isSupported(19) && isSupported(20))
  assert.ok([21, 22, 23, 24, 25, 26, 27, 28].every(isSupported))
  assert.ok(!isSupported(16) && !isSupported(29))
  assert.equal(fvmVersionFor(15), 'v2')
  assert.equal(fvmVersionFor(17), 'v2')
  assert.equal(fvmVersionFor(18), 'v3')
  assert.equal(fvmVersionFor(20), 'v3')
  assert.equal(fvmVersionFor(21), 'v4')
  assert.equal(fvmVersionFor(28), 'v4')
  assert.equal(fvmVersionFor(14), undefined)
  assert.equal(fvmVersionFor(29), undefined)
})

test('types.network-versions: every version 15..28 is run by exactly one release, and has a name', () => {
  for (let nv = 15; nv <= 28; nv++) {
    assert.equal(FVM_RELEASES.filter((r) => r.networkVersions.includes(nv)).length, 1, `nv${nv}`)
    assert.doesNotMatch(networkVersionName(nv), /^nv/, `nv${nv} has a name`)
  }
  assert.deepEqual([19, 20, 21, 22, 23, 24, 25, 26, 27, 28].map(networkVersionName), ['lightning', 'thunder', 'watermelon', 'dragon', 'waffle', 'tuktuk', 'teep', 'tock', 'goldenweek', 'firehorse'])
  assert.equal(NetworkVersion.LIGHTNING, 19)
  assert.equal(NetworkVersion.FIREHORSE, 28)
})
