/**
 * Hostile inputs through the scripted actor: where ref-fvm reads an actor's input in a way a
 * strict reader would not, fvm-spec reads it the same way. Each test names its rule.
 *
 * - `ipld.cid-read`: CIDs with u64 codecs and multihash codes (≥ 2^53) read by `self.set_root`,
 *   `actor.get_builtin_actor_type`, `ipld.block_open`, `actor.create_actor` keep their exact value.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { blsAddress, idAddress, type Address } from '../../interpreter/types/address.js'
import { ErrorNumber } from '../../interpreter/types/error-number.js'
import { ExitCode } from '../../interpreter/types/exit-code.js'
import type { Message } from '../../interpreter/types/message.js'
import type { NetworkVersion } from '../../interpreter/types/network-version.js'
import { StateTree } from '../../interpreter/state/state-tree.js'
import { HostResourceError } from '../../interpreter/call-manager/execution-error.js'
import { applyWithBundle, bundleState, type Applied } from './machine.js'
import * as P from './program.js'
import { ACTORS, ALICE, SCRIPTED_ID } from './fixture.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const unhex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s/g, ''), 'hex'))

function message(prog: Uint8Array, gasLimit = 1_000_000_000n): Message {
  // The sender can pay for 10^10 gas at a fee cap of 1000.
  return { version: 0n, to: idAddress(SCRIPTED_ID), from: ALICE, sequence: 0n, value: 0n, gasLimit, gasFeeCap: 1000n, gasPremium: 1n, method: 2n, params: P.params(prog) }
}

function run(nv: NetworkVersion, prog: Uint8Array): Applied {
  return applyWithBundle(nv as 17, bundleState(nv as 17, ACTORS), message(prog))
}

function records(nv: NetworkVersion, prog: Uint8Array): { out: Applied; recs: P.ResultRecord[] } {
  const out = run(nv, prog)
  assert.equal(out.receipt.exitCode, ExitCode.OK, `nv${nv}: ${out.failureInfo ?? ''}`)
  return { out, recs: P.decodeResults(out.receipt.returnData) }
}

// ---- ipld.cid-read ------------------------------------------------------------------------------

const DIGEST = 'ab'.repeat(32)
/** CIDv1, codec 2^64 − 1 (a 10-byte varint), blake2b-256. */
const HUGE_CODEC = unhex(`01 ffffffffffffffffff01 a0e402 20 ${DIGEST}`)
/** CIDv1, codec DAG-CBOR, multihash code 2^53 + 1 (an 8-byte varint), 32-byte digest. */
const HUGE_HASH = unhex(`01 71 8180808080808010 20 ${DIGEST}`)
/** The same as HUGE_CODEC, with a 10th varint byte of 0x7f: ref-fvm drops the bits past the 64th. */
const WRAPPED_CODEC = unhex(`01 ffffffffffffffffff7f a0e402 20 ${DIGEST}`)

test('ipld.cid-read: self.set_root then self.root keep a u64 codec or multihash code exactly (nv17, nv18); the post-state holds it', () => {
  for (const nv of [17, 18] as const) {
    const abi = P.abiFor(nv)
    for (const [cid, expected] of [[HUGE_CODEC, HUGE_CODEC], [HUGE_HASH, HUGE_HASH], [WRAPPED_CODEC, HUGE_CODEC]] as const) {
      const { out, recs } = records(nv, P.program(
        P.writeMem(P.Memory.USER, cid),
        P.syscall(abi, 'self.set_root', [P.Memory.USER]),
        P.syscall(abi, 'self.root', [2048, 128], { capture: [2048, expected.length] }),
        P.syscall(abi, 'actor.get_builtin_actor_type', [P.Memory.USER]),
      ))
      assert.deepEqual(recs.map((r) => r.errno), [0, 0, 0], `nv${nv} ${hex(cid)}`)
      assert.equal(hex(recs[1]?.data ?? new Uint8Array(0)), hex(expected), `nv${nv}: the root written back is the CID as ref-fvm re-encodes it`)
      // Not a built-in actor's code: type 0.
      assert.equal(P.le.i32(recs[2]?.data ?? new Uint8Array(4)), 0)
      // The head survives a flush and a reload of the state (the state's DAG-CBOR reader keeps it too).
      const [root, flushed] = out.tree.flush()
      const head = StateTree.load(flushed.store, root, [out.tree.version]).getActor(SCRIPTED_ID)?.head
      assert.equal(hex(head?.bytes ?? new Uint8Array(0)), hex(expected))
    }
  }
})

