/**
 * Port of ref-fvm's `gaslimit_test` (fvm@v4.8.2:testing/integration/tests/gaslimit_test.rs
 * L21–159) with the WAT actor actors/gaslimit.wat in place of `fil-gaslimit-actor`: a send with its
 * own gas limit (`gas.nested-limits`) whose callee runs out of gas is exit 7 for the caller, which
 * goes on; the callee's transfer and event are rolled back. The expectations are ref-fvm's: exit
 * codes, the number of events (here: the events root, none or the AMT of the one event) and the
 * destination's balance.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Amt } from '../ipld/amt.js'
import { Blockstore } from '../ipld/blockstore.js'
import type { Ipld } from '../ipld/cbor.js'
import { addressToBytes, idAddress } from '../types/address.js'
import { ExitCode } from '../types/exit-code.js'
import { actorWasm, cbor, Tester } from './tester.js'

const ACTOR = 10_000n
/** The one event of an inner call: [{flags 3, "foo", RAW, CBOR(400u64)}], stamped by f010000. */
const EVENT_ROOT = Amt.fromEntries(Blockstore.empty(), 5, [[ACTOR, [[3n, 'foo', 0x55n, cbor(400n)]]] as Ipld]).root.toString()

test('gaslimit_test (gaslimit_test.rs L21–159): a child gas limit that is exceeded rolls back the child only', () => {
  for (const nv of [21, 22, 23, 24, 25, 26, 27, 28]) {
    const t = new Tester(nv, { accounts: 2, actors: [{ id: ACTOR, wasm: actorWasm('gaslimit'), state: [], balance: 0n }] })
    const dest = t.accounts[1]?.address ?? assert.fail('two accounts')
    const scenario = (sequence: bigint, innerGasLimit: bigint, exhaust: boolean, expectErr: boolean) =>
      t.execute(t.message({ to: idAddress(ACTOR), method: 2n, sequence, value: 100n, params: cbor([addressToBytes(dest), innerGasLimit, exhaust, expectErr]) }))

    // A: child limit 10 000 000 exceeded: the inner send and the event are reverted.
    const a = scenario(0n, 10_000_000n, true, true)
    assert.equal(a.receipt.exitCode, ExitCode.OK, a.failureInfo ?? '')
    assert.equal(a.receipt.eventsRoot, null)
    assert.equal(t.balanceOf(dest), 10_050n)
    // The inner call ran out of exactly its limit: its exit 7 is in the trace.
    assert.ok(a.trace.some((e) => e.kind === 'return' && e.exitCode === ExitCode.SYS_OUT_OF_GAS))

    // B: child limit not exceeded: the inner send and the event stay.
    const b = scenario(1n, 10_000_000n, false, false)
    assert.equal(b.receipt.exitCode, ExitCode.OK, b.failureInfo ?? '')
    assert.equal(b.receipt.eventsRoot?.toString(), EVENT_ROOT)
    assert.equal(t.balanceOf(dest), 10_110n)

    // C: no child limit.
    const c = scenario(2n, 0n, false, false)
    assert.equal(c.receipt.exitCode, ExitCode.OK, c.failureInfo ?? '')
    assert.equal(c.receipt.eventsRoot?.toString(), EVENT_ROOT)
    assert.equal(t.balanceOf(dest), 10_170n)
  }
})
