/**
 * Reading a vector file with a size limit. A regular file larger than the limit is refused before
 * it is read; a pipe or device is read until the limit. The file is opened without blocking, so
 * a named pipe nobody writes to never leaves a thread stuck in `open` (a stuck thread cannot be
 * stopped, and would keep the process from exiting); a pipe with no data yet is polled.
 *
 * @rule vector.size-limits
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'

/** The default limit on a vector file and on its decompressed CAR: far above any real vector (the largest mainnet vector is 2.5 MB of JSON, 3.3 MB of CAR). */
export const DEFAULT_MAX_VECTOR_BYTES = 256 * 1024 * 1024

export type ReadOutcome = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: string }

const CHUNK = 1 << 20
const sleeper = new Int32Array(new SharedArrayBuffer(4))
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** A byte count as people write limits: `256 MiB`, `64 KiB`, or `1000 bytes`. */
export function formatBytes(n: number): string {
  for (const [unit, size] of [['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]] as const) {
    if (n >= size && n % size === 0) return `${n / size} ${unit}`
  }
  return `${n} bytes`
}

/** The text of a vector file, or why it cannot be had. `maxBytes` bounds what is read. */
export function readVectorFile(file: string, maxBytes: number = DEFAULT_MAX_VECTOR_BYTES): ReadOutcome {
  let fd: number
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (e) {
    return { ok: false, problem: `cannot read: ${(e as Error).message}` }
  }
  try {
    const st = fstatSync(fd)
    if (st.isDirectory()) return { ok: false, problem: 'cannot read: it is a folder' }
    if (st.isFile() && st.size > maxBytes) {
      return { ok: false, problem: `the file is ${st.size} bytes, more than the limit of ${formatBytes(maxBytes)} (--max-vector-bytes)` }
    }
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const buf = Buffer.allocUnsafe(st.isFile() ? Math.min(Math.max(st.size - total, 0) + 1, CHUNK) : CHUNK)
      let n: number
      try {
        n = readSync(fd, buf, 0, buf.length, null)
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
          Atomics.wait(sleeper, 0, 0, 5)
          continue
        }
        throw e
      }
      if (n === 0) break
      total += n
      if (total > maxBytes) return { ok: false, problem: `the file holds more than the limit of ${formatBytes(maxBytes)} (--max-vector-bytes)` }
      chunks.push(buf.subarray(0, n))
    }
    try {
      return { ok: true, text: utf8.decode(Buffer.concat(chunks, total)) }
    } catch {
      return { ok: false, problem: 'the file is not valid UTF-8' }
    }
  } catch (e) {
    return { ok: false, problem: `cannot read: ${(e as Error).message}` }
  } finally {
    closeSync(fd)
  }
}
