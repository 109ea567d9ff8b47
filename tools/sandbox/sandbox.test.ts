/**
 * The sandbox on the real bundles: at every supported network version the basics (fund, apply,
 * snapshot/revert, export a vector that `fvm-spec run` passes); at nv18 the FEVM: placeholders
 * and their promotion, EthAccount senders, EAM CreateExternal/Create/Create2, InvokeContract,
 * GetBytecode, GetStorageAt, LOG0–LOG4 events and REVERT (at every supported version with the EAM). Addresses of created contracts are
 * checked against Ethereum's CREATE/CREATE2 rules, computed here independently. Skipped without
 * FVM_SPEC_BUNDLES.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { asCid, decodeCbor } from '../../interpreter/ipld/cbor.js'
import { isBuiltin } from '../../interpreter/machine/manifest.js'
import { addressToBytes, addressToString, blsAddress, idAddress, secp256k1AddressFromPayload } from '../../interpreter/types/address.js'
import { EAM_ACTOR_ID } from '../../interpreter/types/chain.js'
import { ExitCode } from '../../interpreter/types/exit-code.js'
import { SUPPORTED_NETWORK_VERSIONS } from '../../interpreter/types/network-version.js'
import { networkRulesFor } from '../../interpreter/machine/network-rules.js'
import { createInvoker } from '../../interpreter/invocation/container.js'
import { Engine } from '../../interpreter/invocation/engine.js'
import { runVectorText } from '../../vectors/run-vector.js'
import { actorsVersionFor, bundleFileName } from '../genesis/versions.js'
import { loadBundleFor } from '../genesis/bundle.js'
import { parseAddressInput } from '../genesis/addresses.js'
import { ANSWER_INITCODE, ANSWER_RUNTIME, calldata, KITCHEN_SINK_INITCODE, KITCHEN_SINK_RUNTIME } from './contracts.fixture.js'
import { twoSlotKamt } from './kamt.fixture.js'
import { createParams, EAM_METHOD, EVM_METHOD, getStorageAtParams, u256Word } from './evm.js'
import { Sandbox, SandboxError } from './sandbox.js'

const BUNDLES = process.env['FVM_SPEC_BUNDLES']

function bundleSkip(nv: number): string | false {
  if (BUNDLES === undefined || BUNDLES === '') return 'FVM_SPEC_BUNDLES is not set (point it at a folder with vN-builtin-actors-mainnet.car)'
  const file = join(BUNDLES, bundleFileName(actorsVersionFor(nv) ?? 0))
  return existsSync(file) ? false : `${file} does not exist`
}

const FIL = 10n ** 18n
const ALICE = addressToString(secp256k1AddressFromPayload(new Uint8Array(20).fill(1)))
const BOB = addressToString(secp256k1AddressFromPayload(new Uint8Array(20).fill(2)))
const EVE = '0x3333333333333333333333333333333333333333'
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const fromHex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/^0x/, ''), 'hex'))

/** RLP of [bytes20, nonce] (Ethereum CREATE). */
function rlpAddressNonce(addr: Uint8Array, nonce: bigint): Uint8Array {
  const n = nonce === 0n ? Uint8Array.of(0x80) : nonce < 0x80n ? Uint8Array.of(Number(nonce)) : (() => {
    const b = fromHex(nonce.toString(16).padStart(Math.ceil(nonce.toString(16).length / 2) * 2, '0'))
    return Uint8Array.of(0x80 + b.length, ...b)
  })()
  const payload = Uint8Array.of(0x80 + 20, ...addr, ...n)
  return Uint8Array.of(0xc0 + payload.length, ...payload)
}
const createAddress = (from: Uint8Array, nonce: bigint) => `0x${hex(keccak_256(rlpAddressNonce(from, nonce)).subarray(12))}`
const create2Address = (from: Uint8Array, salt: bigint, initcode: Uint8Array) =>
  `0x${hex(keccak_256(Uint8Array.of(0xff, ...from, ...u256Word(salt), ...keccak_256(initcode))).subarray(12))}`

