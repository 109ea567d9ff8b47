/**
 * Network versions as data: everything that differs between network versions at the level of the
 * executor, call manager, kernel and invocation container, one row per version.
 *
 * A row is what the ref-fvm release running the version fixes (one `FvmReleaseRules` per
 * release, below) plus what the version itself picks: its name, its price list and the built-in
 * actors shipped with it. Where a transition itself differs between releases, the row names the
 * release's own module for it (`send`, `kernel`, `gasSync`), as execution-specs gives each fork
 * its own module; everywhere else it is a plain value, named for what it means. No other code
 * compares a network version or a release: it reads the row.
 *
 * Adding a version: a row. Adding a release: its `FvmReleaseRules`, and a module for each
 * transition it changes.
 *
 * @rule machine.network-rules
 */
import type { PriceList } from '../gas/price-list.js'
import { priceListFor } from '../gas/price-lists/index.js'
import { Codec } from '../ipld/cid.js'
import { SEND_V2 } from '../call-manager/send-v2.js'
import { SEND_V3 } from '../call-manager/send-v3.js'
import { SEND_V4 } from '../call-manager/send-v4.js'
import type { SendPipeline } from '../call-manager/send.js'
import { KERNEL_V2 } from '../kernel/kernel-v2.js'
import { KERNEL_V3 } from '../kernel/kernel-v3.js'
import { KERNEL_V4 } from '../kernel/kernel-v4.js'
import type { KernelRelease } from '../kernel/kernel.js'
import { GAS_SYNC_V2 } from '../invocation/gas-sync-v2.js'
import { GAS_SYNC_V3 } from '../invocation/gas-sync-v3.js'
import type { GasSync } from '../invocation/gas-sync.js'
import type { AddressRules } from '../types/address.js'
import type { MessageCodec } from '../types/message.js'
import { networkVersionName, SUPPORTED_NETWORK_VERSIONS, type FvmVersion, type NetworkVersion } from '../types/network-version.js'
import type { ReceiptVersion } from '../types/receipt.js'
import type { WasmNetworkVersion } from '../wasm/validate.js'

export interface NetworkRules {
  readonly nv: NetworkVersion
  readonly name: string
  /** ref-fvm release whose semantics this version follows; also selects the syscall ABI (`kernel.syscall-table`). */
  readonly fvm: FvmVersion
  /** Major version of the built-in actors the upgrade shipped (Lotus `build/actors`); the machine runs whatever code the state's manifest names. */
  readonly builtinActors: number
  /** @rule gas.price-list-selection */
  readonly priceList: PriceList

  // ---- state and wire formats
  /** StateRoot version of a new state tree. @rule state.root-versions */
  readonly stateRootVersion: bigint
  /** StateRoot versions this version can load. @rule state.root-versions */
  readonly stateRootVersions: readonly bigint[]
  /** Built-in actors the manifest must name. @rule machine.manifest */
  readonly requiredActors: readonly string[]
  /** Which address protocols exist (v2: no f4). @rule types.address-bytes */
  readonly addressRules: AddressRules
  /** Integer widths and addresses of the message tuple. @rule types.message-tuple */
  readonly messageCodec: MessageCodec
  /** Receipt shape. @rule types.receipt-tuple */
  readonly receiptVersion: ReceiptVersion

  // ---- executor
  /** Actor types that may send a message. @rule exec.preflight-sender-type */
  readonly senderTypes: readonly string[]
  /** A placeholder with an EAM f4 address and sequence 0 is accepted and becomes an ethaccount. */
  readonly placeholderSenders: boolean
  /** Codec of the top-level params block. @rule exec.top-level-params */
  readonly paramsCodec: (method: bigint) => number
  /**
   * A non-zero exit carries its return block to the caller and into the receipt (v3 `vm.exit`);
   * v2's abort has none, and a failed send or message returns no data. @rule invocation.result
   */
  readonly exitCarriesReturnBlock: boolean

  // ---- call manager
  /** Call depth limit and how it is compared. @rule call.depth-limit */
  readonly maxCallDepth: number
  readonly depthCheck: 'depth > max' | 'depth >= max'
  /** The release's send pipeline (`call-manager/send-v*.ts`). */
  readonly send: SendPipeline

