/**
 * The command's output when it runs as a process: every line is written to the file descriptor at
 * once, synchronously (a line printed is a line the reader has, whatever happens next), and a
 * reader that goes away (`fvm-spec run | head -1`) stops the command quietly instead of crashing it.
 *
 * @rule runner.streaming
 */
import { writeSync } from 'node:fs'
import type { Io } from './command.js'

/** Why a command was told to stop early. */
export type StopReason = 'SIGINT' | 'SIGTERM' | 'EPIPE'

/** The exit status of a command stopped early: 128 + the signal's number (SIGPIPE for a closed output). */
export const STOP_EXIT_CODE: Readonly<Record<StopReason, number>> = { SIGINT: 130, SIGTERM: 143, EPIPE: 141 }

export function stopReason(signal: AbortSignal | undefined): StopReason | undefined {
  if (signal?.aborted !== true) return undefined
  const r: unknown = signal.reason
  return r === 'SIGINT' || r === 'SIGTERM' || r === 'EPIPE' ? r : 'SIGTERM'
}

const sleeper = new Int32Array(new SharedArrayBuffer(4))

/**
 * Writes all of `text` to `fd` before returning. A non-blocking pipe that is full (EAGAIN) is
 * waited for; a reader that has gone (EPIPE) throws.
 */
export function writeAllSync(fd: number, text: string): void {
  let buf = Buffer.from(text, 'utf8')
  while (buf.length > 0) {
    let n: number
    try {
      n = writeSync(fd, buf)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(sleeper, 0, 0, 2)
        continue
      }
      throw e
    }
    buf = buf.subarray(n)
  }
}

/**
 * Standard output and error as an `Io`, stopped by `controller`: when either reader has gone, the
 * controller is aborted with 'EPIPE' and later lines are dropped, so the command can stop its work.
 */
export function processIo(controller: AbortController, fds: { out: number; err: number } = { out: 1, err: 2 }): Io {
  let closed = false
  const line = (fd: number) => (text: string) => {
    if (closed) return
    try {
      writeAllSync(fd, text + '\n')
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code !== 'EPIPE' && code !== 'ECONNRESET') throw e
      closed = true
      if (!controller.signal.aborted) controller.abort('EPIPE')
    }
  }
  return { out: line(fds.out), err: line(fds.err), signal: controller.signal }
}
