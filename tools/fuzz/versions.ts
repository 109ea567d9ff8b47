/**
 * The network versions the fuzzer draws, and what differs between them, read from the version
 * data rather than branched on: the versions are the generator's (one per syscall ABI of the test
 * bundle), the syscalls a version binds come from its ABI, and whether an instance's memory is
 * bounded from the engine's memory limits for the row's `wasmRules`.
 */
import { requireNetworkRules } from '../../interpreter/machine/network-rules.js'
import { MAX_INSTANCE_MEMORY_PAGES } from '../../interpreter/invocation/engine.js'
import { SUPPORTED_NETWORK_VERSIONS, type NetworkVersion } from '../../interpreter/types/network-version.js'
import { abiFor, rawSyscallsFor, type FvmAbi } from '../../vectors/test-bundle/program.js'
import type { Rng } from './rng.js'

/**
 * The versions inputs are drawn at: one per syscall ABI the test bundle has actors for (the first
 * supported version of each: nv17 for v2, nv18 for v3, nv21 for v4).
 */
export const FUZZ_VERSIONS: readonly NetworkVersion[] = SUPPORTED_NETWORK_VERSIONS.filter((nv, i, all) => {
  const before = all[i - 1]
  return before === undefined || abiFor(before) !== abiFor(nv)
})

/** One version, uniformly. */
export const drawVersion = (rng: Rng): NetworkVersion => rng.pick(FUZZ_VERSIONS)

export { abiFor, type FvmAbi }

/** Whether version `nv` binds syscall `name` ("module.name"). */
export const binds = (nv: NetworkVersion, name: string): boolean => rawSyscallsFor(abiFor(nv)).some((s) => `${s.module}.${s.name}` === name)

/**
 * Whether an instance's memory is bounded only by WebAssembly's 4 GiB at `nv` (no memory limits:
 * invocation.memory-limits), which makes memory growth a known finding (docs/fuzzing.md F1, F2).
 */
export const unboundedMemory = (nv: NetworkVersion): boolean => MAX_INSTANCE_MEMORY_PAGES[requireNetworkRules(nv).wasmRules] === null