  // ---- kernel
  /** How the release's kernel reaches the state (`kernel/kernel-v*.ts`). */
  readonly kernel: KernelRelease
  /** A frame can be read-only (v3's send flag): writes in it fail with ReadOnly. @rule syscall.self-set-root */
  readonly readOnlyFrames: boolean
  /** Codecs the block registry accepts. @rule kernel.block-registry */
  readonly registryCodecs: readonly number[]
  /** The largest block `block_create` accepts, or null for no limit. @rule syscall.ipld-block-create */
  readonly maxBlockSize: number | null
  /** The last `RegisteredSealProof` number the release knows. @rule syscall.crypto-seal-proof-types */
  readonly maxSealProof: bigint
  /** Whether `batch_verify_seals` charges `OnVerifySeal` per seal (with real proofs). @rule syscall.crypto-batch-verify-seals */
  readonly batchSealCharge: 'none' | 'per-seal'

  // ---- invocation
  /** The engine's key for the WebAssembly feature policy, instrumentation and memory limits. @rule invocation.engine */
  readonly wasmRules: WasmNetworkVersion
  /** The release's wasm gas-counter synchronisation (`invocation/gas-sync-v*.ts`). */
  readonly gasSync: GasSync
  /** How a module that fails to instantiate ends the invocation. @rule invocation.lifecycle */
  readonly instantiateFailure: 'fatal' | 'exit'
  /**
   * How the call manager finds the actor's `invoke` export after instantiation. `typed` (v2, v3:
   * `get_typed_func::<(u32,), u32>`): anything but a function (i32) -> i32 is Fatal. `by-name` (v4:
   * `get_func`, then `Func::call`): no function of that name is exit 5 SYS_INVALID_RECEIVER,
   * other parameters or results are Fatal, one result that is not i32 makes ref-fvm panic.
   * @rule wasm.required-exports
   */
  readonly invokeLookup: 'typed' | 'by-name'
}

/**
 * The spec rule each field of a row states: data for FIP authors (`fvm-spec rules --diff A B`
 * lists every field two rows differ in under this ID). A field that has no narrower rule names
 * `machine.network-rules` itself. `network-rules.test.ts` checks every ID against spec/; a new
 * field without an ID here does not compile.
 *
 * @rule machine.network-rules
 */
export const NETWORK_RULE_IDS: { readonly [K in keyof NetworkRules]: string } = {
  nv: 'types.network-versions',
  name: 'types.network-versions',
  fvm: 'types.network-versions',
  builtinActors: 'machine.network-rules',
  priceList: 'gas.price-list-selection',
  stateRootVersion: 'state.root-versions',
  stateRootVersions: 'state.root-versions',
  requiredActors: 'machine.manifest',
  addressRules: 'types.address-bytes',
  messageCodec: 'types.message-tuple',
  receiptVersion: 'types.receipt-tuple',
  senderTypes: 'exec.preflight-sender-type',
  placeholderSenders: 'exec.preflight-placeholder-sender',
  paramsCodec: 'exec.top-level-params',
  exitCarriesReturnBlock: 'invocation.result',
  maxCallDepth: 'call.depth-limit',
  depthCheck: 'call.depth-limit',
  send: 'machine.network-rules',
  kernel: 'machine.network-rules',
  readOnlyFrames: 'kernel.invocation-frame',
  registryCodecs: 'kernel.block-registry',
  maxBlockSize: 'syscall.ipld-block-create',
  maxSealProof: 'syscall.crypto-seal-proof-types',
  batchSealCharge: 'syscall.crypto-batch-verify-seals',
  wasmRules: 'invocation.engine',
  gasSync: 'invocation.gas-sync',
  instantiateFailure: 'invocation.lifecycle',
  invokeLookup: 'wasm.required-exports',
}

/** What a ref-fvm release fixes for every network version it runs. */
export type FvmReleaseRules = Omit<NetworkRules, 'nv' | 'name' | 'builtinActors' | 'priceList'>

/**
 * ref-fvm v2.12.1 (nv15–nv17). Sources: `fvm/src/state_tree.rs` (new L201, new_from_root L232),
 * `fvm/src/machine/manifest.rs` L18–20, `fvm/src/machine/mod.rs` L135 (max_call_depth),
 * `fvm/src/call_manager/default.rs` (depth check; `get_typed_func` of invoke L397–401), `fvm/src/kernel/blocks.rs` L123 (DAG-CBOR only),
 * `fvm/src/executor/default.rs`, `shared/src/sector/registered_proof.rs`.
 */
