/**
 * Finding test-vector files on disk.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

/**
 * Expands `paths` into vector files: a file is taken as given (whatever its extension), a folder
 * is searched recursively for `*.json` files (symbolic links followed, each real folder visited
 * once). The result has no duplicates and is sorted by code-unit order of the paths, so it does
 * not depend on the file system or the locale. A path that does not exist is an error.
 *
 * @rule vector.discovery
 */
export function findVectorFiles(paths: string[]): string[] {
  const found = new Map<string, string>() // resolved path -> path as it will be reported
  const visited = new Set<string>()

  function walk(dir: string): void {
    const real = realpathSync(dir)
    if (visited.has(real)) return
    visited.add(real)
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name)
      let isDir = entry.isDirectory()
      let isFile = entry.isFile()
      if (entry.isSymbolicLink()) {
        const st = statSync(p, { throwIfNoEntry: false })
        if (st === undefined) continue // dangling link
        isDir = st.isDirectory()
        isFile = st.isFile()
      }
      if (isDir) walk(p)
      else if (isFile && entry.name.endsWith('.json')) add(p)
    }
  }

  function add(p: string): void {
    const key = resolve(p)
    if (!found.has(key)) found.set(key, p)
  }

  for (const p of paths) {
    const st = statSync(p, { throwIfNoEntry: false })
    if (st === undefined) throw new Error(`no such file or folder: ${p}`)
    if (st.isDirectory()) walk(p)
    else add(p)
  }
  return [...found.values()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}