/** Runs an exported vector through the conformance runner with this bundle. */
function runExported(text: string, nv: number) {
  const bundle = loadBundleFor(BUNDLES as string, nv)
  return runVectorText(text, `sandbox-nv${nv}.json`, { bundleBlocks: bundle.blocks, invoker: createInvoker({ engine: new Engine({ cache: false }) }) })
}

test('the sandbox refuses to start without bundles or at an unsupported network version', async () => {
  await assert.rejects(Sandbox.create({ nv: 18, bundles: '' }), (e: unknown) => e instanceof SandboxError && /no bundles/.test(e.message))
  await assert.rejects(Sandbox.create({ nv: 99, bundles: '/nonexistent' }), /network version 99/)
})

for (const nv of SUPPORTED_NETWORK_VERSIONS) {
  const skip = bundleSkip(nv)

  test(`nv${nv}: fund, apply with default nonces, snapshot and revert, export a vector that fvm-spec run passes`, { skip }, async () => {
    const sb = await Sandbox.create({ nv, bundles: BUNDLES as string })
    const alice = sb.fund(ALICE, 100n * FIL)
    assert.equal(alice.id, 100n)
    assert.equal(alice.kind, 'account')
    assert.equal(sb.balance(ALICE), 100n * FIL)
    const start = sb.stateRoot()

    const r1 = sb.apply({ from: ALICE, to: BOB, value: 3n * FIL })
    assert.equal(r1.exitCode, 0, r1.failureInfo ?? '')
    assert.equal(sb.balance(BOB), 3n * FIL)
    const snap = sb.snapshot()
    const afterOne = sb.stateRoot()
    const r2 = sb.apply({ from: ALICE, to: BOB, value: 1n, gasPremium: 7n, gasFeeCap: 1000n })
    assert.equal(r2.exitCode, 0)
    assert.equal(sb.actor(ALICE)?.sequence, 2n, 'the nonce defaults to the next one')
    // A message that fails on chain is a receipt: a wrong nonce.
    const stale = sb.apply({ from: ALICE, to: BOB, nonce: 0n })
    assert.equal(stale.exitCode, ExitCode.SYS_SENDER_STATE_INVALID)
    assert.equal(sb.appliedCount, 3)

    sb.revert(snap)
    assert.equal(sb.stateRoot().toString(), afterOne.toString())
    assert.equal(sb.appliedCount, 1)
    assert.equal(sb.actor(ALICE)?.sequence, 1n)

    // A vector of everything since the start (genesis + fund), runnable by the conformance runner.
    const text = sb.exportVector({ id: `sandbox-basic-nv${nv}` })
    const v = JSON.parse(text) as { preconditions: { state_tree: { root_cid: { '/': string } } } }
    assert.equal(v.preconditions.state_tree.root_cid['/'], start.toString())
    const result = runExported(text, nv)
    assert.equal(result.status, 'pass', result.reason ?? '')
    assert.equal(result.gas_used, r1.gasUsed.toString())
    // …and the runner does compare: a changed receipt fails.
    const tampered = runExported(text.replace(`"gas_used": ${r1.gasUsed}`, `"gas_used": ${r1.gasUsed + 1n}`), nv)
    assert.equal(tampered.status, 'fail')

    // A setup step between messages cannot be exported.
    sb.fund(BOB, 1n)
    assert.throws(() => sb.exportVector(), /fund\(.*\) came after 1 applied message/)
  })
}

test('preview (genesis.preview): a written row runs when asked; nv21–28 are supported, so it runs with or without preview; no row at all is refused', { skip: bundleSkip(21) }, async () => {
  const plain = await Sandbox.create({ nv: 21, bundles: BUNDLES as string, accounts: [{ address: ALICE, balance: 10n * FIL }] })
  const sb = await Sandbox.create({ nv: 21, bundles: BUNDLES as string, preview: true, accounts: [{ address: ALICE, balance: 10n * FIL }] })
  assert.equal(sb.genesis.actorsVersion, 12)
  assert.equal(sb.genesis.root.toString(), plain.genesis.root.toString(), 'the same genesis either way')
  assert.equal(sb.apply({ from: ALICE, to: BOB, value: FIL }).exitCode, 0)
  assert.equal(sb.balance(BOB), FIL)
  await assert.rejects(Sandbox.create({ nv: 29, bundles: BUNDLES as string, preview: true }), /network version 29/)
})

