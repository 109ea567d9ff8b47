/**
 * The `vm` namespace: exiting (v2 `abort`, v3 `exit`) and the invocation's own context
 * (v2 `context`, v3 `message_context`).
 */
import { onMessageContext } from '../../gas/price-list.js'
import { ExitCode } from '../../types/exit-code.js'
import { concatOut, i64Bytes, returns, slice, tokenAmountBytes, u32, u32Bytes, u64Bytes, type SyscallDef } from '../abi.js'
import { kcharge, kfail, kok, kthen, type KernelState } from '../kernel.js'

const MAX_MESSAGE_LEN = 1024

function exitMessage(k: KernelState, memory: Uint8Array, off: number, len: number): string {
  if (len === 0) return 'actor aborted'
  const s = slice(k, memory, off, len)
  if (s.result._tag === 'Left') return 'failed to extract error message'
  const bytes = s.result.right.length > MAX_MESSAGE_LEN ? s.result.right.subarray(0, MAX_MESSAGE_LEN) : s.result.right
  return new TextDecoder().decode(bytes)
}

/** Exit codes below 16 are the system's; an actor that uses one gets SYS_ILLEGAL_EXIT_CODE. @rule syscall.vm-exit */
function actorExitCode(code: number, zeroIsSuccess: boolean): number {
  if (zeroIsSuccess && code === 0) return 0
  return code < 16 ? ExitCode.SYS_ILLEGAL_EXIT_CODE : code
}

/** v2 vm.abort(code, msg_off, msg_len): ends the invocation; 0 is also illegal (nv ≥ 16). @rule syscall.vm-exit */
const abort: SyscallDef = {
  module: 'vm', name: 'abort', params: ['i32', 'i32', 'i32'], out: 0, versions: ['v2'], rule: 'syscall.vm-exit', diverges: true,
  body: (k, memory, [code, off, len]) =>
    kfail(k, { kind: 'exit', code: actorExitCode(u32(code), false), blockId: 0, message: exitMessage(k, memory, u32(off), u32(len)) }),
}

/** v3 vm.exit(code, blk, msg_off, msg_len): 0 returns successfully, with blk as the return value. @rule syscall.vm-exit */
const exit: SyscallDef = {
  module: 'vm', name: 'exit', params: ['i32', 'i32', 'i32', 'i32'], out: 0, versions: ['v3', 'v4'], rule: 'syscall.vm-exit', diverges: true,
  body: (k, memory, [code, blk, off, len]) =>
    kfail(k, { kind: 'exit', code: actorExitCode(u32(code), true), blockId: u32(blk), message: exitMessage(k, memory, u32(off), u32(len)) }),
}

/**
 * v2 vm.context → InvocationContext { value_received, caller, receiver, method_number,
 * network_curr_epoch, network_version } (52 bytes).
 *
 * @rule syscall.vm-context
 */
const context: SyscallDef = {
  module: 'vm', name: 'context', params: [], out: 52, versions: ['v2'], rule: 'syscall.vm-context',
  body: (k) => {
    const f = k.frame
    const m = k.cm.machine
    return kok(k, returns(concatOut(tokenAmountBytes(f.valueReceived), u64Bytes(f.caller), u64Bytes(f.receiver), u64Bytes(f.method), i64Bytes(m.context.epoch), u32Bytes(m.rules.nv))))
  },
}

/**
 * v3 vm.message_context → MessageContext { origin, nonce, caller, receiver, method_number,
 * value_received, gas_premium, flags } (80 bytes); flags bit 0 is READ_ONLY.
 *
 * @rule syscall.vm-context
 */
const messageContext: SyscallDef = {
  module: 'vm', name: 'message_context', params: [], out: 80, versions: ['v3', 'v4'], rule: 'syscall.vm-context',
  body: (k) =>
    kthen(kcharge(k, onMessageContext(k.cm.machine.rules.priceList)), (k1) => {
      const f = k1.frame
      const cm = k1.cm
      return kok(k1, returns(concatOut(
        u64Bytes(cm.origin), u64Bytes(cm.nonce), u64Bytes(f.caller), u64Bytes(f.receiver), u64Bytes(f.method),
        tokenAmountBytes(f.valueReceived), tokenAmountBytes(cm.gasPremium), u64Bytes(f.readOnly ? 1n : 0n),
      )))
    }),
}

export const VM_SYSCALLS: readonly SyscallDef[] = [abort, exit, context, messageContext]
