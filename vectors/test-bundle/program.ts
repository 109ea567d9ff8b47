/**
 * Programs for the test bundle's `scripted` actor (scripted.wat): typed op constructors that
 * encode to the binary program format, the params wrapper, the raw-syscall table, and a decoder for
 * the results the actor returns. The format is documented in README.md and spec/test-bundle.md.
 *
 * A program is a sequence of instructions, each an opcode byte followed by fixed-layout
 * little-endian immediates: u8, u32, u64 (i64 as its two's complement), u128 (a token amount, lo
 * then hi u64), and `bytes` (a u32 length, then the bytes). The params block is a CBOR byte string
 * holding the program (`params()`).
 *
 * @rule bundle.scripted-program
 * @rule bundle.scripted-ops
 */
import { addressToBytes, type Address } from '../../interpreter/types/address.js'
import { encodeCbor, type Ipld } from '../../interpreter/ipld/cbor.js'
import type { CID } from '../../interpreter/ipld/cid.js'
import { requireNetworkRules } from '../../interpreter/machine/network-rules.js'
import type { FvmVersion, NetworkVersion } from '../../interpreter/types/network-version.js'

/** Opcodes. @rule bundle.scripted-ops */
export const Op = {
  RETURN: 0,
  EXIT: 1,
  ASSERT_ERRNO: 2,
  ASSERT_EXIT: 3,
  WRITE_MEM: 4,
  STATE_READ: 5,
  STATE_WRITE: 6,
  BLOCK_CREATE: 7,
  BLOCK_LINK: 8,
  BLOCK_OPEN: 9,
  BLOCK_READ: 10,
  BLOCK_STAT: 11,
  SEND: 12,
  RECURSE: 13,
  BURN: 14,
  GROW: 15,
  EMIT_EVENT: 16,
  BALANCE: 17,
  BALANCE_OF: 18,
  SELF_ADDRESS: 19,
  MESSAGE_CONTEXT: 20,
  NETWORK_CONTEXT: 21,
  RANDOMNESS: 22,
  SELF_DESTRUCT: 23,
  SYSCALL: 24,
} as const
export type OpCode = (typeof Op)[keyof typeof Op]

/** Special handle immediates: the last handle made, opened or returned; the results block. */
export const LAST = 0xffff_ffff
export const RESULTS = 0xffff_fffe

/** Exit codes of the scripted actor itself. @rule bundle.scripted-program */
export const BAD_PROGRAM = 1000
export const RESULTS_FULL = 1001

/** The scripted actor's memory layout (one 64 KiB page). */
export const Memory = {
  /** Out-values of the syscalls the actor makes for its ops (128 bytes). */
  OUT: 0,
  /** The last CID read or made (128 bytes). */
  CID: 128,
  /** The actor's own ID address (64 bytes). */
  ADDR: 256,
  /** The SYSCALL op's default out-pointer (512 bytes). */
  RAW: 512,
  /** Free for the program (WRITE_MEM), 7168 bytes. */
  USER: 1024,
  /** The program (at most 32768 bytes of params). */
  PROG: 8192,
  PROG_MAX: 32768,
  /** The results' records, up to the end of the page. */
  RES: 40968,
} as const

/** Block codecs. */
export const Codec = { RAW: 0x55, CBOR: 0x51, DAG_CBOR: 0x71 } as const

/** The codec of params and return blocks the scripted actor makes, per ABI: DAG-CBOR for v2 (nv17), CBOR for v3 and v4 (nv18–nv28). */
export const BLOCK_CODECS: Readonly<Record<FvmAbi, number>> = { v2: Codec.DAG_CBOR, v3: Codec.CBOR, v4: Codec.CBOR }
export const blockCodec = (nv: NetworkVersion): number => BLOCK_CODECS[abiFor(nv)]

// ---- the raw-syscall table ----------------------------------------------------------------------

/** A wasm signature: parameter types after the out-pointer ('i' i32, 'I' i64) and the out-value size. */
export interface RawSignature {
  readonly params: string
  readonly out: number
}

/** One syscall the SYSCALL op can call: a stable id and its signature per ABI (absent: not bound). */
export interface RawSyscall {
  readonly id: number
  readonly module: string
  readonly name: string
  readonly v2?: RawSignature
  readonly v3?: RawSignature
  readonly v4?: RawSignature
  /** vm.abort / vm.exit: never return. */
  readonly diverges?: boolean
}

