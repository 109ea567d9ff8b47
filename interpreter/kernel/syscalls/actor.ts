/**
 * The `actor` namespace: address resolution, code CIDs and built-in actor types, new actor
 * addresses and actor creation, and (nv18) other actors' balances and delegated addresses.
 */
import type { GasCharge } from '../../gas/charge.js'
import * as G from '../../gas/price-list.js'
import type { PriceList } from '../../gas/price-list.js'
import type { CID } from '../../ipld/cid.js'
import { emptyActor } from '../../call-manager/send.js'
import { asArray, asBytes, decodeCbor, encodeCbor, type Ipld } from '../../ipld/cbor.js'
import { isBuiltin } from '../../machine/manifest.js'
import { addressEquals, addressFromBytes, addressToBytes, newActorAddress, PAYLOAD_HASH_LEN, Protocol, type Address } from '../../types/address.js'
import type { ActorState } from '../../types/actor.js'
import { ErrorNumber } from '../../types/error-number.js'
import { INIT_ACTOR_ID } from '../../types/chain.js'
import type { FvmVersion } from '../../types/network-version.js'
import { concatBytes } from '../../util/bytes.js'
import {
  checkOut,
  i32Bytes,
  NOTHING,
  readAddress,
  readCid,
  returns,
  u32,
  u32Bytes,
  u64,
  u64Bytes,
  writeToBuffer,
  type SyscallDef,
  type SyscallOutput,
} from '../abi.js'
import { kcharge, kerr, kfail, kok, kthen, priceList, type KernelState, type KStep } from '../kernel.js'
import { getActor, resolveAddress, setActor, tokenOut } from './self.js'

/** f2 addresses are 21 bytes: the output buffer must hold at least that. */
const ACTOR_ADDRESS_LEN = PAYLOAD_HASH_LEN + 1

/** Built-in actors of which there is only one, which nv17's create_actor refuses to create. */
const SINGLETONS = ['system', 'init', 'reward', 'cron', 'storagepower', 'storagemarket', 'verifiedregistry'] as const

/**
 * The actors that may call create_actor. Only the init actor in production; ref-fvm's conformance
 * tester is built with the `testing` feature, which also admits actor 98 (`TEST_ACTOR_ALLOWED_TO_
 * CALL_CREATE_ACTOR`). nv18–nv20 follow the conformance tester (fvm-spec's nv18 vectors come from
 * it); nv21–nv28 follow production: filecoin-ffi builds fvm 4.8.2 without `testing`
 * (`filecoin-ffi@v1.36.1:rust/Cargo.toml` L36; `fvm@v4.8.2:fvm/src/kernel/default.rs` L37–38, L856–880).
 */
const CREATE_ACTOR_CALLERS_V3: readonly bigint[] = [INIT_ACTOR_ID, 98n]
const CREATE_ACTOR_CALLERS_V4: readonly bigint[] = [INIT_ACTOR_ID]

/** An accessor charge, by the release's rule (nv18 makes it, nv17's price list has no such entry). */
const accessorCharge = (k: KernelState, price: (pl: PriceList) => GasCharge): KStep<void> => k.cm.machine.rules.kernel.chargeAccessor(k, price)

const fatal = <T>(k: KernelState, message: string): KStep<T> => kfail(k, { kind: 'fatal', message })

/**
 * actor.resolve_address(addr_off, addr_len) → u64 actor ID.
 *
 * @rule syscall.actor-resolve-address
 */
const resolveAddressDef: SyscallDef = {
  module: 'actor', name: 'resolve_address', params: ['i32', 'i32'], out: 8, versions: ['v2', 'v3', 'v4'], rule: 'syscall.actor-resolve-address',
  body: (k, memory, [off, len]) =>
    kthen(readAddress(k, memory, u32(off), u32(len)), (k1, address) =>
      kthen(resolveAddress(k1, address), (k2, id) => kok(k2, returns(u64Bytes(id))))),
}

/**
 * actor.get_actor_code_cid(actor_id, obuf_off, obuf_len) → u32 CID length.
 *
 * @rule syscall.actor-get-actor-code-cid
 */
