/**
 * The genesis builder: a minimal valid state tree at a network version, built from that version's
 * built-in actors bundle by running the bundle's own constructors (implicit messages from the
 * system actor), with funded accounts created the way the chain creates them (a value send to a
 * key or Ethereum address). spec/genesis.md says why each step is done the way it is.
 */
import type { ActorInvoker } from '../../interpreter/call-manager/invoke.js'
import { Blockstore } from '../../interpreter/ipld/blockstore.js'
import { encodeCbor, type Ipld } from '../../interpreter/ipld/cbor.js'
import type { CID } from '../../interpreter/ipld/cid.js'
import type { Machine, MachineContext } from '../../interpreter/machine/machine.js'
import { isBuiltin, loadManifest, type Manifest } from '../../interpreter/machine/manifest.js'
import { networkRulesFor, requireNetworkRules, type NetworkRules } from '../../interpreter/machine/network-rules.js'
import { StateTree } from '../../interpreter/state/state-tree.js'
import { newEmptyActor } from '../../interpreter/types/actor.js'
import { addressToBytes, addressToString, idAddress, Protocol, type Address } from '../../interpreter/types/address.js'
import {
  BURNT_FUNDS_ACTOR_ID,
  CRON_ACTOR_ID,
  DATACAP_TOKEN_ACTOR_ID,
  EAM_ACTOR_ID,
  INIT_ACTOR_ID,
  REWARD_ACTOR_ID,
  STORAGE_MARKET_ACTOR_ID,
  STORAGE_POWER_ACTOR_ID,
  SYSTEM_ACTOR_ID,
  VERIFIED_REGISTRY_ACTOR_ID,
} from '../../interpreter/types/chain.js'
import { exitCodeName } from '../../interpreter/types/exit-code.js'
import { isSupported, SUPPORTED_NETWORK_VERSIONS } from '../../interpreter/types/network-version.js'
import { EMPTY_ARRAY_BYTES, EMPTY_ARRAY_CID } from '../../interpreter/types/state-root.js'
import { encodeBigInt } from '../../interpreter/types/token.js'
import { EMPTY_BYTES } from '../../interpreter/util/bytes.js'
import { ethAddressOf, isEthAddress, isMaskedIdEthAddress, parseAddressInput, type EthAddressText } from './addresses.js'
import type { LoadedBundle } from './bundle.js'
import { applyImplicit, toolMachine } from './machine.js'
import { actorsVersionFor } from './versions.js'

export class GenesisError extends Error {
  override name = 'GenesisError'
}

/** What a funded actor is: an account (f1/f3), or for an f410 address a placeholder or an EthAccount. */
export type AccountKind = 'account' | 'placeholder' | 'ethaccount'

export interface AccountRequest {
  /** f1…, f3…, f410f… or 0x… (t… accepted too). */
  readonly address: string
  /** attoFIL. */
  readonly balance: bigint
  /** For an f410 address: 'placeholder' (the default: what a chain holds for a funded f410 that never sent) or 'ethaccount'. */
  readonly kind?: 'placeholder' | 'ethaccount'
}

export interface GenesisAccount {
  /** The address as given. */
  readonly input: string
  readonly kind: AccountKind
  readonly id: bigint
  /** Its key address (f1/f3) or its f410 address. */
  readonly address: Address
  /** Its f410 subaddress, or else its masked-ID Ethereum address. */
  readonly eth: EthAddressText
  readonly balance: bigint
}

/** One constructor the builder ran. */
export interface ConstructorRun {
  readonly id: bigint
  readonly name: string
  readonly params: Uint8Array
  readonly exitCode: number
  readonly gasUsed: bigint
}

export interface GenesisOptions {
  readonly nv: number
  readonly bundle: LoadedBundle
  readonly accounts?: readonly AccountRequest[]
  /** The init actor's network name (default "fvm-spec"). */
  readonly networkName?: string
  /** ID of the verified registry's root key (default 80, as Lotus). */
  readonly verifregRoot?: bigint
  readonly invoker?: ActorInvoker
  /**
   * Build at a network version whose row is written but not yet supported (`genesis.preview`):
   * for running a release in progress from the tools; `fvm-spec run` still skips its vectors.
   */
  readonly preview?: boolean
}

