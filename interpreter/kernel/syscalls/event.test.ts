import assert from 'node:assert/strict'
import { test } from 'node:test'
import { left, right } from 'fp-ts/lib/Either.js'
import { List } from 'immutable'
import type { CallManagerState, StampedEvent, Step, InvocationResult } from '../../call-manager/call-manager.js'
import { syscallError } from '../../call-manager/execution-error.js'
import { withTransaction } from '../../call-manager/send.js'
import { encodeCbor, type Ipld } from '../../ipld/cbor.js'
import { dagCborCid } from '../../ipld/cid.js'
import { ErrorNumber } from '../../types/error-number.js'
import type { KernelState } from '../kernel.js'
import { emptyRegistry } from '../block-registry.js'
import { emitEvent, eventsRoot, stampedEventToIpld } from './event.js'
import { call, chargesSince, def, errno, kernelFor, machineFor, used, value, withBytes } from './kernel-fixture.js'
import type { ActorInvoker } from '../../call-manager/invoke.js'
import { applyMessage } from '../../executor/apply-message.js'
import { blsAddress, idAddress } from '../../types/address.js'
import type { Message } from '../../types/message.js'
import { buildState } from '../../../vectors/builder/state-builder.js'

const ACTORS = [{ id: 100n, code: 'account', balance: 0n }] as const
const RAW = 0x55n

type Entry = [bigint, string, bigint, Uint8Array]
const entry = (key: string, value: Uint8Array, flags = 3n, codec = RAW): Entry => [flags, key, codec, value]
const encode = (entries: readonly Entry[]): Uint8Array => encodeCbor(entries as unknown as Ipld)

/** Runs event.emit_event on `bytes` placed at offset 0 of a memory that holds them. */
function emit(k: KernelState, bytes: Uint8Array) {
  const mem = withBytes(new Uint8Array(Math.max(64, bytes.length)), 0, bytes)
  return call(k, 'event', 'emit_event', [0, bytes.length], mem)
}

// HYGGE (fvm@v3.14.1 price_list.rs): OnActorEventValidate(len) = memcpy 0.4·len + allocate 2·len
// + validation (1 750 + 25·len) gas; OnActorEventAccept: s = len + 12, compute 2.4·s, other
// 0·indexed + 2·0.4·s + 2·s + 10·s (blake2b) — 15.2·s gas in all. In milligas:
const validateCharge = (len: number) => 1_750_000n + 27_400n * BigInt(len)
const acceptCharge = (len: number) => 15_200n * BigInt(len + 12)

test('nv18 event.emit_event: validates, charges and records the event stamped with the emitter', () => {
  const bytes = encode([entry('t1', Uint8Array.of(1, 2, 3, 4))])
  const k0 = kernelFor(18, ACTORS, { receiver: 1234n })
  const s = emit(k0, bytes)
  assert.deepEqual(value(s), { value: null, writes: [] })
  assert.equal(used(s.state) - used(k0), validateCharge(bytes.length) + acceptCharge(bytes.length))
  assert.deepEqual(chargesSince(s.state, k0.cm.trace.size), ['OnActorEventValidate', 'OnActorEventAccept'])
  assert.deepEqual(s.state.cm.events.toArray(), [{ emitter: 1234n, entries: [{ flags: 3n, key: 't1', codec: RAW, value: Uint8Array.of(1, 2, 3, 4) }] }])
})

test('nv18 event.emit_event: an empty event is valid', () => {
  const s = emit(kernelFor(18, ACTORS), Uint8Array.of(0x80))
  value(s)
  assert.equal(s.state.cm.events.size, 1)
})

test('nv18 event.emit_event: bounds, then ReadOnly, both before any charge', () => {
  const k0 = kernelFor(18, ACTORS, { readOnly: true })
  const oob = call(k0, 'event', 'emit_event', [60, 10], new Uint8Array(64))
  assert.equal(errno(oob), ErrorNumber.IllegalArgument)
  const ro = emit(k0, encode([entry('k', Uint8Array.of(1))]))
  assert.equal(errno(ro), ErrorNumber.ReadOnly)
  assert.equal(used(ro.state), used(k0))
  assert.equal(ro.state.cm.events.size, 0)
})

/** Expects a validation failure: the validate charge is paid, accept is not, nothing is recorded. */
function rejects(bytes: Uint8Array, expected: number, why: string) {
  const k0 = kernelFor(18, ACTORS)
  const s = emit(k0, bytes)
  assert.equal(errno(s), expected, why)
  assert.equal(used(s.state) - used(k0), validateCharge(bytes.length), why)
  assert.equal(s.state.cm.events.size, 0, why)
}