const getActorCodeCid: SyscallDef = {
  module: 'actor', name: 'get_actor_code_cid', params: ['i64', 'i32', 'i32'], out: 4, versions: ['v2', 'v3', 'v4'], rule: 'syscall.actor-get-actor-code-cid',
  body: (k, memory, [actorId, off, len]) =>
    kthen(checkOut(k, memory, u32(off), u32(len)), (k1) =>
      kthen(accessorCharge(k1, G.onGetActorCodeCid), (k2) =>
        kthen(getActor(k2, u64(actorId)), (k3, actor) =>
          actor === undefined
            ? kerr(k3, ErrorNumber.NotFound, 'target actor not found')
            : writeToBuffer(k3, u32(off), u32(len), actor.code.bytes)))),
}

/** Bounds first, then at least 21 bytes of room (BufferTooSmall). */
function checkAddressBuffer(k: KernelState, memory: Uint8Array, off: number, len: number): KStep<void> {
  return kthen(checkOut(k, memory, off, len), (k1) =>
    len < ACTOR_ADDRESS_LEN ? kerr(k1, ErrorNumber.BufferTooSmall, 'output buffer must have a minimum capacity of 21 bytes') : kok(k1, undefined))
}

/** `CBOR(address) ‖ nonce (u64 BE) ‖ index (u64 BE)`, hashed into an f2 address. */
function actorAddress(origin: Address, nonce: bigint, index: bigint): Address {
  const head = encodeCbor(addressToBytes(origin))
  const tail = new Uint8Array(16)
  const view = new DataView(tail.buffer)
  view.setBigUint64(0, BigInt.asUintN(64, nonce), false)
  view.setBigUint64(8, BigInt.asUintN(64, index), false)
  return newActorAddress(concatBytes(head, tail))
}

/**
 * The key (f1/f3) address of the message's origin, read from its account actor's state
 * `[address]` without charge. Any failure is fatal.
 */
function originKeyAddress(k: KernelState): KStep<Address> {
  const origin = k.cm.originAddress
  if (origin.protocol === Protocol.BLS || origin.protocol === Protocol.SECP256K1) return kok(k, origin)
  const tree = k.cm.tree
  const id = tree.lookupId(origin)
  const actor = id === undefined ? undefined : tree.getActor(id)
  if (actor === undefined) return fatal(k, 'state tree doesn\'t contain actor')
  if (!isBuiltin(k.cm.machine.manifest, actor.code, 'account')) return fatal(k, 'target actor is not an account')
  const state = tree.store.get(actor.head)
  if (state === undefined) return fatal(k, 'account actor state not found')
  try {
    const [address] = asArray(decodeCbor(state), 'account actor state', 1)
    return kok(k, addressFromBytes(asBytes(address as Ipld, 'account actor state.address'), k.cm.machine.rules.addressRules))
  } catch (e) {
    return fatal(k, `failed to decode actor state as an account: ${(e as Error).message}`)
  }
}

/**
 * v2 actor.new_actor_address(obuf_off, obuf_len) → u32 address length. Every call takes the next
 * value of the message's actor counter.
 *
 * @rule syscall.actor-new-actor-address
 */
const newActorAddressDef: SyscallDef = {
  module: 'actor', name: 'new_actor_address', params: ['i32', 'i32'], out: 4, versions: ['v2'], rule: 'syscall.actor-new-actor-address',
  body: (k, memory, [off, len]) =>
    kthen(checkAddressBuffer(k, memory, u32(off), u32(len)), (k1) =>
      kthen(originKeyAddress(k1), (k2, key) => {
        const index = k2.cm.numActorsCreated
        const k3: KernelState = { ...k2, cm: { ...k2.cm, numActorsCreated: index + 1n } }
        return writeToBuffer(k3, u32(off), u32(len), addressToBytes(actorAddress(key, k3.cm.nonce, index)))
      })),
}

/**
 * v3 actor.next_actor_address(obuf_off, obuf_len) → u32 address length. Changes nothing: only a
 * successful create_actor moves the counter.
 *
 * @rule syscall.actor-next-actor-address
 */
const nextActorAddress: SyscallDef = {
  module: 'actor', name: 'next_actor_address', params: ['i32', 'i32'], out: 4, versions: ['v3', 'v4'], rule: 'syscall.actor-next-actor-address',
  body: (k, memory, [off, len]) =>
    kthen(checkAddressBuffer(k, memory, u32(off), u32(len)), (k1) =>
      writeToBuffer(k1, u32(off), u32(len), addressToBytes(actorAddress(k1.cm.originAddress, k1.cm.nonce, k1.cm.numActorsCreated)))),
}

