/**
 * Execution trace events, in the order they happen. The trace is data; formatting it (canonical
 * JSON lines, a human view) is the CLI's business.
 *
 * @rule trace.events
 */
export type TraceEvent =
  | GasEvent
  | {
      readonly kind: 'call'
      readonly from: bigint
      readonly to: string
      readonly method: bigint
      readonly value: bigint
    }
  | { readonly kind: 'return'; readonly exitCode: number; readonly returnData: Uint8Array }
  | { readonly kind: 'call-error'; readonly error: string; readonly message: string }
  | { readonly kind: 'syscall'; readonly name: string }

/**
 * A gas charge as it was made: `compute + other` is what the tracker actually added. The charge
 * that ran out of gas carries `outOfGas`, the charge as priced; its `compute` and `other` are
 * then the part actually charged (up to the limit the tracker pinned at), so a message's gas
 * events always sum to the gas it used.
 *
 * @rule trace.gas-accounts
 */
export interface GasEvent {
  readonly kind: 'gas'
  readonly name: string
  readonly compute: bigint
  readonly other: bigint
  /** Present on the charge that ran out of gas: the full charge as priced. */
  readonly outOfGas?: { readonly compute: bigint; readonly other: bigint }
}

/**
 * The event of a charge `c` that ran out of gas after adding `charged` milligas (the limit minus
 * what was used before it): compute is charged first, then other.
 *
 * @rule trace.out-of-gas-point
 */
export function outOfGasEvent(c: { readonly name: string; readonly compute: bigint; readonly other: bigint }, charged: bigint): GasEvent {
  const compute = c.compute < 0n ? 0n : c.compute > charged ? charged : c.compute
  return { kind: 'gas', name: c.name, compute, other: charged - compute, outOfGas: { compute: c.compute, other: c.other } }
}

/** The name of the gas event that records the rest of the gas limit a fatal error uses. */
export const FATAL_ERROR_GAS = 'fatal_error'

/**
 * A fatal error ends the message with `gas_used` = the gas limit (`exec.fatal-error`), which no
 * charge made: this event records the difference, so the trace still sums to `gas_used`.
 *
 * @rule trace.gas-accounts
 */
export function fatalErrorGasEvent(rest: bigint): GasEvent {
  return { kind: 'gas', name: FATAL_ERROR_GAS, compute: 0n, other: rest }
}

/**
 * The milligas a message's trace accounts for: the sum of its gas events. The receipt's
 * `gas_used` is this sum rounded up to whole gas (0 when negative, v2 refunds).
 *
 * @rule trace.gas-accounts
 */
export function traceGas(events: Iterable<TraceEvent>): bigint {
  let sum = 0n
  for (const e of events) if (e.kind === 'gas') sum += e.compute + e.other
  return sum
}

/** Canonical JSON for one event: fixed key order, integers as decimal strings, bytes as hex. */
export function traceEventToJson(e: TraceEvent): string {
  switch (e.kind) {
    case 'gas':
      return JSON.stringify({
        kind: e.kind,
        name: e.name,
        compute: e.compute.toString(),
        other: e.other.toString(),
        ...(e.outOfGas === undefined ? {} : { out_of_gas: { compute: e.outOfGas.compute.toString(), other: e.outOfGas.other.toString() } }),
      })
    case 'call':
      return JSON.stringify({ kind: e.kind, from: e.from.toString(), to: e.to, method: e.method.toString(), value: e.value.toString() })
    case 'return':
      return JSON.stringify({ kind: e.kind, exit_code: e.exitCode, return: Buffer.from(e.returnData).toString('hex') })
    case 'call-error':
      return JSON.stringify({ kind: e.kind, error: e.error, message: e.message })
    case 'syscall':
      return JSON.stringify({ kind: e.kind, name: e.name })
  }
}
