import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CborError, decodeCbor, encodeCbor, type Ipld } from '../ipld/cbor.js'
import { Codec, cidOf } from '../ipld/cid.js'
import { toHex } from '../util/bytes.js'
import { AddressError, addressEquals, delegatedAddress } from './address.js'
import { actorStateFromIpld, actorStateToIpld, newEmptyActor, type ActorState } from './actor.js'
import { EMPTY_ARRAY_CID } from './state-root.js'

const code = cidOf(Codec.IPLD_RAW, new TextEncoder().encode('fil/9/account'))
const actor: ActorState = { code, head: EMPTY_ARRAY_CID, sequence: 3n, balance: 10n ** 18n, delegatedAddress: null }

test('types.actor-state: 4 fields at StateRoot v3/v4', () => {
  for (const v of [3n, 4n]) {
    const ipld = actorStateToIpld(actor, v) as readonly Ipld[]
    assert.equal(ipld.length, 4)
    const bytes = encodeCbor(ipld)
    assert.equal(toHex(bytes).slice(0, 2), '84')
    assert.deepEqual(actorStateFromIpld(decodeCbor(bytes), v), actor)
  }
})

test('types.actor-state: 5 fields at StateRoot v5, null when there is no delegated address', () => {
  const bytes = encodeCbor(actorStateToIpld(actor, 5n))
  assert.equal(toHex(bytes).slice(0, 2), '85')
  assert.equal(toHex(bytes).slice(-2), 'f6')
  assert.deepEqual(actorStateFromIpld(decodeCbor(bytes), 5n), actor)
  const f4 = delegatedAddress(10n, new Uint8Array(20).fill(7))
  const withAddr = { ...actor, delegatedAddress: f4 }
  const back = actorStateFromIpld(decodeCbor(encodeCbor(actorStateToIpld(withAddr, 5n))), 5n)
  assert.ok(back.delegatedAddress !== null && addressEquals(back.delegatedAddress, f4))
})

test('types.actor-state: zero balance is the empty byte string', () => {
  const ipld = actorStateToIpld(newEmptyActor(code), 4n) as readonly Ipld[]
  assert.deepEqual(ipld[3], new Uint8Array(0))
  assert.equal(ipld[2], 0n)
  assert.ok((ipld[1] as typeof EMPTY_ARRAY_CID).equals(EMPTY_ARRAY_CID))
})

test('types.actor-state: wrong arity, types and versions are rejected', () => {
  const four = actorStateToIpld(actor, 4n) as readonly Ipld[]
  const five = actorStateToIpld(actor, 5n) as readonly Ipld[]
  assert.throws(() => actorStateFromIpld(four, 5n), /expected 5 elements/)
  assert.throws(() => actorStateFromIpld(five, 4n), /expected 4 elements/)
  assert.throws(() => actorStateFromIpld(four, 2n), CborError)
  assert.throws(() => actorStateToIpld(actor, 6n), CborError)
  assert.throws(() => actorStateFromIpld([four[0] as Ipld, four[1] as Ipld, -1n, four[3] as Ipld], 4n), /sequence/)
  assert.throws(() => actorStateFromIpld([four[0] as Ipld, four[1] as Ipld, 0n, 5n], 4n), /balance: expected bytes/)
  assert.throws(() => actorStateFromIpld([four[0] as Ipld, four[1] as Ipld, 0n, Uint8Array.of(7)], 4n), /sign/)
  assert.throws(() => actorStateFromIpld([new Uint8Array(1), four[1] as Ipld, 0n, new Uint8Array(0)], 4n), /code: expected a CID/)
  assert.throws(() => actorStateFromIpld([...four, 'x'], 5n), /delegated_address: expected bytes/)
  assert.throws(() => actorStateFromIpld([...four, Uint8Array.of(4)], 5n), AddressError)
  assert.throws(() => actorStateToIpld({ ...actor, delegatedAddress: delegatedAddress(10n, new Uint8Array(0)) }, 4n), CborError)
})
