/**
 * CARv1 archives: reading (with every block checked against its CID) and writing.
 *
 * @ipld/car's readers parse the framing but never hash the blocks, so `readCar` verifies each
 * block itself with `verifyBlock`, as ref-fvm's `fvm_ipld_car::load_car` does.
 */
import { CarBufferReader } from '@ipld/car/buffer-reader'
import * as CarBufferWriter from '@ipld/car/buffer-writer'
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
