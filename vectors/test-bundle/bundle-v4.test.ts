/**
 * The test bundle at v4 (nv21–nv28): the modules compile for the v4 ABI, import exactly the v4
 * syscalls, and every op the v4 ABI changed (events, self-destruct, randomness) or whose kernel
 * rules changed (FIP-0071 reachability of the IPLD ops) behaves as the rules say.
 *
 * Expected figures are derived here from the rules (spec/gas.md, the v4 charges in
 * `fvm@v4.8.2:fvm/src/gas/price_list.rs`), not read back from the interpreter.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { encodeCbor, type Ipld } from '../../interpreter/ipld/cbor.js'
import { Amt } from '../../interpreter/ipld/amt.js'
import { Blockstore } from '../../interpreter/ipld/blockstore.js'
import { cidOf, Codec, dagCborCid } from '../../interpreter/ipld/cid.js'
import { FALLBACK_RANDOMNESS } from '../../interpreter/machine/externs.js'
import { syscallsFor } from '../../interpreter/kernel/syscall-table.js'
import { BURNT_FUNDS_ACTOR_ID } from '../../interpreter/types/chain.js'
import { addressToBytes, blsAddress, idAddress } from '../../interpreter/types/address.js'
import { ErrorNumber } from '../../interpreter/types/error-number.js'
import { ExitCode } from '../../interpreter/types/exit-code.js'
import type { Message } from '../../interpreter/types/message.js'
import { actorWatFor, compileActor, SCRIPTED } from './bundle.js'
import { applyWithBundle, bundleState, type Applied } from './machine.js'
import * as P from './program.js'
import { ACTORS, ALICE, OTHER_ID, SCRIPTED_ID } from './fixture.js'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

function message(prog: Uint8Array, gasLimit = 100_000_000n): Message {
  return { version: 0n, to: idAddress(SCRIPTED_ID), from: ALICE, sequence: 0n, value: 0n, gasLimit, gasFeeCap: 1000n, gasPremium: 1n, method: 2n, params: P.params(prog) }
}

function run(nv: number, prog: Uint8Array, o: { tracing?: boolean; gasLimit?: bigint } = {}): Applied {
  return applyWithBundle(nv, bundleState(nv, ACTORS), message(prog, o.gasLimit), 100, { tracing: o.tracing ?? false })
}

function results(nv: number, prog: Uint8Array): { out: Applied; recs: P.ResultRecord[] } {
  const out = run(nv, prog)
  assert.equal(out.receipt.exitCode, 0, `nv${nv}: ${out.failureInfo ?? ''}`)
  return { out, recs: P.decodeResults(out.receipt.returnData) }
}

// ---- compilation (no v4 machine needed) -----------------------------------------------------------

test('v4 modules compile (MVP + bulk memory) and the scripted actor imports exactly the v4 syscalls', () => {
  for (const name of [SCRIPTED, 'system', 'account', 'eam', 'placeholder']) assert.ok(compileActor(name, 'v4').length > 0, name)
  const imports = [...actorWatFor(SCRIPTED, 'v4').matchAll(/\(import "(\w+)" "(\w+)" \(func \$[\w.]+ \(param ([^)]*)\)/g)].map((m) => `${m[1]}.${m[2]}(${m[3]})`)
  const expected = P.rawSyscallsFor('v4').map((s) => `${s.module}.${s.name}(${['i32', ...[...s.sig.params].map((c) => (c === 'I' ? 'i64' : 'i32'))].slice(s.sig.out > 0 ? 0 : 1).join(' ')})`)
  assert.deepEqual(imports, expected)
  // The v4 changes (fvm@v4.8.2:fvm/src/syscalls/{sself,rand,event,crypto}.rs).
  assert.ok(imports.includes('self.self_destruct(i32)'))
  assert.ok(imports.includes('rand.get_chain_randomness(i32 i64)'))
  assert.ok(imports.includes('event.emit_event(i32 i32 i32 i32 i32 i32)'))
  assert.ok(imports.includes('crypto.verify_bls_aggregate(i32 i32 i32 i32 i32 i32)'))
  assert.equal(P.rawSyscallsFor('v4').length, 41) // the production list of v4-kernel.md §1.2
})

test('the SYSCALL dispatcher of each ABI covers the ids up to its last: v2/v3 0–44 (unchanged by v4), v4 0–45', () => {
  assert.deepEqual(P.dispatchedSyscalls('v2').map((s) => s.id).at(-1), 44)
  assert.deepEqual(P.dispatchedSyscalls('v3').map((s) => s.id).at(-1), 44)
  assert.deepEqual(P.dispatchedSyscalls('v4').map((s) => s.id).at(-1), 45)
  for (const abi of P.ABIS) assert.match(actorWatFor(SCRIPTED, abi), new RegExp(`br_table ${P.dispatchedSyscalls(abi).map((s) => `\\$s${s.id}`).join(' ')} \\$unbound`))
})

test('eventBuffers packs v4 entry headers as {flags u64, codec u64, key_len u32, val_len u32} LE', () => {
  const b = P.eventBuffers([{ flags: 3, key: 'foo', codec: 0x55, value: new TextEncoder().encode('abc') }, { flags: 1, key: '👱', codec: 0x51, value: Uint8Array.of(9) }])
  assert.equal(hex(b.entries), '0300000000000000' + '5500000000000000' + '03000000' + '03000000' + '0100000000000000' + '5100000000000000' + '04000000' + '01000000')
  assert.equal(hex(b.keys), hex(new TextEncoder().encode('foo👱')))
  assert.equal(hex(b.values), '61626309')
})

// ---- behaviour at nv21 --------------------------------------------------------------------------

test('v4: RAW_SYSCALLS is exactly the v4 syscall table', () => {
  const table = syscallsFor('v4').map((d) => `${d.module}.${d.name}(${d.params.map((p) => (p === 'i64' ? 'I' : 'i')).join('')})→${d.out}`).sort()
  const ours = P.rawSyscallsFor('v4').map((s) => `${s.module}.${s.name}(${s.sig.params})→${s.sig.out}`).sort()
  assert.deepEqual(ours, table)
})

test('v4: state round trip; STATE_READ calls root first, so the state is reachable', () => {
  for (const nv of [21, 25, 28]) {
    const state = encodeCbor([1n, 'two'])
    const { out, recs } = results(nv, P.program(P.stateWrite(state), P.stateRead(), P.blockOpen(), P.blockStat()))
    assert.deepEqual(recs.map((r) => r.errno), [0, 0, 0, 0], `nv${nv}`)
    assert.equal(hex(recs[1]?.data ?? new Uint8Array(0)), hex(state))
    assert.equal(out.tree.getActor(SCRIPTED_ID)?.head.toString(), dagCborCid(state).toString())
  }
})

test('v4 (FIP-0071): opening a CID the invocation was never given is NotFound; root and links make CIDs reachable', () => {
  const initial = dagCborCid(Uint8Array.of(0x80)) // the scripted actors' state: the empty array
  const foreign = cidOf(Codec.IPLD_RAW, Uint8Array.of(1, 2, 3)) // in no store at all
  const { recs } = results(21, P.program(
    P.blockOpen(initial.bytes), // the state root before `self.root`: not reachable
    P.blockOpen(foreign.bytes), // never seen
    P.stateRead(), // self.root marks the root reachable
    P.blockOpen(initial.bytes), // now it opens
    // A DAG-CBOR block linking an unreachable CID cannot be created; linking a reachable one can.
    P.blockCreate(Codec.DAG_CBOR, encodeCbor([foreign] as Ipld)),
    P.blockCreate(Codec.DAG_CBOR, encodeCbor([initial] as Ipld)),
    P.blockLink(),
    // set_root of an unreachable CID: NotFound.
    P.writeMem(P.Memory.USER, foreign.bytes),
    P.syscall('v4', 'self.set_root', [P.Memory.USER]),
  ))
  assert.deepEqual(recs.map((r) => [r.op, r.errno]), [
    [P.Op.BLOCK_OPEN, ErrorNumber.NotFound],
    [P.Op.BLOCK_OPEN, ErrorNumber.NotFound],
    [P.Op.STATE_READ, 0],
    [P.Op.BLOCK_OPEN, 0],
    [P.Op.BLOCK_CREATE, ErrorNumber.NotFound],
    [P.Op.BLOCK_CREATE, 0],
    [P.Op.BLOCK_LINK, 0],
    [P.Op.SYSCALL, ErrorNumber.NotFound],
  ])
})

test('v4 (FIP-0071): links of a returned block and of DAG-CBOR params become reachable; OnMethodInvocation charges 300 per param link', () => {
  const data = Uint8Array.of(0x43, 7, 8, 9) // a CBOR byte string, stored DAG-CBOR
  const linked = dagCborCid(data)
  // The callee links `data` and returns a DAG-CBOR block linking it.
  const callee = P.program(P.blockCreate(Codec.DAG_CBOR, data), P.blockLink(), P.blockCreate(Codec.DAG_CBOR, encodeCbor([linked] as Ipld)), P.ret(P.LAST))
  const { recs } = results(21, P.program(
    P.blockOpen(linked.bytes), // not reachable here yet
    P.sendProgram(21, { to: idAddress(OTHER_ID), method: 2n }, callee),
    P.assertExit(0, 40),
    P.blockOpen(linked.bytes), // reachable through the returned block's link
    // Now send `linked` as a link of the params: the callee can open it without being given it otherwise.
    P.sendProgram(21, { to: idAddress(OTHER_ID), method: 2n }, P.program(P.blockOpen(linked.bytes), P.blockRead(P.LAST, 0, 10)), [linked]),
    P.assertExit(0, 41),
    P.blockRead(P.LAST, 0, 200),
  ))
  assert.deepEqual(recs.map((r) => [r.op, r.errno]), [[P.Op.BLOCK_OPEN, ErrorNumber.NotFound], [P.Op.BLOCK_CREATE, 0], [P.Op.SEND, 0], [P.Op.BLOCK_OPEN, 0], [P.Op.BLOCK_CREATE, 0], [P.Op.SEND, 0], [P.Op.BLOCK_READ, 0]])
  const nested = P.decodeResults((recs[6]?.data ?? new Uint8Array(0)).slice(4, 4 + P.le.u32(recs[5]?.data ?? new Uint8Array(20), 16)))
  assert.deepEqual(nested.map((r) => [r.op, r.errno]), [[P.Op.BLOCK_OPEN, 0], [P.Op.BLOCK_READ, 0]])
  assert.equal(hex((nested[1]?.data ?? new Uint8Array(0)).slice(4)), hex(data))
  // Traced: OnMethodInvocation = compute 75 000 + 300 × links (fvm@v4.8.2:fvm/src/gas/price_list.rs L638–642).
  const traced = run(21, P.program(P.stateRead(), P.sendProgram(21, { to: idAddress(OTHER_ID), method: 2n }, new Uint8Array(0), [dagCborCid(Uint8Array.of(0x80))])), { tracing: true })
  const inv = traced.trace.filter((e) => e.kind === 'gas' && e.name === 'OnMethodInvocation').map((e) => (e.kind === 'gas' ? e.compute + e.other : 0n))
  assert.deepEqual(inv, [75_000_000n, 75_300_000n])
})

/** The events AMT root of stamped events, computed here (AMT bit width 5 of `[emitter, [[flags, key, codec, value], …]]`). */
function expectedEventsRoot(events: readonly { emitter: bigint; entries: readonly P.EventEntry[] }[]): string {
  const ipld = events.map((e) => [e.emitter, e.entries.map((x) => [BigInt(x.flags), typeof x.key === 'string' ? x.key : new TextDecoder().decode(x.key), BigInt(x.codec), x.value])] as Ipld)
  return Amt.fromEntries(Blockstore.empty(), 5, ipld).root.toString()
}

