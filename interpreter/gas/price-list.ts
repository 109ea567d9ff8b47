/**
 * Price lists as data, and the charge functions that read them.
 *
 * A {@link PriceList} holds every price of one ref-fvm price list (`SKYR_PRICES` of fvm v2.12.1,
 * `HYGGE_PRICES` of fvm v3.14.1, `WATERMELON_PRICES` and `TEEP_PRICES` of fvm v4.8.2). Where the
 * versions compute a charge differently, the price list carries the rule as a discriminating field
 * (`send.model`, `blocks.model`, `wasm.model`, `randomness.model`, `tipsetCid.model`,
 * `events.model`, `externGas`, `returnValueCharge`, `arithmetic`, …) and the charge function
 * dispatches on it — never on the network version number. A price that a version does not have is
 * `null`; asking for that charge throws (the caller must not charge it at that version).
 *
 * All amounts are milligas. Every charge function is pure and returns a {@link GasCharge} whose
 * `name` is the exact string ref-fvm uses (it appears in execution traces).
 */
import { P, match } from 'ts-pattern'
import { type GasArithmetic, type Milligas, gasFromWhole, satAdd, satMul, satSub } from './gas.js'
import { type GasCharge, gasCharge } from './charge.js'

/** `flat + scale × x` (ref-fvm `ScalingCost`; v2 writes the same shape out by hand). */
export interface ScalingCost {
  readonly flat: Milligas
  readonly scale: Milligas
}

/** One step of a `StepCost`: from `start` items on, the cost is `cost`. */
export interface Step {
  readonly start: bigint
  readonly cost: Milligas
}

export type SignatureType = 'secp256k1' | 'bls'

export type SupportedHash = 'sha2-256' | 'blake2b-256' | 'blake2b-512' | 'keccak-256' | 'ripemd-160'
/** Multihash codes of the hash functions the kernel supports (`fvm/src/kernel/hash.rs`). */
export const HASH_CODES: Readonly<Record<SupportedHash, number>> = {
  'sha2-256': 0x12,
  'blake2b-256': 0xb220,
  'blake2b-512': 0xb240,
  'keccak-256': 0x1b,
  'ripemd-160': 0x1053,
}

/**
 * `RegisteredSealProof` numbers used as keys of the aggregate-seal tables
 * (`fvm@v4.8.2:shared/src/sector/registered_proof.rs` L370–395). The FIP-0092 NI-PoRep types
 * exist from fvm 4.3 (nv23).
 */
export const SealProof = {
  StackedDRG32GiBV1P1: 8,
  StackedDRG64GiBV1P1: 9,
  StackedDRG32GiBV1P2_Feat_NiPoRep: 18,
  StackedDRG64GiBV1P2_Feat_NiPoRep: 19,
} as const
/**
 * `RegisteredPoStProof` numbers used as keys of the window-PoSt table. fvm v4 removed the V1 window
 * types 5–9 (`fvm@v4.8.2:shared/src/sector/registered_proof.rs` L354–367): they decode as
 * `Invalid(n)` (L339) and are priced as the table's default entry.
 */
export const PoStProof = {
  StackedDRGWindow512MiBV1: 7,
  StackedDRGWindow32GiBV1: 8,
  StackedDRGWindow64GiBV1: 9,
  StackedDRGWindow512MiBV1P1: 12,
  StackedDRGWindow32GiBV1P1: 13,
  StackedDRGWindow64GiBV1P1: 14,
} as const

/**
 * How a send is charged.
 * - `combined` (v2): one `OnMethodInvocation` charge, *before* the value transfer:
 *   `sendBase + [value≠0] sendTransferFunds + [value≠0 ∧ method=0] sendTransferOnlyPremium
 *   + [method≠0] sendInvokeMethod`.
 * - `split` (v3): `OnValueTransfer` (`sendTransferFunds`) before the transfer when value ≠ 0, and
 *   `OnMethodInvocation` (`sendInvokeMethod`) after the transfer, only when method ≠ 0.
 */
export type SendPrices =
  | {
      readonly model: 'combined'
      readonly sendBase: Milligas
      readonly sendTransferFunds: Milligas
      readonly sendTransferOnlyPremium: Milligas
      readonly sendInvokeMethod: Milligas
    }
  | {
      readonly model: 'split'
      readonly sendTransferFunds: Milligas
      readonly sendInvokeMethod: Milligas
    }

/** The per-byte block prices of v3 and v4 (`block_*`, v3 L233–265, v4 L233–265). */
export interface RetainedBlockPrices {
  readonly blockMemcpy: ScalingCost
  readonly blockAllocate: ScalingCost
  readonly blockMemoryRetentionMinimum: ScalingCost
  readonly blockOpen: ScalingCost
  readonly blockPersistStorage: ScalingCost
  readonly blockPersistCompute: Milligas
}

/**
 * How block (IPLD) syscalls are charged.
 * - `memret` (v2): flat bases, a per-byte memcpy cost and per-byte "memory retention" costs, all
 *   compute; `OnBlockLink` adds per-byte storage gas × `storageGasMultiplier`.
 * - `retention` (v3): allocation + memcpy compute, topped up to a per-byte retention minimum as
 *   other gas; `OnBlockLink` hashes the block and pays persist compute + storage as other gas.
 * - `reachability` (v4, FIP-0071): the `retention` prices, charged with IPLD link tracking from
 *   {@link IpldPrices}. `OnBlockOpenBase` pays one link check as compute; the size-dependent
 *   charge is named `OnBlockOpen`, its compute is link tracking (per child link) and the
 *   allocation + memcpy move to other gas; `OnBlockCreate` adds one link check per child;
 *   `OnBlockLink` adds one link tracking.
 */
export type BlockPrices =
  | {
      readonly model: 'memret'
      readonly blockMemcpyPerByteCost: Milligas
      readonly blockOpenBase: Milligas
      readonly blockOpenMemretPerByteCost: Milligas
      readonly blockLinkBase: Milligas
      /** Whole-gas units per byte, multiplied by `storageGasMultiplier`. */
      readonly blockLinkStoragePerByteCost: Milligas
      readonly blockCreateBase: Milligas
      readonly blockCreateMemretPerByteCost: Milligas
      readonly blockReadBase: Milligas
      readonly blockStatBase: Milligas
    }
  | ({ readonly model: 'retention' } & RetainedBlockPrices)
  | ({ readonly model: 'reachability' } & RetainedBlockPrices)

/**
 * FIP-0071 IPLD reachability prices (v4 `ipld_*`, `fvm@v4.8.2:fvm/src/gas/price_list.rs`
 * L560–570). All compute.
 */
export interface IpldPrices {
  /** `ipld_cbor_scan_per_field`: every CBOR header the link scanner reads. */
  readonly cborScanPerField: Milligas
  /** `ipld_cbor_scan_per_cid`: every tag-42 (CID) the link scanner meets. */
  readonly cborScanPerCid: Milligas
  /** `ipld_link_tracked`: making one more CID reachable. */
  readonly linkTracked: Milligas
  /** `ipld_link_checked`: checking that one CID is reachable. */
  readonly linkChecked: Milligas
}

/**
 * How randomness is charged.
 * - `extern-entropy` (v2, v3): `externCost + base + perByte × entropy`, plus (v3,
 *   `hashedPrefixBytes` non-null) blake2b-256 hashing of `entropy + hashedPrefixBytes` bytes.
 * - `lookback` (v4, FIP-0075): `lookbackCost(current epoch − requested epoch)`, other gas.
 */