const sig = (params: string, out: number): RawSignature => ({ params, out })
/** The same signature in every ABI. */
const all = (params: string, out: number) => ({ v2: sig(params, out), v3: sig(params, out), v4: sig(params, out) })
/** The same signature in v3 and v4 (absent in v2). */
const since3 = (params: string, out: number) => ({ v3: sig(params, out), v4: sig(params, out) })

/**
 * Every syscall of ref-fvm v2 (nv17), v3 (nv18–nv20) and v4 (nv21–nv28), with ids that never
 * change (new syscalls get new ids at the end). The test `bundle.test.ts` checks it against
 * interpreter/kernel/syscall-table.ts. v4 changed the signatures of `self.self_destruct` (a burn
 * flag), `rand.get_*_randomness` (the epoch only) and `event.emit_event` (three buffers), and added
 * `crypto.verify_bls_aggregate` (`fvm@v4.8.2:fvm/src/syscalls/{sself,rand,event,crypto}.rs`).
 *
 * @rule bundle.scripted-syscall
 */
export const RAW_SYSCALLS: readonly RawSyscall[] = [
  { id: 0, module: 'vm', name: 'abort', v2: sig('iii', 0), diverges: true },
  { id: 1, module: 'vm', name: 'exit', ...since3('iiii', 0), diverges: true },
  { id: 2, module: 'vm', name: 'context', v2: sig('', 52) },
  { id: 3, module: 'vm', name: 'message_context', ...since3('', 80) },
  { id: 4, module: 'send', name: 'send', v2: sig('iiIiII', 20), ...since3('iiIiIIII', 20) },
  { id: 5, module: 'ipld', name: 'block_open', ...all('i', 16) },
  { id: 6, module: 'ipld', name: 'block_create', ...all('Iii', 4) },
  { id: 7, module: 'ipld', name: 'block_read', ...all('iiii', 4) },
  { id: 8, module: 'ipld', name: 'block_stat', ...all('i', 12) },
  { id: 9, module: 'ipld', name: 'block_link', ...all('iIiii', 4) },
  { id: 10, module: 'self', name: 'root', ...all('ii', 4) },
  { id: 11, module: 'self', name: 'set_root', ...all('i', 0) },
  { id: 12, module: 'self', name: 'current_balance', ...all('', 16) },
  { id: 13, module: 'self', name: 'self_destruct', v2: sig('ii', 0), v3: sig('ii', 0), v4: sig('i', 0) },
  { id: 14, module: 'actor', name: 'resolve_address', ...all('ii', 8) },
  { id: 15, module: 'actor', name: 'get_actor_code_cid', ...all('Iii', 4) },
  { id: 16, module: 'actor', name: 'new_actor_address', v2: sig('ii', 4) },
  { id: 17, module: 'actor', name: 'next_actor_address', ...since3('ii', 4) },
  { id: 18, module: 'actor', name: 'create_actor', v2: sig('Ii', 0), ...since3('Iiii', 0) },
  { id: 19, module: 'actor', name: 'get_builtin_actor_type', ...all('i', 4) },
  { id: 20, module: 'actor', name: 'get_code_cid_for_type', ...all('iii', 4) },
  { id: 21, module: 'actor', name: 'balance_of', ...since3('I', 16) },
  { id: 22, module: 'actor', name: 'lookup_delegated_address', ...since3('Iii', 4) },
  { id: 23, module: 'rand', name: 'get_chain_randomness', v2: sig('IIii', 32), v3: sig('IIii', 32), v4: sig('I', 32) },
  { id: 24, module: 'rand', name: 'get_beacon_randomness', v2: sig('IIii', 32), v3: sig('IIii', 32), v4: sig('I', 32) },
  { id: 25, module: 'network', name: 'base_fee', v2: sig('', 16) },
  { id: 26, module: 'network', name: 'total_fil_circ_supply', ...all('', 16) },
  { id: 27, module: 'network', name: 'context', ...since3('', 44) },
  { id: 28, module: 'network', name: 'tipset_cid', ...since3('Iii', 4) },
  { id: 29, module: 'gas', name: 'charge', ...all('iiI', 0) },
  { id: 30, module: 'gas', name: 'available', ...since3('', 8) },
  { id: 31, module: 'debug', name: 'log', ...all('ii', 0) },
  { id: 32, module: 'debug', name: 'enabled', ...all('', 4) },
  { id: 33, module: 'debug', name: 'store_artifact', ...all('iiii', 0) },
  { id: 34, module: 'event', name: 'emit_event', v3: sig('ii', 0), v4: sig('iiiiii', 0) },
  { id: 35, module: 'crypto', name: 'verify_signature', ...all('iiiiiii', 4) },
  { id: 36, module: 'crypto', name: 'recover_secp_public_key', ...all('ii', 65) },
  { id: 37, module: 'crypto', name: 'hash', ...all('Iiiii', 4) },
  { id: 38, module: 'crypto', name: 'compute_unsealed_sector_cid', ...all('Iiiii', 4) },
  { id: 39, module: 'crypto', name: 'verify_seal', v2: sig('ii', 4) },
  { id: 40, module: 'crypto', name: 'verify_post', ...all('ii', 4) },
  { id: 41, module: 'crypto', name: 'verify_aggregate_seals', ...all('ii', 4) },
  { id: 42, module: 'crypto', name: 'verify_replica_update', ...all('ii', 4) },
  { id: 43, module: 'crypto', name: 'batch_verify_seals', ...all('iii', 0) },
  { id: 44, module: 'crypto', name: 'verify_consensus_fault', ...all('iiiiii', 20) },
  { id: 45, module: 'crypto', name: 'verify_bls_aggregate', v4: sig('iiiii', 4) },
]

