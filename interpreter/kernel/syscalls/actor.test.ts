import assert from 'node:assert/strict'
import { test } from 'node:test'
import { blake2b } from '@noble/hashes/blake2.js'
import { addressToBytes, blsAddress, delegatedAddress, idAddress, secp256k1AddressFromPayload, type Address } from '../../types/address.js'
import { ErrorNumber } from '../../types/error-number.js'
import type { StateTree } from '../../state/state-tree.js'
import { EMPTY_ARRAY_CID } from '../../types/state-root.js'
import { manifestNames, syntheticCode } from '../../../vectors/builder/state-builder.js'
import { call, chargesSince, errno, i32At, kernelFor, tokenAt, u32At, u64At, used, value, withBytes } from './kernel-fixture.js'

const ALICE = blsAddress(new Uint8Array(48).fill(7))
const CAROL = secp256k1AddressFromPayload(new Uint8Array(20).fill(1))
const F4 = delegatedAddress(10n, new Uint8Array(20).fill(0xee))
const ACTORS = [
  { id: 100n, code: 'account', balance: 10n ** 20n, address: ALICE },
  { id: 101n, code: 'multisig', balance: 77n },
  { id: 102n, code: 'account', balance: 0n, address: CAROL },
]
const LOOKUP = 500_000_000n // nv18 OnActorLookup, milligas
const UPDATE = 475_000_000n // nv18 OnActorUpdate, milligas

/** ref-fvm `Address::new_actor(CBOR(origin) ‖ nonce BE ‖ index BE)`, computed independently. */
function expectedActorAddress(origin: Address, nonce: bigint, index: bigint): Uint8Array {
  const a = addressToBytes(origin)
  const head = a.length < 24 ? [0x40 + a.length] : [0x58, a.length]
  const tail = new Uint8Array(16)
  new DataView(tail.buffer).setBigUint64(0, nonce)
  new DataView(tail.buffer).setBigUint64(8, index)
  const payload = blake2b(Uint8Array.from([...head, ...a, ...tail]), { dkLen: 20 })
  return Uint8Array.from([2, ...payload])
}

function mem(offset: number, bytes: Uint8Array): Uint8Array {
  return withBytes(new Uint8Array(4096), offset, bytes)
}

for (const nv of [17, 18, 21, 25] as const) {
  const v2 = nv === 17

  test(`nv${nv} actor.resolve_address: ID addresses as they are, others through the init map, NotFound otherwise`, () => {
    const k = kernelFor(nv, ACTORS)
    const id = call(k, 'actor', 'resolve_address', [0, 3], mem(0, addressToBytes(idAddress(5555n))))
    assert.equal(u64At(value(id).value as Uint8Array, 0), 5555n, 'not checked for existence')
    const key = call(k, 'actor', 'resolve_address', [0, 49], mem(0, addressToBytes(ALICE)))
    assert.equal(u64At(value(key).value as Uint8Array, 0), 100n)
    assert.equal(used(key.state), 0n, 'OnResolveAddress is 0 at nv18')
    if (!v2) assert.deepEqual(chargesSince(key.state, 0), ['OnResolveAddress', 'OnResolveAddress'])
    if (!v2) assert.deepEqual(chargesSince(call(key.state, 'actor', 'resolve_address', [0, 49], mem(0, addressToBytes(ALICE))).state, 2), ['OnResolveAddress'], 'looked up once')
    const unknown = call(k, 'actor', 'resolve_address', [0, 49], mem(0, addressToBytes(blsAddress(new Uint8Array(48)))))
    assert.equal(errno(unknown), ErrorNumber.NotFound)
    assert.equal(errno(call(k, 'actor', 'resolve_address', [0, 1], mem(0, new Uint8Array([0])))), ErrorNumber.IllegalArgument)
  })

  test(`nv${nv} actor.get_actor_code_cid: the code CID; ${v2 ? 'free' : 'an actor lookup'}; NotFound; BufferTooSmall`, () => {
    const k = kernelFor(nv, ACTORS)
    const s = call(k, 'actor', 'get_actor_code_cid', [101n, 100, 200])
    const code = syntheticCode('multisig').bytes
    assert.equal(u32At(value(s).value as Uint8Array, 0), code.length)
    assert.deepEqual(value(s).writes, [{ offset: 100, bytes: code }])
    assert.equal(used(s.state), v2 ? 0n : LOOKUP)
    assert.equal(errno(call(k, 'actor', 'get_actor_code_cid', [999n, 100, 200])), ErrorNumber.NotFound)
    assert.equal(errno(call(k, 'actor', 'get_actor_code_cid', [101n, 100, 10])), ErrorNumber.BufferTooSmall)
    const oob = call(k, 'actor', 'get_actor_code_cid', [999n, 4000, 200])
    assert.equal(errno(oob), ErrorNumber.IllegalArgument, 'bounds are checked first')
    assert.equal(used(oob.state), 0n)
  })

  test(`nv${nv} actor.get_builtin_actor_type: 1-based manifest position, 0 when not built-in`, () => {
    const k = kernelFor(nv, ACTORS)
    manifestNames(nv).forEach((name, i) => {
      const s = call(k, 'actor', 'get_builtin_actor_type', [0], mem(0, syntheticCode(name).bytes))
      assert.equal(i32At(value(s).value as Uint8Array, 0), i + 1, name)
    })
    const other = call(k, 'actor', 'get_builtin_actor_type', [0], mem(0, EMPTY_ARRAY_CID.bytes))
    assert.equal(i32At(value(other).value as Uint8Array, 0), 0)
    assert.equal(used(other.state), 0n)
    if (!v2) assert.deepEqual(chargesSince(other.state, 0), ['OnGetBuiltinActorType'])
  })

  test(`nv${nv} actor.get_code_cid_for_type: the code CID of a type; IllegalArgument when unknown`, () => {
    const k = kernelFor(nv, ACTORS)
    const s = call(k, 'actor', 'get_code_cid_for_type', [4, 0, 100])
    assert.deepEqual(value(s).writes, [{ offset: 0, bytes: syntheticCode('account').bytes }])
    for (const t of [0, manifestNames(nv).length + 1, -1]) {
      assert.equal(errno(call(k, 'actor', 'get_code_cid_for_type', [t, 0, 100])), ErrorNumber.IllegalArgument, `type ${t}`)
    }
    assert.equal(errno(call(k, 'actor', 'get_code_cid_for_type', [4, 0, 5])), ErrorNumber.BufferTooSmall)
    if (!v2) assert.deepEqual(chargesSince(s.state, 0), ['OnGetCodeCidForType'])
  })
}