export type RandomnessPrices =
  | {
      readonly model: 'extern-entropy'
      /** v2 `get_randomness_base`; v3 `get_randomness_seed`. */
      readonly base: Milligas
      /** v2 `get_randomness_per_byte`; v3 none (0). */
      readonly perByte: Milligas
      /** v3 `RAND_INITIAL_HASH` (48); v2 `null` (no hashing charge). */
      readonly hashedPrefixBytes: bigint | null
    }
  | { readonly model: 'lookback' }

/**
 * How `network.tipset_cid` is charged.
 * - `latest-or-historical` (v3): a flat price for the previous epoch, another for older ones.
 * - `lookback` (v4): `lookbackCost(offset)`.
 */
export type TipsetCidPrices =
  | { readonly model: 'latest-or-historical'; readonly latest: Milligas; readonly historical: Milligas }
  | { readonly model: 'lookback' }

/**
 * How actor events are charged.
 * - `validate-accept` (v3): `OnActorEventValidate` on the CBOR length before decoding, then
 *   `OnActorEventAccept` on the decoded event.
 * - `per-entry` (v4, FIP-0072): one `OnActorEvent` from the entry count and the key and value
 *   buffer lengths, before any validation; `utf8Validation` prices the keys.
 */
export type EventPrices =
  | {
      readonly model: 'validate-accept'
      /** v3 `event_validation_cost`. */
      readonly validation: ScalingCost
      /** v3 `event_accept_per_index_element`: flat per indexed element, scale per indexed byte. */
      readonly acceptPerIndexElement: ScalingCost
    }
  | {
      readonly model: 'per-entry'
      /** v4 `event_per_entry`: flat + scale × entries. */
      readonly perEntry: ScalingCost
    }

/** FIP-0079 BLS aggregate verification prices (v4 `bls_pairing_cost`, `bls_hashing_cost`). */
export interface BlsAggregatePrices {
  /** One pairing (Miller loop); a check of n signatures pays n + 1. */
  readonly pairing: Milligas
  /** Hashing the concatenated plaintexts to G2, per byte. */
  readonly hashing: ScalingCost
}

/**
 * Wasm execution prices (the rules the gas-metering instrumentation compiles in).
 * - `flat` (v2, FIP-0032): every instruction costs `execInstructionCost` except the free set
 *   `nop drop block loop unreachable return else end`; `memory.grow` has no extra charge and there is
 *   no memory or table initialisation charge.
 * - `operator-classes` (v3): per-class fixed costs plus linear costs for bulk memory / table ops and
 *   `memory.grow`; memory and tables are charged at instantiation.
 */
export type WasmPrices =
  | {
      readonly model: 'flat'
      readonly execInstructionCost: Milligas
    }
  | {
      readonly model: 'operator-classes'
      readonly instructionDefault: Milligas
      readonly mathDefault: Milligas
      readonly jumpUnconditional: Milligas
      readonly jumpConditional: Milligas
      readonly jumpIndirect: Milligas
      readonly call: Milligas
      readonly memoryFillBaseCost: Milligas
      readonly memoryFillPerByteCost: Milligas
      readonly memoryAccessCost: Milligas
      readonly memoryCopyPerByteCost: Milligas
      /** Bytes charged per table element (`TABLE_ELEMENT_SIZE`). */
      readonly tableElementSize: bigint
      /** Bytes per wasm page (`wasmtime_environ::Memory::DEFAULT_PAGE_SIZE`). */
      readonly wasmPageSize: bigint
    }

export interface PriceList {
  /** The ref-fvm name of the list, for messages only: nothing dispatches on it. */
  readonly name: string
  /** Width and signedness of gas sums (v2 `signed-i64`, v3 `unsigned-u64`). */
  readonly arithmetic: GasArithmetic
  /**
   * v2 `storage_gas_multiplier` (1300): multiplies the storage prices marked "× multiplier".
   * v3 has no multiplier; its storage prices are written pre-multiplied, so it is 1.
   */
  readonly storageGasMultiplier: bigint

  // --- message inclusion and return value ---
  readonly onChainMessageCompute: ScalingCost
  /** × multiplier. */
  readonly onChainMessageStorage: ScalingCost
  readonly onChainReturnCompute: ScalingCost
  /** × multiplier. */
  readonly onChainReturnStorage: ScalingCost
  /**
   * When the executor charges the return value: v2 `top-level-success` (the top-level send
   * returned successfully, also for an empty return); v3 `depth-1-with-block` (a call at depth 1
   * returned a block, whatever the exit code); v4 `every-block` (a call at any depth that returned
   * a block: `OnChainReturnValue` at depth 1, `OnReturnValue` link tracking deeper).
   */
  readonly returnValueCharge: 'top-level-success' | 'depth-1-with-block' | 'every-block'

  // --- sends and actors ---
  readonly send: SendPrices
  readonly createActorCompute: Milligas
  /** × multiplier. v3 `actor_create_storage`. */
  readonly createActorStorage: Milligas
  /** × multiplier. Negative in v2 (a refund). */
  readonly deleteActor: Milligas
  /** Added to `OnCreateActor` when a new address is assigned (v3). */
  readonly addressLookup: Milligas
  readonly addressAssignment: Milligas
  /** FIP-0057 state-access charges (v3); `null` where actor accesses are free (v2). */
  readonly actorLookup: Milligas | null
  readonly actorUpdate: Milligas | null
  /** Actor IDs the state-access tracker treats as already updated (FIP-0055). */
  readonly preloadedActors: readonly bigint[]
  /** Zero-priced accessor charges v3 records (ref-fvm hard-codes 0); `null` = not charged. */
  readonly resolveAddress: Milligas | null
  readonly lookupDelegatedAddress: Milligas | null
  readonly getActorCodeCid: Milligas | null
  readonly selfBalance: Milligas | null
  readonly balanceOf: Milligas | null
  readonly builtinActorManifestLookup: Milligas | null
  readonly networkContext: Milligas | null
  readonly messageContext: Milligas | null
  /** `network.tipset_cid` (v3, v4); `null` where the syscall does not exist (v2). */
  readonly tipsetCid: TipsetCidPrices | null
  /**
   * v4 `lookback_cost`: walking back `n` epochs, for randomness and tipset CIDs (FIP-0075);
   * `null` before v4.
   */
  readonly lookbackCost: ScalingCost | null
  readonly installWasmPerByteCost: Milligas | null

  // --- crypto and proofs ---
  readonly sigCost: Readonly<Record<SignatureType, ScalingCost>>
  readonly secp256k1RecoverCost: Milligas
  /** FIP-0079 `crypto.verify_bls_aggregate` (v4); `null` where the syscall does not exist. */
  readonly blsAggregate: BlsAggregatePrices | null
  readonly hashingCost: Readonly<Record<SupportedHash, ScalingCost>>
  /** v2 charges hashing before checking the code, so an unknown code is charged this; v3 `null`. */
  readonly hashingUnsupportedCost: ScalingCost | null
  readonly computeUnsealedSectorCidBase: Milligas
  readonly verifySealBase: Milligas
  /** v2 `verify_aggregate_seal_base`, declared but never used; v3 dropped the field. */
  readonly verifyAggregateSealBase: Milligas
  /** Keyed by `RegisteredSealProof` number; missing types use the 32GiB-V1P1 entry. */
  readonly verifyAggregateSealPer: Readonly<Record<number, Milligas>>
  readonly verifyAggregateSealSteps: Readonly<Record<number, readonly Step[]>>
  /** Keyed by `RegisteredPoStProof` number; missing types use the `verifyPostDefault` entry. */
  readonly verifyPostLookup: Readonly<Record<number, ScalingCost>>
  /**
   * The PoSt type priced when there is no proof or the type is not in the table: Window512MiBV1
   * (7) in v2 and v3, Window512MiBV1P1 (12) in v4.
   */
  readonly verifyPostDefault: number
  readonly verifyConsensusFault: Milligas
  readonly verifyReplicaUpdate: Milligas

