/**
 * inv.conservation (spec/invariants.md, proofs/conservation.md): every message leaves the sum of
 * all balances unchanged, and no balance is ever negative.
 *
 * Generated messages from ALICE to scripted actors that send value to one another, to accounts,
 * to a new key address (auto-creation) and to a missing actor, fail, trap and self-destruct.
 * Shown to bite with the mint-on-transfer fault (machine.faults).
 */
import assert from 'node:assert/strict'
import { tmpdir } from 'node:os'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import fc from 'fast-check'
import { applyMessage } from '../interpreter/executor/apply-message.js'
import type { Faults } from '../interpreter/machine/faults.js'
import { runVectorText } from '../vectors/run-vector.js'
import {
  actorCode, applied, arbProgram, buildWorld, checkProperty, describeFailure, freshInvoker, machineFor, messageOf, programSize,
  propertyConfig, rawLength, runMessages, totalBalance, writeCounterexample, type MessageSpec, type Nv,
} from './support/scripted.js'

const CODE = { 17: await actorCode(17), 18: await actorCode(18) } as const

interface Case {
  readonly nv: Nv
  readonly messages: readonly MessageSpec[]
}

const arbCase: fc.Arbitrary<Case> = fc.record({
  nv: fc.constantFrom<Nv>(17, 18),
  messages: fc.array(fc.record({ program: arbProgram({ destruct: true }), value: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 3 }),
})

/** The property: for each message in turn, Σ balances before = Σ after, and every balance ≥ 0. */
function conserves(faults?: Faults): (c: Case) => void {
  return (c) => {
    let tree = buildWorld(c.nv, CODE[c.nv]).tree
    const machine = machineFor(c.nv, tree, { invoker: freshInvoker(), tracing: false, ...(faults === undefined ? {} : { faults }) })
    c.messages.forEach((spec, i) => {
      const before = totalBalance(tree)
      const msg = messageOf(spec, BigInt(i))
      const out = applied(applyMessage(machine, tree, msg, rawLength(c.nv, msg)))
      const after = totalBalance(out.tree)
      assert.equal(after, before, `message ${i}: Σ balances ${before} → ${after} (exit ${out.receipt.exitCode})`)
      for (const [id, a] of out.tree.entries()) assert.ok(a.balance >= 0n, `message ${i}: f0${id} has balance ${a.balance}`)
      tree = out.tree
    })
  }
}

function writeCase(c: Case, note: string, dir?: string): string {
  const pre = buildWorld(c.nv, CODE[c.nv]).tree
  const expected = runMessages(c.nv, pre, c.messages, { invoker: freshInvoker(), tracing: false })
  return writeCounterexample({ property: 'conservation', nv: c.nv, pre, specs: c.messages, expected, note }, dir)
}

const size = (c: Case) => c.messages.reduce((n, m) => n + 1 + programSize(m.program), 0)

test('inv.conservation: Σ balances is unchanged by every message and no balance is negative', () => {
  const cfg = propertyConfig('inv.conservation', 150)
  const run = checkProperty(arbCase, conserves(), cfg)
  if (run.counterexample !== null) {
    const file = writeCase(run.counterexample, 'a message changed the sum of balances; the expected post-state is what this interpreter computes (it broke the invariant: check it by hand)')
    assert.fail(`${describeFailure(run)}\ncounterexample vector: ${file}`)
  }
})

test('inv.conservation bites: with mint-on-transfer the property fails, shrinks, and writes a vector that replays', () => {
  const faults: Faults = { mintOnTransfer: 1n }
  const cfg = propertyConfig('inv.conservation (mint-on-transfer)', 100)
  const run = checkProperty(arbCase, conserves(faults), cfg)
  assert.ok(run.details.failed, 'the property did not detect mint-on-transfer')
  const c = run.counterexample as Case
  process.stdout.write(`inv.conservation found mint-on-transfer: ${describeFailure(run)}; shrunk to ${c.messages.length} message(s), ${size(c)} ops (messages + ops), value ${c.messages.map((m) => m.value).join(',')}\n`)
  assert.ok(size(c) <= 3, `shrunk counterexample is still large: ${JSON.stringify(c)}`)
  // The vector holds the correct run's post-state: it passes without the fault and fails with it.
  const file = writeCase(c, 'found with the mint-on-transfer fault; the expected post-state is the correct (fault-free) run', tmpdir())
  const text = readFileSync(file, 'utf8')
  assert.equal(runVectorText(text, file, { invoker: freshInvoker() }).status, 'pass')
  const broken = runVectorText(text, file, { invoker: freshInvoker(), faults })
  assert.equal(broken.status, 'fail', broken.reason ?? '')
})
