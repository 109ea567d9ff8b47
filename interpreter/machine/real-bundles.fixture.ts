/**
 * Test support for runs with the real built-in actor bundles (not part of the interpreter): where
 * the bundles are, a skip reason when they are not there, and a scenario runner — a state built
 * from scratch (vectors/builder/state-builder.ts) with Alice (f0100, 1000 FIL) and Bob (f0101)
 * holding the bundle's code, and messages applied in order.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { applyMessage, type ApplyOutcome } from '../executor/apply-message.js'
import { blsAddress, type Address } from '../types/address.js'
import { encodeMessage, type Message } from '../types/message.js'
import type { NetworkVersion } from '../types/network-version.js'
import { readBundle } from '../wasm/bundle.js'
import { buildState, type ActorCode } from '../../vectors/builder/state-builder.js'
import { bundleMachine } from '../../vectors/test-bundle/machine.js'
import type { MachineContext } from './machine.js'

const dir = process.env.FVM_SPEC_BUNDLES

/** The path of `<tag>-builtin-actors-mainnet.car` in $FVM_SPEC_BUNDLES, if set. */
export function carOf(tag: string): string | undefined {
  return dir === undefined ? undefined : join(dir, `${tag}-builtin-actors-mainnet.car`)
}

/** Why tests needing the bundles `tags` (e.g. 'v10') must skip, or false when all are there. */
export function skipWithout(tags: readonly string[]): string | false {
  if (dir === undefined) return `FVM_SPEC_BUNDLES is not set (point it at a folder with ${tags.map((t) => `${t}-`).join(', ')}builtin-actors-mainnet.car)`
  const missing = tags.map(carOf).find((f) => f === undefined || !existsSync(f))
  return missing !== undefined ? `${missing} does not exist` : false
}

/** The bundle's actor code by name. */
export function bundleCode(tag: string): ActorCode {
  return new Map(readBundle(new Uint8Array(readFileSync(carOf(tag) as string))).map((a) => [a.name, a.code]))
}

export const ALICE = blsAddress(new Uint8Array(48).fill(1))
export const BOB = blsAddress(new Uint8Array(48).fill(2))
export const FIL = 10n ** 18n

/** A message from Alice (gas fee cap 1000, premium 100). */
export const fromAlice = (sequence: bigint, to: Address, method: bigint, value: bigint, params: Uint8Array = new Uint8Array(0), gasLimit = 100_000_000n): Message => ({
  version: 0n, from: ALICE, to, sequence, value, method, params, gasLimit, gasFeeCap: 1000n, gasPremium: 100n,
})

export type Applied = Extract<ApplyOutcome, { kind: 'applied' }>

/** Applies `messages` in order to a state with Alice (f0100), Bob (f0101) and the bundle's code, at `nv`. */
export function runScenario(nv: NetworkVersion, code: ActorCode, messages: readonly Message[], opts: { context: MachineContext; tracing?: boolean }): Applied[] {
  let { tree } = buildState(nv, [
    { id: 100n, code: 'account', balance: 1000n * FIL, address: ALICE },
    { id: 101n, code: 'account', balance: 0n, address: BOB },
  ], code)
  // A machine with the Invocation Container (the test bundle's helper: it runs whatever code the state holds).
  const m = bundleMachine(nv, tree, opts)
  return messages.map((msg) => {
    const out = applyMessage(m, tree, msg, encodeMessage(msg, m.rules.messageCodec).length)
    assert.equal(out.kind, 'applied', out.kind === 'applied' ? '' : JSON.stringify(out))
    const applied = out as Applied
    tree = applied.tree
    return applied
  })
}

/** Exit code, gas used and return data (hex) of each message. */
export const receipts = (xs: readonly Applied[]) => xs.map((x) => ({ exitCode: x.receipt.exitCode, gasUsed: x.receipt.gasUsed, returnData: Buffer.from(x.receipt.returnData).toString('hex') }))