  // --- externs ---
  /** v2 `extern_cost`, added to extern-backed charges; v3 has none (0). */
  readonly externCost: Milligas
  /** Where extern-backed charges (block open base, randomness, consensus fault) go. */
  readonly externGas: 'compute' | 'other'
  readonly randomness: RandomnessPrices

  // --- blocks, syscalls, events, wasm ---
  readonly blocks: BlockPrices
  /** FIP-0071 link scanning and tracking (v4); `null` before v4 (no reachability). */
  readonly ipld: IpldPrices | null
  /** v2/v3 `syscall_cost`, v4 `wasm_rules.host_call_cost`: charged as `OnSyscall`. */
  readonly syscallCost: Milligas
  /** `null` where there are no events (v2). */
  readonly events: EventPrices | null
  /** v4 `utf8_validation` (event keys); `null` before v4. */
  readonly utf8Validation: ScalingCost | null
  readonly wasm: WasmPrices
}

// ------------------------------------------------------------------------------------------------
// Helpers

/** A `ScalingCost` in whole gas (exact). */
export function scaling(flatWhole: bigint, scaleWhole: bigint): ScalingCost {
  return { flat: gasFromWhole(flatWhole), scale: gasFromWhole(scaleWhole) }
}
export function fixed(milli: Milligas): ScalingCost {
  return { flat: milli, scale: 0n }
}
export const ZERO_SCALING: ScalingCost = { flat: 0n, scale: 0n }

/** `ScalingCost::apply`: `flat + scale × x`, saturating. */
export function applyScaling(a: GasArithmetic, c: ScalingCost, x: bigint): Milligas {
  return satAdd(a, c.flat, satMul(a, c.scale, x))
}

/** `StepCost::lookup`: the cost of the last step whose `start ≤ x`, or 0. */
export function stepLookup(steps: readonly Step[], x: bigint): Milligas {
  let cost = 0n
  for (const s of steps) {
    if (s.start > x) break
    cost = s.cost
  }
  return cost
}

function required<T>(value: T | null, charge: string, pl: PriceList): T {
  if (value === null) throw new Error(`${charge} is not charged under price list ${pl.name}`)
  return value
}

/**
 * `ipld_link_tracked × n` or `ipld_link_checked × n` (v4). Zero links cost nothing under every
 * price list; links under a price list without reachability are a caller error.
 */
function perLink(pl: PriceList, kind: 'linkTracked' | 'linkChecked', n: bigint, charge: string): Milligas {
  if (n === 0n) return 0n
  return satMul(pl.arithmetic, required(pl.ipld, charge, pl)[kind], n)
}

/**
 * `lookback_cost.apply(lookback as u64)` (v4): the epoch difference is reinterpreted as a u64, so
 * a negative lookback (a future epoch) wraps to at least 2^63 and the cost saturates at
 * `u64::MAX` milligas.
 */
function lookback(pl: PriceList, epochs: bigint, charge: string): Milligas {
  const cost = required(pl.lookbackCost, charge, pl)
  return applyScaling(pl.arithmetic, cost, BigInt.asUintN(64, epochs))
}

/** Places an amount as compute or other gas. */
function placed(name: string, where: 'compute' | 'other', amount: Milligas): GasCharge {
  return where === 'compute' ? gasCharge(name, amount, 0n) : gasCharge(name, 0n, amount)
}

// ------------------------------------------------------------------------------------------------
// Message inclusion, return value, sends

/**
 * Inclusion cost of an on-chain message of `rawLength` bytes.
 * compute = `onChainMessageCompute(len)`; other = `actorUpdate` (v3) + `onChainMessageStorage(len)
 * × multiplier`.
 *
 * @rule gas.on-chain-message
 */
export function onChainMessage(pl: PriceList, rawLength: bigint): GasCharge {
  const a = pl.arithmetic
  const storage = satMul(a, applyScaling(a, pl.onChainMessageStorage, rawLength), pl.storageGasMultiplier)
  return gasCharge(
    'OnChainMessage',
    applyScaling(a, pl.onChainMessageCompute, rawLength),
    pl.actorUpdate === null ? storage : satAdd(a, pl.actorUpdate, storage),
  )
}

/**
 * Charge for a return value of `len` bytes (v2 `on_chain_return_value`, v3 `on_method_return`).
 * When it applies is `pl.returnValueCharge`.
 *
 * @rule gas.on-chain-return-value
 */
export function onChainReturnValue(pl: PriceList, len: bigint): GasCharge {
  const a = pl.arithmetic
  return gasCharge(
    'OnChainReturnValue',
    applyScaling(a, pl.onChainReturnCompute, len),
    satMul(a, applyScaling(a, pl.onChainReturnStorage, len), pl.storageGasMultiplier),
  )
}

/**
 * `on_method_return(call_depth, len, links)` (v3, v4) for a call that returned a block of `len`
 * bytes with `links` child links: `OnChainReturnValue(len)` at call depth 1. Deeper, v4
 * (`returnValueCharge = 'every-block'`) charges {@link onReturnValue}; v3 charges nothing
 * (`undefined`).
 *
 * @rule gas.on-chain-return-value
 */
export function onMethodReturn(pl: PriceList, callDepth: number, len: bigint, links: bigint = 0n): GasCharge | undefined {
  if (callDepth === 1) return onChainReturnValue(pl, len)
  return pl.returnValueCharge === 'every-block' ? onReturnValue(pl, links) : undefined
}

/**
 * v4 `on_method_return` below depth 1: "OnReturnValue", compute = `linkTracked × links` (the
 * caller's kernel makes the returned block's links reachable).
 *
 * @rule gas.ipld-link-tracking
 */
export function onReturnValue(pl: PriceList, links: bigint): GasCharge {
  required(pl.ipld, 'OnReturnValue', pl)
  return gasCharge('OnReturnValue', perLink(pl, 'linkTracked', links, 'OnReturnValue'), 0n)
}

/**
 * The invocation charge of a send of `value` atto to method `method`, or `undefined` when none.
 * `combined` (v2): always charged, before the transfer. `split` (v3, v4): only when `method ≠ 0`,
 * after the transfer; v4 adds `linkTracked × paramLinks` for the links of the params block
 * (`on_method_invocation(param_size, param_links)`; the size is unused).
 *
 * @rule gas.method-invocation
 */
export function onMethodInvocation(pl: PriceList, value: bigint, method: bigint, paramLinks: bigint = 0n): GasCharge | undefined {
  const a = pl.arithmetic
  return match(pl.send)
    .with({ model: 'combined' }, (s) => {
      let ret = s.sendBase
      if (value !== 0n) {
        ret = satAdd(a, ret, s.sendTransferFunds)
        if (method === 0n) ret = satAdd(a, ret, s.sendTransferOnlyPremium)
      }
      if (method !== 0n) ret = satAdd(a, ret, s.sendInvokeMethod)
      return gasCharge('OnMethodInvocation', ret, 0n)
    })
    .with({ model: 'split' }, (s) =>
      method !== 0n
        ? gasCharge('OnMethodInvocation', satAdd(a, s.sendInvokeMethod, perLink(pl, 'linkTracked', paramLinks, 'OnMethodInvocation')), 0n)
        : undefined,
    )
    .exhaustive()
}

