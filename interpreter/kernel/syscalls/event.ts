/**
 * The `event` namespace (nv18): actors emit events, which the FVM validates, stamps with the
 * emitter's ID and keeps in the call manager's state; at the end of the message the surviving
 * events are committed to the receipt's `events_root`.
 */
import type { List } from 'immutable'
import type { EventEntry, StampedEvent } from '../../call-manager/call-manager.js'
import { onActorEventAccept, onActorEventValidate } from '../../gas/price-list.js'
import { Amt } from '../../ipld/amt.js'
import { Blockstore } from '../../ipld/blockstore.js'
import { asArray, asBytes, asText, asUint, decodeCbor, type Ipld } from '../../ipld/cbor.js'
import { Codec, type CID } from '../../ipld/cid.js'
import { ErrorNumber } from '../../types/error-number.js'
import { NOTHING, slice, u32, type SyscallDef, type SyscallOutput } from '../abi.js'
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

export const EVENT_SYSCALLS: readonly SyscallDef[] = [emitEventDef]
