/**
 * Port of ref-fvm's `events_test` (fvm@v4.8.2:testing/integration/tests/events_test.rs L21–195)
 * with the WAT actor actors/events.wat in place of `fil-events-actor`.
 *
 * ref-fvm compares `res.events` (the stamped events) to the expected list; fvm-spec's receipt
 * exposes the events root, so the port compares the root with the AMT (bit width 5) of the
 * expected stamped events, computed here — the same content check, through its hash — and also
 * asserts ref-fvm's "the root is not in the blockstore". The `gas_used − 1` run needs no figure
 * from ref-fvm. The OnActorEvent charges are derived by hand from the formula
 * (fvm@v4.8.2:fvm/src/gas/price_list.rs L1041–1069; v4-kernel.md §3.12).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Amt } from '../ipld/amt.js'
import { Blockstore } from '../ipld/blockstore.js'
import type { Ipld } from '../ipld/cbor.js'
import { idAddress } from '../types/address.js'
import { ExitCode } from '../types/exit-code.js'
import { actorWasm, cbor, Tester } from './tester.js'

const ACTOR = 10_000n
const enc = (s: string) => new TextEncoder().encode(s)
type Entry = [flags: bigint, key: string, codec: bigint, value: Uint8Array]
const E1: Entry[] = [[3n, 'foo', 0x55n, enc('abc')]]
const E2: Entry[] = [[3n, 'bar', 0x55n, enc('def')], [3n, '👱', 0x55n, enc('123456789 abcdefg 123456789')]]

/** The events root of stamped events `[emitter, entries]`, computed independently (AMT bit width 5, `EVENTS_AMT_BITWIDTH`). */
function root(events: readonly Entry[][]): string {
  return Amt.fromEntries(Blockstore.empty(), 5, events.map((e) => [ACTOR, e] as Ipld)).root.toString()
}

function setup(nv: number): Tester {
  return new Tester(nv, { actors: [{ id: ACTOR, wasm: actorWasm('events'), state: [], balance: 0n }] })
}

test('events_test (events_test.rs L21–195): exact events, malformed events, sub-calls, reverted sub-calls, gas_used − 1', () => {
  for (const nv of [21, 22, 23, 24, 25, 26, 27, 28]) {
    const t = setup(nv)
    const msg = (method: bigint, sequence: bigint, o: { gasLimit?: bigint; params?: Uint8Array } = {}) => t.message({ to: idAddress(ACTOR), method, sequence, ...o })

    // Method 2: the two events, stamped with the emitter f010000.
    const r2 = t.execute(msg(2n, 0n))
    assert.equal(r2.receipt.exitCode, ExitCode.OK, r2.failureInfo ?? '')
    assert.equal(r2.receipt.eventsRoot?.toString(), root([E1, E2]), `nv${nv}`)
    assert.equal(t.tree.store.get(r2.receipt.eventsRoot as never), undefined, 'the events AMT is not written to the blockstore')
    const gasUsed = r2.receipt.gasUsed

    // OnActorEvent(entries, key bytes, value bytes): S = 12 + 9·entries + keys + values,
    // mem = 2.4·S; compute = 2·mem + 2000 + 1400·entries + 500 + 16·keys; other = 10·S + mem (milligas).
    const onActorEvent = (entries: bigint, keys: bigint, values: bigint): [bigint, bigint] => {
      const s = 12n + 9n * entries + keys + values
      const mem = 2400n * s
      return [2n * mem + 1000n * (2000n + 1400n * entries) + 1000n * (500n + 16n * keys), 10_000n * s + mem]
    }
    const charged = r2.trace.flatMap((e) => (e.kind === 'gas' && e.name === 'OnActorEvent' ? [[e.compute, e.other]] : []))
    assert.deepEqual(charged, [onActorEvent(1n, 3n, 3n), onActorEvent(2n, 7n, 30n)])
    assert.deepEqual(charged, [[4_077_600n, 334_800n], [5_733_600n, 830_800n]]) // v4-tests.md §1.6

    // Method 3: every malformed call fails as expected (else the actor exits 24); no event.
    const r3 = t.execute(msg(3n, 1n))
    assert.equal(r3.receipt.exitCode, ExitCode.OK, r3.failureInfo ?? '')
    assert.equal(r3.receipt.eventsRoot, null)

    // Method 4 with counter 10: ten actors in a chain, two events each.
    const r4 = t.execute(msg(4n, 2n, { params: cbor(10n) }))
    assert.equal(r4.receipt.exitCode, ExitCode.OK, r4.failureInfo ?? '')
    assert.equal(r4.receipt.eventsRoot?.toString(), root(Array.from({ length: 20 }, () => E1)))

    // Method 5 with counter 10: the sixth call aborts after its send; the last five actors' ten events are discarded.
    const r5 = t.execute(msg(5n, 3n, { params: cbor(10n) }))
    assert.equal(r5.receipt.exitCode, ExitCode.OK, r5.failureInfo ?? '')
    assert.equal(r5.receipt.eventsRoot?.toString(), root(Array.from({ length: 10 }, () => E1)))

    // Out of gas records no events.
    const oog = t.execute(msg(2n, 4n, { gasLimit: gasUsed - 1n }))
    assert.equal(oog.receipt.exitCode, ExitCode.SYS_OUT_OF_GAS)
    assert.equal(oog.receipt.eventsRoot, null)
    assert.equal(oog.receipt.gasUsed, gasUsed - 1n)
  }
})