/**
 * The separate value-transfer charge (v3 `on_value_transfer`), when `value ≠ 0`; `undefined` under
 * the `combined` model, where the transfer is priced inside `OnMethodInvocation`.
 *
 * @rule gas.value-transfer
 */
export function onValueTransfer(pl: PriceList, value: bigint): GasCharge | undefined {
  return match(pl.send)
    .with({ model: 'combined' }, () => undefined)
    .with({ model: 'split' }, (s) =>
      value !== 0n ? gasCharge('OnValueTransfer', s.sendTransferFunds, 0n) : undefined,
    )
    .exhaustive()
}

/**
 * The per-syscall (host call) overhead: v2/v3 `syscall_cost`, v4 `wasm_rules.host_call_cost`,
 * charged as "OnSyscall" (compute) after the exec-gas sync, before the syscall body.
 *
 * @rule gas.syscall
 */
export function onSyscall(pl: PriceList): GasCharge {
  return gasCharge('OnSyscall', pl.syscallCost, 0n)
}

// ------------------------------------------------------------------------------------------------
// Actors and state access

/**
 * Creating an actor. compute = `createActorCompute`; other = `createActorStorage × multiplier`
 * + (`newAddress` ? `addressAssignment + addressLookup` : 0). v2 has no address terms (0), so
 * `newAddress` only matters in v3 (true for implicit account / placeholder creation on send).
 *
 * @rule gas.create-actor
 */
export function onCreateActor(pl: PriceList, newAddress: boolean): GasCharge {
  const a = pl.arithmetic
  let other = satMul(a, pl.createActorStorage, pl.storageGasMultiplier)
  if (newAddress) other = satAdd(a, other, satAdd(a, pl.addressAssignment, pl.addressLookup))
  return gasCharge('OnCreateActor', pl.createActorCompute, other)
}

/** v3 `on_actor_create` ("OnActorCreate"): declared in ref-fvm v3 but never charged. @rule gas.create-actor */
export function onActorCreate(pl: PriceList): GasCharge {
  required(pl.actorLookup, 'OnActorCreate', pl)
  return gasCharge('OnActorCreate', 0n, pl.createActorStorage)
}

/** other = `deleteActor × multiplier` (v2: −98 800 gas, a refund; v3: 0). @rule gas.delete-actor */
export function onDeleteActor(pl: PriceList): GasCharge {
  return gasCharge('OnDeleteActor', 0n, satMul(pl.arithmetic, pl.deleteActor, pl.storageGasMultiplier))
}

/** First read of an actor in a (non-reverted) scope, v3 only. @rule gas.state-access */
export function onActorLookup(pl: PriceList): GasCharge {
  return gasCharge('OnActorLookup', 0n, required(pl.actorLookup, 'OnActorLookup', pl))
}

/** First write of an actor in a (non-reverted) scope, v3 only. @rule gas.state-access */
export function onActorUpdate(pl: PriceList): GasCharge {
  return gasCharge('OnActorUpdate', 0n, required(pl.actorUpdate, 'OnActorUpdate', pl))
}

/** @rule gas.accessors */
export function onResolveAddress(pl: PriceList): GasCharge {
  return gasCharge('OnResolveAddress', 0n, required(pl.resolveAddress, 'OnResolveAddress', pl))
}
/** @rule gas.accessors */
export function onLookupDelegatedAddress(pl: PriceList): GasCharge {
  return gasCharge('OnLookupAddress', 0n, required(pl.lookupDelegatedAddress, 'OnLookupAddress', pl))
}
/** @rule gas.accessors */
export function onGetActorCodeCid(pl: PriceList): GasCharge {
  return gasCharge('OnGetActorCodeCid', 0n, required(pl.getActorCodeCid, 'OnGetActorCodeCid', pl))
}
/** @rule gas.accessors */
export function onSelfBalance(pl: PriceList): GasCharge {
  return gasCharge('OnSelfBalance', 0n, required(pl.selfBalance, 'OnSelfBalance', pl))
}
/** @rule gas.accessors */
export function onBalanceOf(pl: PriceList): GasCharge {
  return gasCharge('OnBalanceOf', 0n, required(pl.balanceOf, 'OnBalanceOf', pl))
}
/** @rule gas.accessors */
export function onGetBuiltinActorType(pl: PriceList): GasCharge {
  return gasCharge('OnGetBuiltinActorType', required(pl.builtinActorManifestLookup, 'OnGetBuiltinActorType', pl), 0n)
}
/** @rule gas.accessors */
export function onGetCodeCidForType(pl: PriceList): GasCharge {
  return gasCharge('OnGetCodeCidForType', required(pl.builtinActorManifestLookup, 'OnGetCodeCidForType', pl), 0n)
}
/** @rule gas.accessors */
export function onNetworkContext(pl: PriceList): GasCharge {
  return gasCharge('OnNetworkContext', required(pl.networkContext, 'OnNetworkContext', pl), 0n)
}
/** @rule gas.accessors */
export function onMessageContext(pl: PriceList): GasCharge {
  return gasCharge('OnMessageContext', required(pl.messageContext, 'OnMessageContext', pl), 0n)
}

/**
 * `network.tipset_cid`, other gas. `q` is the epoch offset `{ offset }` (current epoch − requested
 * epoch, ≥ 1), or (v3 callers) whether the lookup is historical (offset > 1).
 * `latest-or-historical` (v3): latest when the offset is 1, else historical.
 * `lookback` (v4): `lookbackCost(offset)`, which needs the offset.
 *
 * @rule gas.tipset-cid
 */
export function onTipsetCid(pl: PriceList, q: boolean | { readonly offset: bigint }): GasCharge {
  return match(required(pl.tipsetCid, 'OnTipsetCid', pl))
    .with({ model: 'latest-or-historical' }, (t) => {
      const historical = typeof q === 'boolean' ? q : q.offset > 1n
      return gasCharge('OnTipsetCid', 0n, historical ? t.historical : t.latest)
    })
    .with({ model: 'lookback' }, () => {
      if (typeof q === 'boolean') throw new Error(`OnTipsetCid under price list ${pl.name} needs the epoch offset`)
      return gasCharge('OnTipsetCid', 0n, lookback(pl, q.offset, 'OnTipsetCid'))
    })
    .exhaustive()
}

/** `actor.install_actor` (feature `m2-native` only, never on mainnet). @rule gas.accessors */
export function onInstallActor(pl: PriceList, wasmSize: bigint): GasCharge {
  const perByte = required(pl.installWasmPerByteCost, 'OnInstallActor', pl)
  return gasCharge('OnInstallActor', satMul(pl.arithmetic, perByte, wasmSize), 0n)
}

// ------------------------------------------------------------------------------------------------
// Crypto and proofs

/**
 * compute = `sigCost[type](plaintextLen)` (v2: flat, no per-byte term).
 *
 * @rule gas.verify-signature
 */
export function onVerifySignature(pl: PriceList, sigType: SignatureType, plaintextLen: bigint): GasCharge {
  return gasCharge('OnVerifySignature', applyScaling(pl.arithmetic, pl.sigCost[sigType], plaintextLen), 0n)
}

