/**
 * The vector files a command is given: paths (files, or folders searched recursively), or the
 * default corpus. A path that does not exist, or paths that hold no vector at all, are usage
 * errors: a run of nothing is not a run that passed.
 *
 * @rule runner.empty-input
 */
import { existsSync } from 'node:fs'
import { findVectorFiles } from '../../vectors/discover.js'
import { usageError, type Io } from './command.js'
import { DEFAULT_CORPUS } from './paths.js'

/** The files to run, or the exit status of the usage error already reported. */
export function vectorFiles(command: string, positionals: readonly string[], io: Io): string[] | number {
  const paths = positionals.length > 0 ? [...positionals] : [DEFAULT_CORPUS]
  for (const p of paths) {
    if (!existsSync(p)) return usageError(io, command, `no such file or folder: ${p}`)
  }
  const files = findVectorFiles(paths)
  if (files.length === 0) return usageError(io, command, `no vector files (*.json) in ${paths.join(', ')}`)
  return files
}