test('nv17 actor.new_actor_address: the origin\'s key address, the nonce, and a counter taken on every call', () => {
  const k = kernelFor(17, ACTORS, { originAddress: idAddress(100n), nonce: 7n })
  const s1 = call(k, 'actor', 'new_actor_address', [0, 21])
  assert.equal(u32At(value(s1).value as Uint8Array, 0), 21)
  assert.deepEqual(value(s1).writes, [{ offset: 0, bytes: expectedActorAddress(ALICE, 7n, 0n) }])
  assert.equal(s1.state.cm.numActorsCreated, 1n)
  const s2 = call(s1.state, 'actor', 'new_actor_address', [0, 64])
  assert.deepEqual(value(s2).writes, [{ offset: 0, bytes: expectedActorAddress(ALICE, 7n, 1n) }])
  assert.equal(s2.state.cm.numActorsCreated, 2n)
  assert.equal(used(s2.state), 0n, 'no charge, not even for reading the account state')
  // A key-address origin is used as it is.
  const byKey = call(kernelFor(17, ACTORS, { originAddress: CAROL, nonce: 1n }), 'actor', 'new_actor_address', [0, 21])
  assert.deepEqual(value(byKey).writes, [{ offset: 0, bytes: expectedActorAddress(CAROL, 1n, 0n) }])
})

test('nv17 actor.new_actor_address: bounds, then BufferTooSmall below 21 bytes (counter untouched); a non-account origin is fatal', () => {
  const k = kernelFor(17, ACTORS)
  assert.equal(errno(call(k, 'actor', 'new_actor_address', [4090, 21])), ErrorNumber.IllegalArgument)
  const small = call(k, 'actor', 'new_actor_address', [0, 20])
  assert.equal(errno(small), ErrorNumber.BufferTooSmall)
  assert.equal(small.state.cm.numActorsCreated, 0n)
  assert.equal(errno(call(kernelFor(17, ACTORS, { originAddress: idAddress(101n) }), 'actor', 'new_actor_address', [0, 21])), 'fatal')
  assert.equal(errno(call(kernelFor(17, ACTORS, { originAddress: idAddress(555n) }), 'actor', 'new_actor_address', [0, 21])), 'fatal')
})

for (const nv of [18, 21, 25] as const) {
  test(`nv${nv} actor.next_actor_address: the message's from as written, the nonce and the created-actor count; no side effect`, () => {
    const k = kernelFor(nv, ACTORS, { originAddress: idAddress(100n), nonce: 7n })
    const s1 = call(k, 'actor', 'next_actor_address', [0, 21])
    assert.deepEqual(value(s1).writes, [{ offset: 0, bytes: expectedActorAddress(idAddress(100n), 7n, 0n) }])
    assert.equal(s1.state.cm.numActorsCreated, 0n)
    const s2 = call(s1.state, 'actor', 'next_actor_address', [0, 21])
    assert.deepEqual(value(s2).writes, value(s1).writes, 'calling twice gives the same address')
    assert.equal(used(s2.state), 0n)
    const later = call({ ...k, cm: { ...k.cm, numActorsCreated: 3n } }, 'actor', 'next_actor_address', [0, 21])
    assert.deepEqual(value(later).writes, [{ offset: 0, bytes: expectedActorAddress(idAddress(100n), 7n, 3n) }])
    assert.equal(errno(call(k, 'actor', 'next_actor_address', [0, 20])), ErrorNumber.BufferTooSmall)
  })
}