test('setEpoch and startVector: a session over two epochs is exported as two chained vectors that pass; verifregRoot names the root key', { skip: bundleSkip(18) }, async () => {
  const sb = await Sandbox.create({ nv: 18, bundles: BUNDLES as string, accounts: [{ address: ALICE, balance: 100n * FIL }], verifregRoot: 100n })
  // The verified registry's state is [root_key, verifiers, …]: its root key is the first account.
  const vr = decodeCbor(sb.tree.store.mustGet(sb.actor('f06')?.head ?? assert.fail('no verifreg'))) as unknown[]
  assert.deepEqual(vr[0], addressToBytes(idAddress(100n)))
  assert.equal(sb.idOf(ALICE), 100n)
  assert.throws(() => sb.setEpoch(0n), /cannot go back/)
  const r1 = sb.apply({ from: ALICE, to: BOB, value: FIL })
  assert.equal(r1.exitCode, 0)
  const first = sb.exportVector({ id: 'epoch-1' })
  sb.setEpoch(101n)
  assert.equal(sb.context.epoch, 101n)
  assert.equal(sb.context.timestamp, 101n * 30n)
  assert.throws(() => sb.exportVector(), /applied at epoch 1, and the chain moved to epoch 101/)
  sb.startVector()
  const r2 = sb.apply({ from: ALICE, to: BOB, value: FIL })
  assert.equal(r2.exitCode, 0)
  const second = sb.exportVector({ id: 'epoch-101' })
  const a = JSON.parse(first) as { preconditions: { variants: { epoch: number }[] }; postconditions: { state_tree: { root_cid: { '/': string } } } }
  const b = JSON.parse(second) as { preconditions: { variants: { epoch: number }[]; state_tree: { root_cid: { '/': string } } } }
  assert.equal(a.preconditions.variants[0]?.epoch, 1)
  assert.equal(b.preconditions.variants[0]?.epoch, 101)
  assert.equal(b.preconditions.state_tree.root_cid['/'], a.postconditions.state_tree.root_cid['/'], 'the second starts where the first ended')
  for (const text of [first, second]) {
    const r = runExported(text, 18)
    assert.equal(r.status, 'pass', r.reason ?? '')
  }
  // A snapshot keeps the epoch: reverting goes back to epoch 101.
  const snap = sb.snapshot()
  sb.setEpoch(200n)
  sb.revert(snap)
  assert.equal(sb.context.epoch, 101n)
})

/** The network versions with the EAM (and so the FEVM): nv18 and later. */
const FEVM_VERSIONS = SUPPORTED_NETWORK_VERSIONS.filter((nv) => networkRulesFor(nv)?.requiredActors.includes('eam') === true)

