/**
 * `HYGGE_PRICES` of ref-fvm v3.14.1 (nv18, nv19, nv20), written as a delta over `SKYR_PRICES`.
 * Source: `fvm@v3.14.1:fvm/src/gas/price_list.rs` L66–322 (values), L516–979 (formulas).
 * Everything not listed here is unchanged from skyr: secp256k1 recover, unsealed-CID, verify seal,
 * aggregate seal tables, replica update, the 512MiB/32GiB/64GiB-V1 PoSt entries, syscall cost.
 *
 * @rule gas.price-list-selection
 */
import { gasFromWhole as g } from '../gas.js'
import { type PriceList, PoStProof } from '../price-list.js'
import { SKYR_PRICES } from './skyr.js'

const WINDOW_POST = { flat: g(117680921n), scale: g(43780n) }
const perByte = (whole: bigint) => ({ flat: 0n, scale: g(whole) })

export const HYGGE_PRICES: PriceList = {
  ...SKYR_PRICES,
  name: 'hygge',
  arithmetic: 'unsigned-u64', // Gas(u64), fvm/src/gas/mod.rs L32
  storageGasMultiplier: 1n, // no multiplier field: storage prices below are pre-multiplied

  onChainMessageStorage: { flat: g(36n * 1300n), scale: g(1300n) }, // L69–72 (+ actor_update, L524)
  onChainReturnStorage: { flat: 0n, scale: g(1300n) }, // L75–78
  returnValueCharge: 'depth-1-with-block', // on_method_return L542, call_manager/default.rs L846–861

  send: { model: 'split', sendTransferFunds: g(6000n), sendInvokeMethod: g(75000n) }, // L80–81
  createActorCompute: 0n,
  createActorStorage: g(650_000n), // actor_create_storage L85
  deleteActor: 0n, // on_delete_actor L570
  addressLookup: g(1_050_000n), // L87
  addressAssignment: g(1_000_000n), // L88
  actorLookup: g(500_000n), // L83
  actorUpdate: g(475_000n), // L84
  preloadedActors: [0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 10n, 99n], // L321
  resolveAddress: 0n, // L831
  lookupDelegatedAddress: 0n, // L837
  getActorCodeCid: 0n, // L845
  selfBalance: 0n, // L817
  balanceOf: 0n, // L823
  builtinActorManifestLookup: 0n, // L270
  networkContext: 0n, // L272
  messageContext: 0n, // L274
  tipsetCid: { model: 'latest-or-historical', latest: g(50_000n), historical: g(215_000n) }, // L128–129, L871–881
  installWasmPerByteCost: 0n, // L276

  sigCost: {
    secp256k1: { flat: g(1637292n), scale: g(10n) }, // L92–95
    bls: { flat: g(16598605n), scale: g(26n) }, // L96–99
  },
  hashingCost: {
    'sha2-256': perByte(7n), // L105–108
    'blake2b-256': perByte(10n), // L109–112
    'blake2b-512': perByte(10n), // L113–116
    'keccak-256': perByte(33n), // L117–120
    'ripemd-160': perByte(35n), // L121–124
  },
  hashingUnsupportedCost: null, // the code is checked before charging
  verifyAggregateSealBase: 0n, // field removed
  verifyPostLookup: {
    ...SKYR_PRICES.verifyPostLookup,
    [PoStProof.StackedDRGWindow512MiBV1P1]: WINDOW_POST, // L204–223
    [PoStProof.StackedDRGWindow32GiBV1P1]: WINDOW_POST,
    [PoStProof.StackedDRGWindow64GiBV1P1]: WINDOW_POST,
  },
  verifyPostDefault: PoStProof.StackedDRGWindow512MiBV1, // on_verify_post L672, L674
  verifyConsensusFault: g(516422n), // L179

  externCost: 0n, // no extern_cost field
  externGas: 'other',
  randomness: {
    model: 'extern-entropy', // on_get_randomness L702–718
    base: g(21000n), // get_randomness_seed L231
    perByte: 0n,
    hashedPrefixBytes: 48n, // RAND_INITIAL_HASH = 8 + 32 + 8, L703–709
  },

  blocks: {
    model: 'retention',
    blockMemcpy: { flat: 0n, scale: 400n }, // Gas::from_milligas(400) L238–241
    blockAllocate: perByte(2n), // L233–236
    blockMemoryRetentionMinimum: perByte(10n), // L243–246
    blockOpen: { flat: g(187440n), scale: 0n }, // L248–258
    blockPersistStorage: { flat: g(334000n), scale: g(3340n) }, // L260–263
    blockPersistCompute: g(172000n), // L265
  },
  events: {
    model: 'validate-accept', // L924–978
    validation: { flat: g(1750n), scale: g(25n) }, // event_validation_cost L306–309
    acceptPerIndexElement: { flat: 0n, scale: 0n }, // event_accept_per_index_element L315–318
  },
  wasm: {
    model: 'operator-classes', // rules L991–1294
    instructionDefault: g(4n), // L280
    mathDefault: g(4n), // L281
    jumpUnconditional: g(4n), // L282
    jumpConditional: g(4n), // L283
    jumpIndirect: g(4n), // L284
    call: 0n, // L287
    memoryFillBaseCost: 0n, // L288
    memoryAccessCost: 0n, // L289
    memoryCopyPerByteCost: 400n, // L292
    memoryFillPerByteCost: 400n, // L293
    tableElementSize: 8n, // TABLE_ELEMENT_SIZE L28
    wasmPageSize: 65536n,
  },
}
