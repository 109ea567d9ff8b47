/**
 * Loading a test vector: JSON text → checked, decoded `LoadedVector`. Messages stay raw bytes
 * (decoding them is the executor's job); the CAR is gunzipped, parsed and every block verified.
 * Loading never throws: every problem is a `VectorError` naming the JSON path at fault.
 */
import { gunzipSync } from 'node:zlib'
import { basename } from 'node:path'
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import type { CID } from 'multiformats/cid'
import { readCar } from '../interpreter/ipld/car.js'
import { JsonParseError, parseJson } from './json.js'
import { DEFAULT_MAX_VECTOR_BYTES, formatBytes } from './read-file.js'
import { BASE64_ERROR, Envelope, MessageVector, VectorClass, errorMessage } from './schema.js'

export interface LoadedVector {
  id: string
  file: string
  class: 'message'
  selector: Record<string, string>
  variants: { id: string; epoch: bigint; nv: number }[]
  baseFee: bigint
  circSupply: bigint | null
  preRoot: CID
  postRoot: CID
  /** Verified CAR blocks, in file order. */
  blocks: Array<readonly [CID, Uint8Array]>
  carRoots: CID[]
  messages: { bytes: Uint8Array; epochOffset: bigint | null }[]
  receipts: { exitCode: number; returnData: Uint8Array; gasUsed: bigint }[]
  /** Replayed randomness: the 32-byte digest the extern returns for (kind, epoch). */
  randomness: { kind: 'chain' | 'beacon'; epoch: bigint; ret: Uint8Array }[]
  hints: string[]
}

export interface VectorError {
  readonly kind: 'json' | 'schema' | 'base64' | 'gzip' | 'car' | 'unsupported' | 'limit'
  readonly message: string
}

/** Bounds on what loading a vector may allocate. */
export interface LoadLimits {
  /** The most bytes the `car` field may inflate to (default DEFAULT_MAX_VECTOR_BYTES). */
  readonly maxCarBytes?: number
}

/**
 * The base fee when `preconditions.basefee` is absent: 100 attoFIL, as ref-fvm's
 * `TestMachine::new_for_vector` uses.
 *
 * @rule vector.base-fee-default
 */
export const DEFAULT_BASE_FEE = 100n

function fail(kind: VectorError['kind'], message: string): Either<VectorError, never> {
  return left({ kind, message })
}

function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

/**
 * Parses and checks one test vector. `file` is used in messages and as the id when `_meta.id`
 * is absent.
 *
 * @rule vector.schema
 * @rule vector.car-encoding
 * @rule vector.pre-root-in-car
 * @rule vector.randomness-records
 * @rule vector.size-limits
 */
export function loadVector(text: string, file: string, limits: LoadLimits = {}): Either<VectorError, LoadedVector> {
  try {
    return load(text, file, limits.maxCarBytes ?? DEFAULT_MAX_VECTOR_BYTES)
  } catch (e) {
    // Nothing below is expected to throw; keep the never-throws contract regardless.
    return fail('schema', `${file}: unexpected error while loading: ${describeError(e)}`)
  }
}

function load(text: string, file: string, maxCarBytes: number): Either<VectorError, LoadedVector> {
  let json: unknown
  try {
    json = parseJson(text)
  } catch (e) {
    if (e instanceof JsonParseError) return fail('json', `${file}: invalid JSON: ${e.message}`)
    throw e
  }

  const envelope = Envelope.decode(json)
  if (envelope._tag === 'Left') {
    const first = envelope.left[0]
    return fail('schema', `${file}: ${first === undefined ? 'not a test vector' : errorMessage(first)}`)
  }
  const cls = envelope.right.class
  if (!VectorClass.is(cls)) {
    return fail('schema', `${file}: $.class: unknown test vector class ${JSON.stringify(cls)} (expected "message", "tipset" or "blockseq")`)
  }
  if (cls !== 'message') {
    return fail('unsupported', `${file}: $.class: test vector class "${cls}" is not supported (only "message" is)`)
  }

  const decoded = MessageVector.decode(json)
  if (decoded._tag === 'Left') {
    const errors = decoded.left
    const first = errors[0]
    if (first === undefined) return fail('schema', `${file}: invalid message vector`)
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : ''
    const kind = first.message?.startsWith(BASE64_ERROR) === true ? 'base64' : 'schema'
    return fail(kind, `${file}: ${errorMessage(first)}${more}`)
  }
  const v = decoded.right

  if (v.postconditions.receipts.length !== v.apply_messages.length) {
    return fail(
      'schema',
      `${file}: $.postconditions.receipts: ${v.postconditions.receipts.length} receipts for ${v.apply_messages.length} messages in $.apply_messages (must be equal)`,
    )
  }

  // @rule vector.car-encoding: base64 (decoded by the schema) → gzip → CARv1.
  // @rule vector.size-limits: inflating stops as soon as the output passes the limit.
  let carBytes: Uint8Array
  try {
    const out = gunzipSync(v.car, { maxOutputLength: maxCarBytes })
    carBytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      return fail('limit', `${file}: $.car: the gzipped CAR (${v.car.length} bytes) inflates to more than the limit of ${formatBytes(maxCarBytes)} (--max-vector-bytes)`)
    }
    return fail('gzip', `${file}: $.car: not a valid gzip stream: ${describeError(e)}`)
  }
  let car: ReturnType<typeof readCar>
  try {
    car = readCar(carBytes)
  } catch (e) {
    return fail('car', `${file}: $.car: ${describeError(e)}`)
  }

  const preRoot = v.preconditions.state_tree.root_cid
  const postRoot = v.postconditions.state_tree.root_cid
  if (!car.roots.some((r) => r.equals(preRoot))) {
    return fail(
      'car',
      `${file}: $.preconditions.state_tree.root_cid: ${preRoot.toString()} is not among the CAR roots (${car.roots.map(String).join(', ')})`,
    )
  }

  const meta = v._meta ?? undefined
  const selector: Record<string, string> = Object.fromEntries(Object.entries(v.selector ?? {}))

  return right({
    id: meta?.id ?? basename(file).replace(/\.json$/, ''),
    file,
    class: 'message',
    selector,
    variants: (v.preconditions.variants ?? []).map((x) => ({ id: x.id, epoch: x.epoch, nv: x.nv })),
    baseFee: v.preconditions.basefee ?? DEFAULT_BASE_FEE,
    circSupply: v.preconditions.circ_supply ?? null,
    preRoot,
    postRoot,
    blocks: car.blocks,
    carRoots: car.roots,
    messages: v.apply_messages.map((m) => ({ bytes: m.bytes, epochOffset: m.epoch_offset ?? null })),
    receipts: v.postconditions.receipts.map((r) => ({ exitCode: r.exit_code, returnData: r.return, gasUsed: r.gas_used })),
    randomness: (v.randomness ?? []).map((r) => ({ kind: r.on[0], epoch: r.on[1], ret: r.ret })),
    hints: v.hints ?? [],
  })
}
