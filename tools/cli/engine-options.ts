/**
 * How the commands turn their flags into run options: bundles (--bundles / $FVM_SPEC_BUNDLES), an
 * engine (with or without the persistent module cache: --no-cache), and an injected fault. Shared
 * by the commands and by the worker threads of `run --jobs`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { loadBundles } from '../../vectors/bundles.js'
import type { RunOptions } from '../../vectors/run-vector.js'
import { createInvoker } from '../../interpreter/invocation/container.js'
import { Engine, type EngineOptions } from '../../interpreter/invocation/engine.js'
import { parseFault } from '../../interpreter/machine/faults.js'

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

/**
 * Run options from --bundles / $FVM_SPEC_BUNDLES and the engine's options (`cacheOptions`).
 * Without bundles, actor code can still come from the vector's own CAR (generated vectors carry
 * the test bundle); a vector whose code is absent is skipped with "needs actor code".
 */
export function engineOptions(flag: string | undefined, engine: EngineOptions = {}): RunOptions | Problem {
  const dir = flag ?? process.env['FVM_SPEC_BUNDLES']
  if (dir === undefined || dir === '') return { invoker: createInvoker({ engine: new Engine(engine) }) }
  // Say where the folder came from: the flag, or the environment the user may have forgotten.
  const source = flag === undefined ? `$FVM_SPEC_BUNDLES=${dir}` : `--bundles ${dir}`
  const problem = checkBundleDir(dir)
  if (problem !== undefined) return { problem: `${source}: ${problem}` }
  try {
    return { bundleBlocks: loadBundles(dir).blocks, invoker: createInvoker({ engine: new Engine(engine) }) }
  } catch (e) {
    return { problem: `${source}: ${(e as Error).message}` }
  }
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

/** Run options for `run`: engine (with or without the module cache), tracing, an optional fault (--inject-fault), the size limit. */
export function runOptions(flags: RunFlags): RunOptions | Problem {
  const base = engineOptions(flags.bundles, cacheOptions(flags.noCache))
  if ('problem' in base) return base
  const { fault, trace, maxVectorBytes } = flags
  try {
    return { ...base, trace, ...(fault === undefined ? {} : { faults: parseFault(fault) }), ...(maxVectorBytes === undefined ? {} : { maxVectorBytes }) }
  } catch (e) {
    return { problem: `--inject-fault: ${(e as Error).message}` }
  }
}
