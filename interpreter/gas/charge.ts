/**
 * A single gas charge, as ref-fvm's `GasCharge`.
 *
 * `compute` is v2's `compute_gas` / v3's `compute_gas`; `other` is v2's `storage_gas` / v3's
 * `other_gas` (storage, memory retention, deferred compute, extern costs). The split exists for
 * traces and benchmarks only: the tracker charges `total(c)`. Both are milligas and may be
 * negative in v2 (refunds such as `OnDeleteActor`).
 *
 * @rule gas.tracker-charge
 */
import { type GasArithmetic, type Milligas, satAdd } from './gas.js'

export interface GasCharge {
  /** The name ref-fvm gives the charge; it appears verbatim in execution traces. */
  readonly name: string
  readonly compute: Milligas
  readonly other: Milligas
}

export function gasCharge(name: string, compute: Milligas, other: Milligas = 0n): GasCharge {
  return { name, compute, other }
}

/**
 * `compute + other`. With `arith` the sum saturates as ref-fvm's `GasCharge::total`; without it
 * it is exact (the price lists never produce totals near the bounds).
 *
 * @rule gas.tracker-charge
 */
export function total(c: GasCharge, arith?: GasArithmetic): Milligas {
  return arith === undefined ? c.compute + c.other : satAdd(arith, c.compute, c.other)
}
