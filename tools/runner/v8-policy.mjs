// The V8 settings of every thread that runs vectors: the command's own thread (bin/fvm-spec.mjs)
// and the run pool's workers (tools/runner/pool.ts, where the figures behind them are). Plain
// JavaScript so that bin/fvm-spec.mjs can use it before any TypeScript loads.
import { setFlagsFromString } from 'node:v8'

/** The old generation grows by 25% between collections (V8 allows up to fourfold with a large heap limit). */
export const HEAP_GROWING_FLAG = '--heap-growing-percent=25'

/** Actor WebAssembly on V8's baseline compiler (Liftoff) only, no tier-up to TurboFan. */
export const WASM_TIERING_FLAGS = Object.freeze(['--no-wasm-tier-up', '--no-wasm-dynamic-tiering'])

/** The young generation of a thread that runs vectors (semi-spaces of 4 MiB). */
export const YOUNG_GENERATION_MB = 12

/** Sets WASM_TIERING_FLAGS in this process (for modules compiled from now on). */
export function useBaselineWasmTier() {
  for (const flag of WASM_TIERING_FLAGS) setFlagsFromString(flag)
}

/** Sets the heap growth and the WebAssembly tier flags in this process (V8 flags are per process). */
export function useV8Policy() {
  setFlagsFromString(HEAP_GROWING_FLAG)
  useBaselineWasmTier()
}
