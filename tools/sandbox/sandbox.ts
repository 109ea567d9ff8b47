/**
 * The sandbox: a machine at any supported network version, started from a genesis built from the
 * real bundle, on which a program funds accounts, applies messages, deploys and calls EVM
 * contracts, reads state, snapshots and reverts, and exports what it applied as a standard test
 * vector. The API is documented in docs/sandbox.md.
 *
 * Every message goes through the interpreter's `applyMessage`, exactly as `fvm-spec run` applies
 * a vector's messages; the state is an immutable value, so a snapshot is a reference.
 */
import { List } from 'immutable'
import type { EventEntry } from '../../interpreter/call-manager/call-manager.js'
import { applyMessage } from '../../interpreter/executor/apply-message.js'
import { getCbor } from '../../interpreter/ipld/blockstore.js'
import { decodeCbor, type Ipld } from '../../interpreter/ipld/cbor.js'
import type { CID } from '../../interpreter/ipld/cid.js'
import type { Machine, MachineContext } from '../../interpreter/machine/machine.js'
import { isBuiltin } from '../../interpreter/machine/manifest.js'
import type { StateTree } from '../../interpreter/state/state-tree.js'
import type { ActorState } from '../../interpreter/types/actor.js'
import { addressToString, idAddress, Protocol, type Address } from '../../interpreter/types/address.js'
import { BLOCK_GAS_LIMIT, EAM_ACTOR_ID } from '../../interpreter/types/chain.js'
import { encodeMessage, type Message } from '../../interpreter/types/message.js'
import type { Receipt } from '../../interpreter/types/receipt.js'
import { TOTAL_FILECOIN } from '../../interpreter/types/token.js'
import type { TraceEvent } from '../../interpreter/trace/trace.js'
import { EMPTY_BYTES } from '../../interpreter/util/bytes.js'
import { SECP_SIGNATURE_OVERHEAD } from '../../vectors/run-vector.js'
import { ethAddressOf, parseAddressInput, type EthAddressText } from '../genesis/addresses.js'
import { loadBundleFor, type LoadedBundle } from '../genesis/bundle.js'
import { buildGenesis, fundActor, type AccountKind, type AccountRequest, type Genesis } from '../genesis/genesis.js'
import { applyImplicit, invokerFor, toolMachine } from '../genesis/machine.js'
import {
  createExternalParams,
  decodeCborBytes,
  decodeEamReturn,
  decodeEvmState,
  EAM_METHOD,
  EVM_METHOD,
  evmStorageGet,
  getStorageAtParams,
  invokeContractParams,
  u256FromBytes,
  type EvmState,
} from './evm.js'
import { hostStackRefusal } from './host-stack.js'
import { defaultTipsetCid } from './tipset.js'
import { buildVector, type VectorMeta } from './vector.js'

export class SandboxError extends Error {
  override name = 'SandboxError'
}

/** An address as text (f0/f1/f2/f3/f4…, t…, or 0x…) or as a value. */
export type AddressLike = string | Address

export interface SandboxOptions {
  readonly nv: number
  /** Folder of bundle CARs (default $FVM_SPEC_BUNDLES). */
  readonly bundles?: string
  /** Default 1. */
  readonly epoch?: bigint
  /** Default epoch × 30, what the conformance runner uses (a vector cannot carry another). */
  readonly timestamp?: bigint
  /** Default 100 attoFIL. */
  readonly baseFee?: bigint
  /** Default 0, what the conformance runner uses (a vector cannot carry another). */
  readonly chainId?: bigint
  /** Default the total supply, 2·10⁹ FIL, what the runner uses when a vector gives none. */
  readonly circulatingSupply?: bigint
  /** Accounts funded in the genesis itself. */
  readonly accounts?: readonly AccountRequest[]
  readonly networkName?: string
  /**
   * ID of the verified registry's root key (default 80, as Lotus). Accounts are given IDs from
   * 100 in the order they are funded, so `verifregRoot: 100n` with one genesis account makes that
   * account the root key, able to send AddVerifier.
   */
  readonly verifregRoot?: bigint
  /**
   * Run a network version whose row is written but not yet supported (`genesis.preview`; none at
   * present: every written row, nv17–28, is supported). Its exported vectors are skipped by
   * `fvm-spec run` until the version is supported.
   */
  readonly preview?: boolean
  /** Record an execution trace in every receipt. */
  readonly trace?: boolean
  /**
   * The chain's tipset CIDs, what the FVM's `get_tipset_cid` extern answers for an earlier epoch
   * (and BLOCKHASH returns the first 32 bytes of its digest). Default `defaultTipsetCid`: the CID
   * of the DAG-CBOR block `["fvm-spec sandbox tipset", epoch]`. A message that reads one cannot be
   * exported (a test vector carries no tipset CIDs).
   */
  readonly tipsetCid?: (epoch: bigint) => CID
  /**
   * The persistent cache of compiled actor code: a folder, or false for none. Default
   * `$FVM_SPEC_CACHE`, else `~/.cache/fvm-spec/modules` (one engine shared by the process).
   */
  readonly cache?: string | false
}

