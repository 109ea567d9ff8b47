export declare const HEAP_GROWING_FLAG: string
export declare const WASM_TIERING_FLAGS: readonly string[]
export declare const YOUNG_GENERATION_MB: number
export declare function useBaselineWasmTier(): void
export declare function useV8Policy(): void