/**
 * FIP-0079 `crypto.verify_bls_aggregate` of `numSigs` signatures over `plaintextBytes` bytes of
 * concatenated plaintexts (v4 `on_verify_aggregate_signature`): compute =
 * `pairing × (numSigs + 1) + hashing(plaintextBytes)`.
 *
 * @rule gas.verify-bls-aggregate
 */
export function onVerifyAggregateSignature(pl: PriceList, numSigs: bigint, plaintextBytes: bigint): GasCharge {
  const a = pl.arithmetic
  const bls = required(pl.blsAggregate, 'OnVerifyBlsAggregateSignature', pl)
  return gasCharge('OnVerifyBlsAggregateSignature', satAdd(a, satMul(a, bls.pairing, numSigs + 1n), applyScaling(a, bls.hashing, plaintextBytes)), 0n)
}

/** @rule gas.verify-signature */
export function onRecoverSecpPublicKey(pl: PriceList): GasCharge {
  return gasCharge('OnRecoverSecpPublicKey', pl.secp256k1RecoverCost, 0n)
}

/** The supported hash with this multihash code, if any. */
export function supportedHash(code: number | bigint): SupportedHash | undefined {
  const n = Number(code)
  return (Object.keys(HASH_CODES) as SupportedHash[]).find((h) => HASH_CODES[h] === n)
}

/**
 * `crypto.hash`: compute = `hashingCost[h](len)`. For an unsupported code: v2 still charges
 * (`hashingUnsupportedCost`), v3 rejects before charging (`undefined`).
 *
 * @rule gas.hashing
 */
export function onHashing(pl: PriceList, hashCode: number | bigint, len: bigint): GasCharge | undefined {
  const h = supportedHash(hashCode)
  const cost = h !== undefined ? pl.hashingCost[h] : pl.hashingUnsupportedCost
  return cost === null ? undefined : gasCharge('OnHashing', applyScaling(pl.arithmetic, cost, len), 0n)
}

/** @rule gas.proofs */
export function onComputeUnsealedSectorCid(pl: PriceList): GasCharge {
  return gasCharge('OnComputeUnsealedSectorCid', pl.computeUnsealedSectorCidBase, 0n)
}

/** @rule gas.proofs */
export function onVerifySeal(pl: PriceList): GasCharge {
  return gasCharge('OnVerifySeal', pl.verifySealBase, 0n)
}

/**
 * compute = `per[proof] × n + steps[proof].lookup(n)`, both tables falling back to the
 * StackedDRG32GiBV1P1 entry for any other proof type. Until TEEP the NI-PoRep types (18, 19) are
 * not in the tables and so pay the 32GiB interactive prices; TEEP gives them their own entries
 * (`gas.ni-porep`).
 *
 * @rule gas.verify-aggregate-seals
 * @rule gas.ni-porep
 */
export function onVerifyAggregateSeals(pl: PriceList, sealProof: number, count: bigint): GasCharge {
  const a = pl.arithmetic
  const fallback = SealProof.StackedDRG32GiBV1P1
  const per = pl.verifyAggregateSealPer[sealProof] ?? pl.verifyAggregateSealPer[fallback]
  const steps = pl.verifyAggregateSealSteps[sealProof] ?? pl.verifyAggregateSealSteps[fallback]
  if (per === undefined || steps === undefined) throw new Error('aggregate seal table lacks 32GiB-V1P1')
  return gasCharge('OnVerifyAggregateSeals', satAdd(a, satMul(a, per, count), stepLookup(steps, count)), 0n)
}

/** @rule gas.proofs */
export function onVerifyReplicaUpdate(pl: PriceList): GasCharge {
  return gasCharge('OnVerifyReplicaUpdate', pl.verifyReplicaUpdate, 0n)
}

/**
 * compute = `lookup[p].flat + lookup[p].scale × challengedSectors`, p = the first proof's type
 * (`verifyPostDefault` when there is none); types not in the table use the `verifyPostDefault`
 * entry (512MiB-V1 in v2/v3, 512MiB-V1P1 in v4, where the V1 types no longer exist).
 *
 * @rule gas.verify-post
 */
export function onVerifyPost(pl: PriceList, firstProofType: number | undefined, challengedSectors: bigint): GasCharge {
  const fallback = pl.verifyPostDefault
  const cost = pl.verifyPostLookup[firstProofType ?? fallback] ?? pl.verifyPostLookup[fallback]
  if (cost === undefined) throw new Error(`PoSt table of ${pl.name} lacks its default type ${fallback}`)
  return gasCharge('OnVerifyPost', applyScaling(pl.arithmetic, cost, challengedSectors), 0n)
}

/**
 * `externCost + verifyConsensusFault`, as compute (v2) or other (v3) gas per `externGas`.
 *
 * @rule gas.verify-consensus-fault
 */
export function onVerifyConsensusFault(pl: PriceList): GasCharge {
  return placed('OnVerifyConsensusFault', pl.externGas, satAdd(pl.arithmetic, pl.externCost, pl.verifyConsensusFault))
}

/** What a randomness charge depends on: the entropy length (v2, v3) or the lookback (v4). */
export type RandomnessQuery = { readonly entropyLength: bigint } | { readonly lookback: bigint }

/**
 * `rand.get_*_randomness`. `q` is the entropy length (a bare bigint, as v2/v3 callers pass it, or
 * `{ entropyLength }`) or, for v4, `{ lookback }` = current epoch − requested epoch.
 * `extern-entropy` (v2, v3): `externCost + base + perByte × len` (+ v3: blake2b-256 hashing of
 * `len + 48` bytes), as compute (v2) or other (v3) gas.
 * `lookback` (v4, FIP-0075): other = `lookbackCost(lookback)`, the lookback read as a u64.
 *
 * @rule gas.get-randomness
 * @rule gas.randomness-lookback
 */
export function onGetRandomness(pl: PriceList, q: bigint | RandomnessQuery): GasCharge {
  const a = pl.arithmetic
  const query: RandomnessQuery = typeof q === 'bigint' ? { entropyLength: q } : q
  return match(pl.randomness)
    .with({ model: 'extern-entropy' }, (r) => {
      if (!('entropyLength' in query)) throw new Error(`OnGetRandomness under price list ${pl.name} needs the entropy length`)
      const len = query.entropyLength
      let amount = satAdd(a, satAdd(a, pl.externCost, r.base), satMul(a, r.perByte, len))
      if (r.hashedPrefixBytes !== null) {
        amount = satAdd(a, amount, applyScaling(a, pl.hashingCost['blake2b-256'], len + r.hashedPrefixBytes))
      }
      return placed('OnGetRandomness', pl.externGas, amount)
    })
    .with({ model: 'lookback' }, () => {
      if (!('lookback' in query)) throw new Error(`OnGetRandomness under price list ${pl.name} needs the lookback`)
      return gasCharge('OnGetRandomness', 0n, lookback(pl, query.lookback, 'OnGetRandomness'))
    })
    .exhaustive()
}

// ------------------------------------------------------------------------------------------------
// Blocks

type RetainedBlocks = Extract<BlockPrices, { model: 'retention' | 'reachability' }>

/** `memcpy(n) + allocate(n)`: one copy into freshly allocated memory. */
function copyIn(a: GasArithmetic, b: RetainedBlocks, n: bigint): Milligas {
  return satAdd(a, applyScaling(a, b.blockMemcpy, n), applyScaling(a, b.blockAllocate, n))
}

/**
 * Opening a block, before it is loaded: `externCost + open base` (compute in v2, other in v3).
 * v4 (`reachability`): compute = `linkChecked` (the CID's reachability check, made right after
 * this charge), other = `blockOpen.flat`.
 *
 * @rule gas.block-open
 */
