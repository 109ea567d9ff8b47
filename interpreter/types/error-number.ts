/**
 * Syscall error numbers (errno values returned to actors).
 *
 * Ground truth: ref-fvm `shared/src/error/mod.rs` (`ErrorNumber`) at fvm@v2.12.1 (1..=12) and
 * fvm@v3.14.1 (adds ReadOnly = 13).
 */

/** @rule types.error-numbers */
export const ErrorNumber = {
  IllegalArgument: 1,
  IllegalOperation: 2,
  LimitExceeded: 3,
  AssertionFailed: 4,
  InsufficientFunds: 5,
  NotFound: 6,
  InvalidHandle: 7,
  IllegalCid: 8,
  IllegalCodec: 9,
  Serialization: 10,
  Forbidden: 11,
  BufferTooSmall: 12,
  ReadOnly: 13,
} as const

export type ErrorNumber = (typeof ErrorNumber)[keyof typeof ErrorNumber]

const NAMES: ReadonlyMap<number, string> = new Map(Object.entries(ErrorNumber).map(([k, v]) => [v, k]))

/** ref-fvm's Display text for each error number. */
const MESSAGES: Readonly<Record<ErrorNumber, string>> = {
  1: 'illegal argument',
  2: 'illegal operation',
  3: 'limit exceeded',
  4: 'filecoin assertion failed',
  5: 'insufficient funds',
  6: 'resource not found',
  7: 'invalid ipld block handle',
  8: 'illegal cid specification',
  9: 'illegal ipld codec',
  10: 'serialization error',
  11: 'operation forbidden',
  12: 'buffer too small',
  13: 'execution context is read-only',
}

/** The largest error number each generation defines. */
export const MAX_ERROR_NUMBER: Readonly<Record<'v2' | 'v3', number>> = { v2: 12, v3: 13 }

/** The variant name, e.g. 6 → "NotFound"; `ErrorNumber(<n>)` if unknown (or 13 under v2). */
export function errorNumberName(n: number, version?: 'v2' | 'v3'): string {
  const name = version === 'v2' && n > MAX_ERROR_NUMBER.v2 ? undefined : NAMES.get(n)
  return name ?? `ErrorNumber(${n})`
}

/** ref-fvm's Display text, e.g. 6 → "resource not found". */
export function errorNumberMessage(n: number): string {
  return MESSAGES[n as ErrorNumber] ?? `unknown error number ${n}`
}

export function isErrorNumber(n: number, version: 'v2' | 'v3' = 'v3'): n is ErrorNumber {
  return Number.isInteger(n) && n >= 1 && n <= MAX_ERROR_NUMBER[version]
}
