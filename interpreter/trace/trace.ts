/**
 * Execution trace events, in the order they happen. The trace is data; formatting it (canonical
 * JSON lines, a human view) is the CLI's business.
 *
 * @rule trace.events
 */
export type TraceEvent =
  | { readonly kind: 'gas'; readonly name: string; readonly compute: bigint; readonly other: bigint }
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

/** Canonical JSON for one event: fixed key order, integers as decimal strings, bytes as hex. */
export function traceEventToJson(e: TraceEvent): string {
  switch (e.kind) {
    case 'gas':
      return JSON.stringify({ kind: e.kind, name: e.name, compute: e.compute.toString(), other: e.other.toString() })
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
