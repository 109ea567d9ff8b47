import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import * as dagCbor from '@ipld/dag-cbor'
import * as CarBufferWriter from '@ipld/car/buffer-writer'
import { CarWriter } from '@ipld/car/writer'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { CarError, indexCar, readCar, writeCar } from './car.js'
import { Codec, Multihash, dagCborCid, cidOf } from './cid.js'

function block(value: unknown): readonly [CID, Uint8Array] {
  const bytes = dagCbor.encode(value)
  return [dagCborCid(bytes), bytes] as const
}

const a = block({ hello: 'world' })
const b = block([1, 2, 3, 'a longer payload string so the block is not tiny'])
const raw = [cidOf(Codec.IPLD_RAW, new Uint8Array([9, 8, 7])), new Uint8Array([9, 8, 7])] as const
const identityBytes = new Uint8Array([0xa0])
const ident = [CID.createV1(Codec.DAG_CBOR, Digest.create(Multihash.IDENTITY, identityBytes)), identityBytes] as const

function sample(): Uint8Array {
  return writeCar([a[0], b[0]], [a, b, raw, ident])
}

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer
    return i
  }
  return -1
}

describe('car', () => {
  it('round-trips roots and blocks in order', () => {
    const bytes = sample()
    const car = readCar(bytes)
    assert.deepEqual(
      car.roots.map((r) => r.toString()),
      [a[0].toString(), b[0].toString()],
    )
    assert.equal(car.blocks.length, 4)
    for (const [i, [cid, data]] of [a, b, raw, ident].entries()) {
      const got = car.blocks[i]
      assert.ok(got)
      assert.ok(got[0].equals(cid))
      assert.deepEqual(got[1], data)
    }
    // writing what we read gives the same bytes
    assert.deepEqual(writeCar(car.roots, car.blocks), bytes)
  })

  it('writes the same bytes as the streaming @ipld/car writer', async () => {
    const { writer, out } = CarWriter.create([a[0], b[0]])
    const chunks: Uint8Array[] = []
    const collected = (async () => {
      for await (const chunk of out) chunks.push(chunk)
    })()
    for (const [cid, bytes] of [a, b, raw, ident]) await writer.put({ cid, bytes })
    await writer.close()
    await collected
    assert.deepEqual(new Uint8Array(Buffer.concat(chunks)), sample())
  })

  it('returns copies of block bytes, not views into the input', () => {
    const bytes = sample()
    const car = readCar(bytes)
    const first = car.blocks[0]
    assert.ok(first)
    bytes.fill(0)
    assert.deepEqual(first[1], a[1])
  })

  it('accepts a CAR with roots but no blocks', () => {
    const car = readCar(writeCar([a[0]], []))
    assert.equal(car.blocks.length, 0)
    assert.equal(car.roots.length, 1)
  })

  it('rejects a block whose payload byte was flipped', () => {
    const bytes = sample()
    const at = indexOf(bytes, b[1])
    assert.ok(at > 0)
    const bad = bytes.slice()
    bad[at + 5] = (bad[at + 5] as number) ^ 0x01
    assert.throws(() => readCar(bad), (e: unknown) => e instanceof CarError && /does not hash to its CID/.test(e.message))
  })

  it('rejects a wrong identity payload', () => {
    const bytes = writeCar([a[0]], [ident])
    const bad = bytes.slice()
    bad[bad.length - 1] = 0xa1
    assert.throws(() => readCar(bad), CarError)
  })

  it('rejects truncated input at every cut point inside a section', () => {
    const bytes = sample()
    // A cut exactly between sections is a well-formed, shorter CAR; every other cut must fail.
    const boundaries = new Map<number, number>()
    let end = CarBufferWriter.headerLength({ roots: [a[0], b[0]] })
    boundaries.set(end, 0)
    for (const [i, [cid, data]] of [a, b, raw, ident].entries()) {
      end += CarBufferWriter.blockLength({ cid, bytes: data })
      boundaries.set(end, i + 1)
    }
    assert.equal(end, bytes.length)
    for (let cut = 0; cut < bytes.length; cut++) {
      const whole = boundaries.get(cut)
      if (whole === undefined) {
        assert.throws(() => readCar(bytes.subarray(0, cut)), CarError, `cut at ${cut}`)
      } else {
        assert.equal(readCar(bytes.subarray(0, cut)).blocks.length, whole)
      }
    }
  })

  it('rejects garbage', () => {
    assert.throws(() => readCar(new Uint8Array(0)), CarError)
    assert.throws(() => readCar(new TextEncoder().encode('this is not a CAR file at all')), CarError)
    assert.throws(() => readCar(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])), CarError)
    assert.throws(() => readCar(new Uint8Array(64).fill(0x42)), CarError)
  })

  it('rejects a header with no roots, and writing one', () => {
    // header {roots: [], version: 1}, length-prefixed
    const header = dagCbor.encode({ roots: [], version: 1 })
    const bytes = new Uint8Array([header.length, ...header])
    assert.throws(() => readCar(bytes), (e: unknown) => e instanceof CarError && /no roots/.test(e.message))
    assert.throws(() => writeCar([], [a]), CarError)
  })

  it('refuses to write a block that does not match its CID', () => {
    assert.throws(() => writeCar([a[0]], [[a[0], b[1]]]), CarError)
  })

  describe('indexCar (the framing only, for archives read in place)', () => {
    const index = (bytes: Uint8Array) => indexCar((offset, length) => bytes.subarray(offset, Math.min(offset + length, bytes.length)), bytes.length)

    it('finds every block readCar finds, at the place of its bytes', () => {
      const bytes = sample()
      const car = readCar(bytes)
      const ix = index(bytes)
      assert.deepEqual(ix.roots.map(String), car.roots.map(String))
      assert.equal(ix.blocks.length, car.blocks.length)
      for (const [i, loc] of ix.blocks.entries()) {
        const [cid, data] = car.blocks[i] as readonly [CID, Uint8Array]
        assert.ok(loc.cid.equals(cid))
        assert.deepEqual(bytes.subarray(loc.offset, loc.offset + loc.length), data)
      }
    })

    it('accepts the same truncations as readCar and rejects the others', () => {
      const bytes = sample()
      for (let cut = 0; cut < bytes.length; cut++) {
        const part = bytes.subarray(0, cut)
        let whole: number | undefined
        try {
          whole = readCar(part).blocks.length
        } catch {
          whole = undefined
        }
        if (whole === undefined) assert.throws(() => index(part), CarError, `cut at ${cut}`)
        else assert.equal(index(part).blocks.length, whole, `cut at ${cut}`)
      }
    })

    it('does not hash the blocks (a flipped payload byte is found when the block is read)', () => {
      const bytes = sample()
      const at = indexOf(bytes, b[1])
      const bad = bytes.slice()
      bad[at + 5] = (bad[at + 5] as number) ^ 0x01
      assert.equal(index(bad).blocks.length, 4)
    })

    it('rejects garbage, other versions and a header with no roots', () => {
      for (const g of [new Uint8Array(0), new TextEncoder().encode('this is not a CAR file at all'), new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), new Uint8Array(64).fill(0x42)]) {
        assert.throws(() => index(g), CarError)
      }
      const noRoots = dagCbor.encode({ roots: [], version: 1 })
      assert.throws(() => index(new Uint8Array([noRoots.length, ...noRoots])), /no roots/)
      const v2 = dagCbor.encode({ roots: [a[0]], version: 2 })
      assert.throws(() => index(new Uint8Array([v2.length, ...v2])), /version/)
    })
  })
})
