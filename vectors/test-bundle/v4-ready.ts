/**
 * Whether this tree runs FVM v4 (nv21–nv28) yet: the v4 rows (`machine/network-rules.ts`), the
 * v4 syscall bodies (`kernel/syscall-table.ts`) and, for vectors, nv21–nv28 among the supported
 * versions (the vector loader refuses others). Tests of v4 behaviour skip with the reason until
 * these are merged; they need no change when they are.
 */
import { isSupported } from '../../interpreter/types/network-version.js'
import { requireNetworkRules } from '../../interpreter/machine/network-rules.js'
import { syscallsFor } from '../../interpreter/kernel/syscall-table.js'

const V4_VERSIONS = [21, 22, 23, 24, 25, 26, 27, 28]

/** The row of `nv` is written and its release's kernel binds v4's new syscall (crypto.verify_bls_aggregate). */
function written(nv: number): boolean {
  try {
    return syscallsFor(requireNetworkRules(nv).fvm).some((d) => d.module === 'crypto' && d.name === 'verify_bls_aggregate')
  } catch {
    return false
  }
}

const machine: string[] = []
if (!V4_VERSIONS.every(written)) machine.push('needs the nv21–nv28 rows (branch v4cm) and the v4 kernel (branch v4kernel)')

/** False when nv21–nv28 machines run (rows and kernel); else why the v4 tests skip. */
export const V4_SKIP: string | false = machine.length === 0 ? false : machine.join('; ')

/** False when, in addition, nv21–nv28 are supported versions, so vectors at them load and run. */
export const V4_VECTORS_SKIP: string | false =
  V4_SKIP !== false ? V4_SKIP : V4_VERSIONS.every(isSupported) ? false : 'needs nv21–nv28 in SUPPORTED_NETWORK_VERSIONS (branch v4cm)'