for (const nv of FEVM_VERSIONS) {
  const skipFevm = bundleSkip(nv)

  test(`nv${nv} FEVM: a placeholder from a value send, its promotion on its first message, EthAccount senders`, { skip: skipFevm }, async () => {
    const sb = await Sandbox.create({ nv, bundles: BUNDLES as string })
    sb.fund(ALICE, 100n * FIL)
    const m = sb.genesis.bundle.manifest
    const r = sb.apply({ from: ALICE, to: EVE, value: 10n * FIL })
    assert.equal(r.exitCode, 0, r.failureInfo ?? '')
    const placeholder = sb.actor(EVE)
    assert.ok(placeholder !== undefined && isBuiltin(m, placeholder.code, 'placeholder'), 'a value send to an unknown f410 address creates a placeholder')
    assert.equal(addressToString(placeholder.delegatedAddress ?? idAddress(0n)), addressToString(parseAddressInput(EVE)), 'it carries the f410 address')
    assert.equal(placeholder.sequence, 0n)

    const first = sb.apply({ from: EVE, to: ALICE, value: 1n * FIL })
    assert.equal(first.exitCode, 0, first.failureInfo ?? '')
    const promoted = sb.actor(EVE)
    assert.ok(promoted !== undefined && isBuiltin(m, promoted.code, 'ethaccount'), 'its first message made it an EthAccount')
    assert.equal(promoted.sequence, 1n)
    assert.equal(promoted.head.toString(), placeholder.head.toString(), 'head unchanged by the promotion')
    const second = sb.apply({ from: EVE, to: ALICE, value: 1n })
    assert.equal(second.exitCode, 0, 'an EthAccount sends')

    // fund(…, { kind: 'ethaccount' }) gives an EthAccount that has never sent.
    const frank = sb.fund('0x4444444444444444444444444444444444444444', FIL, { kind: 'ethaccount' })
    assert.equal(frank.kind, 'ethaccount')
    assert.equal(sb.actor(frank.address)?.sequence, 0n)
    assert.equal(sb.apply({ from: frank.eth, to: ALICE, value: 1n }).exitCode, 0)
  })

  test(`nv${nv} FEVM: CreateExternal from an EthAccount and from an f1 account, at the addresses Ethereum/FEVM rules give; EAM Create from an account is forbidden`, { skip: skipFevm }, async () => {
    const sb = await Sandbox.create({ nv, bundles: BUNDLES as string })
    sb.fund(ALICE, 100n * FIL)
    sb.fund(EVE, 100n * FIL)
    sb.apply({ from: EVE, to: ALICE, value: 1n })
    const nonce = sb.actor(EVE)?.sequence ?? 0n
    const d = sb.deploy(EVE, KITCHEN_SINK_INITCODE)
    assert.equal(d.receipt.exitCode, 0, d.receipt.failureInfo ?? '')
    assert.ok(d.created !== undefined)
    assert.equal(d.created.eth, createAddress(fromHex(EVE), nonce), 'CREATE address from the sender and its nonce')
    const contract = sb.actor(d.created.eth)
    assert.ok(contract !== undefined && isBuiltin(sb.genesis.bundle.manifest, contract.code, 'evm'))
    assert.equal(sb.idOf(d.created.eth), d.created.id)
    assert.equal(sb.idOf(d.created.robust ?? ''), d.created.id, 'the robust address resolves to it')
    assert.deepEqual(sb.evmBytecode(d.created.eth), KITCHEN_SINK_RUNTIME, 'the deployed code is what the init code returned')

    // From an f1 account: the stable address is keccak(key address bytes)[12:] (EAM resolve_caller_external).
    const aliceNonce = sb.actor(ALICE)?.sequence ?? 0n
    const fromAlice = sb.deploy(ALICE, ANSWER_INITCODE)
    assert.equal(fromAlice.receipt.exitCode, 0, fromAlice.receipt.failureInfo ?? '')
    const stable = keccak_256(addressToBytes(secp256k1AddressFromPayload(new Uint8Array(20).fill(1)))).subarray(12)
    assert.equal(fromAlice.created?.eth, createAddress(stable, aliceNonce))

    // EAM Create and Create2 only accept EVM callers.
    const create = sb.apply({ from: ALICE, to: idAddress(EAM_ACTOR_ID), method: EAM_METHOD.Create, params: createParams(ANSWER_INITCODE, 0n) })
    assert.equal(create.exitCode, ExitCode.USR_FORBIDDEN)
    const result = runExported(sb.exportVector(), nv)
    assert.equal(result.status, 'pass', result.reason ?? '')
  })

  test(`nv${nv} FEVM: InvokeContract, storage through the KAMT and GetStorageAt, GetBytecode, LOG0–LOG4 events, REVERT, CREATE and CREATE2 from a contract`, { skip: skipFevm }, async () => {
    const sb = await Sandbox.create({ nv, bundles: BUNDLES as string })
    sb.fund(ALICE, 1000n * FIL)
    const { created } = sb.deploy(ALICE, KITCHEN_SINK_INITCODE)
    assert.ok(created !== undefined)
    const c = created.eth

    // Storage: many slots (long shared prefixes, so KAMT extensions), read three ways.
    const slots = [0n, 1n, 2n, 31n, 32n, 33n, 1023n, 1n << 128n, (1n << 255n) + 5n, (1n << 256n) - 1n]
    for (const [i, slot] of slots.entries()) {
      const r = sb.call(ALICE, c, calldata.store(slot, BigInt(i + 1) * 0x1111n))
      assert.equal(r.receipt.exitCode, 0, r.receipt.failureInfo ?? '')
    }
    for (const [i, slot] of slots.entries()) {
      const want = BigInt(i + 1) * 0x1111n
      assert.equal(sb.evmStorage(c, slot), want, `KAMT slot ${slot}`)
      assert.equal(sb.getStorageAt(c, slot), want, `GetStorageAt slot ${slot}`)
      const loaded = sb.call(ALICE, c, calldata.load(slot))
      assert.equal(hex(loaded.returnData), hex(u256Word(want)), `SLOAD slot ${slot}`)
    }
    for (const absent of [3n, 34n, 1n << 200n]) {
      assert.equal(sb.evmStorage(c, absent), 0n)
      assert.equal(sb.getStorageAt(c, absent), 0n)
    }
    // The format as written by hand (kamt.fixture.ts) is what the actor writes.
    const { created: fresh } = sb.deploy(ALICE, KITCHEN_SINK_INITCODE)
    sb.call(ALICE, fresh?.eth ?? '', calldata.store(1n, 0x2an))
    sb.call(ALICE, fresh?.eth ?? '', calldata.store(2n, 0x2bn))
    assert.equal(sb.evmState(fresh?.eth ?? '').contractState.toString(), twoSlotKamt().root.toString(), 'the real storage root of {1: 0x2a, 2: 0x2b}')

    // Setting a slot to 0 deletes it.
    sb.call(ALICE, c, calldata.store(33n, 0n))
    assert.equal(sb.evmStorage(c, 33n), 0n)
    assert.equal(sb.evmStorage(c, 32n), 5n * 0x1111n)

    // GetStorageAt is for the system actor only; GetBytecode for anyone.
    const forbidden = sb.apply({ from: ALICE, to: c, method: EVM_METHOD.GetStorageAt, params: getStorageAtParams(0n) })
    assert.equal(forbidden.exitCode, ExitCode.USR_FORBIDDEN)
    const bc = sb.apply({ from: ALICE, to: c, method: EVM_METHOD.GetBytecode })
    assert.equal(bc.exitCode, 0)
    const cid = asCid(decodeCbor(bc.returnData), 'GetBytecode return')
    assert.equal(cid.toString(), sb.bytecodeCid(c).toString())
    assert.deepEqual(sb.tree.store.mustGet(cid), KITCHEN_SINK_RUNTIME)

    // LOG0..LOG4: one event each, stamped with the contract's ID; topics t1..tn then the data d.
    const data = Uint8Array.of(0xca, 0xfe)
    for (let n = 0; n <= 4; n++) {
      const r = sb.call(ALICE, c, calldata.log(n, data))
      assert.equal(r.receipt.exitCode, 0, r.receipt.failureInfo ?? '')
      assert.equal(r.receipt.events.length, 1)
      const e = r.receipt.events[0]
      assert.equal(e?.emitter, created.id)
      assert.deepEqual(e?.entries.map((x) => x.key), [...['t1', 't2', 't3', 't4'].slice(0, n), 'd'])
      for (const x of e?.entries ?? []) {
        assert.equal(x.flags, 3n, 'FLAG_INDEXED_ALL')
        assert.equal(x.codec, 0x55n, 'IPLD_RAW')
      }
      assert.deepEqual(e?.entries.slice(0, n).map((x) => hex(x.value)), [0x11n, 0x22n, 0x33n, 0x44n].slice(0, n).map((t) => hex(u256Word(t))))
      assert.equal(hex(e?.entries[n]?.value ?? new Uint8Array()), 'cafe')
    }
    // LOG0 without data: a hollow event, no entries (builtin-actors log_event.rs).
    const hollow = sb.call(ALICE, c, calldata.log(0, new Uint8Array()))
    assert.deepEqual(hollow.receipt.events, [{ emitter: created.id, entries: [] }])

    // REVERT: exit 33 with the revert data; nothing it did stays (no event).
    const reverted = sb.call(ALICE, c, calldata.revert(Uint8Array.of(0xde, 0xad, 0xbe, 0xef)))
    assert.equal(reverted.receipt.exitCode, 33)
    assert.equal(hex(reverted.returnData), 'deadbeef')
    assert.deepEqual(reverted.receipt.events, [])

    // CREATE and CREATE2 from the contract (EAM Create / Create2): EVM nonces start at 1.
    const contractEth = fromHex(c)
    const c1 = sb.call(ALICE, c, calldata.create(ANSWER_INITCODE))
    assert.equal(c1.receipt.exitCode, 0, c1.receipt.failureInfo ?? '')
    assert.equal(`0x${hex(c1.returnData.subarray(12))}`, createAddress(contractEth, 1n))
    const c2 = sb.call(ALICE, c, calldata.create2(7n, ANSWER_INITCODE))
    assert.equal(c2.receipt.exitCode, 0, c2.receipt.failureInfo ?? '')
    const at = `0x${hex(c2.returnData.subarray(12))}`
    assert.equal(at, create2Address(contractEth, 7n, ANSWER_INITCODE))
    assert.deepEqual(sb.evmBytecode(at), ANSWER_RUNTIME)
    const answer = sb.call(ALICE, at, new Uint8Array())
    assert.equal(hex(answer.returnData), hex(u256Word(0x2an)), 'empty calldata: no params block')
    assert.equal(sb.evmState(c).nonce, 3n, 'two creations')

    // The whole session is a passing vector.
    const result = runExported(sb.exportVector(), nv)
    assert.equal(result.status, 'pass', result.reason ?? '')
  })
}