export const FVM_V2: FvmReleaseRules = {
  fvm: 'v2',
  stateRootVersion: 4n,
  stateRootVersions: [3n, 4n],
  requiredActors: ['system', 'init', 'account'],
  addressRules: 'v2',
  messageCodec: 'v2',
  receiptVersion: 'v2',
  senderTypes: ['account'],
  placeholderSenders: false,
  paramsCodec: () => Codec.DAG_CBOR,
  exitCarriesReturnBlock: false,
  maxCallDepth: 1024,
  depthCheck: 'depth > max',
  send: SEND_V2,
  kernel: KERNEL_V2,
  readOnlyFrames: false,
  registryCodecs: [Codec.DAG_CBOR],
  maxBlockSize: null,
  maxSealProof: 9n,
  batchSealCharge: 'none',
  wasmRules: 17,
  gasSync: GAS_SYNC_V2,
  instantiateFailure: 'fatal',
  invokeLookup: 'typed',
}

/**
 * ref-fvm v3.14.1 (nv18–nv20). Sources: `fvm/src/state_tree.rs` (new L64, new_from_root L101:
 * V5 only),
 * `fvm/src/machine/manifest.rs` L10–15, `fvm/src/machine/mod.rs` L150 (max_call_depth), L158
 * (max_block_size 1 MiB), `fvm/src/kernel/blocks.rs` L28 (ALLOWED_CODECS),
 * `fvm/src/call_manager/default.rs` L739–744 (`get_typed_func` of invoke),
 * `fvm/src/kernel/default.rs` L571–580 (batch_verify_seals), `fvm/src/executor/default.rs`
 * (params codec, placeholder senders), `shared/src/sector/registered_proof.rs` (synthetic PoRep).
 */
export const FVM_V3: FvmReleaseRules = {
  fvm: 'v3',
  stateRootVersion: 5n,
  stateRootVersions: [5n],
  requiredActors: ['system', 'init', 'account', 'placeholder', 'eam', 'ethaccount'],
  addressRules: 'v3',
  messageCodec: 'v3',
  receiptVersion: 'v3',
  senderTypes: ['account', 'ethaccount'],
  placeholderSenders: true,
  paramsCodec: (method) => (method === 0n ? Codec.IPLD_RAW : Codec.CBOR),
  exitCarriesReturnBlock: true,
  maxCallDepth: 1024,
  depthCheck: 'depth >= max',
  send: SEND_V3,
  kernel: KERNEL_V3,
  readOnlyFrames: true,
  registryCodecs: [Codec.CBOR, Codec.DAG_CBOR, Codec.IPLD_RAW],
  maxBlockSize: 1 << 20,
  maxSealProof: 14n,
  batchSealCharge: 'per-seal',
  wasmRules: 18,
  gasSync: GAS_SYNC_V3,
  instantiateFailure: 'exit',
  invokeLookup: 'typed',
}

/**
 * ref-fvm v4.8.2 (nv21–nv28). Sources (`fvm@v4.8.2:`): `fvm/src/state_tree.rs` (new L60–72,
 * new_from_root L121–130: V5 only), `fvm/src/machine/manifest.rs` L10–15 (the same required
 * actors as v3), `fvm/src/machine/mod.rs` L150 (max_call_depth 1024), L158 (max_block_size
 * 1 MiB), `fvm/src/call_manager/default.rs` L940–959 (`with_stack_frame`: depth >= max),
 * `fvm/src/executor/default.rs` L122–142 (params codec RAW for method 0, else CBOR) and L425–433
 * (placeholder senders), `shared/src/sector/registered_proof.rs` L36–40 (NI-PoRep seal proofs
 * 15–19), `fvm/src/kernel/filecoin.rs` (batch_verify_seals charges per seal), the wasm engine
 * and instrumentation pinned as in v3.14.1 (`wasm/instrument/rules.ts` NV21_RULES).
 *
 * Where a transition differs from v3 the row names a v4 module (`SEND_V4`, `KERNEL_V4`); the gas
 * synchronisation is v3's (`fvm/src/syscalls/mod.rs`: only where the wasm prices are read from
 * moved).
 */
export const FVM_V4: FvmReleaseRules = {
  ...FVM_V3,
  fvm: 'v4',
  maxSealProof: 19n,
  wasmRules: 21,
  send: SEND_V4,
  kernel: KERNEL_V4,
  invokeLookup: 'by-name',
}