export function onBlockOpenBase(pl: PriceList): GasCharge {
  return match(pl.blocks)
    .with({ model: 'memret' }, (b) => placed('OnBlockOpenBase', pl.externGas, satAdd(pl.arithmetic, pl.externCost, b.blockOpenBase)))
    .with({ model: 'retention' }, (b) => placed('OnBlockOpenBase', pl.externGas, satAdd(pl.arithmetic, pl.externCost, b.blockOpen.flat)))
    .with({ model: 'reachability' }, (b) => gasCharge('OnBlockOpenBase', perLink(pl, 'linkChecked', 1n, 'OnBlockOpenBase'), b.blockOpen.flat))
    .exhaustive()
}

/**
 * Opening a block, after it is loaded (and, in v4, scanned), by its size and its child links.
 * v2 "OnBlockOpenPerByte": compute = (memret + memcpy) × size.
 * v3 "OnBlockOpenPerByte": compute = allocate(size) + memcpy(size);
 * other = open.scale × size + max(0, retentionMinimum(size) − (compute + open.scale × size)).
 * v4 "OnBlockOpen" (`on_block_open(size, links)`): compute = `linkTracked × links`;
 * open = open.scale × size + allocate(size) + memcpy(size); other = open + max(0,
 * retentionMinimum(size) − (compute + open)). `links` must be 0 before v4.
 *
 * @rule gas.block-open
 */
export function onBlockOpenPerByte(pl: PriceList, size: bigint, links: bigint = 0n): GasCharge {
  const a = pl.arithmetic
  return match(pl.blocks)
    .with({ model: 'memret' }, (b) => {
      perLink(pl, 'linkTracked', links, 'OnBlockOpenPerByte')
      return gasCharge(
        'OnBlockOpenPerByte',
        satAdd(a, satMul(a, b.blockOpenMemretPerByteCost, size), satMul(a, b.blockMemcpyPerByteCost, size)),
        0n,
      )
    })
    .with({ model: 'retention' }, (b) => {
      perLink(pl, 'linkTracked', links, 'OnBlockOpenPerByte')
      const compute = satAdd(a, applyScaling(a, b.blockAllocate, size), applyScaling(a, b.blockMemcpy, size))
      const open = satMul(a, b.blockOpen.scale, size)
      const surcharge = maxZero(satSub(a, applyScaling(a, b.blockMemoryRetentionMinimum, size), satAdd(a, compute, open)))
      return gasCharge('OnBlockOpenPerByte', compute, satAdd(a, open, surcharge))
    })
    .with({ model: 'reachability' }, (b) => {
      const compute = perLink(pl, 'linkTracked', links, 'OnBlockOpen')
      const open = satAdd(a, satMul(a, b.blockOpen.scale, size), satAdd(a, applyScaling(a, b.blockAllocate, size), applyScaling(a, b.blockMemcpy, size)))
      const surcharge = maxZero(satSub(a, applyScaling(a, b.blockMemoryRetentionMinimum, size), satAdd(a, compute, open)))
      return gasCharge('OnBlockOpen', compute, satAdd(a, open, surcharge))
    })
    .exhaustive()
}

/**
 * Both charges of `ipld.block_open`, in order: `OnBlockOpenBase` (before loading) and the
 * size-dependent charge (after loading; v4 also charges `OnScanIpldLinks` between the two).
 *
 * @rule gas.block-open
 */
export function onBlockOpen(pl: PriceList, size: bigint, links: bigint = 0n): readonly [GasCharge, GasCharge] {
  return [onBlockOpenBase(pl), onBlockOpenPerByte(pl, size, links)]
}

/**
 * Reading `n` bytes of an open block (only the bytes actually copied).
 * v2: readBase + memcpy × n. v3, v4: memcpy(n). Compute.
 *
 * @rule gas.block-read
 */
export function onBlockRead(pl: PriceList, n: bigint): GasCharge {
  const a = pl.arithmetic
  const compute = match(pl.blocks)
    .with({ model: 'memret' }, (b) => satAdd(a, b.blockReadBase, satMul(a, b.blockMemcpyPerByteCost, n)))
    .with({ model: P.union('retention', 'reachability') }, (b) => applyScaling(a, b.blockMemcpy, n))
    .exhaustive()
  return gasCharge('OnBlockRead', compute, 0n)
}

/**
 * Creating a block of `size` bytes with `links` child links (`links` must be 0 before v4).
 * v2: compute = createBase + (memret + memcpy) × size. v3: compute = memcpy(size) + allocate(size);
 * other = max(0, retentionMinimum(size) − compute). v4: as v3 with `linkChecked × links` added to
 * the compute (every child must already be reachable).
 *
 * @rule gas.block-create
 */
export function onBlockCreate(pl: PriceList, size: bigint, links: bigint = 0n): GasCharge {
  const a = pl.arithmetic
  return match(pl.blocks)
    .with({ model: 'memret' }, (b) => {
      perLink(pl, 'linkChecked', links, 'OnBlockCreate')
      const mem = satAdd(a, satMul(a, b.blockCreateMemretPerByteCost, size), satMul(a, b.blockMemcpyPerByteCost, size))
      return gasCharge('OnBlockCreate', satAdd(a, b.blockCreateBase, mem), 0n)
    })
    .with({ model: P.union('retention', 'reachability') }, (b) => {
      const compute = satAdd(a, copyIn(a, b, size), perLink(pl, 'linkChecked', links, 'OnBlockCreate'))
      const surcharge = maxZero(satSub(a, applyScaling(a, b.blockMemoryRetentionMinimum, size), compute))
      return gasCharge('OnBlockCreate', compute, surcharge)
    })
    .exhaustive()
}

/**
 * Linking (hashing and persisting) a block of `size` bytes.
 * v2: compute = linkBase + 2 × memcpy × size; other = linkStoragePerByte × multiplier × size.
 * v3: compute = memcpy(size) + allocate(size) + hashing[hash](size);
 * other = persistCompute + persistStorage(size). v4: as v3 plus one `linkTracked` in the compute
 * (the new CID becomes reachable).
 *
 * @rule gas.block-link
 */
export function onBlockLink(pl: PriceList, hashCode: number | bigint, size: bigint): GasCharge {
  const a = pl.arithmetic
  return match(pl.blocks)
    .with({ model: 'memret' }, (b) => {
      const memcpy = satMul(a, b.blockMemcpyPerByteCost, size)
      return gasCharge(
        'OnBlockLink',
        satAdd(a, b.blockLinkBase, satMul(a, memcpy, 2n)),
        satMul(a, satMul(a, b.blockLinkStoragePerByteCost, pl.storageGasMultiplier), size),
      )
    })
    .with({ model: P.union('retention', 'reachability') }, (b) => {
      const h = supportedHash(hashCode)
      if (h === undefined) throw new Error(`OnBlockLink: unsupported hash code ${hashCode}`)
      let compute = satAdd(a, copyIn(a, b, size), applyScaling(a, pl.hashingCost[h], size))
      if (b.model === 'reachability') compute = satAdd(a, compute, perLink(pl, 'linkTracked', 1n, 'OnBlockLink'))
      return gasCharge('OnBlockLink', compute, satAdd(a, b.blockPersistCompute, applyScaling(a, b.blockPersistStorage, size)))
    })
    .exhaustive()
}

