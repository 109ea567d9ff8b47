/**
 * Deliberate faults, for testing the testers. A property that never fails proves nothing; each
 * invariant test and the differential harness are checked against an interpreter with one of these
 * rules broken on purpose. No fault is ever active unless a test or `--inject-fault` asks for it.
 *
 * @rule machine.faults
 */
import { checkChargeName } from '../gas/charge-names.js'

export interface Faults {
  /** Transactions never revert (breaks rollback). */
  readonly skipRollback?: boolean
  /** Every value transfer deposits this much more than it deducts (breaks conservation). */
  readonly mintOnTransfer?: bigint
  /** Charges with this name are not made (breaks gas). */
  readonly dropCharge?: string
  /** Multiply this charge by 2 (a changed price, for the differential harness). */
  readonly doubleCharge?: string
  /** Invocations of the same code share one instance and its memory (breaks isolation). */
  readonly shareInstances?: boolean
}

export const NO_FAULTS: Faults = {}

/** A fault on a charge name no charge function makes would silently change nothing: refused. */
function knownCharge(name: string): string {
  const problem = checkChargeName(name)
  if (problem !== undefined) throw new Error(problem)
  return name
}

/** Parses `--inject-fault` values: skip-rollback, mint-on-transfer[=N], drop-charge=NAME, double-charge=NAME, share-instances. */
export function parseFault(spec: string): Faults {
  const eq = spec.indexOf('=')
  const name = eq < 0 ? spec : spec.slice(0, eq)
  const arg = eq < 0 ? undefined : spec.slice(eq + 1)
  const noValue = (): void => {
    if (arg !== undefined) throw new Error(`${name} takes no value (got '${arg}')`)
  }
  switch (name) {
    case 'skip-rollback':
      noValue()
      return { skipRollback: true }
    case 'mint-on-transfer':
      if (arg !== undefined && !/^[1-9][0-9]*$/.test(arg)) throw new Error(`mint-on-transfer=N takes a whole number of attoFIL ≥ 1 (got '${arg}')`)
      return { mintOnTransfer: BigInt(arg ?? '1') }
    case 'drop-charge':
      if (arg === undefined || arg === '') throw new Error('drop-charge needs a charge name, e.g. drop-charge=OnValueTransfer')
      return { dropCharge: knownCharge(arg) }
    case 'double-charge':
      if (arg === undefined || arg === '') throw new Error('double-charge needs a charge name, e.g. double-charge=OnChainMessage')
      return { doubleCharge: knownCharge(arg) }
    case 'share-instances':
      noValue()
      return { shareInstances: true }
    default:
      throw new Error(`unknown fault '${spec}' (skip-rollback, mint-on-transfer[=N], drop-charge=NAME, double-charge=NAME, share-instances)`)
  }
}