/** What `fund` returns. */
export interface FundedAccount {
  readonly id: bigint
  /** Key address (f1/f3), f410 address, or the ID address for other actors. */
  readonly address: string
  /** The f410 subaddress, or else the masked-ID Ethereum address. */
  readonly eth: EthAddressText
  readonly kind: AccountKind | 'other'
}

export interface SandboxEvent {
  /** The emitting actor's ID. */
  readonly emitter: bigint
  readonly entries: readonly EventEntry[]
}

export interface SandboxReceipt {
  readonly exitCode: number
  readonly returnData: Uint8Array
  readonly gasUsed: bigint
  readonly events: readonly SandboxEvent[]
  /** Why the message failed, for people (not consensus); null on success. */
  readonly failureInfo: string | null
  /** The execution trace, when the sandbox was created with `trace: true`. */
  readonly trace?: readonly TraceEvent[]
}

export interface MessageInput {
  readonly from: AddressLike
  readonly to: AddressLike
  /** Default 0 (a plain send). */
  readonly method?: bigint
  /** The params block's bytes (empty: no params). */
  readonly params?: Uint8Array
  readonly value?: bigint
  /** Default 10 000 000 000 (the block gas limit). */
  readonly gasLimit?: bigint
  /** Default the base fee. */
  readonly gasFeeCap?: bigint
  /** Default 0. */
  readonly gasPremium?: bigint
  /** Default the sender's next nonce (its sequence; 0 for an actor that does not exist). */
  readonly nonce?: bigint
}

export type CallOptions = Pick<MessageInput, 'value' | 'gasLimit' | 'gasFeeCap' | 'gasPremium' | 'nonce'>

export interface Created {
  readonly id: bigint
  /** The f2 address the init actor gave the new actor (null when the EAM resurrected one). */
  readonly robust: string | null
  readonly eth: EthAddressText
}

/** An applied message as the log keeps it (what a vector needs). */
interface Logged {
  readonly bytes: Uint8Array
  readonly receipt: Receipt
  /** The epochs whose tipset CID the message read (BLOCKHASH); a vector cannot carry them. */
  readonly tipsetEpochs: readonly bigint[]
}

/** Everything that changes; a snapshot is one of these. */
interface SandboxState {
  /** The chain context messages are applied in (its epoch moves with `setEpoch`). */
  readonly context: MachineContext
  readonly tree: StateTree
  /** The state an exported vector starts from: the last state before the first logged message. */
  readonly start: StateTree
  readonly log: List<Logged>
  /** Why the log can no longer be exported (a setup step after a message), or null. */
  readonly exportBlocked: string | null
}

/** A saved sandbox state (opaque). */
export interface Snapshot {
  readonly state: SandboxState
}

/** Below this many written blocks the sandbox never compacts its store. */
const COMPACT_MIN = 2048

export class Sandbox {
  private state: SandboxState
  /** The snapshots this sandbox took (revert takes no other). */
  private readonly snapshots = new WeakSet<Snapshot>()
  private machineCache: Machine
  /** Compact the store when it holds more written blocks than this. */
  private compactAt = COMPACT_MIN

