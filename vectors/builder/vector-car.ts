/**
 * The CAR a generated vector carries: its roots (pre-state, then post-state) and the union of
 * the given block sets, each block once, ordered by CID text so that the file is byte-identical
 * whenever its contents are.
 */
import { writeCar } from '../../interpreter/ipld/car.js'
import { CID } from '../../interpreter/ipld/cid.js'

export function vectorCar(roots: readonly CID[], ...blockSets: Iterable<readonly [string, Uint8Array]>[]): Uint8Array {
  const blocks = new Map<string, Uint8Array>()
  for (const set of blockSets) for (const [key, bytes] of set) blocks.set(key, bytes)
  const sorted = [...blocks].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([key, bytes]) => [CID.parse(key), bytes] as const)
  return writeCar([...roots], sorted)
}
