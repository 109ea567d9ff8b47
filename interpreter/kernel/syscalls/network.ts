/**
 * The `network` namespace: the chain context the message executes in (v2 `base_fee`, v3/v4
 * `context`), the circulating supply, and (v3, v4) the CIDs of earlier tipsets.
 */
import { onNetworkContext, onTipsetCid } from '../../gas/price-list.js'
import type { CID } from '../../ipld/cid.js'
import type { Externs } from '../../machine/externs.js'
import type { FvmVersion } from '../../types/network-version.js'
import { ErrorNumber } from '../../types/error-number.js'
import {
  checkOut, concatOut, i64, i64Bytes, returns, u32, u32Bytes, u64Bytes, writeToBuffer,
  type SyscallDef, type SyscallOutput,
} from '../abi.js'
import { kcharge, kerr, kfail, kok, kthen, type KernelState, type KStep } from '../kernel.js'
import { tokenAmountOut, tokenOut } from './self.js'

/** Tipset CIDs are available only within this many epochs (ref-fvm `FINALITY`). */
export const FINALITY = 900n

/** v2 network.base_fee → TokenAmount: the machine context's base fee, uncharged. @rule syscall.network-base-fee */
const baseFee: SyscallDef = {
  module: 'network', name: 'base_fee', params: [], out: 16, versions: ['v2'], rule: 'syscall.network-base-fee',
  body: (k) => tokenOut(k, k.cm.machine.context.baseFee, 'base-fee'),
}

/**
 * network.total_fil_circ_supply → TokenAmount: the machine context's circulating supply (the
 * vector's `circ_supply` in the conformance runner), uncharged.
 *
 * @rule syscall.network-total-fil-circ-supply
 */
const circSupply: SyscallDef = {
  module: 'network', name: 'total_fil_circ_supply', params: [], out: 16, versions: ['v2', 'v3', 'v4'], rule: 'syscall.network-total-fil-circ-supply',
  body: (k) => tokenOut(k, k.cm.machine.context.circulatingSupply, 'circulating supply'),
}

/**
 * v3 network.context → NetworkContext { epoch i64, timestamp u64, base_fee TokenAmount,
 * chain_id u64, network_version u32 } (44 bytes), after charging OnNetworkContext.
 *
 * @rule syscall.network-context
 */
const context: SyscallDef = {
  module: 'network', name: 'context', params: [], out: 44, versions: ['v3', 'v4'], rule: 'syscall.network-context',
  body: (k) =>
    kthen(kcharge(k, onNetworkContext(k.cm.machine.rules.priceList)), (k1) => {
      const m = k1.cm.machine
      return kthen(tokenAmountOut(k1, m.context.baseFee, 'base-fee'), (k2, fee) =>
        kok(k2, returns(concatOut(i64Bytes(m.context.epoch), u64Bytes(m.context.timestamp), fee, u64Bytes(m.context.chainId), u32Bytes(m.rules.nv)))),
      )
    }),
}

/** An extern the conformance runner does not implement (ref-fvm's TestExterns: `todo!()`). */
type WithTipsetCid = Externs & { readonly tipsetCid?: (epoch: bigint) => CID }

/**
 * network.tipset_cid(epoch i64, obuf_off, obuf_len) → u32 CID length: output bounds; epoch < 0,
 * ≥ the current epoch, or (v3) `finality` or more epochs back → IllegalArgument, uncharged; charge
 * OnTipsetCid by the offset (v3: latest when one epoch back, else historical; v4, FIP-0075: the
 * lookback cost, 146 200 + 75 per epoch); the extern (its failure is fatal; without one, as in the
 * conformance runner, the message fails fatally); write the CID (BufferTooSmall).
 * `fvm@v3.14.1:fvm/src/kernel/default.rs` L705–730; `fvm@v4.8.2:fvm/src/kernel/default.rs`
 * L751–770 (no finality limit), `syscalls/network.rs` L12–23.
 *
 * @rule syscall.network-tipset-cid
 */
function tipsetCidDef(versions: readonly FvmVersion[], finality: bigint | null): SyscallDef {
  return {
    module: 'network', name: 'tipset_cid', params: ['i64', 'i32', 'i32'], out: 4, versions, rule: 'syscall.network-tipset-cid',
    body: (k, memory, [epochArg, off, len]) =>
      kthen(checkOut(k, memory, u32(off), u32(len)), (k1): KStep<SyscallOutput> => {
        const epoch = i64(epochArg)
        const offset = tipsetOffset(k1.cm.machine.context.epoch, epoch)
        if (typeof offset === 'string') return kerr(k1, ErrorNumber.IllegalArgument, offset)
        if (finality !== null && offset >= finality) return kerr(k1, ErrorNumber.IllegalArgument, `epoch ${epoch} is too far in the past`)
        return kthen(kcharge(k1, onTipsetCid(k1.cm.machine.rules.priceList, { offset })), (k2) => tipsetCidOut(k2, epoch, u32(off), u32(len)))
      }),
  }
}

/** How far back `epoch` is from `current`; negative, future and current epochs are errors. @rule syscall.network-tipset-cid */
function tipsetOffset(current: bigint, epoch: bigint): bigint | string {
  if (epoch < 0n) return 'epoch is negative'
  const offset = current - epoch
  if (offset < 0n) return `epoch ${epoch} is in the future`
  if (offset === 0n) return 'cannot lookup the tipset cid for the current epoch'
  return offset
}

/** The extern's tipset CID (its failure is fatal; without one, as in the conformance runner, the message fails fatally), written out (BufferTooSmall). */
function tipsetCidOut(k: KernelState, epoch: bigint, off: number, len: number): KStep<SyscallOutput> {
  const externs: WithTipsetCid = k.cm.machine.externs
  if (externs.tipsetCid === undefined) {
    return kfail(k, { kind: 'fatal', message: 'the get_tipset_cid extern is not implemented by this machine' })
  }
  let cid: CID
  try {
    cid = externs.tipsetCid(epoch)
  } catch (e) {
    return kfail(k, { kind: 'fatal', message: `get_tipset_cid failed: ${(e as Error).message}` })
  }
  return writeToBuffer(k, off, len, cid.bytes)
}

export const NETWORK_SYSCALLS: readonly SyscallDef[] = [baseFee, circSupply, context, tipsetCidDef(['v3'], FINALITY), tipsetCidDef(['v4'], null)]
