/**
 * `fvm-spec exec`: what this interpreter computes for one vector, in the adapter contract's shape
 * (docs/adapter-contract.md). Unlike `run`, nothing is compared with the vector's expected
 * receipts or post-state: the result is this VM's answer, to be compared with another VM's answer
 * by `fvm-spec diff`. Pure apart from the clock: vector text in, `ExecResult` out; never throws.
 *
 * The same file holds the contract's other half: `parseExecResult`, which checks and normalises
 * what another VM's adapter printed.
 *
 * @rule runner.exec-contract
 */
import { basename } from 'node:path'
import { isLeft } from 'fp-ts/lib/Either.js'
import { CID } from '../interpreter/ipld/cid.js'
import type { StateTree } from '../interpreter/state/state-tree.js'
import { fromBase64, toBase64 } from '../interpreter/util/bytes.js'
import { JsonParseError, parseJson, type JsonValue } from './json.js'
import { loadVector } from './load.js'
import { executeLoaded, NO_VARIANT, pointedError, type AppliedMessage, type RunOptions } from './run-vector.js'

/** One receipt as the contract prints it. */
export interface ExecReceipt {
  readonly exit_code: number
  /** Standard base64 with padding; "" for no return bytes. */
  readonly return: string
  /** Decimal string (an adapter may print a JSON integer instead; `parseExecResult` normalises). */
  readonly gas_used: string
}

/** The adapter contract's one JSON object. Keys are printed in this order. */
export interface ExecResult {
  readonly id: string
  readonly nv: number | null
  /** One per message applied, in order; fewer than the messages when `error` is set. */
  readonly receipts: readonly ExecReceipt[]
  /** The flushed state root after the last message; null exactly when `error` is set. */
  readonly post_state_root: { readonly '/': string } | null
  /** Null when every message was applied; `unsupported: …` when the VM declines the vector. */
  readonly error: string | null
}

/** An `error` starting with this means "this VM cannot run this vector": not a disagreement. */
export const UNSUPPORTED = 'unsupported: '

export function isUnsupported(r: ExecResult): boolean {
  return r.error !== null && r.error.startsWith(UNSUPPORTED)
}

/** The result and, when every message was applied, the flushed post-state (for vector builders). */
export interface ExecDetail {
  readonly result: ExecResult
  readonly postTree: StateTree | null
}

/** Runs one vector (its first variant, as `run` does) and reports what this interpreter computed. */
export function execVectorText(text: string, file: string, opts: RunOptions = {}): ExecResult {
  return execVectorDetail(text, file, opts).result
}

export function execVectorDetail(text: string, file: string, opts: RunOptions = {}): ExecDetail {
  const fallbackId = basename(file).replace(/\.json$/, '')
  const loaded = loadVector(text, file, opts.maxVectorBytes === undefined ? {} : { maxCarBytes: opts.maxVectorBytes })
  if (isLeft(loaded)) {
    const e = loaded.left
    return { result: failed(fallbackId, null, [], e.kind === 'unsupported' ? `${UNSUPPORTED}${e.message}` : `${e.kind}: ${e.message}`), postTree: null }
  }
  const v = loaded.right
  const variant = v.variants[0]
  if (variant === undefined) return { result: failed(v.id, null, [], `schema: ${file}: ${NO_VARIANT}`), postTree: null }
  try {
    // No `stop`: every message is applied whatever the vector expects.
    const x = executeLoaded(v, variant, { ...opts, trace: false })
    switch (x.kind) {
      case 'not-run':
        return { result: failed(v.id, variant.nv, x.applied, `${UNSUPPORTED}${x.reason}`), postTree: null }
      case 'no-receipt':
        return { result: failed(v.id, variant.nv, x.applied, `message ${x.index}: execution failed with no receipt: ${x.message}`), postTree: null }
      case 'stopped':
        return { result: failed(v.id, variant.nv, x.applied, x.reason), postTree: null }
      case 'threw':
        return { result: failed(v.id, variant.nv, x.applied, pointedError(file, x.error)), postTree: null }
      case 'done':
        return {
          result: { id: v.id, nv: variant.nv, receipts: x.applied.map(toExecReceipt), post_state_root: { '/': x.root.toString() }, error: null },
          postTree: x.tree,
        }
    }
  } catch (e) {
    return { result: failed(v.id, variant.nv, [], pointedError(file, e)), postTree: null }
  }
}

function failed(id: string, nv: number | null, applied: readonly AppliedMessage[], error: string): ExecResult {
  return { id, nv, receipts: applied.map(toExecReceipt), post_state_root: null, error }
}

