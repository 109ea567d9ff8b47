/**
 * Sweeps: a few deterministic recipes per network version that, together, make every syscall of
 * the version, end messages with every reachable exit code and user exit-code class, and exercise
 * the version's gas rules — the committed corpus for nv19–nv28 (`GENERATED_CORPUS_RUNS`), where
 * random seeds would need many vectors per version to cover as much.
 *
 * - `syscalls`: one message per syscall of the version, each a program of two samples of that
 *   syscall's snippets (arbitraries.ts `rawSnippet`, valid and invalid arguments), drawn with a
 *   fixed seed per version; the self-destructing message last.
 * - `exits`: one message per exit code / class (preflight failures, a trap, a missing receiver,
 *   insufficient funds, out of gas, an illegal exit code, a fatal exit, a missing return, user
 *   codes), plus nested gas limits, auto-created accounts and read-only sends.
 * - `v4` (where the price list tracks IPLD links, nv21–nv28): the FIP cases one by one —
 *   FIP-0071 reachability and link charges, FIP-0072 events (the malformed cases of ref-fvm's
 *   events test actor, rollback), FIP-0073 self-destruct with burn (and its fatal out of gas),
 *   FIP-0075 lookback randomness (a future epoch runs out of gas) and tipset CIDs, FIP-0079 BLS
 *   aggregates (ref-fvm's vectors), FIP-0092 NI-PoRep aggregates and proof types.
 *
 * @rule runner.generate
 */
import fc from 'fast-check'
import { encodeCbor, type Ipld } from '../../interpreter/ipld/cbor.js'
import { CID, cidOf, Codec as CidCodec, dagCborCid } from '../../interpreter/ipld/cid.js'
import { requireNetworkRules } from '../../interpreter/machine/network-rules.js'
import type { NetworkVersion } from '../../interpreter/types/network-version.js'
import { fromHex, toHex } from '../../interpreter/util/bytes.js'
import { blsAggregateLayout, BLS_AGGREGATE, BLS_OTHER_G2 } from '../test-bundle/bls-vectors.js'
import { abiFor, Codec, eventBuffers, Memory, rawSyscallsFor, type EventEntry } from '../test-bundle/program.js'
import { FRESH, MISSING, MULTISIG, rawSnippet } from './arbitraries.js'
import { GEN_EPOCH, type GenActor, type GenAddress, type GenMessage, type GenOp, type ScriptedRecipe } from './recipe.js'

/** The sweeps of a version, by name. */
export type SweepName = 'syscalls' | 'exits' | 'v4'

const U = Memory.USER
const U2 = U + 1024
const U3 = U + 2048
const h = (b: Uint8Array): string => toHex(b)
const w = (offset: number, data: Uint8Array | string): GenOp => ({ op: 'write_mem', offset, data: typeof data === 'string' ? data : h(data) })
const sys = (name: string, args: readonly (number | string)[]): GenOp => ({ op: 'syscall', name, args })
const id = (actor: number): GenAddress => ({ actor, by: 'id' })
const FIL = 10n ** 18n
const FEE = { fee_cap: '200', premium: '10' }
const GAS = '3000000000'
/** The seed the syscall samples are drawn with (plus the version, so each version samples other arguments). */
const SWEEP_SEED = 4242
/** Samples per syscall. */
const SAMPLES = 2

/** The pre-state of every sweep: three accounts, two scripted actors, a multisig stub. */
const ACTORS: readonly GenActor[] = [
  { id: 100, kind: 'account', key: 'secp', balance: (10_000n * FIL).toString() },
  { id: 101, kind: 'account', key: 'bls', balance: (10_000n * FIL).toString() },
  { id: 102, kind: 'account', key: 'bls', balance: '1000000000000' },
  { id: 110, kind: 'scripted', balance: (1000n * FIL).toString() },
  { id: 111, kind: 'scripted', balance: (5n * FIL).toString(), state: h(encodeCbor(['sweep', 1n])) },
  { id: MULTISIG, kind: 'multisig', balance: (10n * FIL).toString() },
]

const call = (to: number, program: readonly GenOp[], o: { from?: number; value?: string; gas?: string } = {}): GenMessage => ({
  from: id(o.from ?? 100),
  to: id(to),
  method: 2,
  value: o.value ?? '0',
  gas_limit: o.gas ?? GAS,
  ...FEE,
  program,
})

