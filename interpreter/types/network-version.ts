/**
 * Network versions, their names, and which ref-fvm release runs each (v2 for nv15..nv17, v3 for
 * nv18..nv20, v4 for nv21..nv28). Everything else a version selects is a row of
 * `machine/network-rules.ts`.
 *
 * Ground truth: ref-fvm `shared/src/version/mod.rs` and `fvm/src/machine/default.rs`
 * (SUPPORTED_VERSIONS) at fvm@v2.12.1, fvm@v3.14.1 and fvm@v4.8.2; the upgrade names are Lotus's
 * (`build/buildconstants/params_mainnet.go`, `Upgrade<Name>Height`).
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
  V22: 22,
  V23: 23,
  V24: 24,
  V25: 25,
  V26: 26,
  V27: 27,
  V28: 28,
  SKYR: 16,
  SHARK: 17,
  HYGGE: 18,
  LIGHTNING: 19,
  THUNDER: 20,
  WATERMELON: 21,
  DRAGON: 22,
  WAFFLE: 23,
  TUKTUK: 24,
  TEEP: 25,
  TOCK: 26,
  GOLDENWEEK: 27,
  FIREHORSE: 28,
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
  'dragon',
  'waffle',
  'tuktuk',
  'teep',
  'tock',
  'goldenweek',
  'firehorse',
]

/** Upgrade name of a network version, e.g. 17 → "shark", 18 → "hygge"; `nv<n>` if unnamed. */
export function networkVersionName(nv: NetworkVersion): string {
  return NAMES[nv] ?? `nv${nv}`
}

/**
 * The ref-fvm release whose rules a network version follows: 'v2' = fvm@v2.12.1, 'v3' =
 * fvm@v3.14.1, 'v4' = fvm@v4.8.2.
 */
export type FvmVersion = 'v2' | 'v3' | 'v4'

/**
 * The network versions each ref-fvm release's machine accepts, as data (`SUPPORTED_VERSIONS` in
 * `fvm/src/machine/default.rs`): fvm@v2.12.1 L64–65 V15..=V17, fvm@v3.14.1 L63–64 V18..=V20
 * (V21 only behind the `nv21-dev` feature), fvm@v4.8.2 L55–56 V21..=V28 (V29 only behind a
 * feature).
 *
 * @rule types.network-versions
 */
export const FVM_RELEASES: readonly { readonly fvm: FvmVersion; readonly tag: string; readonly networkVersions: readonly NetworkVersion[] }[] = [
  { fvm: 'v2', tag: 'fvm@v2.12.1', networkVersions: [15, 16, 17] },
  { fvm: 'v3', tag: 'fvm@v3.14.1', networkVersions: [18, 19, 20] },
  { fvm: 'v4', tag: 'fvm@v4.8.2', networkVersions: [21, 22, 23, 24, 25, 26, 27, 28] },
]

/**
 * The network versions this interpreter specifies and executes (each has a row in
 * `machine/network-rules.ts`): nv17 (ref-fvm v2), nv18–nv20 (ref-fvm v3) and nv21–nv28 (ref-fvm v4).
 */
export const SUPPORTED_NETWORK_VERSIONS: readonly NetworkVersion[] = [17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28]

/**
 * True for the network versions this interpreter executes. ref-fvm v2 also runs nv15..16; those
 * are out of scope (no rows).
 *
 * @rule types.network-versions
 */
export function isSupported(nv: NetworkVersion): boolean {
  return SUPPORTED_NETWORK_VERSIONS.includes(nv)
}

/**
 * The ref-fvm release whose machine accepts `nv` (v2: nv15..=nv17, v3: nv18..=nv20, v4:
 * nv21..=nv28), or undefined.
 *
 * @rule types.network-versions
 */
export function fvmVersionFor(nv: NetworkVersion): FvmVersion | undefined {
  return FVM_RELEASES.find((r) => r.networkVersions.includes(nv))?.fvm
}
