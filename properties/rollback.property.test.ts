/**
 * inv.rollback (spec/invariants.md, proofs/rollback.md): a call that fails — an abort, a trap,
 * out of gas inside a nested limit, a send error, any non-zero exit — leaves the state tree (actors
 * and the init actor's address map), the events and the nv18 state-access tracker as if it had
 * not been made, apart from the gas it used; and a message that fails changes only the sender's
 * nonce and the gas settlement.
 *
 * "As if it had not been made" is checked differentially: the program is run again with the op
 * that made the failing call replaced by a no-op of the same size, and the two runs must agree on every actor (except the balances
 * gas settlement pays), on the receipt's exit code, return data and events root, and on every
 * trace event after the call apart from wasm execution gas. The tracker is observable only through
 * the charges it saves, so a tracker that kept the failed call's accesses shows up as missing
 * OnActorLookup/OnActorUpdate charges after the call.
 *
 * Shown to bite with the skip-rollback fault (machine.faults).
 */
import assert from 'node:assert/strict'
import { tmpdir } from 'node:os'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import fc from 'fast-check'
import type { Faults } from '../interpreter/machine/faults.js'
import { traceEventToJson, type TraceEvent } from '../interpreter/trace/trace.js'
import { runVectorText } from '../vectors/run-vector.js'
import {
  ALICE_ID, actorCode, arbProgram, buildWorld, callForest, checkProperty, describeFailure, freshInvoker, issuedSends, programSize,
  propertyConfig, runMessages, SETTLEMENT_ACTORS, stateDiff, neutralised, writeCounterexample, type Applied, type MessageSpec, type Nv, type Op, type TracedCall,
} from './support/scripted.js'

const CODE = { 17: await actorCode(17), 18: await actorCode(18) } as const

interface Case {
  readonly nv: Nv
  readonly program: readonly Op[]
  readonly value: number
}

const arbCase: fc.Arbitrary<Case> = fc.record({
  nv: fc.constantFrom<Nv>(17, 18),
  program: arbProgram({ nestedLimits: true, destruct: true, maxOps: 6 }),
  value: fc.integer({ min: 0, max: 2 }),
})

function run(c: Case, program: readonly Op[], faults?: Faults): { pre: ReturnType<typeof buildWorld>; out: Applied } {
  const pre = buildWorld(c.nv, CODE[c.nv])
  const spec: MessageSpec = { program, value: c.value }
  const { outcomes } = runMessages(c.nv, pre.tree, [spec], { invoker: freshInvoker(), ...(faults === undefined ? {} : { faults }) })
  return { pre, out: outcomes[0] as Applied }
}

const lines = (t: readonly TraceEvent[]) => t.filter((e) => !(e.kind === 'gas' && e.name === 'wasm_exec')).map(traceEventToJson)

/** Where a SEND op's events begin: its block_create syscall (when it has params), else its send syscall. */
function opStartIndex(trace: readonly TraceEvent[], callStart: number, hasParams: boolean): number {
  let i = callStart
  for (let syscalls = hasParams ? 2 : 1; syscalls > 0; syscalls--) {
    do i--
    while (i >= 0 && trace[i]?.kind !== 'syscall')
  }
  return i
}

/** How many failed messages and failed calls the property checked (reported, so a reader sees it is not vacuous). */
const seen = { failedMessages: 0, failedCalls: 0 }

/**
 * The property. `events: false` leaves out the events-root checks: a test vector's receipts carry
 * no events root (the standard schema has exit code, return and gas), so a counterexample that a
 * vector must replay has to leave state or receipts behind.
 */
function rollsBack(faults?: Faults, opts: { readonly events?: boolean } = {}): (c: Case) => void {
  const events = opts.events !== false
  return (c) => {
    const { pre, out } = run(c, c.program, faults)
    // 1. A failed message changes only the sender's nonce and the gas settlement.
    if (out.receipt.exitCode !== 0) {
      seen.failedMessages++
      const g = out.gasOutputs
      assert.ok(g !== null, 'a message past preflight has gas outputs')
      const paid = g.baseFeeBurn + g.overEstimationBurn + g.minerTip
      const expected = pre.tree
        .mutateActor(ALICE_ID, (a) => ({ ...a, sequence: a.sequence + 1n, balance: a.balance - paid }))
        ?.mutateActor(99n, (a) => ({ ...a, balance: a.balance + g.baseFeeBurn + g.overEstimationBurn }))
        ?.mutateActor(2n, (a) => ({ ...a, balance: a.balance + g.minerTip }))
      assert.ok(expected !== undefined)
      assert.deepEqual(stateDiff(out.tree, expected), [], `failed message (exit ${out.receipt.exitCode}) changed more than nonce and settlement`)
      if (events) assert.equal(out.receipt.eventsRoot, null, 'a failed message has no events')
    }
    // 2. Each failing call made by the top-level program is as if it had not been made.
    const top = callForest(out.trace)[0]
    assert.ok(top !== undefined, 'the top-level call is traced')
    for (const { op, child } of issuedSends(c.nv, c.program)) {
      const o = c.program[op] as Extract<Op, { op: 'send' }>
      const call: TracedCall | undefined = top.children[child]
      assert.ok(call !== undefined, `op ${op} made call ${child}`)
      if (call.exitCode === 0 || o.abortOnFailure) continue
      seen.failedCalls++
      const { out: alt } = run(c, neutralised(c.program, op), faults)
      const diffs = stateDiff(out.tree, alt.tree, SETTLEMENT_ACTORS)
      assert.deepEqual(diffs, [], `op ${op}: the failed call (${call.exitCode === null ? 'send error' : `exit ${call.exitCode}`}) left state behind`)
      assert.equal(out.receipt.exitCode, alt.receipt.exitCode, `op ${op}: exit code`)
      assert.deepEqual(out.receipt.returnData, alt.receipt.returnData, `op ${op}: return data`)
      if (events) assert.equal(String(out.receipt.eventsRoot), String(alt.receipt.eventsRoot), `op ${op}: the failed call's events survived`)
      // The trace without wasm_exec: the same before the op, and the same after the call.
      const full = out.trace
      const opStart = opStartIndex(full, call.start, o.program.length > 0)
      const before = lines(full.slice(0, opStart))
      const after = lines(full.slice(call.end + 1))
      const altLines = lines(alt.trace)
      assert.deepEqual(altLines.slice(0, before.length), before, `op ${op}: trace before the call`)
      assert.deepEqual(altLines.slice(before.length), after, `op ${op}: trace after the failed call (charges the tracker saved?)`)
    }
  }
}

