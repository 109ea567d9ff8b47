/**
 * Checks that a vector's traces account for its gas: each message's gas events sum to the
 * milligas behind its receipt's gas_used.
 *
 * @rule trace.gas-accounts
 */
import { roundUp } from '../interpreter/gas/gas.js'
import { traceGas } from '../interpreter/trace/trace.js'
import type { VectorResult } from './run-vector.js'

/** One line per message whose trace does not add up to its gas_used; empty when all do. */
export function unaccountedGas(r: VectorResult): string[] {
  if (r.traces === undefined || r.gas_used === null) return []
  const used = r.gas_used.split(',')
  return r.traces.flatMap((t, i) => {
    const sum = traceGas(t)
    const rounded = roundUp(sum < 0n ? 0n : sum)
    return used[i] === undefined || rounded === BigInt(used[i]) ? [] : [`${r.id} message ${i}: trace sums to ${sum} milligas (${rounded} gas) but gas_used is ${used[i]}`]
  })
}
