import assert from 'node:assert/strict'
import { test } from 'node:test'
import { withTransaction } from './send.js'
import { ok, type CallManagerState } from './call-manager.js'
import { kernelFor } from '../kernel/syscalls/kernel-fixture.js'
import { encodeCbor } from '../ipld/cbor.js'
import { dagCborCid } from '../ipld/cid.js'

test('a reverted transaction restores the actors but keeps blocks written meanwhile (as ref-fvm\'s buffered store)', () => {
  for (const nv of [17, 18] as const) {
    const cm: CallManagerState = kernelFor(nv, [{ id: 100n, code: 'account', balance: 50n }]).cm
    const bytes = encodeCbor(['written inside the call'])
    const cid = dagCborCid(bytes)
    const step = withTransaction(cm, true, (s) => {
      const tree = s.tree.withStore(s.tree.store.put(cid, bytes)).mutateActor(100n, (a) => ({ ...a, balance: 0n }))
      return ok({ ...s, tree: tree ?? s.tree }, { exitCode: 16, value: null })
    })
    assert.equal(step.state.tree.getActor(100n)?.balance, 50n, `nv${nv}: actor change rolled back`)
    assert.deepEqual(step.state.tree.store.get(cid), bytes, `nv${nv}: block kept`)
    assert.equal(cm.tree.store.get(cid), undefined, 'the earlier state value is untouched')
  }
})
