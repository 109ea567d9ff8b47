/**
 * Compilation targets and the EVM features of each network version, as data.
 *
 * Opcodes per built-in actors release, read from the EVM interpreter's opcode table
 * (`actors/evm/src/interpreter/execution.rs`, `def_opcodes!`) at each tag:
 *
 * | actors | nv | PUSH0 | MCOPY | TLOAD/TSTORE | CLZ |
 * |---|---|---|---|---|---|
 * | v10.0.0–v14.0.0 | 18–23 | yes | – | – | – |
 * | v15.0.0 | 24 | yes | 0x5e | – | – |
 * | v16.0.1, v17.0.0 | 25–27 | yes | 0x5e | 0x5c/0x5d | – |
 * | v18.0.0 | 28 | yes | 0x5e | 0x5c/0x5d | 0x1e |
 *
 * EVM precompiles (`actors/evm/src/interpreter/precompiles/mod.rs`, `EVM_PRECOMPILES`):
 * 0x01–0x09 from v10; the BLS12-381 set 0x0b–0x11 from v17 (nv27); P256VERIFY at 0x0100 from
 * v18 (nv28). 0x0a (KZG) never. The nv → actors map is Lotus
 * `chain/consensus/filcns/upgrades.go` (nv18 v10, nv19–20 v11, nv21 v12, nv22 v13, nv23 v14,
 * nv24 v15, nv25–26 v16, nv27 v17, nv28 v18).
 */

export type TargetName = 'shanghai' | 'cancun' | 'osaka'

export interface Target {
  readonly name: TargetName
  /** solc `evmVersion`. */
  readonly evmVersion: TargetName
  /** Lowest network version whose EVM actor runs everything this evmVersion may emit. */
  readonly minNv: number
}

/**
 * solc emits MCOPY on its own for evmVersion cancun (memory copies), never TLOAD/TSTORE or
 * CLZ unless the source asks for them; contracts that do carry `@custom:fevm-min-nv`.
 */
export const TARGETS: readonly Target[] = [
  { name: 'shanghai', evmVersion: 'shanghai', minNv: 18 },
  { name: 'cancun', evmVersion: 'cancun', minNv: 24 },
  { name: 'osaka', evmVersion: 'osaka', minNv: 28 },
]

/** The target whose bytecode runs at network version `nv`: the newest one it supports. */
export function targetFor(nv: number): Target {
  let t: Target | undefined
  for (const x of TARGETS) if (x.minNv <= nv) t = x
  if (t === undefined) throw new Error(`no FEVM at nv${nv} (the EVM actor arrives at nv18)`)
  return t
}

/** EVM features of the EVM actor at a network version (see the table above). */
export interface EvmFeatures {
  readonly mcopy: boolean
  readonly transient: boolean
  readonly clz: boolean
  readonly bls12: boolean
  readonly p256: boolean
}

export function featuresAt(nv: number): EvmFeatures {
  return { mcopy: nv >= 24, transient: nv >= 25, clz: nv >= 28, bls12: nv >= 27, p256: nv >= 28 }
}

/** The builtin-actors release of each network version from nv18 (Lotus upgrades.go). */
export const ACTORS_RELEASE: ReadonlyMap<number, string> = new Map([
  [18, 'v10.0.0'], [19, 'v11.0.0'], [20, 'v11.0.0'], [21, 'v12.0.0'], [22, 'v13.0.0'],
  [23, 'v14.0.0'], [24, 'v15.0.0'], [25, 'v16.0.1'], [26, 'v16.0.1'], [27, 'v17.0.0'], [28, 'v18.0.0'],
])
