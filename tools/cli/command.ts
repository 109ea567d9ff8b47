/**
 * What a subcommand of `fvm-spec` is, and the option parsing every subcommand shares. A command
 * is one file under commands/ exporting a `Command` made by `defineCommand`; the dispatcher
 * (main.ts) lists it in one table row.
 */
import { existsSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'

/** Writes one line (the newline is added by the writer). */
export type Out = (line: string) => void

/** Where a command prints, and what tells it to stop early. */
export interface Io {
  readonly out: Out
  readonly err: Out
  /**
   * Aborted when the command should stop (reason 'SIGINT', 'SIGTERM', or 'EPIPE' when its
   * output has gone). A command that does not declare `interruptible` is abandoned at once.
   */
  readonly signal?: AbortSignal
}

/** The option table of `node:util` parseArgs. */
export type OptionSpecs = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string; default?: string | boolean | string[] | boolean[] }>

type ParseConfig<O extends OptionSpecs> = { args: string[]; options: O; allowPositionals: true; strict: true }

/** The parsed arguments of a command: option values by name, and the positional words. */
export type Parsed<O extends OptionSpecs> = ReturnType<typeof parseArgs<ParseConfig<O>>>

export interface CommandSpec<O extends OptionSpecs> {
  /** The word after `fvm-spec`. */
  readonly name: string
  /** One line for `fvm-spec help`. */
  readonly summary: string
  /** The full help text: a `usage: fvm-spec NAME …` line, then what the command does and its options. */
  readonly usage: string
  readonly options: O
  /**
   * True when the command watches `io.signal` itself (to stop its work and print what it has);
   * otherwise an interruption ends it at once with the signal's exit status.
   */
  readonly interruptible?: boolean
  /** Runs the command on parsed arguments; returns the exit status. */
  run(args: Parsed<O>, io: Io): number | Promise<number>
}

/** A subcommand: its name, its help, and how it runs on the words after its name. */
export interface Command {
  readonly name: string
  readonly summary: string
  readonly usage: string
  readonly interruptible: boolean
  main(argv: readonly string[], io: Io): Promise<number>
}

/** True when the words ask for help: `--help` or `-h` before any `--` (after it they are operands). */
export function asksForHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false
    if (a === '--help' || a === '-h') return true
  }
  return false
}

/**
 * A command from its spec. `--help` or `-h` anywhere before a `--` prints its usage on stdout
 * (exit 0). Otherwise the words after the command's name are parsed against its options,
 * strictly: an unknown option, a missing value or a value given to a flag prints the problem and
 * the command's usage (exit 2) before `run` would see them. This is the only place options are
 * parsed: every command in COMMANDS (main.ts) gets both behaviours from here.
 *
 * @rule runner.command-line
 */
export function defineCommand<O extends OptionSpecs>(spec: CommandSpec<O>): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage,
    interruptible: spec.interruptible === true,
    async main(argv, io) {
      if (asksForHelp(argv)) {
        io.out(spec.usage)
        return 0
      }
      let parsed: Parsed<O>
      try {
        parsed = parseArgs({ args: [...argv], options: spec.options, allowPositionals: true, strict: true })
      } catch (e) {
        io.err(`fvm-spec ${spec.name}: ${(e as Error).message.replace(/\. To specify a positional argument.*$/s, '')}\n\n${spec.usage}`)
        return 2
      }
      try {
        return await spec.run(parsed, io)
      } catch (e) {
        const problem = fileProblem(e)
        if (problem === undefined) throw e
        return usageError(io, spec.name, problem)
      }
    },
  }
}

const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder (is every folder on the way there?)',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder',
  EEXIST: 'already exists (and is not a folder)',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
}

/**
 * Why FILE, given as `flag`, cannot be written, checked before a command runs anything: its folder
 * is missing or not a folder, or FILE itself is a folder. Undefined when it looks writable.
 *
 * @rule runner.error-messages
 */
export function outputFileProblem(flag: string, file: string): string | undefined {
  const folder = dirname(resolve(file))
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return `${flag} ${file}: the folder ${folder} does not exist`
  if (existsSync(file) && statSync(file).isDirectory()) return `${flag} ${file}: is a folder`
  return undefined
}

/**
 * A file the user named that cannot be read or written (an output into a missing folder, a file
 * where a folder should be) as "PATH: what is wrong", or undefined for any other error. Such an
 * error comes from a path given on the command line, not from a bug: no stack trace.
 *
 * @rule runner.error-messages
 */
export function fileProblem(e: unknown): string | undefined {
  if (!(e instanceof Error)) return undefined
  const { code, path } = e as NodeJS.ErrnoException
  if (typeof code !== 'string' || typeof path !== 'string') return undefined
  return `${path}: ${FILE_ERRORS[code] ?? e.message}`
}

/** A usage error: the message on stderr, exit status 2. */
export function usageError(io: Io, command: string, message: string): number {
  io.err(`fvm-spec ${command}: ${message}`)
  return 2
}
