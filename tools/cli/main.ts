/**
 * The `fvm-spec` command line: a dispatcher over the subcommands in commands/, one file each. A
 * thin shell over the interpreter: the commands read files, print results and set the exit
 * status; everything they report is computed by the interpreter and the vector tools.
 *
 * Adding a command is adding its file (exporting `command`, made by `defineCommand`, with its own
 * usage text) and one row in COMMANDS. Command modules are loaded only when used.
 */
import type { Command, Io, Out } from './command.js'
import { STOP_EXIT_CODE, stopReason } from './io.js'

interface CommandRow {
  readonly name: string
  readonly load: () => Promise<{ readonly command: Command }>
}

/** The subcommands, in the order `fvm-spec help` lists them. */
export const COMMANDS: readonly CommandRow[] = [
  { name: 'run', load: () => import('./commands/run.js') },
  { name: 'trace', load: () => import('./commands/trace.js') },
  { name: 'exec', load: () => import('./commands/exec.js') },
  { name: 'diff', load: () => import('./commands/diff.js') },
  { name: 'gen', load: () => import('./commands/gen.js') },
  { name: 'coverage', load: () => import('./commands/coverage.js') },
  { name: 'genesis', load: () => import('./commands/genesis.js') },
  { name: 't8n', load: () => import('./commands/t8n.js') },
  { name: 'whatif', load: () => import('./commands/whatif.js') },
  { name: 'report', load: () => import('./commands/report.js') },
  { name: 'rules', load: () => import('./commands/rules.js') },
]

/** The overview: every command with its one-line summary. */
export async function overview(): Promise<string> {
  const lines = ['usage: fvm-spec <command> [options]', '', 'commands:']
  for (const row of COMMANDS) {
    const { command } = await row.load()
    lines.push(`  ${command.name.padEnd(10)} ${command.summary}`)
  }
  lines.push(`  ${'help'.padEnd(10)} this text; 'fvm-spec help COMMAND' or 'fvm-spec COMMAND --help' for one command`)
  return lines.join('\n')
}

export interface MainOptions {
  /** Aborted to stop the command early: 'SIGINT', 'SIGTERM', or 'EPIPE' (its output has gone). */
  readonly signal?: AbortSignal
}

export async function main(argv: readonly string[], out: Out = (l) => process.stdout.write(l + '\n'), err: Out = (l) => process.stderr.write(l + '\n'), opts: MainOptions = {}): Promise<number> {
  const io: Io = opts.signal === undefined ? { out, err } : { out, err, signal: opts.signal }
  const [name, ...rest] = argv
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? rest[0] : undefined
    if (topic !== undefined) {
      const row = COMMANDS.find((c) => c.name === topic)
      if (row === undefined) {
        err(`fvm-spec: unknown command '${topic}'\n${await overview()}`)
        return 2
      }
      out((await row.load()).command.usage)
      return 0
    }
    out(await overview())
    return name === undefined ? 2 : 0
  }
  const row = COMMANDS.find((c) => c.name === name)
  if (row === undefined) {
    err(`fvm-spec: unknown command '${name}'\n${await overview()}`)
    return 2
  }
  const { command } = await row.load()
  const code = command.interruptible || io.signal === undefined ? await command.main(rest, io) : await abandonable(command, rest, io, io.signal)
  const stopped = stopReason(io.signal)
  // Output that has gone ends the command with SIGPIPE's status, whatever it returned.
  return stopped === 'EPIPE' ? STOP_EXIT_CODE.EPIPE : code
}

/** Runs a command that does not watch for interruptions; an interruption ends it at once. @rule runner.interrupt */
function abandonable(command: Command, argv: readonly string[], io: Io, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      const why = stopReason(signal) ?? 'SIGTERM'
      if (why !== 'EPIPE') io.err(`fvm-spec ${command.name}: interrupted (${why})`)
      resolve(STOP_EXIT_CODE[why])
    }
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    command.main(argv, io).then(
      (code) => {
        signal.removeEventListener('abort', onAbort)
        resolve(code)
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(e instanceof Error ? e : new Error(String(e)))
      },
    )
  })
}