/** The syscall ABIs the test bundle has actors for: those of ref-fvm v2, v3 and v4. */
export type FvmAbi = FvmVersion
export const ABIS: readonly FvmAbi[] = ['v2', 'v3', 'v4']

/**
 * The ABI of network version `nv`: the syscalls its release binds (its row's `fvm`). Throws for a
 * version this interpreter does not run or whose release the test bundle has no actors for.
 */
export function abiFor(nv: NetworkVersion): FvmAbi {
  const fvm = requireNetworkRules(nv).fvm
  const abi = ABIS.find((a) => a === fvm)
  if (abi === undefined) throw new Error(`the test bundle has no actors for ref-fvm ${fvm} (nv${nv})`)
  return abi
}

/** The syscalls a version binds, with their signatures. */
export function rawSyscallsFor(abi: FvmAbi): readonly (RawSyscall & { readonly sig: RawSignature })[] {
  return RAW_SYSCALLS.flatMap((s) => {
    const sig = s[abi]
    return sig === undefined ? [] : [{ ...s, sig }]
  })
}

/**
 * The ids the SYSCALL op's dispatcher of an ABI covers: 0 to the highest id the ABI binds (ids it
 * does not bind in between are BAD_PROGRAM, and so is any id above). Keeps the v2 and v3
 * dispatchers — and so the nv17–nv20 modules — as they were before v4's ids were added.
 */
export function dispatchedSyscalls(abi: FvmAbi): readonly RawSyscall[] {
  const last = Math.max(...rawSyscallsFor(abi).map((s) => s.id))
  return RAW_SYSCALLS.filter((s) => s.id <= last)
}

// ---- encoding -----------------------------------------------------------------------------------

/** One encoded instruction (or several, concatenated). */
export type Instr = Uint8Array

class Writer {
  private readonly parts: number[] = []
  u8(n: number): this {
    this.parts.push(n & 0xff)
    return this
  }
  u32(n: number | bigint): this {
    const v = BigInt.asUintN(32, BigInt(n))
    for (let i = 0n; i < 4n; i++) this.parts.push(Number((v >> (8n * i)) & 0xffn))
    return this
  }
  u64(n: number | bigint): this {
    const v = BigInt.asUintN(64, BigInt(n))
    for (let i = 0n; i < 8n; i++) this.parts.push(Number((v >> (8n * i)) & 0xffn))
    return this
  }
  u128(n: bigint): this {
    const v = BigInt.asUintN(128, n)
    return this.u64(v & 0xffff_ffff_ffff_ffffn).u64(v >> 64n)
  }
  bytes(b: Uint8Array): this {
    this.u32(b.length)
    for (const x of b) this.parts.push(x)
    return this
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts)
  }
}

const op = (code: OpCode) => new Writer().u8(code)

/** Concatenates instructions into a program. */
export function program(...instrs: readonly Instr[]): Uint8Array {
  const out = new Uint8Array(instrs.reduce((n, i) => n + i.length, 0))
  let at = 0
  for (const i of instrs) {
    out.set(i, at)
    at += i.length
  }
  return out
}