test('v4 (FIP-0072): EMIT_EVENT with three buffers; the receipt commits the stamped events', () => {
  const e1: P.EventEntry[] = [{ flags: 3, key: 'foo', codec: 0x55, value: new TextEncoder().encode('abc') }]
  const e2: P.EventEntry[] = [{ flags: 0, key: 'k', codec: 0x51, value: encodeCbor(7n) }] // CBOR values are legal at v4
  const { out, recs } = results(21, P.program(P.emitEntries(e1), P.emitEntries(e2), P.emitEntries([])))
  assert.deepEqual(recs.map((r) => r.errno), [0, 0, 0])
  assert.equal(out.receipt.eventsRoot?.toString(), expectedEventsRoot([{ emitter: SCRIPTED_ID, entries: e1 }, { emitter: SCRIPTED_ID, entries: e2 }, { emitter: SCRIPTED_ID, entries: [] }]))
  // Malformed: errors in the kernel's order (v4-kernel.md §3.12).
  const raw = (entries: P.EventEntry[], keys?: Uint8Array, values?: Uint8Array) => {
    const b = P.eventBuffers(entries)
    return P.emitEventRaw(b.entries, keys ?? b.keys, values ?? b.values)
  }
  const bad = results(21, P.program(
    raw([{ flags: 4, key: 'a', codec: 0x55, value: new Uint8Array(0) }]), // unknown flag bit
    raw([{ flags: 0, key: 'x'.repeat(32), codec: 0x55, value: new Uint8Array(0) }]), // key > 31 bytes
    raw([{ flags: 0, key: 'a', codec: 0x71, value: new Uint8Array(0) }]), // DAG-CBOR values are not allowed
    raw([{ flags: 0, key: 'a', codec: 0x55, value: new Uint8Array(0) }], new TextEncoder().encode('ab')), // a key byte left over
    raw([{ flags: 0, key: Uint8Array.of(0xf0), codec: 0x55, value: new Uint8Array(0) }]), // keys not UTF-8
    raw([{ flags: 0, key: 'a', codec: 0x55, value: new Uint8Array(8193) }]), // values > 8192 bytes in all
  ))
  assert.deepEqual(bad.recs.map((r) => r.errno), [ErrorNumber.IllegalArgument, ErrorNumber.LimitExceeded, ErrorNumber.IllegalCodec, ErrorNumber.IllegalArgument, ErrorNumber.IllegalArgument, ErrorNumber.LimitExceeded])
  assert.equal(bad.out.receipt.eventsRoot, null)
})

