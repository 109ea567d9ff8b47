/**
 * Exit codes carried by receipts.
 *
 * Ground truth: ref-fvm `shared/src/error/mod.rs` (`ExitCode`) at fvm@v2.12.1 and fvm@v3.14.1.
 * Codes 0..15 are reserved for the VM; actors may only abort with codes ≥ 16.
 */

/**
 * Every named exit code. SYS_INVALID_METHOD (3) exists only in v2 (v3 reserves 3);
 * USR_READ_ONLY (25) and USR_NOT_PAYABLE (26) exist only in v3. 8 and 12..15 are reserved in both.
 *
 * @rule types.exit-codes
 */
export const ExitCode = {
  OK: 0,
  SYS_SENDER_INVALID: 1,
  SYS_SENDER_STATE_INVALID: 2,
  SYS_INVALID_METHOD: 3,
  SYS_ILLEGAL_INSTRUCTION: 4,
  SYS_INVALID_RECEIVER: 5,
  SYS_INSUFFICIENT_FUNDS: 6,
  SYS_OUT_OF_GAS: 7,
  SYS_ILLEGAL_EXIT_CODE: 9,
  SYS_ASSERTION_FAILED: 10,
  SYS_MISSING_RETURN: 11,
  USR_ILLEGAL_ARGUMENT: 16,
  USR_NOT_FOUND: 17,
  USR_FORBIDDEN: 18,
  USR_INSUFFICIENT_FUNDS: 19,
  USR_ILLEGAL_STATE: 20,
  USR_SERIALIZATION: 21,
  USR_UNHANDLED_MESSAGE: 22,
  USR_UNSPECIFIED: 23,
  USR_ASSERTION_FAILED: 24,
  USR_READ_ONLY: 25,
  USR_NOT_PAYABLE: 26,
} as const

export type ExitCode = number

/** The lowest exit code an actor may abort with. */
export const FIRST_USER_EXIT_CODE = 16

const NAMES: ReadonlyMap<number, string> = new Map(Object.entries(ExitCode).map(([k, v]) => [v, k]))

/**
 * The constant name of an exit code, e.g. 7 → "SYS_OUT_OF_GAS". Reserved system codes give
 * `SYS_RESERVED_<n>`, other unnamed codes `EXIT_CODE_<n>`. With `version` 'v3', 3 is reserved
 * and with 'v2', 25 and 26 are unnamed.
 *
 * @rule types.exit-codes
 */
export function exitCodeName(n: number, version?: 'v2' | 'v3'): string {
  const reserved = (version === 'v3' && n === 3) || (version === 'v2' && (n === 25 || n === 26))
  const name = reserved ? undefined : NAMES.get(n)
  if (name !== undefined) return name
  if (Number.isInteger(n) && n >= 0 && n < FIRST_USER_EXIT_CODE) return `SYS_RESERVED_${n}`
  return `EXIT_CODE_${n}`
}

/** True for codes reserved for the VM (including OK): n < 16. */
export function isSystemError(n: number): boolean {
  return n < FIRST_USER_EXIT_CODE
}

export function isSuccess(n: number): boolean {
  return n === ExitCode.OK
}
