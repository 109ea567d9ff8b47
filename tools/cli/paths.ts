/** Where the package is: the default corpus and the command's own entry point. */
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
/** What `run`, `diff` and `coverage` read when given no path: vectors/corpus (embedded and generated). */
export const DEFAULT_CORPUS = join(PACKAGE_ROOT, 'vectors', 'corpus')
