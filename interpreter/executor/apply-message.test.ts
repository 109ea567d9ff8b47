import assert from 'node:assert/strict'
import { test } from 'node:test'
import { applyMessage, type ApplyOutcome } from './apply-message.js'
import { NV17 } from '../machine/network-rules.js'
import { machineFor } from '../kernel/syscalls/kernel-fixture.js'
import type { StateTree } from '../state/state-tree.js'
import { blsAddress, delegatedAddress, idAddress, newActorAddress, secp256k1AddressFromPayload, type Address } from '../types/address.js'
import type { Message } from '../types/message.js'
import { ExitCode } from '../types/exit-code.js'
import { buildState, syntheticCode, type ActorSpec } from '../../vectors/builder/state-builder.js'

const ALICE = blsAddress(new Uint8Array(48).fill(7))
const ACTORS: ActorSpec[] = [
  { id: 100n, code: 'account', balance: 10n ** 21n, address: ALICE },
  { id: 101n, code: 'account', balance: 0n },
  { id: 102n, code: 'storageminer', balance: 5n },
]


function message(over: Partial<Message>): Message {
  return {
    version: 0n, to: idAddress(101n), from: ALICE, sequence: 0n, value: 0n, gasLimit: 10_000_000n,
    gasFeeCap: 1000n, gasPremium: 10n, method: 0n, params: new Uint8Array(0), ...over,
  }
}

function apply(nv: number, over: Partial<Message>, actors = ACTORS): { before: StateTree; out: ApplyOutcome } {
  const { tree } = buildState(nv, actors)
  return { before: tree, out: applyMessage(machineFor(nv, tree), tree, message(over), 100) }
}

function totalBalance(tree: StateTree): bigint {
  let sum = 0n
  for (const [, a] of tree.entries()) sum += a.balance
  return sum
}

function applied(out: ApplyOutcome) {
  assert.equal(out.kind, 'applied', out.kind === 'applied' ? '' : out.kind === 'not-run' ? out.reason : out.message)
  return out as Extract<ApplyOutcome, { kind: 'applied' }>
}

/** nv17 (v2), nv18 (v3), and the v4 rows with each price list (WATERMELON 21, TEEP 25, the last 28). */
for (const nv of [17, 18, 21, 25, 28]) {
  test(`nv${nv}: a bare send moves the value, bumps the nonce and conserves the total balance`, () => {
    const { before, out } = apply(nv, { value: 12345n })
    const r = applied(out)
    assert.equal(r.receipt.exitCode, ExitCode.OK)
    assert.equal(r.tree.getActor(101n)?.balance, 12345n)
    assert.equal(r.tree.getActor(100n)?.sequence, 1n)
    assert.equal(totalBalance(r.tree), totalBalance(before))
    assert.ok(r.trace.some((e) => e.kind === 'gas' && e.name === 'OnChainMessage'))
  })

  test(`nv${nv}: a preflight rejection changes nothing and uses no gas`, () => {
    const { before, out } = apply(nv, { sequence: 5n })
    const r = applied(out)
    assert.equal(r.receipt.exitCode, ExitCode.SYS_SENDER_STATE_INVALID)
    assert.equal(r.receipt.gasUsed, 0n)
    assert.equal(r.tree, before)
  })

  test(`nv${nv}: insufficient funds reverts the transfer but keeps nonce and gas settlement`, () => {
    const { before, out } = apply(nv, { value: 10n ** 22n })
    const r = applied(out)
    assert.equal(r.receipt.exitCode, ExitCode.SYS_INSUFFICIENT_FUNDS)
    assert.equal(r.tree.getActor(101n)?.balance, 0n)
    assert.equal(r.tree.getActor(100n)?.sequence, 1n)
    assert.equal(totalBalance(r.tree), totalBalance(before))
    assert.ok((r.tree.getActor(99n)?.balance ?? 0n) > 0n, 'base fee burnt')
  })

  test(`nv${nv}: sending to an f2 address nobody has is SYS_INVALID_RECEIVER`, () => {
    const r = applied(apply(nv, { to: newActorAddress(new Uint8Array([1, 2, 3])), value: 1n }).out)
    assert.equal(r.receipt.exitCode, ExitCode.SYS_INVALID_RECEIVER)
  })

  test(`nv${nv}: running out of gas after the inclusion charge gives exit 7 with gas_used = gas_limit`, () => {
    // The inclusion cost for 100 bytes fits exactly; the send's first charge does not.
    const limit = nv === 17 ? 38863n + 1300n * 136n : 38863n + 475000n + 46800n + 130000n
    const { before, out } = apply(nv, { gasLimit: limit, value: 1n })
    const r = applied(out)
    assert.equal(r.receipt.exitCode, ExitCode.SYS_OUT_OF_GAS)
    assert.equal(r.receipt.gasUsed, limit)
    assert.equal(r.tree.getActor(101n)?.balance, 0n, 'transfer reverted')
    assert.equal(totalBalance(r.tree), totalBalance(before))
  })

  test(`nv${nv}: a method call reaches actor code and is reported as not run`, () => {
    const { out } = apply(nv, { to: idAddress(102n), method: 6n })
    assert.deepEqual(out, { kind: 'not-run', reason: 'needs actor code (storageminer method 6)' })
  })

  test(`nv${nv}: sending to an unknown key address auto-creates an account and runs its constructor`, () => {
    const { out } = apply(nv, { to: secp256k1AddressFromPayload(new Uint8Array(20).fill(9)) })
    assert.deepEqual(out, { kind: 'not-run', reason: 'needs actor code (account method 1)' })
  })

  test(`nv${nv}: a zero gas limit fails Message::check: no receipt`, () => {
    const { out } = apply(nv, { gasLimit: 0n })
    assert.equal(out.kind, 'error')
  })
}

