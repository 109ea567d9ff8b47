import assert from 'node:assert/strict'
import { test } from 'node:test'
import { cidOf, Codec } from '../ipld/cid.js'
import { ErrorNumber } from '../types/error-number.js'
import {
  emptyRegistry,
  getBlock,
  isReachable,
  linksOf,
  markReachable,
  putBlock,
  putCheckReachable,
  putReachable,
  registryOf,
  withLinks,
  type PutResult,
} from './block-registry.js'

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)
const A = cidOf(Codec.IPLD_RAW, bytes('a'))
const B = cidOf(Codec.DAG_CBOR, bytes('b'))

function ok(r: PutResult): Extract<PutResult, { ok: true }> {
  assert.ok(r.ok, `put failed: ${JSON.stringify(r)}`)
  return r
}

test('handles start at 1; 0 and unknown handles have no block', () => {
  const r1 = ok(putBlock(emptyRegistry(), { codec: Codec.DAG_CBOR, data: bytes('x') }, [Codec.DAG_CBOR]))
  assert.equal(r1.id, 1)
  const r2 = ok(putReachable(r1.registry, { codec: 0x1234, data: bytes('y') }))
  assert.equal(r2.id, 2)
  assert.equal(getBlock(r2.registry, 0), undefined)
  assert.equal(getBlock(r2.registry, 3), undefined)
  assert.deepEqual(getBlock(r2.registry, 2)?.data, bytes('y'))
})

test('v2/v3 put: a codec outside the release list is IllegalCodec', () => {
  const r = putBlock(emptyRegistry(), { codec: Codec.IPLD_RAW, data: bytes('x') }, [Codec.DAG_CBOR])
  assert.deepEqual(r.ok ? undefined : r.errno, ErrorNumber.IllegalCodec)
})

test('v4 put_reachable: no codec check, marks every link reachable (blocks.rs L127–146)', () => {
  const r = ok(putReachable(emptyRegistry(), withLinks({ codec: 0x70, data: bytes('p') }, [A, B])))
  assert.ok(isReachable(r.registry, A))
  assert.ok(isReachable(r.registry, B))
  assert.deepEqual(linksOf(getBlock(r.registry, 1) ?? { codec: 0, data: bytes('') }), [A, B])
})

test('v4 put_check_reachable: the first unreachable link is NotFound, nothing is marked', () => {
  const block = withLinks({ codec: Codec.DAG_CBOR, data: bytes('c') }, [A, B])
  const partly = markReachable(emptyRegistry(), A)
  const r = putCheckReachable(partly, block)
  assert.ok(!r.ok)
  assert.equal(r.errno, ErrorNumber.NotFound)
  assert.match(r.message, new RegExp(B.toString()))
  const both = markReachable(partly, B)
  const put = ok(putCheckReachable(both, block))
  assert.equal(put.id, 1)
  assert.equal(put.registry.reachable.size, 2)
})

test('linksOf: a block that was never scanned (v2/v3, top-level params) has no links', () => {
  assert.deepEqual(linksOf({ codec: Codec.CBOR, data: bytes('x') }), [])
  assert.equal(registryOf([{ codec: Codec.CBOR, data: bytes('x') }]).reachable.size, 0)
})
