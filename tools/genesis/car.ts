/**
 * The blocks a state needs, packed the way test vectors carry them: every block reachable from
 * the roots through DAG-CBOR links, except the bundle's actor code (the reader supplies that with
 * --bundles, as for the mainnet vectors), in a CARv1, gzipped, base64.
 */
import { gunzipSync, gzipSync } from 'node:zlib'
import type { BlockReader } from '../../interpreter/ipld/blockstore.js'
import { MissingBlockError } from '../../interpreter/ipld/blockstore.js'
import { readCar } from '../../interpreter/ipld/car.js'
import { decodeCbor, type Ipld } from '../../interpreter/ipld/cbor.js'
import { CID, cidKey, Codec } from '../../interpreter/ipld/cid.js'
import { fromBase64, toBase64 } from '../../interpreter/util/bytes.js'
import { vectorCar } from '../../vectors/builder/vector-car.js'

/**
 * Piece and sector commitments (CommP, CommD, CommR) are CIDs with the Filecoin commitment
 * codecs: they name data that lives outside the state (a deal's piece, a sector), never a block.
 */
const COMMITMENT_CODECS: ReadonlySet<number> = new Set([Codec.FIL_COMMITMENT_UNSEALED, Codec.FIL_COMMITMENT_SEALED])

/**
 * Blocks reachable from `roots` (DAG-CBOR links followed), skipping `exclude` (CID texts) and
 * commitment CIDs (a deal proposal's piece CID). Every other reachable block must be in `store`.
 *
 * @rule genesis.car
 */
export function reachableBlocks(store: BlockReader, roots: readonly CID[], exclude: ReadonlySet<string>): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>()
  const stack: CID[] = [...roots]
  while (stack.length > 0) {
    const cid = stack.pop() as CID
    const key = cidKey(cid)
    if (out.has(key) || exclude.has(key) || COMMITMENT_CODECS.has(cid.code)) continue
    const bytes = store.get(cid)
    if (bytes === undefined) throw new MissingBlockError(cid)
    out.set(key, bytes)
    if (cid.code === Codec.DAG_CBOR) collectLinks(decodeCbor(bytes), stack)
  }
  return out
}

function collectLinks(v: Ipld, out: CID[]): void {
  const cid = CID.asCID(v)
  if (cid !== null) out.push(cid)
  else if (Array.isArray(v)) for (const x of v as readonly Ipld[]) collectLinks(x, out)
  else if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) for (const x of Object.values(v)) collectLinks(x, out)
}

/** A CARv1 of `blocks` with `roots`, blocks ordered by CID text, gzipped and base64: byte-identical for equal inputs. @rule genesis.car */
export function packCar(roots: readonly CID[], blocks: ReadonlyMap<string, Uint8Array>): string {
  return toBase64(gzipSync(vectorCar(roots, blocks), { level: 9 }))
}

/** The inverse of packCar, every block checked against its CID. */
export function unpackCar(text: string): { roots: CID[]; blocks: Array<readonly [CID, Uint8Array]> } {
  const gz = gunzipSync(fromBase64(text))
  return readCar(new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength))
}
