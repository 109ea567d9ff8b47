/**
 * The v4 send pipeline (`call.call-actor-v4`) and ref-fvm v4.8.2's integration tests that need no
 * actor code: `basic_send` (exact gas-charge sequences) and `placeholder_as_sender`.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isLeft } from 'fp-ts/lib/Either.js'
import { applyMessage, type ApplyOutcome } from '../executor/apply-message.js'
import { machineFor, kernelFor } from '../kernel/syscalls/kernel-fixture.js'
import { loadManifest } from '../machine/manifest.js'
import { requireNetworkRules, NV18, NV21 } from '../machine/network-rules.js'
import type { StateTree } from '../state/state-tree.js'
import { delegatedAddress, idAddress, secp256k1AddressFromPayload, type Address } from '../types/address.js'
import { EAM_ACTOR_ID } from '../types/chain.js'
import { ErrorNumber } from '../types/error-number.js'
import { ExitCode } from '../types/exit-code.js'
import type { Message } from '../types/message.js'
import { buildState, type ActorSpec } from '../../vectors/builder/state-builder.js'
import type { CallManagerState } from './call-manager.js'
import { SEND_V3 } from './send-v3.js'
import { SEND_V4 } from './send-v4.js'

const V4 = [21, 22, 23, 24, 25, 26, 27, 28] as const
const SENDER = secp256k1AddressFromPayload(new Uint8Array(20).fill(8))
/** `Address::new_delegated(10, b"foobar")`. */
const FOOBAR = delegatedAddress(EAM_ACTOR_ID, new TextEncoder().encode('foobar'))
const FIL = 10n ** 18n

type Applied = Extract<ApplyOutcome, { kind: 'applied' }>
function applied(out: ApplyOutcome): Applied {
  assert.equal(out.kind, 'applied', out.kind === 'applied' ? '' : out.kind === 'not-run' ? out.reason : out.message)
  return out as Applied
}

/** ref-fvm's tester: gas fee cap and premium 0, raw length 100 (`testing/integration/src/tester.rs`). */
function msg(from: Address, to: Address, sequence: bigint, value: bigint): Message {
  return { version: 0n, from, to, sequence, value, method: 0n, params: new Uint8Array(0), gasLimit: 1_000_000_000n, gasFeeCap: 0n, gasPremium: 0n }
}

/** The gas charges of a trace in whole gas (ref-fvm's `GasCharge` compares compute and other gas). */
function charges(r: Applied): [string, bigint, bigint][] {
  return r.trace.flatMap((e) => (e.kind === 'gas' ? [[e.name, e.compute / 1000n, e.other / 1000n] as [string, bigint, bigint]] : []))
}

function run(nv: number, tree: StateTree, messages: readonly Message[]): Applied[] {
  const out: Applied[] = []
  for (const m of messages) {
    const r = applied(applyMessage(machineFor(nv, tree), tree, m, 100))
    tree = r.tree
    out.push(r)
  }
  return out
}

// fvm@v4.8.2:testing/integration/tests/basic_send_test.rs L19–122. Values: WATERMELON_PRICES
// (gas/price_list.rs L84–110), unchanged in TEEP_PRICES: OnChainMessage(100) = compute 38 863,
// other 475 000 + 46 800 + 1 300 × 100; OnCreateActor(true) = 650 000 + 1 000 000 + 1 050 000;
// OnActorLookup 500 000; OnActorUpdate 475 000; OnValueTransfer compute 6 000.
const ON_CHAIN_MESSAGE: [string, bigint, bigint] = ['OnChainMessage', 38_863n, 651_800n]
const BASIC_SEND: readonly { to: Address; value: bigint; charges: [string, bigint, bigint][]; gasUsed: bigint }[] = [
  // 1: creates the placeholder at f4(10, "foobar").
  { to: FOOBAR, value: 0n, gasUsed: 4_365_663n, charges: [ON_CHAIN_MESSAGE, ['OnCreateActor', 0n, 2_700_000n], ['OnActorLookup', 0n, 500_000n], ['OnActorUpdate', 0n, 475_000n]] },
  // 2: the placeholder exists; the executor pre-resolved it (read) and method 0 runs no code.
  { to: FOOBAR, value: 0n, gasUsed: 690_663n, charges: [ON_CHAIN_MESSAGE] },
  // 3: a value transfer writes the receiver.
  { to: FOOBAR, value: 1n, gasUsed: 1_171_663n, charges: [ON_CHAIN_MESSAGE, ['OnValueTransfer', 6_000n, 0n], ['OnActorUpdate', 0n, 475_000n]] },
  // 4: to the EAM (f010), preloaded: no state-access charge.
  { to: idAddress(EAM_ACTOR_ID), value: 1n, gasUsed: 696_663n, charges: [ON_CHAIN_MESSAGE, ['OnValueTransfer', 6_000n, 0n]] },
]

