/**
 * How the commands turn their flags into run options: bundles (--bundles / $FVM_SPEC_BUNDLES), an
 * engine (with or without the persistent module cache: --no-cache), and an injected fault. Shared
 * by the commands and by the worker threads of `run --jobs`.
 */
import type { RunOptions } from '../../vectors/run-vector.js'
import { createInvoker } from '../../interpreter/invocation/container.js'
import { Engine, type EngineOptions } from '../../interpreter/invocation/engine.js'
import { bundlesOf, cacheOptions, faultsOf, type Problem, type RunFlags } from './run-flags.js'

export { cacheOptions, NO_CACHE_OPTION, noCacheUsage } from './run-flags.js'

/**
 * Run options from --bundles / $FVM_SPEC_BUNDLES and the engine's options (`cacheOptions`).
 * Without bundles, actor code can still come from the vector's own CAR (generated vectors carry
 * the test bundle); a vector whose code is absent is skipped with "needs actor code".
 */
export function engineOptions(flag: string | undefined, engine: EngineOptions = {}): RunOptions | Problem {
  const bundles = bundlesOf(flag)
  if (bundles !== undefined && 'problem' in bundles) return bundles
  const invoker = createInvoker({ engine: new Engine(engine) })
  return bundles === undefined ? { invoker } : { bundleBlocks: bundles.blocks, invoker }
}

/** Run options for `run`: engine (with or without the module cache), tracing, an optional fault (--inject-fault), the size limit. */
export function runOptions(flags: RunFlags): RunOptions | Problem {
  const base = engineOptions(flags.bundles, cacheOptions(flags.noCache))
  if ('problem' in base) return base
  const { fault, trace, maxVectorBytes } = flags
  const faults = fault === undefined ? undefined : faultsOf(fault)
  if (faults !== undefined && 'problem' in faults) return faults
  return { ...base, trace, ...(faults === undefined ? {} : { faults }), ...(maxVectorBytes === undefined ? {} : { maxVectorBytes }) }
}