test('nv17 actor.create_actor: non-singleton built-in code at a free ID, charged OnCreateActor', () => {
  const k = kernelFor(17, ACTORS, { receiver: 1n })
  const s = call(k, 'actor', 'create_actor', [200n, 0], mem(0, syntheticCode('multisig').bytes))
  assert.deepEqual(value(s), { value: null, writes: [] })
  const a = s.state.cm.tree.getActor(200n)
  assert.deepEqual(a && { code: a.code.toString(), head: a.head.toString(), sequence: a.sequence, balance: a.balance }, {
    code: syntheticCode('multisig').toString(), head: EMPTY_ARRAY_CID.toString(), sequence: 0n, balance: 0n,
  })
  // create_actor_compute 1 108 454 + create_actor_storage 76 × 1300.
  assert.equal(used(s.state), 1_207_254_000n)
  assert.equal(s.state.cm.numActorsCreated, 0n, 'only new_actor_address moves the nv17 counter')
  // Any caller may create at nv17.
  assert.ok(value(call(kernelFor(17, ACTORS, { receiver: 101n }), 'actor', 'create_actor', [200n, 0], mem(0, syntheticCode('multisig').bytes))))
})

test('nv17 actor.create_actor: Forbidden for non-built-in code, singletons and existing IDs, before any charge', () => {
  const k = kernelFor(17, ACTORS, { receiver: 1n })
  for (const [code, id] of [[EMPTY_ARRAY_CID, 200n], [syntheticCode('storagepower'), 200n], [syntheticCode('init'), 200n], [syntheticCode('multisig'), 101n]] as const) {
    const s = call(k, 'actor', 'create_actor', [id, 0], mem(0, code.bytes))
    assert.equal(errno(s), ErrorNumber.Forbidden, code.toString())
    assert.equal(used(s.state), 0n)
  }
})

test('nv18 actor.create_actor: only the init actor; lookup + OnCreateActor(false) + update; the counter moves', () => {
  const k = kernelFor(18, ACTORS, { receiver: 1n })
  const code = syntheticCode('evm').bytes
  const s = call(k, 'actor', 'create_actor', [200n, 0, 100, addressToBytes(F4).length], withBytes(mem(0, code), 100, addressToBytes(F4)))
  assert.deepEqual(value(s), { value: null, writes: [] })
  assert.equal(s.state.cm.tree.getActor(200n)?.delegatedAddress?.protocol, 4)
  // 500 000 lookup + 650 000 create_actor_storage + 475 000 update.
  assert.equal(used(s.state), LOOKUP + 650_000_000n + UPDATE)
  assert.deepEqual(chargesSince(s.state, 0), ['OnActorLookup', 'OnCreateActor', 'OnActorUpdate'])
  assert.equal(s.state.cm.numActorsCreated, 1n)
  // No delegated address when its length is 0.
  const plain = call(k, 'actor', 'create_actor', [201n, 0, 0, 0], mem(0, code))
  assert.equal(plain.state.cm.tree.getActor(201n)?.delegatedAddress, null)
  // Others are Forbidden; read-only frames are ReadOnly; neither charges.
  const other = call(kernelFor(18, ACTORS, { receiver: 101n }), 'actor', 'create_actor', [200n, 0, 0, 0], mem(0, code))
  assert.equal(errno(other), ErrorNumber.Forbidden)
  const ro = call(kernelFor(18, ACTORS, { receiver: 1n, readOnly: true }), 'actor', 'create_actor', [200n, 0, 0, 0], mem(0, code))
  assert.equal(errno(ro), ErrorNumber.ReadOnly)
  assert.equal(used(ro.state), 0n)
  // The conformance tester's `testing` feature also admits actor 98.
  assert.ok(value(call(kernelFor(18, ACTORS, { receiver: 98n }), 'actor', 'create_actor', [200n, 0, 0, 0], mem(0, code))))
})