test('v4 (FIP-0073): self_destruct(false) with funds is IllegalOperation; self_destruct(true) burns them to f099', () => {
  const before = bundleState(21, ACTORS).tree.getActor(BURNT_FUNDS_ACTOR_ID)?.balance ?? 0n
  const { out, recs } = results(21, P.program(P.selfDestructBurn(false), P.selfDestructBurn(true), P.balance(), P.selfDestructBurn(false)))
  // After the deletion the balance reads 0 and a second self-destruct is a no-op.
  assert.deepEqual(recs.map((r) => r.errno), [ErrorNumber.IllegalOperation, 0, 0, 0])
  assert.equal(P.le.u128(recs[2]?.data ?? new Uint8Array(0)), 0n)
  assert.equal(out.tree.getActor(SCRIPTED_ID), undefined)
  // f099 gets the 1000 attos, plus the settlement's base-fee and over-estimation burns.
  const after = out.tree.getActor(BURNT_FUNDS_ACTOR_ID)?.balance ?? 0n
  const g = out.gasOutputs
  assert.ok(g !== null)
  assert.equal(after - before, 1000n + g.baseFeeBurn + g.overEstimationBurn)
})

test('v4 (FIP-0075): RANDOMNESS returns the extern\'s digest as is; a future epoch runs out of gas', () => {
  // bundleMachine's context: epoch 10, replaying externs with no records → the fallback digest.
  const { recs } = results(21, P.program(P.randomness('chain', 99n, 4n, Uint8Array.of(1)), P.randomness('beacon', 0n, 10n)))
  assert.deepEqual(recs.map((r) => hex(r.data)), [hex(FALLBACK_RANDOMNESS), hex(FALLBACK_RANDOMNESS)])
  const future = run(21, P.randomness('chain', 0n, 11n))
  assert.equal(future.receipt.exitCode, ExitCode.SYS_OUT_OF_GAS)
  assert.equal(future.receipt.gasUsed, 100_000_000n)
})

