/**
 * The send pipeline of ref-fvm v3 (nv18–nv20): send opens its own transaction (state tree and
 * state-access tracker), value transfer and invocation are charged separately, and actor reads
 * and writes are charged through the FIP-0057 state-access tracker.
 *
 * Source: fvm@v3.14.1 `fvm/src/call_manager/default.rs` (send, send_unchecked, send_resolved,
 * transfer, get_actor, set_actor, resolve_address, create_actor_from_send), `fvm/src/executor/default.rs`.
 */
import * as G from '../gas/price-list.js'
import { pushLimit } from '../gas/tracker.js'
import { Protocol, addressToBytes, isBlsZeroAddress, type Address } from '../types/address.js'
import { encodeCbor } from '../ipld/cbor.js'
import { ErrorNumber } from '../types/error-number.js'
import { ExitCode } from '../types/exit-code.js'
import { EAM_ACTOR_ID, SYSTEM_ACTOR_ID } from '../types/chain.js'
import type { ActorState } from '../types/actor.js'
import type { StateTree } from '../state/state-tree.js'
import { charge, fail, linkCount, ok, then, type Block, type CallManagerState, type InvocationResult, type Step } from './call-manager.js'
import { syscallError } from './execution-error.js'
import { invokeActor } from './invoke.js'
import { checkTransfer, depthExceeded, depthLimitExceeded, describe, emptyActor, endNestedCall, METHOD_CONSTRUCTOR, METHOD_SEND, minted, send, withTransaction, type SendArgs, type SendPipeline } from './send.js'
import { actorAccess, addressLookedUp, recordActorRead, recordActorUpdate, recordAddressLookup, type StateAccess } from './state-access.js'

/**
 * The nv18 pipeline: push the call's gas limit, depth check, then in a transaction: resolution
 * (auto-creating an account or a placeholder), `OnValueTransfer` and the transfer, then
 * `OnMethodInvocation` and the invocation.
 *
 * @rule call.send-v3
 */
function sendV3(s: CallManagerState, args: SendArgs): Step<InvocationResult> {
  const limit = args.gasLimit ?? null
  // @rule gas.nested-limits
  const s0 = limit === null ? s : { ...s, gas: pushLimit(s.gas, limit) }
  // ref-fvm v3.14.1 does not pop a pushed limit when the depth check fails.
  if (depthExceeded(s0)) return depthLimitExceeded(s0)
  const step = withTransaction({ ...s0, depth: s0.depth + 1 }, true, (s1) => sendUncheckedV3(s1, args))
  return endNestedCall(step, s.depth, limit)
}

/** @rule call.resolve-address */
export function resolveAddressV3(s: CallManagerState, address: Address): Step<bigint | undefined> {
  if (address.protocol === Protocol.ID) return ok(s, address.id)
  const charged = addressLookedUp(s.access, address) ? ok(s, undefined) : charge(s, G.onResolveAddress(s.machine.rules.priceList))
  return then(charged, (s1) => {
    const id = s1.tree.lookupId(address)
    return ok(id === undefined ? s1 : { ...s1, access: recordAddressLookup(s1.access, address) }, id)
  })
}

/** A charged actor read. @rule call.state-access-charges */
export function getActorV3(s: CallManagerState, id: bigint): Step<ActorState | undefined> {
  const access = actorAccess(s.access, id)
  const charged = access === undefined ? charge(s, G.onActorLookup(s.machine.rules.priceList)) : ok(s, undefined)
  return then(charged, (s1) => ok({ ...s1, access: recordActorRead(s1.access, id) }, s1.tree.getActor(id)))
}

/**
 * A charged write of actor `id` (`actor`, or its deletion when undefined): a lookup when not yet
 * read, an update when not yet written.
 *
 * @rule call.state-access-charges
 */
function writeActorV3(s: CallManagerState, id: bigint, actor: ActorState | undefined): Step<void> {
  const pl = s.machine.rules.priceList
  const access = actorAccess(s.access, id)
  const looked = access === undefined ? charge(s, G.onActorLookup(pl)) : ok(s, undefined)
  return then(looked, (s1) => {
    const updated = access !== 'updated' ? charge(s1, G.onActorUpdate(pl)) : ok(s1, undefined)
    return then(updated, (s2) => {
      const tree = actor === undefined ? s2.tree.deleteActor(id) : s2.tree.setActor(id, actor)
      return ok({ ...s2, tree, access: recordActorUpdate(s2.access, id) }, undefined)
    })
  })
}

/** A charged actor write. @rule call.state-access-charges */
export function setActorV3(s: CallManagerState, id: bigint, actor: ActorState): Step<void> {
  return writeActorV3(s, id, actor)
}

/** Deletes an actor (a no-op when it does not exist), charged like a write. @rule call.state-access-charges */
export function deleteActorV3(s: CallManagerState, id: bigint): Step<void> {
  return writeActorV3(s, id, undefined)
}

/**
 * Resolution (auto-creating an account or a placeholder) and the resolved send: ref-fvm v3
 * `send_unchecked`, which v4 keeps as `call_actor_unchecked` (`send-v4.ts`).
 */