  private constructor(
    readonly genesis: Genesis,
    machine: Machine,
    /** The tipset CIDs of the chain, and the epochs read since the current message started. */
    private readonly tipsets: { readonly cid: (epoch: bigint) => CID; readonly read: bigint[] },
  ) {
    this.machineCache = machine
    this.state = { context: machine.context, tree: genesis.tree, start: genesis.tree, log: List<Logged>(), exportBlocked: null }
  }

  /** The machine messages are applied on: the version's rules and the current chain context. */
  get machine(): Machine {
    if (this.machineCache.context !== this.state.context) this.machineCache = { ...this.machineCache, context: this.state.context }
    return this.machineCache
  }

  /** A sandbox at `opts.nv`, from a genesis built from the bundle (see docs/sandbox.md). */
  static async create(opts: SandboxOptions): Promise<Sandbox> {
    return Sandbox.createSync(opts)
  }

  /** As `create`, synchronously. */
  static createSync(opts: SandboxOptions): Sandbox {
    const dir = opts.bundles ?? process.env['FVM_SPEC_BUNDLES']
    if (dir === undefined || dir === '') throw new SandboxError('no bundles: pass { bundles: DIR } or set FVM_SPEC_BUNDLES')
    const bundle: LoadedBundle = loadBundleFor(dir, opts.nv)
    const invoker = invokerFor(opts.cache === undefined ? undefined : { cache: opts.cache })
    const genesis = buildGenesis({
      nv: opts.nv,
      bundle,
      invoker,
      ...(opts.accounts === undefined ? {} : { accounts: opts.accounts }),
      ...(opts.networkName === undefined ? {} : { networkName: opts.networkName }),
      ...(opts.verifregRoot === undefined ? {} : { verifregRoot: opts.verifregRoot }),
      ...(opts.preview === true ? { preview: true } : {}),
    })
    const epoch = opts.epoch ?? 1n
    const context: MachineContext = {
      epoch,
      timestamp: opts.timestamp ?? epoch * 30n,
      baseFee: opts.baseFee ?? 100n,
      circulatingSupply: opts.circulatingSupply ?? TOTAL_FILECOIN,
      chainId: opts.chainId ?? 0n,
    }
    const cid = opts.tipsetCid ?? defaultTipsetCid
    const tipsets = { cid, read: [] as bigint[] }
    const tipsetCid = (e: bigint): CID => {
      tipsets.read.push(e)
      return cid(e)
    }
    const machine = toolMachine(genesis.rules, bundle.manifest, context, { tracing: opts.trace === true, invoker, tipsetCid })
    return new Sandbox(genesis, machine, tipsets)
  }

  /**
   * The tipset CID the chain has at `epoch` (what a message running at a later epoch reads with
   * `network.tipset_cid`, and BLOCKHASH as `blockhashOf` of it).
   *
   * @rule sandbox.tipset-cids
   */
  tipsetCid(epoch: bigint): CID {
    return this.tipsets.cid(epoch)
  }

  get nv(): number {
    return this.genesis.nv
  }

  get context(): MachineContext {
    return this.state.context
  }

  /**
   * Moves the chain to a later epoch (the timestamp moves with it, 30 s an epoch). No cron tick
   * or block reward runs for the epochs skipped. A test vector has one epoch, so once messages
   * were applied at the old epoch the log can no longer be exported until `startVector`.
   *
   * @rule sandbox.epochs
   */
  setEpoch(epoch: bigint): void {
    const c = this.state.context
    if (epoch < c.epoch) throw new SandboxError(`setEpoch(${epoch}): the chain is at epoch ${c.epoch} and cannot go back (revert to a snapshot instead)`)
    if (epoch === c.epoch) return
    const s = this.state
    const context = { ...c, epoch, timestamp: c.timestamp + (epoch - c.epoch) * 30n }
    this.state =
      s.log.size === 0
        ? { ...s, context }
        : { ...s, context, exportBlocked: s.exportBlocked ?? `${s.log.size} message(s) were applied at epoch ${c.epoch}, and the chain moved to epoch ${epoch}: a test vector has one epoch (export, then startVector)` }
  }

