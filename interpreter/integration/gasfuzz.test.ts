/**
 * `gasfuzz`-style checks over fvm-spec's own traces (after ref-fvm's `test_gasfuzz`,
 * fvm@v4.8.2:testing/integration/tests/gasfuzz.rs L16–120): run a message once with tracing,
 * take the cumulative gas (milligas) after every charge, c₁ … cₙ, and run it again with a gas
 * limit at each point: ⌊(cᵢ − 500)/1000⌋ (half a gas below) and ⌊(cᵢ + 500)/1000⌋ (half a gas
 * above), as ref-fvm's test does. ref-fvm's contract never ends, so it only asserts exit 7 for
 * both. Ours end, so the checks are sharper — for a limit L:
 *
 * - the message runs out of gas (exit 7, gas used = L) exactly at the first charge j with
 *   cⱼ > 1000·L, having made the same charges before it as the unlimited run (same names and
 *   amounts), or ends as the unlimited run did when no charge passes L;
 * - so half a gas below cᵢ it runs out at charge i (or earlier, when charge i is under one gas),
 *   and half a gas above it gets past charge i — unless cᵢ lies more than half a gas into a whole
 *   gas (limits are whole gas: then ⌊(cᵢ + 500)/1000⌋·1000 < cᵢ still).
 *
 * The message is a program of the test bundle's scripted actor at nv21 and nv25 that makes
 * v4's charges (FIP-0071 link scans and link tracking, FIP-0072 events, FIP-0075 lookback
 * randomness, nested sends, one under a gas limit of its own) next to the plain ones.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { encodeCbor, type Ipld } from '../ipld/cbor.js'
import { dagCborCid } from '../ipld/cid.js'
import { idAddress } from '../types/address.js'
import { ExitCode } from '../types/exit-code.js'
import type { TraceEvent } from '../trace/trace.js'
import { testBundle } from '../../vectors/test-bundle/bundle.js'
import * as P from '../../vectors/test-bundle/program.js'
import { Tester, type Applied } from './tester.js'

const A = 10_000n
const B = 10_001n
type Charge = Extract<TraceEvent, { kind: 'gas' }>

function program(nv: number): Uint8Array {
  const data = encodeCbor(['fuzz', 1n])
  const linked = dagCborCid(data)
  return P.program(
    P.stateRead(),
    P.blockCreate(P.Codec.DAG_CBOR, data),
    P.blockLink(),
    P.blockCreate(P.Codec.DAG_CBOR, encodeCbor([linked as Ipld, 2n])),
    P.blockLink(),
    P.blockOpen(),
    P.emitEntries([{ flags: 3, key: 'k', codec: 0x55, value: Uint8Array.of(1, 2, 3) }]),
    P.randomness('chain', 0n, 0n),
    P.sendProgram(nv, { to: idAddress(B), method: 2n, value: 1n }, P.program(P.blockOpen(linked.bytes), P.stateWrite(encodeCbor([linked as Ipld]))), [linked]),
    P.sendProgram(nv, { to: idAddress(B), method: 2n, gasLimit: 3_000_000n }, P.program(P.burn(100), P.emitEntries([]))),
    P.stateWrite(encodeCbor(['done'])),
  )
}

function tester(nv: number): Tester {
  const scripted = testBundle(nv).code.get('scripted') as Uint8Array
  return new Tester(nv, {
    actors: [
      { id: A, wasm: scripted, state: [], balance: 1000n },
      { id: B, wasm: scripted, state: [], balance: 0n },
    ],
  })
}

function run(nv: number, gasLimit: bigint): Applied {
  const t = tester(nv)
  return t.execute(t.message({ to: idAddress(A), method: 2n, sequence: 0n, gasLimit, params: P.params(program(nv)) }))
}

const charges = (r: Applied): Charge[] => r.trace.filter((e): e is Charge => e.kind === 'gas')

test('gasfuzz over fvm-spec traces: half a gas below each cumulative charge runs out there, half a gas above gets past it', (t) => {
  for (const nv of [21, 25]) {
    const full = run(nv, 1_000_000_000n)
    assert.equal(full.receipt.exitCode, ExitCode.OK, full.failureInfo ?? '')
    const cs = charges(full)
    const cumulative: bigint[] = []
    let sum = 0n
    for (const c of cs) cumulative.push((sum += c.compute + c.other))
    assert.ok(cs.length > 60, `${cs.length} charges`)
    t.diagnostic(`nv${nv}: ${cs.length} charges, gas used ${full.receipt.gasUsed}; ${2 * (cs.length - 1)} runs`)
    // The trace sums to the gas used (rounded up to whole gas).
    assert.equal((sum + 999n) / 1000n, full.receipt.gasUsed)
    for (const name of ['OnScanIpldLinks', 'OnBlockOpen', 'OnActorEvent', 'OnGetRandomness', 'OnReturnValue', 'OnActorGetRoot', 'OnMethodInvocation']) {
      assert.ok(cs.some((c) => c.name === name), `the program charges ${name}`)
    }

    /** Checks a run with limit L against the unlimited run; returns the index of the charge it ran out at (or cs.length). */
    const check = (limit: bigint): number => {
      const first = cumulative.findIndex((c) => c > 1000n * limit)
      const r = run(nv, limit)
      const got = charges(r)
      if (first === -1) {
        assert.deepEqual([r.receipt.exitCode, r.receipt.gasUsed], [full.receipt.exitCode, full.receipt.gasUsed], `limit ${limit}`)
        return cs.length
      }
      assert.equal(r.receipt.exitCode, ExitCode.SYS_OUT_OF_GAS, `nv${nv} limit ${limit}: ${r.failureInfo ?? ''}`)
      assert.equal(r.receipt.gasUsed, limit, `nv${nv} limit ${limit}`)
      assert.deepEqual(got.slice(0, first), cs.slice(0, first), `nv${nv} limit ${limit}: the charges before charge ${first} (${cs[first]?.name})`)
      // The charge that does not fit is the same one (recorded, as ref-fvm's tracker records every
      // charge it applies, `gas/mod.rs` L221–232); what follows it are attempts that fail too
      // (the container's last `charge_for_exec`, `call_manager/default.rs` L794).
      assert.equal(got[first]?.name, cs[first]?.name, `nv${nv} limit ${limit}: the charge it runs out at`)
      return first
    }

    // Every charge point but the first (below the inclusion cost the message is not run, as in ref-fvm's test).
    for (const [i, c] of cumulative.entries()) {
      if (i === 0 || c < 500n) continue
      const lo = check((c - 500n) / 1000n)
      assert.ok(lo <= i, `nv${nv}: half a gas below charge ${i} (${cs[i]?.name}) it runs out at ${lo}`)
      // Whole gas: ⌊(cᵢ + 500)/1000⌋ gas reaches cᵢ unless cᵢ has more than half a gas of milligas.
      const hiLimit = (c + 500n) / 1000n
      const hi = check(hiLimit)
      if (1000n * hiLimit >= c) assert.ok(hi > i, `nv${nv}: half a gas above charge ${i} (${cs[i]?.name}) it gets past it (ran out at ${hi})`)
      else assert.ok(hi <= i, `nv${nv}: charge ${i} (${cs[i]?.name}) ends ${c % 1000n} milligas into a gas`)
    }
  }
})
