import assert from 'node:assert/strict'
import { test } from 'node:test'
import { EMPTY_ARRAY_CID } from '../../types/state-root.js'
import { addressToBytes, blsAddress, idAddress } from '../../types/address.js'
import { ErrorNumber } from '../../types/error-number.js'
import { dagCborCid } from '../../ipld/cid.js'
import { call, chargesSince, errno, kernelFor, tokenAt, u32At, used, value, withBytes } from './kernel-fixture.js'

const BOB = blsAddress(new Uint8Array(48).fill(3))
const ACTORS = [
  { id: 100n, code: 'paymentchannel', balance: 1000n },
  { id: 101n, code: 'account', balance: 5n, address: BOB },
  { id: 102n, code: 'multisig', balance: 0n },
]
const LOOKUP = 500_000_000n // nv18 OnActorLookup, milligas
const UPDATE = 475_000_000n // nv18 OnActorUpdate, milligas

for (const nv of [17, 18] as const) {
  const v2 = nv === 17

  test(`nv${nv} self.root: the state root's bytes; ${v2 ? 'free' : 'an actor lookup on first access only'}`, () => {
    const k = kernelFor(nv, ACTORS)
    const s = call(k, 'self', 'root', [100, 200])
    const out = value(s)
    assert.equal(u32At(out.value as Uint8Array, 0), EMPTY_ARRAY_CID.bytes.length)
    assert.deepEqual(out.writes, [{ offset: 100, bytes: EMPTY_ARRAY_CID.bytes }])
    assert.equal(used(s.state), v2 ? 0n : LOOKUP)
    assert.equal(used(call(s.state, 'self', 'root', [100, 200]).state), v2 ? 0n : LOOKUP)
  })

  test(`nv${nv} self.root: bounds (IllegalArgument), deleted (IllegalOperation), small buffer (BufferTooSmall)`, () => {
    const k = kernelFor(nv, ACTORS)
    assert.equal(errno(call(k, 'self', 'root', [4000, 200])), ErrorNumber.IllegalArgument)
    assert.equal(used(call(k, 'self', 'root', [4000, 200]).state), 0n)
    const small = call(k, 'self', 'root', [0, 10])
    assert.equal(errno(small), ErrorNumber.BufferTooSmall)
    assert.equal(used(small.state), v2 ? 0n : LOOKUP, 'charged before the buffer is found too small')
    const gone = kernelFor(nv, ACTORS, { edit: (t) => t.deleteActor(100n) })
    assert.equal(errno(call(gone, 'self', 'root', [0, 100])), ErrorNumber.IllegalOperation)
  })

  test(`nv${nv} self.set_root: replaces the head without validating it; ${v2 ? 'free' : 'lookup + update'}`, () => {
    const k = kernelFor(nv, ACTORS)
    const head = dagCborCid(new Uint8Array([0x80, 0x01]))
    const mem = withBytes(new Uint8Array(4096), 8, head.bytes)
    const s = call(k, 'self', 'set_root', [8], mem)
    assert.deepEqual(value(s), { value: null, writes: [] })
    assert.equal(s.state.cm.tree.getActor(100n)?.head.toString(), head.toString())
    assert.equal(used(s.state), v2 ? 0n : LOOKUP + UPDATE)
    // A second write in the same scope is free.
    assert.equal(used(call(s.state, 'self', 'set_root', [8], mem).state), v2 ? 0n : LOOKUP + UPDATE)
    const gone = kernelFor(nv, ACTORS, { edit: (t) => t.deleteActor(100n) })
    assert.equal(errno(call(gone, 'self', 'set_root', [8], mem)), ErrorNumber.IllegalOperation)
    assert.equal(errno(call(k, 'self', 'set_root', [4095], mem)), ErrorNumber.IllegalArgument)
  })

  test(`nv${nv} self.current_balance: the balance, 0 once deleted`, () => {
    const k = kernelFor(nv, ACTORS)
    const s = call(k, 'self', 'current_balance', [])
    assert.equal(tokenAt(value(s).value as Uint8Array, 0), 1000n)
    assert.equal(used(s.state), v2 ? 0n : LOOKUP)
    if (!v2) assert.deepEqual(chargesSince(s.state, 0), ['OnSelfBalance', 'OnActorLookup'])
    const gone = kernelFor(nv, ACTORS, { edit: (t) => t.deleteActor(100n) })
    assert.equal(tokenAt(value(call(gone, 'self', 'current_balance', [])).value as Uint8Array, 0), 0n)
  })

  test(`nv${nv} self.self_destruct: moves the balance to the beneficiary and deletes the actor`, () => {
    const k = kernelFor(nv, ACTORS)
    const mem = withBytes(new Uint8Array(4096), 0, addressToBytes(BOB))
    const s = call(k, 'self', 'self_destruct', [0, addressToBytes(BOB).length], mem)
    assert.deepEqual(value(s), { value: null, writes: [] })
    assert.equal(s.state.cm.tree.getActor(100n), undefined)
    assert.equal(s.state.cm.tree.getActor(101n)?.balance, 1005n)
    // nv17: OnDeleteActor is −76 × 1300 = −98 800 gas (a refund), nothing else.
    // nv18: OnDeleteActor 0; self lookup; beneficiary lookup; two updates; the delete is then free.
    assert.equal(used(s.state), v2 ? -98_800_000n : 2n * LOOKUP + 2n * UPDATE)
    if (!v2) {
      assert.deepEqual(chargesSince(s.state, 0), [
        'OnDeleteActor', 'OnSelfBalance', 'OnActorLookup', 'OnResolveAddress', 'OnResolveAddress',
        'OnActorLookup', 'OnActorUpdate', 'OnActorUpdate',
      ])
    }
  })

  test(`nv${nv} self.self_destruct: with no balance the beneficiary is not even resolved`, () => {
    const k = kernelFor(nv, ACTORS, { receiver: 102n })
    const mem = withBytes(new Uint8Array(4096), 0, addressToBytes(idAddress(999n)))
    const s = call(k, 'self', 'self_destruct', [0, 3], mem)
    assert.deepEqual(value(s), { value: null, writes: [] })
    assert.equal(s.state.cm.tree.getActor(102n), undefined)
    assert.equal(used(s.state), v2 ? -98_800_000n : LOOKUP + UPDATE)
  })

  test(`nv${nv} self.self_destruct: NotFound beneficiary, Forbidden self, after the OnDeleteActor charge`, () => {
    const k = kernelFor(nv, ACTORS)
    const unknown = blsAddress(new Uint8Array(48).fill(8))
    const mem = withBytes(new Uint8Array(4096), 0, addressToBytes(unknown))
    const nf = call(k, 'self', 'self_destruct', [0, 49], mem)
    assert.equal(errno(nf), ErrorNumber.NotFound)
    assert.equal(used(nf.state), v2 ? -98_800_000n : LOOKUP)
    const me = withBytes(new Uint8Array(4096), 0, addressToBytes(idAddress(100n)))
    assert.equal(errno(call(k, 'self', 'self_destruct', [0, 2], me)), ErrorNumber.Forbidden)
    assert.equal(errno(call(k, 'self', 'self_destruct', [0, 1], me)), ErrorNumber.IllegalArgument, 'a 1-byte address')
  })
}

test('nv18 self: set_root and self_destruct are ReadOnly in a read-only frame, before any charge', () => {
  const k = kernelFor(18, ACTORS, { readOnly: true })
  const mem = withBytes(new Uint8Array(4096), 0, EMPTY_ARRAY_CID.bytes)
  const r = call(k, 'self', 'set_root', [0], mem)
  assert.equal(errno(r), ErrorNumber.ReadOnly)
  assert.equal(used(r.state), 0n)
  const d = call(k, 'self', 'self_destruct', [0, 2], withBytes(new Uint8Array(4096), 0, addressToBytes(idAddress(101n))))
  assert.equal(errno(d), ErrorNumber.ReadOnly)
  assert.equal(used(d.state), 0n)
  // Reads stay allowed.
  assert.equal(tokenAt(value(call(k, 'self', 'current_balance', [])).value as Uint8Array, 0), 1000n)
})

test('nv17 self: a read-only flag does not exist, set_root works', () => {
  const k = kernelFor(17, ACTORS, { readOnly: true })
  const mem = withBytes(new Uint8Array(4096), 0, EMPTY_ARRAY_CID.bytes)
  assert.deepEqual(value(call(k, 'self', 'set_root', [0], mem)), { value: null, writes: [] })
})