/** v2: any caller; only non-singleton built-in code; the ID must be free. */
function createActorV2(k: KernelState, code: CID, id: bigint): KStep<SyscallOutput> {
  const manifest = k.cm.machine.manifest
  const builtin = manifest.byCode(code)
  if (builtin === undefined) return kerr(k, ErrorNumber.Forbidden, 'can only create built-in actors')
  if ((SINGLETONS as readonly string[]).some((name) => isBuiltin(manifest, code, name))) {
    return kerr(k, ErrorNumber.Forbidden, 'can only have one instance of singleton actors')
  }
  if (k.cm.tree.getActor(id) !== undefined) return kerr(k, ErrorNumber.Forbidden, 'Actor address already exists')
  return kthen(kcharge(k, G.onCreateActor(priceList(k), false)), (k1) =>
    kthen(setActor(k1, id, emptyActor(code, null)), (k2) => kok(k2, NOTHING)))
}

/** v3, v4: only the allowed callers, never read-only, never placeholder code; may replace a placeholder. */
function createActorV3(k: KernelState, code: CID, id: bigint, delegated: Address | null, callers: readonly bigint[]): KStep<SyscallOutput> {
  const caller = k.frame.receiver
  if (!callers.includes(caller)) {
    return kerr(k, ErrorNumber.Forbidden, `create_actor is restricted to InitActor. Called by ${caller}`)
  }
  if (k.frame.readOnly) return kerr(k, ErrorNumber.ReadOnly, 'create_actor cannot be called while read-only')
  const manifest = k.cm.machine.manifest
  if (isBuiltin(manifest, code, 'placeholder')) return kerr(k, ErrorNumber.Forbidden, 'cannot explicitly construct a placeholder actor')
  return kthen(getActor(k, id), (k1, existing): KStep<SyscallOutput> => {
    let next: KStep<ActorState>
    if (existing === undefined) {
      // The storage is charged, not the address: the init actor has assigned it already.
      next = kthen(kcharge(k1, G.onCreateActor(priceList(k1), false)), (k2) => kok(k2, emptyActor(code, delegated)))
    } else if (isBuiltin(manifest, existing.code, 'placeholder')) {
      if (existing.delegatedAddress === null) return fatal(k1, `placeholder ${id} doesn't have a delegated address`)
      if (delegated === null || !addressEquals(existing.delegatedAddress, delegated)) {
        return kerr(k1, ErrorNumber.Forbidden, 'placeholder has a different delegated address')
      }
      next = kok(k1, { ...existing, code })
    } else {
      return kerr(k1, ErrorNumber.Forbidden, 'Actor address already exists')
    }
    return kthen(next, (k3, actor) =>
      kthen(setActor(k3, id, actor), (k4) => kok({ ...k4, cm: { ...k4.cm, numActorsCreated: k4.cm.numActorsCreated + 1n } }, NOTHING)))
  })
}

/**
 * actor.create_actor(actor_id, typ_off [, delegated_off, delegated_len at nv18]).
 *
 * @rule syscall.actor-create-actor
 */
const createActorV2Def: SyscallDef = {
  module: 'actor', name: 'create_actor', params: ['i64', 'i32'], out: 0, versions: ['v2'], rule: 'syscall.actor-create-actor',
  body: (k, memory, [actorId, typOff]) => kthen(readCid(k, memory, u32(typOff)), (k1, code) => createActorV2(k1, code, u64(actorId))),
}

/**
 * The v3 signature, also v4's (`fvm@v4.8.2:fvm/src/syscalls/actor.rs`, `kernel/default.rs`
 * L856–880, `call_manager/default.rs` create_actor byte-identical to v3); the releases differ only
 * in who may call it.
 *
 * @rule syscall.actor-create-actor
 */
function createActorDef(versions: readonly FvmVersion[], callers: readonly bigint[]): SyscallDef {
  return {
    module: 'actor', name: 'create_actor', params: ['i64', 'i32', 'i32', 'i32'], out: 0, versions, rule: 'syscall.actor-create-actor',
    body: (k, memory, [actorId, typOff, delOff, delLen]) =>
      kthen(readCid(k, memory, u32(typOff)), (k1, code) => {
        const delegated: KStep<Address | null> = u32(delLen) > 0 ? readAddress(k1, memory, u32(delOff), u32(delLen)) : kok(k1, null)
        return kthen(delegated, (k2, addr) => createActorV3(k2, code, u64(actorId), addr, callers))
      }),
  }
}

