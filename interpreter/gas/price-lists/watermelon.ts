/**
 * `WATERMELON_PRICES` of ref-fvm v4.8.2 (nv21, nv22, nv23, nv24), written as a delta over
 * `HYGGE_PRICES`. Source: `fvm@v4.8.2:fvm/src/gas/price_list.rs` L83–313 (values), L619–1080
 * (formulas). Every line below names the Rust line of its value.
 *
 * Unchanged from hygge (same value, now at these v4 lines): message inclusion and return storage
 * (L84–94), send (L96–97), actor lookup/update/create and address prices (L99–104), signatures
 * (L107–118), secp256k1 recover (L119), hashing (L125–148), unsealed CID (L150), verify seal
 * (L151, 2 000 gas), aggregate seal tables (L153–194), consensus fault (L196), replica update
 * (L198), the manifest/context/install prices (L268–274), the wasm instruction prices
 * (L276–292) and the preloaded actors (L307).
 *
 * New or changed: the FIP-0071 block model and IPLD link prices, the FIP-0075 lookback cost
 * (replacing `get_randomness_seed` and the two tipset-CID prices), the FIP-0072 per-entry event
 * prices, the FIP-0079 BLS aggregate prices, `syscall_cost` moved to `wasm_rules.host_call_cost`
 * (same value), the window-PoSt V1 entries removed, the return value charged at every depth.
 *
 * @rule gas.price-list-selection
 */
import { gasFromWhole as g } from '../gas.js'
import { type PriceList, PoStProof } from '../price-list.js'
import { HYGGE_PRICES } from './hygge.js'

const WINDOW_POST = { flat: g(117680921n), scale: g(43780n) }

export const WATERMELON_PRICES: PriceList = {
  ...HYGGE_PRICES,
  name: 'watermelon',

  // on_method_return L647–666: OnChainReturnValue at depth 1, OnReturnValue (link tracking) deeper.
  returnValueCharge: 'every-block',

  // FIP-0075: one lookback cost for randomness and tipset CIDs.
  tipsetCid: { model: 'lookback' }, // on_tipset_cid L1011–1017
  lookbackCost: { flat: g(5800n * 19n + 15000n + 21000n), scale: g(75n) }, // lookback_cost L225–231

  // FIP-0079 (fvm 4.3), in this list since v4.8.2 binds the syscall for every version it runs.
  blsAggregate: {
    pairing: g(8299302n), // bls_pairing_cost L120
    hashing: { flat: 0n, scale: g(7n) }, // bls_hashing_cost L121–124
  },

  // v1 window-PoSt types are gone (shared/src/sector/registered_proof.rs L354–367): only V1P1 entries.
  verifyPostLookup: {
    [PoStProof.StackedDRGWindow512MiBV1P1]: WINDOW_POST, // L200–205
    [PoStProof.StackedDRGWindow32GiBV1P1]: WINDOW_POST, // L206–212
    [PoStProof.StackedDRGWindow64GiBV1P1]: WINDOW_POST, // L213–219
  },
  verifyPostDefault: PoStProof.StackedDRGWindow512MiBV1P1, // on_verify_post L815, L818

  randomness: { model: 'lookback' }, // on_get_randomness L844–850

  blocks: {
    model: 'reachability', // on_block_open_base L854–860, on_block_open L864–880, on_block_create L894–905, on_block_link L909–927
    blockAllocate: { flat: 0n, scale: g(2n) }, // block_allocate L233–236
    blockMemcpy: { flat: 0n, scale: 400n }, // block_memcpy Gas::from_milligas(400) L238–241
    blockMemoryRetentionMinimum: { flat: 0n, scale: g(10n) }, // L243–246
    blockOpen: { flat: g(187440n), scale: 0n }, // block_open L248–258
    blockPersistStorage: { flat: g(334000n), scale: g(3340n) }, // L260–263
    blockPersistCompute: g(172000n), // L265
  },
  ipld: {
    cborScanPerCid: g(400n), // ipld_cbor_scan_per_cid L309
    cborScanPerField: g(35n), // ipld_cbor_scan_per_field L310
    linkTracked: g(300n), // ipld_link_tracked L311
    linkChecked: g(300n), // ipld_link_checked L312
  },
  syscallCost: g(14000n), // wasm_rules.host_call_cost L293, charged as "OnSyscall" (syscalls/mod.rs L174–182)
  events: {
    model: 'per-entry', // on_actor_event L1041–1069
    perEntry: { flat: g(2000n), scale: g(1400n) }, // event_per_entry L296–299
  },
  utf8Validation: { flat: g(500n), scale: g(16n) }, // utf8_validation L301–304
}
