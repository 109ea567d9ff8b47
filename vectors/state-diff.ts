/**
 * Which actors differ between two state trees: for a failed state-root comparison, the runner
 * names the actors and the fields (code, head, nonce, balance, delegated address) that differ.
 *
 * @rule runner.state-diff
 */
import { cidEquals } from '../interpreter/ipld/cid.js'
import type { StateTree } from '../interpreter/state/state-tree.js'
import type { ActorState } from '../interpreter/types/actor.js'
import { addressToString } from '../interpreter/types/address.js'

export interface ActorDiff {
  readonly id: bigint
  readonly fields: readonly string[]
}

function fieldDiffs(a: ActorState, b: ActorState): string[] {
  const out: string[] = []
  if (!cidEquals(a.code, b.code)) out.push(`code ${a.code.toString()} ≠ expected ${b.code.toString()}`)
  if (!cidEquals(a.head, b.head)) out.push(`head ${a.head.toString()} ≠ expected ${b.head.toString()}`)
  if (a.sequence !== b.sequence) out.push(`nonce ${a.sequence} ≠ expected ${b.sequence}`)
  if (a.balance !== b.balance) out.push(`balance ${a.balance} ≠ expected ${b.balance} (diff ${a.balance - b.balance})`)
  const da = a.delegatedAddress === null ? 'none' : addressToString(a.delegatedAddress)
  const db = b.delegatedAddress === null ? 'none' : addressToString(b.delegatedAddress)
  if (da !== db) out.push(`delegated address ${da} ≠ expected ${db}`)
  return out
}

/** Actors that differ, at most `limit` of them, in ascending ID order. */
export function diffStateTrees(actual: StateTree, expected: StateTree, limit = 10): ActorDiff[] {
  const got = new Map<bigint, ActorState>()
  for (const [id, a] of actual.entries()) got.set(id, a)
  const want = new Map<bigint, ActorState>()
  for (const [id, a] of expected.entries()) want.set(id, a)
  const ids = [...new Set([...got.keys(), ...want.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
  const diffs: ActorDiff[] = []
  for (const id of ids) {
    const a = got.get(id)
    const b = want.get(id)
    const fields = a === undefined ? ['missing (expected present)'] : b === undefined ? ['present (expected absent)'] : fieldDiffs(a, b)
    if (fields.length > 0) diffs.push({ id, fields })
    if (diffs.length >= limit) break
  }
  return diffs
}

export function formatDiffs(diffs: readonly ActorDiff[]): string {
  return diffs.map((d) => `f0${d.id}: ${d.fields.join(', ')}`).join('; ')
}
