/**
 * Test support: the real `fvm-spec` process (bin/fvm-spec.mjs) with its output read line by line,
 * and named pipes that stand for vectors still being written (a vector whose read waits until the
 * test writes it), to observe what the command prints while it is still running.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BIN = join(ROOT, 'bin', 'fvm-spec.mjs')
export const EMBEDDED = join(ROOT, 'vectors', 'corpus', 'embedded')
export const GOOD17 = join(EMBEDDED, 'nv17-send-value-bls-to-id.json')
export const GOOD18 = join(EMBEDDED, 'nv18-send-value-bls-to-id.json')

export interface CliProcess {
  readonly child: ChildProcess
  readonly lines: string[]
  stderr(): string
  /** Resolves when `n` lines have been printed; rejects after `ms`. */
  waitLines(n: number, ms?: number): Promise<void>
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Starts `node bin/fvm-spec.mjs ARGS` without $FVM_SPEC_BUNDLES. */
export function startCli(args: readonly string[], cwd = ROOT): CliProcess {
  const env = { ...process.env }
  delete env['FVM_SPEC_BUNDLES']
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: string[] = []
  let partial = ''
  let err = ''
  const waiters: (() => void)[] = []
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n')
    partial = parts.pop() ?? ''
    lines.push(...parts)
    for (const w of waiters.splice(0)) w()
  })
  child.stdout?.on('error', () => undefined)
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  let done = false
  void exited.then(() => {
    done = true
    for (const w of waiters.splice(0)) w()
  })
  return {
    child,
    lines,
    stderr: () => err,
    exited,
    waitLines(n, ms = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${n} lines; have ${lines.length}: ${JSON.stringify(lines)}; stderr: ${err}`)), ms)
        const check = () => {
          if (lines.length >= n) {
            clearTimeout(timer)
            resolve()
          } else if (done) {
            clearTimeout(timer)
            reject(new Error(`exited with ${lines.length} of ${n} lines: ${JSON.stringify(lines)}; stderr: ${err}`))
          } else waiters.push(check)
        }
        check()
      })
    },
  }
}

/**
 * A named pipe held open for writing (so a reader waits for data rather than seeing an empty
 * file); `write` gives it its content and closes it.
 */
export interface PendingVector {
  readonly path: string
  write(text: string): void
  close(): void
}

export function pendingVector(dir: string, name: string): PendingVector {
  const path = join(dir, name)
  execFileSync('mkfifo', [path])
  // O_RDWR on a FIFO opens at once on Linux and counts as a writer.
  const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK)
  let open = true
  const close = () => {
    if (open) closeSync(fd)
    open = false
  }
  return {
    path,
    write(text: string) {
      if (!open) return
      // Non-blocking: the text must fit the pipe's buffer (64 KiB); a small vector does.
      writeSync(fd, text)
      close()
    },
    close,
  }
}

export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export const readText = (file: string): string => readFileSync(file, 'utf8')

/** A test's temporary folder, the pipes and processes it made; `end` closes, kills and removes them all. */
export interface Scene {
  readonly dir: string
  pipe(name: string): PendingVector
  cli(args: readonly string[]): CliProcess
  end(): void
}

export function scene(prefix: string): Scene {
  const t = tempDir(prefix)
  const pipes: PendingVector[] = []
  const clis: CliProcess[] = []
  return {
    dir: t.dir,
    pipe(name) {
      const p = pendingVector(t.dir, name)
      pipes.push(p)
      return p
    },
    cli(args) {
      const c = startCli(args)
      clis.push(c)
      return c
    },
    end() {
      for (const p of pipes) p.close()
      for (const c of clis) c.child.kill('SIGKILL')
      t.remove()
    },
  }
}
