/**
 * The syscall table as data: every syscall of every supported version, with its wasm signature,
 * the versions it exists in and the spec rule that states it. The invocation container derives
 * the actor's imports from it.
 *
 * @rule kernel.syscall-table
 */
import type { FvmVersion } from '../types/network-version.js'
import type { SyscallDef } from './abi.js'
import { ACTOR_SYSCALLS } from './syscalls/actor.js'
import { IPLD_SYSCALLS } from './syscalls/ipld.js'
import { SELF_SYSCALLS } from './syscalls/self.js'
import { SEND_SYSCALLS } from './syscalls/send.js'
import { VM_SYSCALLS } from './syscalls/vm.js'
import { DEBUG_SYSCALLS } from './syscalls/debug.js'
import { EVENT_SYSCALLS } from './syscalls/event.js'
import { GAS_SYSCALLS } from './syscalls/gas.js'
import { NETWORK_SYSCALLS } from './syscalls/network.js'
import { RAND_SYSCALLS } from './syscalls/rand.js'
import { CRYPTO_SYSCALLS } from './syscalls/crypto.js'

export const SYSCALLS: readonly SyscallDef[] = [...VM_SYSCALLS, ...SEND_SYSCALLS, ...IPLD_SYSCALLS, ...SELF_SYSCALLS, ...ACTOR_SYSCALLS, ...RAND_SYSCALLS, ...NETWORK_SYSCALLS, ...GAS_SYSCALLS, ...DEBUG_SYSCALLS, ...EVENT_SYSCALLS, ...CRYPTO_SYSCALLS]

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
