/**
 * The test bundle: deterministic compilation, the manifest, the account constructor, every op of
 * the scripted actor at nv17 and nv18, a few gas figures derived by hand, and recursion.
 *
 * Gas for one message (100-byte message) = inclusion + invocation + (nv18) memory init + wasm + syscalls:
 *   inclusion   nv17: 38863 + 1300 × (36 + 100) = 215663      nv18: 38863 + 475000 + 46800 + 130000 = 690663
 *   invocation  nv17: send_base 29233 + send_invoke_method −5377 = 23856 (method ≠ 0, value 0)
 *               nv18: method invocation 75000
 *   memory init nv18 only: 1 page × 65536 B × 0.4 = 26214.4 gas
 *   wasm        the `invoke` thunk costs 56 gas; each priced instruction 4 (spec/wasm.md)
 *   syscall     14000 gas each, plus the syscall's own charge
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { encodeCbor } from '../../interpreter/ipld/cbor.js'
import { cidOf, Codec, dagCborCid } from '../../interpreter/ipld/cid.js'
import { syscallsFor } from '../../interpreter/kernel/syscall-table.js'
import { addressToBytes, blsAddress, idAddress, secp256k1AddressFromPayload, type Address } from '../../interpreter/types/address.js'
import { ExitCode } from '../../interpreter/types/exit-code.js'
import { ErrorNumber } from '../../interpreter/types/error-number.js'
import type { Message } from '../../interpreter/types/message.js'
import { asArray, decodeCbor } from '../../interpreter/ipld/cbor.js'
import type { ActorSpec } from '../builder/state-builder.js'
import { actorWat, buildTestBundle, SCRIPTED, testBundle } from './bundle.js'
import { applyWithBundle, bundleState, type Applied } from './machine.js'
import * as P from './program.js'
import { ACTORS, ALICE, NEXT_ID, OTHER_ID, SCRIPTED_ID } from './fixture.js'

const NVS = [17, 18] as const
type Nv = (typeof NVS)[number]


function message(o: { to?: Address; method?: bigint; value?: bigint; gasLimit?: bigint; program?: Uint8Array; params?: Uint8Array }): Message {
  const params = o.params ?? (o.program === undefined ? new Uint8Array(0) : P.params(o.program))
  return { version: 0n, to: o.to ?? idAddress(SCRIPTED_ID), from: ALICE, sequence: 0n, value: o.value ?? 0n, gasLimit: o.gasLimit ?? 100_000_000n, gasFeeCap: 1000n, gasPremium: 1n, method: o.method ?? 2n, params }
}

function runProgram(nv: Nv, prog: Uint8Array, o: { gasLimit?: bigint; actors?: readonly ActorSpec[]; tracing?: boolean } = {}): Applied {
  return applyWithBundle(nv, bundleState(nv, o.actors ?? ACTORS), message({ program: prog, ...(o.gasLimit === undefined ? {} : { gasLimit: o.gasLimit }) }), 100, { tracing: o.tracing ?? false })
}

/** Runs a program that must succeed, and decodes its results. */
function results(nv: Nv, prog: Uint8Array): { out: Applied; recs: P.ResultRecord[] } {
  const out = runProgram(nv, prog)
  assert.equal(out.receipt.exitCode, 0, `nv${nv}: ${out.failureInfo ?? ''}`)
  return { out, recs: P.decodeResults(out.receipt.returnData) }
}

const BASE = { 17: 215663n + 23856n, 18: 690663n + 75000n } as const
const MEM_INIT_MG = 26_214_400n
const roundUp = (mg: bigint) => (mg + 999n) / 1000n
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

// ---- the bundle ---------------------------------------------------------------------------------

