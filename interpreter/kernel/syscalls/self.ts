/**
 * The `self` namespace: the calling actor's own state root and balance, and deleting itself.
 *
 * Also the kernel's state accessors, shared with the `actor` namespace: at nv17 the kernel reads
 * and writes the state tree directly and pays nothing; at nv18 every access goes through the call
 * manager's charged accessors (FIP-0057 state-access tracking).
 */
import * as G from '../../gas/price-list.js'
import { charge, ok, then, type CallManagerState, type Step } from '../../call-manager/call-manager.js'
import { getActorV3, resolveAddressV3, setActorV3, transfer as cmTransfer } from '../../call-manager/send.js'
import { actorAccess, recordActorUpdate } from '../../call-manager/state-access.js'
import type { Address } from '../../types/address.js'
import type { ActorState } from '../../types/actor.js'
import { ErrorNumber } from '../../types/error-number.js'
import { checkOut, NOTHING, readAddress, readCid, returns, tokenAmountBytes, u32, writeToBuffer, type SyscallDef, type SyscallOutput } from '../abi.js'
import { fvmOf, kcharge, kerr, kfail, kok, kthen, lift, priceList, type KernelState, type KStep } from '../kernel.js'

const U128_LIMIT = 1n << 128n

// ---------------------------------------------------------------------------------------------
// State accessors
// ---------------------------------------------------------------------------------------------

/** Reads an actor: free at nv17, a charged read at nv18. @rule kernel.get-actor */
export function getActor(k: KernelState, id: bigint): KStep<ActorState | undefined> {
  if (fvmOf(k) === 'v2') return kok(k, k.cm.tree.getActor(id))
  return lift(k, (cm) => getActorV3(cm, id))
}

/** Writes an actor: free at nv17, a charged write at nv18. @rule kernel.update-actor */
export function setActor(k: KernelState, id: bigint, actor: ActorState): KStep<void> {
  if (fvmOf(k) === 'v2') return kok({ ...k, cm: { ...k.cm, tree: k.cm.tree.setActor(id, actor) } }, undefined)
  return lift(k, (cm) => setActorV3(cm, id, actor))
}

/** Deletes an actor (a no-op when it does not exist); at nv18 charged like a write. @rule kernel.update-actor */
export function deleteActor(k: KernelState, id: bigint): KStep<void> {
  if (fvmOf(k) === 'v2') return kok({ ...k, cm: { ...k.cm, tree: k.cm.tree.deleteActor(id) } }, undefined)
  return lift(k, (cm) => deleteActorV3(cm, id))
}

function deleteActorV3(s: CallManagerState, id: bigint): Step<void> {
  const pl = s.machine.rules.priceList
  const access = actorAccess(s.access, id)
  const looked = access === undefined ? charge(s, G.onActorLookup(pl)) : ok(s, undefined)
  return then(looked, (s1) => {
    const updated = access !== 'updated' ? charge(s1, G.onActorUpdate(pl)) : ok(s1, undefined)
    return then(updated, (s2) => ok({ ...s2, tree: s2.tree.deleteActor(id), access: recordActorUpdate(s2.access, id) }, undefined))
  })
}

/**
 * Resolves an address to an ID, NotFound when it has none. nv17: the state tree's lookup, free.
 * nv18: `OnResolveAddress`, then the call manager's resolution (which charges `OnResolveAddress`
 * again for a non-ID address not yet looked up). ID addresses resolve to themselves unchecked.
 *
 * @rule kernel.resolve-address
 */
export function resolveAddress(k: KernelState, address: Address): KStep<bigint> {
  const found = (k1: KernelState, id: bigint | undefined): KStep<bigint> =>
    id === undefined ? kerr(k1, ErrorNumber.NotFound, 'actor not found') : kok(k1, id)
  if (fvmOf(k) === 'v2') return found(k, k.cm.tree.lookupId(address))
  return kthen(kcharge(k, G.onResolveAddress(priceList(k))), (k1) => kthen(lift(k1, (cm) => resolveAddressV3(cm, address)), found))
}

/** Moves `value` from one actor to another by the call manager's rule. @rule call.transfer */
function transfer(k: KernelState, from: bigint, to: bigint, value: bigint): KStep<void> {
  return lift(k, (cm) => cmTransfer(cm, from, to, value))
}

/**
 * A TokenAmount's out-bytes (`{lo u64, hi u64}`); an amount outside u128 (negative, or 2^128 or
 * more) is a fatal error.
 *
 * @rule syscall.network-token-amounts
 */
export function tokenAmountOut(k: KernelState, amount: bigint, what: string): KStep<Uint8Array> {
  if (amount < 0n || amount >= U128_LIMIT) return kfail(k, { kind: 'fatal', message: `${what} exceeds u128 limit` })
  return kok(k, tokenAmountBytes(amount))
}

