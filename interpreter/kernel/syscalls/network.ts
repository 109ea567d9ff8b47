/**
 * The `network` namespace: the chain context the message executes in (v2 `base_fee`, v3
 * `context`), the circulating supply, and (v3) the CIDs of recent tipsets.
 */
import { onNetworkContext, onTipsetCid } from '../../gas/price-list.js'
import type { CID } from '../../ipld/cid.js'
import type { Externs } from '../../machine/externs.js'
import { ErrorNumber } from '../../types/error-number.js'
import {
  checkOut, concatOut, i64, i64Bytes, returns, u32, u32Bytes, u64Bytes, writeToBuffer,
  type SyscallDef, type SyscallOutput,
} from '../abi.js'
import { kcharge, kerr, kfail, kok, kthen, type KStep } from '../kernel.js'
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
  module: 'network', name: 'total_fil_circ_supply', params: [], out: 16, versions: ['v2', 'v3'], rule: 'syscall.network-total-fil-circ-supply',
  body: (k) => tokenOut(k, k.cm.machine.context.circulatingSupply, 'circulating supply'),
}

/**
 * v3 network.context → NetworkContext { epoch i64, timestamp u64, base_fee TokenAmount,
 * chain_id u64, network_version u32 } (44 bytes), after charging OnNetworkContext.
 *
 * @rule syscall.network-context
 */
const context: SyscallDef = {
  module: 'network', name: 'context', params: [], out: 44, versions: ['v3'], rule: 'syscall.network-context',
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
 * v3 network.tipset_cid(epoch i64, obuf_off, obuf_len) → u32 CID length: output bounds; epoch
 * < 0, ≥ the current epoch, or ≥ 900 epochs back → IllegalArgument; charge OnTipsetCid
 * (latest when one epoch back, else historical); the extern (its failure is fatal; without one,
 * as in the conformance runner, the message fails fatally); write the CID (BufferTooSmall).
 *
 * @rule syscall.network-tipset-cid
 */
const tipsetCid: SyscallDef = {
  module: 'network', name: 'tipset_cid', params: ['i64', 'i32', 'i32'], out: 4, versions: ['v3'], rule: 'syscall.network-tipset-cid',
  body: (k, memory, [epochArg, off, len]) =>
    kthen(checkOut(k, memory, u32(off), u32(len)), (k1): KStep<SyscallOutput> => {
      const epoch = i64(epochArg)
      if (epoch < 0n) return kerr(k1, ErrorNumber.IllegalArgument, 'epoch is negative')
      const offset = k1.cm.machine.context.epoch - epoch
      if (offset < 0n) return kerr(k1, ErrorNumber.IllegalArgument, `epoch ${epoch} is in the future`)
      if (offset === 0n) return kerr(k1, ErrorNumber.IllegalArgument, 'cannot lookup the tipset cid for the current epoch')
      if (offset >= FINALITY) return kerr(k1, ErrorNumber.IllegalArgument, `epoch ${epoch} is too far in the past`)
      return kthen(kcharge(k1, onTipsetCid(k1.cm.machine.rules.priceList, offset > 1n)), (k2): KStep<SyscallOutput> => {
        const externs: WithTipsetCid = k2.cm.machine.externs
        if (externs.tipsetCid === undefined) {
          return kfail(k2, { kind: 'fatal', message: 'the get_tipset_cid extern is not implemented by this machine' })
        }
        let cid: CID
        try {
          cid = externs.tipsetCid(epoch)
        } catch (e) {
          return kfail(k2, { kind: 'fatal', message: `get_tipset_cid failed: ${(e as Error).message}` })
        }
        return writeToBuffer(k2, u32(off), u32(len), cid.bytes)
      })
    }),
}

export const NETWORK_SYSCALLS: readonly SyscallDef[] = [baseFee, circSupply, context, tipsetCid]