test('nv17 and nv18 price a bare send differently (skyr vs hygge)', () => {
  const g17 = applied(apply(17, { value: 1n }).out).receipt.gasUsed
  const g18 = applied(apply(18, { value: 1n }).out).receipt.gasUsed
  // nv17: 38863 + 1300×(36+100) + 29233 + 27500 + 159672; nv18: 38863 + 475000 + 46800 + 1300×100 + 6000 + 475000
  assert.equal(g17, 38863n + 1300n * 136n + 29233n + 27500n + 159672n)
  assert.equal(g18, 38863n + 475000n + 46800n + 130000n + 6000n + 475000n)
})

test('nv18: a placeholder with an EAM f4 address may send, and becomes an ethaccount even though the send fails', () => {
  const f4 = delegatedAddress(10n, new Uint8Array(20).fill(3))
  const actors: ActorSpec[] = [...ACTORS, { id: 103n, code: 'placeholder', balance: 10n ** 20n, address: f4 }]
  const { tree } = buildState(18, actors)
  const withDelegated = tree.setActor(103n, { ...(tree.getActor(103n) as NonNullable<ReturnType<StateTree['getActor']>>), delegatedAddress: f4 })
  const out = applied(applyMessage(machineFor(18, withDelegated), withDelegated, message({ from: f4, value: 10n ** 21n }), 100))
  assert.equal(out.receipt.exitCode, ExitCode.SYS_INSUFFICIENT_FUNDS)
  assert.equal(out.tree.getActor(103n)?.code.toString(), syntheticCode('ethaccount').toString())
  // nv17 has no such rule: a placeholder is not a valid sender there.
  assert.equal(NV17.placeholderSenders, false)
})

test('nv18: a placeholder without an EAM address is not a valid sender', () => {
  const other: Address = delegatedAddress(32n, new Uint8Array(20).fill(3))
  const actors: ActorSpec[] = [...ACTORS, { id: 103n, code: 'placeholder', balance: 10n ** 20n, address: other }]
  const { tree } = buildState(18, actors)
  const r = applied(applyMessage(machineFor(18, tree), tree, message({ from: other }), 100))
  assert.equal(r.receipt.exitCode, ExitCode.SYS_SENDER_INVALID)
})

test('implicit messages (the system\'s own): no inclusion cost, no nonce or balance check, no settlement', () => {
  for (const nv of [17, 18, 21, 25]) {
    const { tree } = buildState(nv, ACTORS)
    const msg = message({ from: idAddress(0n), sequence: 42n, value: 0n, gasFeeCap: 0n })
    const implicit = applied(applyMessage(machineFor(nv, tree), tree, msg, 100, 'implicit'))
    assert.equal(implicit.receipt.exitCode, ExitCode.OK)
    // nv17 charges send_base 29233 for the send (method 0, no value); nv18 nothing (the receiver was pre-read).
    assert.equal(implicit.receipt.gasUsed, nv === 17 ? 29233n : 0n)
    assert.equal(implicit.gasOutputs, null)
    assert.equal(totalBalance(implicit.tree), totalBalance(tree))
    assert.equal(implicit.tree.getActor(0n)?.sequence, 0n, 'no nonce bump')
    // The same message sent explicitly fails preflight: the system actor is not an account.
    const explicit = applied(applyMessage(machineFor(nv, tree), tree, msg, 100))
    assert.equal(explicit.receipt.exitCode, ExitCode.SYS_SENDER_INVALID)
  }
})

test('exec.preflight-escrow: a message with a negative gas fee cap has no receipt, at every version', () => {
  // v4 (fvm_shared::state::ActorState::deduct_funds) refuses the negative escrow in preflight;
  // before v4 preflight credits it, and settlement then refuses the negative base-fee burn
  // (fee_cap × gas_used, gas_used ≥ the inclusion cost > 0). Either way execute_message is Err.
  for (const nv of [17, 18, 21, 25, 28]) {
    const { tree } = buildState(nv, ACTORS)
    const out = applyMessage(machineFor(nv, tree), tree, message({ gasFeeCap: -1n, gasPremium: 0n, gasLimit: 1_000_000n }), 100)
    assert.equal(out.kind, 'error', `nv${nv}`)
  }
})