/** A CBOR byte-string header for `len` bytes (the forms the scripted actor reads). */
function cborBytesHeader(len: number): Uint8Array {
  if (len < 24) return Uint8Array.of(0x40 + len)
  if (len < 256) return Uint8Array.of(0x58, len)
  if (len < 65536) return Uint8Array.of(0x59, len >> 8, len & 0xff)
  throw new Error(`program of ${len} bytes is too long`)
}

/** The params block for a program: a CBOR byte string holding it. @rule bundle.scripted-program */
export function params(prog: Uint8Array): Uint8Array {
  if (prog.length > Memory.PROG_MAX - 3) throw new Error(`program of ${prog.length} bytes is too long`)
  return program(cborBytesHeader(prog.length), prog)
}

/**
 * v4 params carrying links: the CBOR array `[program byte string, [link, …]]`, to be sent as a
 * DAG-CBOR block (see `sendProgram`'s `links`). The scripted actor at v4 runs the program and does
 * not read the second item; the FVM makes its links reachable to the callee (FIP-0071) and charges
 * 300 gas per link in `OnMethodInvocation`. @rule bundle.scripted-program
 */
export function paramsWithLinks(prog: Uint8Array, links: readonly CID[]): Uint8Array {
  return program(Uint8Array.of(0x82), params(prog), encodeCbor(links.map((l) => l as Ipld)))
}

const addr = (a: Address | Uint8Array): Uint8Array => (a instanceof Uint8Array ? a : addressToBytes(a))

/** Returns from `invoke` with a handle (default: the results block). */
export const ret = (handle: number = RESULTS): Instr => op(Op.RETURN).u32(handle).done()
/** Exits with `code` and (nv18 only) a return block (default: the results block). */
export const exit = (code: number, handle: number = RESULTS): Instr => op(Op.EXIT).u32(code).u32(handle).done()
/** Exits with `code` (and the results at nv18) unless the last record's errno is `expected`. */
export const assertErrno = (expected: number, code: number): Instr => op(Op.ASSERT_ERRNO).u32(expected).u32(code).done()
/** Exits with `code` unless the last send's exit code is `expected` (0xffffffff when it failed). */
export const assertExit = (expected: number, code: number): Instr => op(Op.ASSERT_EXIT).u32(expected).u32(code).done()
/** Copies bytes into the actor's memory at `offset`. */
export const writeMem = (offset: number, bytes: Uint8Array): Instr => op(Op.WRITE_MEM).u32(offset).bytes(bytes).done()
/** Reads the actor's own state: root, block_open, block_read. Record: the state bytes. */
export const stateRead = (): Instr => op(Op.STATE_READ).done()
/** Replaces the actor's state with a DAG-CBOR block of these bytes. Record: the new root CID. */
export const stateWrite = (bytes: Uint8Array): Instr => op(Op.STATE_WRITE).bytes(bytes).done()
/** block_create. Record: the handle. */
export const blockCreate = (codec: number | bigint, bytes: Uint8Array): Instr => op(Op.BLOCK_CREATE).u64(codec).bytes(bytes).done()
/** block_link with blake2b-256. Record: the CID. */
export const blockLink = (handle: number = LAST): Instr => op(Op.BLOCK_LINK).u32(handle).done()
/** block_open of a CID (default: the last CID read or made). Record: IpldOpen (16 bytes). */
export const blockOpen = (cid: Uint8Array = new Uint8Array(0)): Instr => op(Op.BLOCK_OPEN).bytes(cid).done()
/** block_read. Record: the i32 result, then the bytes copied. */
export const blockRead = (handle: number, offset: number, length: number): Instr => op(Op.BLOCK_READ).u32(handle).u32(offset).u32(length).done()
/** block_stat. Record: IpldStat (12 bytes). */
export const blockStat = (handle: number = LAST): Instr => op(Op.BLOCK_STAT).u32(handle).done()

export interface SendOptions {
  readonly to: Address | Uint8Array
  readonly method: bigint | number
  /** Attos (default 0). */
  readonly value?: bigint
  /** A params handle (default 0, none). */
  readonly params?: number
  /** nv18: a gas limit (default 2^64 − 1: none). */
  readonly gasLimit?: bigint
  /** nv18: send flags (bit 0 read-only; default 0). */
  readonly flags?: bigint
}

const NO_LIMIT = 0xffff_ffff_ffff_ffffn

/** send. Record: Send {exit_code u32, return_id u32, return_codec u64, return_size u32}. */
export const send = (o: SendOptions): Instr =>
  op(Op.SEND).bytes(addr(o.to)).u64(o.method).u128(o.value ?? 0n).u32(o.params ?? 0).u64(o.gasLimit ?? NO_LIMIT).u64(o.flags ?? 0n).done()

