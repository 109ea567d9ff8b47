/**
 * Which built-in actors bundle a network version runs, and the file name it has in a bundle
 * folder. Network versions are data: one row per version.
 *
 * Source: go-state-types `actors/version.go` `VersionForNetwork` (nv17 → 9 … nv28 → 18); the
 * file names are the ones Lotus `build/actors/vN.tar.zst` unpacks to.
 *
 * @rule genesis.bundle-per-version
 */
export const ACTORS_VERSION: ReadonlyMap<number, number> = new Map([
  [17, 9],
  [18, 10],
  [19, 11],
  [20, 11],
  [21, 12],
  [22, 13],
  [23, 14],
  [24, 15],
  [25, 16],
  [26, 16],
  [27, 17],
  [28, 18],
])

/** The built-in actors version of network version `nv`, or undefined when there is no row for it. */
export function actorsVersionFor(nv: number): number | undefined {
  return ACTORS_VERSION.get(nv)
}

/** `v<actors version>-builtin-actors-mainnet.car`. @rule genesis.bundle-per-version */
export function bundleFileName(actorsVersion: number): string {
  return `v${actorsVersion}-builtin-actors-mainnet.car`
}
