/**
 * Test support: run the `fvm-spec` command in this process and keep what it printed (the one
 * in-process runner of the command tests; process.fixture.ts starts the real process instead).
 */
import { main } from './main.js'

/** What a command run printed, line by line, and its exit status. */
export interface Captured {
  readonly code: number
  readonly out: string[]
  readonly err: string[]
}

/** Runs `fvm-spec ...argv` through `main`, collecting stdout and stderr lines. */
export async function runMain(argv: readonly string[]): Promise<Captured> {
  const out: string[] = []
  const err: string[] = []
  const code = await main(argv, (l) => out.push(l), (l) => err.push(l))
  return { code, out, err }
}
