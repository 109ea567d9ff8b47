/**
 * The kernel of ref-fvm v4 (nv21–nv28). It reaches the state exactly as v3 does (the call
 * manager's charged accessors: `get_actor`, `set_actor`, `delete_actor`, `resolve_address` are
 * byte-identical between fvm@v3.14.1 and fvm@v4.8.2 `fvm/src/call_manager/default.rs`), signatures
 * still name key addresses only (`fvm/src/kernel/default.rs` L584–632), and every block an
 * invocation receives — its parameters (`call_manager/default.rs` L710–715) and a send's return
 * value (`kernel/default.rs` L169–183) — is registered with `put_reachable`: no codec check, and
 * its links become reachable (FIP-0071).
 *
 * The syscalls whose bodies changed at v4 have their own v4 entries in the syscall table
 * (`kernel/syscalls/*.ts`, `versions: ['v4']`).
 */
import { putReachable } from './block-registry.js'
import type { KernelRelease } from './kernel.js'
import { KERNEL_V3 } from './kernel-v3.js'

/**
 * @rule kernel.get-actor
 * @rule kernel.update-actor
 * @rule kernel.resolve-address
 * @rule kernel.reachability
 */
export const KERNEL_V4: KernelRelease = {
  ...KERNEL_V3,
  module: 'kernel-v4',
  receiveBlock: (registry, block) => putReachable(registry, block),
}
