/**
 * Whether this tree runs FVM v4 (nv21–nv28) yet: the v4 rows (`machine/network-rules.ts`) and
 * the v4 syscall bodies (`kernel/syscall-table.ts`) are written on other branches. Tests of v4
 * behaviour skip with the reason until both are merged; they need no change when they are.
 */
import { networkRulesFor } from '../../interpreter/machine/network-rules.js'
import { syscallsFor } from '../../interpreter/kernel/syscall-table.js'

const reasons: string[] = []
if (networkRulesFor(21) === undefined || networkRulesFor(28) === undefined) reasons.push('needs the nv21–nv28 rows (branch v4cm)')
if (syscallsFor('v4').length === 0) reasons.push('needs the v4 kernel (branch v4kernel)')

/** False when nv21–nv28 run; else why the v4 tests skip. */
export const V4_SKIP: string | false = reasons.length === 0 ? false : reasons.join('; ')