/**
 * A send whose params are a program for another scripted actor: BLOCK_CREATE of the wrapped
 * program (one record), then SEND with the LAST handle (one record). With `links` (v4), the params
 * are a DAG-CBOR block `[program, links]` (`paramsWithLinks`).
 */
export const sendProgram = (nv: NetworkVersion, o: Omit<SendOptions, 'params'>, prog: Uint8Array, links?: readonly CID[]): Instr =>
  program(links === undefined ? blockCreate(blockCodec(nv), params(prog)) : blockCreate(Codec.DAG_CBOR, paramsWithLinks(prog, links)), send({ ...o, params: LAST }))

export interface RecurseOptions {
  readonly method?: bigint | number
  readonly gasLimit?: bigint
  readonly flags?: bigint
}

/** Sends `body` as a program to the actor itself (no value), then goes on. Record: like SEND. */
export const recurse = (body: Uint8Array, o: RecurseOptions = {}): Instr =>
  op(Op.RECURSE).u64(o.method ?? 2).u64(o.gasLimit ?? NO_LIMIT).u64(o.flags ?? 0n).bytes(body).done()

/** A loop of n iterations, 20 gas each. No record. */
export const burn = (n: number): Instr => op(Op.BURN).u32(n).done()
/** memory.grow. Record: its i32 result. */
export const grow = (pages: number): Instr => op(Op.GROW).u32(pages).done()
/** event.emit_event of these bytes (a CBOR ActorEvent), v3 (nv18–nv20) only. Record: errno only. */
export const emitEvent = (event: Uint8Array): Instr => op(Op.EMIT_EVENT).bytes(event).done()
/**
 * event.emit_event at v4 (nv21–nv28) with three raw buffers: the packed 24-byte entry headers, the
 * keys and the values (the count passed is `entries.length / 24`, rounded down). Record: errno only.
 */
export const emitEventRaw = (entries: Uint8Array, keys: Uint8Array, values: Uint8Array): Instr => op(Op.EMIT_EVENT).bytes(entries).bytes(keys).bytes(values).done()

/** One entry of a v4 event. */
export interface EventEntry {
  /** Bit 1 INDEXED_KEY, bit 2 INDEXED_VALUE. */
  readonly flags: bigint | number
  readonly key: string | Uint8Array
  readonly codec: bigint | number
  readonly value: Uint8Array
}

/**
 * The three v4 buffers of an event (`fvm@v4.8.2:shared/src/sys/mod.rs` L70–78: each header is
 * `{flags u64, codec u64, key_len u32, val_len u32}`, packed, little-endian; keys and values
 * concatenated in entry order).
 */
export function eventBuffers(entries: readonly EventEntry[]): { entries: Uint8Array; keys: Uint8Array; values: Uint8Array } {
  const enc = (k: string | Uint8Array) => (typeof k === 'string' ? new TextEncoder().encode(k) : k)
  const headers = new Writer()
  for (const e of entries) headers.u64(e.flags).u64(e.codec).u32(enc(e.key).length).u32(e.value.length)
  return { entries: headers.done(), keys: program(...entries.map((e) => enc(e.key))), values: program(...entries.map((e) => e.value)) }
}

/** event.emit_event at v4 of these entries. Record: errno only. */
export const emitEntries = (entries: readonly EventEntry[]): Instr => {
  const b = eventBuffers(entries)
  return emitEventRaw(b.entries, b.keys, b.values)
}
/** self.current_balance. Record: TokenAmount (16 bytes). */
export const balance = (): Instr => op(Op.BALANCE).done()
/** actor.balance_of, nv18 only. Record: TokenAmount (16 bytes). */
export const balanceOf = (actorId: bigint): Instr => op(Op.BALANCE_OF).u64(actorId).done()
/** The actor's own ID address. Record: its bytes. */
export const selfAddress = (): Instr => op(Op.SELF_ADDRESS).done()
/** vm.context (nv17, 52 bytes) / vm.message_context (nv18, 80 bytes). */
export const messageContext = (): Instr => op(Op.MESSAGE_CONTEXT).done()
/** network.context (44 bytes), nv18 only. */
export const networkContext = (): Instr => op(Op.NETWORK_CONTEXT).done()
/** rand.get_chain_randomness / get_beacon_randomness (v4: the epoch's digest; the tag and entropy are ignored). Record: 32 bytes. */
export const randomness = (kind: 'chain' | 'beacon', tag: bigint, epoch: bigint, entropy: Uint8Array = new Uint8Array(0)): Instr =>
  op(Op.RANDOMNESS).u8(kind === 'chain' ? 0 : 1).u64(tag).u64(epoch).bytes(entropy).done()
