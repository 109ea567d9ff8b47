/**
 * How the commands turn their flags into run options: bundles (--bundles / $FVM_SPEC_BUNDLES), an
 * engine (with or without the persistent module cache: --no-cache), and an injected fault. Shared
 * by the commands and by the worker threads of `run --jobs`.
 */
import { loadBundles } from '../../vectors/bundles.js'
import type { RunOptions } from '../../vectors/run-vector.js'
import { createInvoker } from '../../interpreter/invocation/container.js'
import { Engine, type EngineOptions } from '../../interpreter/invocation/engine.js'
import { parseFault } from '../../interpreter/machine/faults.js'
import { cacheOptions, checkBundleDir, type Problem, type RunFlags } from './run-flags.js'

export { cacheOptions, checkBundleDir, checkRunFlags, NO_CACHE_OPTION, noCacheUsage, type Problem, type RunFlags } from './run-flags.js'

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