/** v2: compute = statBase (0); v3, v4: 0. @rule gas.block-stat */
export function onBlockStat(pl: PriceList): GasCharge {
  return match(pl.blocks)
    .with({ model: 'memret' }, (b) => gasCharge('OnBlockStat', b.blockStatBase, 0n))
    .with({ model: P.union('retention', 'reachability') }, () => gasCharge('OnBlockStat', 0n, 0n))
    .exhaustive()
}

function maxZero(x: Milligas): Milligas {
  return x < 0n ? 0n : x
}

// ------------------------------------------------------------------------------------------------
// IPLD reachability (v4, FIP-0071)

/**
 * The link scan of one block (`ipld::scan_for_reachable_links`): "OnScanIpldLinks", compute =
 * the gas the scan used (`cborScanPerField` per CBOR header, `cborScanPerCid` per CID), metered
 * against the gas available when it started (see `ipld-scan.ts`). Charged before the block's
 * open/create charge, also when the scan fails.
 *
 * @rule gas.ipld-scan
 */
export function onScanIpldLinks(used: Milligas): GasCharge {
  return gasCharge('OnScanIpldLinks', used, 0n)
}

/**
 * `self.root` (v4 `on_get_root`): "OnActorGetRoot", compute = `linkTracked` (the root becomes
 * reachable).
 *
 * @rule gas.ipld-link-tracking
 */
export function onGetRoot(pl: PriceList): GasCharge {
  return gasCharge('OnActorGetRoot', perLink(pl, 'linkTracked', 1n, 'OnActorGetRoot'), 0n)
}

/**
 * `self.set_root` (v4 `on_set_root`): "OnActorSetRoot", compute = `linkChecked` (the new root
 * must be reachable).
 *
 * @rule gas.ipld-link-tracking
 */
export function onSetRoot(pl: PriceList): GasCharge {
  return gasCharge('OnActorSetRoot', perLink(pl, 'linkChecked', 1n, 'OnActorSetRoot'), 0n)
}

// ------------------------------------------------------------------------------------------------
// Events

/**
 * v3, before decoding an event of `len` bytes: compute = memcpy(len) + allocate(len) +
 * validation(len).
 *
 * @rule gas.events
 */
export function onActorEventValidate(pl: PriceList, len: bigint): GasCharge {
  const a = pl.arithmetic
  const ev = v3Events(pl, 'OnActorEventValidate')
  const compute = satAdd(a, copyIn(a, ev.blocks, len), applyScaling(a, ev.validation, len))
  return gasCharge('OnActorEventValidate', compute, 0n)
}

/** One decoded event entry, as far as pricing is concerned. */
export interface EventEntryShape {
  readonly flags: bigint
  readonly keyLength: bigint
  readonly valueLength: bigint
}
export const FLAG_INDEXED_KEY = 0b01n
export const FLAG_INDEXED_VALUE = 0b10n

/**
 * v3, accepting a validated event: s = len + 12 (`STAMP_EXTRA_SIZE`); compute = memcpy(s) +
 * allocate(s); other = perIndex.flat × indexed elements + perIndex.scale × indexed bytes
 * + 2 × memcpy(s) + allocate(s) + blake2b-256 hashing(s).
 *
 * @rule gas.events
 */
export function onActorEventAccept(pl: PriceList, entries: readonly EventEntryShape[], serializedLen: bigint): GasCharge {
  const a = pl.arithmetic
  const { blocks: b, acceptPerIndexElement: perIndex } = v3Events(pl, 'OnActorEventAccept')
  let indexedBytes = 0n
  let indexedElements = 0n
  for (const e of entries) {
    if ((e.flags & FLAG_INDEXED_KEY) !== 0n) {
      indexedBytes += e.keyLength
      indexedElements += 1n
    }
    if ((e.flags & FLAG_INDEXED_VALUE) !== 0n) {
      indexedBytes += e.valueLength
      indexedElements += 1n
    }
  }
  const s = serializedLen + 12n
  const memcpy = applyScaling(a, b.blockMemcpy, s)
  const alloc = applyScaling(a, b.blockAllocate, s)
  const hash = applyScaling(a, pl.hashingCost['blake2b-256'], s)
  let other = satAdd(a, satMul(a, perIndex.flat, indexedElements), satMul(a, perIndex.scale, indexedBytes))
  other = satAdd(a, satAdd(a, satAdd(a, other, satMul(a, memcpy, 2n)), alloc), hash)
  return gasCharge('OnActorEventAccept', satAdd(a, memcpy, alloc), other)
}

function v3Events(pl: PriceList, charge: string): Extract<EventPrices, { model: 'validate-accept' }> & { blocks: RetainedBlocks } {
  const ev = required(pl.events, charge, pl)
  if (ev.model !== 'validate-accept' || pl.blocks.model === 'memret') throw new Error(`${charge} is not charged under price list ${pl.name}`)
  return { ...ev, blocks: pl.blocks }
}

/** v4 `EVENT_OVERHEAD`: the most CBOR bytes of a stamped event besides its entries. */
export const EVENT_OVERHEAD = 12n
/** v4 `EVENT_ENTRY_OVERHEAD`: the most CBOR bytes of one entry besides its key and value. */
export const EVENT_ENTRY_OVERHEAD = 9n

/**
 * The limits `event.emit_event` checks after charging `OnActorEvent` (v4, `kernel/default.rs`
 * L1033–1035): more entries → LimitExceeded; a total value length over the maximum →
 * LimitExceeded; a key longer than `maxKeyLength` → LimitExceeded; one value longer than the
 * maximum total → IllegalArgument.
 *
 * @rule gas.events-v4
 */
export const EVENT_LIMITS_V4 = { maxEntries: 255n, maxKeyLength: 31n, maxTotalValueLength: 8192n } as const

/**
 * v4 `on_actor_event(entries, keysize, valuesize)` (FIP-0072), charged before any check:
 * est = 12 + 9 × entries + keysize + valuesize (saturating u64); mem = memcpy(est) + allocate(est);
 * compute = 2 × mem + perEntry(entries) + utf8Validation(keysize);
 * other = blake2b-256 hashing(est) + mem.
 *
 * @rule gas.events-v4
 */
export function onActorEvent(pl: PriceList, entries: bigint, keySize: bigint, valueSize: bigint): GasCharge {
  const a = pl.arithmetic
  const ev = required(pl.events, 'OnActorEvent', pl)
  const utf8 = required(pl.utf8Validation, 'OnActorEvent', pl)
  if (ev.model !== 'per-entry' || pl.blocks.model === 'memret') throw new Error(`OnActorEvent is not charged under price list ${pl.name}`)
  const est = satAdd('unsigned-u64', satAdd('unsigned-u64', satAdd('unsigned-u64', EVENT_OVERHEAD, satMul('unsigned-u64', EVENT_ENTRY_OVERHEAD, entries)), keySize), valueSize)
  const mem = copyIn(a, pl.blocks, est)
  const hash = applyScaling(a, pl.hashingCost['blake2b-256'], est)
  const compute = satAdd(a, satAdd(a, satMul(a, mem, 2n), applyScaling(a, ev.perEntry, entries)), applyScaling(a, utf8, keySize))
  return gasCharge('OnActorEvent', compute, satAdd(a, hash, mem))
}

/**
 * v4 `on_utf8_validation(len)`: "OnUtf8Validation", compute = `utf8Validation(len)`. Declared by
 * ref-fvm v4.8.2 but charged nowhere: `emit_event` prices its keys inside `OnActorEvent`.
 *
 * @rule gas.events-v4
 */
