/**
 * Scenarios on the real built-in actors: at a network version, each one starts from a genesis
 * built from that version's bundle (tools/genesis), applies the messages a user of Lotus would
 * send (create a miner, a multisig, a payment channel, publish a deal, grant DataCap, deploy and
 * call a contract), checks that every message exits with the code the actors' source says a
 * Lotus node gives (each expectation cites builtin-actors at the bundle's tag), and exports what
 * it applied as standard test vectors. spec/scenarios.md lists the messages and the sources.
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { ALL_NETWORK_RULES } from '../../interpreter/machine/network-rules.js'
import { isSupported } from '../../interpreter/types/network-version.js'
import { delegatedAddress, idAddress, type Address } from '../../interpreter/types/address.js'
import {
  INIT_ACTOR_ID,
  STORAGE_MARKET_ACTOR_ID,
  STORAGE_POWER_ACTOR_ID,
  VERIFIED_REGISTRY_ACTOR_ID,
  DATACAP_TOKEN_ACTOR_ID,
  EAM_ACTOR_ID,
} from '../../interpreter/types/chain.js'
import { ExitCode, exitCodeName } from '../../interpreter/types/exit-code.js'
import { Sandbox, type MessageInput, type SandboxReceipt } from '../sandbox/sandbox.js'
import { createExternalParams, decodeCborBytes, decodeEamReturn, EAM_METHOD, EVM_CONTRACT_REVERTED, EVM_METHOD, invokeContractParams } from '../sandbox/evm.js'
import { actorsVersionFor } from '../genesis/versions.js'
import type { AccountRequest } from '../genesis/genesis.js'
import * as A from './actors.js'
import { loadCall, payCall, SCENARIO_INITCODE, STORED_TOPIC, storeCall } from './contract.js'
import { blsKey, ip4TcpMultiaddr, peerId, secpKey, sign, signatureBytes, type Key } from './keys.js'

export class ScenarioError extends Error {
  override name = 'ScenarioError'
}

const FIL = 10n ** 18n
const MiB = 1n << 20n
/** `SETTLE_DELAY` = 12 hours of 30-second epochs (actors/paych/src/types.rs, v9–v18). */
const SETTLE_DELAY = 1440n
/** The verified registry's root key: the first genesis account, so ID 100. */
const ROOT_KEY_ID = 100n

/** The builtin-actors release each mainnet bundle was built from (Lotus `build/builtin_actors_gen.go`). @rule scenarios.sources */
export const ACTORS_TAG: Readonly<Record<number, string>> = {
  9: 'v9.0.3',
  10: 'v10.0.0',
  11: 'v11.0.0',
  12: 'v12.0.0',
  13: 'v13.0.0',
  14: 'v14.0.0',
  15: 'v15.0.0',
  16: 'v16.0.1',
  17: 'v17.0.0',
  18: 'v18.0.0',
}

/** What one message is expected to do, and why. */
export interface Expectation {
  readonly exit: number
  /** Where the actors' source decides it: file and function at the bundle's tag. */
  readonly source: string
}

/** One applied message of a scenario, with what was expected of it. */
export interface StepRecord {
  readonly vector: string
  readonly label: string
  readonly exitCode: number
  readonly expected: number
  readonly gasUsed: bigint
  readonly source: string
}

export interface ScenarioVector {
  /** File name in the version's folder, e.g. `miner.json`. */
  readonly file: string
  readonly text: string
}

export interface ScenarioRun {
  readonly scenario: string
  readonly nv: number
  readonly actorsVersion: number
  readonly steps: readonly StepRecord[]
  readonly vectors: readonly ScenarioVector[]
}

/** The running scenario: a sandbox, the steps so far, the vectors exported. */
export class ScenarioSession {
  readonly steps: StepRecord[] = []
  readonly vectors: ScenarioVector[] = []
  private part: string
  private partSteps: StepRecord[] = []

  constructor(
    readonly name: string,
    readonly sb: Sandbox,
    readonly av: number,
  ) {
    this.part = name
  }

  /** `builtin-actors vX.Y.Z path fn`. */
  src(path: string, what: string): string {
    return `builtin-actors ${ACTORS_TAG[this.av] ?? `v${this.av}`} ${path}: ${what}`
  }