test('basic_send (fvm@v4.8.2 basic_send_test.rs): exact gas-charge sequences at nv21–28', () => {
  for (const nv of V4) {
    const { tree } = buildState(nv, [
      { id: 100n, code: 'account', balance: 10_000n, address: SENDER },
      { id: EAM_ACTOR_ID, code: 'eam', balance: 0n },
    ])
    const out = run(nv, tree, BASIC_SEND.map((c, i) => msg(SENDER, c.to, BigInt(i), c.value)))
    for (const [i, c] of BASIC_SEND.entries()) {
      const r = out[i] as Applied
      assert.equal(r.receipt.exitCode, ExitCode.OK, `nv${nv} #${i + 1}: ${r.failureInfo ?? ''}`)
      assert.deepEqual(charges(r), c.charges, `nv${nv} #${i + 1}`)
      assert.equal(r.receipt.gasUsed, c.gasUsed, `nv${nv} #${i + 1}`)
    }
    // The placeholder: code, delegated address, and the two atto of value.
    const final = (out[3] as Applied).tree
    const id = final.lookupId(FOOBAR) as bigint
    const placeholder = final.getActor(id)
    const manifest = loadManifest(final, requireNetworkRules(nv).requiredActors)
    assert.ok(placeholder !== undefined && manifest.byName('placeholder')?.code.equals(placeholder.code))
    assert.deepEqual(placeholder?.delegatedAddress, FOOBAR)
    assert.equal(placeholder?.balance, 1n)
    assert.equal(final.getActor(EAM_ACTOR_ID)?.balance, 1n)
  }
})

test('placeholder_as_sender (fvm@v4.8.2 embryo_sender_test.rs): a placeholder with an EAM f4 address sends and becomes an ethaccount', () => {
  for (const nv of V4) {
    // The tester's `create_placeholder` (tester.rs L159–186): registered address, placeholder code,
    // state CBOR of 32 zero bytes, sequence 0, balance 100 FIL.
    const built = buildState(nv, [{ id: 100n, code: 'account', balance: 10_000n, address: SENDER }])
    const [id, registered] = built.tree.registerNewAddress(FOOBAR)
    const manifest = loadManifest(registered, requireNetworkRules(nv).requiredActors)
    const [head, stored] = registered.store.putCbor(new Uint8Array(32))
    const tree = registered.withStore(stored).setActor(id, {
      code: manifest.byName('placeholder')?.code ?? assert.fail('no placeholder'), head, sequence: 0n, balance: 100n * FIL, delegatedAddress: FOOBAR,
    })
    const [r] = run(nv, tree, [{ ...msg(FOOBAR, idAddress(100n), 0n, 20_000n) }]) as [Applied]
    assert.equal(r.receipt.exitCode, ExitCode.OK, r.failureInfo ?? '')
    assert.equal(r.tree.getActor(100n)?.balance, 30_000n)
    const sender = r.tree.getActor(id)
    assert.equal(sender?.balance, 100n * FIL - 20_000n)
    assert.equal(sender?.sequence, 1n)
    assert.ok(manifest.byName('ethaccount')?.code.equals(sender?.code ?? head), 'promoted to ethaccount')
  }
})

/** A call manager at `depth` over a state with f0100 (50 atto). */
function cmAt(nv: number, depth: number, actors: readonly ActorSpec[] = [{ id: 100n, code: 'account', balance: 50n }]): CallManagerState {
  return { ...kernelFor(nv, actors).cm, depth }
}

