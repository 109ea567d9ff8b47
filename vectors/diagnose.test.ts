import assert from 'node:assert/strict'
import { test } from 'node:test'
import { cidOf, Codec } from '../interpreter/ipld/cid.js'
import { requireNetworkRules } from '../interpreter/machine/network-rules.js'
import { SUPPORTED_NETWORK_VERSIONS } from '../interpreter/types/network-version.js'
import { describeMessageDecodeError, describeNeededCode } from './diagnose.js'

const code = cidOf(Codec.IPLD_RAW, new TextEncoder().encode('miner code'))

test('a missing-bundle skip names the actor type, the actors release of the version row and the method', () => {
  for (const nv of SUPPORTED_NETWORK_VERSIONS) {
    const actors = requireNetworkRules(nv).builtinActors
    assert.equal(
      describeNeededCode({ code, method: 23n, name: 'storageminer' }, nv, false),
      `needs the storageminer actor (nv${nv}: built-in actors v${actors}; method 23; code ${code.toString()}) from a bundle: pass --bundles DIR or set $FVM_SPEC_BUNDLES, DIR holding v${actors}-builtin-actors-mainnet.car`,
    )
  }
  // nv19 and nv20 run actors v11 (their rows), which a hand table for nv17/18 did not know.
  assert.match(describeNeededCode({ code, method: 2n, name: 'multisig' }, 19, true), /^needs the multisig actor \(nv19: built-in actors v11; method 2\), which none of the bundles given provides \(code /)
  // A version without a row: no release is claimed; an actor the manifest does not name is given by code.
  assert.equal(describeNeededCode({ code, method: 1n, name: undefined }, 999, false), `needs actor code ${code.toString()} (nv999; method 1) from a bundle: pass --bundles DIR or set $FVM_SPEC_BUNDLES`)
})

test('a message that does not decode names the field, with the address rules of the version', () => {
  // [version, to, from, ...]: `to` is an f4 address (protocol 4), which v2 address rules do not have.
  const f4 = Uint8Array.of(4, 10, 1, 2, 3)
  const id = Uint8Array.of(0, 100)
  const bytes = Uint8Array.of(0x8a, 0x00, 0x45, ...f4, 0x42, ...id, 0, 0x40, 0, 0x40, 0x40, 0, 0x40)
  assert.match(describeMessageDecodeError(bytes, 'v2', new Error('x')), /^message field to \(1\): not an address: /)
  assert.match(describeMessageDecodeError(Uint8Array.of(0x83, 0, 0, 0), 'v3', new Error('x')), /expected a 10-field array \[version, to, from, nonce, value, gas_limit, gas_fee_cap, gas_premium, method, params\], got 3 fields/)
})