  /** Applies a message and checks its exit code against the expectation. @rule scenarios.exit-codes */
  step(label: string, msg: MessageInput, expect: Expectation): SandboxReceipt {
    const r = this.sb.apply(msg)
    const rec: StepRecord = { vector: this.part, label, exitCode: r.exitCode, expected: expect.exit, gasUsed: r.gasUsed, source: expect.source }
    this.steps.push(rec)
    this.partSteps.push(rec)
    if (r.exitCode !== expect.exit) {
      throw new ScenarioError(
        `${this.name} at nv${this.sb.nv}, ${label}: exit ${r.exitCode} (${exitCodeName(r.exitCode)}), expected ${expect.exit} (${exitCodeName(expect.exit)}) per ${expect.source}` +
          (r.failureInfo === null ? '' : `; ${r.failureInfo}`),
      )
    }
    return r
  }

  /** A check on the state or a return value; a failure is a ScenarioError. */
  check(what: string, ok: boolean, detail = ''): void {
    if (!ok) throw new ScenarioError(`${this.name} at nv${this.sb.nv}: ${what} does not hold${detail === '' ? '' : `: ${detail}`}`)
  }

  /** Exports the messages applied since the last export as one vector. @rule scenarios.vectors */
  export(description: string): void {
    const lines = this.partSteps.map((s, i) => `${i + 1}. ${s.label} → ${s.exitCode}${s.exitCode === 0 ? '' : ` (${exitCodeName(s.exitCode)})`}`)
    const text = this.sb.exportVector({
      id: `scenario-nv${this.sb.nv}-${this.part}`,
      description: `${description} At nv${this.sb.nv} on built-in actors ${ACTORS_TAG[this.av] ?? this.av}: ${lines.join('; ')}.`,
    })
    this.vectors.push({ file: `${this.part}.json`, text })
    this.partSteps = []
  }

  /** Exports the last vector and ends the scenario. */
  done(description: string): ScenarioRun {
    this.export(description)
    return { scenario: this.name, nv: this.sb.nv, actorsVersion: this.av, steps: this.steps, vectors: this.vectors }
  }

  /** Starts the next vector of a scenario that spans epochs. */
  nextPart(part: string, epoch: bigint): void {
    this.sb.startVector()
    this.sb.setEpoch(epoch)
    this.part = `${this.name}-${part}`
  }

  /** Names the first vector of a multi-part scenario. */
  firstPart(part: string): void {
    this.part = `${this.name}-${part}`
  }
}

export interface ScenarioContext {
  readonly nv: number
  readonly bundles: string
}

export interface Scenario {
  readonly name: string
  readonly summary: string
  /** The first actors version it applies to (the EVM needs v10). */
  readonly minActorsVersion: number
  readonly run: (ctx: ScenarioContext) => ScenarioRun
}

const acct = (k: Key, balance: bigint): AccountRequest => ({ address: k.text, balance })
/** Keys of one kind, by name. */
const keys = <N extends readonly string[]>(make: (name: string) => Key, ...names: N): { readonly [I in keyof N]: Key } => names.map(make) as unknown as { readonly [I in keyof N]: Key }

function start(name: string, ctx: ScenarioContext, accounts: readonly AccountRequest[], extra: { verifregRoot?: bigint } = {}): ScenarioSession {
  const av = actorsVersionFor(ctx.nv)
  if (av === undefined) throw new ScenarioError(`nv${ctx.nv}: no actors version`)
  // A version whose row is written but not yet supported runs as a preview (genesis.preview).
  const sb = Sandbox.createSync({ nv: ctx.nv, bundles: ctx.bundles, accounts, ...extra, ...(isSupported(ctx.nv) ? {} : { preview: true }) })
  return new ScenarioSession(name, sb, av)
}


const id = (n: bigint): Address => idAddress(n)
const ok = (source: string): Expectation => ({ exit: ExitCode.OK, source })

/** A miner's code needs the owner, a BLS worker, a peer ID and multiaddrs. */
const MULTIADDR_1 = ip4TcpMultiaddr([127, 0, 0, 1], 24001)
const MULTIADDR_2 = ip4TcpMultiaddr([10, 1, 2, 3], 24002)

/**
 * CreateMiner through the power actor; returns the miner's ID address. From actors v17 it sends
 * 100 FIL, more than the FIP-0077 deposit (about 32 FIL on these genesis states); before, nothing.
 */
function createMiner(r: ScenarioSession, owner: Key, worker: Key, label = 'CreateMiner'): Address {
  const proof = A.windowPoStProof32GiB(r.av).accepted
  const deposit = A.createMinerNeedsDeposit(r.av)
  const receipt = r.step(
    `${label} (secp256k1 owner, BLS worker, window PoSt type ${proof}${deposit ? ', 100 FIL for the FIP-0077 deposit' : ''})`,
    {
      from: owner.text,
      to: id(STORAGE_POWER_ACTOR_ID),
      method: A.POWER.CreateMiner,
      params: A.createMinerParams(owner.address, worker.address, proof, peerId('miner'), [MULTIADDR_1]),
      value: deposit ? 100n * FIL : 0n,
    },
    ok(r.src('actors/power/src/lib.rs', 'create_miner → init Exec → actors/miner/src/lib.rs constructor')),
  )
  return A.decodeCreateMinerReturn(receipt.returnData).id
}