test('nv18 event.emit_event: malformed CBOR is IllegalArgument after OnActorEventValidate', () => {
  rejects(Uint8Array.of(0x82, 0x01), ErrorNumber.IllegalArgument, 'truncated')
  rejects(encodeCbor({ a: 1n }), ErrorNumber.IllegalArgument, 'a map')
  rejects(encodeCbor([[3n, 'k', RAW]]), ErrorNumber.IllegalArgument, 'entry of 3 fields')
  rejects(encodeCbor([[3n, 'k', RAW, Uint8Array.of(1), 0n]]), ErrorNumber.IllegalArgument, 'entry of 5 fields')
  rejects(encodeCbor([[-1n, 'k', RAW, Uint8Array.of(1)]]), ErrorNumber.IllegalArgument, 'negative flags')
  rejects(encodeCbor([[3n, Uint8Array.of(1), RAW, Uint8Array.of(1)]]), ErrorNumber.IllegalArgument, 'bytes key')
  rejects(encodeCbor([[3n, 'k', RAW, 'text']]), ErrorNumber.IllegalArgument, 'text value')
  rejects(Uint8Array.of(0x81, 0x84, 0x03, 0x61, 0xff, 0x18, 0x55, 0x41, 0x01), ErrorNumber.IllegalArgument, 'key not UTF-8')
  rejects(Uint8Array.of(0x80, 0x00), ErrorNumber.IllegalArgument, 'trailing bytes')
})

test('nv18 event.emit_event: entries, key size, codec and total value size limits', () => {
  const one = Uint8Array.of(1)
  const ok = (bytes: Uint8Array) => value(emit(kernelFor(18, ACTORS), bytes))
  ok(encode(Array.from({ length: 256 }, () => entry('k', one))))
  rejects(encode(Array.from({ length: 257 }, () => entry('k', one))), ErrorNumber.IllegalArgument, '257 entries')
  ok(encode([entry('k'.repeat(32), one)]))
  rejects(encode([entry('k'.repeat(33), one)]), ErrorNumber.IllegalArgument, '33-byte key')
  ok(encode([entry('é'.repeat(16), one)])) // 32 UTF-8 bytes
  rejects(encode([entry('é'.repeat(17), one)]), ErrorNumber.IllegalArgument, '17 two-byte characters are 34 bytes')
  rejects(encode([entry('k', one, 3n, 0x71n)]), ErrorNumber.IllegalCodec, 'DAG-CBOR value')
  ok(encode([entry('a', new Uint8Array(4096)), entry('b', new Uint8Array(4096))]))
  rejects(encode([entry('a', new Uint8Array(4096)), entry('b', new Uint8Array(4097))]), ErrorNumber.IllegalArgument, '8193 value bytes')
  // Per entry, in order: the first entry's codec error wins over the second entry's key error,
  // and within an entry the key is checked before the codec.
  rejects(encode([entry('k', one, 3n, 0x71n), entry('k'.repeat(33), one)]), ErrorNumber.IllegalCodec, 'codec first')
  rejects(encode([entry('k'.repeat(33), one, 3n, 0x71n)]), ErrorNumber.IllegalArgument, 'key before codec')
  // The entry count is checked before any entry; the total size after all of them.
  rejects(encode(Array.from({ length: 257 }, () => entry('k', one, 3n, 0x71n))), ErrorNumber.IllegalArgument, 'count first')
  rejects(encode([entry('a', new Uint8Array(8193)), entry('b', one, 3n, 0x71n)]), ErrorNumber.IllegalCodec, 'codec before total')
})

test('nv18 event.emit_event: more than 1 MiB is IllegalArgument after the validate charge, without decoding', () => {
  const bytes = new Uint8Array((1 << 20) + 1) // not CBOR at all
  rejects(bytes, ErrorNumber.IllegalArgument, 'too large')
})

test('nv18 event.emit_event: out of gas on the validate charge', () => {
  const k0 = kernelFor(18, ACTORS, { gasLimit: 1000n })
  assert.equal(errno(emit(k0, encode([entry('k', Uint8Array.of(1))]))), 'out-of-gas')
})

test('nv17 has no event.emit_event', () => {
  assert.throws(() => def(kernelFor(17, ACTORS), 'event', 'emit_event'))
})

test('StampedEvent encodes as [emitter, [[flags, key, codec, value], …]]', () => {
  const e: StampedEvent = { emitter: 100n, entries: [{ flags: 3n, key: 't1', codec: RAW, value: Uint8Array.of(1, 2, 3, 4) }] }
  assert.equal(Buffer.from(encodeCbor(stampedEventToIpld(e))).toString('hex'), '82186481840362743118554401020304')
})

