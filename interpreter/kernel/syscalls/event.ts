/**
 * The `event` namespace (nv18+): actors emit events, which the FVM validates, stamps with the
 * emitter's ID and keeps in the call manager's state; at the end of the message the surviving
 * events are committed to the receipt's `events_root`. nv18–nv20 take one DAG-CBOR `ActorEvent`;
 * nv21–nv28 (ref-fvm v4, FIP-0072 as implemented) take fixed-size entry headers and the keys and
 * values in two buffers.
 */
import type { List } from 'immutable'
import type { EventEntry, StampedEvent } from '../../call-manager/call-manager.js'
import { EVENT_LIMITS_V4, onActorEvent, onActorEventAccept, onActorEventValidate } from '../../gas/price-list.js'
import { Amt } from '../../ipld/amt.js'
import { Blockstore } from '../../ipld/blockstore.js'
import { asArray, asBytes, asText, asUint, decodeCbor, type Ipld } from '../../ipld/cbor.js'
import { Codec, type CID } from '../../ipld/cid.js'
import { ErrorNumber } from '../../types/error-number.js'
import { NOTHING, slice, u32, type SyscallArgs, type SyscallDef, type SyscallOutput } from '../abi.js'
import { kcharge, kerr, kok, kthen, type KernelState, type KStep } from '../kernel.js'

/** Over-estimate of the largest valid encoded event: larger inputs are not decoded. */
export const MAX_ENCODED_EVENT_SIZE = 1 << 20
export const MAX_EVENT_ENTRIES = 256
export const MAX_EVENT_KEY_LEN = 32
/** Σ of the entries' value lengths. */
export const MAX_EVENT_DATA = 8 << 10
/** Bit width of the events AMT (ref-fvm `EVENTS_AMT_BITWIDTH`). */
export const EVENTS_AMT_BIT_WIDTH = 5

const utf8Length = (s: string): number => new TextEncoder().encode(s).length

/**
 * Decodes a DAG-CBOR `ActorEvent`: an array of `[flags u64, key text, codec u64, value bytes]`
 * (the struct is transparent over its entries). Decoding is strict DAG-CBOR
 * (`ipld.dag-cbor-strict`). Returns the entries, or an error message.
 *
 * @rule syscall.event-emit-event
 */
export function decodeActorEvent(bytes: Uint8Array): readonly EventEntry[] | string {
  try {
    const v = decodeCbor(bytes)
    return asArray(v, 'ActorEvent').map((e, i) => {
      const f = asArray(e, `entry ${i}`, 4)
      return {
        flags: asUint(f[0] as Ipld, `entry ${i}.flags`),
        key: asText(f[1] as Ipld, `entry ${i}.key`),
        codec: asUint(f[2] as Ipld, `entry ${i}.codec`),
        value: asBytes(f[3] as Ipld, `entry ${i}.value`),
      }
    })
  } catch (e) {
    return (e as Error).message
  }
}

/**
 * ref-fvm `validate_actor_event`: at most 256 entries; per entry, in order, key ≤ 32 UTF-8 bytes
 * (IllegalArgument) and codec = IPLD_RAW (IllegalCodec); then Σ value lengths ≤ 8 KiB.
 *
 * @rule syscall.event-emit-event
 */
function validateActorEvent(k: KernelState, entries: readonly EventEntry[]): KStep<void> {
  if (entries.length > MAX_EVENT_ENTRIES) {
    return kerr(k, ErrorNumber.IllegalArgument, `event exceeded max entries: ${entries.length} > ${MAX_EVENT_ENTRIES}`)
  }
  let total = 0
  for (const e of entries) {
    const keyLen = utf8Length(e.key)
    if (keyLen > MAX_EVENT_KEY_LEN) return kerr(k, ErrorNumber.IllegalArgument, `event key exceeded max size: ${keyLen} > ${MAX_EVENT_KEY_LEN}`)
    if (e.codec !== BigInt(Codec.IPLD_RAW)) return kerr(k, ErrorNumber.IllegalCodec, `event codec must be IPLD_RAW, was: ${e.codec}`)
    total += e.value.length
  }
  if (total > MAX_EVENT_DATA) return kerr(k, ErrorNumber.IllegalArgument, `event total values exceeded max size: ${total} > ${MAX_EVENT_DATA}`)
  return kok(k, undefined)
}

/**
 * The kernel's `emit_event` on the event's bytes: ReadOnly; charge OnActorEventValidate(len);
 * size limit; decode; validate; charge OnActorEventAccept; append the stamped event.
 *
 * @rule syscall.event-emit-event
 */