export interface Genesis {
  readonly nv: number
  readonly actorsVersion: number
  readonly rules: NetworkRules
  readonly bundle: LoadedBundle
  readonly networkName: string
  readonly verifregRoot: bigint
  readonly root: CID
  /** The flushed tree; its store holds every block of the state (and the bundle underneath). */
  readonly tree: StateTree
  readonly singletons: readonly { readonly id: bigint; readonly name: string; readonly code: CID }[]
  readonly accounts: readonly GenesisAccount[]
  readonly constructors: readonly ConstructorRun[]
}

export const DEFAULT_NETWORK_NAME = 'fvm-spec'
/** Lotus `RootVerifierID` (t080). */
export const DEFAULT_VERIFREG_ROOT = 80n

/**
 * The chain context of the genesis machine: epoch 0, base fee 0, circulating supply 0, as Lotus's
 * genesis VM (`chain/gen/genesis/genesis.go` VerifyPreSealedData / SetupStorageMiners).
 */
export const GENESIS_CONTEXT: MachineContext = { epoch: 0n, timestamp: 0n, baseFee: 0n, circulatingSupply: 0n, chainId: 0n }

/** Constructor parameters, built from what the genesis knows. */
interface BuildContext {
  readonly networkName: string
  readonly verifregRoot: bigint
}

interface Singleton {
  readonly id: bigint
  /** Manifest name of its code. */
  readonly code: string
  /** Constructor params (a CBOR value), or undefined for none; null: not constructed (see genesis.burnt-funds). */
  readonly params: ((c: BuildContext) => Ipld | undefined) | null
}

/**
 * The singleton actors, in the order they are created and constructed, with each constructor's
 * parameters. An actor whose code the bundle lacks (datacap before v9, eam before v10) is left out.
 *
 * @rule genesis.singletons
 * @rule genesis.constructors
 */
export const SINGLETONS: readonly Singleton[] = [
  { id: SYSTEM_ACTOR_ID, code: 'system', params: () => undefined },
  { id: INIT_ACTOR_ID, code: 'init', params: (c) => [c.networkName] },
  // Option<StoragePower>: Some(0), a BigInt of zero bytes (None is refused: "argument should not be nil").
  { id: REWARD_ACTOR_ID, code: 'reward', params: () => encodeBigInt(0n) },
  // ConstructorParams { entries: [Entry { receiver, method_num }] }: power OnEpochTickEnd (5), market CronTick (9).
  {
    id: CRON_ACTOR_ID,
    code: 'cron',
    params: () => [[[addressToBytes(idAddress(STORAGE_POWER_ACTOR_ID)), 5n], [addressToBytes(idAddress(STORAGE_MARKET_ACTOR_ID)), 9n]]],
  },
  { id: STORAGE_POWER_ACTOR_ID, code: 'storagepower', params: () => undefined },
  { id: STORAGE_MARKET_ACTOR_ID, code: 'storagemarket', params: () => undefined },
  { id: VERIFIED_REGISTRY_ACTOR_ID, code: 'verifiedregistry', params: (c) => addressToBytes(idAddress(c.verifregRoot)) },
  { id: DATACAP_TOKEN_ACTOR_ID, code: 'datacap', params: () => addressToBytes(idAddress(VERIFIED_REGISTRY_ACTOR_ID)) },
  { id: EAM_ACTOR_ID, code: 'eam', params: () => undefined },
  { id: BURNT_FUNDS_ACTOR_ID, code: 'account', params: null },
]

/**
 * The row of a network version that is written but not yet supported, for `preview` genesis
 * builds; a GenesisError when there is no row at all.
 *
 * @rule genesis.preview
 */
export function previewRules(nv: number): NetworkRules {
  try {
    return requireNetworkRules(nv)
  } catch {
    throw new GenesisError(`network version ${nv} has no row in the interpreter (supported: ${SUPPORTED_NETWORK_VERSIONS.join(', ')})`)
  }
}

/** The network rules of `nv`, or a GenesisError naming what is supported. */
export function supportedRules(nv: number): NetworkRules {
  const rules = networkRulesFor(nv)
  if (rules === undefined || !isSupported(nv)) {
    throw new GenesisError(`network version ${nv} is not supported by the interpreter (supported: ${SUPPORTED_NETWORK_VERSIONS.join(', ')})`)
  }
  return rules
}

