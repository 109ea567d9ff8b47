/**
 * Where the FVM side comes from: the bundles folder ($FVM_SPEC_BUNDLES), the sandbox module
 * (tools/sandbox), and the network versions to run — every version from
 * nv18 (the first with the EVM actor) that the interpreter has rules for. The list is read from
 * the interpreter, so nv19–28 join when their rules land.
 */
import { NETWORK_RULES } from '../../interpreter/machine/network-rules.js'
import { FvmSide } from './fvm-side.js'
import type { ChainContext, Side } from './side.js'

/** Network versions with an EVM actor that fvm-spec can run. */
export function fevmVersions(): number[] {
  return [...NETWORK_RULES.keys()].filter((nv) => nv >= 18).sort((a, b) => a - b)
}

export interface FvmEnv {
  readonly bundles: string
  readonly makeSide: (ctx: ChainContext) => Promise<Side>
}

/** The FVM side, or the reason it cannot run here. */
export function loadFvmEnv(bundles = process.env.FVM_SPEC_BUNDLES): FvmEnv | string {
  if (bundles === undefined || bundles === '') return 'FVM_SPEC_BUNDLES is not set (the FVM side needs the built-in actor bundles)'
  return { bundles, makeSide: (ctx) => FvmSide.create(bundles, ctx) }
}