export function emitEvent(k: KernelState, raw: Uint8Array): KStep<SyscallOutput> {
  if (k.frame.readOnly) return kerr(k, ErrorNumber.ReadOnly, 'cannot emit events while read-only')
  const pl = k.cm.machine.rules.priceList
  const len = BigInt(raw.length)
  return kthen(kcharge(k, onActorEventValidate(pl, len)), (k1): KStep<SyscallOutput> => {
    if (raw.length > MAX_ENCODED_EVENT_SIZE) return kerr(k1, ErrorNumber.IllegalArgument, 'event WAY too large')
    const entries = decodeActorEvent(raw)
    if (typeof entries === 'string') return kerr(k1, ErrorNumber.IllegalArgument, `invalid event: ${entries}`)
    return kthen(validateActorEvent(k1, entries), (k2) => {
      const shapes = entries.map((e) => ({ flags: e.flags, keyLength: BigInt(utf8Length(e.key)), valueLength: BigInt(e.value.length) }))
      return kthen(kcharge(k2, onActorEventAccept(pl, shapes, len)), (k3) => {
        const stamped: StampedEvent = { emitter: k3.frame.receiver, entries }
        return kok({ ...k3, cm: { ...k3.cm, events: k3.cm.events.push(stamped) } }, NOTHING)
      })
    })
  })
}

/** v3 event.emit_event(event_off, event_len): bounds first, then the kernel. @rule syscall.event-emit-event */
const emitEventDef: SyscallDef = {
  module: 'event', name: 'emit_event', params: ['i32', 'i32'], out: 0, versions: ['v3'], rule: 'syscall.event-emit-event',
  body: (k, memory, [off, len]) => kthen(slice(k, memory, u32(off), u32(len)), emitEvent),
}

/** The size of one packed `fvm_shared::sys::EventEntry` header: flags u64, codec u64, key_len u32, val_len u32. */
export const EVENT_ENTRY_HEADER_SIZE = 24
/** `Flags`: FLAG_INDEXED_KEY (1) | FLAG_INDEXED_VALUE (2); any other bit is invalid. */
const VALID_EVENT_FLAGS = 0b11n
const V4_EVENT_CODECS: readonly bigint[] = [BigInt(Codec.IPLD_RAW), BigInt(Codec.CBOR)]
const U32_MAX = 0xffff_ffff

/** A UTF-8 byte offset that starts a character (or is the end). */
function charBoundary(bytes: Uint8Array, i: number): boolean {
  return i === bytes.length || (i < bytes.length && ((bytes[i] as number) & 0xc0) !== 0x80)
}

/**
 * The v4 kernel's `emit_event(headers, keys, values)` (`fvm@v4.8.2:fvm/src/kernel/default.rs`
 * L1027–1154): read-only → ReadOnly (uncharged); charge `OnActorEvent(entries, keys, values)` on
 * the raw buffer lengths; more than 255 entries → LimitExceeded; more than 8 KiB of values →
 * LimitExceeded; the key buffer is not UTF-8 → IllegalArgument; per entry, in order: a flag bit
 * other than 1 and 2 → IllegalArgument, key longer than 31 bytes → LimitExceeded, value longer
 * than 8 KiB → IllegalArgument, key range outside the keys or not on character boundaries →
 * IllegalArgument, value range outside the values → IllegalArgument, codec not raw (0x55) or CBOR
 * (0x51) → IllegalCodec; key or value bytes left over → IllegalArgument; then the stamped event is
 * appended. The value bytes are not inspected.
 *
 * @rule syscall.event-emit-event
 */
