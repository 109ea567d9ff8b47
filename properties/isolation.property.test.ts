/**
 * inv.isolation (spec/invariants.md, proofs/isolation.md):
 *
 * 1. An actor's state changes only through its own set_root or the kernel's documented actions:
 *    an actor's head changes only if it called self.set_root (or it is the init actor and an
 *    actor was created); its code never changes; only the sender's nonce changes (by one); a
 *    balance changes only for the sender, the settlement actors, the two ends of a send with
 *    value, or in a self-destruct; an actor disappears only by its own self_destruct and appears
 *    only by creation on a send to a new key address.
 * 2. Invocation Containers share no memory: a scripted actor writes a marker into its memory and
 *    exits with TAINTED if it finds one it did not write; no invocation, in any message of a
 *    sequence run on one machine and engine, ever does.
 * 3. A read-only call (nv18 send flag) changes nothing: running the program again with that
 *    send replaced by a no-op of the same size gives the same state (apart from the balances
 *    gas settlement pays), the same exit code and the same events.
 *
 * Shown to bite with the share-instances fault (machine.faults).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { applyMessage } from '../interpreter/executor/apply-message.js'
import type { Faults } from '../interpreter/machine/faults.js'
import type { StateTree } from '../interpreter/state/state-tree.js'
import {
  ALICE_ID, actorCode, applied, arbProgram, buildWorld, callForest, checkProperty, describeFailure, freshInvoker, idOf, issuedSends,
  machineFor, messageOf, neutralised, programSize, propertyConfig, rawLength, runMessages, SETTLEMENT_ACTORS, stateDiff, syscallsByActor,
  TAINTED, TARGETS, writeCounterexample, type Applied, type MessageSpec, type Nv, type Op,
} from './support/scripted.js'

const CODE = { 17: await actorCode(17), 18: await actorCode(18) } as const

interface Case {
  readonly nv: Nv
  readonly messages: readonly MessageSpec[]
}

const arbCase: fc.Arbitrary<Case> = fc.record({
  nv: fc.constantFrom<Nv>(17, 18),
  messages: fc.array(
    fc.record({ program: arbProgram({ destruct: true, nestedLimits: true }), value: fc.integer({ min: 0, max: 2 }), to: fc.integer({ min: 0, max: 2 }) }),
    { minLength: 1, maxLength: 3 },
  ),
})

/** Part 1: what changed between `pre` and `post` is accounted for by the message's trace. */
function checkChanges(pre: StateTree, post: StateTree, out: Applied, i: number): void {
  const sys = syscallsByActor(out.trace)
  const did = (id: bigint, name: string) => (sys.get(id) ?? []).includes(name)
  const calls = out.trace.filter((e) => e.kind === 'call')
  const created = calls.some((e) => e.kind === 'call' && (e.to.startsWith('f1') || e.to.startsWith('f3')))
  const valueEnds = new Set<bigint>()
  for (const e of calls) {
    if (e.kind !== 'call' || e.value === 0n) continue
    valueEnds.add(e.from)
    const to = idOf(e.to) ?? post.lookupId(TARGETS[4] as (typeof TARGETS)[number])
    if (to !== null && to !== undefined) valueEnds.add(to)
  }
  const destructors = [...sys.keys()].filter((id) => did(id, 'self.self_destruct'))
  const preMap = new Map(pre.entries())
  const postMap = new Map(post.entries())
  for (const [id, a] of preMap) {
    const b = postMap.get(id)
    const where = `message ${i}: f0${id}`
    if (b === undefined) {
      assert.ok(did(id, 'self.self_destruct'), `${where} was deleted but never called self_destruct`)
      continue
    }
    assert.ok(a.code.equals(b.code), `${where}: code changed`)
    if (!a.head.equals(b.head)) assert.ok(did(id, 'self.set_root') || (id === 1n && created), `${where}: head changed without its own set_root`)
    if (a.sequence !== b.sequence) assert.ok(id === ALICE_ID && b.sequence === a.sequence + 1n, `${where}: sequence ${a.sequence} → ${b.sequence}`)
    if (a.balance !== b.balance) {
      const allowed = SETTLEMENT_ACTORS.has(id) || valueEnds.has(id) || destructors.length > 0
      assert.ok(allowed, `${where}: balance ${a.balance} → ${b.balance} with no transfer, settlement or self-destruct`)
    }
  }
  for (const [id, b] of postMap) {
    if (preMap.has(id)) continue
    assert.ok(created && post.lookupId(TARGETS[4] as (typeof TARGETS)[number]) === id, `message ${i}: f0${id} appeared without a creating send`)
    assert.ok(b.code.equals(preMap.get(ALICE_ID)?.code ?? b.code), `message ${i}: created f0${id} is not an account`)
  }
}

