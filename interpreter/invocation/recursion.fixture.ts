/**
 * A WAT actor that sends to itself (method 2, no params, no value) and returns 0 whatever the send
 * answered, so the recursion goes on until the call-depth limit refuses a send. Run on a large
 * stack (large-stack.ts): it nests 1024–1025 invocations. With `childGasLimit` (releases with
 * nested gas limits) every send carries that gas limit, in whole gas.
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

export async function selfRecursion(nv: number, childGasLimit?: string): Promise<{ exitCode: number; calls: number; gasUsed: string }> {
  // The send of v2 has no gas limit and flags; v3 and v4 have both (-1: no limit).
  const nested = requireNetworkRules(nv).send.nestedGasLimits
  const signature = nested ? '(param i32 i32 i32 i64 i32 i64 i64 i64 i64) (result i32)' : '(param i32 i32 i32 i64 i32 i64 i64) (result i32)'
  const extraArgs = nested ? `i64.const ${childGasLimit ?? '-1'} i64.const 0` : ''
  // The actor's own address f0200 = 00 c8 01, at offset 100.
  const code = await wat(`(module
    (import "send" "send" (func $send ${signature}))
    (memory (export "memory") 1)
    (data (i32.const 100) "\\00\\c8\\01")
    (func (export "invoke") (param i32) (result i32)
      i32.const 200 i32.const 100 i32.const 3 i64.const 2 i32.const 0 i64.const 0 i64.const 0 ${extraArgs}
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
  return { exitCode: out.receipt.exitCode, calls: out.trace.filter((e) => e.kind === 'call').length, gasUsed: out.receipt.gasUsed.toString() }
}
