/**
 * The kernel of ref-fvm v2 (nv17): it reads and writes the state tree directly and pays nothing
 * for it, and a signature may name any account, whose key address is read from its state.
 *
 * Source: fvm@v2.12.1 `fvm/src/kernel/default.rs` (get_actor, set_actor, delete_actor,
 * resolve_address, resolve_to_key_addr, verify_signature).
 */
import * as G from '../gas/price-list.js'
import { asArray, asBytes, decodeCbor, type Ipld } from '../ipld/cbor.js'
import { isBuiltin } from '../machine/manifest.js'
import { addressFromBytes, Protocol, type Address } from '../types/address.js'
import { ErrorNumber } from '../types/error-number.js'
import { putBlock } from './block-registry.js'
import { kcharge, kerr, kfail, kok, kthen, priceList, type KernelRelease, type KernelState, type KStep } from './kernel.js'

/**
 * v2 `resolve_to_key_addr(signer, charge = true)`: a key address is itself; otherwise the actor
 * (NotFound when absent) must be an account (IllegalArgument otherwise), whose state `[address]`
 * is read with the block-open charges (base before loading, per byte after). A missing or
 * undecodable state is fatal.
 *
 * @rule syscall.crypto-verify-signature
 */
function resolveToKeyAddressV2(k: KernelState, signer: Address): KStep<Address> {
  if (signer.protocol === Protocol.BLS || signer.protocol === Protocol.SECP256K1) return kok(k, signer)
  const tree = k.cm.tree
  const id = tree.lookupId(signer)
  const actor = id === undefined ? undefined : tree.getActor(id)
  if (actor === undefined) return kerr(k, ErrorNumber.NotFound, 'state tree doesn\'t contain actor')
  if (!isBuiltin(k.cm.machine.manifest, actor.code, 'account')) return kerr(k, ErrorNumber.IllegalArgument, 'target actor is not an account')
  return kthen(kcharge(k, G.onBlockOpenBase(priceList(k))), (k1): KStep<Address> => {
    const state = k1.cm.tree.store.get(actor.head)
    if (state === undefined) return kfail(k1, { kind: 'fatal', message: 'account actor state not found' })
    return kthen(kcharge(k1, G.onBlockOpenPerByte(priceList(k1), BigInt(state.length))), (k2): KStep<Address> => {
      try {
        const [address] = asArray(decodeCbor(state), 'account actor state', 1)
        return kok(k2, addressFromBytes(asBytes(address as Ipld, 'account actor state.address'), k2.cm.machine.rules.addressRules))
      } catch (e) {
        return kfail(k2, { kind: 'fatal', message: `failed to decode actor state as an account: ${(e as Error).message}` })
      }
    })
  })
}

/**
 * @rule kernel.get-actor
 * @rule kernel.update-actor
 * @rule kernel.resolve-address
 */
export const KERNEL_V2: KernelRelease = {
  module: 'kernel-v2',
  getActor: (k, id) => kok(k, k.cm.tree.getActor(id)),
  setActor: (k, id, actor) => kok({ ...k, cm: { ...k.cm, tree: k.cm.tree.setActor(id, actor) } }, undefined),
  deleteActor: (k, id) => kok({ ...k, cm: { ...k.cm, tree: k.cm.tree.deleteActor(id) } }, undefined),
  lookupId: (k, address) => kok(k, k.cm.tree.lookupId(address)),
  // The accessor syscalls are free before nv18 (the v2 price list has no such prices).
  chargeAccessor: (k) => kok(k, undefined),
  signingKey: resolveToKeyAddressV2,
  receiveBlock: putBlock,
}