/**
 * Scenario 1: a storage miner, created through the power actor, then the miner methods that need
 * no proof, and a market deposit for it.
 *
 * @rule scenarios.miner
 */
function minerScenario(ctx: ScenarioContext): ScenarioRun {
  const [owner, control, stranger] = keys(secpKey, 'miner owner', 'miner control', 'stranger')
  const [worker, newWorker] = keys(blsKey, 'miner worker', 'miner new worker')
  const r = start('miner', ctx, [acct(owner, 1000n * FIL), acct(worker, 100n * FIL), acct(newWorker, FIL), acct(control, 100n * FIL), acct(stranger, 10n * FIL)])
  const proofs = A.windowPoStProof32GiB(r.av)
  r.step(
    `CreateMiner with window PoSt type ${proofs.refused}, which actors v${r.av} do not accept for new miners`,
    { from: owner.text, to: id(STORAGE_POWER_ACTOR_ID), method: A.POWER.CreateMiner, params: A.createMinerParams(owner.address, worker.address, proofs.refused, peerId('miner'), [MULTIADDR_1]) },
    {
      exit: ExitCode.USR_ILLEGAL_ARGUMENT,
      source: r.src(
        'actors/miner/src/lib.rs',
        'constructor → check_valid_post_proof_type: illegal_argument "proof type not allowed for new miner actors" (runtime/src/runtime/policy.rs valid_post_proof_type), passed up unchanged by init Exec and power create_miner',
      ),
    },
  )
  if (A.createMinerNeedsDeposit(r.av)) {
    r.step(
      'CreateMiner without the creation deposit (FIP-0077)',
      { from: owner.text, to: id(STORAGE_POWER_ACTOR_ID), method: A.POWER.CreateMiner, params: A.createMinerParams(owner.address, worker.address, proofs.accepted, peerId('miner'), [MULTIADDR_1]) },
      {
        exit: ExitCode.USR_INSUFFICIENT_FUNDS,
        source: r.src('actors/miner/src/lib.rs', 'constructor: balance < calculate_create_miner_deposit → insufficient_funds "not enough balance to lock for create miner deposit"'),
      },
    )
  }
  const miner = createMiner(r, owner, worker)
  r.step(
    'ChangePeerID by the owner',
    { from: owner.text, to: miner, method: A.MINER.ChangePeerID, params: A.changePeerIdParams(peerId('miner, second')) },
    ok(r.src('actors/miner/src/lib.rs', 'change_peer_id (caller: a control address, the worker or the owner)')),
  )
  r.step(
    'ChangeMultiaddrs by the worker',
    { from: worker.text, to: miner, method: A.MINER.ChangeMultiaddrs, params: A.changeMultiaddrsParams([MULTIADDR_1, MULTIADDR_2]) },
    ok(r.src('actors/miner/src/lib.rs', 'change_multiaddresses (caller: a control address, the worker or the owner)')),
  )
  r.step(
    'ChangeWorkerAddress by the owner: a new BLS worker (pending) and one control address',
    { from: owner.text, to: miner, method: A.MINER.ChangeWorkerAddress, params: A.changeWorkerAddressParams(newWorker.address, [control.address]) },
    ok(r.src('actors/miner/src/lib.rs', 'change_worker_address (caller: the owner; the new worker must be a BLS account)')),
  )
  const ctl = r.step(
    'ControlAddresses, asked by anyone',
    { from: stranger.text, to: miner, method: A.MINER.ControlAddresses },
    ok(r.src('actors/miner/src/lib.rs', 'control_addresses (validate_immediate_caller_accept_any)')),
  )
  const got = A.decodeControlAddresses(ctl.returnData)
  const ownerId = r.sb.idOf(owner.text)
  const workerId = r.sb.idOf(worker.text)
  const controlId = r.sb.idOf(control.text)
  r.check(
    'ControlAddresses names the owner, the (old) worker and the new control address',
    got.owner.protocol === 0 && got.owner.id === ownerId && got.worker.protocol === 0 && got.worker.id === workerId && got.control.length === 1 && got.control[0]?.protocol === 0 && got.control[0].id === controlId,
  )
  r.step(
    'ChangePeerID by an account that does not control the miner',
    { from: stranger.text, to: miner, method: A.MINER.ChangePeerID, params: A.changePeerIdParams(peerId('intruder')) },
    {
      exit: ExitCode.USR_FORBIDDEN,
      source: r.src('actors/miner/src/lib.rs', 'change_peer_id: validate_immediate_caller_is(control addresses, worker, owner) → forbidden (runtime/src/runtime/fvm.rs)'),
    },
  )
  const escrowBefore = r.sb.balance(id(STORAGE_MARKET_ACTOR_ID))
  r.step(
    'market AddBalance for the miner, paid by its control address',
    { from: control.text, to: id(STORAGE_MARKET_ACTOR_ID), method: A.MARKET.AddBalance, params: A.addBalanceParams(miner), value: 5n * FIL },
    ok(r.src('actors/market/src/lib.rs', 'add_balance (any signable caller; escrow_address asks the miner for its control addresses)')),
  )
  r.check('the market holds the deposit', r.sb.balance(id(STORAGE_MARKET_ACTOR_ID)) === escrowBefore + 5n * FIL)
  return r.done('A storage miner created through the power actor (CreateMiner, with a refused and an accepted window PoSt type), ChangePeerID, ChangeMultiaddrs, ChangeWorkerAddress with a control address, ControlAddresses, a forbidden ChangePeerID, and a market deposit for the miner.')
}

