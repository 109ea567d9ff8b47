/**
 * Preflight: the checks a message passes before any of it executes, in ref-fvm's order. A
 * failure here changes no state and reports gas_used = 0; the penalty is reported, not applied.
 */
import type { GasCharge } from '../gas/charge.js'
import { gasCharge, total } from '../gas/charge.js'
import { roundUp } from '../gas/gas.js'
import { onChainMessage } from '../gas/price-list.js'
import { isBuiltin } from '../machine/manifest.js'
import type { Machine } from '../machine/machine.js'
import type { StateTree } from '../state/state-tree.js'
import { EAM_ACTOR_ID } from '../types/chain.js'
import { ExitCode } from '../types/exit-code.js'
import type { Message } from '../types/message.js'
import { Protocol } from '../types/address.js'

/**
 * Explicit messages come from the chain: they pay for inclusion, and the sender's nonce and
 * balance are checked and settled. Implicit messages are the system's own (cron, rewards).
 */
export type ApplyKind = 'explicit' | 'implicit'

export type Preflight =
  | {
      readonly kind: 'ok'
      readonly tree: StateTree
      readonly senderId: bigint
      /** fee_cap × gas_limit, escrowed from the sender. */
      readonly gasCost: bigint
      readonly inclusionCost: GasCharge
    }
  | { readonly kind: 'rejected'; readonly exitCode: number; readonly message: string; readonly penalty: bigint }

/**
 * @rule exec.preflight-order
 * @rule exec.inclusion-cost-check
 * @rule exec.preflight-sender-type
 * @rule exec.preflight-nonce
 * @rule exec.preflight-balance
 * @rule exec.preflight-escrow
 */
export function preflight(machine: Machine, tree: StateTree, msg: Message, rawLength: number, kind: ApplyKind = 'explicit'): Preflight {
  const { baseFee } = machine.context
  const rules = machine.rules
  if (kind === 'implicit') {
    // @rule exec.implicit-message
    const senderId = tree.lookupId(msg.from)
    if (senderId === undefined) return reject(ExitCode.SYS_SENDER_INVALID, 'Sender invalid', 0n)
    return { kind: 'ok', tree, senderId, gasCost: 0n, inclusionCost: gasCharge('none', 0n, 0n) }
  }
  const inclusionCost = onChainMessage(rules.priceList, BigInt(rawLength))
  const inclusionTotal = roundUp(total(inclusionCost))
  if (inclusionTotal > msg.gasLimit) {
    return reject(ExitCode.SYS_OUT_OF_GAS, `Out of gas (${inclusionTotal} > ${msg.gasLimit})`, baseFee * inclusionTotal)
  }
  const penalty = baseFee * msg.gasLimit

  const senderId = tree.lookupId(msg.from)
  if (senderId === undefined) return reject(ExitCode.SYS_SENDER_INVALID, 'Sender invalid', penalty)
  const sender = tree.getActor(senderId)
  if (sender === undefined) return reject(ExitCode.SYS_SENDER_INVALID, 'Sender invalid', penalty)

  let code = sender.code
  let valid = rules.senderTypes.some((name) => isBuiltin(machine.manifest, sender.code, name))
  if (
    !valid &&
    rules.placeholderSenders &&
    isBuiltin(machine.manifest, sender.code, 'placeholder') &&
    sender.sequence === 0n &&
    sender.delegatedAddress !== null &&
    sender.delegatedAddress.protocol === Protocol.DELEGATED &&
    sender.delegatedAddress.namespace === EAM_ACTOR_ID
  ) {
    // @rule exec.preflight-placeholder-sender
    valid = true
    code = machine.manifest.byName('ethaccount')?.code ?? code
  }
  if (!valid) return reject(ExitCode.SYS_SENDER_INVALID, 'Send not from valid sender', penalty)

  if (msg.sequence !== sender.sequence) {
    return reject(ExitCode.SYS_SENDER_STATE_INVALID, `Actor sequence invalid: ${msg.sequence} != ${sender.sequence}`, penalty)
  }
  const gasCost = msg.gasFeeCap * msg.gasLimit
  if (sender.balance < gasCost) {
    return reject(ExitCode.SYS_SENDER_STATE_INVALID, `Actor balance less than needed: ${sender.balance} < ${gasCost}`, penalty)
  }
  const updated = tree.setActor(senderId, { ...sender, code, sequence: sender.sequence + 1n, balance: sender.balance - gasCost })
  return { kind: 'ok', tree: updated, senderId, gasCost, inclusionCost }
}

function reject(exitCode: number, message: string, penalty: bigint): Preflight {
  return { kind: 'rejected', exitCode, message, penalty }
}