test('v4 (FIP-0075): OnGetRandomness = 146 200 + 75 × lookback gas (other)', () => {
  const charges = (epoch: bigint) => run(21, P.randomness('chain', 0n, epoch), { tracing: true }).trace.filter((e) => e.kind === 'gas' && e.name === 'OnGetRandomness')
  for (const [epoch, lookback] of [[10n, 0n], [9n, 1n], [0n, 10n]] as const) {
    const [c] = charges(epoch)
    assert.ok(c !== undefined && c.kind === 'gas')
    assert.deepEqual([c.compute, c.other], [0n, (146_200n + 75n * lookback) * 1000n], `epoch ${epoch}`)
  }
})

test('v4 (FIP-0079): verify_bls_aggregate with no signers is valid and costs 8 299 302 gas', () => {
  const U = P.Memory.USER
  const { out, recs } = (() => {
    const out = run(21, P.program(P.syscall('v4', 'crypto.verify_bls_aggregate', [0, U, U + 96, U + 96, U + 96])), { tracing: true })
    return { out, recs: P.decodeResults(out.receipt.returnData) }
  })()
  assert.equal(out.receipt.exitCode, 0)
  assert.deepEqual([recs[0]?.errno, P.le.i32(recs[0]?.data ?? new Uint8Array(4))], [0, 0])
  const c = out.trace.find((e) => e.kind === 'gas' && e.name === 'OnVerifyBlsAggregateSignature')
  assert.ok(c !== undefined && c.kind === 'gas')
  assert.equal(c.compute + c.other, 8_299_302n * 1000n)
})

test('v4: every syscall can be called with all-zero arguments', () => {
  for (const s of P.rawSyscallsFor('v4')) {
    const name = `${s.module}.${s.name}`
    const out = run(21, P.syscall('v4', name, [...s.sig.params].map(() => 0)))
    if (s.diverges === true) {
      assert.equal(out.receipt.exitCode, ExitCode.OK, name)
      continue
    }
    if (out.receipt.exitCode !== 0) continue // e.g. a fatal extern, or self_destruct's burn
    const recs = P.decodeResults(out.receipt.returnData)
    assert.equal(recs.length, 1, name)
    assert.equal(recs[0]?.data.length, s.sig.out, name)
  }
})

test('v4: a send auto-creates an account whose constructor runs under v4 rules', () => {
  const to = blsAddress(new Uint8Array(48).fill(9))
  const { out, recs } = results(21, P.program(P.send({ to, method: 0n, value: 5n })))
  assert.equal(recs[0]?.errno, 0)
  const created = out.tree.lookupId(to)
  assert.ok(created !== undefined)
  assert.equal(out.tree.getActor(created)?.head.toString(), dagCborCid(encodeCbor([addressToBytes(to)])).toString())
})