/** init Exec of the bundle's `actor` code with 10 FIL (anyone may exec a multisig or a payment channel); returns the new actor's addresses. */
function initExec(r: ScenarioSession, what: string, from: Key, actor: string, ctorParams: Uint8Array, ctor: string): { id: Address; robust: Address } {
  const code = r.sb.genesis.bundle.manifest.byName(actor)?.code
  if (code === undefined) throw new ScenarioError(`the bundle has no ${actor} actor`)
  const exec = r.step(
    `init Exec: ${what}, funded with 10 FIL`,
    { from: from.text, to: id(INIT_ACTOR_ID), method: A.INIT.Exec, params: A.execParams(code, ctorParams), value: 10n * FIL },
    ok(r.src('actors/init/src/lib.rs', `exec (anyone may exec a ${actor}) → actors/${ctor}`)),
  )
  return A.decodeExecReturn(exec.returnData)
}

/**
 * Scenario 2: a 2-of-2 multisig created through init Exec; a proposal, a refused approval by a
 * non-signer, the approval that executes the transfer.
 *
 * @rule scenarios.multisig
 */
function multisigScenario(ctx: ScenarioContext): ScenarioRun {
  const alice = secpKey('multisig alice')
  const bob = secpKey('multisig bob')
  const carol = secpKey('multisig carol')
  const r = start('multisig', ctx, [acct(alice, 100n * FIL), acct(bob, 10n * FIL), acct(carol, 10n * FIL)])
  const msig = initExec(r, 'a 2-of-2 multisig of alice and bob', alice, 'multisig', A.multisigConstructorParams([alice.address, bob.address], 2n), 'multisig/src/lib.rs constructor').id
  r.check('the multisig holds 10 FIL', r.sb.balance(msig) === 10n * FIL)
  const carolId = r.sb.idOf(carol.text)
  if (carolId === undefined) throw new ScenarioError('carol has no ID')
  const to = id(carolId)
  const propose = r.step(
    'Propose by alice: send 1 FIL to carol',
    { from: alice.text, to: msig, method: A.MULTISIG.Propose, params: A.proposeParams(to, FIL, 0n, new Uint8Array(0)) },
    ok(r.src('actors/multisig/src/lib.rs', 'propose (a signer; the proposer approves at once, 1 of 2)')),
  )
  const proposed = A.decodeProposeReturn(propose.returnData)
  r.check('the proposal is transaction 0, not yet applied', proposed.txnId === 0n && !proposed.applied)
  const aliceId = r.sb.idOf(alice.text) as bigint
  const hash = A.proposalHash(id(aliceId), to, FIL, 0n, new Uint8Array(0))
  r.step(
    'Approve by carol, who is not a signer',
    { from: carol.text, to: msig, method: A.MULTISIG.Approve, params: A.txnIdParams(0n, hash) },
    { exit: ExitCode.USR_FORBIDDEN, source: r.src('actors/multisig/src/lib.rs', 'approve: "{} is not a signer" → forbidden') },
  )
  const carolBefore = r.sb.balance(carol.text)
  const approve = r.step(
    'Approve by bob: the second approval executes the transfer',
    { from: bob.text, to: msig, method: A.MULTISIG.Approve, params: A.txnIdParams(0n, hash) },
    ok(r.src('actors/multisig/src/lib.rs', 'approve → approve_transaction → execute_transaction_if_approved (threshold 2 reached)')),
  )
  const approved = A.decodeApproveReturn(approve.returnData)
  r.check('the approval applied the transfer with exit 0', approved.applied && approved.code === 0n)
  r.check('carol received 1 FIL', r.sb.balance(carol.text) === carolBefore + FIL)
  r.check('the multisig holds 9 FIL', r.sb.balance(msig) === 9n * FIL)
  return r.done('A 2-of-2 multisig created through init Exec, a proposal to send 1 FIL, a refused approval by a non-signer, and the approval that executes it.')
}

