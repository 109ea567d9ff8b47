/**
 * nv21–nv28 (ref-fvm v4.8.2) end to end with the real built-in actors v12–v18: at every version, a
 * state built from scratch (vectors/builder/state-builder.ts) holding that version's bundle, and
 * messages that run real actor code — a value send, the account actor's `PubkeyAddress`, a send
 * that auto-creates an account (its constructor runs), a send that creates a placeholder and
 * calls it, a multisig created through the init actor's `Exec`, and two proposals that it
 * executes at once (a value send, and a call whose return value comes back through the multisig).
 *
 * There are no nv21+ test vectors. The exit codes and return values are the actors' own (checked
 * against their source); the gas figures below were computed by fvm-spec itself and are recorded
 * here as a regression anchor, not as ref-fvm's numbers. Where two versions run byte-identical
 * actor code under price lists that agree on every charge made, the gas must be equal, and is
 * asserted so: nv25 and nv26 (both actors v16, TEEP); the placeholder (byte-identical code in
 * v10–v18) at every version, and at nv18.
 *
 * Runs only when FVM_SPEC_BUNDLES names a folder holding v12- … v18-builtin-actors-mainnet.car
 * (and v10 for the nv18 comparison).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { asArray, asBytes, decodeCbor, encodeCbor, type Ipld } from '../ipld/cbor.js'
import { cidOf, Codec } from '../ipld/cid.js'
import { addressFromBytes, addressToBytes, blsAddress, delegatedAddress, idAddress, type Address } from '../types/address.js'
import { EAM_ACTOR_ID, INIT_ACTOR_ID } from '../types/chain.js'
import type { Message } from '../types/message.js'
import { encodeBigInt } from '../types/token.js'
import type { NetworkVersion } from '../types/network-version.js'
import { getCbor } from '../ipld/blockstore.js'
import type { ActorCode } from '../../vectors/builder/state-builder.js'
import { requireNetworkRules } from './network-rules.js'
import { ALICE, BOB, bundleCode, FIL, fromAlice, receipts, runScenario, skipWithout, type Applied } from './real-bundles.fixture.js'

const V4: readonly NetworkVersion[] = [21, 22, 23, 24, 25, 26, 27, 28]
const skip = skipWithout(['v10', ...new Set(V4.map((nv) => `v${requireNetworkRules(nv).builtinActors}`))])

const CAROL = blsAddress(new Uint8Array(48).fill(3))
/** An Ethereum-style address in the EAM's namespace that no actor holds yet: a send creates a placeholder. */
const PLACEHOLDER = delegatedAddress(EAM_ACTOR_ID, new Uint8Array(20).fill(0xee))
/** The first ID the init actor assigns after the two accounts of the state (f0100, f0101). */
const CAROL_ID = 102n
const PLACEHOLDER_ID = 103n
const MULTISIG_ID = 104n

const message = (sequence: bigint, to: Address, method: bigint, value: bigint, params: Uint8Array = new Uint8Array(0)): Message =>
  fromAlice(sequence, to, method, value, params, 200_000_000n)

/**
 * The scenario at `nv` with `code` (its bundle): the init actor's `Exec` (method 2) takes
 * `ExecParams {code_cid, constructor_params}` and the multisig constructor
 * `{signers, num_approvals_threshold, unlock_duration, start_epoch}`; `Propose` (method 2) takes
 * `{to, value, method, params}` and returns `{txn_id, applied, code, ret}` (builtin-actors
 * v12.0.0 … v18.0.0 `actors/init/src/types.rs`, `actors/multisig/src/types.rs`). One signer
 * (Alice) and a threshold of 1: a proposal executes at once.
 */