function isolated(faults?: Faults): (c: Case) => void {
  return (c) => {
    let tree = buildWorld(c.nv, CODE[c.nv]).tree
    // One machine and one invoker for the whole sequence: memory must not carry over between messages either.
    const machine = machineFor(c.nv, tree, { invoker: freshInvoker(), ...(faults === undefined ? {} : { faults }) })
    c.messages.forEach((spec, i) => {
      const msg = messageOf(spec, BigInt(i))
      const out = applied(applyMessage(machine, tree, msg, rawLength(c.nv, msg)))
      // Part 2: no invocation found another's marker.
      const tainted = out.trace.some((e) => e.kind === 'return' && e.exitCode === TAINTED)
      assert.ok(!tainted, `message ${i}: an invocation found a memory marker it did not write`)
      checkChanges(tree, out.tree, out, i)
      tree = out.tree
    })
  }
}

/** Part 3, for one message: each read-only send of the top-level program changes nothing. */
function readOnlyChangesNothing(nv: Nv, program: readonly Op[]): void {
  if (nv !== 18) return
  const pre = buildWorld(nv, CODE[nv]).tree
  const run = (p: readonly Op[]) => runMessages(nv, pre, [{ program: p }], { invoker: freshInvoker() }).outcomes[0] as Applied
  const out = run(program)
  const top = callForest(out.trace)[0]
  for (const { op } of issuedSends(nv, program)) {
    const o = program[op] as Extract<Op, { op: 'send' }>
    if (!o.readOnly || o.abortOnFailure) continue
    const alt = run(neutralised(program, op))
    assert.ok(top !== undefined)
    assert.deepEqual(stateDiff(out.tree, alt.tree, SETTLEMENT_ACTORS), [], `op ${op}: a read-only call changed the state`)
    assert.equal(out.receipt.exitCode, alt.receipt.exitCode, `op ${op}: exit code`)
    assert.equal(String(out.receipt.eventsRoot), String(alt.receipt.eventsRoot), `op ${op}: a read-only call emitted events`)
  }
}

const size = (c: Case) => c.messages.reduce((n, m) => n + 1 + programSize(m.program), 0)

test('inv.isolation: state changes only by set_root and kernel actions; containers share no memory', () => {
  const cfg = propertyConfig('inv.isolation', 150)
  const r = checkProperty(arbCase, isolated(), cfg)
  if (r.counterexample !== null) {
    const c = r.counterexample
    const pre = buildWorld(c.nv, CODE[c.nv]).tree
    const file = writeCounterexample({ property: 'isolation', nv: c.nv, pre, specs: c.messages, expected: runMessages(c.nv, pre, c.messages, { invoker: freshInvoker(), tracing: false }), note: 'an actor changed state it should not have; the expected post-state is what this interpreter computes (check it by hand)' })
    assert.fail(`${describeFailure(r)}\ncounterexample vector: ${file}`)
  }
})

test('inv.isolation: a read-only call (nv18) changes nothing', () => {
  const cfg = propertyConfig('inv.isolation read-only', 150)
  const readOnlySend = fc.record({
    op: fc.constant('send' as const), to: fc.integer({ min: 0, max: 5 }), method: fc.constantFrom(0, 2), value: fc.constant(0),
    readOnly: fc.constant(true), abortOnFailure: fc.constant(false), limit: fc.constant(0xffff_ffff), program: arbProgram({ destruct: true, maxDepth: 1 }),
  })
  const arb = fc.array(fc.oneof(readOnlySend, arbProgram({ maxOps: 1, failures: false }).map((p) => p[0] ?? { op: 'mark' as const })), { minLength: 1, maxLength: 4 })
  const r = checkProperty(arb, (p) => readOnlyChangesNothing(18, p), cfg)
  if (r.counterexample !== null) {
    const pre = buildWorld(18, CODE[18]).tree
    const specs = [{ program: r.counterexample }]
    const file = writeCounterexample({ property: 'isolation-read-only', nv: 18, pre, specs, expected: runMessages(18, pre, specs, { invoker: freshInvoker(), tracing: false }), note: 'a read-only call changed state; the expected post-state is what this interpreter computes (check it by hand)' })
    assert.fail(`${describeFailure(r)}\ncounterexample vector: ${file}`)
  }
})

test('inv.isolation bites: with share-instances an invocation finds another\'s memory, and it shrinks', () => {
  const cfg = propertyConfig('inv.isolation (share-instances)', 200)
  const r = checkProperty(arbCase, isolated({ shareInstances: true }), cfg)
  assert.ok(r.details.failed, 'the property did not detect share-instances')
  const c = r.counterexample as Case
  process.stdout.write(`inv.isolation found share-instances: ${describeFailure(r)}; shrunk to ${c.messages.length} message(s), ${size(c)} (messages + ops)\n`)
  assert.ok(size(c) <= 6, 'the shrunk counterexample is small')
})
