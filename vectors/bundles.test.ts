import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as dagCbor from '@ipld/dag-cbor'
import { CarError, writeCar } from '../interpreter/ipld/car.js'
import { cidKey, cidOf, Codec, dagCborCid } from '../interpreter/ipld/cid.js'
import { BundleError, loadBundles } from './bundles.js'

const small = dagCbor.encode({ manifest: 'small' })
const smallCid = dagCborCid(small)
const big = new Uint8Array(200_000).map((_, i) => (i * 7) & 0xff)
const bigCid = cidOf(Codec.IPLD_RAW, big)

function folder(files: Record<string, Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-spec-bundles-test-'))
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes)
  return dir
}

function flip(bytes: Uint8Array, payload: Uint8Array, at: number): Uint8Array {
  const out = bytes.slice()
  const start = Buffer.from(bytes).indexOf(Buffer.from(payload.subarray(0, 32)))
  assert.ok(start > 0)
  out[start + at] = (out[start + at] as number) ^ 0x01
  return out
}

describe('bundles (read on demand)', () => {
  it('serves every block of every .car, byte for byte, and knows them without reading them', () => {
    const dir = folder({ 'a.car': writeCar([smallCid], [[smallCid, small]]), 'b.car': writeCar([bigCid], [[bigCid, big]]), 'notes.txt': new Uint8Array([1]) })
    try {
      const set = loadBundles(dir)
      assert.deepEqual(set.files, ['a.car', 'b.car'])
      assert.equal(set.blocks.size, 2)
      assert.ok(set.blocks.has(cidKey(bigCid)))
      assert.deepEqual(set.blocks.get(cidKey(smallCid)), small)
      assert.deepEqual(set.blocks.get(cidKey(bigCid)), big)
      assert.equal(set.blocks.get('bafy-not-there'), undefined)
      assert.deepEqual([...set.blocks.keys()].sort(), [cidKey(smallCid), cidKey(bigCid)].sort())
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a block that does not hash to its CID is refused when it is read, not when the folder is loaded', () => {
    const car = writeCar([bigCid], [[smallCid, small], [bigCid, big]])
    const dir = folder({ 'bad.car': flip(car, big, 100) })
    try {
      const set = loadBundles(dir)
      assert.deepEqual(set.blocks.get(cidKey(smallCid)), small)
      assert.throws(() => set.blocks.get(cidKey(bigCid)), (e: unknown) => e instanceof BundleError && /bad\.car/.test(e.message) && /does not hash to its CID/.test(e.message))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a truncated or malformed CAR is refused when the folder is loaded, naming the file', () => {
    const car = writeCar([bigCid], [[bigCid, big]])
    const dir = folder({ 'cut.car': car.subarray(0, car.length - 10) })
    try {
      assert.throws(() => loadBundles(dir), (e: unknown) => e instanceof CarError && /cut\.car/.test(e.message))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