test('fund after messages: the log cannot be exported until startVector, whose vector starts from a state holding the funding; the store is compacted on the way (old block versions dropped, snapshots intact)', { skip: bundleSkip(18) }, async () => {
  const sb = await Sandbox.create({ nv: 18, bundles: BUNDLES as string, accounts: [{ address: ALICE, balance: 1000n * FIL }] })
  assert.equal(sb.apply({ from: ALICE, to: BOB, value: FIL }).exitCode, 0)
  const first = sb.exportVector({ id: 'before-fund' })
  sb.fund(EVE, 5n * FIL)
  assert.throws(() => sb.exportVector(), /fund\(f410f.*\) came after 1 applied message\(s\).*startVector\(\) starts a vector whose pre-state holds it/)
  sb.startVector()
  assert.equal(sb.apply({ from: EVE, to: BOB, value: FIL }).exitCode, 0)
  const second = sb.exportVector({ id: 'after-fund' })
  for (const text of [first, second]) assert.equal(runExported(text, 18).status, 'pass')

  // Many contract calls: every SSTORE writes new versions of a few blocks (about 4); the sandbox drops the old ones.
  const { created } = sb.deploy(ALICE, KITCHEN_SINK_INITCODE)
  assert.ok(created !== undefined)
  const snap = sb.snapshot()
  const root = sb.stateRoot().toString()
  let peak = 0
  for (let i = 0; i < 600; i++) {
    assert.equal(sb.call(ALICE, created.eth, calldata.store(BigInt(i % 40), BigInt(i + 1))).receipt.exitCode, 0)
    peak = Math.max(peak, sb.tree.store.overlaySize)
  }
  assert.ok(peak >= 2048 && sb.tree.store.overlaySize < peak / 2, `compacted: ${sb.tree.store.overlaySize} written blocks kept of ${peak}`)
  assert.equal(sb.evmStorage(created.eth, 39n), 600n)
  assert.equal(sb.getStorageAt(created.eth, 0n), 561n)
  assert.equal(runExported(sb.exportVector({ id: 'compacted' }), 18).status, 'pass', 'every block the states reach is still there')
  sb.revert(snap)
  assert.equal(sb.stateRoot().toString(), root, 'a snapshot from before the compaction')
  assert.equal(sb.evmStorage(created.eth, 0n), 0n)
})

