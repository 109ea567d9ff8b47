/**
 * Options several commands share, with their parsers: the resource limits of a vector run.
 *
 * @rule runner.limits
 */
import { DEFAULT_MAX_VECTOR_BYTES, formatBytes } from '../../vectors/read-file.js'

/** `--max-vector-bytes`, `--timeout` and `--max-memory` (run); spread into a command's options. */
export const LIMIT_OPTIONS = {
  'max-vector-bytes': { type: 'string' },
  timeout: { type: 'string' },
  'max-memory': { type: 'string' },
} as const

export const LIMIT_USAGE = `  --max-vector-bytes N  the most bytes a vector file, and its CAR once inflated, may have
                    (default ${formatBytes(DEFAULT_MAX_VECTOR_BYTES)}; suffixes KiB, MiB, GiB)`

/** A byte count: digits, optionally followed by KiB, MiB or GiB (K, M, G). Undefined when malformed or zero. */
export function parseBytes(text: string): number | undefined {
  const m = /^([0-9]+)\s*(|k|kib|m|mib|g|gib)$/i.exec(text.trim())
  if (m === null) return undefined
  const unit = (m[2] ?? '').toLowerCase().charAt(0)
  const n = Number(m[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1)
  return Number.isSafeInteger(n) && n > 0 ? n : undefined
}

/** Seconds: a positive, finite decimal number. */
export function parseSeconds(text: string): number | undefined {
  if (!/^[0-9]*\.?[0-9]+$/.test(text.trim())) return undefined
  const s = Number(text)
  return s > 0 && Number.isFinite(s) ? s : undefined
}

/** A memory budget in MiB: a whole number from 64 to 65536, or the same with a suffix (e.g. 4GiB). */
export function parseMebibytes(text: string): number | undefined {
  const bytes = /^[0-9]+$/.test(text.trim()) ? Number(text) * 1024 ** 2 : parseBytes(text)
  if (bytes === undefined || bytes % 1024 ** 2 !== 0) return undefined
  const mib = bytes / 1024 ** 2
  return mib >= 64 && mib <= 65536 ? mib : undefined
}

export interface Limits {
  readonly maxVectorBytes: number | undefined
  readonly timeoutMs: number | undefined
  readonly memoryMb: number | undefined
}

/** The limits from parsed option values, or the problem with one of them. */
export function limitsOf(values: { readonly 'max-vector-bytes'?: string | undefined; readonly timeout?: string | undefined; readonly 'max-memory'?: string | undefined }): Limits | { readonly problem: string } {
  const raw = values['max-vector-bytes']
  const maxVectorBytes = raw === undefined ? undefined : parseBytes(raw)
  if (raw !== undefined && maxVectorBytes === undefined) return { problem: `--max-vector-bytes: expected a byte count such as 268435456 or 256MiB, got '${raw}'` }
  const t = values.timeout
  const seconds = t === undefined ? undefined : parseSeconds(t)
  if (t !== undefined && seconds === undefined) return { problem: `--timeout: expected seconds > 0, got '${t}'` }
  const m = values['max-memory']
  const memoryMb = m === undefined ? undefined : parseMebibytes(m)
  if (m !== undefined && memoryMb === undefined) return { problem: `--max-memory: expected MiB from 64 to 65536 (or e.g. 4GiB), got '${m}'` }
  return { maxVectorBytes, timeoutMs: seconds === undefined ? undefined : Math.round(seconds * 1000), memoryMb }
}