function toExecReceipt(m: AppliedMessage): ExecReceipt {
  return { exit_code: m.receipt.exitCode, return: toBase64(m.receipt.returnData), gas_used: m.receipt.gasUsed.toString() }
}

/** The contract's output line: one JSON object, keys in a fixed order, no trailing newline. */
export function formatExecResult(r: ExecResult): string {
  return JSON.stringify({
    id: r.id,
    nv: r.nv,
    receipts: r.receipts.map((x) => ({ exit_code: x.exit_code, return: x.return, gas_used: x.gas_used })),
    post_state_root: r.post_state_root === null ? null : { '/': r.post_state_root['/'] },
    error: r.error,
  })
}

const U32_MAX = 0xffff_ffffn
const I64_MAX = (1n << 63n) - 1n

/**
 * Checks an adapter's stdout against the contract and normalises it: `gas_used` becomes a
 * decimal string, `return` canonical base64, the root CID its canonical (base32) text. Returns
 * the result or a description of the first problem. Unknown keys are ignored.
 */
export function parseExecResult(stdout: string): { ok: true; result: ExecResult } | { ok: false; problem: string } {
  const bad = (problem: string) => ({ ok: false as const, problem })
  const text = stdout.trim()
  if (text === '') return bad('printed nothing on stdout')
  let json: JsonValue
  try {
    json = parseJson(text)
  } catch (e) {
    if (e instanceof JsonParseError) return bad(`stdout is not one JSON object: ${e.message}: ${excerpt(text)}`)
    throw e
  }
  if (!isObject(json)) return bad(`stdout is not a JSON object: ${excerpt(text)}`)
  const id = json['id']
  if (typeof id !== 'string') return bad('$.id: expected a string')
  const nvRaw = json['nv']
  if (nvRaw !== null && !(typeof nvRaw === 'bigint' && nvRaw >= 0n && nvRaw <= U32_MAX)) return bad('$.nv: expected an integer or null')
  const nv = nvRaw === null ? null : Number(nvRaw)
  const error = json['error']
  if (error !== null && typeof error !== 'string') return bad('$.error: expected a string or null')
  const rs = json['receipts']
  if (!Array.isArray(rs)) return bad('$.receipts: expected an array')
  const receipts: ExecReceipt[] = []
  for (const [i, r] of rs.entries()) {
    const at = `$.receipts[${i}]`
    if (!isObject(r)) return bad(`${at}: expected an object`)
    const code = r['exit_code']
    if (typeof code !== 'bigint' || code < 0n || code > U32_MAX) return bad(`${at}.exit_code: expected an integer in [0, 2^32)`)
    const ret = r['return']
    if (typeof ret !== 'string') return bad(`${at}.return: expected a base64 string`)
    let retBytes: Uint8Array
    try {
      retBytes = fromBase64(ret)
    } catch {
      return bad(`${at}.return: invalid base64`)
    }
    const gas = r['gas_used']
    let gasUsed: bigint
    if (typeof gas === 'bigint') gasUsed = gas
    else if (typeof gas === 'string' && /^(0|[1-9][0-9]*)$/.test(gas)) gasUsed = BigInt(gas)
    else return bad(`${at}.gas_used: expected a decimal string or an integer`)
    if (gasUsed < 0n || gasUsed > I64_MAX) return bad(`${at}.gas_used: out of range`)
    receipts.push({ exit_code: Number(code), return: toBase64(retBytes), gas_used: gasUsed.toString() })
  }
  const rootRaw = json['post_state_root']
  let root: { '/': string } | null = null
  if (rootRaw !== null) {
    const link = isObject(rootRaw) ? rootRaw['/'] : undefined
    if (typeof link !== 'string') return bad('$.post_state_root: expected {"/": CID} or null')
    try {
      root = { '/': CID.parse(link).toString() }
    } catch (e) {
      return bad(`$.post_state_root: not a CID: ${(e as Error).message}`)
    }
  }
  if (error === null && root === null) return bad('$.post_state_root: null although $.error is null')
  if (error !== null && root !== null) return bad('$.post_state_root: must be null when $.error is set')
  return { ok: true, result: { id, nv, receipts, post_state_root: root, error } }
}

function isObject(v: JsonValue | undefined): v is { [key: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function excerpt(text: string): string {
  const one = text.replace(/\s+/g, ' ')
  return JSON.stringify(one.length > 80 ? one.slice(0, 80) + '…' : one)
}
