/**
 * The `self` namespace: the calling actor's own state root and balance, and deleting itself.
 *
 * Also the kernel's state accessors, shared with the `actor` namespace. How they reach the state
 * is the release's (`rules.kernel`): at nv17 the kernel reads and writes the state tree directly
 * and pays nothing (`kernel/kernel-v2.ts`); from nv18 every access goes through the call
 * manager's charged accessors (FIP-0057 state-access tracking, `kernel/kernel-v3.ts`).
 */
import * as G from '../../gas/price-list.js'
import type { Address } from '../../types/address.js'
import type { ActorState } from '../../types/actor.js'
import { ErrorNumber } from '../../types/error-number.js'
import { checkOut, NOTHING, readAddress, readCid, returns, tokenAmountBytes, u32, writeToBuffer, type SyscallDef, type SyscallOutput } from '../abi.js'
import { kcharge, kerr, kfail, kok, kthen, lift, priceList, type KernelState, type KStep } from '../kernel.js'

const U128_LIMIT = 1n << 128n

// ---------------------------------------------------------------------------------------------
// State accessors
// ---------------------------------------------------------------------------------------------

/** Reads an actor by the release's rule (`rules.kernel`). @rule kernel.get-actor */
export function getActor(k: KernelState, id: bigint): KStep<ActorState | undefined> {
  return k.cm.machine.rules.kernel.getActor(k, id)
}

/** Writes an actor by the release's rule. @rule kernel.update-actor */
export function setActor(k: KernelState, id: bigint, actor: ActorState): KStep<void> {
  return k.cm.machine.rules.kernel.setActor(k, id, actor)
}

/** Deletes an actor (a no-op when it does not exist) by the release's rule. @rule kernel.update-actor */
export function deleteActor(k: KernelState, id: bigint): KStep<void> {
  return k.cm.machine.rules.kernel.deleteActor(k, id)
}

/**
 * Resolves an address to an ID, NotFound when it has none. nv17: the state tree's lookup, free.
 * nv18: `OnResolveAddress`, then the call manager's resolution (which charges `OnResolveAddress`
 * again for a non-ID address not yet looked up). ID addresses resolve to themselves unchecked.
 *
 * @rule kernel.resolve-address
 */
export function resolveAddress(k: KernelState, address: Address): KStep<bigint> {
  return kthen(k.cm.machine.rules.kernel.lookupId(k, address), (k1, id) =>
    id === undefined ? kerr(k1, ErrorNumber.NotFound, 'actor not found') : kok(k1, id),
  )
}

/** Moves `value` from one actor to another by the call manager's rule. @rule call.transfer */
function transfer(k: KernelState, from: bigint, to: bigint, value: bigint): KStep<void> {
  return lift(k, (cm) => cm.machine.rules.send.transfer(cm, from, to, value))
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

/** ReadOnly when the frame is read-only and the release has read-only frames (nv17 has none). */
function readOnly(k: KernelState, message: string): KStep<void> | undefined {
  return k.cm.machine.rules.readOnlyFrames && k.frame.readOnly ? kerr(k, ErrorNumber.ReadOnly, message) : undefined
}

/** The current balance: nv18 charges `OnSelfBalance` and reads through the tracker; 0 when deleted. */
function currentBalance(k: KernelState): KStep<bigint> {
  return kthen(k.cm.machine.rules.kernel.chargeAccessor(k, G.onSelfBalance), (k1) => kthen(getActor(k1, k1.frame.receiver), (k2, a) => kok(k2, a?.balance ?? 0n)))
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