test('ipld.cid-read: at nv21 a CID with a u64 codec is read (not IllegalArgument) but never reachable: set_root NotFound', () => {
  const abi = P.abiFor(21)
  const { recs } = records(21, P.program(
    P.writeMem(P.Memory.USER, HUGE_CODEC),
    P.syscall(abi, 'self.set_root', [P.Memory.USER]),
    P.syscall(abi, 'ipld.block_open', [P.Memory.USER]),
    P.syscall(abi, 'actor.get_builtin_actor_type', [P.Memory.USER]),
    // A non-minimal varint is what the cid crate refuses: IllegalArgument.
    P.writeMem(P.Memory.USER, unhex(`01 f100 a0e402 20 ${DIGEST}`)),
    P.syscall(abi, 'self.set_root', [P.Memory.USER]),
  ))
  assert.deepEqual(recs.map((r) => r.errno), [ErrorNumber.NotFound, ErrorNumber.NotFound, 0, ErrorNumber.IllegalArgument])
})

test('ipld.cid-read: block_open of a u64-codec CID at nv17/nv18 is a missing block (fatal), not a malformed CID', () => {
  for (const nv of [17, 18] as const) {
    const out = run(nv, P.program(P.writeMem(P.Memory.USER, HUGE_CODEC), P.syscall(P.abiFor(nv), 'ipld.block_open', [P.Memory.USER])))
    assert.equal(out.receipt.exitCode, ExitCode.SYS_ASSERTION_FAILED, `nv${nv}`)
    assert.match(out.failureInfo ?? '', /missing state/)
  }
})

test('ipld.cid-read: create_actor with a u64-codec code CID is refused as not built-in (nv17: Forbidden), after the CID is read', () => {
  const abi = P.abiFor(17)
  const { recs } = records(17, P.program(P.writeMem(P.Memory.USER, HUGE_CODEC), P.syscall(abi, 'actor.create_actor', [9999n, P.Memory.USER])))
  assert.equal(recs[0]?.errno, ErrorNumber.Forbidden)
})

// ---- ipld.syscall-cbor --------------------------------------------------------------------------

const COMMP = unhex(`01 81e203 92 20 20 ${'cd'.repeat(31)}0d`)

test('ipld.syscall-cbor: compute_unsealed_sector_cid reads its pieces as ref-fvm does: a non-canonical encoding gives the same CID (nv17, nv18, nv21)', () => {
  // One 2 KiB piece in a 2 KiB sector (proof type 0): CommD is the piece's CommP.
  const link = `d82a 58${(COMMP.length + 1).toString(16)} 00${hex(COMMP)}`
  const canonical = unhex(`81 82 190800 ${link}`)
  // The same value: the outer array length as 0x98 01, the size as a 4-byte integer, the tag as
  // 0xd9 00 2a, the link split into two chunks of an indefinite byte string.
  const lax = unhex(`98 01 82 1a00000800 d9002a 5f 4100 58${COMMP.length.toString(16)} ${hex(COMMP)} ff`)
  for (const nv of [17, 18, 21] as const) {
    const abi = P.abiFor(nv)
    const cidOf = (pieces: Uint8Array) => {
      const { recs } = records(nv, P.program(
        P.writeMem(P.Memory.USER, pieces),
        P.syscall(abi, 'crypto.compute_unsealed_sector_cid', [0n, P.Memory.USER, pieces.length, 4096, 128], { capture: [4096, COMMP.length] }),
      ))
      assert.equal(recs[0]?.errno, 0, `nv${nv}`)
      return hex(recs[0]?.data ?? new Uint8Array(0))
    }
    assert.equal(cidOf(canonical), hex(COMMP), `nv${nv}`)
    assert.equal(cidOf(lax), hex(COMMP), `nv${nv}`)
  }
})

test('ipld.syscall-cbor: an ActorEvent encoded non-canonically is accepted at nv18 and stored re-encoded: the events root is the canonical one', () => {
  // [[3, "k1", 0x55, h'0708']] canonically, and with wide integers, a byte-string key, an indefinite value.
  const canonical = unhex('81 84 03 626b31 1855 420708')
  const lax = unhex('98 01 84 1b0000000000000003 426b31 190055 5f 4107 4108 ff')
  const root = (event: Uint8Array) => {
    const out = run(18, P.program(P.emitEvent(event)))
    assert.equal(out.receipt.exitCode, ExitCode.OK, out.failureInfo ?? '')
    assert.deepEqual(P.decodeResults(out.receipt.returnData).map((r) => r.errno), [0])
    return out.receipt.eventsRoot?.toString()
  }
  const want = root(canonical)
  assert.ok(want !== undefined)
  assert.equal(root(lax), want)
})

