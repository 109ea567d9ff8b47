/**
 * The `send` namespace: one actor calling another.
 */
import { gasFromWhole } from '../../gas/gas.js'
import { ErrorNumber } from '../../types/error-number.js'
import { getBlock, isFull, NO_DATA_BLOCK_ID } from '../block-registry.js'
import { concatOut, readAddress, returns, u32, u32Bytes, u64, u64Bytes, type SyscallArgs, type SyscallDef, type SyscallOutput } from '../abi.js'
import { kerr, kfail, kok, kthen, lift, type KernelState, type KStep } from '../kernel.js'
import type { Block } from '../../call-manager/call-manager.js'

const U64_MAX = (1n << 64n) - 1n
const READ_ONLY_FLAG = 1n

/**
 * send.send(recipient_off, recipient_len, method, params_id, value_hi, value_lo,
 *           gas_limit, flags) → Send { exit_code u32, return_id u32, return_codec u64, return_size u32 }
 * (the v2 ABI has no gas_limit and flags: `sendV2` passes "no limit" and no flags). The v3 ABI is
 * also v4's (`fvm@v4.8.2:fvm/src/syscalls/send.rs` L15–53, `kernel/default.rs` L127–199).
 *
 * @rule syscall.send
 */
function sendBody(k: KernelState, memory: Uint8Array, args: SyscallArgs): KStep<SyscallOutput> {
  const [recOff, recLen, method, paramsId, hi, lo, gasLimit, flags] = args
  return kthen(readAddress(k, memory, u32(recOff), u32(recLen)), (k1, recipient): KStep<SyscallOutput> => {
    const value = (u64(hi) << 64n) | u64(lo)
    const rules = k1.cm.machine.rules
    const flagBits = u64(flags)
    if ((flagBits & ~READ_ONLY_FLAG) !== 0n) return kerr(k1, ErrorNumber.IllegalArgument, `invalid send flags: ${flagBits}`)
    const readOnly = k1.frame.readOnly || (flagBits & READ_ONLY_FLAG) !== 0n
    if (readOnly && value !== 0n) return kerr(k1, ErrorNumber.ReadOnly, 'cannot transfer value when read-only')
    let params: Block | null = null
    const pid = u32(paramsId)
    if (pid !== NO_DATA_BLOCK_ID) {
      const b = getBlock(k1.blocks, pid)
      if (b === undefined) return kerr(k1, ErrorNumber.InvalidHandle, `block handle ${pid} does not exist, or is illegal`)
      params = b
    }
    if (isFull(k1.blocks)) return kerr(k1, ErrorNumber.LimitExceeded, 'cannot store return block')
    const limit = u64(gasLimit) < U64_MAX ? gasFromWhole(u64(gasLimit), rules.priceList.arithmetic) : null
    const sendArgs = { from: k1.frame.receiver, to: recipient, method: u64(method), params, value, readOnly, gasLimit: limit }
    // nv17 and nv21+: the kernel wraps an actor-to-actor send in a transaction; nv18's send opens its own (`rules.send`).
    const step = lift(k1, (cm) => rules.send.sendFromActor(cm, sendArgs))
    return kthen(step, (k2, ret): KStep<SyscallOutput> => {
      const exitCode = ret.exitCode
      // nv17 returns no data with a failure.
      if (ret.value === null || (!rules.exitCarriesReturnBlock && exitCode !== 0)) {
        return kok(k2, returns(concatOut(u32Bytes(exitCode), u32Bytes(0), u64Bytes(0n), u32Bytes(0))))
      }
      // v2/v3 `put` (codec check), v4 `put_reachable` (its links become reachable), by `rules.kernel`.
      const put = rules.kernel.receiveBlock(k2.blocks, ret.value, rules.registryCodecs)
      if (!put.ok) return kfail(k2, { kind: 'fatal', message: `failed to store a valid return value: ${put.message}` })
      const k3 = { ...k2, blocks: put.registry }
      return kok(k3, returns(concatOut(u32Bytes(exitCode), u32Bytes(put.id), u64Bytes(BigInt(ret.value.codec)), u32Bytes(ret.value.data.length))))
    })
  })
}

/** The v2 send: the v3 arguments without a gas limit (u64::MAX, none) or flags. */
const NO_LIMIT_NO_FLAGS: SyscallArgs = [U64_MAX, 0n]

const sendV2: SyscallDef = {
  module: 'send', name: 'send', params: ['i32', 'i32', 'i64', 'i32', 'i64', 'i64'], out: 20, versions: ['v2'], rule: 'syscall.send',
  body: (k, memory, args) => sendBody(k, memory, [...args, ...NO_LIMIT_NO_FLAGS]),
}

const sendV3: SyscallDef = {
  module: 'send', name: 'send', params: ['i32', 'i32', 'i64', 'i32', 'i64', 'i64', 'i64', 'i64'], out: 20, versions: ['v3', 'v4'], rule: 'syscall.send',
  body: sendBody,
}

export const SEND_SYSCALLS: readonly SyscallDef[] = [sendV2, sendV3]