test('call.call-actor-v4: a failed depth check pops the pushed gas limit (v4) where v3 leaves it pushed', () => {
  const args = { from: 100n, to: idAddress(100n), method: 0n, params: null, value: 0n, readOnly: false, gasLimit: 1_000_000n }
  const at21 = cmAt(21, NV21.maxCallDepth)
  const v4 = SEND_V4.send(at21, args)
  assert.ok(isLeft(v4.result) && v4.result.left.kind === 'syscall' && v4.result.left.errno === ErrorNumber.LimitExceeded)
  assert.deepEqual(v4.state.gas, at21.gas, 'v4: the tracker is as before the call')
  assert.equal(v4.state.depth, at21.depth)

  const at18 = cmAt(18, NV18.maxCallDepth)
  const v3 = SEND_V3.send(at18, args)
  assert.ok(isLeft(v3.result) && v3.result.left.kind === 'syscall' && v3.result.left.errno === ErrorNumber.LimitExceeded)
  assert.equal(v3.state.gas.snapshots.length, 1, 'v3: the pushed limit stays')
  assert.equal(v3.state.gas.limit, 1_000_000n)
})

test('call.call-actor-v4: the depth check passes below 1024 (the top-level call runs at depth 1)', () => {
  const args = { from: 100n, to: idAddress(100n), method: 0n, params: null, value: 0n, readOnly: false }
  const r = SEND_V4.send(cmAt(21, NV21.maxCallDepth - 1), args)
  assert.ok(!isLeft(r.result) && r.result.right.exitCode === ExitCode.OK)
})

test('call.call-actor-v4: call_actor opens no transaction; the kernel\'s send and the executor\'s do (they revert an auto-created placeholder when the transfer fails)', () => {
  // Sending more than f0100 has to a new f4 address: the placeholder is created, then the transfer
  // fails with InsufficientFunds.
  const args = { from: 100n, to: FOOBAR, method: 0n, params: null, value: 1000n, readOnly: false }
  for (const nv of V4) {
    const s = cmAt(nv, 1)
    const bare = SEND_V4.send(s, args)
    assert.ok(isLeft(bare.result) && bare.result.left.kind === 'syscall' && bare.result.left.errno === ErrorNumber.InsufficientFunds)
    assert.notEqual(bare.state.tree.lookupId(FOOBAR), undefined, 'call_actor alone leaves the created placeholder')
    for (const wrapped of [SEND_V4.sendFromActor(s, args), SEND_V4.sendTopLevel(s, args)]) {
      assert.ok(isLeft(wrapped.result))
      assert.equal(wrapped.state.tree.lookupId(FOOBAR), undefined, 'the transaction reverted the placeholder')
      assert.deepEqual(wrapped.state.access, s.access, 'and the state-access tracker')
      assert.ok(wrapped.state.gas.used > s.gas.used, 'gas stays charged')
    }
  }
  // v3 opens it inside send.
  const s18 = cmAt(18, 1)
  assert.equal(SEND_V3.send(s18, args).state.tree.lookupId(FOOBAR), undefined)
})

test('call.call-actor-v4: an out-of-gas under the call\'s own limit is exit 7 for the caller, which keeps its own limit', () => {
  // The placeholder creation needs 2 700 000 gas; the call may use 1 000 gas.
  const s = cmAt(21, 1)
  const r = SEND_V4.sendFromActor(s, { from: 100n, to: FOOBAR, method: 0n, params: null, value: 0n, readOnly: false, gasLimit: 1_000_000n })
  assert.ok(!isLeft(r.result) && r.result.right.exitCode === ExitCode.SYS_OUT_OF_GAS)
  assert.equal(r.state.gas.snapshots.length, 0)
  assert.equal(r.state.gas.limit, s.gas.limit)
  assert.equal(r.state.gas.used, s.gas.used + 1_000_000n, 'the child used its whole limit')
  assert.equal(r.state.tree.lookupId(FOOBAR), undefined, 'and was reverted')
})

// ref-fvm's gaslimit_test and events_test are ported in interpreter/integration/ (gaslimit.test.ts,
// events.test.ts), with WAT actors of their own.