// ---- invocation.memory-limits: an auto-created account's constructor --------------------------

test('invocation.memory-limits: an auto-created account\'s constructor stays counted against the 2 GiB until the send returns (nv18, nv21)', () => {
  // Four nested scripted frames take 3 × 8192 + 8191 pages of the call stack's 32 768: one page
  // is left. F4 then sends method 2 to an account. An existing account (f0100) fits in that page
  // and exits 22. A new key address first runs the account constructor in that page; ref-fvm keeps
  // its page counted until the send returns, so the receiver's instance does not fit: exit 4.
  const newKey = blsAddress(new Uint8Array(48).fill(0x42))
  const deep = (to: Address, expected: number) => {
    const f4 = P.program(P.grow(8190), P.send({ to, method: 2n }), P.assertExit(expected, 999), P.exit(777))
    const level = (inner: Uint8Array) => P.program(P.grow(8191), P.recurse(inner), P.assertExit(777, 998), P.exit(777))
    return level(level(level(f4)))
  }
  for (const nv of [18, 21] as const) {
    const go = (to: Address, expected: number) => applyWithBundle(nv, bundleState(nv, ACTORS), message(deep(to, expected), 9_000_000_000n))
    const existing = go(idAddress(100n), ExitCode.USR_UNHANDLED_MESSAGE)
    assert.equal(existing.receipt.exitCode, 777, `nv${nv} existing account: ${existing.failureInfo ?? ''}`)
    const created = go(newKey, ExitCode.SYS_ILLEGAL_INSTRUCTION)
    assert.equal(created.receipt.exitCode, 777, `nv${nv} new account: ${created.failureInfo ?? ''}`)
  }
})

// ---- invocation.host-stack ----------------------------------------------------------------------

test('invocation.host-stack: 1024 nested self-sends on the default (small) stack give no receipt but HostResourceError, at nv17, nv18, nv21', () => {
  for (const nv of [17, 18, 21] as const) {
    // The program sends itself (its own params, handle 1) to itself, until the depth limit refuses.
    const prog = P.program(P.send({ to: idAddress(SCRIPTED_ID), method: 2, params: 1 }))
    assert.throws(() => run(nv, prog), (e: unknown) => {
      assert.ok(e instanceof HostResourceError, String(e))
      assert.match(e.message, /the JavaScript stack ran out at call depth \d+; .*rule invocation.host-stack/)
      return true
    }, `nv${nv}`)
  }
})

// ---- ipld.identity-blocks -----------------------------------------------------------------------

/** bafkqaaa: CIDv1, raw, identity multihash, empty digest. */
const BAFKQAAA = unhex('01 55 00 00')
/** CIDv1, DAG-CBOR, identity multihash of the one-byte block a0 (an empty map). */
const INLINE_MAP = unhex('01 71 00 01 a0')

test('ipld.identity-blocks: block_open of an identity CID opens its inline bytes (Lotus\'s state blockstore): nv17 raw IllegalCodec, DAG-CBOR opened; nv18 opened; nv21 NotFound (not reachable)', () => {
  const open = (nv: NetworkVersion, cid: Uint8Array) => records(nv, P.program(P.blockOpen(cid), P.ret())).recs
  // nv17: the registry takes only DAG-CBOR blocks: the empty raw block is IllegalCodec (after both charges).
  assert.deepEqual(open(17, BAFKQAAA).map((r) => r.errno), [ErrorNumber.IllegalCodec])
  const [map17] = open(17, INLINE_MAP)
  assert.equal(map17?.errno, 0)
  // IpldOpen {codec u64 LE, id u32, size u32}: DAG-CBOR, size 1.
  assert.equal(hex(map17?.data.subarray(0, 8) ?? new Uint8Array(0)), '7100000000000000')
  assert.equal(hex(map17?.data.subarray(12, 16) ?? new Uint8Array(0)), '01000000')
  for (const nv of [18, 20] as const) {
    const [raw] = open(nv, BAFKQAAA)
    assert.equal(raw?.errno, 0, `nv${nv}`)
    assert.equal(hex(raw?.data.subarray(0, 8) ?? new Uint8Array(0)), '5500000000000000', `nv${nv}: raw`)
    assert.equal(hex(raw?.data.subarray(12, 16) ?? new Uint8Array(0)), '00000000', `nv${nv}: empty`)
  }
  // nv21–28: inline CIDs are never reachable (kernel.reachability): NotFound before any load.
  for (const nv of [21, 28] as const) {
    assert.deepEqual(open(nv, BAFKQAAA).map((r) => r.errno), [ErrorNumber.NotFound], `nv${nv}`)
  }
})