/**
 * Scenario 3: a payment channel created through init Exec; a voucher with a bad signature, one
 * signed by the payer, Settle, a Collect before the settle height, and, in a second vector at the
 * settle height, the Collect that pays out.
 *
 * @rule scenarios.paych
 */
function paychScenario(ctx: ScenarioContext): ScenarioRun {
  const payer = secpKey('paych payer')
  const payee = secpKey('paych payee')
  const mallory = secpKey('paych mallory')
  const r = start('paych', ctx, [acct(payer, 100n * FIL), acct(payee, 10n * FIL)])
  r.firstPart('1-update-settle')
  const channel = initExec(r, 'a payment channel from payer to payee', payer, 'paymentchannel', A.paychConstructorParams(payer.address, payee.address), 'paych/src/lib.rs constructor (from and to resolve to accounts)')
  const voucher: A.Voucher = { channel: channel.robust, timeLockMin: 0n, timeLockMax: 0n, lane: 0n, nonce: 1n, amount: 3n * FIL, minSettleHeight: 0n }
  const signing = A.voucherSigningBytes(voucher)
  const authenticate =
    r.av === 9
      ? 'update_channel_state: rt.verify_signature fails → downcast_default(USR_ILLEGAL_ARGUMENT, "voucher signature invalid")'
      : 'update_channel_state: AuthenticateMessage on the payer (actors/account/src/lib.rs authenticate_message: verify_signature fails → USR_ILLEGAL_ARGUMENT), passed up by extract_send_result'
  r.step(
    'UpdateChannelState by the payee with a voucher for 3 FIL signed by another key',
    { from: payee.text, to: channel.id, method: A.PAYCH.UpdateChannelState, params: A.updateChannelStateParams(voucher, signatureBytes(mallory, sign(mallory, signing))) },
    { exit: ExitCode.USR_ILLEGAL_ARGUMENT, source: r.src('actors/paych/src/lib.rs', authenticate) },
  )
  r.step(
    'UpdateChannelState by the payee with the voucher signed by the payer',
    { from: payee.text, to: channel.id, method: A.PAYCH.UpdateChannelState, params: A.updateChannelStateParams(voucher, signatureBytes(payer, sign(payer, signing))) },
    ok(r.src('actors/paych/src/lib.rs', 'update_channel_state (the signer is the other party; lane 0 redeemed up to 3 FIL)')),
  )
  r.step('Settle by the payee', { from: payee.text, to: channel.id, method: A.PAYCH.Settle }, ok(r.src('actors/paych/src/lib.rs', `settle: settling_at = epoch + SETTLE_DELAY (${SETTLE_DELAY})`)))
  r.step(
    'Collect before the settle height',
    { from: payee.text, to: channel.id, method: A.PAYCH.Collect },
    { exit: ExitCode.USR_FORBIDDEN, source: r.src('actors/paych/src/lib.rs', 'collect: "payment channel not settling or settled" → forbidden') },
  )
  r.export('A payment channel created through init Exec: a voucher with a bad signature (refused), a voucher signed by the payer with secp256k1 (accepted), Settle, and a Collect before the settle height (refused).')
  const payeeBefore = r.sb.balance(payee.text)
  const payerBefore = r.sb.balance(payer.text)
  r.nextPart('2-collect', r.sb.context.epoch + SETTLE_DELAY)
  r.step(
    'Collect at the settle height',
    { from: payee.text, to: channel.id, method: A.PAYCH.Collect },
    ok(r.src('actors/paych/src/lib.rs', 'collect: pays to_send to `to`, the rest to `from`, deletes the channel')),
  )
  r.check('the channel is deleted', r.sb.actor(channel.id) === undefined)
  const gained = r.sb.balance(payee.text) - payeeBefore
  // The payee paid for its message: at most gas limit × fee cap.
  r.check('the payee received 3 FIL (less what its message cost)', gained <= 3n * FIL && gained >= 3n * FIL - 10_000_000_000n * r.sb.context.baseFee, `gained ${gained}`)
  r.check('the payer got the other 7 FIL back', r.sb.balance(payer.text) === payerBefore + 7n * FIL)
  return r.done(`The payment channel of scenario-nv${ctx.nv}-paych-1-update-settle, collected at its settle height.`)
}

