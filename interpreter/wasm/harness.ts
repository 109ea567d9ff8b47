/**
 * Test and benchmark helpers: compile WAT with wabt, instrument, and run the result in the JS
 * engine with a host-provided gas global, the way ref-fvm links "gas"."gas_counter" into the store.
 */
import { instrument } from './instrument/index.js'
import { INSTRUMENTATION_RULES } from './instrument/rules.js'
import type { WasmNetworkVersion } from './validate.js'

type Wabt = Awaited<ReturnType<typeof import('wabt')>>
let wabtPromise: Promise<Wabt> | undefined

/** Compiles WAT text to a binary with the features the FVM versions may use. */
export async function wat(text: string): Promise<Uint8Array<ArrayBuffer>> {
  wabtPromise ??= import('wabt').then((m) => m.default())
  const wabt = await wabtPromise
  const mod = wabt.parseWat('test.wat', text, { bulk_memory: true, sign_extension: true, sat_float_to_int: true })
  try {
    mod.validate()
    return new Uint8Array(mod.toBinary({}).buffer) as Uint8Array<ArrayBuffer>
  } finally {
    mod.destroy()
  }
}

export interface RunResult {
  readonly result: unknown
  /** Milligas consumed (the counter's start value minus its end value; may exceed the start on a trap). */
  readonly usedMilligas: bigint
  readonly remainingMilligas: bigint
  /** The trap message when the call trapped. */
  readonly trap: string | null
}

export interface RunOptions {
  readonly gasMilligas?: bigint
  readonly fn?: string
  readonly args?: readonly unknown[]
  readonly imports?: WebAssembly.Imports
}

/** Instantiates already-instrumented bytes and calls one export with a fresh gas counter. */
export function runInstrumentedBytes(bytes: Uint8Array, version: WasmNetworkVersion, opts: RunOptions = {}): RunResult {
  const start = opts.gasMilligas ?? 10_000_000_000n
  const counter = new WebAssembly.Global({ value: 'i64', mutable: true }, start)
  const rules = INSTRUMENTATION_RULES[version]
  const module = new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>)
  const instance = new WebAssembly.Instance(module, { ...opts.imports, [rules.gasModule]: { [rules.gasCounterName]: counter } })
  const f = instance.exports[opts.fn ?? 'invoke'] as (...a: unknown[]) => unknown
  let result: unknown = undefined
  let trap: string | null = null
  try {
    result = f(...(opts.args ?? [0]))
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError)) throw e
    trap = e.message
  }
  const left = counter.value as bigint
  return { result, usedMilligas: start - left, remainingMilligas: left, trap }
}

/** Instruments `bytes` for `version`, then runs it (see `runInstrumentedBytes`). */
export function runInstrumented(bytes: Uint8Array, version: WasmNetworkVersion, opts: RunOptions = {}): RunResult {
  return runInstrumentedBytes(instrument(bytes, version), version, opts)
}
