/**
 * The v4 (nv21–nv28) `event.emit_event(headers, keys, values)` through the kernel fixture. The
 * error cases are those of ref-fvm's events test actor (`fvm@v4.8.2:testing/test_actors/actors/
 * fil-events-actor/src/actor.rs`, method 3), in the kernel's order (`kernel/default.rs`
 * L1027–1154). Gas: `OnActorEvent` from WATERMELON_PRICES (`gas/price_list.rs` L1041–1069).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { withTransaction } from '../../call-manager/send.js'
import { ErrorNumber } from '../../types/error-number.js'
import type { KernelState } from '../kernel.js'
import { EVENT_ENTRY_HEADER_SIZE } from './event.js'
import { call, chargesSince, def, errno, kernelFor, used, value } from './kernel-fixture.js'
import { right } from 'fp-ts/lib/Either.js'

const ACTORS = [{ id: 100n, code: 'account', balance: 0n }] as const
const RAW = 0x55n
const CBOR = 0x51n
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

interface Header {
  readonly flags?: bigint
  readonly codec?: bigint
  readonly keyLen: number
  readonly valLen: number
}

const HEADERS = 0
const KEYS = 4096
const VALUES = 8192

/** Lays out packed headers (flags u64, codec u64, key_len u32, val_len u32), keys and values. */
function memoryWith(headers: readonly Header[], keys: Uint8Array, values: Uint8Array): Uint8Array {
  const mem = new Uint8Array(VALUES + Math.max(values.length, 16384))
  const view = new DataView(mem.buffer)
  headers.forEach((h, i) => {
    const at = HEADERS + i * EVENT_ENTRY_HEADER_SIZE
    view.setBigUint64(at, h.flags ?? 0n, true)
    view.setBigUint64(at + 8, h.codec ?? RAW, true)
    view.setUint32(at + 16, h.keyLen, true)
    view.setUint32(at + 20, h.valLen, true)
  })
  mem.set(keys, KEYS)
  mem.set(values, VALUES)
  return mem
}

function emit(k: KernelState, headers: readonly Header[], keys: Uint8Array, values: Uint8Array, keyLen = keys.length, valLen = values.length) {
  return call(k, 'event', 'emit_event', [HEADERS, headers.length, KEYS, keyLen, VALUES, valLen], memoryWith(headers, keys, values))
}

/** OnActorEvent in milligas: S = 12 + 9·n + keys + values; mem = 2.4·S; compute 2·mem + 2000 + 1400·n + 500 + 16·keys; other 10·S + mem. */
function onActorEvent(n: number, keys: number, values: number): bigint {
  const s = 12 + 9 * n + keys + values
  const mem = 2.4 * s
  return BigInt(Math.round((2 * mem + 2000 + 1400 * n + 500 + 16 * keys + 10 * s + mem) * 1000))
}