  /**
   * Starts a new exported vector at the current state: the log is emptied and the next
   * `exportVector` starts here (its pre-state is this state). A scenario that spans epochs
   * exports one vector per epoch, each starting where the last ended.
   *
   * @rule sandbox.epochs
   */
  startVector(): void {
    this.state = { ...this.state, start: this.state.tree, log: List<Logged>(), exportBlocked: null }
  }

  /** The current state tree (an immutable value). */
  get tree(): StateTree {
    return this.state.tree
  }

  /** The current state root (the tree flushed). */
  stateRoot(): CID {
    return this.state.tree.flush()[0]
  }

  /**
   * Funds an address (creating an account, placeholder or, with `kind: 'ethaccount'`, an
   * EthAccount for a new one) exactly as genesis does: the amount is minted and sent by an
   * implicit message from f00. A setup step: it is part of the state an exported vector starts
   * from, so it must come before the first `apply` for the log to stay exportable.
   *
   * @rule sandbox.fund
   */
  fund(address: AddressLike, amount: bigint, opts: { kind?: 'ethaccount' } = {}): FundedAccount {
    const a = this.resolveInput(address)
    const funded = fundActor(this.machine, this.state.tree, a, amount, opts.kind)
    const tree = this.compacted(funded.tree)
    const s = this.state
    this.state =
      s.log.size === 0
        ? { ...s, tree, start: tree }
        : { ...s, tree, exportBlocked: s.exportBlocked ?? `fund(${addressToString(a)}) came after ${s.log.size} applied message(s): a test vector cannot carry a setup step between messages (export the messages before it first; after the fund, startVector() starts a vector whose pre-state holds it)` }
    const actor = tree.getActor(funded.id) as ActorState
    const shown = a.protocol === Protocol.SECP256K1 || a.protocol === Protocol.BLS || a.protocol === Protocol.DELEGATED ? a : idAddress(funded.id)
    return { id: funded.id, address: addressToString(shown), eth: ethAddressOf(funded.id, actor.delegatedAddress), kind: funded.kind }
  }

  /**
   * Applies an explicit, unsigned message as a test vector does (raw length: the message's CBOR,
   * plus a secp256k1 signature's 65 + 4 bytes when the sender is an f1 address) and logs it.
   * Throws only when the message has no receipt (ref-fvm's `execute_message` returns an error:
   * a gas limit of 0 or above i64::MAX); a message that fails on chain is a receipt.
   *
   * @rule sandbox.apply
   */
  apply(input: MessageInput): SandboxReceipt {
    const from = this.resolveInput(input.from)
    const to = this.resolveInput(input.to)
    const msg: Message = {
      version: 0n,
      from,
      to,
      sequence: input.nonce ?? this.nextNonce(from),
      value: input.value ?? 0n,
      gasLimit: input.gasLimit ?? BLOCK_GAS_LIMIT,
      gasFeeCap: input.gasFeeCap ?? this.machine.context.baseFee,
      gasPremium: input.gasPremium ?? 0n,
      method: input.method ?? 0n,
      params: input.params ?? EMPTY_BYTES,
    }
    const bytes = encodeMessage(msg, this.machine.rules.messageCodec)
    const rawLength = bytes.length + (from.protocol === Protocol.SECP256K1 ? SECP_SIGNATURE_OVERHEAD : 0)
    this.tipsets.read.length = 0
    let out
    try {
      out = applyMessage(this.machine, this.state.tree, msg, rawLength)
    } catch (e) {
      // @rule sandbox.host-stack
      const refusal = hostStackRefusal(e)
      if (refusal !== undefined) throw new SandboxError(refusal)
      throw e
    }
    const tipsetEpochs = [...this.tipsets.read]
    if (out.kind === 'error') throw new SandboxError(`the message has no receipt: ${out.message}`)
    if (out.kind === 'not-run') throw new SandboxError(`the message could not run: ${out.reason}`)
    this.state = { ...this.state, tree: this.compacted(out.tree), log: this.state.log.push({ bytes, receipt: out.receipt, tipsetEpochs }) }
    return {
      exitCode: out.receipt.exitCode,
      returnData: out.receipt.returnData,
      gasUsed: out.receipt.gasUsed,
      events: out.events.map((e) => ({ emitter: e.emitter, entries: e.entries })),
      failureInfo: out.failureInfo,
      ...(this.machine.tracing ? { trace: out.trace } : {}),
    }
  }