test('events root: null without events; else the AMT (bit width 5) of the stamped events', () => {
  assert.equal(eventsRoot(List()), null)
  const a: StampedEvent = { emitter: 100n, entries: [{ flags: 1n, key: 'a', codec: RAW, value: Uint8Array.of(7) }] }
  const b: StampedEvent = { emitter: 101n, entries: [] }
  // Root [bit_width, height, count, node]; node [bmap (2^5 bits = 4 bytes, LSB first), links, values].
  const node = (bmap: number, values: Ipld[]): Ipld => [Uint8Array.of(bmap, 0, 0, 0), [], values]
  const one = encodeCbor([5n, 0n, 1n, node(0x01, [[100n, [[1n, 'a', RAW, Uint8Array.of(7)]]]])])
  assert.equal(eventsRoot(List([a]))?.toString(), dagCborCid(one).toString())
  const two = encodeCbor([5n, 0n, 2n, node(0x03, [[100n, [[1n, 'a', RAW, Uint8Array.of(7)]]], [101n, []]])])
  assert.equal(eventsRoot(List([a, b]))?.toString(), dagCborCid(two).toString())
})

// ---- events are transactional (call.transaction) ----

function cmWithEvent(): { cm: CallManagerState; first: StampedEvent } {
  const s = emitEvent(kernelFor(18, ACTORS, { receiver: 1n }), encode([entry('x', Uint8Array.of(1))]))
  value(s)
  return { cm: s.state.cm, first: s.state.cm.events.first() as StampedEvent }
}

for (const alsoAccess of [true, false]) {
  test(`withTransaction (alsoAccess ${alsoAccess}): events emitted inside a reverted transaction are dropped, kept otherwise`, () => {
    const { cm, first } = cmWithEvent()
    const k = kernelFor(18, ACTORS, { receiver: 2n })
    const inner = (exit: number | 'error') => (s: CallManagerState): Step<InvocationResult> => {
      const e = emitEvent({ ...k, cm: s }, encode([entry('y', Uint8Array.of(2))]))
      const state = e.state.cm
      assert.equal(state.events.size, 2)
      return exit === 'error'
        ? { state, result: left(syscallError(ErrorNumber.NotFound, 'gone')) }
        : { state, result: right({ exitCode: exit, value: null }) }
    }
    const kept = withTransaction(cm, alsoAccess, inner(0))
    assert.deepEqual(kept.state.events.map((e) => e.emitter).toArray(), [1n, 2n])
    for (const failing of [16, 'error'] as const) {
      const reverted = withTransaction(cm, alsoAccess, inner(failing))
      assert.deepEqual(reverted.state.events.toArray(), [first], `exit ${failing}`)
      // Gas charged for the dropped event stays charged.
      assert.ok(reverted.state.gas.used > cm.gas.used)
    }
  })
}

// ---- the receipt's events root, end to end through applyMessage ----

const ALICE = blsAddress(new Uint8Array(48).fill(7))

function applyEmitting(exitCode: number) {
  const { tree } = buildState(18, [
    { id: 100n, code: 'account', balance: 10n ** 21n, address: ALICE },
    { id: 101n, code: 'account', balance: 0n },
  ])
  const invoker: ActorInvoker = (s, inv) => {
    const k: KernelState = { cm: s, frame: { caller: inv.from, receiver: inv.to, method: inv.method, valueReceived: inv.value, readOnly: inv.readOnly }, blocks: emptyRegistry() }
    const e = emitEvent(k, encode([entry('a', Uint8Array.of(7), 1n)]))
    assert.equal(e.result._tag, 'Right')
    return { state: e.state.cm, result: right({ exitCode, value: null }) }
  }
  const machine = { ...machineFor(18, tree), invoker }
  const msg: Message = {
    version: 0n, to: idAddress(101n), from: ALICE, sequence: 0n, value: 0n, gasLimit: 10_000_000n,
    gasFeeCap: 1000n, gasPremium: 10n, method: 2n, params: new Uint8Array(0),
  }
  const out = applyMessage(machine, tree, msg, 100)
  assert.equal(out.kind, 'applied')
  return (out as Extract<typeof out, { kind: 'applied' }>).receipt
}

test('nv18 applyMessage: a successful message with an event gets the events AMT root in its receipt', () => {
  const r = applyEmitting(0)
  assert.equal(r.exitCode, 0)
  const root = encodeCbor([5n, 0n, 1n, [Uint8Array.of(1, 0, 0, 0), [], [[101n, [[1n, 'a', RAW, Uint8Array.of(7)]]]]]])
  assert.equal(r.eventsRoot?.toString(), dagCborCid(root).toString())
})

test('nv18 applyMessage: a failed top-level send drops its events, so the root is null', () => {
  const r = applyEmitting(16)
  assert.equal(r.exitCode, 16)
  assert.equal(r.eventsRoot, null)
})
