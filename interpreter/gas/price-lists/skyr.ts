/**
 * `SKYR_PRICES` of ref-fvm v2.12.1 (nv16 and nv17), as data.
 * Source: `fvm@v2.12.1:fvm/src/gas/price_list.rs` L150–274 (values), L424–687 (formulas).
 * Values are milligas; `g(n)` is `Gas::new(n)` (whole gas).
 *
 * @rule gas.price-list-selection
 */
import { gasFromWhole as g } from '../gas.js'
import { type PriceList, type ScalingCost, type Step, type SupportedHash, PoStProof, SealProof } from '../price-list.js'

const fixedCost = (milli: bigint): ScalingCost => ({ flat: milli, scale: 0n })
const steps = (pairs: readonly (readonly [number, number])[]): readonly Step[] =>
  pairs.map(([start, cost]) => ({ start: BigInt(start), cost: g(BigInt(cost)) }))

/** `hashing_base`: one flat price for every hash function and length. */
const HASHING_BASE = fixedCost(g(31355n))
const WINDOW_POST = { flat: g(117680921n), scale: g(43780n) }

/** Aggregate seal tables, identical in v2.12.1 (L176–220) and v3.14.1 (L134–177). */
export const AGGREGATE_SEAL_PER: Readonly<Record<number, bigint>> = {
  [SealProof.StackedDRG32GiBV1P1]: g(449900n),
  [SealProof.StackedDRG64GiBV1P1]: g(359272n),
}
export const AGGREGATE_SEAL_STEPS: Readonly<Record<number, readonly Step[]>> = {
  [SealProof.StackedDRG32GiBV1P1]: steps([
    [4, 103994170], [7, 112356810], [13, 122912610], [26, 137559930],
    [52, 162039100], [103, 210960780], [205, 318351180], [410, 528274980],
  ]),
  [SealProof.StackedDRG64GiBV1P1]: steps([
    [4, 102581240], [7, 110803030], [13, 120803700], [26, 134642130],
    [52, 157357890], [103, 203017690], [205, 304253590], [410, 509880640],
  ]),
}

export const SKYR_PRICES: PriceList = {
  name: 'skyr',
  arithmetic: 'signed-i64', // Gas(i64), fvm/src/gas/mod.rs L27
  storageGasMultiplier: 1300n, // L151

  onChainMessageCompute: fixedCost(g(38863n)), // on_chain_message_compute_base L153
  onChainMessageStorage: { flat: g(36n), scale: g(1n) }, // storage_base, storage_per_byte L154–155
  onChainReturnCompute: fixedCost(0n),
  onChainReturnStorage: { flat: 0n, scale: g(1n) }, // on_chain_return_value_per_byte L157
  returnValueCharge: 'top-level-success', // executor/default.rs L84–92

  send: {
    model: 'combined', // on_method_invocation L449–461
    sendBase: g(29233n), // L159
    sendTransferFunds: g(27500n), // L160
    sendTransferOnlyPremium: g(159672n), // L161
    sendInvokeMethod: g(-5377n), // L162
  },
  createActorCompute: g(1108454n), // L164
  createActorStorage: g(36n + 40n), // L165
  deleteActor: g(-(36n + 40n)), // L166
  addressLookup: 0n, // no such price in v2
  addressAssignment: 0n, // no such price in v2
  actorLookup: null,
  actorUpdate: null,
  preloadedActors: [],
  resolveAddress: null,
  lookupDelegatedAddress: null,
  getActorCodeCid: null,
  selfBalance: null,
  balanceOf: null,
  builtinActorManifestLookup: null,
  networkContext: null,
  messageContext: null,
  tipsetCid: null,
  lookbackCost: null,
  installWasmPerByteCost: null,

  sigCost: {
    secp256k1: fixedCost(g(1637292n)), // secp256k1_sig_cost L169
    bls: fixedCost(g(16598605n)), // bls_sig_cost L168
  },
  secp256k1RecoverCost: g(1637292n), // L170
  blsAggregate: null,
  hashingCost: Object.fromEntries(
    (['sha2-256', 'blake2b-256', 'blake2b-512', 'keccak-256', 'ripemd-160'] as const).map((h) => [h, HASHING_BASE]),
  ) as Record<SupportedHash, ScalingCost>, // hashing_base L172
  hashingUnsupportedCost: HASHING_BASE, // charged before the code check (kernel/default.rs L482)
  computeUnsealedSectorCidBase: g(98647n), // L173
  verifySealBase: g(2000n), // L174
  verifyAggregateSealBase: 0n, // L176 (unused)
  verifyAggregateSealPer: AGGREGATE_SEAL_PER,
  verifyAggregateSealSteps: AGGREGATE_SEAL_STEPS,
  verifyPostLookup: {
    [PoStProof.StackedDRGWindow512MiBV1]: WINDOW_POST, // L224–249
    [PoStProof.StackedDRGWindow32GiBV1]: WINDOW_POST,
    [PoStProof.StackedDRGWindow64GiBV1]: WINDOW_POST,
  },
  verifyPostDefault: PoStProof.StackedDRGWindow512MiBV1, // on_verify_post L586, L588
  verifyConsensusFault: g(495422n), // L222
  verifyReplicaUpdate: g(36316136n), // L223

  externCost: g(21000n), // L269
  externGas: 'compute',
  randomness: {
    model: 'extern-entropy', // on_get_randomness L611–619
    base: 0n, // get_randomness_base L251
    perByte: 0n, // get_randomness_per_byte L252
    hashedPrefixBytes: null,
  },

  blocks: {
    model: 'memret',
    blockMemcpyPerByteCost: 500n, // Gas::from_milligas(500) L254
    blockOpenBase: g(114617n), // L256
    blockOpenMemretPerByteCost: g(10n), // L257
    blockLinkBase: g(353640n), // L259
    blockLinkStoragePerByteCost: g(1n), // L260
    blockCreateBase: 0n, // L262
    blockCreateMemretPerByteCost: g(10n), // L263
    blockReadBase: 0n, // L265
    blockStatBase: 0n, // L266
  },
  ipld: null,
  syscallCost: g(14000n), // L268
  events: null,
  utf8Validation: null,
  wasm: { model: 'flat', execInstructionCost: g(4n) }, // L271–273, rules L697–723
}