function writeCase(c: Case, note: string, dir?: string): string {
  const pre = buildWorld(c.nv, CODE[c.nv]).tree
  const specs = [{ program: c.program, value: c.value }]
  const expected = runMessages(c.nv, pre, specs, { invoker: freshInvoker(), tracing: false })
  return writeCounterexample({ property: 'rollback', nv: c.nv, pre, specs, expected, note }, dir)
}

/** Messages that succeed, whose top-level program only sends: any failure is a callee's. */
const arbCallLevel: fc.Arbitrary<Case> = fc.record({
  nv: fc.constantFrom<Nv>(17, 18),
  program: fc.array(
    fc.record({
      op: fc.constant('send' as const),
      to: fc.integer({ min: 0, max: 5 }),
      method: fc.constant(2),
      value: fc.integer({ min: 0, max: 3 }),
      readOnly: fc.constant(false),
      abortOnFailure: fc.constant(false),
      limit: fc.constant(0xffff_ffff),
      program: arbProgram({ maxDepth: 1 }),
    }),
    { maxLength: 3 },
  ),
  value: fc.constant(0),
})

test('inv.rollback: a failed call leaves no trace but gas; a failed message changes only nonce and settlement', () => {
  const cfg = propertyConfig('inv.rollback', 200)
  const r = checkProperty(fc.oneof(arbCase, arbCallLevel), rollsBack(), cfg)
  if (r.counterexample !== null) {
    const file = writeCase(r.counterexample, 'a failed call or message left state behind; the expected post-state is what this interpreter computes (check it by hand)')
    assert.fail(`${describeFailure(r)}\ncounterexample vector: ${file}`)
  }
  process.stdout.write(`inv.rollback checked ${seen.failedMessages} failed messages and ${seen.failedCalls} failed calls\n`)
})

test('inv.rollback bites: with skip-rollback the property fails, shrinks, and writes a vector that replays', () => {
  const faults: Faults = { skipRollback: true }
  const cfg = propertyConfig('inv.rollback (skip-rollback)', 200)
  // The counterexample is written as a vector, which records no events: look for one a vector shows.
  const r = checkProperty(arbCase, rollsBack(faults, { events: false }), cfg)
  assert.ok(r.details.failed, 'the property did not detect skip-rollback')
  const c = r.counterexample as Case
  process.stdout.write(`inv.rollback found skip-rollback: ${describeFailure(r)}; shrunk to nv${c.nv}, value ${c.value}, ${programSize(c.program)} op(s): ${JSON.stringify(c.program)}\n`)
  assert.ok(programSize(c.program) <= 4, 'the shrunk counterexample is small')
  const file = writeCase(c, 'found with the skip-rollback fault; the expected post-state is the correct (fault-free) run', tmpdir())
  const text = readFileSync(file, 'utf8')
  assert.equal(runVectorText(text, file, { invoker: freshInvoker() }).status, 'pass')
  assert.equal(runVectorText(text, file, { invoker: freshInvoker(), faults }).status, 'fail')
})

test('inv.rollback bites at the call level: with skip-rollback, a failed callee\'s writes are found', () => {
  const faults: Faults = { skipRollback: true }
  const cfg = propertyConfig('inv.rollback, calls only (skip-rollback)', 200)
  const r = checkProperty(arbCallLevel, rollsBack(faults), cfg)
  assert.ok(r.details.failed, 'the property did not detect skip-rollback in a callee')
  const c = r.counterexample as Case
  process.stdout.write(`inv.rollback found skip-rollback in a call: ${describeFailure(r)}; shrunk to ${programSize(c.program)} op(s)\n`)
  assert.ok(programSize(c.program) <= 4, 'the shrunk counterexample is small')
})
