import { test } from 'node:test'
import assert from 'node:assert/strict'
import {
  NetworkVersion,
  acceptsStateRootVersion,
  fvmVersionFor,
  isSupported,
  networkVersionName,
  stateRootVersionFor,
} from './network-version.js'

test('types.network-versions: names and support', () => {
  assert.equal(networkVersionName(NetworkVersion.V16), 'skyr')
  assert.equal(networkVersionName(NetworkVersion.V17), 'shark')
  assert.equal(networkVersionName(NetworkVersion.V18), 'hygge')
  assert.equal(networkVersionName(99), 'nv99')
  assert.ok(isSupported(17) && isSupported(18))
  assert.ok(!isSupported(16) && !isSupported(19))
  assert.equal(fvmVersionFor(15), 'v2')
  assert.equal(fvmVersionFor(17), 'v2')
  assert.equal(fvmVersionFor(18), 'v3')
  assert.equal(fvmVersionFor(20), 'v3')
  assert.equal(fvmVersionFor(14), undefined)
  assert.equal(fvmVersionFor(21), undefined)
})

test('types.network-versions: state root versions', () => {
  assert.equal(stateRootVersionFor(17), 4n)
  assert.equal(stateRootVersionFor(18), 5n)
  assert.throws(() => stateRootVersionFor(12))
  assert.ok(acceptsStateRootVersion(17, 3n) && acceptsStateRootVersion(17, 4n))
  assert.ok(!acceptsStateRootVersion(17, 5n) && !acceptsStateRootVersion(17, 2n))
  assert.ok(acceptsStateRootVersion(18, 5n) && !acceptsStateRootVersion(18, 4n))
  assert.ok(!acceptsStateRootVersion(30, 5n))
})