  /**
   * Deploys an EVM contract through the EAM with CreateExternal (method 4), the method every
   * off-chain sender uses (Lotus `eth_sendRawTransaction` and `lotus evm deploy`): from an
   * EthAccount or placeholder the address follows CREATE rules from the sender's f410 address
   * and nonce; from an f1/f3 account, from the hash of its key address. EAM Create and Create2
   * accept only EVM callers (they are what the CREATE and CREATE2 opcodes call).
   *
   * @rule sandbox.deploy
   */
  deploy(from: AddressLike, initcode: Uint8Array, opts: CallOptions = {}): { receipt: SandboxReceipt; created: Created | undefined } {
    const receipt = this.apply({ ...opts, from, to: idAddress(EAM_ACTOR_ID), method: EAM_METHOD.CreateExternal, params: createExternalParams(initcode) })
    if (receipt.exitCode !== 0) return { receipt, created: undefined }
    const r = decodeEamReturn(receipt.returnData)
    return { receipt, created: { id: r.actorId, robust: r.robust === null ? null : addressToString(r.robust), eth: `0x${Buffer.from(r.eth).toString('hex')}` } }
  }

  /**
   * Calls an EVM contract: InvokeContract with the calldata as a CBOR byte string. `returnData`
   * is the EVM's return data (or, on exit 33, its revert data), decoded from that byte string.
   *
   * @rule sandbox.evm-call
   */
  call(from: AddressLike, to: AddressLike, calldata: Uint8Array, opts: CallOptions = {}): { receipt: SandboxReceipt; returnData: Uint8Array } {
    const receipt = this.apply({ ...opts, from, to, method: EVM_METHOD.InvokeContract, params: invokeContractParams(calldata) })
    return { receipt, returnData: decodeCborBytes(receipt.returnData) ?? EMPTY_BYTES }
  }

  /** The balance of an address (0 when no actor has it). */
  balance(address: AddressLike): bigint {
    return this.actor(address)?.balance ?? 0n
  }

  /** The actor an address resolves to, or undefined. */
  actor(address: AddressLike): ActorState | undefined {
    const id = this.state.tree.lookupId(this.resolveInput(address))
    return id === undefined ? undefined : this.state.tree.getActor(id)
  }

  /** The ID an address resolves to, or undefined. */
  idOf(address: AddressLike): bigint | undefined {
    return this.state.tree.lookupId(this.resolveInput(address))
  }

  /** The decoded state of an EVM actor (throws for any other actor). */
  evmState(address: AddressLike): EvmState {
    const actor = this.actor(address)
    const shown = typeof address === 'string' ? address : addressToString(address)
    if (actor === undefined) throw new SandboxError(`no actor at ${shown}`)
    if (!isBuiltin(this.machine.manifest, actor.code, 'evm')) throw new SandboxError(`${shown} is not an EVM actor`)
    return decodeEvmState(getCbor(this.state.tree.store, actor.head), this.genesis.actorsVersion)
  }

  /** An EVM storage slot, read from the contract's storage KAMT. @rule sandbox.evm-storage */
  evmStorage(address: AddressLike, slot: bigint): bigint {
    return evmStorageGet(this.state.tree.store, this.evmState(address), slot)
  }

  /** The contract's deployed bytecode. */
  evmBytecode(address: AddressLike): Uint8Array {
    const cid = this.evmState(address).bytecode
    return this.state.tree.store.mustGet(cid)
  }