function scenario(code: ActorCode): Message[] {
  const multisig = cidOf(Codec.IPLD_RAW, code.get('multisig') as Uint8Array)
  const ctor = encodeCbor([[addressToBytes(ALICE)], 1n, 0n, 0n])
  return [
    message(0n, BOB, 0n, 5n * FIL),
    message(1n, BOB, 2n, 0n),
    message(2n, CAROL, 0n, 1n * FIL),
    message(3n, PLACEHOLDER, 2n, 1n),
    message(4n, idAddress(INIT_ACTOR_ID), 2n, 10n * FIL, encodeCbor([multisig, ctor])),
    message(5n, idAddress(MULTISIG_ID), 2n, 0n, encodeCbor([addressToBytes(BOB), encodeBigInt(3n * FIL), 0n, new Uint8Array(0)])),
    message(6n, idAddress(MULTISIG_ID), 2n, 0n, encodeCbor([addressToBytes(BOB), new Uint8Array(0), 2n, new Uint8Array(0)])),
  ]
}

/** Applies `messages` in order from Alice (f0100) to a state with Bob (f0101) and the bundle's code, at `nv` (traced). */
function run(nv: NetworkVersion, code: ActorCode, messages: readonly Message[]): Applied[] {
  return runScenario(nv, code, messages, { tracing: true, context: { epoch: 4_000_000n, timestamp: 120_000_000n, baseFee: 100n, circulatingSupply: 0n, chainId: 314n } })
}

/**
 * gas_used of each message, as fvm-spec computes it (not ref-fvm's figures: there are no nv21+
 * vectors). Equal rows: nv25 and nv26 (the same bundle). nv23 and nv24 (v14, v15) also agree:
 * their actors differ in code CID, not in what these messages execute; nv21 and nv22 differ only
 * in the last message.
 */
const GAS: Readonly<Record<number, readonly bigint[]>> = {
  21: [1_209_363n, 1_686_174n, 5_840_483n, 4_858_354n, 8_060_796n, 9_161_856n, 9_567_803n],
  22: [1_209_363n, 1_686_174n, 5_840_483n, 4_858_354n, 8_060_796n, 9_161_856n, 9_567_795n],
  23: [1_209_363n, 1_672_141n, 5_826_468n, 4_858_354n, 7_961_538n, 9_023_687n, 9_425_296n],
  24: [1_209_363n, 1_672_141n, 5_826_468n, 4_858_354n, 7_961_538n, 9_023_687n, 9_425_296n],
  25: [1_209_363n, 1_674_671n, 5_830_389n, 4_858_354n, 7_975_629n, 9_029_770n, 9_431_782n],
  26: [1_209_363n, 1_674_671n, 5_830_389n, 4_858_354n, 7_975_629n, 9_029_770n, 9_431_782n],
  27: [1_209_363n, 1_674_459n, 5_829_917n, 4_858_354n, 7_990_177n, 9_032_194n, 9_436_722n],
  28: [1_209_363n, 1_674_465n, 5_828_915n, 4_858_354n, 7_980_181n, 9_028_873n, 9_433_371n],
}

const decode = (bytes: Uint8Array): Ipld => decodeCbor(bytes)

