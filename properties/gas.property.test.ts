/**
 * inv.gas (spec/invariants.md, proofs/gas.md):
 *
 * 1. gas_used ≤ gas_limit, and gas_used = round_up(Σ milligas of the trace's gas events): the
 *    trace records every charge (including wasm execution).
 * 2. The charges the rules prescribe are made: the first is OnChainMessage, and every syscall is
 *    followed at once by its 14 000-gas OnSyscall charge (gas.syscall, invocation.gas-sync).
 * 3. gasfuzz (after ref-fvm's): for every cumulative charge point C_j of the trace (milligas),
 *    with G_j = ⌈C_j / 1000⌉ re-running with gas limit G_j or G_j + 1 gets past charge j
 *    unchanged, and with G_j − 1 runs out of gas exactly at the first charge whose cumulative
 *    sum exceeds it: exit 7 with gas_used = the limit, the same charges before it, and only wasm
 *    synchronisation after it. A limit below the inclusion cost is a preflight failure: exit 7 with
 *    gas_used 0 and no trace. With the whole limit (G_n), the receipt is the same.
 *
 * Programs here use no nested gas limits (where an inner out-of-gas charges less than the charge
 * that failed, see proofs/gas.md). Shown to bite with drop-charge=OnSyscall (machine.faults).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { roundUp } from '../interpreter/gas/gas.js'
import type { Faults } from '../interpreter/machine/faults.js'
import { traceEventToJson, type TraceEvent } from '../interpreter/trace/trace.js'
import type { ActorInvoker } from '../interpreter/call-manager/invoke.js'
import {
  actorCode, arbProgram, buildWorld, checkProperty, describeFailure, freshInvoker, programSize, propertyConfig, runMessages, writeCounterexample,
  type Applied, type Nv, type Op,
} from './support/scripted.js'

const CODE = { 17: await actorCode(17), 18: await actorCode(18) } as const
const LIMIT = 3_000_000_000n

interface Case {
  readonly nv: Nv
  readonly program: readonly Op[]
  readonly value: number
}

const arbCase: fc.Arbitrary<Case> = fc.record({
  nv: fc.constantFrom<Nv>(17, 18),
  program: arbProgram({ maxOps: 4, maxDepth: 2 }),
  value: fc.integer({ min: 0, max: 1 }),
})

type GasEvent = Extract<TraceEvent, { kind: 'gas' }>
const gasEvents = (t: readonly TraceEvent[]): GasEvent[] => t.filter((e): e is GasEvent => e.kind === 'gas')
const amount = (e: GasEvent) => e.compute + e.other
const key = (e: GasEvent) => traceEventToJson(e)

function runWith(c: Case, gasLimit: bigint, invoker: ActorInvoker, faults?: Faults): Applied {
  const pre = buildWorld(c.nv, CODE[c.nv]).tree
  return runMessages(c.nv, pre, [{ program: c.program, value: c.value, gasLimit }], { invoker, ...(faults === undefined ? {} : { faults }) }).outcomes[0] as Applied
}

const stats = { points: 0, runs: 0 }

function gasHolds(faults?: Faults): (c: Case) => void {
  return (c) => {
    const invoker = freshInvoker()
    const full = runWith(c, LIMIT, invoker, faults)
    const trace = full.trace
    const events = gasEvents(trace)
    // 1. Bounds and completeness of the trace.
    assert.ok(full.receipt.gasUsed <= LIMIT, `gas_used ${full.receipt.gasUsed} > limit`)
    const cumulative: bigint[] = []
    let sum = 0n
    for (const e of events) cumulative.push((sum += amount(e)))
    assert.equal(roundUp(sum), full.receipt.gasUsed, 'gas_used ≠ round_up(Σ traced charges)')
    // 2. Prescribed charges.
    assert.equal(events[0]?.name, 'OnChainMessage', 'the first charge is the inclusion cost')
    trace.forEach((e, i) => {
      if (e.kind !== 'syscall') return
      const next = trace[i + 1]
      assert.ok(next?.kind === 'gas' && next.name === 'OnSyscall' && amount(next) === 14_000_000n, `syscall ${e.name} (event ${i}) is not followed by its OnSyscall charge`)
    })
    // 3. gasfuzz at every distinct cumulative point.
    const inclusion = roundUp(cumulative[0] ?? 0n)
    const points = [...new Set(cumulative.map((cm) => roundUp(cm)))]
    for (const g of points) {
      stats.points++
      const j = cumulative.findIndex((cm) => roundUp(cm) === g)
      // Past charge j with G_j and G_j + 1.
      for (const limit of [g, g + 1n]) {
        const r = runWith(c, limit, invoker, faults)
        stats.runs++
        assert.deepEqual(gasEvents(r.trace).slice(0, j + 1).map(key), events.slice(0, j + 1).map(key), `limit ${limit}: charges up to ${j} differ`)
        if (g === full.receipt.gasUsed) {
          assert.equal(r.receipt.exitCode, full.receipt.exitCode, `limit ${limit} = gas_used(+1): exit code`)
          assert.equal(r.receipt.gasUsed, full.receipt.gasUsed, `limit ${limit}: gas_used`)
        }
      }
      // Out of gas at the first charge beyond G_j − 1.
      const below = g - 1n
      const r = runWith(c, below, invoker, faults)
      stats.runs++
      assert.equal(r.receipt.exitCode, 7, `limit ${below}: exit ${r.receipt.exitCode}, expected out of gas`)
      if (below < inclusion) {
        assert.equal(r.receipt.gasUsed, 0n, 'a limit below the inclusion cost is a preflight failure with gas_used 0')
        assert.equal(r.trace.length, 0)
        continue
      }
      assert.equal(r.receipt.gasUsed, below, `limit ${below}: out of gas must use the whole limit`)
      const f = cumulative.findIndex((cm) => cm > below * 1000n)
      const got = gasEvents(r.trace)
      assert.deepEqual(got.slice(0, f).map(key), events.slice(0, f).map(key), `limit ${below}: charges before the failing one (${f})`)
      assert.equal(got[f]?.name, events[f]?.name, `limit ${below}: the failing charge is charge ${f} (${events[f]?.name})`)
      for (const e of got.slice(f + 1)) assert.equal(e.name, 'wasm_exec', `limit ${below}: charge ${e.name} after running out of gas`)
    }
  }
}

test('inv.gas: gas_used ≤ limit and = Σ charges; prescribed charges made; out of gas flips exactly at each charge point', () => {
  const cfg = propertyConfig('inv.gas', 40)
  const r = checkProperty(arbCase, gasHolds(), cfg)
  if (r.counterexample !== null) {
    const c = r.counterexample
    const pre = buildWorld(c.nv, CODE[c.nv]).tree
    const specs = [{ program: c.program, value: c.value, gasLimit: LIMIT }]
    const file = writeCounterexample({ property: 'gas', nv: c.nv, pre, specs, expected: runMessages(c.nv, pre, specs, { invoker: freshInvoker(), tracing: false }), note: 'a gas property failed; the expected receipt is what this interpreter computes (check it by hand)' })
    assert.fail(`${describeFailure(r)}\ncounterexample vector: ${file}`)
  }
  process.stdout.write(`inv.gas checked ${stats.points} charge points with ${stats.runs} re-runs\n`)
})

test('inv.gas bites: with drop-charge=OnSyscall the property fails and shrinks', () => {
  const cfg = propertyConfig('inv.gas (drop-charge=OnSyscall)', 50)
  const r = checkProperty(arbCase, gasHolds({ dropCharge: 'OnSyscall' }), cfg)
  assert.ok(r.details.failed, 'the property did not detect a dropped charge')
  const c = r.counterexample as Case
  process.stdout.write(`inv.gas found drop-charge=OnSyscall: ${describeFailure(r)}; shrunk to ${programSize(c.program)} op(s)\n`)
  assert.ok(programSize(c.program) <= 2, 'the shrunk counterexample is small')
})
