/**
 * Gas units and gas arithmetic.
 *
 * Every gas amount inside the interpreter is an integer number of **milligas** held in a `bigint`
 * (1 gas = 1000 milligas). Only the receipt's `gas_used`, message gas limits and the `gas.charge`
 * syscall speak whole gas.
 *
 * ref-fvm models gas as a saturating machine integer whose width and signedness depend on the
 * version, and we model that choice as data: a {@link GasArithmetic}.
 *
 * - `signed-i64` (fvm v2, nv15–nv17): `Gas(i64)`. Charges may be negative (refunds), and `used` may
 *   drop below zero. Sums saturate at `[i64::MIN, i64::MAX]`.
 * - `unsigned-u64` (fvm v3, nv18–nv20): `Gas(u64)`. Sums saturate at `[0, u64::MAX]`, so a
 *   subtraction that would go negative yields 0.
 *
 * @rule gas.units
 */

/** An amount of gas in milligas. */
export type Milligas = bigint

/** How gas sums behave at their bounds. It is chosen by the price list (see `price-list.ts`). */
export type GasArithmetic = 'signed-i64' | 'unsigned-u64'

/** Milligas per whole gas unit (`MILLIGAS_PRECISION`). */
export const MILLIGAS_PER_GAS = 1000n

export const I64_MIN = -(2n ** 63n)
export const I64_MAX = 2n ** 63n - 1n
export const U64_MAX = 2n ** 64n - 1n

/** The inclusive bounds of a gas arithmetic. */
export function bounds(arith: GasArithmetic): { readonly min: bigint; readonly max: bigint } {
  return arith === 'signed-i64' ? { min: I64_MIN, max: I64_MAX } : { min: 0n, max: U64_MAX }
}

/** Clamps an exact result into the range of `arith`, as a saturating Rust operation would. */
export function saturate(arith: GasArithmetic, x: bigint): bigint {
  const { min, max } = bounds(arith)
  return x < min ? min : x > max ? max : x
}

/** Saturating `a + b`. @rule gas.units */
export function satAdd(arith: GasArithmetic, a: Milligas, b: Milligas): Milligas {
  return saturate(arith, a + b)
}

/** Saturating `a - b` (0 is the floor of `unsigned-u64`). @rule gas.units */
export function satSub(arith: GasArithmetic, a: Milligas, b: Milligas): Milligas {
  return saturate(arith, a - b)
}

/** Saturating `a * k` (gas times a count). @rule gas.units */
export function satMul(arith: GasArithmetic, a: Milligas, k: bigint): Milligas {
  return saturate(arith, a * k)
}

/**
 * `Gas::new(n)`: whole gas to milligas. Without `arith` the result is exact; with it, the
 * multiplication saturates like `n.saturating_mul(1000)` in that version.
 *
 * @rule gas.units
 */
export function gasFromWhole(n: bigint, arith?: GasArithmetic): Milligas {
  const exact = n * MILLIGAS_PER_GAS
  return arith === undefined ? exact : saturate(arith, exact)
}

/**
 * `round_up`: milligas to whole gas, rounding towards +infinity (ceil). ref-fvm v2 rounds a
 * negative value with a fraction towards zero, which is also the ceiling (-0.1 gas → 0).
 *
 * @rule gas.rounding
 */
export function roundUp(milli: Milligas): bigint {
  const q = milli / MILLIGAS_PER_GAS // truncates towards zero
  return milli > 0n && milli % MILLIGAS_PER_GAS !== 0n ? q + 1n : q
}

/**
 * `round_down`: milligas to whole gas, rounding towards -infinity (floor): -0.1 gas → -1 in v2.
 *
 * @rule gas.rounding
 */
export function roundDown(milli: Milligas): bigint {
  const q = milli / MILLIGAS_PER_GAS
  return milli < 0n && milli % MILLIGAS_PER_GAS !== 0n ? q - 1n : q
}

/** Renders milligas as whole gas with three decimals (`"12.345"`, `"0"`), for messages and traces. */
export function formatGas(milli: Milligas): string {
  if (milli === 0n) return '0'
  const abs = milli < 0n ? -milli : milli
  const sign = milli < 0n ? '-' : ''
  return `${sign}${abs / MILLIGAS_PER_GAS}.${(abs % MILLIGAS_PER_GAS).toString().padStart(3, '0')}`
}
