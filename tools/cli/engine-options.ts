/**
 * How the commands turn their flags into run options: bundles (--bundles / $FVM_SPEC_BUNDLES), an
 * engine, and an injected fault. Shared by the commands and by the worker threads of `run --jobs`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { loadBundles } from '../../vectors/bundles.js'
import type { RunOptions } from '../../vectors/run-vector.js'
import { createInvoker } from '../../interpreter/invocation/container.js'
import { Engine } from '../../interpreter/invocation/engine.js'
import { parseFault } from '../../interpreter/machine/faults.js'

export type Problem = { readonly problem: string }

export function checkBundleDir(dir: string): string | undefined {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return 'not a folder'
  if (!readdirSync(dir).some((f) => f.endsWith('.car'))) return 'holds no .car bundle'
  return undefined
}

/**
 * Engine options from --bundles / $FVM_SPEC_BUNDLES. Without bundles, actor code can still come
 * from the vector's own CAR (generated vectors carry the test bundle); a vector whose code is
 * absent is skipped with "needs actor code".
 */
export function engineOptions(flag: string | undefined): RunOptions | Problem {
  const dir = flag ?? process.env['FVM_SPEC_BUNDLES']
  if (dir === undefined || dir === '') return { invoker: createInvoker({ engine: new Engine() }) }
  // Say where the folder came from: the flag, or the environment the user may have forgotten.
  const source = flag === undefined ? `$FVM_SPEC_BUNDLES=${dir}` : `--bundles ${dir}`
  const problem = checkBundleDir(dir)
  if (problem !== undefined) return { problem: `${source}: ${problem}` }
  try {
    return { bundleBlocks: loadBundles(dir).blocks, invoker: createInvoker({ engine: new Engine() }) }
  } catch (e) {
    return { problem: `${source}: ${(e as Error).message}` }
  }
}

/** What `run` is given: bundles, an injected fault, tracing, the size limit. Plain data (it goes to workers). */
export interface RunFlags {
  readonly bundles: string | undefined
  readonly fault: string | undefined
  readonly trace: boolean
  readonly maxVectorBytes: number | undefined
}

/** Run options for `run`: engine, tracing, an optional fault (--inject-fault), the size limit. */
export function runOptions(flags: RunFlags): RunOptions | Problem {
  const base = engineOptions(flags.bundles)
  if ('problem' in base) return base
  const { fault, trace, maxVectorBytes } = flags
  try {
    return { ...base, trace, ...(fault === undefined ? {} : { faults: parseFault(fault) }), ...(maxVectorBytes === undefined ? {} : { maxVectorBytes }) }
  } catch (e) {
    return { problem: `--inject-fault: ${(e as Error).message}` }
  }
}