/**
 * Scenario 4: a storage deal. A miner, escrow for the client and the provider, a deal whose
 * client signature is wrong (refused), a deal signed by the client (published); then DataCap for
 * the client and a verified deal.
 *
 * @rule scenarios.market
 */
function marketScenario(ctx: ScenarioContext): ScenarioRun {
  const [root, verifier, owner, client, mallory] = keys(secpKey, 'verifreg root key', 'verifier', 'provider owner', 'deal client', 'deal mallory')
  const worker = blsKey('provider worker')
  const r = start('market', ctx, [acct(root, 10n * FIL), acct(verifier, 10n * FIL), acct(owner, 1000n * FIL), acct(worker, 100n * FIL), acct(client, 100n * FIL)], { verifregRoot: ROOT_KEY_ID })
  r.check('the root key is f0100', r.sb.idOf(root.text) === ROOT_KEY_ID)
  const miner = createMiner(r, owner, worker)
  const market = id(STORAGE_MARKET_ACTOR_ID)
  r.step(
    'AddBalance for the client',
    { from: client.text, to: market, method: A.MARKET.AddBalance, params: A.addBalanceParams(client.address), value: 10n * FIL },
    ok(r.src('actors/market/src/lib.rs', 'add_balance')),
  )
  r.step(
    'AddBalance for the provider, by its owner',
    { from: owner.text, to: market, method: A.MARKET.AddBalance, params: A.addBalanceParams(miner), value: 10n * FIL },
    ok(r.src('actors/market/src/lib.rs', 'add_balance')),
  )
  const epoch = r.sb.context.epoch
  const duration = 180n * 2880n + 1000n // just over the 180-day minimum (deal_duration_bounds)
  const deal = (size: bigint, verified: boolean, label: string | Uint8Array): A.DealProposal => ({
    pieceCid: A.zeroPieceCid(size),
    pieceSize: size,
    verified,
    client: client.address,
    provider: miner,
    label,
    startEpoch: epoch + 2000n,
    endEpoch: epoch + 2000n + duration,
    pricePerEpoch: verified ? 0n : 1000n,
    providerCollateral: FIL / 1000n,
    clientCollateral: 0n,
  })
  const plain = deal(2048n, false, 'fvm-spec scenario deal')
  const plainBytes = A.dealProposalBytes(plain)
  r.step(
    'PublishStorageDeals by the worker, the client signature made by another key',
    { from: worker.text, to: market, method: A.MARKET.PublishStorageDeals, params: A.publishStorageDealsParams([{ proposal: plain, signature: signatureBytes(mallory, sign(mallory, plainBytes)) }]) },
    {
      exit: ExitCode.USR_ILLEGAL_ARGUMENT,
      source: r.src(
        'actors/market/src/lib.rs',
        'publish_storage_deals: validate_deal → deal_proposal_is_internally_valid (AuthenticateMessage on the client fails) drops the deal; no valid deal → illegal_argument "All deal proposals invalid"',
      ),
    },
  )
  const published = r.step(
    'PublishStorageDeals by the worker: a 2 KiB deal signed by the client (secp256k1 over the proposal CBOR, label a text string)',
    { from: worker.text, to: market, method: A.MARKET.PublishStorageDeals, params: A.publishStorageDealsParams([{ proposal: plain, signature: signatureBytes(client, sign(client, plainBytes)) }]) },
    ok(r.src('actors/market/src/lib.rs', 'publish_storage_deals (caller: the provider\'s worker or a control address)')),
  )
  r.check('the deal got ID 0', A.decodePublishStorageDealsReturn(published.returnData).join() === '0')
  // The verified variant: DataCap for the client, then a verified deal paid for with it.
  const registry = id(VERIFIED_REGISTRY_ACTOR_ID)
  r.step('AddVerifier by the root key', { from: root.text, to: registry, method: A.VERIFREG.AddVerifier, params: A.verifierParams(verifier.address, 8n * MiB) }, ok(r.src('actors/verifreg/src/lib.rs', 'add_verifier (caller: the root key)')))
  r.step('AddVerifiedClient by the verifier: 2 MiB of DataCap for the client', { from: verifier.text, to: registry, method: A.VERIFREG.AddVerifiedClient, params: A.verifierParams(client.address, 2n * MiB) }, ok(r.src('actors/verifreg/src/lib.rs', 'add_verified_client → datacap Mint (operators: the market)')))
  const verified = deal(MiB, true, new TextEncoder().encode('fvm-spec verified deal'))
  const verifiedBytes = A.dealProposalBytes(verified)
  const pv = r.step(
    'PublishStorageDeals by the worker: a verified 1 MiB deal (label a byte string)',
    { from: worker.text, to: market, method: A.MARKET.PublishStorageDeals, params: A.publishStorageDealsParams([{ proposal: verified, signature: signatureBytes(client, sign(client, verifiedBytes)) }]) },
    ok(r.src('actors/market/src/lib.rs', 'publish_storage_deals: a verified deal transfers the client\'s DataCap to the verified registry (datacap TransferFrom) with an allocation request')),
  )
  r.check('the verified deal got ID 1', A.decodePublishStorageDealsReturn(pv.returnData).join() === '1')
  return r.done('Storage deals: a miner, escrow for client and provider, a deal with a bad client signature (refused), a deal signed by the client (published), DataCap for the client, and a verified deal (published).')
}

