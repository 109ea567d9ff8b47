/**
 * The `self` namespace: the calling actor's own state root and balance, and deleting itself.
 *
 * Also the kernel's state accessors, shared with the `actor` namespace. How they reach the state
 * is the release's (`rules.kernel`): at nv17 the kernel reads and writes the state tree directly
 * and pays nothing (`kernel/kernel-v2.ts`); from nv18 every access goes through the call
 * manager's charged accessors (FIP-0057 state-access tracking, `kernel/kernel-v3.ts`).
 */
import { isLeft } from 'fp-ts/lib/Either.js'
import * as G from '../../gas/price-list.js'
import type { Address } from '../../types/address.js'
import type { ActorState } from '../../types/actor.js'
import { BURNT_FUNDS_ACTOR_ID } from '../../types/chain.js'
import { ErrorNumber } from '../../types/error-number.js'
import { checkOut, NOTHING, readAddress, readCid, returns, tokenAmountBytes, u32, writeToBuffer, type SyscallDef, type SyscallOutput } from '../abi.js'
import { isReachable, markReachable } from '../block-registry.js'
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
 * v4 self.root(obuf_off, obuf_len) → u32 CID length: bounds; `OnActorGetRoot` (300); read self
 * (deleted: IllegalOperation); the root becomes reachable; write it (BufferTooSmall after all
 * that). `fvm@v4.8.2:fvm/src/kernel/default.rs` L301–318, `syscalls/sself.rs` L14–20.
 *
 * @rule syscall.self-root
 * @rule kernel.reachability
 */
const rootV4: SyscallDef = {
  module: 'self', name: 'root', params: ['i32', 'i32'], out: 4, versions: ['v4'], rule: 'syscall.self-root',
  body: (k, memory, [off, len]) =>
    kthen(checkOut(k, memory, u32(off), u32(len)), (k1) =>
      kthen(kcharge(k1, G.onGetRoot(priceList(k1))), (k2) =>
        kthen(self(k2, 'state root requested after actor deletion'), (k3, actor) =>
          writeToBuffer({ ...k3, blocks: markReachable(k3.blocks, actor.head) }, u32(off), u32(len), actor.head.bytes)))),
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
 * v4 self.set_root(cid_off): read the CID; read-only → ReadOnly; `OnActorSetRoot` (300); not
 * reachable → NotFound; read self (deleted: IllegalOperation, after the reachability check);
 * write the new head. `fvm@v4.8.2:fvm/src/kernel/default.rs` L320–342.
 *
 * @rule syscall.self-set-root
 * @rule kernel.reachability
 */
const setRootV4: SyscallDef = {
  module: 'self', name: 'set_root', params: ['i32'], out: 0, versions: ['v4'], rule: 'syscall.self-set-root',
  body: (k, memory, [cidOff]) =>
    kthen(readCid(k, memory, u32(cidOff)), (k1, head): KStep<SyscallOutput> => {
      const denied = readOnly(k1, 'cannot update the state-root while read-only')
      if (denied !== undefined) return denied as unknown as KStep<SyscallOutput>
      return kthen(kcharge(k1, G.onSetRoot(priceList(k1))), (k2): KStep<SyscallOutput> => {
        if (!isReachable(k2.blocks, head)) return kerr(k2, ErrorNumber.NotFound, `new root cid not reachable: ${head.toString()}`)
        return kthen(self(k2, 'actor deleted'), (k3, actor) =>
          kthen(setActor(k3, k3.frame.receiver, { ...actor, head }), (k4) => kok(k4, NOTHING)))
      })
    }),
}

/**
 * self.current_balance() → TokenAmount.
 *
 * @rule syscall.self-current-balance
 */
const currentBalanceDef: SyscallDef = {
  module: 'self', name: 'current_balance', params: [], out: 16, versions: ['v2', 'v3', 'v4'], rule: 'syscall.self-current-balance',
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

/**
 * v4 self.self_destruct(burn_unspent) (FIP-0073): any non-zero i32 burns. Read-only → ReadOnly;
 * `OnDeleteActor`; the current balance (`OnSelfBalance`, read self); a non-zero balance without
 * burn is IllegalOperation, with burn it goes to f099, and any error of that transfer — out of gas
 * included — is fatal; then delete self (a no-op when already deleted).
 * `fvm@v4.8.2:fvm/src/kernel/default.rs` L353–385, `syscalls/sself.rs` L36–39.
 *
 * @rule syscall.self-destruct
 */
const selfDestructV4: SyscallDef = {
  module: 'self', name: 'self_destruct', params: ['i32'], out: 0, versions: ['v4'], rule: 'syscall.self-destruct',
  body: (k, _memory, [burnArg]) => {
    const burn = u32(burnArg) > 0
    const denied = readOnly(k, 'cannot self-destruct when read-only')
    if (denied !== undefined) return denied as unknown as KStep<SyscallOutput>
    const me = k.frame.receiver
    return kthen(kcharge(k, G.onDeleteActor(priceList(k))), (k1) =>
      kthen(currentBalance(k1), (k2, balance): KStep<SyscallOutput> => {
        let burnt: KStep<void> = kok(k2, undefined)
        if (balance !== 0n) {
          if (!burn) return kerr(k2, ErrorNumber.IllegalOperation, 'self-destruct with unspent funds')
          burnt = orFatal(transfer(k2, me, BURNT_FUNDS_ACTOR_ID, balance), 'failed to burn the unspent funds')
        }
        return kthen(burnt, (k3) => kthen(deleteActor(k3, me), (k4) => kok(k4, NOTHING)))
      }),
    )
  },
}

/** ref-fvm `or_fatal()`: every error of `step`, out of gas included, becomes fatal. */
function orFatal<T>(step: KStep<T>, message: string): KStep<T> {
  if (!isLeft(step.result) || step.result.left.kind === 'fatal') return step
  const e = step.result.left
  return kfail(step.state, { kind: 'fatal', message: `${message}: ${'message' in e ? e.message : e.kind}` })
}

export const SELF_SYSCALLS: readonly SyscallDef[] = [root, rootV4, setRoot, setRootV4, currentBalanceDef, selfDestruct, selfDestructV4]
