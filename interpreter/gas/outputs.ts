/**
 * Gas outputs of an explicit message: how `fee_cap × gas_limit` (escrowed at preflight) is split
 * into base-fee burn, over-estimation burn, miner tip and refund.
 * Source: `fvm@v2.12.1:fvm/src/gas/outputs.rs` L19–85 and `fvm@v3.14.1:fvm/src/gas/outputs.rs`
 * L20–89. Token amounts are atto-FIL `bigint`s (unbounded, like `TokenAmount`); gas is whole gas.
 *
 * The two versions differ only in the over-estimation split when `gasUsed > gasLimit` (which the
 * executor never produces): v2 (`signed-i64`) returns `gasRefund = gasLimit − gasUsed` (negative),
 * v3 (`unsigned-u64`) saturates it to 0. Token outputs are identical.
 *
 * @rule gas.outputs
 */
import type { GasArithmetic } from './gas.js'

export interface GasOutputsInput {
  /** Whole gas used (the receipt's `gas_used`). */
  readonly gasUsed: bigint
  readonly gasLimit: bigint
  readonly baseFee: bigint
  readonly feeCap: bigint
  readonly premium: bigint
  /** Selects the over-estimation arithmetic; defaults to `unsigned-u64` (v3). */
  readonly arithmetic?: GasArithmetic
}

export interface GasOutputs {
  readonly baseFeeBurn: bigint
  readonly overEstimationBurn: bigint
  /** Reported only; never applied to state. */
  readonly minerPenalty: bigint
  readonly minerTip: bigint
  readonly refund: bigint
  /** Whole gas refunded. */
  readonly gasRefund: bigint
  /** Whole gas burned for over-estimation. */
  readonly gasBurned: bigint
}

const GAS_OVERUSE_NUM = 11n
const GAS_OVERUSE_DENOM = 10n

/**
 * `compute_gas_overestimation_burn`: `[gasRefund, gasBurned]`. With no gas used, the whole limit
 * is burned. Otherwise `over = min(max(limit − ⌊11·used/10⌋, 0), used)` and
 * `burned = ⌊(limit − used) · over / used⌋`; the rest of `limit − used` is refunded.
 *
 * @rule gas.outputs
 */
export function overestimationBurn(gasUsed: bigint, gasLimit: bigint, arithmetic: GasArithmetic = 'unsigned-u64'): readonly [bigint, bigint] {
  if (gasUsed === 0n) return [0n, gasLimit]
  let over = gasLimit - (GAS_OVERUSE_NUM * gasUsed) / GAS_OVERUSE_DENOM
  if (over < 0n) {
    // v2 returns (limit − used, 0) here; v3's saturating u128 math reaches (max(limit − used, 0), 0).
    const remaining = gasLimit - gasUsed
    return [arithmetic === 'signed-i64' || remaining > 0n ? remaining : 0n, 0n]
  }
  if (over > gasUsed) over = gasUsed
  const remaining = gasLimit - gasUsed // ≥ 0 here, since over ≥ 0 ⇒ limit ≥ ⌊11·used/10⌋ ≥ used
  const burned = (remaining * over) / gasUsed
  return [remaining - burned, burned]
}

/**
 * `GasOutputs::compute`.
 *
 * 1. `baseFeeToPay = min(baseFee, feeCap)`; if `baseFee > feeCap`,
 *    `minerPenalty = (baseFee − feeCap) · gasUsed`.
 * 2. `baseFeeBurn = baseFeeToPay · gasUsed`.
 * 3. `minerTip = min(premium, feeCap − baseFeeToPay) · gasLimit` (gas *limit*, not used).
 * 4. over-estimation split; if `gasBurned ≠ 0`: `overEstimationBurn = baseFeeToPay · gasBurned` and
 *    `minerPenalty += (baseFee − baseFeeToPay) · gasBurned`.
 * 5. `refund = feeCap · gasLimit − baseFeeBurn − minerTip − overEstimationBurn`.
 *
 * @rule gas.outputs
 */
export function computeGasOutputs(input: GasOutputsInput): GasOutputs {
  const { gasUsed, gasLimit, baseFee, feeCap, premium } = input
  let baseFeeToPay = baseFee
  let minerPenalty = 0n
  if (baseFee > feeCap) {
    baseFeeToPay = feeCap
    minerPenalty = (baseFee - feeCap) * gasUsed
  }
  const baseFeeBurn = baseFeeToPay * gasUsed
  let tipRate = premium
  if (baseFeeToPay + tipRate > feeCap) tipRate = feeCap - baseFeeToPay
  const minerTip = tipRate * gasLimit
  const [gasRefund, gasBurned] = overestimationBurn(gasUsed, gasLimit, input.arithmetic)
  let overEstimationBurn = 0n
  if (gasBurned !== 0n) {
    overEstimationBurn = baseFeeToPay * gasBurned
    minerPenalty += (baseFee - baseFeeToPay) * gasBurned
  }
  const refund = feeCap * gasLimit - baseFeeBurn - minerTip - overEstimationBurn
  return { baseFeeBurn, overEstimationBurn, minerPenalty, minerTip, refund, gasRefund, gasBurned }
}