const recipe = (nv: NetworkVersion, messages: readonly GenMessage[]): ScriptedRecipe => ({ nv, base_fee: '100', actors: ACTORS, messages })

/** Up to `n` distinct samples of a syscall's snippets. */
function samples(nv: NetworkVersion, name: string, n: number): GenOp[][] {
  const seen = new Set<string>()
  const out: GenOp[][] = []
  for (const s of fc.sample(rawSnippet(nv, name), { seed: SWEEP_SEED + nv, numRuns: 3 * n })) {
    const k = JSON.stringify(s)
    if (seen.has(k) || out.length >= n) continue
    seen.add(k)
    out.push(s)
  }
  return out
}

/** Syscalls per message in the syscalls sweep. */
const PER_MESSAGE = 5

/**
 * The syscalls of the version in messages of five (each syscall's samples in a row; a sample
 * that ends the message — a diverging syscall, a fatal error — comes last in its message, so the
 * syscalls before it still run); the self-destructing message last, to f0111.
 */
function syscallsSweep(nv: NetworkVersion): ScriptedRecipe {
  const all = rawSyscallsFor(abiFor(nv))
  const last = 'self.self_destruct'
  const groups: GenOp[][][] = []
  for (const s of all) {
    const name = `${s.module}.${s.name}`
    if (name === last) continue
    const group = groups.at(-1)
    const ops = samples(nv, name, s.diverges === true ? 1 : SAMPLES).flat()
    if (group === undefined || group.length === PER_MESSAGE || s.diverges === true) groups.push([ops])
    else group.push(ops)
    if (s.diverges === true) groups.push([])
  }
  const messages = groups.filter((g) => g.length > 0).map((g, i) => call(110, g.flat(), { from: 100 + (i % 2) }))
  // The op as well (the raw samples may all fail): v4 burns the balance, v2/v3 give it to f0100.
  const op: GenOp = all.find((x) => `${x.module}.${x.name}` === last)?.sig.params === 'i' ? { op: 'self_destruct', burn: true } : { op: 'self_destruct', beneficiary: id(100) }
  messages.push(call(111, [...samples(nv, last, SAMPLES).flat(), op]))
  return recipe(nv, messages)
}

/** One message per exit code and user class, and the call-manager rules around them. */
function exitsSweep(nv: NetworkVersion): ScriptedRecipe {
  const rules = requireNetworkRules(nv)
  const lowGas = (rules.priceList.name === 'skyr' ? 1_000_000 : 3_000_000).toString()
  const messages: GenMessage[] = [
    call(110, []), // 0
    { from: { actor: MISSING, by: 'key', key: 'secp' }, to: id(101), method: 0, value: '1', gas_limit: '30000000', ...FEE }, // 1: unknown sender
    { from: id(110), to: id(101), method: 0, value: '1', gas_limit: '30000000', ...FEE }, // 1: not an account
    { from: id(100), to: id(101), method: 0, value: '1', gas_limit: '30000000', ...FEE, nonce: 77 }, // 2: bad nonce
    { from: id(102), to: id(101), method: 0, value: '1', gas_limit: '30000000', fee_cap: '100000000', premium: '10', nonce: 0 }, // 2: cannot cover the gas
    { from: id(100), to: id(101), method: 0, value: '1', gas_limit: '1000', ...FEE, nonce: 1 }, // 7: below the inclusion cost
    call(110, [w(65_530, '0102030405060708090a')]), // 4: an out-of-bounds store traps
    { from: id(101), to: id(MISSING), method: 0, value: '1', gas_limit: '30000000', ...FEE }, // 5: no such receiver
    { from: id(102), to: id(101), method: 0, value: '1000000000000000000000000000', gas_limit: '30000000', ...FEE }, // 6: insufficient funds
    call(110, [{ op: 'burn', n: 1_000_000 }], { gas: lowGas }), // 7: out of gas
    call(110, [{ op: 'exit', code: 3 }]), // 9: a system exit code from an actor
    call(110, [{ op: 'return', handle: 4242 }]), // 11: a handle not in the registry
    call(110, [{ op: 'exit', code: 16 }]), // 16–24
    call(110, [{ op: 'exit', code: 25 }]), // 25–26
    call(110, [{ op: 'exit', code: 1000 }]), // 27 .. 2^31−1
    call(110, [{ op: 'exit', code: 0x8000_0000 }]), // ≥ 2^31
    { from: id(100), to: id(MULTISIG), method: 2, value: '0', gas_limit: '30000000', ...FEE }, // a stub: 22
    { from: id(100), to: id(110), method: 2, value: '0', gas_limit: GAS, ...FEE, params: 'ff' }, // not a program: 1000
    // Value, auto-created accounts (BLS and secp), a send to a missing actor, nested gas limits, read-only frames.
    call(110, [
      { op: 'send', to: { actor: FRESH, by: 'key', key: 'bls' }, method: 0, value: '5' },
      { op: 'send', to: { actor: FRESH + 1, by: 'key', key: 'secp' }, method: 0, value: '0' },
      { op: 'send', to: id(MISSING), method: 0, value: '1' },
      { op: 'send', to: id(111), method: 2, value: '7', program: [{ op: 'balance' }, { op: 'state_read' }] },
      ...(rules.send.nestedGasLimits ? [{ op: 'send', to: id(111), method: 2, value: '0', gas_limit: '300000', program: [{ op: 'burn', n: 200_000 }] } as GenOp] : []),
      ...(rules.readOnlyFrames ? [{ op: 'send', to: id(111), method: 2, value: '0', flags: 1, program: [{ op: 'state_write', data: '80' }] } as GenOp] : []),
      { op: 'recurse', program: [{ op: 'recurse', program: [{ op: 'self_address' }] }] },
    ], { value: '9' }),
  ]
  // A message rejected by preflight does not use up its sender's nonce: those above give the
  // sender's next nonce explicitly (f0102 has sent nothing yet, f0100 one message).
  if (rules.exitCarriesReturnBlock) messages.push(call(110, [{ op: 'exit', code: 16, handle: 4242 }])) // 10: an exit with a handle not in the registry is fatal
  else messages.push(call(110, [w(U, h(cidOf(CidCodec.IPLD_RAW, Uint8Array.of(9)).bytes)), sys('ipld.block_open', [U])])) // 10: opening a missing block is fatal before v3
  return recipe(nv, messages)
}

