/**
 * Network versions and what they select: the ref-fvm generation (v2 for nv15..nv17, v3 for
 * nv18..nv20) and the StateRoot version.
 *
 * Ground truth: ref-fvm `shared/src/version/mod.rs`, `fvm/src/machine/default.rs`
 * (SUPPORTED_VERSIONS) and `fvm/src/state_tree.rs` at fvm@v2.12.1 and fvm@v3.14.1.
 */

/** A network version number (u32 in ref-fvm). */
export type NetworkVersion = number

/** Named network versions. */
export const NetworkVersion = {
  V0: 0,
  V1: 1,
  V2: 2,
  V3: 3,
  V4: 4,
  V5: 5,
  V6: 6,
  V7: 7,
  V8: 8,
  V9: 9,
  V10: 10,
  V11: 11,
  V12: 12,
  V13: 13,
  V14: 14,
  V15: 15,
  V16: 16,
  V17: 17,
  V18: 18,
  V19: 19,
  V20: 20,
  V21: 21,
  SKYR: 16,
  SHARK: 17,
  HYGGE: 18,
} as const

const NAMES: readonly string[] = [
  'genesis',
  'breeze',
  'smoke',
  'ignition',
  'actorsv2',
  'tape',
  'kumquat',
  'calico',
  'persian',
  'orange',
  'trust',
  'norwegian',
  'turbo',
  'hyperdrive',
  'chocolate',
  'ohsnap',
  'skyr',
  'shark',
  'hygge',
  'lightning',
  'thunder',
  'watermelon',
]

/** Upgrade name of a network version, e.g. 17 → "shark", 18 → "hygge"; `nv<n>` if unnamed. */
export function networkVersionName(nv: NetworkVersion): string {
  return NAMES[nv] ?? `nv${nv}`
}

/** The ref-fvm generation: 'v2' = fvm@v2.12.1 rules, 'v3' = fvm@v3.14.1 rules. */
export type FvmVersion = 'v2' | 'v3'

/** The network versions this interpreter specifies and executes. */
export const SUPPORTED_NETWORK_VERSIONS: readonly NetworkVersion[] = [17, 18]

/**
 * True for the network versions this interpreter executes: nv17 (shark, ref-fvm v2) and
 * nv18 (hygge, ref-fvm v3). ref-fvm v2 also runs nv15..16 and v3 nv19..20; those are out of scope.
 *
 * @rule types.network-versions
 */
export function isSupported(nv: NetworkVersion): boolean {
  return SUPPORTED_NETWORK_VERSIONS.includes(nv)
}

/**
 * The ref-fvm generation whose machine accepts `nv` (v2: nv15..=nv17, v3: nv18..=nv20), or
 * undefined.
 *
 * @rule types.network-versions
 */
export function fvmVersionFor(nv: NetworkVersion): FvmVersion | undefined {
  if (nv >= 15 && nv <= 17) return 'v2'
  if (nv >= 18 && nv <= 20) return 'v3'
  return undefined
}

/** Like fvmVersionFor, but throws for unknown versions. */
export function requireFvmVersion(nv: NetworkVersion): FvmVersion {
  const v = fvmVersionFor(nv)
  if (v === undefined) throw new Error(`unsupported network version: ${nv}`)
  return v
}

/**
 * The StateRoot version written for a new state tree: 4 under v2 (nv15..17), 5 under v3.
 *
 * @rule types.network-versions
 */
export function stateRootVersionFor(nv: NetworkVersion): bigint {
  return requireFvmVersion(nv) === 'v2' ? 4n : 5n
}

/**
 * Whether a state tree of StateRoot version `v` can be loaded at `nv`: v2 accepts 3 or 4,
 * v3 accepts only 5 (anything else is a fatal "unsupported state tree version").
 *
 * @rule types.network-versions
 */
export function acceptsStateRootVersion(nv: NetworkVersion, v: bigint): boolean {
  const fvm = fvmVersionFor(nv)
  if (fvm === 'v2') return v === 3n || v === 4n
  if (fvm === 'v3') return v === 5n
  return false
}
