/** How the commands print vector results: one human line, or one JSON object, per vector. */
import { writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { traceEventToJson } from '../../interpreter/trace/trace.js'
import type { VectorResult } from '../../vectors/run-vector.js'

/** A path as the user will want to read it: relative to the working folder unless that is long-winded. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file)
  return rel.startsWith('..') && rel.split('/').length > 6 ? file : rel
}

/** One line per vector; a reason that starts with the file (errors do) is printed without it, as the line names the file already. */
export function humanLine(r: VectorResult): string {
  const tag = r.status.toUpperCase().padEnd(5)
  const gas = r.gas_used === null ? '' : ` gas ${r.gas_used}`
  const reason = r.reason !== null && r.reason.startsWith(`${r.file}: `) ? r.reason.slice(r.file.length + 2) : r.reason
  const why = reason === null ? '' : ` — ${reason}`
  return `${tag} ${r.id}${gas} (${r.ms} ms) ${displayPath(r.file)}${why}`
}

export function jsonLine(r: VectorResult): string {
  const { traces: _traces, ...rest } = r
  return JSON.stringify({ ...rest, file: displayPath(r.file) })
}

/** Writes a vector's traces to DIR/<id>.jsonl: a `message` line, then its events as canonical JSON. */
export function writeTrace(dir: string, r: VectorResult): void {
  const lines: string[] = []
  for (const [i, t] of (r.traces ?? []).entries()) {
    lines.push(JSON.stringify({ kind: 'message', index: i }))
    for (const e of t) lines.push(traceEventToJson(e))
  }
  writeFileSync(join(dir, `${r.id.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`), lines.join('\n') + '\n')
}