/** A network version's row: its release's rules, its name, its price list and its actors. */
function row(nv: NetworkVersion, builtinActors: number, release: FvmReleaseRules): NetworkRules {
  return { nv, name: networkVersionName(nv), builtinActors, priceList: priceListFor(nv), ...release }
}

/** nv17 (Shark): ref-fvm v2, built-in actors v9. */
export const NV17: NetworkRules = row(17, 9, FVM_V2)
/** nv18 (Hygge): ref-fvm v3, built-in actors v10. */
export const NV18: NetworkRules = row(18, 10, FVM_V3)
/**
 * nv19 (Lightning): ref-fvm v3, built-in actors v11 (Lotus v1.29.2
 * `chain/consensus/filcns/upgrades.go` L260–270: the migration to v11). In fvm@v3.14.1 nothing
 * depends on the network version but the price list (`fvm/src/gas/price_list.rs` L982–989:
 * V18 | V19 | V20 → HYGGE_PRICES), whether the machine accepts it (`fvm/src/machine/default.rs`
 * L63–64) and the version `network.context` reports to actors (`fvm/src/kernel/default.rs`
 * L670–700): the row is nv18's with its own number.
 */
export const NV19: NetworkRules = row(19, 11, FVM_V3)
/** nv20 (Thunder): ref-fvm v3, built-in actors v11 (no migration: Lotus v1.29.2 `upgrades.go` L271–273); like nv19. */
export const NV20: NetworkRules = row(20, 11, FVM_V3)

/*
 * nv21–nv28: ref-fvm v4.8.2 (its machine accepts V21..=V28, `fvm@v4.8.2:fvm/src/machine/default.rs`
 * L54–59), with the built-in actors each upgrade migrated to (Lotus
 * `lotus@b835fab70:chain/consensus/filcns/upgrades.go` L282–371: V21 → UpgradeActorsV12, V22 → V13,
 * V23 → V14, V24 → V15, V25 → V16, V26 no migration on mainnet (UpgradeActorsV16Fix is the
 * calibnet Tock fix), V27 → V17, V28 → V18). Price lists: WATERMELON for 21–24, TEEP for 25–28
 * (`fvm@v4.8.2:fvm/src/gas/price_list.rs` L1083–1095).
 */
export const NV21: NetworkRules = row(21, 12, FVM_V4) // Watermelon
export const NV22: NetworkRules = row(22, 13, FVM_V4) // Dragon
export const NV23: NetworkRules = row(23, 14, FVM_V4) // Waffle
export const NV24: NetworkRules = row(24, 15, FVM_V4) // TukTuk
export const NV25: NetworkRules = row(25, 16, FVM_V4) // Teep
export const NV26: NetworkRules = row(26, 16, FVM_V4) // Tock (no mainnet migration)
export const NV27: NetworkRules = row(27, 17, FVM_V4) // GoldenWeek
export const NV28: NetworkRules = row(28, 18, FVM_V4) // FireHorse

/** Every row written, supported or not yet. */
export const ALL_NETWORK_RULES: ReadonlyMap<NetworkVersion, NetworkRules> = new Map(
  [NV17, NV18, NV19, NV20, NV21, NV22, NV23, NV24, NV25, NV26, NV27, NV28].map((r) => [r.nv, r]),
)

/** The rows of the versions this interpreter runs (`SUPPORTED_NETWORK_VERSIONS`). */
export const NETWORK_RULES: ReadonlyMap<NetworkVersion, NetworkRules> = new Map(
  [...ALL_NETWORK_RULES].filter(([nv]) => SUPPORTED_NETWORK_VERSIONS.includes(nv)),
)

/** The row of `nv`, or undefined when this interpreter does not run it. */
export function networkRulesFor(nv: NetworkVersion): NetworkRules | undefined {
  return NETWORK_RULES.get(nv)
}

/**
 * The row of `nv`, written but not necessarily supported yet (tests and fixtures of a release in
 * progress use it); throws for a version that has no row. Whether a version runs is
 * `networkRulesFor` / `SUPPORTED_NETWORK_VERSIONS`.
 */
export function requireNetworkRules(nv: NetworkVersion): NetworkRules {
  const rules = ALL_NETWORK_RULES.get(nv)
  if (rules === undefined) throw new Error(`network version ${nv} is not supported (supported: ${SUPPORTED_NETWORK_VERSIONS.join(', ')})`)
  return rules
}