/**
 * The StateRoot version a new tree gets: the row's (Lotus `state.VersionForNetwork`: 4 at nv17,
 * 5 from nv18), over an empty StateInfo0 (`[]`).
 *
 * @rule genesis.state-root
 */
export function genesisStateRootVersion(rules: NetworkRules): bigint {
  return rules.stateRootVersion
}

/** A checked account request. */
interface Planned {
  readonly input: string
  readonly address: Address
  readonly balance: bigint
  readonly kind: AccountKind
}

/** Checks every account request before anything runs. @rule genesis.accounts */
function planAccounts(requests: readonly AccountRequest[], manifest: Manifest): Planned[] {
  const seen = new Map<string, string>()
  return requests.map((r, i) => {
    const where = `accounts[${i}]`
    let address: Address
    try {
      address = parseAddressInput(r.address)
    } catch (e) {
      throw new GenesisError(`${where}: ${(e as Error).message}`)
    }
    if (r.balance < 0n) throw new GenesisError(`${where}: negative balance ${r.balance}`)
    const kind = accountKind(address, r.kind, manifest, where)
    const key = addressToString(address)
    const earlier = seen.get(key)
    if (earlier !== undefined) throw new GenesisError(`${where}: ${r.address} is the same address as ${earlier}`)
    seen.set(key, where)
    return { input: r.address, address, balance: r.balance, kind }
  })
}

function accountKind(a: Address, requested: AccountRequest['kind'], manifest: Manifest, where: string): AccountKind {
  const kind = fundableAs(a, requested)
  if (typeof kind !== 'string') throw new GenesisError(`${where}: ${kind.problem}`)
  if (kind !== 'account' && manifest.byName('placeholder') === undefined) throw new GenesisError(`${where}: ${addressToString(a)}: f410 addresses need built-in actors v10 or later (nv18+)`)
  return kind
}

/**
 * What an address becomes when funded at genesis (with the kind asked for), or why it cannot be
 * funded; independent of the bundle (f410 addresses also need actors v10+).
 *
 * @rule genesis.accounts
 */
export function fundableAs(a: Address, requested: AccountRequest['kind']): AccountKind | { readonly problem: string } {
  if (a.protocol === Protocol.SECP256K1 || a.protocol === Protocol.BLS) {
    if (requested !== undefined) return { problem: `${addressToString(a)} is a key address: it becomes an account, not a ${requested}` }
    return 'account'
  }
  if (isEthAddress(a) && !isMaskedIdEthAddress(a)) return requested ?? 'placeholder'
  return { problem: `${addressToString(a)}: only key addresses (f1, f3) and Ethereum addresses (f410f…, 0x…) can be funded at genesis` }
}

/**
 * Builds the genesis state. Throws GenesisError when the network version or bundle does not fit,
 * an account request is malformed, or any constructor exits non-zero.
 *
 * @rule genesis.determinism
 */
