/**
 * Port of ref-fvm's `test_gasfuzz` (fvm@v4.8.2:testing/integration/tests/gasfuzz.rs L16–120) with
 * the real EAM and EVM actors: create a contract through the EAM, invoke it once with a 12 000 000
 * gas limit and tracing (exit 7), take the cumulative milligas after each charge of that trace,
 * and invoke it again at every charge point but the first with ⌊(c − 500)/1000⌋ and ⌊(c + 500)/1000⌋
 * gas: each run must end with SYS_OUT_OF_GAS (7) — a contract that never ends may run out of gas
 * at any limit, never do anything else.
 *
 * The contract is ours (ref-fvm's `tools/contracts/gas-stress/recursive.bin` is not copied), with
 * the same behaviour as its `recursive_body.eas`: while more than 10 000 000 gas is left, CALL
 * itself with all of it (and loop back when the call returns); then count forever. Runtime code:
 *
 *   00 JUMPDEST                      ; main
 *   01 PUSH4 10000000, GAS, GT       ; gas > 10 000 000 ?
 *   08 PUSH1 0x14, JUMPI             ; → recurse
 *   0b PUSH1 0                       ; the counter
 *   0d JUMPDEST, PUSH1 1, ADD, PUSH1 0x0d, JUMP   ; count forever
 *   14 JUMPDEST                      ; recurse
 *   15 PUSH1 0 ×5, ADDRESS, GAS, CALL, POP        ; CALL(all gas, self, 0 value, no input, no output)
 *   23 PUSH1 0, JUMP                 ; → main
 *
 * and the init code copies it to memory and returns it. The figures differ from ref-fvm's (its
 * bundle is a master build of builtin-actors registered at nv21); the property does not depend on
 * them. Here: nv21 with actors v17 (the release ref-fvm's build is closest to) and nv25 with v16.
 * Runs only when FVM_SPEC_BUNDLES names a folder with v16- and v17-builtin-actors-mainnet.car.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { asArray, decodeCbor, encodeCbor } from '../ipld/cbor.js'
import { idAddress } from '../types/address.js'
import { EAM_ACTOR_ID } from '../types/chain.js'
import { ExitCode } from '../types/exit-code.js'
import { fromHex } from '../util/bytes.js'
import { readBundle } from '../wasm/bundle.js'
import type { ActorCode } from '../../vectors/builder/state-builder.js'
import { Tester, type Applied } from './tester.js'

const dir = process.env['FVM_SPEC_BUNDLES']
const carOf = (tag: string) => (dir === undefined ? '' : join(dir, `${tag}-builtin-actors-mainnet.car`))
const skip = dir === undefined ? 'FVM_SPEC_BUNDLES is not set (needs v16- and v17-builtin-actors-mainnet.car)' : ['v16', 'v17'].find((t) => !existsSync(carOf(t))) ?? false

const RUNTIME = fromHex(['5b', '6300989680', '5a', '11', '6014', '57', '6000', '5b', '6001', '01', '600d', '56', '5b', '6000'.repeat(5), '30', '5a', 'f1', '50', '6000', '56'].join(''))
const INIT = Uint8Array.from([0x60, RUNTIME.length, 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, RUNTIME.length, 0x60, 0x00, 0xf3, ...RUNTIME])
/** EAM `CreateExternal` (builtin-actors actors/eam/src/lib.rs). */
const CREATE_EXTERNAL = 4n
/** EVM `InvokeContract` (FRC-42 method number of "InvokeEVM"). */
const INVOKE_CONTRACT = 3_844_450_837n

function bundleCode(tag: string): ActorCode {
  return new Map(readBundle(new Uint8Array(readFileSync(carOf(tag)))).map((a) => [a.name, a.code]))
}

/** A tester with the contract created (as ref-fvm's `create_contract`); returns it and the contract's ID. */
function withContract(nv: number, code: ActorCode): { t: Tester; contract: bigint } {
  const t = new Tester(nv, { code, balance: 10n ** 24n })
  const params = encodeCbor(INIT)
  const r = t.execute(t.message({ to: idAddress(EAM_ACTOR_ID), method: CREATE_EXTERNAL, sequence: 0n, gasLimit: 10_000_000_000n, params }), params.length)
  assert.equal(r.receipt.exitCode, ExitCode.OK, r.failureInfo ?? '')
  // CreateExternalReturn = [actor_id, robust_address, eth_address]
  return { t, contract: asArray(decodeCbor(r.receipt.returnData), 'CreateExternalReturn')[0] as bigint }
}

function invoke(t: Tester, contract: bigint, gasLimit: bigint): Applied {
  const params = encodeCbor(new Uint8Array(0))
  const tree = t.tree
  const r = t.execute(t.message({ to: idAddress(contract), method: INVOKE_CONTRACT, sequence: 1n, gasLimit, params }), params.length)
  t.tree = tree // every invocation from the state right after the creation
  return r
}

test('gasfuzz (gasfuzz.rs L16–120) with the real EVM: at every charge point ± half a gas the never-ending contract runs out of gas (7)', { skip }, (ctx) => {
  for (const [nv, tag] of [[21, 'v17'], [25, 'v16']] as const) {
    const { t, contract } = withContract(nv, bundleCode(tag))
    const traced = invoke(t, contract, 12_000_000n)
    assert.equal(traced.receipt.exitCode, ExitCode.SYS_OUT_OF_GAS, traced.failureInfo ?? '')
    // It recursed once: two calls of the contract.
    // It recursed once: the contract, then the contract again through its own f410 address (CALL to ADDRESS), which ran out of gas under the CALL's limit.
    const calls = traced.trace.filter((e) => e.kind === 'call')
    assert.deepEqual(calls.map((e) => e.kind === 'call' && e.method), [INVOKE_CONTRACT, INVOKE_CONTRACT])
    assert.ok(traced.trace.some((e) => e.kind === 'return' && e.exitCode === ExitCode.SYS_OUT_OF_GAS))
    const points: bigint[] = []
    let sum = 0n
    for (const e of traced.trace) if (e.kind === 'gas') points.push((sum += e.compute + e.other))
    ctx.diagnostic(`nv${nv} (actors ${tag}): ${points.length} charge points, ${2 * (points.length - 1)} runs`)
    for (const c of points.slice(1)) {
      for (const limit of [(c - 500n) / 1000n, (c + 500n) / 1000n]) {
        const r = invoke(t, contract, limit)
        assert.equal(r.receipt.exitCode, ExitCode.SYS_OUT_OF_GAS, `nv${nv} limit ${limit}: ${r.failureInfo ?? ''}`)
        assert.equal(r.receipt.gasUsed, limit, `nv${nv} limit ${limit}`)
      }
    }
  }
})
