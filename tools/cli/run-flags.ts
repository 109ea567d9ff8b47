/**
 * The flags of the commands that build an engine, checked without building one (nor loading the
 * interpreter): what `run --jobs` needs in the thread that only hands vectors to its workers.
 * engine-options.ts turns them into run options.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { loadBundles, type BundleSet } from '../../vectors/bundles.js'
import { parseFault, type Faults } from '../../interpreter/machine/faults.js'
import type { EngineOptions } from '../../interpreter/invocation/engine.js'

export type Problem = { readonly problem: string }

/**
 * The `--no-cache` option of every command that builds an engine (spread into its `options`):
 * compile actor code afresh, neither reading nor writing the persistent module cache.
 */
export const NO_CACHE_OPTION = { 'no-cache': { type: 'boolean', default: false } } as const

/** Its line in a command's usage text, the description starting at `column` (as the command's other options). */
export function noCacheUsage(column = 20): string {
  return `  ${'--no-cache'.padEnd(column - 3)} do not use the module cache ($FVM_SPEC_CACHE, default ~/.cache/fvm-spec/modules)`
}

/** The engine options `--no-cache` asks for: no persistent cache, or the default one. */
export function cacheOptions(noCache: boolean | undefined): EngineOptions {
  return noCache === true ? { cache: false } : {}
}

export function checkBundleDir(dir: string): string | undefined {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return 'not a folder'
  if (!readdirSync(dir).some((f) => f.endsWith('.car'))) return 'holds no .car bundle'
  return undefined
}

/** What `run` is given: bundles, an injected fault, tracing, the size limit, --no-cache. Plain data (it goes to workers). */
export interface RunFlags {
  readonly bundles: string | undefined
  readonly fault: string | undefined
  readonly trace: boolean
  readonly maxVectorBytes: number | undefined
  /** --no-cache: no persistent module cache. */
  readonly noCache?: boolean | undefined
}

/**
 * The problem `runOptions` (engine-options.ts) would find with these flags, without building an
 * engine: the bundle folder (indexed: a malformed CAR is a problem) and the fault.
 */
export function checkRunFlags(flags: RunFlags): Problem | undefined {
  const bundles = bundlesOf(flags.bundles)
  if (bundles !== undefined && 'problem' in bundles) return bundles
  const faults = flags.fault === undefined ? undefined : faultsOf(flags.fault)
  if (faults !== undefined && 'problem' in faults) return faults
  return undefined
}

/**
 * The bundles of --bundles (`flag`) or $FVM_SPEC_BUNDLES, indexed; undefined when neither names a
 * folder; or the problem with the folder, saying where it came from (the flag, or the environment
 * the user may have forgotten).
 */
export function bundlesOf(flag: string | undefined): BundleSet | Problem | undefined {
  const dir = flag ?? process.env['FVM_SPEC_BUNDLES']
  if (dir === undefined || dir === '') return undefined
  const source = flag === undefined ? `$FVM_SPEC_BUNDLES=${dir}` : `--bundles ${dir}`
  const problem = checkBundleDir(dir)
  if (problem !== undefined) return { problem: `${source}: ${problem}` }
  try {
    return loadBundles(dir)
  } catch (e) {
    return { problem: `${source}: ${(e as Error).message}` }
  }
}

/** The fault --inject-fault names, or the problem with it. */
export function faultsOf(fault: string): Faults | Problem {
  try {
    return parseFault(fault)
  } catch (e) {
    return { problem: `--inject-fault: ${(e as Error).message}` }
  }
}