/**
 * actor.get_builtin_actor_type(cid_off) → i32: the code's 1-based manifest position, 0 if none.
 *
 * @rule syscall.actor-get-builtin-actor-type
 */
const getBuiltinActorType: SyscallDef = {
  module: 'actor', name: 'get_builtin_actor_type', params: ['i32'], out: 4, versions: ['v2', 'v3', 'v4'], rule: 'syscall.actor-get-builtin-actor-type',
  body: (k, memory, [cidOff]) =>
    kthen(readCid(k, memory, u32(cidOff)), (k1, code) =>
      kthen(accessorCharge(k1, G.onGetBuiltinActorType), (k2) =>
        kok(k2, returns(i32Bytes(k2.cm.machine.manifest.byCode(code)?.typeId ?? 0))))),
}

/**
 * actor.get_code_cid_for_type(typ, obuf_off, obuf_len) → u32 CID length.
 *
 * @rule syscall.actor-get-code-cid-for-type
 */
const getCodeCidForType: SyscallDef = {
  module: 'actor', name: 'get_code_cid_for_type', params: ['i32', 'i32', 'i32'], out: 4, versions: ['v2', 'v3', 'v4'], rule: 'syscall.actor-get-code-cid-for-type',
  body: (k, memory, [typ, off, len]) =>
    kthen(checkOut(k, memory, u32(off), u32(len)), (k1) =>
      kthen(accessorCharge(k1, G.onGetCodeCidForType), (k2) => {
        const t = u32(typ)
        const actor = k2.cm.machine.manifest.actors.find((a) => a.typeId === t)
        if (actor === undefined) return kerr(k2, ErrorNumber.IllegalArgument, 'tried to resolve CID of unrecognized actor type')
        return writeToBuffer(k2, u32(off), u32(len), actor.code.bytes)
      })),
}

/**
 * v3 actor.balance_of(actor_id) → TokenAmount.
 *
 * @rule syscall.actor-balance-of
 */
const balanceOf: SyscallDef = {
  module: 'actor', name: 'balance_of', params: ['i64'], out: 16, versions: ['v3', 'v4'], rule: 'syscall.actor-balance-of',
  body: (k, _memory, [actorId]) =>
    kthen(kcharge(k, G.onBalanceOf(priceList(k))), (k1) =>
      kthen(getActor(k1, u64(actorId)), (k2, actor) =>
        actor === undefined ? kerr(k2, ErrorNumber.NotFound, 'actor not found') : tokenOut(k2, actor.balance, 'balance'))),
}

/**
 * v3 actor.lookup_delegated_address(actor_id, obuf_off, obuf_len) → u32 length, 0 when the actor
 * has no delegated address.
 *
 * @rule syscall.actor-lookup-delegated-address
 */
const lookupDelegatedAddress: SyscallDef = {
  module: 'actor', name: 'lookup_delegated_address', params: ['i64', 'i32', 'i32'], out: 4, versions: ['v3', 'v4'], rule: 'syscall.actor-lookup-delegated-address',
  body: (k, memory, [actorId, off, len]) =>
    kthen(checkOut(k, memory, u32(off), u32(len)), (k1) =>
      kthen(kcharge(k1, G.onLookupDelegatedAddress(priceList(k1))), (k2) =>
        kthen(getActor(k2, u64(actorId)), (k3, actor): KStep<SyscallOutput> => {
          if (actor === undefined) return kerr(k3, ErrorNumber.NotFound, 'actor not found')
          if (actor.delegatedAddress === null) return kok(k3, returns(u32Bytes(0)))
          return writeToBuffer(k3, u32(off), u32(len), addressToBytes(actor.delegatedAddress))
        }))),
}

export const ACTOR_SYSCALLS: readonly SyscallDef[] = [
  resolveAddressDef, getActorCodeCid, newActorAddressDef, nextActorAddress, createActorV2Def,
  createActorDef(['v3'], CREATE_ACTOR_CALLERS_V3), createActorDef(['v4'], CREATE_ACTOR_CALLERS_V4),
  getBuiltinActorType, getCodeCidForType, balanceOf, lookupDelegatedAddress,
]
