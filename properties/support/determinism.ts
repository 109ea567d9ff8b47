/**
 * What the determinism property runs and compares, shared with the child process that checks
 * determinism across processes (determinism-child.ts).
 */
import fc from 'fast-check'
import type { ActorInvoker } from '../../interpreter/call-manager/invoke.js'
import type { Faults } from '../../interpreter/machine/faults.js'
import { actorCode, arbProgram, buildWorld, canonicalOutcome, runMessages, type MessageSpec, type Nv } from './scripted.js'

/** One vector: a network version and the messages applied, in order, to the scripted world. */
export interface Vector {
  readonly nv: Nv
  readonly messages: readonly MessageSpec[]
}

export const arbVector: fc.Arbitrary<Vector> = fc.record({
  nv: fc.constantFrom<Nv>(17, 18),
  messages: fc.array(
    fc.record({ program: arbProgram({ destruct: true, nestedLimits: true }), value: fc.integer({ min: 0, max: 2 }), to: fc.integer({ min: 0, max: 2 }) }),
    { minLength: 1, maxLength: 3 },
  ),
})

export const CODE = { 17: await actorCode(17), 18: await actorCode(18) } as const

/**
 * The canonical JSON of running a vector: per message the receipt, the post-state root (the
 * state tree flushed after that message) and the trace, one JSON value per line.
 */
export function digestVector(v: Vector, invoker: ActorInvoker, faults?: Faults): string {
  const pre = buildWorld(v.nv, CODE[v.nv]).tree
  const { outcomes } = runMessages(v.nv, pre, v.messages, { invoker, ...(faults === undefined ? {} : { faults }) })
  return outcomes.map((o) => `${canonicalOutcome(o)}\n${JSON.stringify({ state_root: o.tree.flush()[0].toString() })}`).join('\n')
}
