/**
 * Token amounts and the Filecoin BigInt byte encoding.
 *
 * Ground truth: ref-fvm `shared/src/bigint/bigint_ser.rs`, `shared/src/bigint/mod.rs`,
 * `shared/src/econ/mod.rs` and `shared/src/lib.rs` (identical at fvm@v2.12.1 and fvm@v3.14.1).
 */
import { CborError } from '../ipld/cbor.js'

/** A quantity of attoFIL. Signed: ref-fvm's TokenAmount wraps a signed BigInt. */
export type TokenAmount = bigint

/** attoFIL per FIL (TokenAmount::PRECISION = 10^18). */
export const FILECOIN_PRECISION = 10n ** 18n
/** Total supply in FIL (TOTAL_FILECOIN_BASE). */
export const TOTAL_FILECOIN_BASE = 2_000_000_000n
/** Total supply in attoFIL. */
export const TOTAL_FILECOIN: TokenAmount = TOTAL_FILECOIN_BASE * FILECOIN_PRECISION
/** Maximum length in bytes (sign byte included) of an encoded BigInt (MAX_BIGINT_SIZE). */
export const BIGINT_MAX_BYTES = 128

/**
 * Encodes a BigInt: zero is the empty byte string; otherwise a sign byte (0x00 positive,
 * 0x01 negative) followed by the big-endian magnitude without leading zeros. Encodings longer
 * than 128 bytes are refused (ref-fvm's serializer errors with "BigInt too large").
 *
 * @rule types.bigint-bytes
 */
export function encodeBigInt(x: bigint): Uint8Array {
  if (x === 0n) return new Uint8Array(0)
  const negative = x < 0n
  let mag = negative ? -x : x
  const digits: number[] = []
  while (mag > 0n) {
    digits.push(Number(mag & 0xffn))
    mag >>= 8n
  }
  if (digits.length + 1 > BIGINT_MAX_BYTES) throw new CborError(`BigInt too large: ${digits.length + 1} bytes`)
  const out = new Uint8Array(digits.length + 1)
  out[0] = negative ? 1 : 0
  for (let i = 0; i < digits.length; i++) out[i + 1] = digits[digits.length - 1 - i] as number
  return out
}

/**
 * Decodes a BigInt exactly as ref-fvm's `bigint_ser::deserialize`:
 * - empty → 0;
 * - first byte must be 0x00 (positive) or 0x01 (negative), else "First byte must be valid sign";
 * - total length (sign byte included) must be ≤ 128, else "BigInt too large";
 * - the magnitude is read big-endian and leading zero bytes ARE accepted (num-bigint's
 *   `from_bytes_be` ignores them), so `00`, `01`, `00 00 05` and `01 00` are all valid
 *   (0, 0, 5, 0). Such inputs do not round-trip; re-encoding yields the canonical form.
 *
 * @rule types.bigint-bytes
 */
export function decodeBigInt(b: Uint8Array): bigint {
  if (b.length === 0) return 0n
  const sign = b[0]
  if (sign !== 0 && sign !== 1) throw new CborError(`BigInt: first byte must be a valid sign (0, 1), got ${String(sign)}`)
  if (b.length > BIGINT_MAX_BYTES) throw new CborError(`BigInt too large: ${b.length} bytes`)
  let mag = 0n
  for (let i = 1; i < b.length; i++) mag = (mag << 8n) | BigInt(b[i] as number)
  return sign === 1 ? -mag : mag
}

/** Formats attoFIL as a decimal FIL string, e.g. `1500000000000000000n` → "1.5". */
export function formatFil(x: TokenAmount): string {
  const neg = x < 0n
  const abs = neg ? -x : x
  const whole = abs / FILECOIN_PRECISION
  const frac = abs % FILECOIN_PRECISION
  const fracText = frac === 0n ? '0' : frac.toString().padStart(18, '0').replace(/0+$/, '')
  return `${neg ? '-' : ''}${whole.toString()}.${fracText}`
}
