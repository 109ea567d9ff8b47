/**
 * The syscall table as data: every syscall of every supported version, with its wasm signature,
 * the versions it exists in and the spec rule that states it. The invocation container derives
 * the actor's imports from it.
 *
 * @rule kernel.syscall-table
 */
import type { FvmVersion } from '../types/network-version.js'
import type { SyscallDef } from './abi.js'
import { SEND_SYSCALLS } from './syscalls/send.js'
import { VM_SYSCALLS } from './syscalls/vm.js'

export const SYSCALLS: readonly SyscallDef[] = [...VM_SYSCALLS, ...SEND_SYSCALLS]

const byVersion = new Map<FvmVersion, readonly SyscallDef[]>()

/** The syscalls a version binds. */
export function syscallsFor(version: FvmVersion): readonly SyscallDef[] {
  let defs = byVersion.get(version)
  if (defs === undefined) {
    defs = SYSCALLS.filter((d) => d.versions.includes(version))
    byVersion.set(version, defs)
  }
  return defs
}