export function emitEventV4(k: KernelState, headers: Uint8Array, keys: Uint8Array, values: Uint8Array): KStep<SyscallOutput> {
  if (k.frame.readOnly) return kerr(k, ErrorNumber.ReadOnly, 'cannot emit events while read-only')
  const n = headers.length / EVENT_ENTRY_HEADER_SIZE
  const pl = k.cm.machine.rules.priceList
  return kthen(kcharge(k, onActorEvent(pl, BigInt(n), BigInt(keys.length), BigInt(values.length))), (k1): KStep<SyscallOutput> => {
    const fail = (errno: number, message: string): KStep<SyscallOutput> => kerr(k1, errno, message)
    if (BigInt(n) > EVENT_LIMITS_V4.maxEntries) return fail(ErrorNumber.LimitExceeded, `event exceeded max entries: ${n} > ${EVENT_LIMITS_V4.maxEntries}`)
    const maxValues = Number(EVENT_LIMITS_V4.maxTotalValueLength)
    if (values.length > maxValues) return fail(ErrorNumber.LimitExceeded, `total event value lengths exceeded the max size: ${values.length} > ${maxValues}`)
    // The whole key buffer is validated at once.
    try {
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(keys)
    } catch {
      return fail(ErrorNumber.IllegalArgument, 'invalid event key')
    }
    const view = new DataView(headers.buffer, headers.byteOffset, headers.byteLength)
    const entries: EventEntry[] = []
    let keyOff = 0
    let valOff = 0
    for (let i = 0; i < n; i++) {
      const at = i * EVENT_ENTRY_HEADER_SIZE
      const flags = view.getBigUint64(at, true)
      const codec = view.getBigUint64(at + 8, true)
      const keyLen = view.getUint32(at + 16, true)
      const valLen = view.getUint32(at + 20, true)
      if ((flags & ~VALID_EVENT_FLAGS) !== 0n) return fail(ErrorNumber.IllegalArgument, `event flags are invalid: ${flags}`)
      if (BigInt(keyLen) > EVENT_LIMITS_V4.maxKeyLength) return fail(ErrorNumber.LimitExceeded, `event key exceeded max size: ${keyLen} > ${EVENT_LIMITS_V4.maxKeyLength}`)
      if (valLen > maxValues) return fail(ErrorNumber.IllegalArgument, 'event entry value out of range')
      const keyEnd = keyOff + keyLen
      if (keyEnd > keys.length || !charBoundary(keys, keyOff) || !charBoundary(keys, keyEnd)) return fail(ErrorNumber.IllegalArgument, 'event entry key out of range')
      const valEnd = valOff + valLen
      if (valEnd > values.length) return fail(ErrorNumber.IllegalArgument, 'event entry value out of range')
      if (!V4_EVENT_CODECS.includes(codec)) return fail(ErrorNumber.IllegalCodec, `event codec must be IPLD_RAW or CBOR, was: ${codec}`)
      entries.push({ flags, key: new TextDecoder().decode(keys.subarray(keyOff, keyEnd)), codec, value: values.slice(valOff, valEnd) })
      keyOff = keyEnd
      valOff = valEnd
    }
    if (keyOff !== keys.length) return fail(ErrorNumber.IllegalArgument, `event key buffer length is too large: ${keyOff} < ${keys.length}`)
    if (valOff !== values.length) return fail(ErrorNumber.IllegalArgument, `event value buffer length is too large: ${valOff} < ${values.length}`)
    const stamped: StampedEvent = { emitter: k1.frame.receiver, entries }
    return kok({ ...k1, cm: { ...k1.cm, events: k1.cm.events.push(stamped) } }, NOTHING)
  })
}

/**
 * v4 event.emit_event(event_off, event_len, key_off, key_len, val_off, val_len): `event_len` is the
 * number of entry headers; `event_len × 24` overflowing u32 → IllegalArgument; then the header,
 * key and value buffers are read in that order (IllegalArgument); then the kernel
 * (`emitEventV4`). `fvm@v4.8.2:fvm/src/syscalls/event.rs` L26–52, `shared/src/sys/mod.rs` L70–78.
 *
 * @rule syscall.event-emit-event
 */
const emitEventV4Def: SyscallDef = {
  module: 'event', name: 'emit_event', params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], out: 0, versions: ['v4'], rule: 'syscall.event-emit-event',
  body: (k, memory, [evtOff, evtLen, keyOff, keyLen, valOff, valLen]: SyscallArgs) => {
    const size = u32(evtLen) * EVENT_ENTRY_HEADER_SIZE
    if (size > U32_MAX) return kerr(k, ErrorNumber.IllegalArgument, 'events index out of bounds')
    return kthen(slice(k, memory, u32(evtOff), size), (k1, headers) =>
      kthen(slice(k1, memory, u32(keyOff), u32(keyLen)), (k2, keys) =>
        kthen(slice(k2, memory, u32(valOff), u32(valLen)), (k3, values) => emitEventV4(k3, headers, keys, values))))
  },
}

/** `StampedEvent` as DAG-CBOR: `[emitter u64, [[flags, key, codec, value], …]]`. @rule syscall.event-stamped */
export function stampedEventToIpld(e: StampedEvent): Ipld {
  return [e.emitter, e.entries.map((x) => [x.flags, x.key, x.codec, x.value])]
}

/**
 * The receipt's events root: null without events, else the root of the AMT (bit width 5) holding
 * the stamped events in order. ref-fvm writes its blocks to a discarding store; so do we.
 *
 * @rule syscall.event-stamped
 */
export function eventsRoot(events: List<StampedEvent>): CID | null {
  if (events.size === 0) return null
  return Amt.fromEntries(Blockstore.empty(), EVENTS_AMT_BIT_WIDTH, events.map(stampedEventToIpld)).root
}

export const EVENT_SYSCALLS: readonly SyscallDef[] = [emitEventDef, emitEventV4Def]