/** A TokenAmount as a syscall's whole out-value (`tokenAmountOut`). */
export function tokenOut(k: KernelState, amount: bigint, what: string): KStep<SyscallOutput> {
  return kthen(tokenAmountOut(k, amount, what), (k1, b) => kok(k1, returns(b)))
}

/** This actor's state, or IllegalOperation when it has been deleted. */
function self(k: KernelState, message: string): KStep<ActorState> {
  return kthen(getActor(k, k.frame.receiver), (k1, a) =>
    a === undefined ? kerr(k1, ErrorNumber.IllegalOperation, message) : kok(k1, a),
  )
}

function readOnly(k: KernelState, message: string): KStep<void> | undefined {
  return fvmOf(k) === 'v3' && k.frame.readOnly ? kerr(k, ErrorNumber.ReadOnly, message) : undefined
}

/** The current balance: nv18 charges `OnSelfBalance` and reads through the tracker; 0 when deleted. */
function currentBalance(k: KernelState): KStep<bigint> {
  const charged = fvmOf(k) === 'v3' ? kcharge(k, G.onSelfBalance(priceList(k))) : kok(k, undefined)
  return kthen(charged, (k1) => kthen(getActor(k1, k1.frame.receiver), (k2, a) => kok(k2, a?.balance ?? 0n)))
}

// ---------------------------------------------------------------------------------------------
// Syscalls
// ---------------------------------------------------------------------------------------------

/**
 * self.root(obuf_off, obuf_len) → u32 CID length.
 *
 * @rule syscall.self-root
 */
const root: SyscallDef = {
  module: 'self', name: 'root', params: ['i32', 'i32'], out: 4, versions: ['v2', 'v3'], rule: 'syscall.self-root',
  body: (k, memory, [off, len]) =>
    kthen(checkOut(k, memory, u32(off), u32(len)), (k1) =>
      kthen(self(k1, 'state root requested after actor deletion'), (k2, actor) => writeToBuffer(k2, u32(off), u32(len), actor.head.bytes)),
    ),
}

/**
 * self.set_root(cid_off). The CID is not validated.
 *
 * @rule syscall.self-set-root
 */
const setRoot: SyscallDef = {
  module: 'self', name: 'set_root', params: ['i32'], out: 0, versions: ['v2', 'v3'], rule: 'syscall.self-set-root',
  body: (k, memory, [cidOff]) =>
    kthen(readCid(k, memory, u32(cidOff)), (k1, head): KStep<SyscallOutput> => {
      const denied = readOnly(k1, 'cannot update the state-root while read-only')
      if (denied !== undefined) return denied as unknown as KStep<SyscallOutput>
      return kthen(self(k1, 'actor deleted'), (k2, actor) =>
        kthen(setActor(k2, k2.frame.receiver, { ...actor, head }), (k3) => kok(k3, NOTHING)),
      )
    }),
}

/**
 * self.current_balance() → TokenAmount.
 *
 * @rule syscall.self-current-balance
 */
const currentBalanceDef: SyscallDef = {
  module: 'self', name: 'current_balance', params: [], out: 16, versions: ['v2', 'v3'], rule: 'syscall.self-current-balance',
  body: (k) => kthen(currentBalance(k), (k1, balance) => tokenOut(k1, balance, 'balance')),
}

/**
 * self.self_destruct(addr_off, addr_len): sends the whole balance to the beneficiary and deletes
 * the actor.
 *
 * @rule syscall.self-destruct
 */
const selfDestruct: SyscallDef = {
  module: 'self', name: 'self_destruct', params: ['i32', 'i32'], out: 0, versions: ['v2', 'v3'], rule: 'syscall.self-destruct',
  body: (k, memory, [off, len]) =>
    kthen(readAddress(k, memory, u32(off), u32(len)), (k1, beneficiary): KStep<SyscallOutput> => {
      const denied = readOnly(k1, 'cannot self-destruct when read-only')
      if (denied !== undefined) return denied as unknown as KStep<SyscallOutput>
      const me = k1.frame.receiver
      return kthen(kcharge(k1, G.onDeleteActor(priceList(k1))), (k2) =>
        kthen(currentBalance(k2), (k3, balance) => {
          const moved: KStep<void> = balance === 0n
            ? kok(k3, undefined)
            : kthen(resolveAddress(k3, beneficiary), (k4, to) =>
              to === me ? kerr(k4, ErrorNumber.Forbidden, 'benefactor cannot be beneficiary') : transfer(k4, me, to, balance))
          return kthen(moved, (k5) => kthen(deleteActor(k5, me), (k6) => kok(k6, NOTHING)))
        }),
      )
    }),
}

export const SELF_SYSCALLS: readonly SyscallDef[] = [root, setRoot, currentBalanceDef, selfDestruct]