/** A raw emit_event of these entries (keys and values may be given instead of the entries' own). */
function rawEvent(entries: readonly EventEntry[], o: { count?: number; keys?: Uint8Array; keysLen?: number; values?: Uint8Array; valuesLen?: number } = {}): GenOp[] {
  const b = eventBuffers(entries)
  const keys = o.keys ?? b.keys
  const values = o.values ?? b.values
  return [w(U, b.entries), w(U2, keys), w(U3, values), sys('event.emit_event', [U, o.count ?? entries.length, U2, o.keysLen ?? keys.length, U3, o.valuesLen ?? values.length])]
}

const RAW = 0x55
const enc = (s: string) => new TextEncoder().encode(s)
const entry = (key: string | Uint8Array, value: Uint8Array, flags = 0, codec = RAW): EventEntry => ({ flags, key, codec, value })

/**
 * The FIP-0072 cases: ref-fvm's events test actor (`fvm@v4.8.2:testing/test_actors/actors/
 * fil-events-actor/src/actor.rs`, methods 2 and 3: the two valid events and the eight malformed
 * calls, same buffers), and a CBOR value (FIP-0083).
 */
function eventOps(): GenOp[] {
  const zeros = new Uint8Array(100)
  const emoji = enc('🧑')
  return [
    ...rawEvent([entry('foo', enc('abc'), 3)]),
    ...rawEvent([entry('bar', enc('def'), 3), entry('👱', enc('123456789 abcdefg 123456789'), 3)]),
    ...rawEvent([entry('cbor', encodeCbor(400n), 1, 0x51)]),
    // key_len 5 with a 4-byte key buffer: out of range (IllegalArgument)
    ...rawEvent([{ flags: 0, key: new Uint8Array(5), codec: RAW, value: new Uint8Array(0) }], { keys: new Uint8Array(4) }),
    // codec 0x95 (IllegalCodec)
    ...rawEvent([entry('', new Uint8Array(0), 0, 0x95)]),
    // value buffer not consumed: val_len 5 of 100 (IllegalArgument)
    ...rawEvent([entry('', new Uint8Array(5))], { values: zeros }),
    // key buffer not consumed: key_len 5 of 100 (IllegalArgument)
    ...rawEvent([entry(new Uint8Array(5), new Uint8Array(0))], { keys: zeros }),
    // key_len 32 (LimitExceeded)
    ...rawEvent([entry(new Uint8Array(32), new Uint8Array(0))], { keys: new Uint8Array(0), values: zeros }),
    // values of 8193 bytes (LimitExceeded)
    ...rawEvent([entry('', new Uint8Array(0))], { values: new Uint8Array(0), valuesLen: 8193 }),
    // the first byte of a 4-byte character as the key (IllegalArgument: not UTF-8)
    ...rawEvent([entry(emoji.slice(0, 1), new Uint8Array(0))]),
    // keys of 1 and 3 bytes over one 4-byte character (IllegalArgument: not on a boundary)
    ...rawEvent([entry(emoji.slice(0, 1), new Uint8Array(0)), entry(emoji.slice(1), new Uint8Array(0))], { keys: emoji }),
  ]
}

