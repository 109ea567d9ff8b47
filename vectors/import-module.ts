/**
 * Importing a module the user names on the command line (a price patch, recipe generators). From
 * the TypeScript sources the command already loads TypeScript (through tsx); the JavaScript build
 * (bin/dist.mjs, which marks the process) does not, so a TypeScript module is then loaded through
 * tsx, registered here on first need.
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

/** Set by bin/dist.mjs (to the build's folder) when the process runs the JavaScript build. */
const DIST_MARK = Symbol.for('fvm-spec.dist')
let registered: Promise<void> | undefined

export async function importUserModule(path: string): Promise<Record<string, unknown>> {
  const fromBuild = (globalThis as Record<symbol, unknown>)[DIST_MARK] !== undefined
  if (fromBuild && /\.[cm]?tsx?$/.test(path)) {
    registered ??= import('tsx/esm/api').then(({ register }) => void register())
    await registered
  }
  return (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>
}