  /**
   * An EVM storage slot as the EVM actor itself reports it: GetStorageAt (method 5), which only
   * the system actor may call, applied as an implicit message from f00 and then forgotten.
   */
  getStorageAt(address: AddressLike, slot: bigint): bigint {
    const out = applyImplicit(this.machine, this.state.tree, this.resolveInput(address), EVM_METHOD.GetStorageAt, getStorageAtParams(slot), 0n)
    if (out.receipt.exitCode !== 0) throw new SandboxError(`GetStorageAt exited ${out.receipt.exitCode}: ${out.failureInfo ?? ''}`)
    const v: Ipld = decodeCbor(out.receipt.returnData)
    if (!(v instanceof Uint8Array)) throw new SandboxError('GetStorageAt returned no byte string')
    return u256FromBytes(v)
  }

  /** The CID GetBytecode (method 3) would return, from the state. */
  bytecodeCid(address: AddressLike): CID {
    return this.evmState(address).bytecode
  }

  /** O(1): the state is an immutable value. @rule sandbox.snapshot */
  snapshot(): Snapshot {
    const snap: Snapshot = { state: this.state }
    this.snapshots.add(snap)
    return snap
  }

  /**
   * Goes back to a snapshot (the log and the exportable start go back with it). Only a snapshot
   * this sandbox took: another sandbox's state lives in another store (and maybe at another
   * network version), and anything else is no state at all. @rule sandbox.snapshot
   */
  revert(snap: Snapshot): void {
    if (!this.snapshots.has(snap)) throw new SandboxError('revert: not a snapshot this sandbox took (take one with sb.snapshot()); nothing changed')
    this.state = snap.state
  }

  /** The number of messages applied since the exported vector's start. */
  get appliedCount(): number {
    return this.state.log.size
  }

  /**
   * Everything applied since the start (genesis plus every `fund` before the first `apply`) as a
   * test vector's JSON text, runnable by `fvm-spec run --bundles DIR`.
   *
   * @rule sandbox.export-vector
   */
  exportVector(meta: VectorMeta = {}): string {
    const s = this.state
    if (s.exportBlocked !== null) throw new SandboxError(`cannot export: ${s.exportBlocked}`)
    const c = this.state.context
    if (c.timestamp !== c.epoch * 30n) throw new SandboxError(`cannot export: the timestamp is ${c.timestamp}, and a test vector's runner uses epoch × 30 = ${c.epoch * 30n}`)
    if (c.chainId !== 0n) throw new SandboxError(`cannot export: the chain ID is ${c.chainId}, and a test vector's runner uses 0`)
    const log = s.log.toArray()
    const reader = log.findIndex((m) => m.tipsetEpochs.length > 0)
    if (reader >= 0) {
      throw new SandboxError(
        `cannot export: message ${reader} read the tipset CID of epoch ${log[reader]?.tipsetEpochs[0]} (BLOCKHASH or network.tipset_cid), and a test vector carries no tipset CIDs (ref-fvm's conformance runner has none to give)`,
      )
    }
    return buildVector({
      nv: this.genesis.nv,
      context: c,
      start: s.start,
      end: s.tree,
      messages: log.map((m) => m.bytes),
      receipts: log.map((m) => m.receipt),
      exclude: this.genesis.bundle.codeKeys,
      meta,
    })
  }

  /**
   * The tree, with its store compacted to the blocks the state reaches when the blocks written
   * since the last compaction outnumber those kept then by 4 to 1 (and 2048): every message
   * writes new versions of the blocks it changes (about 4 blocks, 4 KB, for an EVM SSTORE), and
   * the old versions are garbage once no snapshot holds them. Amortized O(1) a message; not
   * observable (every block the state reaches stays).
   *
   * @rule sandbox.snapshot
   */
  private compacted(tree: StateTree): StateTree {
    if (tree.store.overlaySize <= this.compactAt) return tree
    const [root, flushed] = tree.flush()
    const kept = flushed.withStore(flushed.store.flush(root))
    this.compactAt = Math.max(COMPACT_MIN, 4 * kept.store.overlaySize)
    return kept
  }

  private resolveInput(a: AddressLike): Address {
    if (typeof a !== 'string') return a
    try {
      return parseAddressInput(a)
    } catch (e) {
      throw new SandboxError((e as Error).message)
    }
  }

  private nextNonce(from: Address): bigint {
    const id = this.state.tree.lookupId(from)
    return id === undefined ? 0n : (this.state.tree.getActor(id)?.sequence ?? 0n)
  }
}
