/**
 * The send pipeline of ref-fvm v2 (nv17): no transaction inside send (the caller opens it: the
 * kernel for an actor's send, the executor for the top-level one), gas for the whole invocation
 * charged before the transfer, free state access.
 *
 * Source: fvm@v2.12.1 `fvm/src/call_manager/default.rs` (send, send_unchecked, send_resolved,
 * transfer), `fvm/src/kernel/default.rs` (send), `fvm/src/executor/default.rs` L73–95.
 */
import * as G from '../gas/price-list.js'
import { addressToBytes, isBlsZeroAddress, Protocol, type Address } from '../types/address.js'
import { encodeCbor } from '../ipld/cbor.js'
import { ErrorNumber } from '../types/error-number.js'
import { ExitCode } from '../types/exit-code.js'
import { SYSTEM_ACTOR_ID } from '../types/chain.js'
import type { ActorState } from '../types/actor.js'
import { charge, fail, ok, then, type Block, type CallManagerState, type InvocationResult, type Step } from './call-manager.js'
import { syscallError } from './execution-error.js'
import { invokeActor } from './invoke.js'
import { checkTransfer, depthExceeded, describe, emptyActor, METHOD_CONSTRUCTOR, METHOD_SEND, minted, send, withTransaction, type SendArgs, type SendPipeline } from './send.js'

/**
 * The nv17 pipeline: depth check, resolution (auto-creating an account for a key address),
 * `OnMethodInvocation` for the whole send, the transfer, the invocation.
 *
 * @rule call.send-v2
 */
function sendV2(s: CallManagerState, args: SendArgs): Step<InvocationResult> {
  if (depthExceeded(s)) return fail(s, syscallError(ErrorNumber.LimitExceeded, 'message execution exceeds call depth'))
  const inner = sendUncheckedV2({ ...s, depth: s.depth + 1 }, args)
  return { state: { ...inner.state, depth: s.depth }, result: inner.result }
}

function sendUncheckedV2(s: CallManagerState, args: SendArgs): Step<InvocationResult> {
  const id = s.tree.lookupId(args.to)
  if (id !== undefined) return sendResolvedV2(s, args.from, id, args)
  if (args.to.protocol === Protocol.BLS || args.to.protocol === Protocol.SECP256K1) {
    return then(createAccountActorV2(s, args.to), (s2, newId) => sendResolvedV2(s2, args.from, newId, args))
  }
  return fail(s, syscallError(ErrorNumber.NotFound, `actor does not exist: ${describe(args.to)}`))
}

/** @rule call.auto-create-account */
function createAccountActorV2(s: CallManagerState, address: Address): Step<bigint> {
  return then(charge(s, G.onCreateActor(s.machine.rules.priceList, true)), (s1) => {
    if (isBlsZeroAddress(address)) {
      return fail(s1, syscallError(ErrorNumber.IllegalArgument, 'cannot create the bls zero address actor'))
    }
    const [id, tree] = s1.tree.registerNewAddress(address)
    const account = s1.machine.manifest.byName('account')
    if (account === undefined) return fail(s1, { kind: 'fatal', message: 'manifest has no account actor' })
    const s2 = { ...s1, tree: tree.setActor(id, emptyActor(account.code, null)) }
    const params: Block = { codec: s.machine.rules.paramsCodec(METHOD_CONSTRUCTOR), data: encodeCbor(addressToBytes(address)) }
    const ctor = sendResolvedV2(s2, SYSTEM_ACTOR_ID, id, { from: SYSTEM_ACTOR_ID, to: address, method: METHOD_CONSTRUCTOR, params, value: 0n, readOnly: false })
    // A constructor that exits non-zero is ignored; only an ExecutionError propagates.
    return then(ctor, (s3) => ok(s3, id))
  })
}

function sendResolvedV2(s: CallManagerState, from: bigint, to: bigint, args: SendArgs): Step<InvocationResult> {
  const actor = s.tree.getActor(to)
  if (actor === undefined) return fail(s, syscallError(ErrorNumber.NotFound, `actor does not exist: ${to}`))
  return then(charge(s, G.onMethodInvocation(s.machine.rules.priceList, args.value, args.method)), (s1) => {
    const transferred = args.value !== 0n ? transferV2(s1, from, to, args.value) : ok(s1, undefined)
    return then(transferred, (s2) => {
      if (args.method === METHOD_SEND) return ok(s2, { exitCode: ExitCode.OK, value: null })
      const actorNow = s2.tree.getActor(to) ?? actor
      return invokeActor(s2, { entrypoint: 'invoke', from, to, actor: actorNow, method: args.method, params: args.params, value: args.value, readOnly: false })
    })
  })
}

/**
 * Moves value by writing the state tree directly, free of charge. Deducts and deposits the same
 * amount after checking the balance: inv.conservation.
 *
 * @rule call.transfer
 * @rule inv.conservation
 */
function transferV2(s: CallManagerState, from: bigint, to: bigint, value: bigint): Step<void> {
  const checked = checkTransfer(s, from, to, value, s.tree.getActor(from))
  if (checked !== undefined) return checked
  if (from === to) return ok(s, undefined)
  const toActor = s.tree.getActor(to)
  if (toActor === undefined) return fail(s, syscallError(ErrorNumber.NotFound, `transfer recipient ${to} does not exist in state-tree`))
  const fromActor = s.tree.getActor(from) as ActorState
  const tree = s.tree
    .setActor(from, { ...fromActor, balance: fromActor.balance - value })
    .setActor(to, { ...toActor, balance: toActor.balance + value + minted(s) })
  return ok({ ...s, tree }, undefined)
}

/**
 * The top-level send: in a transaction the executor opens, charging `OnChainReturnValue` for the
 * returned bytes when the call succeeded.
 *
 * @rule exec.top-level-transaction-v2
 * @rule gas.on-chain-return-value
 */
function sendTopLevelV2(s: CallManagerState, args: SendArgs): Step<InvocationResult> {
  return withTransaction(s, false, (s0) =>
    then(send(s0, args), (s1, ret) =>
      ret.exitCode === ExitCode.OK
        ? then(charge(s1, G.onChainReturnValue(s1.machine.rules.priceList, BigInt(ret.value?.data.length ?? 0))), (s2) => ok(s2, ret))
        : ok(s1, ret),
    ),
  )
}

/** ref-fvm v2: the kernel wraps an actor's send in a transaction of its own. @rule syscall.send */
function sendFromActorV2(s: CallManagerState, args: SendArgs): Step<InvocationResult> {
  return withTransaction(s, false, (c) => send(c, args))
}

export const SEND_V2: SendPipeline = {
  module: 'send-v2',
  rule: 'call.send-v2',
  nestedGasLimits: false,
  send: sendV2,
  sendFromActor: sendFromActorV2,
  sendTopLevel: sendTopLevelV2,
  transfer: transferV2,
  // No state-access tracking before nv18.
  initialAccess: (access) => access,
  accountConstructor: 'invoke',
}