export function buildGenesis(opts: GenesisOptions): Genesis {
  const { nv, bundle } = opts
  const rules = opts.preview === true ? previewRules(nv) : supportedRules(nv)
  const av = actorsVersionFor(nv)
  if (av !== bundle.actorsVersion) throw new GenesisError(`network version ${nv} runs built-in actors v${av}, but the bundle given is v${bundle.actorsVersion} (${bundle.file})`)
  const manifest = bundle.manifest
  for (const name of rules.requiredActors) {
    if (manifest.byName(name) === undefined) throw new GenesisError(`${bundle.file}: the manifest has no '${name}' actor, which nv${nv} requires`)
  }
  const planned = planAccounts(opts.accounts ?? [], manifest)
  const build: BuildContext = { networkName: opts.networkName ?? DEFAULT_NETWORK_NAME, verifregRoot: opts.verifregRoot ?? DEFAULT_VERIFREG_ROOT }

  // @rule genesis.state-root
  const store = Blockstore.fromBlocks([], bundle.blocks).put(EMPTY_ARRAY_CID, EMPTY_ARRAY_BYTES)
  let tree = StateTree.empty(store, genesisStateRootVersion(rules), EMPTY_ARRAY_CID)

  // @rule genesis.singletons
  const singletons = SINGLETONS.flatMap((s) => {
    const code = manifest.byName(s.code)
    return code === undefined ? [] : [{ ...s, codeCid: code.code }]
  })
  for (const s of singletons) tree = tree.setActor(s.id, newEmptyActor(s.codeCid))

  // @rule genesis.manifest-override
  const machine = toolMachine(rules, manifest, GENESIS_CONTEXT, opts.invoker === undefined ? {} : { invoker: opts.invoker })

  // @rule genesis.constructors
  const constructors: ConstructorRun[] = []
  for (const s of singletons) {
    if (s.params === null) continue
    const value = s.params(build)
    const params = value === undefined ? EMPTY_BYTES : encodeCbor(value)
    const out = applyImplicit(machine, tree, idAddress(s.id), 1n, params, 0n)
    const name = s.id === BURNT_FUNDS_ACTOR_ID ? 'burnt funds' : s.code
    if (out.receipt.exitCode !== 0) {
      throw new GenesisError(`the ${name} constructor (f0${s.id}) exited ${out.receipt.exitCode} (${exitCodeName(out.receipt.exitCode)}): ${out.failureInfo ?? ''}`)
    }
    constructors.push({ id: s.id, name, params, exitCode: out.receipt.exitCode, gasUsed: out.receipt.gasUsed })
    tree = out.tree
  }
  tree = installBuiltinActorsRegistry(tree, bundle.manifestDataCid)
  tree = writeBurntFundsState(tree)

  // @rule genesis.accounts
  const accounts: GenesisAccount[] = []
  for (const p of planned) {
    const funded = fundActor(machine, tree, p.address, p.balance, p.kind === 'ethaccount' ? 'ethaccount' : undefined)
    tree = funded.tree
    if (funded.kind !== p.kind) throw new GenesisError(`${p.input} became a ${funded.kind}, not a ${p.kind}`)
    accounts.push({ input: p.input, kind: p.kind, id: funded.id, address: p.address, eth: ethAddressOf(funded.id, isEthAddress(p.address) ? p.address : null), balance: p.balance })
  }

  const [root, flushed] = tree.flush()
  const finalTree = flushed.withStore(flushed.store.flush(root))
  checkGenesis(finalTree, rules, planned)
  return {
    nv,
    actorsVersion: bundle.actorsVersion,
    rules,
    bundle,
    networkName: build.networkName,
    verifregRoot: build.verifregRoot,
    root,
    tree: finalTree,
    singletons: singletons.map((s) => ({ id: s.id, name: s.id === BURNT_FUNDS_ACTOR_ID ? 'burnt funds' : s.code, code: s.codeCid })),
    accounts,
    constructors,
  }
}

/**
 * The system actor's constructor writes an empty registry; a real genesis (Lotus
 * `SetupSystemActor`) and every migration since v8 point `builtin_actors` at the bundle's manifest
 * data, which is where the FVM reads the manifest from. The builder does the same.
 *
 * @rule genesis.system-registry
 */
export function installBuiltinActorsRegistry(tree: StateTree, manifestData: CID): StateTree {
  const system = tree.getActor(SYSTEM_ACTOR_ID)
  if (system === undefined) throw new GenesisError('no system actor')
  const [head, store] = tree.store.putCbor([manifestData])
  return tree.withStore(store).setActor(SYSTEM_ACTOR_ID, { ...system, head })
}

/**
 * The burnt-funds actor f099 is an account whose state holds its own ID address, as Lotus writes
 * it (`MakeAccountActor(BurntFundsActorAddr)`); the account constructor refuses ID addresses, so
 * this one state is written by the builder.
 *
 * @rule genesis.burnt-funds
 */
function writeBurntFundsState(tree: StateTree): StateTree {
  const actor = tree.getActor(BURNT_FUNDS_ACTOR_ID)
  if (actor === undefined) throw new GenesisError('no burnt funds actor')
  const [head, store] = tree.store.putCbor([addressToBytes(idAddress(BURNT_FUNDS_ACTOR_ID))])
  return tree.withStore(store).setActor(BURNT_FUNDS_ACTOR_ID, { ...actor, head })
}

export interface Funded {
  readonly tree: StateTree
  readonly id: bigint
  readonly kind: AccountKind | 'other'
  readonly created: boolean
}

