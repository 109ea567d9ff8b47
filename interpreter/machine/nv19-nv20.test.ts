/**
 * nv19 (Lightning) and nv20 (Thunder) end to end with the real built-in actors v11: a small state
 * built from scratch (vectors/builder/state-builder.ts) holding the bundle's code, and messages
 * that run real actor code. The mainnet corpus has no nv19/nv20 vectors, so this is the evidence
 * that their rows run: exit codes and return values as the actors define them, and gas equal to
 * nv18's wherever the code run is the same (the placeholder actor is byte-identical in v10 and
 * v11; nv18 with the v11 code is the same machine as nv19/nv20, whose rows differ from nv18's only
 * in the version number `network.context` reports).
 *
 * Runs only when FVM_SPEC_BUNDLES names a folder holding v10- and v11-builtin-actors-mainnet.car.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { applyMessage, type ApplyOutcome } from '../executor/apply-message.js'
import { asBytes, decodeCbor } from '../ipld/cbor.js'
import { addressToBytes, blsAddress, delegatedAddress, type Address } from '../types/address.js'
import { EAM_ACTOR_ID } from '../types/chain.js'
import { encodeMessage, type Message } from '../types/message.js'
import type { NetworkVersion } from '../types/network-version.js'
import { readBundle } from '../wasm/bundle.js'
import { buildState, type ActorCode } from '../../vectors/builder/state-builder.js'
import { bundleMachine } from '../../vectors/test-bundle/machine.js'

const dir = process.env.FVM_SPEC_BUNDLES
const carOf = (tag: string): string | undefined => (dir === undefined ? undefined : join(dir, `${tag}-builtin-actors-mainnet.car`))
const missing = ['v10', 'v11'].map(carOf).find((f) => f === undefined || !existsSync(f))
const skip = dir === undefined
  ? 'FVM_SPEC_BUNDLES is not set (point it at a folder with v10-/v11-builtin-actors-mainnet.car)'
  : missing !== undefined ? `${missing} does not exist` : false

function bundleCode(tag: string): ActorCode {
  return new Map(readBundle(new Uint8Array(readFileSync(carOf(tag) as string))).map((a) => [a.name, a.code]))
}

const ALICE = blsAddress(new Uint8Array(48).fill(1))
const BOB = blsAddress(new Uint8Array(48).fill(2))
const CAROL = blsAddress(new Uint8Array(48).fill(3))
/** An Ethereum-style address in the EAM's namespace that no actor holds yet: a send creates a placeholder. */
const PLACEHOLDER = delegatedAddress(EAM_ACTOR_ID, new Uint8Array(20).fill(0xee))
const FIL = 10n ** 18n

const message = (sequence: bigint, to: Address, method: bigint, value: bigint): Message => ({
  version: 0n, from: ALICE, to, sequence, value, method, params: new Uint8Array(0),
  gasLimit: 100_000_000n, gasFeeCap: 1000n, gasPremium: 100n,
})

type Applied = Extract<ApplyOutcome, { kind: 'applied' }>

/** Applies `messages` in order from Alice (f0100) to a state with Bob (f0101) and the bundle's code, at `nv`. */
function run(nv: NetworkVersion, code: ActorCode, messages: readonly Message[]): Applied[] {
  let { tree } = buildState(nv, [
    { id: 100n, code: 'account', balance: 1000n * FIL, address: ALICE },
    { id: 101n, code: 'account', balance: 0n, address: BOB },
  ], code)
  // A machine with the Invocation Container (the test bundle's helper: it runs whatever code the state holds).
  const m = bundleMachine(nv, tree, { context: { epoch: 3_000_000n, timestamp: 90_000_000n, baseFee: 100n, circulatingSupply: 0n, chainId: 314n } })
  return messages.map((msg) => {
    const out = applyMessage(m, tree, msg, encodeMessage(msg, m.rules.messageCodec).length)
    assert.equal(out.kind, 'applied', out.kind === 'applied' ? '' : JSON.stringify(out))
    const applied = out as Applied
    tree = applied.tree
    return applied
  })
}

const receipts = (xs: readonly Applied[]) => xs.map((x) => ({ exitCode: x.receipt.exitCode, gasUsed: x.receipt.gasUsed, returnData: Buffer.from(x.receipt.returnData).toString('hex') }))

/** A value send to an account, Bob's `PubkeyAddress` (account actor method 2), a send that creates an account (its constructor runs), one that creates a placeholder and calls it. */
const SCENARIO: readonly Message[] = [
  message(0n, BOB, 0n, 5n * FIL),
  message(1n, BOB, 2n, 0n),
  message(2n, CAROL, 0n, 1n * FIL),
  message(3n, PLACEHOLDER, 2n, 1n),
]

test('nv19 and nv20 with actors v11: real actor code runs, with the results the actors define', { skip }, () => {
  const v11 = bundleCode('v11')
  for (const nv of [19, 20]) {
    const out = run(nv, v11, SCENARIO)
    for (const [i, a] of out.entries()) {
      assert.equal(a.receipt.exitCode, 0, `nv${nv} message ${i}: ${a.failureInfo ?? ''}`)
      assert.ok(a.receipt.gasUsed > 0n && a.receipt.gasUsed < SCENARIO[i]!.gasLimit, `nv${nv} message ${i}: gas ${a.receipt.gasUsed}`)
      assert.equal(a.receipt.eventsRoot, null)
    }
    // PubkeyAddress returns Bob's key address (`PubkeyAddressReturn` is serde-transparent:
    // builtin-actors v11.0.0 actors/account/src/types.rs L11–15).
    assert.deepEqual(asBytes(decodeCbor(out[1]!.receipt.returnData), 'PubkeyAddressReturn'), addressToBytes(BOB))
    // The method call ran actor code: it cost more than the plain send.
    assert.ok(out[1]!.receipt.gasUsed > out[0]!.receipt.gasUsed)
  }
})

test('nv19 and nv20 with actors v11: the same receipts as nv18 running the same code', { skip }, () => {
  const v11 = bundleCode('v11')
  const at18 = receipts(run(18, v11, SCENARIO))
  assert.deepEqual(receipts(run(19, v11, SCENARIO)), at18)
  assert.deepEqual(receipts(run(20, v11, SCENARIO)), at18)
})

test('nv19 with actors v11 and nv18 with actors v10 charge the same gas where the code run is the same', { skip }, () => {
  // A plain send runs no actor code; the placeholder actor's code is the same in v10 and v11.
  const plain = [message(0n, BOB, 0n, 5n * FIL)]
  const placeholder = [message(0n, PLACEHOLDER, 2n, 1n)]
  const v10 = bundleCode('v10')
  const v11 = bundleCode('v11')
  assert.deepEqual(receipts(run(19, v11, plain)), receipts(run(18, v10, plain)))
  const [at19] = receipts(run(19, v11, placeholder))
  const [at18] = receipts(run(18, v10, placeholder))
  assert.deepEqual(at19, at18)
  assert.equal(at19?.exitCode, 0)
})
