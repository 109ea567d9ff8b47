/**
 * CARv1 archives: reading (with every block checked against its CID) and writing.
 *
 * @ipld/car's readers parse the framing but never hash the blocks, so `readCar` verifies each
 * block itself with `verifyBlock`, as ref-fvm's `fvm_ipld_car::load_car` does.
 */
import { CarBufferReader } from '@ipld/car/buffer-reader'
import * as CarBufferWriter from '@ipld/car/buffer-writer'
import { decode as decodeDagCbor } from '@ipld/dag-cbor'
import { varint } from 'multiformats'
import { CID, verifyBlock } from './cid.js'

/** A malformed or unverifiable CAR archive. */
export class CarError extends Error {
  override readonly name = 'CarError'
}

export interface Car {
  readonly roots: CID[]
  readonly blocks: Array<readonly [CID, Uint8Array]>
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

/**
 * Parses a CARv1 archive. Rejects: an empty or unparsable header, a version other than 1,
 * a header with no roots, a truncated or malformed block section, and any block whose bytes
 * do not hash to its CID (or whose multihash is not one the FVM can verify). Blocks are
 * returned in file order, duplicates included; their bytes are copies, not views of `bytes`.
 *
 * @rule car.read
 * @rule ipld.car-verify
 */
export function readCar(bytes: Uint8Array): Car {
  let reader: CarBufferReader
  try {
    reader = CarBufferReader.fromBytes(bytes)
  } catch (e) {
    throw new CarError(`malformed CAR: ${describe(e)}`)
  }
  if (reader.version !== 1) throw new CarError(`unsupported CAR version ${reader.version} (expected 1)`)
  const roots = reader.getRoots()
  if (roots.length === 0) throw new CarError('CAR header has no roots')
  // CarBufferReader.fromBytes decodes every section eagerly, so a truncated or malformed block
  // section has already surfaced as an error above; blocks() only replays them.
  const blocks: Array<readonly [CID, Uint8Array]> = []
  let index = 0
  for (const block of reader.blocks()) {
    const cid = CID.asCID(block.cid)
    if (cid === null) throw new CarError(`block #${index} has no valid CID`)
    const problem = verifyBlock(cid, block.bytes)
    if (problem !== undefined) throw new CarError(`block #${index}: ${problem}`)
    blocks.push([cid, block.bytes.slice()] as const)
    index++
  }
  return { roots: roots.map((r) => CID.asCID(r) ?? r), blocks }
}

/** Where one block of an archive lies: its CID, and its bytes' offset and length in the archive. */
export interface CarBlockLocation {
  readonly cid: CID
  readonly offset: number
  readonly length: number
}

/** The most bytes a section's varint and CID take (a CID's multihash digest is at most 64 bytes here). */
const SECTION_HEAD_BYTES = 10 + 128

/**
 * Parses the framing of a CARv1 archive that stays where it is (a file): the header and, for each
 * block, its CID and where its bytes lie, without reading them. `read(offset, length)` returns
 * the `length` bytes at `offset`, or fewer at the end of the archive (`size` bytes). Rejects what
 * `readCar` rejects, except a block whose bytes do not hash to its CID: the caller checks that
 * with `verifyBlock` when it reads the block.
 *
 * @rule car.read
 */
export function indexCar(read: (offset: number, length: number) => Uint8Array, size: number): { roots: CID[]; blocks: CarBlockLocation[] } {
  const varintAt = (pos: number, what: string): [number, number] => {
    const head = read(pos, 10)
    let value: number
    let n: number
    try {
      ;[value, n] = varint.decode(head)
    } catch (e) {
      throw new CarError(`malformed CAR: ${what}: ${describe(e)}`)
    }
    if (n > head.length || !Number.isSafeInteger(value)) throw new CarError(`malformed CAR: ${what}: truncated length`)
    return [value, n]
  }
  const [headerLength, h] = varintAt(0, 'header')
  if (headerLength === 0) throw new CarError('malformed CAR: Invalid CAR header (zero length)')
  if (h + headerLength > size) throw new CarError('malformed CAR: Unexpected end of data')
  let header: unknown
  try {
    header = decodeDagCbor(read(h, headerLength))
  } catch (e) {
    throw new CarError(`malformed CAR: ${describe(e)}`)
  }
  const { version, roots } = (header ?? {}) as { version?: unknown; roots?: unknown }
  if (version !== 1) throw new CarError(`unsupported CAR version ${String(version)} (expected 1)`)
  if (!Array.isArray(roots) || roots.some((r) => CID.asCID(r) === null)) throw new CarError('malformed CAR: Invalid CAR header format')
  if (roots.length === 0) throw new CarError('CAR header has no roots')
  const blocks: CarBlockLocation[] = []
  for (let pos = h + headerLength; pos < size;) {
    const index = blocks.length
    const [length, n] = varintAt(pos, `block #${index}`)
    if (length === 0) throw new CarError(`malformed CAR: block #${index}: Invalid CAR section (zero length)`)
    const end = pos + n + length
    if (end > size) throw new CarError(`malformed CAR: block #${index}: Unexpected end of data`)
    const head = read(pos + n, Math.min(length, SECTION_HEAD_BYTES))
    let cid: CID
    let rest: Uint8Array
    try {
      ;[cid, rest] = CID.decodeFirst(head)
    } catch (e) {
      throw new CarError(`malformed CAR: block #${index}: ${describe(e)}`)
    }
    const cidLength = head.length - rest.length
    blocks.push({ cid, offset: pos + n + cidLength, length: length - cidLength })
    pos = end
  }
  return { roots: roots.map((r) => CID.asCID(r) as CID), blocks }
}

/**
 * Serialises a CARv1 archive with the given roots and blocks, in the given order. Each block is
 * verified against its CID first (a CAR that `readCar` would reject is never produced), and at
 * least one root is required for the same reason.
 *
 * @rule car.write
 */
export function writeCar(roots: CID[], blocks: Iterable<readonly [CID, Uint8Array]>): Uint8Array {
  if (roots.length === 0) throw new CarError('a CAR needs at least one root')
  const list: Array<{ cid: CID; bytes: Uint8Array }> = []
  let size = CarBufferWriter.headerLength({ roots })
  let index = 0
  for (const [cid, bytes] of blocks) {
    const problem = verifyBlock(cid, bytes)
    if (problem !== undefined) throw new CarError(`cannot write block #${index}: ${problem}`)
    const block = { cid, bytes }
    size += CarBufferWriter.blockLength(block)
    list.push(block)
    index++
  }
  const writer = CarBufferWriter.createWriter(new ArrayBuffer(size), { roots })
  for (const block of list) writer.write(block)
  const out = writer.close({ resize: true })
  if (out.byteLength !== size) throw new CarError(`CAR size mismatch: wrote ${out.byteLength}, computed ${size}`)
  return out
}
