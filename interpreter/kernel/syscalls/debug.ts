/**
 * The `debug` namespace. Actor debugging is off in this machine (as in ref-fvm's conformance
 * runner), so `log` and `store_artifact` do nothing — not even their argument checks, which ref-fvm
 * makes only when debugging is on — and `enabled` reports −1. Each still pays the container's
 * 14 000 syscall charge.
 */
import { i32Bytes, NOTHING, returns, type SyscallDef } from '../abi.js'
import { kok } from '../kernel.js'

/** debug.log(msg_off, msg_len): a no-op with debugging off. @rule syscall.debug-log */
const log: SyscallDef = {
  module: 'debug', name: 'log', params: ['i32', 'i32'], out: 0, versions: ['v2', 'v3', 'v4'], rule: 'syscall.debug-log',
  body: (k) => kok(k, NOTHING),
}

/** debug.enabled → i32: −1 (disabled); 0 would mean enabled. @rule syscall.debug-enabled */
const enabled: SyscallDef = {
  module: 'debug', name: 'enabled', params: [], out: 4, versions: ['v2', 'v3', 'v4'], rule: 'syscall.debug-enabled',
  body: (k) => kok(k, returns(i32Bytes(-1))),
}

/** debug.store_artifact(name_off, name_len, data_off, data_len): a no-op with debugging off. @rule syscall.debug-store-artifact */
const storeArtifact: SyscallDef = {
  module: 'debug', name: 'store_artifact', params: ['i32', 'i32', 'i32', 'i32'], out: 0, versions: ['v2', 'v3', 'v4'], rule: 'syscall.debug-store-artifact',
  body: (k) => kok(k, NOTHING),
}

export const DEBUG_SYSCALLS: readonly SyscallDef[] = [log, enabled, storeArtifact]
