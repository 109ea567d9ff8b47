/**
 * Sending a message from one actor to another: depth check, transaction, receiver resolution
 * (with auto-creation), value transfer, and invocation of the receiver's code.
 *
 * The pipeline differs between ref-fvm v2 (nv17) and v3 (nv18) in where gas is charged and what
 * a transaction covers; the two are written out side by side below, and `send` picks one by the
 * network rules' `fvm` field.
 */
import { isLeft } from 'fp-ts/lib/Either.js'
import * as G from '../gas/price-list.js'
import { gasAvailable, popLimit, pushLimit } from '../gas/tracker.js'
import { EMPTY_ARRAY_CID } from '../types/state-root.js'
import { addressToBytes, addressToString, isBlsZeroAddress, Protocol, type Address } from '../types/address.js'
import type { TraceEvent } from '../trace/trace.js'
import { encodeCbor } from '../ipld/cbor.js'
import { ErrorNumber } from '../types/error-number.js'
import { ExitCode } from '../types/exit-code.js'
import { EAM_ACTOR_ID, SYSTEM_ACTOR_ID } from '../types/chain.js'
import type { ActorState } from '../types/actor.js'
import {
  appendTrace,
  charge,
  fail,
  ok,
  then,
  type Block,
  type CallManagerState,
  type InvocationResult,
  type Step,
} from './call-manager.js'
import { syscallError } from './execution-error.js'
import { invokeActor } from './invoke.js'
import {
  actorAccess,
  addressLookedUp,
  recordActorRead,
  recordActorUpdate,
  recordAddressLookup,
} from './state-access.js'

export interface SendArgs {
  readonly from: bigint
  readonly to: Address
  readonly method: bigint
  readonly params: Block | null
  readonly value: bigint
  readonly readOnly: boolean
  /** nv18: a gas limit for this call in milligas (pushed on the tracker), or null for none. */
  readonly gasLimit?: bigint | null
}

const METHOD_SEND = 0n
const METHOD_CONSTRUCTOR = 1n

/** Sends, following the network version's pipeline, and records the call in the trace. @rule trace.events */
export function send(s: CallManagerState, args: SendArgs): Step<InvocationResult> {
  const s0 = appendTrace(s, { kind: 'call', from: args.from, to: addressToString(args.to), method: args.method, value: args.value })
  const step = s0.machine.rules.fvm === 'v2' ? sendV2(s0, args) : sendV3(s0, args)
  if (!step.state.machine.tracing) return step
  const r = step.result
  const ended: TraceEvent = isLeft(r)
    ? { kind: 'call-error', error: r.left.kind === 'syscall' ? `errno ${r.left.errno}` : r.left.kind, message: 'message' in r.left ? r.left.message : '' }
    : { kind: 'return', exitCode: r.right.exitCode, returnData: r.right.value?.data ?? new Uint8Array(0) }
  return { state: appendTrace(step.state, ended), result: r }
}

/** A transaction succeeds when the send returned an exit code of 0. @rule call.transaction */
function reverts(step: Step<InvocationResult>): boolean {
  return isLeft(step.result) || step.result.right.exitCode !== ExitCode.OK
}

/**
 * Runs `f` in a transaction: when it fails or exits non-zero, the state tree goes back to what it
 * was before (and, when `alsoAccess`, the nv18 state-access tracker), and so do the events. Gas, the trace and the
 * created-actor counter are never rolled back.
 *
 * Upholds inv.rollback: a failed send leaves state tree, events and tracker as before it.
 *
 * @rule call.transaction
 * @rule inv.rollback
 */
export function withTransaction(
  s: CallManagerState,
  alsoAccess: boolean,
  f: (s: CallManagerState) => Step<InvocationResult>,
): Step<InvocationResult> {
  const step = f(s)
  if (!reverts(step) || s.machine.faults?.skipRollback === true) return step
  // Events emitted inside a reverted transaction are dropped (only nv18 emits any). @rule syscall.event-rollback
  // The actors go back to what they were, but blocks written in the meantime stay in the
  // blockstore (as in ref-fvm's buffered store): the old tree reads from the newer store.
  const tree = s.tree.withStore(step.state.tree.store)
  return { state: { ...step.state, tree, access: alsoAccess ? s.access : step.state.access, events: s.events }, result: step.result }
}

/**
 * Moves value between actors by the version's rule (nv17 free, nv18 through charged accessors).
 * Deducts and deposits the same amount after checking the balance: inv.conservation.
 *
 * @rule call.transfer
 * @rule inv.conservation
 */
export function transfer(s: CallManagerState, from: bigint, to: bigint, value: bigint): Step<void> {
  return s.machine.rules.fvm === 'v2' ? transferV2(s, from, to, value) : transferV3(s, from, to, value)
}

/** Depth check, as each version compares it. @rule call.depth-limit */
function depthExceeded(s: CallManagerState): boolean {
  const { maxCallDepth, depthCheck } = s.machine.rules
  return depthCheck === 'depth > max' ? s.depth > maxCallDepth : s.depth >= maxCallDepth
}