/** The BLS aggregate calls: ref-fvm's valid vector, its invalid variant with another signature, no signers. */
function blsOps(): GenOp[] {
  const a = BLS_AGGREGATE
  const one = (sig: Uint8Array, keys: readonly Uint8Array[], msgs: readonly Uint8Array[]): GenOp[] => {
    const l = blsAggregateLayout(U, sig, keys, msgs)
    return [w(U, l.bytes), sys('crypto.verify_bls_aggregate', l.args)]
  }
  // (ref-fvm's two other invalid variants, another key and another message, are in the ports:
  // interpreter/integration/actors.test.ts `syscalls`.)
  return [...one(a.signature, a.publicKeys, a.messages), ...one(BLS_OTHER_G2, a.publicKeys, a.messages), ...one(a.signature, [], [])]
}

const proofCid = (salt: number): CID => cidOf(CidCodec.IPLD_RAW, Uint8Array.of(salt, 1, 2, 3))
const hexCbor = (v: Ipld): string => h(encodeCbor(v))
const b = (n: number, salt: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + salt) & 0xff)

/**
 * FIP-0092 and the v4 proof types: NI-PoRep aggregates (18, 19) and an interactive one, NI CommD.
 * (No `verify_post`: ref-fvm's v4 conformance kernel verifies PoSts for real — see
 * arbitraries.ts `VERIFY_POST_INPUTS`.)
 */
function proofOps(): GenOp[] {
  const seal = (n: bigint): Ipld => [n, b(32, 7), b(32, 8), proofCid(5), proofCid(6)]
  const agg = (proof: bigint, n: number) => hexCbor([1000n, proof, 1n, b(24, 6), Array.from({ length: n }, (_, i) => seal(BigInt(i + 1)))])
  const input = (name: string, d: string): GenOp[] => [w(U, d), sys(name, [U, d.length / 2])]
  return [
    ...input('crypto.verify_aggregate_seals', agg(18n, 3)),
    ...input('crypto.verify_aggregate_seals', agg(19n, 2)),
    ...input('crypto.verify_aggregate_seals', agg(8n, 3)),
    w(U, hexCbor([])),
    sys('crypto.compute_unsealed_sector_cid', [18, U, 1, U2, 100]),
  ]
}

