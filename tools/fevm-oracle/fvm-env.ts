/**
 * Where the FVM side comes from: the bundles folder ($FVM_SPEC_BUNDLES), the sandbox module
 * (tools/sandbox, `fvm-spec/sandbox`), and the network versions to run — every version from
 * nv18 (the first with the EVM actor) that the interpreter has rules for. The list is read from
 * the interpreter, so nv19–28 join when their rules land.
 */
import { NETWORK_RULES } from '../../interpreter/machine/network-rules.js'
import { FvmSide, type SandboxModule } from './fvm-side.js'
import type { ChainContext, Side } from './side.js'

/** Network versions with an EVM actor that fvm-spec can run. */
export function fevmVersions(): number[] {
  return [...NETWORK_RULES.keys()].filter((nv) => nv >= 18).sort((a, b) => a - b)
}

export interface FvmEnv {
  readonly bundles: string
  readonly mod: SandboxModule
  readonly makeSide: (ctx: ChainContext) => Promise<Side>
}

/** The FVM side, or the reason it cannot run here. */
export async function loadFvmEnv(bundles = process.env.FVM_SPEC_BUNDLES): Promise<FvmEnv | string> {
  if (bundles === undefined || bundles === '') return 'FVM_SPEC_BUNDLES is not set (the FVM side needs the built-in actor bundles)'
  let mod: SandboxModule | undefined
  const errors: string[] = []
  for (const spec of ['../sandbox/index.js', 'fvm-spec/sandbox']) {
    try {
      const m = (await import(spec)) as Partial<SandboxModule>
      if (m.Sandbox !== undefined && typeof m.Sandbox.create === 'function') {
        mod = m as SandboxModule
        break
      }
      errors.push(`${spec}: no Sandbox export`)
    } catch (e) {
      errors.push(`${spec}: ${(e as Error).message.split('\n')[0] ?? ''}`)
    }
  }
  if (mod === undefined) return `the sandbox (tools/sandbox) is not available: ${errors.join('; ')}`
  const m = mod
  return { bundles, mod: m, makeSide: (ctx) => FvmSide.create(m, bundles, ctx) }
}