export function onUtf8Validation(pl: PriceList, len: bigint): GasCharge {
  return gasCharge('OnUtf8Validation', applyScaling(pl.arithmetic, required(pl.utf8Validation, 'OnUtf8Validation', pl), len), 0n)
}

// ------------------------------------------------------------------------------------------------
// Wasm execution

/** Gas drained from the wasm gas global since the last sync, charged as "wasm_exec". @rule gas.wasm */
export function onWasmExec(milli: Milligas): GasCharge {
  return gasCharge('wasm_exec', milli, 0n)
}

/**
 * The `gas.charge` syscall: `Gas::new(amount)` whole gas under `name`, saturating. `wholeGas` is
 * the wasm i64 argument: v2 reads it as signed (a negative amount refunds), v3 as unsigned (so
 * −1 becomes 2^64 − 1 and saturates).
 *
 * @rule gas.wasm
 */
export function onActorGasCharge(pl: PriceList, name: string, wholeGas: bigint): GasCharge {
  const amount = pl.arithmetic === 'unsigned-u64' && wholeGas < 0n ? BigInt.asUintN(64, wholeGas) : wholeGas
  return gasCharge(name, gasFromWhole(amount, pl.arithmetic), 0n)
}

/**
 * v3 `init_memory_gas`: "wasm_memory_init" = fillBase + fillPerByte × minimum memory bytes, charged
 * at every instantiation; `undefined` under the `flat` model (v2 does not charge memory).
 *
 * @rule gas.wasm
 */
export function onWasmMemoryInit(pl: PriceList, minMemoryBytes: bigint): GasCharge | undefined {
  if (pl.wasm.model !== 'operator-classes') return undefined
  const w = pl.wasm
  return gasCharge('wasm_memory_init', satAdd(pl.arithmetic, w.memoryFillBaseCost, satMul(pl.arithmetic, w.memoryFillPerByteCost, minMemoryBytes)), 0n)
}

/** v3 `init_table_gas`: "wasm_table_init" = fillBase + fillPerByte × elements × 8. @rule gas.wasm */
export function onWasmTableInit(pl: PriceList, minTableElements: bigint): GasCharge | undefined {
  if (pl.wasm.model !== 'operator-classes') return undefined
  const w = pl.wasm
  const a = pl.arithmetic
  return gasCharge('wasm_table_init', satAdd(a, w.memoryFillBaseCost, satMul(a, satMul(a, w.memoryFillPerByteCost, minTableElements), w.tableElementSize)), 0n)
}

/** v3 `grow_memory_gas`: fillBase + fillPerByte × bytes grown (the "wasm_memory_grow" split). @rule gas.wasm */
export function wasmMemoryGrowGas(pl: PriceList, grownBytes: bigint): Milligas {
  if (pl.wasm.model !== 'operator-classes') return 0n
  return satAdd(pl.arithmetic, pl.wasm.memoryFillBaseCost, satMul(pl.arithmetic, pl.wasm.memoryFillPerByteCost, grownBytes))
}

/** The instrumentation cost of one wasm operator. */
export type InstructionCost =
  | { readonly kind: 'fixed'; readonly milligas: Milligas }
  | { readonly kind: 'linear'; readonly base: Milligas; readonly perUnit: Milligas }
  | { readonly kind: 'unsupported' }

const FIP32_FREE = new Set(['nop', 'drop', 'block', 'loop', 'unreachable', 'return', 'else', 'end'])
const V3_FREE = FIP32_FREE
const SIMD_PREFIXES = ['v128.', 'i8x16.', 'i16x8.', 'i32x4.', 'i64x2.', 'f32x4.', 'f64x2.']
const EXCEPTIONS = new Set(['try', 'catch', 'throw', 'rethrow', 'catch_all', 'delegate'])
const DEFAULT_CLASS = new Set([
  'i64.extend_i32_u', 'i32.wrap_i64',
  'i32.reinterpret_f32', 'i64.reinterpret_f64', 'f32.reinterpret_i32', 'f64.reinterpret_i64',
  'i32.const', 'i64.const', 'f32.const', 'f64.const',
  'local.get', 'local.set', 'local.tee', 'global.get', 'global.set', 'select',
  'data.drop', 'elem.drop', 'memory.size', 'table.size',
])

/**
 * The cost of a wasm operator (text-format mnemonic, e.g. `i32.add`, `memory.grow`) under the
 * price list's wasm rules (v2 `impl Rules for WasmGasPrices` L697; v3 L991).
 *
 * @rule gas.wasm
 */
export function wasmInstructionCost(pl: PriceList, op: string): InstructionCost {
  const w = pl.wasm
  if (w.model === 'flat') {
    if (w.execInstructionCost === 0n || FIP32_FREE.has(op)) return { kind: 'fixed', milligas: 0n }
    return { kind: 'fixed', milligas: w.execInstructionCost }
  }
  const fixedCost = (m: Milligas): InstructionCost => ({ kind: 'fixed', milligas: m })
  // `linear_cost`: a zero per-unit price degrades to a fixed cost.
  const linear = (base: Milligas, perByte: Milligas, unit: bigint): InstructionCost => {
    const perUnit = perByte * unit
    return perUnit === 0n ? fixedCost(base) : { kind: 'linear', base, perUnit }
  }
  if (V3_FREE.has(op)) return fixedCost(0n)
  if (
    EXCEPTIONS.has(op) ||
    op.startsWith('return_call') ||
    op.startsWith('ref.') ||
    op.includes('atomic') ||
    SIMD_PREFIXES.some((p) => op.startsWith(p))
  ) {
    return { kind: 'unsupported' }
  }
  switch (op) {
    case 'br':
      return fixedCost(w.jumpUnconditional)
    case 'br_if':
    case 'if':
      return fixedCost(w.jumpConditional)
    case 'br_table':
      return fixedCost(w.jumpIndirect + w.memoryAccessCost)
    case 'call':
      return fixedCost(w.jumpUnconditional + w.call)
    case 'call_indirect':
      return fixedCost(w.jumpIndirect + w.memoryAccessCost + w.call)
    case 'table.get':
      return fixedCost(w.instructionDefault + w.memoryAccessCost)
    case 'table.set':
      return fixedCost(w.instructionDefault + w.memoryFillBaseCost)
    case 'table.init':
    case 'table.copy':
      return linear(w.instructionDefault + w.memoryAccessCost, w.memoryCopyPerByteCost, w.tableElementSize)
    case 'table.fill':
    case 'table.grow':
      return linear(w.instructionDefault + w.memoryFillBaseCost, w.memoryFillPerByteCost, w.tableElementSize)
    case 'memory.grow':
      return linear(w.instructionDefault + w.memoryFillBaseCost, w.memoryFillPerByteCost, w.wasmPageSize)
    case 'memory.fill':
      return linear(w.instructionDefault + w.memoryFillBaseCost, w.memoryFillPerByteCost, 1n)
    case 'memory.init':
    case 'memory.copy':
      return linear(w.instructionDefault + w.memoryAccessCost, w.memoryCopyPerByteCost, 1n)
  }
  if (DEFAULT_CLASS.has(op)) return fixedCost(w.instructionDefault)
  if (/^(i32|i64|f32|f64)\.load/.test(op)) return fixedCost(w.instructionDefault + w.memoryAccessCost)
  if (/^(i32|i64|f32|f64)\.store/.test(op)) return fixedCost(w.instructionDefault + w.memoryFillBaseCost)
  if (/^(i32|i64|f32|f64)\./.test(op)) return fixedCost(w.mathDefault)
  return { kind: 'unsupported' }
}
