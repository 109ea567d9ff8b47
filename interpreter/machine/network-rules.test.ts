import { test } from 'node:test'
import assert from 'node:assert/strict'
import { FVM_V2, FVM_V3, NETWORK_RULES, networkRulesFor, NV17, NV18, requireNetworkRules } from './network-rules.js'
import { fvmVersionFor, networkVersionName, SUPPORTED_NETWORK_VERSIONS } from '../types/network-version.js'
import { priceListFor } from '../gas/price-lists/index.js'

test('machine.network-rules: one row per supported version, each run by the release that accepts it', () => {
  assert.deepEqual([...NETWORK_RULES.keys()], [...SUPPORTED_NETWORK_VERSIONS])
  for (const [nv, rules] of NETWORK_RULES) {
    assert.equal(rules.nv, nv)
    assert.equal(rules.fvm, fvmVersionFor(nv), `nv${nv}: the release whose machine accepts it`)
    assert.equal(rules.name, networkVersionName(nv))
    assert.equal(rules.priceList, priceListFor(nv), `nv${nv}: the price list ref-fvm selects`)
    assert.ok(rules.stateRootVersions.includes(rules.stateRootVersion), `nv${nv}: loads the trees it writes`)
  }
  assert.equal(networkRulesFor(16), undefined)
  assert.equal(networkRulesFor(21), undefined, 'no v4 row until the v4 semantics exist')
  assert.throws(() => requireNetworkRules(21), /network version 21 is not supported/)
})

test('machine.network-rules: state root versions (v2 writes 4 and loads 3 or 4, v3 writes and loads 5)', () => {
  assert.equal(NV17.stateRootVersion, 4n)
  assert.deepEqual(NV17.stateRootVersions, [3n, 4n])
  assert.equal(NV18.stateRootVersion, 5n)
  assert.deepEqual(NV18.stateRootVersions, [5n])
})

test('machine.network-rules: a row is its release\'s rules plus name, actors and price list', () => {
  for (const rules of NETWORK_RULES.values()) {
    const release = [FVM_V2, FVM_V3].find((r) => r.fvm === rules.fvm)
    assert.ok(release !== undefined, `nv${rules.nv}: a known release`)
    for (const [key, value] of Object.entries(release)) assert.equal(rules[key as keyof typeof release], value, `nv${rules.nv}.${key}`)
  }
  assert.equal(NV17.send.rule, 'call.send-v2')
  assert.equal(NV18.send.rule, 'call.send-v3')
})
