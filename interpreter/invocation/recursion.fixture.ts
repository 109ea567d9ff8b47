/**
 * A WAT actor that sends to itself (method 2, no params, no value) and returns 0 whatever the send
 * answered, so the recursion goes on until the call-depth limit refuses a send. Run on a large
 * stack (large-stack.ts): it nests 1024–1025 invocations.
 */
import { wat } from '../wasm/harness.js'
import { applyMessage } from '../executor/apply-message.js'
import { requireNetworkRules } from '../machine/network-rules.js'
import { loadManifest } from '../machine/manifest.js'
import { replayingExterns } from '../machine/externs.js'
import { blsAddress, idAddress } from '../types/address.js'
import { buildState } from '../../vectors/builder/state-builder.js'
import { Engine } from './engine.js'
import { createInvoker } from './container.js'

const SEND_SIGNATURE = { 17: '(param i32 i32 i32 i64 i32 i64 i64) (result i32)', 18: '(param i32 i32 i32 i64 i32 i64 i64 i64 i64) (result i32)' } as const
const EXTRA_ARGS = { 17: '', 18: 'i64.const -1 i64.const 0' } as const

export async function selfRecursion(nv: 17 | 18): Promise<{ exitCode: number; calls: number }> {
  // The actor's own address f0200 = 00 c8 01, at offset 100.
  const code = await wat(`(module
    (import "send" "send" (func $send ${SEND_SIGNATURE[nv]}))
    (memory (export "memory") 1)
    (data (i32.const 100) "\\00\\c8\\01")
    (func (export "invoke") (param i32) (result i32)
      i32.const 200 i32.const 100 i32.const 3 i64.const 2 i32.const 0 i64.const 0 i64.const 0 ${EXTRA_ARGS[nv]}
      call $send drop i32.const 0))`)
  const sender = blsAddress(new Uint8Array(48).fill(5))
  const { tree } = buildState(nv, [
    { id: 100n, code: 'account', balance: 10n ** 20n, address: sender },
    { id: 200n, code: 'testactor', balance: 0n },
  ], new Map([['testactor', code]]))
  const rules = requireNetworkRules(nv)
  const out = applyMessage(
    {
      rules,
      context: { epoch: 10n, timestamp: 300n, baseFee: 100n, circulatingSupply: 0n, chainId: 0n },
      manifest: loadManifest(tree, rules.requiredActors),
      tracing: true,
      externs: replayingExterns([]),
      invoker: createInvoker({ engine: new Engine({ cache: false }) }),
    },
    tree,
    { version: 0n, to: idAddress(200n), from: sender, sequence: 0n, value: 0n, gasLimit: 5_000_000_000n, gasFeeCap: 1000n, gasPremium: 1n, method: 2n, params: new Uint8Array(0) },
    100,
  )
  if (out.kind !== 'applied') throw new Error(out.kind === 'not-run' ? out.reason : out.message)
  return { exitCode: out.receipt.exitCode, calls: out.trace.filter((e) => e.kind === 'call').length }
}
