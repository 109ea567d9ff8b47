/**
 * Which built-in actors bundle a network version runs, and the file name it has in a bundle
 * folder. The version comes from the network version's row (`NetworkRules.builtinActors`, go-state-types
 * `actors/version.go` `VersionForNetwork`); the file names are the ones Lotus
 * `build/actors/vN.tar.zst` unpacks to.
 *
 * @rule genesis.bundle-per-version
 */
import { ALL_NETWORK_RULES } from '../../interpreter/machine/network-rules.js'

/**
 * The built-in actors version of network version `nv`, or undefined when the interpreter has no
 * row for it (a written row counts, supported or not: the bundle a version runs is data).
 */
export function actorsVersionFor(nv: number): number | undefined {
  return ALL_NETWORK_RULES.get(nv)?.builtinActors
}

/** `v<actors version>-builtin-actors-mainnet.car`. @rule genesis.bundle-per-version */
export function bundleFileName(actorsVersion: number): string {
  return `v${actorsVersion}-builtin-actors-mainnet.car`
}
