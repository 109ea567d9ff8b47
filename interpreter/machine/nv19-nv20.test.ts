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
import { asBytes, decodeCbor } from '../ipld/cbor.js'
import { addressToBytes, blsAddress, delegatedAddress, type Address } from '../types/address.js'
import { EAM_ACTOR_ID } from '../types/chain.js'
import type { Message } from '../types/message.js'
import type { NetworkVersion } from '../types/network-version.js'
import type { ActorCode } from '../../vectors/builder/state-builder.js'
import { BOB, bundleCode, FIL, fromAlice, receipts, runScenario, skipWithout, type Applied } from './real-bundles.fixture.js'

const skip = skipWithout(['v10', 'v11'])

const CAROL = blsAddress(new Uint8Array(48).fill(3))
/** An Ethereum-style address in the EAM's namespace that no actor holds yet: a send creates a placeholder. */
const PLACEHOLDER = delegatedAddress(EAM_ACTOR_ID, new Uint8Array(20).fill(0xee))

const message = (sequence: bigint, to: Address, method: bigint, value: bigint): Message => fromAlice(sequence, to, method, value)

/** Applies `messages` in order from Alice (f0100) to a state with Bob (f0101) and the bundle's code, at `nv`. */
function run(nv: NetworkVersion, code: ActorCode, messages: readonly Message[]): Applied[] {
  return runScenario(nv, code, messages, { context: { epoch: 3_000_000n, timestamp: 90_000_000n, baseFee: 100n, circulatingSupply: 0n, chainId: 314n } })
}

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
