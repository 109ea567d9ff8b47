/**
 * The gas tracker as a pure value.
 *
 * ref-fvm's `GasTracker` (fvm/src/gas/mod.rs) is a mutable object; here every operation returns a
 * new tracker and leaves its argument untouched. A charge that does not fit still changes the
 * tracker (`used` is pinned to the limit), so the out-of-gas error carries that pinned tracker and
 * the caller must continue with it.
 *
 * @rule gas.tracker-charge
 */
import { type Either, left, right } from 'fp-ts/lib/Either.js'
import { type GasArithmetic, type Milligas, I64_MAX, roundUp, satAdd, satSub, saturate } from './gas.js'
import { type GasCharge, total } from './charge.js'

/** The `{limit, used}` saved by `pushLimit` and restored by `popLimit` (v3 `GasSnapshot`). */
export interface GasSnapshot {
  readonly limit: Milligas
  readonly used: Milligas
}

export interface GasTracker {
  /** The limit of the innermost frame, in milligas. */
  readonly limit: Milligas
  /** Milligas used against `limit` (since the innermost `pushLimit`). May be negative in v2. */
  readonly used: Milligas
  readonly arithmetic: GasArithmetic
  /** Outer frames' `{limit, used}`, innermost last. Empty unless a send pushed an explicit limit. */
  readonly snapshots: readonly GasSnapshot[]
}

/** A charge exceeded the limit. `tracker` is the tracker after the charge, with `used = limit`. */
export interface OutOfGas {
  readonly kind: 'out-of-gas'
  readonly tracker: GasTracker
}

/** `pop_limit` with no pushed limit: a fatal error in ref-fvm. */
export interface NoLimitToPop {
  readonly kind: 'no-limit-to-pop'
}

/**
 * `GasTracker::new(limit, used)`. v2 (`signed-i64`) keeps both as given. v3 (`unsigned-u64`) caps
 * the limit at `i64::MAX` milligas and `used` at the limit.
 *
 * @rule gas.tracker-charge
 */
export function newTracker(arithmetic: GasArithmetic, limit: Milligas, used: Milligas = 0n): GasTracker {
  let l = saturate(arithmetic, limit)
  let u = saturate(arithmetic, used)
  if (arithmetic === 'unsigned-u64') {
    if (l > I64_MAX) l = I64_MAX
    if (u > l) u = l
  }
  return { limit: l, used: u, arithmetic, snapshots: [] }
}

/**
 * Charges `amount` milligas: `used += amount` (saturating); if the result exceeds the limit,
 * `used` is pinned to the limit and out-of-gas is returned together with the pinned tracker.
 * A negative amount (v2 only) lowers `used`.
 *
 * @rule gas.tracker-charge
 * @rule gas.out-of-gas-pin
 */
export function chargeMilligas(tracker: GasTracker, amount: Milligas): Either<OutOfGas, GasTracker> {
  const used = satAdd(tracker.arithmetic, tracker.used, amount)
  if (used > tracker.limit) {
    return left({ kind: 'out-of-gas', tracker: { ...tracker, used: tracker.limit } })
  }
  return right({ ...tracker, used })
}

/**
 * `apply_charge`: charges `total(charge)`.
 *
 * @rule gas.tracker-charge
 * @rule gas.out-of-gas-pin
 */
export function charge(tracker: GasTracker, c: GasCharge): Either<OutOfGas, GasTracker> {
  return chargeMilligas(tracker, total(c, tracker.arithmetic))
}

/** The tracker after a charge, whether or not it ran out of gas. */
export function trackerAfter(result: Either<OutOfGas, GasTracker>): GasTracker {
  return result._tag === 'Left' ? result.left.tracker : result.right
}

/** `gas_used()`: milligas used in the innermost frame. */
export function gasUsed(tracker: GasTracker): Milligas {
  return tracker.used
}

/** `gas_limit()`: the innermost frame's limit. */
export function gasLimit(tracker: GasTracker): Milligas {
  return tracker.limit
}

/**
 * `gas_available()`: `limit - used`, saturating (v3 never below 0; in v2 it exceeds the limit
 * after a net refund).
 */
export function gasAvailable(tracker: GasTracker): Milligas {
  return satSub(tracker.arithmetic, tracker.limit, tracker.used)
}

/**
 * `push_limit(new_limit)` (v3 sends with an explicit gas limit): saves `{limit, used}`, then
 * `limit = min(available, new_limit)` and `used = 0`.
 *
 * @rule gas.nested-limits
 */
export function pushLimit(tracker: GasTracker, newLimit: Milligas): GasTracker {
  const available = gasAvailable(tracker)
  return {
    ...tracker,
    snapshots: [...tracker.snapshots, { limit: tracker.limit, used: tracker.used }],
    limit: newLimit < available ? newLimit : available,
    used: 0n,
  }
}

/**
 * `pop_limit()`: restores the saved limit and adds the saved `used` to the current `used`
 * (saturating), so the outer frame is charged for everything the inner frame used.
 *
 * @rule gas.nested-limits
 */
export function popLimit(tracker: GasTracker): Either<NoLimitToPop, GasTracker> {
  const snap = tracker.snapshots[tracker.snapshots.length - 1]
  if (snap === undefined) return left({ kind: 'no-limit-to-pop' })
  return right({
    ...tracker,
    snapshots: tracker.snapshots.slice(0, -1),
    limit: snap.limit,
    used: satAdd(tracker.arithmetic, tracker.used, snap.used),
  })
}

/**
 * The receipt's `gas_used` in whole gas: `round_up(max(used, 0))`. v2 clamps a net refund at 0;
 * v3's `used` cannot be negative. Call it with no limit pushed (the top-level frame).
 *
 * @rule gas.rounding
 */
export function receiptGasUsed(tracker: GasTracker): bigint {
  return roundUp(tracker.used < 0n ? 0n : tracker.used)
}