/**
 * Funds an actor as the chain would: the amount is minted into the system actor and sent to the
 * address by an implicit value send (method 0), which creates an account for a new f1/f3 address
 * and a placeholder for a new f410 address. With `promote: 'ethaccount'`, a placeholder is then
 * turned into an EthAccount as the FVM does on its first message, and the EthAccount constructor
 * is run from f00 (it checks the f410 address). The system actor's balance is left unchanged.
 *
 * @rule genesis.funding
 * @rule genesis.ethaccount
 */
export function fundActor(machine: Machine, tree: StateTree, address: Address, amount: bigint, promote?: 'ethaccount'): Funded {
  if (amount < 0n) throw new GenesisError(`cannot fund ${addressToString(address)} with a negative amount`)
  const existed = tree.lookupId(address)
  const system = tree.getActor(SYSTEM_ACTOR_ID)
  if (system === undefined) throw new GenesisError('no system actor')
  const minted = tree.setActor(SYSTEM_ACTOR_ID, { ...system, balance: system.balance + amount })
  const sent = applyImplicit(machine, minted, address, 0n, EMPTY_BYTES, amount)
  if (sent.receipt.exitCode !== 0) {
    throw new GenesisError(`funding ${addressToString(address)} failed: exit ${sent.receipt.exitCode} (${exitCodeName(sent.receipt.exitCode)}) ${sent.failureInfo ?? ''}`)
  }
  let t = sent.tree
  const id = t.lookupId(address)
  if (id === undefined) throw new GenesisError(`funding ${addressToString(address)} created no actor`)
  if (promote === 'ethaccount') t = promoteToEthAccount(machine, t, id)
  const actor = t.getActor(id)
  if (actor === undefined) throw new GenesisError(`f0${id} vanished`)
  const m = machine.manifest
  const kind: Funded['kind'] = isBuiltin(m, actor.code, 'account')
    ? 'account'
    : isBuiltin(m, actor.code, 'placeholder')
      ? 'placeholder'
      : isBuiltin(m, actor.code, 'ethaccount')
        ? 'ethaccount'
        : 'other'
  if ((t.getActor(SYSTEM_ACTOR_ID)?.balance ?? -1n) !== system.balance) throw new GenesisError('the system actor kept funds it was to send')
  return { tree: t, id, kind, created: existed === undefined }
}

/**
 * A placeholder becomes an EthAccount: the code changes (head, nonce and balance stay, as in
 * ref-fvm's preflight promotion), then the EthAccount constructor runs from f00.
 *
 * @rule genesis.ethaccount
 */
function promoteToEthAccount(machine: Machine, tree: StateTree, id: bigint): StateTree {
  const actor = tree.getActor(id)
  const eth = machine.manifest.byName('ethaccount')
  if (actor === undefined || eth === undefined) throw new GenesisError(`f0${id}: cannot become an EthAccount (no actor or no ethaccount code)`)
  if (isBuiltin(machine.manifest, actor.code, 'ethaccount')) return tree
  if (!isBuiltin(machine.manifest, actor.code, 'placeholder')) throw new GenesisError(`f0${id} is not a placeholder: it cannot become an EthAccount`)
  const promoted = tree.setActor(id, { ...actor, code: eth.code })
  const out = applyImplicit(machine, promoted, idAddress(id), 1n, EMPTY_BYTES, 0n)
  if (out.receipt.exitCode !== 0) throw new GenesisError(`the EthAccount constructor of f0${id} exited ${out.receipt.exitCode}: ${out.failureInfo ?? ''}`)
  return out.tree
}

/**
 * What every genesis must satisfy: it reloads at its version, the manifest loads from the system
 * actor, every singleton has its code, the system actor holds nothing, and the balances add up to
 * what was funded.
 *
 * @rule genesis.checks
 */
function checkGenesis(tree: StateTree, rules: NetworkRules, planned: readonly Planned[]): void {
  const reloaded = StateTree.load(tree.store, tree.flush()[0], rules.stateRootVersions)
  loadManifest(reloaded, rules.requiredActors)
  let total = 0n
  for (const [, a] of reloaded.entries()) total += a.balance
  const funded = planned.reduce((s, p) => s + p.balance, 0n)
  if (total !== funded) throw new GenesisError(`balances add up to ${total}, but ${funded} was funded`)
  if ((reloaded.getActor(SYSTEM_ACTOR_ID)?.balance ?? 0n) !== 0n) throw new GenesisError('the system actor holds funds after genesis')
}
