import assert from 'node:assert/strict'
import { test } from 'node:test'
import { StateTree, StateTreeError } from './state-tree.js'
import { buildState } from '../../vectors/builder/state-builder.js'
import { blsAddress, idAddress, secp256k1AddressFromPayload } from '../types/address.js'
import { INIT_ACTOR_ID } from '../types/chain.js'
import { getCbor } from '../ipld/blockstore.js'

const BLS = blsAddress(new Uint8Array(48).fill(1))
const SECP = secp256k1AddressFromPayload(new Uint8Array(20).fill(2))

for (const nv of [17, 18] as const) {
  test(`nv${nv}: load, resolve addresses through the init actor, read actors`, () => {
    const built = buildState(nv, [{ id: 100n, code: 'account', balance: 7n, address: BLS }])
    const tree = StateTree.load(built.store, built.root, nv === 17 ? [3n, 4n] : [5n])
    assert.equal(tree.version, nv === 17 ? 4n : 5n)
    assert.equal(tree.lookupId(BLS), 100n)
    assert.equal(tree.lookupId(idAddress(12345n)), 12345n, 'an ID address resolves to itself, existing or not')
    assert.equal(tree.lookupId(SECP), undefined)
    assert.equal(tree.getActor(100n)?.balance, 7n)
    assert.equal(tree.getActor(101n), undefined)
  })

  test(`nv${nv}: register a new address, set and delete actors, flush and reload`, () => {
    const built = buildState(nv, [{ id: 100n, code: 'account', balance: 7n, address: BLS }])
    const tree = StateTree.load(built.store, built.root, nv === 17 ? [4n] : [5n])
    const [id, t1] = tree.registerNewAddress(SECP)
    assert.equal(id, 101n, 'next_id after the highest built actor')
    assert.equal(t1.lookupId(SECP), 101n)
    assert.equal(tree.lookupId(SECP), undefined, 'the earlier tree value is unchanged')
    const init = getCbor(t1.store, t1.getActor(INIT_ACTOR_ID)?.head ?? built.root) as unknown[]
    assert.equal(init[1], 102n, 'init next_id bumped')
    const t2 = t1.setActor(101n, { ...(t1.getActor(100n) as NonNullable<ReturnType<StateTree['getActor']>>), balance: 3n }).deleteActor(100n)
    const [root, t3] = t2.flush()
    const reloaded = StateTree.load(t3.store, root, [t3.version])
    assert.equal(reloaded.getActor(101n)?.balance, 3n)
    assert.equal(reloaded.getActor(100n), undefined)
    // Deleting and re-setting the same actor gives back the original root (the HAMT is canonical).
    const [again] = StateTree.load(built.store, built.root, [t3.version]).deleteActor(100n).setActor(100n, tree.getActor(100n) as NonNullable<ReturnType<StateTree['getActor']>>).flush()
    assert.equal(again.toString(), built.root.toString())
  })
}

test('a state tree of a version the network version cannot read is refused', () => {
  const built = buildState(18, [])
  assert.throws(() => StateTree.load(built.store, built.root, [3n, 4n]), StateTreeError)
})