for (const nv of [21, 25] as const) {
  test(`nv${nv} actor.create_actor: as nv18 (lookup + OnCreateActor(false) + update), but only the init actor: production has no \`testing\` feature, so actor 98 is Forbidden`, () => {
    const code = syntheticCode('evm').bytes
    const s = call(kernelFor(nv, ACTORS, { receiver: 1n }), 'actor', 'create_actor', [200n, 0, 0, 0], mem(0, code))
    assert.deepEqual(value(s), { value: null, writes: [] })
    assert.equal(used(s.state), LOOKUP + 650_000_000n + UPDATE)
    assert.deepEqual(chargesSince(s.state, 0), ['OnActorLookup', 'OnCreateActor', 'OnActorUpdate'])
    assert.equal(s.state.cm.numActorsCreated, 1n)
    const t = call(kernelFor(nv, ACTORS, { receiver: 98n }), 'actor', 'create_actor', [200n, 0, 0, 0], mem(0, code))
    assert.equal(errno(t), ErrorNumber.Forbidden)
    assert.equal(used(t.state), 0n)
    const ro = call(kernelFor(nv, ACTORS, { receiver: 1n, readOnly: true }), 'actor', 'create_actor', [200n, 0, 0, 0], mem(0, code))
    assert.equal(errno(ro), ErrorNumber.ReadOnly)
  })
}

for (const nv of [18, 21, 25] as const) {
  test(`nv${nv} actor.create_actor: placeholders (never created explicitly; replaced only with the same delegated address)`, () => {
    const placeholder = syntheticCode('placeholder')
    const edit = (t: StateTree): StateTree =>
      t.setActor(300n, { code: placeholder, head: EMPTY_ARRAY_CID, sequence: 0n, balance: 9n, delegatedAddress: F4 })
    const k = kernelFor(nv, ACTORS, { receiver: 1n, edit })
    const evm = syntheticCode('evm').bytes
    const f4 = addressToBytes(F4)
    assert.equal(errno(call(k, 'actor', 'create_actor', [200n, 0, 0, 0], mem(0, placeholder.bytes))), ErrorNumber.Forbidden)
    const replaced = call(k, 'actor', 'create_actor', [300n, 0, 100, f4.length], withBytes(mem(0, evm), 100, f4))
    assert.deepEqual(value(replaced), { value: null, writes: [] })
    const a = replaced.state.cm.tree.getActor(300n)
    assert.equal(a?.code.toString(), syntheticCode('evm').toString())
    assert.equal(a?.balance, 9n, 'the placeholder keeps its balance')
    assert.equal(used(replaced.state), LOOKUP + UPDATE, 'no OnCreateActor for a placeholder')
    const otherF4 = addressToBytes(delegatedAddress(10n, new Uint8Array(20).fill(1)))
    assert.equal(errno(call(k, 'actor', 'create_actor', [300n, 0, 100, otherF4.length], withBytes(mem(0, evm), 100, otherF4))), ErrorNumber.Forbidden)
    assert.equal(errno(call(k, 'actor', 'create_actor', [300n, 0, 0, 0], mem(0, evm))), ErrorNumber.Forbidden)
    assert.equal(errno(call(k, 'actor', 'create_actor', [101n, 0, 0, 0], mem(0, evm))), ErrorNumber.Forbidden, 'existing non-placeholder')
  })
}

for (const nv of [18, 21, 25] as const) {
  test(`nv${nv} actor.balance_of and lookup_delegated_address`, () => {
    const edit = (t: StateTree): StateTree =>
      t.setActor(300n, { code: syntheticCode('ethaccount'), head: EMPTY_ARRAY_CID, sequence: 0n, balance: 1n, delegatedAddress: F4 })
    const k = kernelFor(nv, ACTORS, { edit })
    const b = call(k, 'actor', 'balance_of', [101n])
    assert.equal(tokenAt(value(b).value as Uint8Array, 0), 77n)
    assert.equal(used(b.state), LOOKUP)
    assert.deepEqual(chargesSince(b.state, 0), ['OnBalanceOf', 'OnActorLookup'])
    assert.equal(errno(call(k, 'actor', 'balance_of', [999n])), ErrorNumber.NotFound)

    const f4 = addressToBytes(F4)
    const d = call(k, 'actor', 'lookup_delegated_address', [300n, 0, 64])
    assert.equal(u32At(value(d).value as Uint8Array, 0), f4.length)
    assert.deepEqual(value(d).writes, [{ offset: 0, bytes: f4 }])
    assert.deepEqual(chargesSince(d.state, 0), ['OnLookupAddress', 'OnActorLookup'])
    const none = call(k, 'actor', 'lookup_delegated_address', [101n, 0, 0])
    assert.deepEqual(value(none), { value: new Uint8Array(4), writes: [] })
    assert.equal(errno(call(k, 'actor', 'lookup_delegated_address', [300n, 0, 10])), ErrorNumber.BufferTooSmall)
    assert.equal(errno(call(k, 'actor', 'lookup_delegated_address', [999n, 0, 64])), ErrorNumber.NotFound)
    assert.equal(errno(call(k, 'actor', 'lookup_delegated_address', [300n, 4090, 64])), ErrorNumber.IllegalArgument)
  })
}
