/**
 * The one error type of the wasm layer: a module that cannot be decoded, is refused by the FVM
 * feature policy of a network version, or cannot be instrumented. The FVM treats every one of
 * these as "the actor code failed to load".
 */
export class WasmError extends Error {
  override readonly name = 'WasmError'
  /** Byte offset in the module where the problem was found, when known. */
  readonly offset: number | undefined

  constructor(message: string, offset?: number) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`)
    this.offset = offset
  }
}
