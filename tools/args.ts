/**
 * Flag parsing shared by the tools' commands: node:util parseArgs plus `--help`; a bad flag
 * prints the problem and the usage (exit status 2), `--help` the usage (exit status 0).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'

type Out = (line: string) => void
type Options = NonNullable<ParseArgsConfig['options']>
const HELP = { help: { type: 'boolean', default: false } } as const
type Values<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O & typeof HELP }>>['values']

/** The flags' values, or the exit status when there is nothing more to do. */
export function parseToolArgs<const O extends Options>(command: string, usage: string, argv: readonly string[], options: O, out: Out, err: Out): Values<O> | number {
  let values: Values<O>
  try {
    values = parseArgs({ args: [...argv], options: { ...options, ...HELP } }).values as Values<O>
  } catch (e) {
    err(`fvm-spec ${command}: ${(e as Error).message}\n${usage}`)
    return 2
  }
  if ((values as { help?: boolean }).help === true) {
    out(usage)
    return 0
  }
  return values
}
