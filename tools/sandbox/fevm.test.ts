/**
 * FEVM behaviour Ethereum has no counterpart for, through the sandbox on the real EVM actor at
 * every FEVM network version (nv18 and later) the bundles cover: the Filecoin precompiles called
 * from Solidity (vectors/fevm/filecoin), calls between contracts and native actors (an f1
 * account, a multisig), DELEGATECALL to every kind of target, SELFDESTRUCT, BLOCKHASH (the
 * sandbox's tipset CIDs), and recursion to the EVM stack limit. What each call must give is read
 * from builtin-actors (cited per check) and computed here independently of the sandbox. The
 * FVM's call-depth limit and the host stack are in depth.test.ts. Skipped without
 * FVM_SPEC_BUNDLES.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { sha256 } from '@noble/hashes/sha2.js'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { encodeCbor } from '../../interpreter/ipld/cbor.js'
import { FALLBACK_RANDOMNESS } from '../../interpreter/machine/externs.js'
import { isBuiltin } from '../../interpreter/machine/manifest.js'
import { networkRulesFor } from '../../interpreter/machine/network-rules.js'
import { addressToBytes, addressToString, idAddress, secp256k1AddressFromPayload } from '../../interpreter/types/address.js'
import { INIT_ACTOR_ID } from '../../interpreter/types/chain.js'
import { ExitCode } from '../../interpreter/types/exit-code.js'
import { SUPPORTED_NETWORK_VERSIONS } from '../../interpreter/types/network-version.js'
import { parseAddressInput } from '../genesis/addresses.js'
import { actorsVersionFor, bundleFileName } from '../genesis/versions.js'
import * as A from '../scenarios/actors.js'
import { assemble, initcodeFor } from './evm-asm.js'
import { EVM_METHOD, frc42MethodNumber } from './evm.js'
import { Sandbox } from './sandbox.js'
import { deployFilecoin, type Called } from './solidity.fixture.js'
import { blockhashOf, defaultTipsetCid } from './tipset.js'

const BUNDLES = process.env['FVM_SPEC_BUNDLES']
const FEVM = SUPPORTED_NETWORK_VERSIONS.filter((nv) => networkRulesFor(nv)?.requiredActors.includes('eam') === true)
const FIL = 10n ** 18n
const ALICE = secp256k1AddressFromPayload(new Uint8Array(20).fill(1))
const BOB = secp256k1AddressFromPayload(new Uint8Array(20).fill(2))
const NOBODY = secp256k1AddressFromPayload(new Uint8Array(20).fill(9))
const EVE = '0x3333333333333333333333333333333333333333'
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const word = (v: bigint): Uint8Array => Uint8Array.from(Buffer.from(v.toString(16).padStart(64, '0'), 'hex'))
/** The masked ID address 0xff00…<id> by which EVM code names a non-EVM actor. */
const masked = (id: bigint): string => `0xff${'0'.repeat(22)}${id.toString(16).padStart(16, '0')}`
/** EVM_CONTRACT_* exit codes (builtin-actors actors/evm/src/lib.rs). */
const EVM_STACK_OVERFLOW = 37
const EVM_SELFDESTRUCT_FAILED = 40
/** fvm_shared ErrorNumber values that call_actor reports negated. */
const ERRNO = { InsufficientFunds: 5n, NotFound: 6n, ReadOnly: 13n } as const
/** fvm_ipld_encoding codecs. */
const CBOR = 0x51n
const DAG_CBOR = 0x71n

function bundleSkip(nv: number): string | false {
  if (BUNDLES === undefined || BUNDLES === '') return 'FVM_SPEC_BUNDLES is not set (point it at a folder with vN-builtin-actors-mainnet.car)'
  const file = join(BUNDLES, bundleFileName(actorsVersionFor(nv) ?? 0))
  return existsSync(file) ? false : `${file} does not exist`
}

function session(nv: number, epoch = 1000n) {
  const sb = Sandbox.createSync({ nv, bundles: BUNDLES as string, epoch, accounts: [{ address: addressToString(ALICE), balance: 1000n * FIL }, { address: addressToString(BOB), balance: 1n }] })
  return { sb, alice: addressToString(ALICE) }
}