for (const nv of [18, 28]) {
  test(`nv${nv}: fund takes f1, f3, f410f… and 0x… (an account, a placeholder, an EthAccount); trace: true puts the execution trace in every receipt`, { skip: bundleSkip(nv) }, async () => {
    const sb = await Sandbox.create({ nv, bundles: BUNDLES as string, trace: true })
    const bls = addressToString(blsAddress(Uint8Array.from({ length: 48 }, (_, i) => (i === 0 ? 0xa0 : 7))))
    const f410 = addressToString(parseAddressInput('0x5555555555555555555555555555555555555555'))
    const funded = [sb.fund(ALICE, 100n * FIL), sb.fund(bls, 2n), sb.fund(f410, 3n), sb.fund('0x6666666666666666666666666666666666666666', 4n, { kind: 'ethaccount' })]
    assert.deepEqual(funded.map((f) => [f.id, f.kind]), [[100n, 'account'], [101n, 'account'], [102n, 'placeholder'], [103n, 'ethaccount']])
    assert.deepEqual(funded.map((f) => f.address), [ALICE, bls, f410, addressToString(parseAddressInput('0x6666666666666666666666666666666666666666'))])
    assert.deepEqual(funded.map((f) => f.eth), [`0xff${'0'.repeat(22)}${(100).toString(16).padStart(16, '0')}`, `0xff${'0'.repeat(22)}${(101).toString(16).padStart(16, '0')}`, '0x5555555555555555555555555555555555555555', '0x6666666666666666666666666666666666666666'])
    assert.deepEqual([sb.balance(bls), sb.balance(f410), sb.balance('0x6666666666666666666666666666666666666666')], [2n, 3n, 4n])
    const m = sb.genesis.bundle.manifest
    assert.ok(isBuiltin(m, sb.actor(bls)?.code ?? m.byName('system')?.code ?? assert.fail(), 'account'))

    const { receipt, created } = sb.deploy(ALICE, KITCHEN_SINK_INITCODE)
    assert.ok(created !== undefined && receipt.trace !== undefined)
    const r = sb.call(ALICE, created.eth, calldata.store(1n, 2n)).receipt
    const trace = r.trace ?? assert.fail('no trace')
    let gas = 0n
    for (const e of trace) if (e.kind === 'gas') gas += e.compute + e.other
    assert.equal((gas + 999n) / 1000n, r.gasUsed, 'the gas events (milligas) sum to the gas used')
    assert.ok(trace.some((e) => e.kind === 'call' && e.method === EVM_METHOD.InvokeContract && e.to === addressToString(parseAddressInput(created.eth))), 'the call to the contract (to as addressed: its f410)')
    assert.ok(trace.some((e) => e.kind === 'syscall'))
    const plain = await Sandbox.create({ nv, bundles: BUNDLES as string, accounts: [{ address: ALICE, balance: FIL }] })
    assert.equal(plain.apply({ from: ALICE, to: BOB, value: 1n }).trace, undefined, 'no trace unless asked')

    // Bad input is a SandboxError (or the genesis's error naming the account), and changes nothing.
    const root = plain.stateRoot().toString()
    const bad = (f: () => unknown, re: RegExp) => assert.throws(f, (e: unknown) => (e instanceof SandboxError || (e as Error).name === 'GenesisError') && re.test((e as Error).message))
    bad(() => plain.fund('f1nope', 1n), /not an address/)
    bad(() => plain.fund('f0999999', 1n), /f0999999/)
    bad(() => plain.apply({ from: 'nope', to: BOB }), /not an address/)
    bad(() => plain.apply({ from: ALICE, to: BOB, gasLimit: 0n }), /has no receipt/)
    bad(() => plain.evmStorage(ALICE, 0n), /is not an EVM actor/)
    bad(() => plain.evmState('0x7777777777777777777777777777777777777777'), /no actor at/)
    bad(() => plain.setEpoch(0n), /cannot go back/)
    assert.equal(plain.stateRoot().toString(), root)
    assert.equal(plain.appliedCount, 1)
    await assert.rejects(Sandbox.create({ nv, bundles: BUNDLES as string, accounts: [{ address: 'f0100', balance: 1n }] }), /accounts\[0\]: f0100: only key addresses/)
  })
}