/**
 * Scenario 5: a verifier added by the root key (and refused from anyone else), DataCap granted
 * to a client, and the client's DataCap balance read from the datacap actor.
 *
 * @rule scenarios.verifreg
 */
function verifregScenario(ctx: ScenarioContext): ScenarioRun {
  const root = secpKey('verifreg root key')
  const verifier = secpKey('verifier')
  const client = secpKey('datacap client')
  const stranger = secpKey('stranger')
  const r = start('verifreg', ctx, [acct(root, 10n * FIL), acct(verifier, 10n * FIL), acct(client, 10n * FIL), acct(stranger, 10n * FIL)], { verifregRoot: ROOT_KEY_ID })
  r.check('the root key is f0100', r.sb.idOf(root.text) === ROOT_KEY_ID)
  const registry = id(VERIFIED_REGISTRY_ACTOR_ID)
  r.step(
    'AddVerifier by an account that is not the root key',
    { from: stranger.text, to: registry, method: A.VERIFREG.AddVerifier, params: A.verifierParams(verifier.address, 16n * MiB) },
    { exit: ExitCode.USR_FORBIDDEN, source: r.src('actors/verifreg/src/lib.rs', 'add_verifier: validate_immediate_caller_is(root_key) → forbidden') },
  )
  r.step('AddVerifier by the root key: 16 MiB', { from: root.text, to: registry, method: A.VERIFREG.AddVerifier, params: A.verifierParams(verifier.address, 16n * MiB) }, ok(r.src('actors/verifreg/src/lib.rs', 'add_verifier')))
  r.step(
    'AddVerifiedClient by the verifier: 4 MiB',
    { from: verifier.text, to: registry, method: A.VERIFREG.AddVerifiedClient, params: A.verifierParams(client.address, 4n * MiB) },
    ok(r.src('actors/verifreg/src/lib.rs', 'add_verified_client → actors/datacap/src/lib.rs mint')),
  )
  const balanceMethod = A.datacapBalanceMethod(r.av)
  const bal = r.step(
    `datacap ${r.av === 9 ? 'BalanceOf (13)' : `Balance (${balanceMethod})`} of the client, asked by anyone`,
    { from: stranger.text, to: id(DATACAP_TOKEN_ACTOR_ID), method: balanceMethod, params: A.datacapBalanceParams(client.address) },
    ok(r.src('actors/datacap/src/lib.rs', r.av === 9 ? 'balance_of (accept any caller)' : 'balance (exported, accept any caller)')),
  )
  r.check('the client holds 4 MiB of DataCap (4·2^20·10^18 token units)', A.decodeTokenAmount(bal.returnData) === 4n * MiB * A.DATACAP_PER_BYTE, `got ${A.decodeTokenAmount(bal.returnData)}`)
  return r.done('The verified registry: AddVerifier from a non-root account (refused) and from the root key, AddVerifiedClient (DataCap minted), and the client\'s DataCap balance from the datacap actor.')
}

/** The 20-byte Ethereum address of a secp256k1 key: keccak256 of the 64-byte public key, last 20 bytes. */
function ethAddressOfKey(k: Key): Uint8Array {
  return keccak_256(k.publicKey.subarray(1)).subarray(12)
}
const hex0x = (b: Uint8Array): string => `0x${Buffer.from(b).toString('hex')}`

/**
 * Scenario 6: an EthAccount deploys a contract through the EAM (CreateExternal), stores a word
 * (an event), reads it back, forwards value to a new Ethereum address, and makes a call that
 * reverts.
 *
 * @rule scenarios.evm
 */
