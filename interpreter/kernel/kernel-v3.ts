/**
 * The kernel of ref-fvm v3 (nv18–nv20): every actor read and write goes through the call
 * manager's charged accessors (FIP-0057 state-access tracking), address resolution is charged
 * `OnResolveAddress`, the accessor syscalls are priced, and a signature must name a key address.
 *
 * Source: fvm@v3.14.1 `fvm/src/kernel/default.rs` (resolve_address, get_actor_code_cid,
 * balance_of, self_balance, verify_signature) and `fvm/src/call_manager/default.rs` (get_actor,
 * set_actor, delete_actor).
 */
import * as G from '../gas/price-list.js'
import { deleteActorV3, getActorV3, resolveAddressV3, setActorV3 } from '../call-manager/send-v3.js'
import { Protocol } from '../types/address.js'
import { ErrorNumber } from '../types/error-number.js'
import { putBlock } from './block-registry.js'
import { kcharge, kerr, kok, kthen, lift, priceList, type KernelRelease } from './kernel.js'

/**
 * @rule kernel.get-actor
 * @rule kernel.update-actor
 * @rule kernel.resolve-address
 */
export const KERNEL_V3: KernelRelease = {
  module: 'kernel-v3',
  getActor: (k, id) => lift(k, (cm) => getActorV3(cm, id)),
  setActor: (k, id, actor) => lift(k, (cm) => setActorV3(cm, id, actor)),
  deleteActor: (k, id) => lift(k, (cm) => deleteActorV3(cm, id)),
  // `OnResolveAddress`, then the call manager's resolution (which charges it again for a non-ID
  // address not yet looked up).
  lookupId: (k, address) => kthen(kcharge(k, G.onResolveAddress(priceList(k))), (k1) => lift(k1, (cm) => resolveAddressV3(cm, address))),
  chargeAccessor: (k, price) => kcharge(k, price(priceList(k))),
  // @rule syscall.crypto-verify-signature
  signingKey: (k, signer) =>
    signer.protocol === Protocol.BLS || signer.protocol === Protocol.SECP256K1
      ? kok(k, signer)
      : kerr(k, ErrorNumber.IllegalArgument, `address protocol ${signer.protocol} not supported`),
  receiveBlock: putBlock,
}