test('the bundle compiles deterministically; the manifest is the one buildState writes', () => {
  for (const nv of NVS) {
    const a = testBundle(nv)
    assert.equal(testBundle(nv), a, 'cached in-process')
    const b = buildTestBundle(nv)
    assert.deepEqual(b.manifest.map(([n, c]) => [n, c.toString()]), a.manifest.map(([n, c]) => [n, c.toString()]))
    assert.equal(b.manifestCid.toString(), a.manifestCid.toString())
    for (const [name, bytes] of a.code) assert.equal(hex(b.code.get(name) ?? new Uint8Array(0)), hex(bytes), name)
    // Every code CID is distinct and names its bytes; the manifest block is there.
    assert.equal(new Set(a.manifest.map(([, c]) => c.toString())).size, a.manifest.length)
    for (const [name, cid] of a.manifest) assert.ok(cid.equals(cidOf(Codec.IPLD_RAW, a.code.get(name) ?? new Uint8Array(0))), name)
    assert.ok(a.blocks.some(([c]) => c.equals(a.manifestCid)))
    // buildState with the bundle's code writes the same manifest CID into the system actor.
    const st = bundleState(nv, ACTORS)
    const system = st.tree.getActor(0n)
    assert.ok(system !== undefined)
    const head = asArray(decodeCbor(st.store.mustGet(system.head)), 'system state')
    assert.equal(String(head[0]), a.manifestCid.toString())
    assert.ok(a.manifest.some(([n]) => n === SCRIPTED) && a.manifest[a.manifest.length - 1]?.[0] === SCRIPTED)
  }
})