/** self.self_destruct to a beneficiary (v2, v3). Record: errno only. */
export const selfDestruct = (beneficiary: Address | Uint8Array): Instr => op(Op.SELF_DESTRUCT).bytes(addr(beneficiary)).done()
/** self.self_destruct(burn) (v4: burn the unspent balance, or fail when there is one). Record: errno only. */
export const selfDestructBurn = (burn: boolean | number): Instr => op(Op.SELF_DESTRUCT).u32(typeof burn === 'boolean' ? (burn ? 1 : 0) : burn).done()

export interface SyscallOptions {
  /** The out-pointer, for a syscall that has one (default Memory.RAW). */
  readonly out?: number
  /** The memory range the record captures (default: the out-value at the out-pointer). */
  readonly capture?: readonly [offset: number, length: number]
}

/**
 * A raw syscall: `name` is "module.name", `args` the wasm arguments after the out-pointer, any
 * values at all (i32 as u32, i64 as u64 two's complement). Record: the errno and the captured
 * memory. @rule bundle.scripted-syscall
 */
export function syscall(abi: FvmAbi, name: string, args: readonly (number | bigint)[], o: SyscallOptions = {}): Instr {
  const entry = RAW_SYSCALLS.find((s) => `${s.module}.${s.name}` === name)
  const sig = entry?.[abi]
  if (entry === undefined || sig === undefined) throw new Error(`no syscall ${name} in ${abi}`)
  if (args.length !== sig.params.length) throw new Error(`${name} takes ${sig.params.length} arguments, not ${args.length}`)
  const out = o.out ?? Memory.RAW
  const [capOff, capLen] = o.capture ?? (sig.out > 0 ? [out, sig.out] : [0, 0])
  const w = op(Op.SYSCALL).u8(entry.id).u32(capOff).u32(capLen)
  if (sig.out > 0) w.u32(out)
  args.forEach((a, i) => (sig.params[i] === 'I' ? w.u64(a) : w.u32(a)))
  return w.done()
}

// ---- results ------------------------------------------------------------------------------------

/** One record of the results: the op that wrote it, its errno (0: success) and its data. */
export interface ResultRecord {
  readonly op: number
  readonly errno: number
  readonly data: Uint8Array
}

/**
 * Decodes a results block (the return value of a program that ended with RETURN(RESULTS) or
 * EXIT(code, RESULTS) at nv18): a CBOR byte string of records op u8, errno u8, length u16 LE, data.
 *
 * @rule bundle.scripted-results
 */
export function decodeResults(ret: Uint8Array): ResultRecord[] {
  const b0 = ret[0] ?? 0
  let at: number
  let len: number
  if (b0 >= 0x40 && b0 < 0x58) [at, len] = [1, b0 - 0x40]
  else if (b0 === 0x58) [at, len] = [2, ret[1] ?? 0]
  else if (b0 === 0x59) [at, len] = [3, ((ret[1] ?? 0) << 8) | (ret[2] ?? 0)]
  else throw new Error(`results are not a CBOR byte string (first byte ${b0})`)
  if (at + len !== ret.length) throw new Error(`results of ${ret.length} bytes, header says ${at + len}`)
  const out: ResultRecord[] = []
  const view = new DataView(ret.buffer, ret.byteOffset, ret.byteLength)
  while (at < ret.length) {
    const n = view.getUint16(at + 2, true)
    out.push({ op: ret[at] ?? 0, errno: ret[at + 1] ?? 0, data: ret.slice(at + 4, at + 4 + n) })
    at += 4 + n
  }
  return out
}

/** Little-endian readers for record data. */
export const le = {
  u32: (b: Uint8Array, at = 0): number => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at, true),
  i32: (b: Uint8Array, at = 0): number => new DataView(b.buffer, b.byteOffset, b.byteLength).getInt32(at, true),
  u64: (b: Uint8Array, at = 0): bigint => new DataView(b.buffer, b.byteOffset, b.byteLength).getBigUint64(at, true),
  /** A TokenAmount {lo u64, hi u64}. */
  u128: (b: Uint8Array, at = 0): bigint => le.u64(b, at) | (le.u64(b, at + 8) << 64n),
}
