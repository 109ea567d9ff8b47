// Which code a process runs: the JavaScript build in dist/ (scripts/build.mjs) when it is there
// and fresh, else the TypeScript sources through tsx. Fresh means every file the build was made
// from still has the size and modification time it had then (dist/build.json). $FVM_SPEC_NO_DIST=1
// always runs the sources; $FVM_SPEC_DIST_DIR names another build folder (tests).
import { readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The source file of each bundle of the build (scripts/build.mjs `ENTRIES`). */
const SOURCES = { main: 'tools/cli/main.ts', io: 'tools/cli/io.ts', worker: 'tools/runner/worker.ts' }

/** The build folder when it can be run: present, complete and made from the files as they are now. */
export function freshDist(root = ROOT) {
  if (process.env.FVM_SPEC_NO_DIST === '1') return undefined
  const dir = process.env.FVM_SPEC_DIST_DIR ?? join(root, 'dist')
  let info
  try {
    info = JSON.parse(readFileSync(join(dir, 'build.json'), 'utf8'))
  } catch {
    return undefined
  }
  if (info === null || typeof info !== 'object' || typeof info.inputs !== 'object' || !Array.isArray(info.entries)) return undefined
  if (!Object.keys(SOURCES).every((e) => info.entries.includes(e))) return undefined
  for (const [file, was] of Object.entries(info.inputs)) {
    const st = statSync(join(root, file), { throwIfNoEntry: false })
    if (st === undefined || st.size !== was?.size || st.mtimeMs !== was?.mtimeMs) return undefined
  }
  return dir
}

let tsxRegistered = false

/** Loads TypeScript through tsx in this thread (once). */
export async function registerTsx() {
  if (tsxRegistered) return
  const { register } = await import('tsx/esm/api')
  register()
  tsxRegistered = true
}

/** Imports one entry point (`main`, `io`, `worker`): from the fresh build, else from its TypeScript source. */
export async function importEntry(name) {
  const dist = freshDist()
  if (dist !== undefined) {
    // vectors/import-module.ts loads a user's TypeScript module through tsx in such a process.
    globalThis[Symbol.for('fvm-spec.dist')] = dist
    return import(pathToFileURL(join(dist, `${name}.mjs`)).href)
  }
  await registerTsx()
  return import(pathToFileURL(join(ROOT, SOURCES[name])).href)
}
