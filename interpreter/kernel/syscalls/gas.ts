/**
 * The `gas` namespace: actors charging themselves gas, and (v3) reading how much is left.
 */
import { roundDown } from '../../gas/gas.js'
import { onActorGasCharge } from '../../gas/price-list.js'
import { gasAvailable } from '../../gas/tracker.js'
import { ErrorNumber } from '../../types/error-number.js'
import { i64, NOTHING, returns, slice, u32, u64Bytes, type SyscallDef, type SyscallOutput } from '../abi.js'
import { kcharge, kerr, kok, kthen, type KStep } from '../kernel.js'

/**
 * gas.charge(name_off, name_len, amount i64): the name must be in bounds and UTF-8
 * (IllegalArgument); then `amount` whole gas is charged under that name. v2 reads the amount as
 * signed (negative refunds), v3 as u64 (saturating).
 *
 * @rule syscall.gas-charge
 */
const charge: SyscallDef = {
  module: 'gas', name: 'charge', params: ['i32', 'i32', 'i64'], out: 0, versions: ['v2', 'v3', 'v4'], rule: 'syscall.gas-charge',
  body: (k, memory, [off, len, amount]) =>
    kthen(slice(k, memory, u32(off), u32(len)), (k1, bytes): KStep<SyscallOutput> => {
      let name: string
      try {
        name = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
      } catch {
        return kerr(k1, ErrorNumber.IllegalArgument, 'gas charge name is not valid UTF-8')
      }
      return kthen(kcharge(k1, onActorGasCharge(k1.cm.machine.rules.priceList, name, i64(amount))), (k2) => kok(k2, NOTHING))
    }),
}

/**
 * v3 gas.available → u64: whole gas left in the innermost limit, rounded down. The container has
 * already charged this syscall's 14 000 and synchronised the wasm gas, so both are counted.
 *
 * @rule syscall.gas-available
 */
const available: SyscallDef = {
  module: 'gas', name: 'available', params: [], out: 8, versions: ['v3', 'v4'], rule: 'syscall.gas-available',
  body: (k) => kok(k, returns(u64Bytes(roundDown(gasAvailable(k.cm.gas))))),
}

export const GAS_SYSCALLS: readonly SyscallDef[] = [charge, available]