/** The v4 sweep: every FIP of fvm v4 case by case. */
function v4Sweep(nv: NetworkVersion): ScriptedRecipe {
  const initial = dagCborCid(Uint8Array.of(0x80)) // f0110's state: the empty array
  const foreign = cidOf(CidCodec.IPLD_RAW, Uint8Array.of(1, 2, 3))
  const data = h(encodeCbor(['linked', 7n]))
  const linked = h(dagCborCid(encodeCbor(['linked', 7n])).bytes)
  const withLink = (cid: CID | string, extra: Ipld = 1n): string => hexCbor([typeof cid === 'string' ? (cidFromHex(cid) as Ipld) : (cid as Ipld), extra])
  const messages: GenMessage[] = [
    // FIP-0071: reachability.
    call(110, [
      { op: 'block_open', cid: h(initial.bytes) }, // the state root before self.root: NotFound
      { op: 'block_open', cid: h(foreign.bytes) }, // never given: NotFound
      { op: 'block_create', codec: Codec.DAG_CBOR, data: withLink(foreign) }, // links an unreachable CID: NotFound
      w(U, h(foreign.bytes)),
      sys('self.set_root', [U]), // an unreachable root: NotFound
      { op: 'state_read' }, // self.root makes the root reachable
      { op: 'block_open', cid: h(initial.bytes) },
      { op: 'block_create', codec: Codec.DAG_CBOR, data: data },
      { op: 'block_link' },
      { op: 'block_create', codec: Codec.DAG_CBOR, data: withLink(linked) }, // links a linked block: scanned, 1 link
      { op: 'block_link' },
      { op: 'block_open' }, // opens it: OnBlockOpen with 1 link
      { op: 'block_create', codec: Codec.CBOR, data: withLink(foreign) }, // CBOR is not scanned: no links, no check
      { op: 'block_create', codec: Codec.DAG_CBOR, data: hexCbor([cidOf(0xf101, b(32, 1)) as Ipld]) }, // commitment CIDs are ignored
      { op: 'block_create', codec: Codec.DAG_CBOR, data: 'a1' }, // malformed: Serialization
      // A link to the linked block in the params: the callee can open it (OnMethodInvocation + 300).
      { op: 'send', to: id(111), method: 2, value: '0', links: [linked], program: [{ op: 'block_open', cid: linked }, { op: 'block_read', handle: 0xffff_ffff, offset: 0, length: 40 }] },
      // A callee returning a block with a link (OnReturnValue 300): the caller can open it.
      { op: 'recurse', program: [{ op: 'block_create', codec: Codec.DAG_CBOR, data: hexCbor(['inner']) }, { op: 'block_link' }, { op: 'block_create', codec: Codec.DAG_CBOR, data: withLink(h(dagCborCid(encodeCbor(['inner'])).bytes)) }, { op: 'return', handle: 0xffff_ffff }] },
      { op: 'block_open', cid: h(dagCborCid(encodeCbor(['inner'])).bytes) },
      { op: 'state_write', data: withLink(linked, 'new state') }, // a state linking a reachable block
    ]),
    // FIP-0072: events; a failing callee's events are discarded.
    call(110, [
      ...eventOps(),
      { op: 'send', to: id(111), method: 2, value: '0', program: [...rawEvent([entry('gone', enc('x'))]), { op: 'exit', code: 24 }] },
      { op: 'send', to: id(111), method: 2, value: '0', program: [...rawEvent([entry('kept', enc('y'), 2)])] },
    ]),
    // FIP-0075: randomness priced by the lookback; tipset CIDs (invalid epochs; a valid one needs an extern).
    call(110, [
      { op: 'randomness', kind: 'chain', tag: 0, epoch: GEN_EPOCH, entropy: '' },
      { op: 'randomness', kind: 'beacon', tag: 0, epoch: GEN_EPOCH - 1, entropy: '' },
      { op: 'randomness', kind: 'chain', tag: 0, epoch: GEN_EPOCH - 100_000, entropy: '' },
      sys('rand.get_beacon_randomness', [0]),
      sys('network.tipset_cid', [GEN_EPOCH, U, 100]),
      sys('network.tipset_cid', [GEN_EPOCH + 1, U, 100]),
      sys('network.tipset_cid', ['18446744073709551615', U, 100]),
    ]),
    call(110, [{ op: 'randomness', kind: 'chain', tag: 0, epoch: GEN_EPOCH + 1, entropy: '' }]), // a future epoch: out of gas (7)
    // FIP-0079 and FIP-0092.
    call(110, [...blsOps(), ...proofOps()], { from: 101 }),
    // FIP-0073: self-destruct keeping funds fails; burning them succeeds (f0111 holds 5 FIL).
    call(111, [{ op: 'self_destruct', burn: false }, { op: 'balance' }, { op: 'self_destruct', burn: true }, { op: 'balance' }, { op: 'self_destruct', burn: false }]),
    // FIP-0073: the burn's transfer runs out of gas under a nested limit: fatal for the message (10).
    call(110, [{ op: 'recurse', gas_limit: '300000', program: [{ op: 'self_destruct', burn: true }] }]),
  ]
  return recipe(nv, messages)
}

const cidFromHex = (x: string): CID => CID.decode(fromHex(x))

/** The sweeps of version `nv`: `syscalls` and `exits` at every version, `v4` where IPLD links are tracked. */
export function sweepNames(nv: NetworkVersion): readonly SweepName[] {
  return requireNetworkRules(nv).priceList.ipld === null ? ['syscalls', 'exits'] : ['syscalls', 'exits', 'v4']
}

/** The recipe of one sweep. @rule runner.generate */
export function sweepRecipe(nv: NetworkVersion, name: SweepName): ScriptedRecipe {
  switch (name) {
    case 'syscalls':
      return syscallsSweep(nv)
    case 'exits':
      return exitsSweep(nv)
    case 'v4':
      return v4Sweep(nv)
  }
}