test('RAW_SYSCALLS is exactly the syscall table of each version', () => {
  for (const [nv, abi] of [[17, 'v2'], [18, 'v3']] as const) {
    const table = syscallsFor(abi).map((d) => `${d.module}.${d.name}(${d.params.map((p) => (p === 'i64' ? 'I' : 'i')).join('')})→${d.out}`).sort()
    const ours = P.rawSyscallsFor(abi).map((s) => `${s.module}.${s.name}(${s.sig.params})→${s.sig.out}`).sort()
    assert.deepEqual(ours, table, `nv${nv}`)
    // The scripted actor imports all of them.
    const imports = [...actorWat(SCRIPTED, nv).matchAll(/\(import "(\w+)" "(\w+)"/g)].map((m) => `${m[1]}.${m[2]}`).sort()
    assert.deepEqual(imports, syscallsFor(abi).map((d) => `${d.module}.${d.name}`).sort())
  }
  assert.deepEqual(P.RAW_SYSCALLS.map((s) => s.id), P.RAW_SYSCALLS.map((_, i) => i))
})

// ---- account, system, stubs ---------------------------------------------------------------------

test('a send to a new key address auto-creates an account whose constructor stores [address]', () => {
  const targets = [blsAddress(new Uint8Array(48).fill(9)), secp256k1AddressFromPayload(new Uint8Array(20).fill(7))]
  for (const nv of NVS) {
    for (const to of targets) {
      const st = bundleState(nv, ACTORS)
      const out = applyWithBundle(nv, st, message({ to, method: 0n, value: 5n }))
      assert.equal(out.receipt.exitCode, ExitCode.OK, `nv${nv}: ${out.failureInfo ?? ''}`)
      const actor = out.tree.getActor(NEXT_ID)
      assert.ok(actor !== undefined)
      assert.ok(actor.code.equals(testBundle(nv).manifest.find(([n]) => n === 'account')?.[1] ?? actor.head))
      assert.equal(actor.balance, 5n)
      const state = encodeCbor([addressToBytes(to)])
      assert.equal(actor.head.toString(), dagCborCid(state).toString(), `nv${nv}`)
      assert.equal(hex(out.tree.store.mustGet(actor.head)), hex(state))
      assert.equal(out.tree.lookupId(to), NEXT_ID)
    }
  }
})

test('account: other methods exit 22; the constructor from anyone but system exits 18', () => {
  for (const nv of NVS) {
    const st = bundleState(nv, ACTORS)
    assert.equal(applyWithBundle(nv, st, message({ to: idAddress(100n), method: 2n })).receipt.exitCode, ExitCode.USR_UNHANDLED_MESSAGE)
    assert.equal(applyWithBundle(nv, st, message({ to: idAddress(100n), method: 1n, params: encodeCbor(addressToBytes(ALICE)) })).receipt.exitCode, ExitCode.USR_FORBIDDEN)
  }
})

test('a stub exits 22; gas = base + (nv18) memory init + wasm + one syscall', () => {
  for (const nv of NVS) {
    const st = bundleState(nv, [...ACTORS, { id: 300n, code: 'multisig', balance: 0n }])
    const out = applyWithBundle(nv, st, message({ to: idAddress(300n), method: 7n }))
    assert.equal(out.receipt.exitCode, ExitCode.USR_UNHANDLED_MESSAGE)
    // wasm: thunk 56 + one metered block: nv17 3 consts + call + const = 5 × 4 = 20 → 76;
    //       nv18 4 consts + call + const = 6 × 4 = 24 → 80. Syscall (vm.abort / vm.exit): 14000.
    const expected = nv === 17 ? BASE[17] + 76n + 14000n : roundUp((BASE[18] + 80n + 14000n) * 1000n + MEM_INIT_MG)
    assert.equal(out.receipt.gasUsed, expected, `nv${nv}`) // nv17 253595, nv18 805958
  }
})

test('system: method 1 returns nothing, others exit 22', () => {
  for (const nv of NVS) {
    const st = bundleState(nv, ACTORS)
    // As a receiver of a top-level message, the system actor runs like any actor.
    assert.equal(applyWithBundle(nv, st, message({ to: idAddress(0n), method: 1n })).receipt.exitCode, ExitCode.OK)
    assert.equal(applyWithBundle(nv, st, message({ to: idAddress(0n), method: 3n })).receipt.exitCode, ExitCode.USR_UNHANDLED_MESSAGE)
  }
})

// ---- the scripted actor -------------------------------------------------------------------------

test('the empty program returns empty results; no params is the empty program', () => {
  for (const nv of NVS) {
    assert.equal(hex(results(nv, new Uint8Array(0)).out.receipt.returnData), '40')
    const out = applyWithBundle(nv, bundleState(nv, ACTORS), message({}))
    assert.equal(out.receipt.exitCode, 0)
    assert.equal(hex(out.receipt.returnData), '40')
  }
})

test('malformed programs exit BAD_PROGRAM', () => {
  for (const nv of NVS) {
    const st = bundleState(nv, ACTORS)
    const bad = [
      Uint8Array.of(0x41, 99), // unknown op
      Uint8Array.of(0x42, P.Op.BURN, 1), // truncated immediate
      Uint8Array.of(0x82, 0, 0), // not a byte string
      Uint8Array.of(0x43, 0), // header longer than the block
      P.params(P.syscall('v2', 'network.base_fee', [])), // fine at nv17, op id unbound at nv18
    ]
    for (const [i, params] of bad.entries()) {
      const code = applyWithBundle(nv, st, message({ params })).receipt.exitCode
      assert.equal(code, i === 4 && nv === 17 ? 0 : P.BAD_PROGRAM, `nv${nv} case ${i}`)
    }
    if (nv === 17) for (const op of [P.emitEvent(new Uint8Array(0)), P.networkContext(), P.balanceOf(1n)]) assert.equal(runProgram(17, op).receipt.exitCode, P.BAD_PROGRAM)
  }
})

test('state: STATE_WRITE then STATE_READ; the post-state holds the new head', () => {
  for (const nv of NVS) {
    const state = encodeCbor([1, 'two', new Uint8Array([3])])
    const { out, recs } = results(nv, P.program(P.stateWrite(state), P.stateRead(), P.blockOpen(), P.blockStat()))
    const cid = dagCborCid(state)
    assert.deepEqual(recs.map((r) => [r.op, r.errno]), [[P.Op.STATE_WRITE, 0], [P.Op.STATE_READ, 0], [P.Op.BLOCK_OPEN, 0], [P.Op.BLOCK_STAT, 0]])
    assert.equal(hex(recs[0]?.data ?? new Uint8Array(0)), hex(cid.bytes))
    assert.equal(hex(recs[1]?.data ?? new Uint8Array(0)), hex(state))
    // IpldOpen {codec u64, id u32, size u32}: the state block opened again gets a new handle.
    const open = recs[2]?.data ?? new Uint8Array(0)
    assert.equal(P.le.u64(open), 0x71n)
    assert.equal(P.le.u32(open, 12), state.length)
    // IpldStat of LAST (that handle) {codec u64, size u32}.
    assert.equal(P.le.u32(recs[3]?.data ?? new Uint8Array(0), 8), state.length)
    assert.equal(out.tree.getActor(SCRIPTED_ID)?.head.toString(), cid.toString())
    assert.equal(hex(out.tree.store.mustGet(cid)), hex(state))
  }
})

test('blocks: create, link, read (partial, past the end), stat; errors are recorded', () => {
  for (const nv of NVS) {
    const data = Uint8Array.of(0x83, 1, 2, 3)
    const { recs } = results(nv, P.program(
      P.blockCreate(0x71, data),
      P.blockLink(),
      P.blockRead(P.LAST, 1, 2),
      P.blockRead(P.LAST, 2, 10),
      P.blockStat(99),
      P.assertErrno(ErrorNumber.InvalidHandle, 50),
      P.blockCreate(0x1234, data),
    ))
    // The params block is handle 1, so the created block is handle 2.
    assert.equal(P.le.u32(recs[0]?.data ?? new Uint8Array(0)), 2)
    assert.equal(hex(recs[1]?.data ?? new Uint8Array(0)), hex(dagCborCid(data).bytes))
    // block_read returns size − (offset + length): 4 − 3 = 1, then 4 − 12 = −8 with 2 bytes copied.
    assert.equal(P.le.i32(recs[2]?.data ?? new Uint8Array(0)), 1)
    assert.equal(hex((recs[2]?.data ?? new Uint8Array(0)).slice(4)), '0102')
    assert.equal(P.le.i32(recs[3]?.data ?? new Uint8Array(0)), -8)
    assert.equal(hex((recs[3]?.data ?? new Uint8Array(0)).slice(4)), '0203')
    assert.equal(recs[4]?.errno, ErrorNumber.InvalidHandle)
    assert.equal(recs[5]?.errno, ErrorNumber.IllegalCodec)
  }
})

test('assertions: ASSERT_ERRNO / ASSERT_EXIT exit with their code; nv18 returns the results', () => {
  for (const nv of NVS) {
    const out = runProgram(nv, P.program(P.balance(), P.assertErrno(0, 40), P.blockStat(77), P.assertErrno(0, 41), P.burn(1)))
    assert.equal(out.receipt.exitCode, 41)
    if (nv === 18) assert.deepEqual(P.decodeResults(out.receipt.returnData).map((r) => r.errno), [0, ErrorNumber.InvalidHandle])
    else assert.equal(out.receipt.returnData.length, 0)
  }
})

test('EXIT: user codes pass through with (nv18) the results; RETURN of a missing handle is SYS_MISSING_RETURN', () => {
  for (const nv of NVS) {
    const out = runProgram(nv, P.program(P.balance(), P.exit(33)))
    assert.equal(out.receipt.exitCode, 33)
    assert.equal(out.receipt.returnData.length === 0, nv === 17)
    assert.equal(runProgram(nv, P.exit(3)).receipt.exitCode, ExitCode.SYS_ILLEGAL_EXIT_CODE)
    assert.equal(runProgram(nv, P.ret(0)).receipt.exitCode, ExitCode.OK)
    assert.equal(runProgram(nv, P.ret(9)).receipt.exitCode, ExitCode.SYS_MISSING_RETURN)
  }
  // nv18: exit 0 with a block is a successful return of that block.
  const out = runProgram(18, P.program(P.balance(), P.exit(0)))
  assert.equal(out.receipt.exitCode, 0)
  assert.equal(P.decodeResults(out.receipt.returnData).length, 1)
})

test('context: balance, own address, message context, network context, randomness', () => {
  for (const nv of NVS) {
    const prog = [P.balance(), P.selfAddress(), P.messageContext(), P.randomness('chain', 1n, 5n, Uint8Array.of(1, 2)), P.randomness('beacon', 1n, 5n)]
    if (nv === 18) prog.push(P.networkContext(), P.balanceOf(100n))
    const { recs } = results(nv, P.program(...prog))
    assert.ok(recs.every((r) => r.errno === 0))
    assert.equal(P.le.u128(recs[0]?.data ?? new Uint8Array(0)), 1000n)
    assert.equal(hex(recs[1]?.data ?? new Uint8Array(0)), hex(addressToBytes(idAddress(SCRIPTED_ID))))
    const ctx = recs[2]?.data ?? new Uint8Array(0)
    // caller, receiver and method at offsets 16, 24, 32 in both versions
    assert.deepEqual([P.le.u64(ctx, 16), P.le.u64(ctx, 24), P.le.u64(ctx, 32)], [100n, SCRIPTED_ID, 2n])
    assert.equal(ctx.length, nv === 17 ? 52 : 80)
    if (nv === 17) assert.equal(P.le.u32(ctx, 48), 17) // InvocationContext.network_version
    assert.equal(recs[3]?.data.length, 32)
    assert.equal(recs[4]?.data.length, 32)
    if (nv === 18) {
      const net = recs[5]?.data ?? new Uint8Array(0)
      assert.equal(P.le.u64(net), 10n) // NetworkContext.epoch
      assert.equal(net.length, 44)
      assert.equal(P.le.u128(recs[6]?.data ?? new Uint8Array(0)), 10n ** 20n - 100_000_000n * 1000n) // alice after gas escrow
    }
  }
})

test('send: value and a sub-program to another scripted actor; ASSERT_EXIT; the callee state changes', () => {
  for (const nv of NVS) {
    const inner = P.program(P.balance(), P.stateWrite(Uint8Array.of(0x07)), P.exit(20, P.RESULTS))
    const { out, recs } = results(nv, P.program(
      P.sendProgram(nv, { to: idAddress(OTHER_ID), method: 2n, value: 300n }, P.program(P.balance(), P.stateWrite(Uint8Array.of(0x80)))),
      P.assertExit(0, 40),
      P.blockRead(P.LAST, 0, 200),
      P.sendProgram(nv, { to: idAddress(OTHER_ID), method: 2n }, inner),
      P.assertExit(20, 41),
      P.send({ to: idAddress(999n), method: 2n }),
      P.assertExit(0xffff_ffff, 42),
    ))
    // records: block_create, send, block_read, block_create, send, send(NotFound)
    assert.deepEqual(recs.map((r) => r.op), [P.Op.BLOCK_CREATE, P.Op.SEND, P.Op.BLOCK_READ, P.Op.BLOCK_CREATE, P.Op.SEND, P.Op.SEND])
    const send1 = recs[1]?.data ?? new Uint8Array(0)
    assert.equal(P.le.u32(send1), 0)
    assert.equal(P.le.u64(send1, 8), BigInt(P.blockCodec(nv)))
    // The callee's results, read through LAST: its balance (300 received) and its new root.
    const nested = P.decodeResults((recs[2]?.data ?? new Uint8Array(0)).slice(4, 4 + P.le.u32(send1, 16)))
    assert.equal(P.le.u128(nested[0]?.data ?? new Uint8Array(0)), 300n)
    assert.equal(hex(nested[1]?.data ?? new Uint8Array(0)), hex(dagCborCid(Uint8Array.of(0x80)).bytes))
    // The second send exited 20: at nv17 it returns no block, at nv18 it returns its results.
    const send2 = recs[4]?.data ?? new Uint8Array(0)
    assert.equal(P.le.u32(send2), 20)
    assert.equal(P.le.u32(send2, 4) !== 0, nv === 18)
    assert.equal(recs[5]?.errno, ErrorNumber.NotFound)
    // The callee's failed call was rolled back: its state is the first write, its balance 300.
    const other = out.tree.getActor(OTHER_ID)
    assert.equal(other?.head.toString(), dagCborCid(Uint8Array.of(0x80)).toString())
    assert.equal(other?.balance, 300n)
    assert.equal(out.tree.getActor(SCRIPTED_ID)?.balance, 700n)
  }
})

test('send to a new key address auto-creates an account; nv18 read-only and gas-limited sends', () => {
  for (const nv of NVS) {
    const to = secp256k1AddressFromPayload(new Uint8Array(20).fill(3))
    const { out, recs } = results(nv, P.program(P.send({ to, method: 0n, value: 10n })))
    assert.equal(recs[0]?.errno, 0)
    assert.equal(out.tree.getActor(NEXT_ID)?.head.toString(), dagCborCid(encodeCbor([addressToBytes(to)])).toString())
  }
  const { recs } = results(18, P.program(
    P.send({ to: idAddress(OTHER_ID), method: 2n, value: 1n, flags: 1n }), // read-only with value: ReadOnly
    P.sendProgram(18, { to: idAddress(OTHER_ID), method: 2n, flags: 1n }, P.stateWrite(Uint8Array.of(0x80))),
    P.blockRead(P.LAST, 0, 100),
    P.sendProgram(18, { to: idAddress(OTHER_ID), method: 2n, gasLimit: 100_000n }, P.burn(1_000_000)),
  ))
  assert.equal(recs[0]?.errno, ErrorNumber.ReadOnly)
  // The read-only callee's set_root fails with ReadOnly (in its own results).
  const nested = P.decodeResults((recs[3]?.data ?? new Uint8Array(0)).slice(4))
  assert.equal(nested[0]?.errno, ErrorNumber.ReadOnly)
  // The gas-limited callee runs out of its own limit: exit 7, the caller goes on.
  assert.equal(P.le.u32(recs[5]?.data ?? new Uint8Array(0)), ExitCode.SYS_OUT_OF_GAS)
})

test('recursion: RECURSE to depth 3, each level returning the one below', () => {
  for (const nv of NVS) {
    // Each level: recurse with the level below, then read its return (LAST) into the results.
    const level = (body: Uint8Array) => P.program(P.recurse(body), P.blockRead(P.LAST, 0, 2000))
    const prog = level(level(level(P.selfAddress())))
    const out = runProgram(nv, prog, { tracing: true })
    assert.equal(out.receipt.exitCode, 0)
    let recs = P.decodeResults(out.receipt.returnData)
    for (let depth = 1; depth <= 3; depth++) {
      assert.deepEqual(recs.map((r) => [r.op, r.errno]), [[P.Op.RECURSE, 0], [P.Op.BLOCK_READ, 0]], `depth ${depth}`)
      const size = P.le.u32(recs[0]?.data ?? new Uint8Array(0), 16)
      recs = P.decodeResults((recs[1]?.data ?? new Uint8Array(0)).slice(4, 4 + size))
    }
    assert.equal(hex(recs[0]?.data ?? new Uint8Array(0)), hex(addressToBytes(idAddress(SCRIPTED_ID))))
    // The top-level call and three self-sends.
    assert.equal(out.trace.filter((e) => e.kind === 'call').length, 4)
  }
})

test('memory, events, self-destruct', () => {
  for (const nv of NVS) {
    const { recs } = results(nv, P.program(P.grow(2), P.grow(1), P.writeMem(65536 * 2 + 10, Uint8Array.of(1))))
    assert.deepEqual(recs.map((r) => P.le.i32(r.data)), [1, 3])
    assert.equal(runProgram(nv, P.writeMem(65536, Uint8Array.of(1))).receipt.exitCode, ExitCode.SYS_ILLEGAL_INSTRUCTION)
    // Self-destruct to f0100: the balance moves, the actor is gone.
    const sd = results(nv, P.program(P.selfDestruct(idAddress(100n))))
    assert.equal(sd.recs[0]?.errno, 0)
    assert.equal(sd.out.tree.getActor(SCRIPTED_ID), undefined)
  }
  const event = encodeCbor([[3, 'k', 0x55, Uint8Array.of(1, 2)]])
  const ev = results(18, P.program(P.emitEvent(event), P.emitEvent(Uint8Array.of(0xff))))
  assert.deepEqual(ev.recs.map((r) => r.errno), [0, ErrorNumber.IllegalArgument])
  assert.ok(ev.out.receipt.eventsRoot !== null)
})

test('raw syscalls: every syscall of each version can be called with all-zero arguments', () => {
  for (const nv of NVS) {
    const abi = P.abiFor(nv)
    for (const s of P.rawSyscallsFor(abi)) {
      const name = `${s.module}.${s.name}`
      const out = runProgram(nv, P.syscall(abi, name, [...s.sig.params].map(() => 0)))
      if (s.diverges === true) {
        // vm.abort / vm.exit with code 0: SYS_ILLEGAL_EXIT_CODE (nv17); nv18 exit 0 without a block.
        assert.equal(out.receipt.exitCode, nv === 17 ? ExitCode.SYS_ILLEGAL_EXIT_CODE : ExitCode.OK, name)
        continue
      }
      // Either a record (errno and captured out-value), or the syscall ended the message (e.g. fatal).
      if (out.receipt.exitCode !== 0) continue
      const recs = P.decodeResults(out.receipt.returnData)
      assert.equal(recs.length, 1, name)
      assert.equal(recs[0]?.op, P.Op.SYSCALL)
      // The capture (default: the out-value at the out-pointer) is taken whatever the errno.
      assert.equal(recs[0]?.data.length, s.sig.out, name)
    }
    // A raw exit with a user code.
    const args = nv === 17 ? [19, 0, 0] : [19, 0, 0, 0]
    assert.equal(runProgram(nv, P.syscall(abi, nv === 17 ? 'vm.abort' : 'vm.exit', args)).receipt.exitCode, 19)
    // An out-pointer beyond memory: IllegalArgument, nothing captured.
    const { recs } = results(nv, P.syscall(abi, 'self.current_balance', [], { out: 65530 }))
    assert.deepEqual([recs[0]?.errno, recs[0]?.data.length], [ErrorNumber.IllegalArgument, 0])
  }
})

// ---- gas figures --------------------------------------------------------------------------------

test('gas: BURN costs 20 gas per iteration', () => {
  for (const nv of NVS) {
    const a = runProgram(nv, P.burn(0)).receipt.gasUsed
    const b = runProgram(nv, P.burn(1000)).receipt.gasUsed
    // One iteration: local.get, i32.const, i32.sub, local.tee, br_if = 5 × 4 gas.
    assert.equal(b - a, 20_000n, `nv${nv}`)
  }
})

test('gas: a raw gas.charge(x) costs exactly x more than gas.charge(0)', () => {
  for (const nv of NVS) {
    const prog = (x: bigint) => P.program(P.writeMem(P.Memory.USER, new TextEncoder().encode('burn')), P.syscall(P.abiFor(nv), 'gas.charge', [P.Memory.USER, 4, x]))
    const a = runProgram(nv, prog(0n)).receipt.gasUsed
    const b = runProgram(nv, prog(12345n)).receipt.gasUsed
    assert.equal(b - a, 12345n, `nv${nv}`)
  }
})

test('gas: memory.grow is free at nv17 and 26214.4 gas per page at nv18', () => {
  for (const nv of NVS) {
    const a = runProgram(nv, P.grow(0)).receipt.gasUsed
    const b = runProgram(nv, P.grow(5)).receipt.gasUsed
    // nv18: 5 pages × 65536 B × 0.4 gas = 131072 gas (linear memory.grow charge, wasm.memory-grow-charge).
    assert.equal(b - a, nv === 17 ? 0n : 131_072n, `nv${nv}`)
  }
})