// ---------------------------------------------------------------------------------------------
// nv17 — ref-fvm v2: no transaction inside send (the caller opens it), gas for the whole
// invocation charged before the transfer, free state access.
// ---------------------------------------------------------------------------------------------

/** @rule call.send-v2 */
export function sendV2(s: CallManagerState, args: SendArgs): Step<InvocationResult> {
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
      return invokeActor(s2, { from, to, actor: actorNow, method: args.method, params: args.params, value: args.value, readOnly: false })
    })
  })
}

/** @rule call.transfer */
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

/** Extra value a transfer deposits under the mint-on-transfer fault (machine.faults); 0 normally. */
function minted(s: CallManagerState): bigint {
  return s.machine.faults?.mintOnTransfer ?? 0n
}

/** The checks both versions make before moving funds, in their order. @rule call.transfer */
function checkTransfer(s: CallManagerState, from: bigint, to: bigint, value: bigint, fromActor: ActorState | undefined): Step<void> | undefined {
  if (value < 0n) return fail(s, syscallError(ErrorNumber.IllegalArgument, `attempted to transfer negative transfer value ${value}`))
  if (fromActor === undefined) return fail(s, syscallError(ErrorNumber.InsufficientFunds, `insufficient funds to transfer ${value} from ${from} to ${to}`))
  if (fromActor.balance < value) {
    return fail(s, syscallError(ErrorNumber.InsufficientFunds, `sender does not have funds to transfer (balance ${fromActor.balance}, transfer ${value})`))
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------
// nv18 — ref-fvm v3: send opens its own transaction (state tree + state-access tracker),
// value transfer and invocation charged separately, FIP-0057 charges on actor reads and writes.
// ---------------------------------------------------------------------------------------------

/** @rule call.send-v3 */
export function sendV3(s: CallManagerState, args: SendArgs): Step<InvocationResult> {
  const limit = args.gasLimit ?? null
  // @rule gas.nested-limits
  const s0 = limit === null ? s : { ...s, gas: pushLimit(s.gas, limit) }
  // ref-fvm v3.14.1 does not pop a pushed limit when the depth check fails.
  if (depthExceeded(s0)) return fail(s0, syscallError(ErrorNumber.LimitExceeded, 'message execution exceeds call depth'))
  const step = withTransaction({ ...s0, depth: s0.depth + 1 }, true, (s1) => sendUncheckedV3(s1, args))
  let state: CallManagerState = { ...step.state, depth: s.depth }
  if (limit !== null) {
    const popped = popLimit(state.gas)
    if (isLeft(popped)) return fail(state, { kind: 'fatal', message: 'gas limit stack is empty' })
    state = { ...state, gas: popped.right }
  }
  // An out-of-gas that leaves gas available came from this call's own limit: the caller sees exit 7.
  if (isLeft(step.result) && step.result.left.kind === 'out-of-gas' && gasAvailable(state.gas) !== 0n) {
    return ok(state, { exitCode: ExitCode.SYS_OUT_OF_GAS, value: null })
  }
  return { state, result: step.result }
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

/** A charged actor write. @rule call.state-access-charges */
export function setActorV3(s: CallManagerState, id: bigint, actor: ActorState): Step<void> {
  const pl = s.machine.rules.priceList
  const access = actorAccess(s.access, id)
  const looked = access === undefined ? charge(s, G.onActorLookup(pl)) : ok(s, undefined)
  return then(looked, (s1) => {
    const updated = access !== 'updated' ? charge(s1, G.onActorUpdate(pl)) : ok(s1, undefined)
    return then(updated, (s2) => ok({ ...s2, tree: s2.tree.setActor(id, actor), access: recordActorUpdate(s2.access, id) }, undefined))
  })
}

function sendUncheckedV3(s: CallManagerState, args: SendArgs): Step<InvocationResult> {
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
    const ctor = sendResolvedV3(s1, SYSTEM_ACTOR_ID, id, { from: SYSTEM_ACTOR_ID, to: address, method: METHOD_CONSTRUCTOR, params, value: 0n, readOnly: false })
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
      return then(charge(s3, G.onMethodInvocation(s3.machine.rules.priceList, args.value, args.method)), (s4) => {
        const actorNow = s4.tree.getActor(to) ?? actor
        return invokeActor(s4, { from, to, actor: actorNow, method: args.method, params: args.params, value: args.value, readOnly: args.readOnly })
      })
    })
  })
}

/** @rule call.transfer */
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

// ---------------------------------------------------------------------------------------------

/** A new actor as the kernel creates it: empty state, sequence 0, balance 0. @rule state.new-actor */
export function emptyActor(code: ActorState['code'], delegatedAddress: Address | null): ActorState {
  return { code, head: EMPTY_ARRAY_CID, sequence: 0n, balance: 0n, delegatedAddress }
}

function describe(a: Address): string {
  return Buffer.from(addressToBytes(a)).toString('hex')
}