for (const nv of [21, 26] as const) {
  test(`nv${nv} event.emit_event: six i32 parameters, no out-pointer`, () => {
    const d = def(kernelFor(nv, ACTORS), 'event', 'emit_event')
    assert.deepEqual(d.params, ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'])
    assert.equal(d.out, 0)
  })

  test(`nv${nv} event.emit_event: one entry "foo" = "abc" costs 4 077.6 compute + 334.8 other and is stamped`, () => {
    const k = kernelFor(nv, ACTORS, { receiver: 10000n })
    const s = emit(k, [{ flags: 3n, keyLen: 3, valLen: 3 }], utf8('foo'), utf8('abc'))
    assert.deepEqual(value(s), { value: null, writes: [] })
    assert.equal(used(s.state), 4_077_600n + 334_800n)
    assert.equal(onActorEvent(1, 3, 3), 4_412_400n)
    assert.deepEqual(chargesSince(s.state, 0), ['OnActorEvent'])
    assert.deepEqual(s.state.cm.events.toArray(), [{ emitter: 10000n, entries: [{ flags: 3n, key: 'foo', codec: RAW, value: utf8('abc') }] }])
  })

  test(`nv${nv} event.emit_event: two entries with a 4-byte key, a CBOR value (FIP-0083) and no flags`, () => {
    const k = kernelFor(nv, ACTORS)
    const keys = utf8('bar👱')
    const values = utf8('def123456789 abcdefg 123456789')
    const s = emit(k, [{ flags: 0n, codec: CBOR, keyLen: 3, valLen: 3 }, { flags: 2n, keyLen: 4, valLen: 27 }], keys, values)
    value(s)
    // A worked example: S = 67, compute 5 733.6, other 830.8.
    assert.equal(used(s.state), 5_733_600n + 830_800n)
    assert.deepEqual(s.state.cm.events.get(0)?.entries, [
      { flags: 0n, key: 'bar', codec: CBOR, value: utf8('def') },
      { flags: 2n, key: '👱', codec: RAW, value: utf8('123456789 abcdefg 123456789') },
    ])
  })

  test(`nv${nv} event.emit_event: an event with no entries is accepted`, () => {
    const s = emit(kernelFor(nv, ACTORS), [], new Uint8Array(0), new Uint8Array(0))
    value(s)
    assert.deepEqual(s.state.cm.events.get(0)?.entries, [])
    assert.equal(used(s.state), onActorEvent(0, 0, 0))
  })

  test(`nv${nv} event.emit_event: ReadOnly and out-of-bounds buffers are not charged`, () => {
    const ro = emit(kernelFor(nv, ACTORS, { readOnly: true }), [{ keyLen: 1, valLen: 0 }], utf8('k'), new Uint8Array(0))
    assert.equal(errno(ro), ErrorNumber.ReadOnly)
    assert.equal(used(ro.state), 0n)
    const k = kernelFor(nv, ACTORS)
    // event_len × 24 overflows u32.
    const overflow = call(k, 'event', 'emit_event', [0, 0x0aaa_aaab, 0, 0, 0, 0], new Uint8Array(64))
    assert.equal(errno(overflow), ErrorNumber.IllegalArgument)
    assert.equal(used(overflow.state), 0n)
    for (const args of [[0, 3, 0, 0, 0, 0], [0, 0, 60, 10, 0, 0], [0, 0, 0, 0, 60, 10]]) {
      const s = call(k, 'event', 'emit_event', args, new Uint8Array(64))
      assert.equal(errno(s), ErrorNumber.IllegalArgument)
      assert.equal(used(s.state), 0n)
    }
  })

  // The events actor's malformed cases, each charged OnActorEvent before failing.
  const hundred = new Uint8Array(100)
  const man = utf8('🧑')
  const cases: readonly (readonly [string, readonly Header[], Uint8Array, Uint8Array, number, number, number])[] = [
    ['key range beyond the keys', [{ keyLen: 5, valLen: 0 }], new Uint8Array(4), new Uint8Array(0), 4, 0, ErrorNumber.IllegalArgument],
    ['codec 0x95', [{ codec: 0x95n, keyLen: 0, valLen: 0 }], new Uint8Array(0), new Uint8Array(0), 0, 0, ErrorNumber.IllegalCodec],
    ['values left over', [{ keyLen: 0, valLen: 5 }], new Uint8Array(0), hundred, 0, 100, ErrorNumber.IllegalArgument],
    ['keys left over', [{ keyLen: 5, valLen: 0 }], hundred, new Uint8Array(0), 100, 0, ErrorNumber.IllegalArgument],
    ['key of 32 bytes', [{ keyLen: 32, valLen: 0 }], new Uint8Array(0), hundred, 0, 100, ErrorNumber.LimitExceeded],
    ['values of 8193 bytes', [{ keyLen: 0, valLen: 0 }], new Uint8Array(0), hundred, 0, 8193, ErrorNumber.LimitExceeded],
    ['a key that is not UTF-8', [{ keyLen: 1, valLen: 0 }], man.subarray(0, 1), new Uint8Array(0), 1, 0, ErrorNumber.IllegalArgument],
    ['a key not on a character boundary', [{ keyLen: 1, valLen: 0 }, { keyLen: 3, valLen: 0 }], man, new Uint8Array(0), 4, 0, ErrorNumber.IllegalArgument],
  ]
  for (const [name, headers, keys, values, keyLen, valLen, expected] of cases) {
    test(`nv${nv} event.emit_event malformed: ${name} → ${expected}, after OnActorEvent`, () => {
      const s = emit(kernelFor(nv, ACTORS), headers, keys, values, keyLen, valLen)
      assert.equal(errno(s), expected)
      assert.equal(used(s.state), onActorEvent(headers.length, keyLen, valLen))
      assert.equal(s.state.cm.events.size, 0)
    })
  }

  test(`nv${nv} event.emit_event: the checks' order — entries, total values, UTF-8, then per entry flags, key length, value length, ranges, codec`, () => {
    const k = kernelFor(nv, ACTORS)
    const many = Array.from({ length: 256 }, () => ({ flags: 8n, keyLen: 0, valLen: 0 }))
    assert.equal(errno(emit(k, many, new Uint8Array(0), new Uint8Array(0))), ErrorNumber.LimitExceeded, '256 entries, before the bad flags')
    const okEntries = Array.from({ length: 255 }, () => ({ keyLen: 0, valLen: 0 }))
    value(emit(k, okEntries, new Uint8Array(0), new Uint8Array(0)))
    assert.equal(errno(emit(k, [{ flags: 8n, keyLen: 0, valLen: 0 }], Uint8Array.of(0xff), new Uint8Array(0), 1)), ErrorNumber.IllegalArgument, 'UTF-8 first')
    assert.equal(errno(emit(k, [{ flags: 4n, keyLen: 40, valLen: 0 }], new Uint8Array(0), new Uint8Array(0))), ErrorNumber.IllegalArgument, 'flags before key length')
    assert.equal(errno(emit(k, [{ keyLen: 40, valLen: 9000, codec: 0x99n }], new Uint8Array(0), new Uint8Array(0))), ErrorNumber.LimitExceeded, 'key length before value length')
    assert.equal(errno(emit(k, [{ keyLen: 0, valLen: 9000, codec: 0x99n }], new Uint8Array(0), new Uint8Array(0))), ErrorNumber.IllegalArgument, 'value length before codec')
    assert.equal(errno(emit(k, [{ keyLen: 2, valLen: 0, codec: 0x99n }], utf8('a'), new Uint8Array(0))), ErrorNumber.IllegalArgument, 'key range before codec')
    assert.equal(errno(emit(k, [{ keyLen: 0, valLen: 0, codec: 0x99n }, { keyLen: 9, valLen: 0 }], new Uint8Array(0), new Uint8Array(0))), ErrorNumber.IllegalCodec, 'entries in order')
  })

  test(`nv${nv} event.emit_event: a reverted transaction drops the event`, () => {
    const k = kernelFor(nv, ACTORS)
    const step = withTransaction(k.cm, true, (cm) => {
      const s = emit({ ...k, cm }, [{ keyLen: 1, valLen: 1 }], utf8('k'), utf8('v'))
      assert.equal(s.state.cm.events.size, 1)
      return { state: s.state.cm, result: right({ exitCode: 16, value: null }) }
    })
    assert.equal(step.state.events.size, 0)
    assert.ok(used({ ...k, cm: step.state }) > 0n, 'the charge stays')
  })
}
