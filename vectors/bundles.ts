/**
 * Built-in actor bundles given by the user (`--bundles DIR` or $FVM_SPEC_BUNDLES): every `.car`
 * in the folder is indexed (its framing parsed, every block's CID and place in the file noted) and
 * all blocks are put in one shared read-only layer under every vector's blockstore — as ref-fvm's
 * conformance runner seeds its blockstore with the bundles before loading a vector.
 *
 * A block's bytes are read from its file, and checked against its CID, when something first asks
 * for them: a vector uses a handful of the hundreds of actor modules of ten bundles, so neither the
 * time to read and hash the rest nor the memory to hold it is spent. Small blocks (the manifests)
 * are kept once read; actor code is read when the engine compiles it, which it does once.
 *
 * @rule runner.bundles
 */
import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs'
import { join } from 'node:path'
import { CarError, indexCar } from '../interpreter/ipld/car.js'
import { cidKey, verifyBlock, type CID } from '../interpreter/ipld/cid.js'

export interface BundleSet {
  readonly dir: string
  readonly files: readonly string[]
  readonly blocks: ReadonlyMap<string, Uint8Array>
}

/** A bundle block whose bytes, read when first used, do not hash to its CID. */
export class BundleError extends Error {
  override readonly name = 'BundleError'
}

interface Located {
  readonly file: string
  readonly cid: CID
  readonly offset: number
  readonly length: number
}

/** Blocks up to this size are kept once read. */
const KEEP_BYTES = 64 * 1024

/** Reads `length` bytes at `offset` of an open file (fewer at its end). */
function readAt(fd: number, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length)
  let got = 0
  while (got < length) {
    const n = readSync(fd, out, got, length - got, offset + got)
    if (n === 0) break
    got += n
  }
  return got === length ? out : out.subarray(0, got)
}

/** The blocks of a folder of bundles, read from their files on demand (a read-only map by CID key). */
class BundleBlocks implements ReadonlyMap<string, Uint8Array> {
  private readonly where = new Map<string, Located>()
  private readonly kept = new Map<string, Uint8Array>()

  /** Indexes one CAR file; a later file's block replaces an earlier one's (the same bytes, by its CID). */
  add(file: string): void {
    const fd = openSync(file, 'r')
    try {
      const { blocks } = indexCar((offset, length) => readAt(fd, offset, length), fstatSync(fd).size)
      for (const b of blocks) this.where.set(cidKey(b.cid), { file, ...b })
    } catch (e) {
      if (e instanceof CarError) throw new CarError(`${file}: ${e.message}`)
      throw e
    } finally {
      closeSync(fd)
    }
  }

  get(key: string): Uint8Array | undefined {
    const kept = this.kept.get(key)
    if (kept !== undefined) return kept
    const at = this.where.get(key)
    if (at === undefined) return undefined
    const fd = openSync(at.file, 'r')
    let bytes: Uint8Array
    try {
      bytes = readAt(fd, at.offset, at.length)
    } finally {
      closeSync(fd)
    }
    const problem = bytes.length === at.length ? verifyBlock(at.cid, bytes) : 'the file is shorter than when it was indexed'
    if (problem !== undefined) throw new BundleError(`bundle ${at.file}: block ${key}: ${problem}`)
    if (bytes.length <= KEEP_BYTES) this.kept.set(key, bytes)
    return bytes
  }

  has(key: string): boolean {
    return this.where.has(key)
  }

  get size(): number {
    return this.where.size
  }

  *keys(): MapIterator<string> {
    yield* this.where.keys()
  }

  *entries(): MapIterator<[string, Uint8Array]> {
    for (const key of this.where.keys()) yield [key, this.get(key) as Uint8Array]
  }

  *values(): MapIterator<Uint8Array> {
    for (const [, bytes] of this.entries()) yield bytes
  }

  [Symbol.iterator](): MapIterator<[string, Uint8Array]> {
    return this.entries()
  }

  forEach(f: (value: Uint8Array, key: string, map: ReadonlyMap<string, Uint8Array>) => void): void {
    for (const [key, bytes] of this.entries()) f(bytes, key, this)
  }
}

export function loadBundles(dir: string): BundleSet {
  const files = readdirSync(dir).filter((f) => f.endsWith('.car')).sort()
  const blocks = new BundleBlocks()
  for (const f of files) blocks.add(join(dir, f))
  return { dir, files, blocks }
}