export function sendUncheckedV3(s: CallManagerState, args: SendArgs): Step<InvocationResult> {
  return then(resolveAddressV3(s, args.to), (s1, id) => {
    if (id !== undefined) return sendResolvedV3(s1, args.from, id, args)
    const to = args.to
    if (to.protocol === Protocol.BLS || to.protocol === Protocol.SECP256K1) {
      if (args.readOnly) return fail(s1, syscallError(ErrorNumber.ReadOnly, `cannot auto-create account ${describe(to)} in read-only calls`))
      return then(createAccountActorV3(s1, to), (s2, newId) => sendResolvedV3(s2, args.from, newId, args))
    }
    if (to.protocol === Protocol.DELEGATED && to.namespace === EAM_ACTOR_ID) {
      if (args.readOnly) return fail(s1, syscallError(ErrorNumber.ReadOnly, `cannot auto-create account ${describe(to)} in read-only calls`))
      const placeholder = s1.machine.manifest.byName('placeholder')
      if (placeholder === undefined) return fail(s1, { kind: 'fatal', message: 'manifest has no placeholder actor' })
      return then(createActorFromSendV3(s1, to, emptyActor(placeholder.code, to)), (s2, newId) => sendResolvedV3(s2, args.from, newId, args))
    }
    return fail(s1, syscallError(ErrorNumber.NotFound, `actor does not exist or cannot be created: ${describe(to)}`))
  })
}

/** @rule call.auto-create-account */
function createActorFromSendV3(s: CallManagerState, address: Address, actor: ActorState): Step<bigint> {
  return then(charge(s, G.onCreateActor(s.machine.rules.priceList, true)), (s1) => {
    const [id, tree] = s1.tree.registerNewAddress(address)
    const s2 = { ...s1, tree, access: recordAddressLookup(s1.access, address) }
    return then(setActorV3(s2, id, actor), (s3) => ok(s3, id))
  })
}

function createAccountActorV3(s: CallManagerState, address: Address): Step<bigint> {
  if (isBlsZeroAddress(address)) return fail(s, syscallError(ErrorNumber.IllegalArgument, 'cannot create the bls zero address actor'))
  const account = s.machine.manifest.byName('account')
  if (account === undefined) return fail(s, { kind: 'fatal', message: 'manifest has no account actor' })
  return then(createActorFromSendV3(s, address, emptyActor(account.code, null)), (s1, id) => {
    const params: Block = { codec: s.machine.rules.paramsCodec(METHOD_CONSTRUCTOR), data: encodeCbor(addressToBytes(address)) }
    const entrypoint = s1.machine.rules.send.accountConstructor
    const ctor = sendResolvedV3(s1, SYSTEM_ACTOR_ID, id, { from: SYSTEM_ACTOR_ID, to: address, method: METHOD_CONSTRUCTOR, params, value: 0n, readOnly: false, entrypoint })
    return then(ctor, (s2) => ok(s2, id))
  })
}

function sendResolvedV3(s: CallManagerState, from: bigint, to: bigint, args: SendArgs): Step<InvocationResult> {
  return then(getActorV3(s, to), (s1, actor) => {
    if (actor === undefined) return fail(s1, syscallError(ErrorNumber.NotFound, `actor does not exist: ${to}`))
    const transferred = args.value !== 0n
      ? then(charge(s1, G.onValueTransfer(s1.machine.rules.priceList, args.value)), (s2) => transferV3(s2, from, to, args.value))
      : ok(s1, undefined)
    return then(transferred, (s3) => {
      if (args.method === METHOD_SEND) return ok(s3, { exitCode: ExitCode.OK, value: null })
      // v4 adds a term per link of the params block (`gas.method-invocation`); before v4 blocks carry none.
      return then(charge(s3, G.onMethodInvocation(s3.machine.rules.priceList, args.value, args.method, linkCount(args.params))), (s4) => {
        const actorNow = s4.tree.getActor(to) ?? actor
        const entrypoint = args.entrypoint ?? 'invoke'
        return invokeActor(s4, { entrypoint, from, to, actor: actorNow, method: args.method, params: args.params, value: args.value, readOnly: args.readOnly })
      })
    })
  })
}

/**
 * Moves value through the charged accessors. Deducts and deposits the same amount after checking
 * the balance: inv.conservation.
 *
 * @rule call.transfer
 * @rule inv.conservation
 */
function transferV3(s: CallManagerState, from: bigint, to: bigint, value: bigint): Step<void> {
  if (value < 0n) return fail(s, syscallError(ErrorNumber.IllegalArgument, `attempted to transfer negative transfer value ${value}`))
  return then(getActorV3(s, from), (s1, fromActor) => {
    const checked = checkTransfer(s1, from, to, value, fromActor)
    if (checked !== undefined) return checked
    if (from === to) return ok(s1, undefined)
    return then(getActorV3(s1, to), (s2, toActor) => {
      if (toActor === undefined) return fail(s2, syscallError(ErrorNumber.NotFound, `transfer recipient ${to} does not exist in state-tree`))
      const f = fromActor as ActorState
      return then(setActorV3(s2, from, { ...f, balance: f.balance - value }), (s3) =>
        setActorV3(s3, to, { ...toActor, balance: toActor.balance + value + minted(s3) }),
      )
    })
  })
}

/**
 * The tracker a message starts with: the preloaded actors, the origin as updated (with its
 * address looked up) and the receiver as read (with its address looked up).
 *
 * @rule call.state-access-init
 */
function initialAccessV3(access: StateAccess, tree: StateTree, from: Address, senderId: bigint, to: Address): StateAccess {
  let a = recordAddressLookup(recordActorUpdate(access, senderId), from)
  const receiverId = tree.lookupId(to)
  if (receiverId !== undefined) a = recordActorRead(a, receiverId)
  return recordAddressLookup(a, to)
}

export const SEND_V3: SendPipeline = {
  module: 'send-v3',
  rule: 'call.send-v3',
  nestedGasLimits: true,
  send: sendV3,
  // The send opens its own transaction, for actors and the executor alike.
  sendFromActor: send,
  sendTopLevel: send,
  transfer: transferV3,
  initialAccess: initialAccessV3,
  // v3's send_resolved records a backtrace frame for every failing call, the constructor's too.
  accountConstructor: 'invoke',
}