function evmScenario(ctx: ScenarioContext): ScenarioRun {
  const alice = secpKey('evm alice')
  const bob = secpKey('evm bob')
  const aliceEth = hex0x(ethAddressOfKey(alice))
  const bobEth = ethAddressOfKey(bob)
  const r = start('evm', ctx, [{ address: aliceEth, balance: 100n * FIL, kind: 'ethaccount' }])
  const deployed = r.step(
    'EAM CreateExternal from the EthAccount',
    { from: aliceEth, to: id(EAM_ACTOR_ID), method: EAM_METHOD.CreateExternal, params: createExternalParams(SCENARIO_INITCODE) },
    ok(r.src('actors/eam/src/lib.rs', 'create_external (caller: an EthAccount) → actors/evm/src/lib.rs constructor')),
  )
  const contract = hex0x(decodeEamReturn(deployed.returnData).eth)
  const invoke = (label: string, calldata: Uint8Array, expect: Expectation, value = 0n): SandboxReceipt =>
    r.step(label, { from: aliceEth, to: contract, method: EVM_METHOD.InvokeContract, params: invokeContractParams(calldata), value }, expect)
  const stored = invoke('InvokeContract: store 42 (SSTORE, LOG1)', storeCall(42n), ok(r.src('actors/evm/src/lib.rs', 'invoke_contract → interpreter SSTORE, LOG1 (one actor event)')))
  r.check('one event with the topic and the value', stored.events.length === 1 && stored.events[0]?.entries.length === 2 && stored.events[0].entries[0]?.key === 't1' && BigInt(hex0x(stored.events[0].entries[0].value)) === STORED_TOPIC)
  r.check('slot 0 holds 42', r.sb.evmStorage(contract, 0n) === 42n)
  const loaded = invoke('InvokeContract: load (SLOAD, RETURN)', loadCall(), ok(r.src('actors/evm/src/lib.rs', 'invoke_contract → SLOAD, RETURN')))
  r.check('the call returns 42', BigInt(hex0x(decodeCborBytes(loaded.returnData) ?? new Uint8Array(0))) === 42n)
  invoke(
    'InvokeContract with 1 FIL: CALL a new Ethereum address with the value',
    payCall(bobEth),
    ok(r.src('actors/evm/src/interpreter/instructions/call.rs', 'CALL with value to an address with no actor: the FVM creates a placeholder for its f410 address')),
    FIL,
  )
  r.check('bob\'s new placeholder holds 1 FIL', r.sb.balance(delegatedAddress(10n, bobEth)) === FIL)
  invoke('InvokeContract with an unknown selector (REVERT)', Uint8Array.of(0xff), {
    exit: EVM_CONTRACT_REVERTED,
    source: r.src('actors/evm/src/lib.rs', 'invoke_contract: a REVERT outcome → EVM_CONTRACT_REVERTED (33)'),
  })
  r.check('the revert kept slot 0', r.sb.evmStorage(contract, 0n) === 42n)
  return r.done('An EthAccount deploys a hand-assembled contract through EAM CreateExternal, stores a word (an event), reads it back, forwards 1 FIL to a new Ethereum address (a placeholder is created), and makes a call that reverts.')
}

/** Every scenario, in the order they are generated. @rule scenarios.vectors */
export const SCENARIOS: readonly Scenario[] = [
  { name: 'miner', summary: 'CreateMiner, miner info methods, market deposit', minActorsVersion: 9, run: minerScenario },
  { name: 'multisig', summary: 'init Exec multisig, propose, approve', minActorsVersion: 9, run: multisigScenario },
  { name: 'paych', summary: 'init Exec payment channel, signed voucher, settle, collect', minActorsVersion: 9, run: paychScenario },
  { name: 'market', summary: 'escrow, PublishStorageDeals (signed), verified deal', minActorsVersion: 9, run: marketScenario },
  { name: 'verifreg', summary: 'AddVerifier, AddVerifiedClient, datacap Balance', minActorsVersion: 9, run: verifregScenario },
  { name: 'evm', summary: 'EAM CreateExternal, SSTORE/LOG/SLOAD, value CALL, REVERT', minActorsVersion: 10, run: evmScenario },
]

/** The scenarios that apply at `nv`. */
export function scenariosFor(nv: number): Scenario[] {
  const av = actorsVersionFor(nv) ?? 0
  return SCENARIOS.filter((s) => av >= s.minActorsVersion)
}

/**
 * The network versions scenarios are generated for: every version with a row, supported or not
 * yet (a version not yet supported runs as a preview, and `fvm-spec run` skips its vectors until
 * it is supported; nv21–28 did so while FVM v4 was being built).
 *
 * @rule scenarios.vectors
 */
export const SCENARIO_NETWORK_VERSIONS: readonly number[] = [...ALL_NETWORK_RULES.keys()].sort((a, b) => a - b)