for (const nv of V4) {
  const tag = `v${requireNetworkRules(nv).builtinActors}`
  test(`nv${nv} with actors ${tag}: sends, account methods, auto-creation, placeholder, multisig through init, proposals`, { skip }, () => {
    const code = bundleCode(tag)
    const out = run(nv, code, scenario(code))
    for (const [i, a] of out.entries()) {
      assert.equal(a.receipt.exitCode, 0, `nv${nv} message ${i}: ${a.failureInfo ?? ''}`)
      assert.equal(a.receipt.eventsRoot, null, `nv${nv} message ${i}: no events`)
    }
    const final = (out[6] as Applied).tree
    // PubkeyAddress returns Bob's key address (`PubkeyAddressReturn` is serde-transparent).
    assert.deepEqual(asBytes(decode(out[1]!.receipt.returnData), 'PubkeyAddressReturn'), addressToBytes(BOB))
    // Carol's account was created and its constructor ran: its state is `{address}`.
    const carol = final.getActor(CAROL_ID)
    assert.equal(final.lookupId(CAROL), CAROL_ID)
    assert.equal(carol?.code.toString(), cidOf(Codec.IPLD_RAW, code.get('account') as Uint8Array).toString())
    assert.deepEqual(asArray(getCbor(final.store, carol!.head), 'account state', 1)[0], addressToBytes(CAROL))
    assert.equal(carol?.balance, 1n * FIL)
    // The placeholder: created by the send (no constructor), then called (method 2 returns nothing).
    const placeholder = final.getActor(PLACEHOLDER_ID)
    assert.equal(final.lookupId(PLACEHOLDER), PLACEHOLDER_ID)
    assert.equal(placeholder?.code.toString(), cidOf(Codec.IPLD_RAW, code.get('placeholder') as Uint8Array).toString())
    assert.deepEqual(placeholder?.delegatedAddress, PLACEHOLDER)
    // Exec returns {id_address, robust_address}: the multisig at f0104.
    const [idBytes] = asArray(decode(out[4]!.receipt.returnData), 'ExecReturn', 2)
    assert.deepEqual(addressFromBytes(asBytes(idBytes as Ipld, 'id_address')), idAddress(MULTISIG_ID))
    assert.equal(final.getActor(MULTISIG_ID)?.code.toString(), cidOf(Codec.IPLD_RAW, code.get('multisig') as Uint8Array).toString())
    // Proposal 0 (3 FIL to Bob) and proposal 1 (Bob's PubkeyAddress) both applied with exit 0.
    assert.deepEqual(decode(out[5]!.receipt.returnData), [0n, true, 0n, new Uint8Array(0)])
    const [txn, applied, exit, ret] = asArray(decode(out[6]!.receipt.returnData), 'ProposeReturn', 4)
    assert.deepEqual([txn, applied, exit], [1n, true, 0n])
    assert.deepEqual(asBytes(decode(asBytes(ret as Ipld, 'ret')), 'PubkeyAddressReturn'), addressToBytes(BOB))
    assert.equal(final.getActor(MULTISIG_ID)?.balance, 7n * FIL)
    assert.equal(final.getActor(101n)?.balance, 8n * FIL)
    // The return value of Bob's PubkeyAddress, at depth 2, is charged OnReturnValue at v4 (no links: 0 gas).
    assert.ok(out[6]!.trace.some((e) => e.kind === 'gas' && e.name === 'OnReturnValue'))
    // gas_used, as fvm-spec computes it.
    assert.deepEqual(out.map((a) => a.receipt.gasUsed), GAS[nv], `nv${nv}: gas`)
  })
}

test('nv25 and nv26 (both actors v16, TEEP) give the same receipts', { skip }, () => {
  const v16 = bundleCode('v16')
  assert.deepEqual(receipts(run(26, v16, scenario(v16))), receipts(run(25, v16, scenario(v16))))
})

test('the placeholder (byte-identical in v10–v18) costs the same at nv21–28 as at nv18', { skip }, () => {
  const send = [message(0n, PLACEHOLDER, 2n, 1n)]
  const [at18] = receipts(run(18, bundleCode('v10'), send))
  assert.equal(at18?.exitCode, 0)
  for (const nv of V4) {
    assert.deepEqual(receipts(run(nv, bundleCode(`v${requireNetworkRules(nv).builtinActors}`), send))[0], at18, `nv${nv}`)
  }
})

test('nv18 charges no OnReturnValue below depth 1; nv21 does (the same multisig proposal of a PubkeyAddress call)', { skip }, () => {
  for (const [nv, tag, expected] of [[18, 'v10', false], [21, 'v12', true]] as const) {
    const code = bundleCode(tag)
    const out = run(nv, code, scenario(code))
    assert.equal(out[6]!.receipt.exitCode, 0)
    assert.equal(out[6]!.trace.some((e) => e.kind === 'gas' && e.name === 'OnReturnValue'), expected, `nv${nv}`)
  }
})
