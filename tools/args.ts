/** Command-line parsing shared by the tools' commands: a usage error is one line on stderr. */
import { parseArgs, type ParseArgsConfig } from 'node:util'

type Options = NonNullable<ParseArgsConfig['options']>

/** `parseArgs` with positionals allowed; undefined (after printing why) on a usage error. */
export function parseCommandArgs<O extends Options>(command: string, argv: readonly string[], options: O, err: (line: string) => void) {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options })
  } catch (e) {
    err(`fvm-spec ${command}: ${(e as Error).message}`)
    return undefined
  }
}