/** The outputs of a successful call, as hex for bytes. */
function outs(c: Called): unknown[] {
  assert.equal(c.receipt.exitCode, 0, c.receipt.failureInfo ?? '')
  return c.out.map((v) => (v instanceof Uint8Array ? hex(v) : v))
}

/** A multisig (init Exec from alice, 1 FIL) with these signers and threshold 1. */
function multisig(sb: Sandbox, from: string, signers: Parameters<typeof A.multisigConstructorParams>[0]) {
  const code = sb.genesis.bundle.manifest.byName('multisig')?.code
  assert.ok(code)
  const exec = sb.apply({ from, to: idAddress(INIT_ACTOR_ID), method: A.INIT.Exec, params: A.execParams(code, A.multisigConstructorParams(signers, 1n)), value: FIL })
  assert.equal(exec.exitCode, 0, exec.failureInfo ?? '')
  const r = A.decodeExecReturn(exec.returnData)
  const id = sb.idOf(r.id)
  assert.ok(id !== undefined)
  return { ...r, idNumber: id }
}

for (const nv of FEVM) {
  const skip = bundleSkip(nv)

  test(`nv${nv}: the Filecoin precompiles from Solidity: resolve_address, lookup_delegated_address, call_actor(_id) to an f1 account and to a multisig, their refusals, 0xfe…04 and …06`, { skip }, () => {
    const { sb, alice } = session(nv)
    const fp = deployFilecoin(sb, alice, 'FilecoinPrecompiles', { value: FIL })
    const bobId = sb.idOf(BOB) as bigint
    const fpF4 = addressToBytes(parseAddressInput(fp.eth))

    // resolve_address (fvm.rs `resolve_address`): the ID as a word; empty for an unknown address; a CALL failure for bytes that are no address.
    assert.deepEqual(outs(fp.call(alice, 'resolveAddress(bytes)', [addressToBytes(BOB)])), [true, hex(word(bobId))])
    assert.deepEqual(outs(fp.call(alice, 'resolveAddress(bytes)', [fpF4])), [true, hex(word(fp.created.id))])
    assert.deepEqual(outs(fp.call(alice, 'resolveAddress(bytes)', [addressToBytes(NOBODY)])), [true, ''])
    assert.deepEqual(outs(fp.call(alice, 'resolveAddress(bytes)', [Uint8Array.of(9, 9)])), [false, ''])
    // lookup_delegated_address: the f4 address bytes of an actor that has one, empty otherwise.
    assert.deepEqual(outs(fp.call(alice, 'lookupDelegatedAddress(uint64)', [fp.created.id])), [true, hex(fpF4)])
    assert.deepEqual(outs(fp.call(alice, 'lookupDelegatedAddress(uint64)', [bobId])), [true, ''])

    // call_actor / call_actor_id (fvm.rs `call_actor_shared`): a send of 1000 attoFIL to bob, by address and by ID.
    const before = sb.balance(BOB)
    assert.deepEqual(outs(fp.call(alice, 'callActor(uint64,uint256,uint64,uint64,bytes,bytes)', [0n, 1000n, 0n, 0n, new Uint8Array(), addressToBytes(BOB)])), [true, 0n, 0n, ''])
    assert.deepEqual(outs(fp.call(alice, 'callActorId(uint64,uint256,uint64,uint64,bytes,uint64)', [0n, 1000n, 0n, 0n, new Uint8Array(), bobId])), [true, 0n, 0n, ''])
    assert.equal(sb.balance(BOB), before + 2000n)
    // Refused by the precompile (the CALL fails): through CALL instead of DELEGATECALL; a method 1..1023 (here Propose, 2); unknown flag bits; the DAG-CBOR codec (only CBOR 0x51 or none).
    assert.deepEqual(outs(fp.call(alice, 'callActorByCall(uint64,uint256,bytes)', [0n, 1000n, addressToBytes(BOB)])), [false, ''])
    assert.deepEqual(outs(fp.call(alice, 'callActor(uint64,uint256,uint64,uint64,bytes,bytes)', [2n, 0n, 0n, 0n, new Uint8Array(), addressToBytes(BOB)])), [false, 0n, 0n, ''])
    assert.deepEqual(outs(fp.call(alice, 'callActor(uint64,uint256,uint64,uint64,bytes,bytes)', [0n, 5n, 2n, 0n, new Uint8Array(), addressToBytes(BOB)])), [false, 0n, 0n, ''])
    // Syscall errors come back negated: a value send under READ_ONLY (13), more than the balance (5), an unknown ID (6).
    assert.deepEqual(outs(fp.call(alice, 'callActor(uint64,uint256,uint64,uint64,bytes,bytes)', [0n, 5n, 1n, 0n, new Uint8Array(), addressToBytes(BOB)])), [true, -ERRNO.ReadOnly, 0n, ''])
    assert.deepEqual(outs(fp.call(alice, 'callActor(uint64,uint256,uint64,uint64,bytes,bytes)', [0n, 10n ** 30n, 0n, 0n, new Uint8Array(), addressToBytes(BOB)])), [true, -ERRNO.InsufficientFunds, 0n, ''])
    assert.deepEqual(outs(fp.call(alice, 'callActorId(uint64,uint256,uint64,uint64,bytes,uint64)', [0n, 1n, 0n, 0n, new Uint8Array(), 999_999n])), [true, -ERRNO.NotFound, 0n, ''])
    assert.equal(sb.balance(BOB), before + 2000n, 'none of the refused sends moved funds')

    // A multisig (a native actor) called from the contract: its only exported method,
    // UniversalReceiverHook = FRC-42 "Receive" (actors/multisig/src/lib.rs, v10.0.0 … v18.0.0), with value and CBOR params [type, payload].
    const ms = multisig(sb, alice, [ALICE])
    const receive = frc42MethodNumber('Receive')
    const msBefore = sb.balance(ms.id)
    assert.deepEqual(outs(fp.call(alice, 'callActorId(uint64,uint256,uint64,uint64,bytes,uint64)', [receive, 5n, 0n, CBOR, encodeCbor([1n, Uint8Array.of(1, 2)]), ms.idNumber])), [true, 0n, 0n, ''])
    assert.deepEqual(outs(fp.call(alice, 'callActor(uint64,uint256,uint64,uint64,bytes,bytes)', [receive, 5n, 0n, CBOR, encodeCbor([1n, Uint8Array.of(1, 2)]), addressToBytes(ms.robust)])), [true, 0n, 0n, ''])
    assert.equal(sb.balance(ms.id), msBefore + 10n)
    assert.deepEqual(outs(fp.call(alice, 'callActorId(uint64,uint256,uint64,uint64,bytes,uint64)', [receive, 0n, 0n, DAG_CBOR, encodeCbor([1n, Uint8Array.of(1, 2)]), ms.idNumber])), [false, 0n, 0n, ''])
    assert.deepEqual(outs(fp.call(alice, 'callActorId(uint64,uint256,uint64,uint64,bytes,uint64)', [receive, 0n, 0n, CBOR, encodeCbor('not a tuple'), ms.idNumber])), [true, BigInt(ExitCode.USR_SERIALIZATION), 0n, ''])
    // Propose (2) is below 1024: no EVM code can call it.
    assert.deepEqual(outs(fp.call(alice, 'callActorId(uint64,uint256,uint64,uint64,bytes,uint64)', [A.MULTISIG.Propose, 0n, 0n, CBOR, A.proposeParams(ALICE, 1n, 0n, new Uint8Array()), ms.idNumber])), [false, 0n, 0n, ''])
    // An unknown exported method: unhandled (22) before actors v11; from v11 the multisig's fallback accepts every exported method (v11.0.0 actors/multisig/src/lib.rs `fallback`).
    const unhandled = nv <= 18 ? BigInt(ExitCode.USR_UNHANDLED_MESSAGE) : 0n
    assert.deepEqual(outs(fp.call(alice, 'callActorId(uint64,uint256,uint64,uint64,bytes,uint64)', [frc42MethodNumber('Nope'), 0n, 0n, 0n, new Uint8Array(), ms.idNumber])), [true, unhandled, 0n, ''])
    // A plain CALL to the multisig's masked ID is InvokeContract on it: the same rule decides.
    assert.deepEqual(outs(fp.call(alice, 'callTo(address,uint256,bytes)', [masked(ms.idNumber), 3n, new Uint8Array()])), [nv > 18, ''])
    // …and to an f1 account's masked ID it is a value transfer the account accepts.
    assert.deepEqual(outs(fp.call(alice, 'callTo(address,uint256,bytes)', [masked(bobId), 7n, new Uint8Array()])), [true, ''])
    assert.equal(sb.balance(BOB), before + 2007n)

    // 0xfe…04 (get_actor_type) is disabled and 0xfe…07 is none: a reserved address with no precompile succeeds with no output.
    assert.deepEqual(outs(fp.call(alice, 'query(uint8,bytes)', [4n, word(bobId)])), [true, ''])
    assert.deepEqual(outs(fp.call(alice, 'query(uint8,bytes)', [7n, word(1n)])), [true, ''])
    // 0xfe…06 get_randomness (actors v15, nv24): the beacon randomness of an earlier epoch (the sandbox's externs give the conformance runner's fallback value).
    const rand = fp.call(alice, 'query(uint8,bytes)', [6n, word(990n)])
    assert.deepEqual(outs(rand), nv >= 24 ? [true, hex(FALLBACK_RANDOMNESS)] : [true, ''])
    // A future epoch: ref-fvm's `get_randomness_from_beacon` computes the lookback with checked_sub, which does not fail on a negative result, and charges `lookback as u64` epochs: the message runs out of gas (fvm@v4.8.2 fvm/src/kernel/default.rs L801–822, gas/price_list.rs L844–850).
    const future = fp.call(alice, 'query(uint8,bytes)', [6n, word(5000n)])
    if (nv >= 24) assert.equal(future.receipt.exitCode, ExitCode.SYS_OUT_OF_GAS)
    else assert.deepEqual(outs(future), [true, ''])
  })

  test(`nv${nv}: a native actor calls a contract (a multisig proposal executes InvokeContract) and sees itself as 0xff00…<id>`, { skip }, () => {
    const { sb, alice } = session(nv)
    const setter = deployFilecoin(sb, alice, 'StoreSetter')
    const ms = multisig(sb, alice, [ALICE])
    const calldata = setter.calldata('set(uint256)', [9n])
    const p = sb.apply({ from: alice, to: ms.id, method: A.MULTISIG.Propose, params: A.proposeParams(parseAddressInput(setter.eth), 7n, EVM_METHOD.InvokeContract, encodeCbor(calldata)) })
    assert.equal(p.exitCode, 0, p.failureInfo ?? '')
    const ret = A.decodeProposeReturn(p.returnData)
    assert.deepEqual([ret.applied, ret.code], [true, 0n], 'threshold 1: the proposal executes at once')
    assert.equal(sb.evmStorage(setter.eth, 0n), 9n)
    assert.equal(`0x${sb.evmStorage(setter.eth, 1n).toString(16).padStart(40, '0')}`, masked(ms.idNumber), 'msg.sender is the multisig\'s masked ID')
    assert.equal(sb.balance(setter.eth), 7n)
  })

  test(`nv${nv}: DELEGATECALL to a contract runs its code on the caller's storage; to an account, a placeholder-free address or a missing ID succeeds with no data; to a native actor fails; to a precompile runs it`, { skip }, () => {
    const { sb, alice } = session(nv)
    sb.fund(EVE, 100n * FIL)
    const probe = deployFilecoin(sb, alice, 'DelegateProbe')
    const setter = deployFilecoin(sb, alice, 'StoreSetter')
    // The code runs as the probe: address(this) is the probe, msg.sender and msg.value the original call's (instructions/call.rs: InvokeContractDelegate with the caller and value).
    const r = outs(probe.call(EVE, 'delegate(address,bytes)', [setter.eth, setter.calldata('set(uint256)', [5n])], { value: 3n }))
    assert.deepEqual(r, [true, `${'0'.repeat(24)}${probe.eth.slice(2)}${'0'.repeat(24)}${EVE.slice(2)}${hex(word(3n))}`])
    assert.equal(sb.evmStorage(probe.eth, 0n), 5n)
    assert.equal(sb.evmStorage(probe.eth, 1n), BigInt(EVE))
    assert.equal(sb.evmStorage(setter.eth, 0n), 0n, 'the code\'s own contract is untouched')
    // call.rs `call_generic`, DelegateCall: Account | NotFound → Ok(None); Native → Err(None); precompiles are called.
    const noData = setter.calldata('set(uint256)', [6n])
    assert.deepEqual(outs(probe.call(alice, 'delegate(address,bytes)', [EVE, noData])), [true, ''], 'an EthAccount')
    assert.deepEqual(outs(probe.call(alice, 'delegate(address,bytes)', [masked(sb.idOf(ALICE) as bigint), noData])), [true, ''], 'an f1 account')
    assert.deepEqual(outs(probe.call(alice, 'delegate(address,bytes)', [`0x${'77'.repeat(20)}`, noData])), [true, ''], 'an address with no actor')
    assert.deepEqual(outs(probe.call(alice, 'delegate(address,bytes)', [masked(999_999n), noData])), [true, ''], 'an ID with no actor')
    assert.deepEqual(outs(probe.call(alice, 'delegate(address,bytes)', [masked(INIT_ACTOR_ID), noData])), [false, ''], 'the init actor (native)')
    assert.deepEqual(outs(probe.call(alice, 'delegate(address,bytes)', [masked(10n), noData])), [false, ''], 'the EAM (native)')
    assert.deepEqual(outs(probe.call(alice, 'delegate(address,bytes)', [`0x${'00'.repeat(19)}02`, new Uint8Array()])), [true, hex(sha256(new Uint8Array()))], 'the sha256 precompile')
    assert.equal(sb.evmStorage(probe.eth, 0n), 5n, 'no other delegate call wrote')
  })

  test(`nv${nv}: SELFDESTRUCT moves the balance and leaves a tombstone (storage kept, no code afterwards); refused under STATICCALL; exit 40 for a missing beneficiary; to itself keeps the balance; to a new f410 makes a placeholder`, { skip }, () => {
    const { sb, alice } = session(nv)
    sb.fund(EVE, FIL)
    const m = sb.genesis.bundle.manifest
    const mortal = deployFilecoin(sb, alice, 'Mortal', { value: 500n })
    const driver = deployFilecoin(sb, alice, 'MortalDriver')
    // Under STATICCALL: read-only (lifecycle.rs `selfdestruct`), the call fails, nothing moves.
    assert.deepEqual(outs(driver.call(alice, 'destroyStatic(address,address)', [mortal.eth, EVE])), [false])
    assert.equal(sb.balance(mortal.eth), 500n)
    // A beneficiary that cannot be paid (an ID with no actor): EVM_CONTRACT_SELFDESTRUCT_FAILED.
    const failed = mortal.call(alice, 'destroy(address)', [masked(999_999n)])
    assert.equal(failed.receipt.exitCode, EVM_SELFDESTRUCT_FAILED)
    assert.equal(sb.evmState(mortal.eth).tombstone, null)
    // In one message: destroy, then call it again: the code still runs until the message ends.
    const eveBefore = sb.balance(EVE)
    const nonce = sb.actor(ALICE)?.sequence as bigint
    assert.deepEqual(outs(driver.call(alice, 'destroyThenPing(address,address)', [mortal.eth, EVE])), [42n])
    assert.equal(sb.balance(EVE), eveBefore + 500n)
    assert.equal(sb.balance(mortal.eth), 0n)
    const st = sb.evmState(mortal.eth)
    assert.deepEqual(st.tombstone, [sb.idOf(ALICE), nonce], 'tombstone = the message origin and nonce')
    assert.ok(isBuiltin(m, sb.actor(mortal.eth)?.code ?? st.bytecode, 'evm'), 'the actor is not deleted')
    assert.equal(sb.evmStorage(mortal.eth, 0n), 7n, 'storage kept')
    // Later messages: no code runs (exit 0, no return data), GetBytecode is null, value still arrives.
    const ping = sb.call(alice, mortal.eth, mortal.calldata('ping()'))
    assert.deepEqual([ping.receipt.exitCode, hex(ping.returnData)], [0, ''])
    const bc = sb.apply({ from: alice, to: mortal.eth, method: EVM_METHOD.GetBytecode })
    assert.deepEqual([bc.exitCode, hex(bc.returnData)], [0, 'f6'])
    assert.equal(sb.apply({ from: alice, to: mortal.eth, value: 9n }).exitCode, 0)
    assert.equal(sb.balance(mortal.eth), 9n)
    // Naming itself: the transfer to itself is a no-op, the tombstone is set, the balance stays.
    const self = deployFilecoin(sb, alice, 'Mortal', { value: 500n })
    assert.equal(self.call(alice, 'destroy(address)', [self.eth]).receipt.exitCode, 0)
    assert.equal(sb.balance(self.eth), 500n)
    assert.notEqual(sb.evmState(self.eth).tombstone, null)
    // An f410 address with no actor: the send creates a placeholder holding the balance.
    const fresh = `0x${'55'.repeat(20)}`
    const third = deployFilecoin(sb, alice, 'Mortal', { value: 500n })
    assert.equal(third.call(alice, 'destroy(address)', [fresh]).receipt.exitCode, 0)
    assert.equal(sb.balance(fresh), 500n)
    assert.ok(isBuiltin(m, sb.actor(fresh)?.code ?? st.bytecode, 'placeholder'))
  })

  test(`nv${nv}: BLOCKHASH reads the sandbox's tipset CIDs (the last 256 epochs), a user's scheme replaces them, and such a message is not exported`, { skip }, () => {
    const epoch = 1000n
    const { sb, alice } = session(nv, epoch)
    const initcode = initcodeFor(assemble([{ push: 0 }, 'CALLDATALOAD', 'BLOCKHASH', { push: 0 }, 'MSTORE', { push: 32 }, { push: 0 }, 'RETURN']))
    const { created } = sb.deploy(alice, initcode)
    assert.ok(created !== undefined)
    const clean = sb.snapshot()
    const ask = (e: bigint) => {
      const r = sb.call(alice, created.eth, word(e))
      assert.equal(r.receipt.exitCode, 0, r.receipt.failureInfo ?? '')
      return hex(r.returnData)
    }
    // instructions/context.rs `blockhash`: epochs [curr − 256, curr) only, the digest of the tipset CID.
    for (const back of [1n, 2n, 255n, 256n]) assert.equal(ask(epoch - back), hex(blockhashOf(defaultTipsetCid(epoch - back))), `epoch - ${back}`)
    assert.equal(sb.tipsetCid(epoch - 1n).toString(), defaultTipsetCid(epoch - 1n).toString())
    for (const e of [epoch, epoch + 1n, epoch - 257n, 1n << 64n]) assert.equal(ask(e), '00'.repeat(32), `outside the window: ${e}`)
    assert.throws(() => sb.exportVector(), /message 1 read the tipset CID of epoch 999 \(BLOCKHASH/)
    sb.revert(clean)
    assert.equal(ask(epoch), '00'.repeat(32))
    assert.match(sb.exportVector(), /"class": "message"/, 'without a tipset CID read the log exports')

    const mine = (e: bigint) => CID.createV1(0x71, Digest.create(0xb220, word(e * 7n)))
    const other = Sandbox.createSync({ nv, bundles: BUNDLES as string, epoch, accounts: [{ address: alice, balance: FIL }], tipsetCid: mine })
    const d = other.deploy(alice, initcode)
    assert.equal(hex(other.call(alice, d.created?.eth ?? '', word(epoch - 3n)).returnData), hex(word((epoch - 3n) * 7n)))
  })

  test(`nv${nv}: internal recursion to the EVM's 1024-word stack: exit 37 at the top, a failed CALL one level down`, { skip }, () => {
    const { sb, alice } = session(nv)
    const depth = deployFilecoin(sb, alice, 'Depth')
    assert.deepEqual(outs(depth.call(alice, 'internalDepth(uint256)', [100n])), [100n])
    const over = depth.call(alice, 'internalDepth(uint256)', [1000n])
    assert.equal(over.receipt.exitCode, EVM_STACK_OVERFLOW, over.receipt.failureInfo ?? '')
    assert.deepEqual(outs(depth.call(alice, 'internalDepthCaught(uint256)', [1000n])), [false, 0n])
    assert.deepEqual(outs(depth.call(alice, 'internalDepthCaught(uint256)', [100n])), [true, 100n])
  })
}

