/**
 * The v4 (nv21–nv28) `self` syscalls through the kernel fixture: the root's reachability
 * (FIP-0071) and self-destruct with burn (FIP-0073). Gas from WATERMELON_PRICES (fvm@v4.8.2
 * `fvm/src/gas/price_list.rs`): `OnActorGetRoot` / `OnActorSetRoot` 300 compute (L1072–1080),
 * `OnActorLookup` 500 000, `OnActorUpdate` 475 000 other; f099 is preloaded (L307).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { EMPTY_ARRAY_CID } from '../../types/state-root.js'
import { ErrorNumber } from '../../types/error-number.js'
import { cidOf, Codec } from '../../ipld/cid.js'
import { isReachable, markReachable } from '../block-registry.js'
import { call, chargesSince, def, errno, kernelFor, tokenAt, used, value, withBytes } from './kernel-fixture.js'

const ACTORS = [
  { id: 100n, code: 'paymentchannel', balance: 1000n },
  { id: 102n, code: 'multisig', balance: 0n },
]
const LOOKUP = 500_000_000n
const UPDATE = 475_000_000n
const LINK = 300_000n

for (const nv of [21, 28] as const) {
  test(`nv${nv} self.*: the v4 signatures (self_destruct takes one i32)`, () => {
    const k = kernelFor(nv, ACTORS)
    assert.deepEqual(def(k, 'self', 'self_destruct').params, ['i32'])
    assert.deepEqual(def(k, 'self', 'root').params, ['i32', 'i32'])
    assert.deepEqual(def(k, 'self', 'set_root').params, ['i32'])
  })

  test(`nv${nv} self.root: OnActorGetRoot 300, a lookup, and the root becomes reachable (also with BufferTooSmall)`, () => {
    const k = kernelFor(nv, ACTORS)
    assert.ok(!isReachable(k.blocks, EMPTY_ARRAY_CID), 'the state root is not reachable before self.root')
    const s = call(k, 'self', 'root', [100, 200])
    assert.deepEqual(value(s).writes, [{ offset: 100, bytes: EMPTY_ARRAY_CID.bytes }])
    assert.ok(isReachable(s.state.blocks, EMPTY_ARRAY_CID))
    assert.equal(used(s.state), LINK + LOOKUP)
    assert.deepEqual(chargesSince(s.state, 0), ['OnActorGetRoot', 'OnActorLookup'])
    const small = call(k, 'self', 'root', [0, 10])
    assert.equal(errno(small), ErrorNumber.BufferTooSmall)
    assert.ok(isReachable(small.state.blocks, EMPTY_ARRAY_CID))
    assert.equal(used(small.state), LINK + LOOKUP)
    const oob = call(k, 'self', 'root', [4000, 200])
    assert.equal(errno(oob), ErrorNumber.IllegalArgument)
    assert.equal(used(oob.state), 0n, 'bounds before the charge')
    const gone = call(kernelFor(nv, ACTORS, { edit: (t) => t.deleteActor(100n) }), 'self', 'root', [0, 100])
    assert.equal(errno(gone), ErrorNumber.IllegalOperation)
    assert.equal(used(gone.state), LINK + LOOKUP)
  })

  test(`nv${nv} self.set_root: ReadOnly uncharged; OnActorSetRoot 300; NotFound unless reachable; then lookup + update`, () => {
    const head = cidOf(Codec.DAG_CBOR, Uint8Array.of(0x80, 0x01))
    const mem = withBytes(new Uint8Array(4096), 8, head.bytes)
    const ro = call(kernelFor(nv, ACTORS, { readOnly: true }), 'self', 'set_root', [8], mem)
    assert.equal(errno(ro), ErrorNumber.ReadOnly)
    assert.equal(used(ro.state), 0n)
    const k = kernelFor(nv, ACTORS)
    const unreachable = call(k, 'self', 'set_root', [8], mem)
    assert.equal(errno(unreachable), ErrorNumber.NotFound)
    assert.equal(used(unreachable.state), LINK)
    const reachable = { ...k, blocks: markReachable(k.blocks, head) }
    const s = call(reachable, 'self', 'set_root', [8], mem)
    assert.deepEqual(value(s), { value: null, writes: [] })
    assert.equal(s.state.cm.tree.getActor(100n)?.head.toString(), head.toString())
    assert.equal(used(s.state), LINK + LOOKUP + UPDATE)
    assert.deepEqual(chargesSince(s.state, 0), ['OnActorSetRoot', 'OnActorLookup', 'OnActorUpdate'])
    // The empty array is not reachable just because it is the current root.
    const empty = call(k, 'self', 'set_root', [8], withBytes(new Uint8Array(4096), 8, EMPTY_ARRAY_CID.bytes))
    assert.equal(errno(empty), ErrorNumber.NotFound)
    // Deleted: IllegalOperation, after the reachability check.
    const gone = kernelFor(nv, ACTORS, { edit: (t) => t.deleteActor(100n) })
    assert.equal(errno(call(gone, 'self', 'set_root', [8], mem)), ErrorNumber.NotFound)
    assert.equal(errno(call({ ...gone, blocks: markReachable(gone.blocks, head) }, 'self', 'set_root', [8], mem)), ErrorNumber.IllegalOperation)
  })

  test(`nv${nv} self.current_balance: unchanged (OnSelfBalance 0 + lookup)`, () => {
    const s = call(kernelFor(nv, ACTORS), 'self', 'current_balance', [])
    assert.equal(tokenAt(value(s).value as Uint8Array, 0), 1000n)
    assert.equal(used(s.state), LOOKUP)
  })

  test(`nv${nv} self.self_destruct(false) with funds: IllegalOperation after OnDeleteActor and the balance read`, () => {
    const s = call(kernelFor(nv, ACTORS), 'self', 'self_destruct', [0])
    assert.equal(errno(s), ErrorNumber.IllegalOperation)
    assert.equal(used(s.state), LOOKUP)
    assert.deepEqual(chargesSince(s.state, 0), ['OnDeleteActor', 'OnSelfBalance', 'OnActorLookup'])
    assert.ok(s.state.cm.tree.getActor(100n) !== undefined)
  })

  test(`nv${nv} self.self_destruct(burn): the balance goes to f099, the actor is deleted; again is a no-op`, () => {
    const k = kernelFor(nv, ACTORS)
    const before = k.cm.tree.getActor(99n)?.balance ?? 0n
    for (const burn of [1, -1, 7]) {
      const s = call(k, 'self', 'self_destruct', [burn])
      assert.deepEqual(value(s), { value: null, writes: [] })
      assert.equal(s.state.cm.tree.getActor(100n), undefined)
      assert.equal(s.state.cm.tree.getActor(99n)?.balance, before + 1000n)
      // lookup (self balance) + update (self debited); f099 preloaded; the delete is already paid.
      assert.equal(used(s.state), LOOKUP + UPDATE)
      const again = call(s.state, 'self', 'self_destruct', [0])
      assert.deepEqual(value(again), { value: null, writes: [] })
      assert.equal(errno(call(s.state, 'self', 'root', [0, 100])), ErrorNumber.IllegalOperation)
    }
    // A zero balance needs no burn.
    const poor = call(kernelFor(nv, ACTORS, { receiver: 102n }), 'self', 'self_destruct', [0])
    assert.deepEqual(value(poor), { value: null, writes: [] })
    assert.equal(poor.state.cm.tree.getActor(102n), undefined)
  })

  test(`nv${nv} self.self_destruct(burn): read-only is ReadOnly; running out of gas in the burn is fatal`, () => {
    const ro = call(kernelFor(nv, ACTORS, { readOnly: true }), 'self', 'self_destruct', [1])
    assert.equal(errno(ro), ErrorNumber.ReadOnly)
    assert.equal(used(ro.state), 0n)
    // Enough for the lookup, not for the update the transfer makes.
    const s = call(kernelFor(nv, ACTORS, { gasLimit: 600_000n }), 'self', 'self_destruct', [1])
    assert.equal(errno(s), 'fatal')
    // Without burn, the same shortage is not reached: IllegalOperation.
    assert.equal(errno(call(kernelFor(nv, ACTORS, { gasLimit: 600_000n }), 'self', 'self_destruct', [0])), ErrorNumber.IllegalOperation)
  })
}
