/**
 * The syscall ABI: how a syscall's arguments and results cross between the actor's WebAssembly
 * memory and the kernel. A syscall body never writes memory itself; it returns the bytes to write
 * (`SyscallOutput`), and the invocation container writes them.
 *
 * @rule kernel.syscall-abi
 */
import { CID, readCidPrefix } from '../ipld/cid.js'
import { concatBytes } from '../util/bytes.js'
import { addressFromBytes, type Address } from '../types/address.js'
import { ErrorNumber } from '../types/error-number.js'
import type { FvmVersion } from '../types/network-version.js'
import { kerr, kok, type KernelState, type KStep } from './kernel.js'

export type WasmType = 'i32' | 'i64'

/** A syscall's wasm arguments, after the out-pointer: i32 as number, i64 as bigint. */
export type SyscallArgs = readonly (number | bigint)[]

export interface MemoryWrite {
  readonly offset: number
  readonly bytes: Uint8Array
}

export interface SyscallOutput {
  /** The value written at the out-pointer (exactly `out` bytes), or null for none. */
  readonly value: Uint8Array | null
  readonly writes: readonly MemoryWrite[]
}

export const NOTHING: SyscallOutput = { value: null, writes: [] }

export const returns = (value: Uint8Array, writes: readonly MemoryWrite[] = []): SyscallOutput => ({ value, writes })

/** One syscall: its import name, wasm signature, the versions that have it, its rule and body. */
export interface SyscallDef {
  readonly module: string
  readonly name: string
  /** Wasm parameters after the implicit out-pointer. */
  readonly params: readonly WasmType[]
  /** Size of the value written at the out-pointer; 0 when the syscall has no out-pointer. */
  readonly out: number
  readonly versions: readonly FvmVersion[]
  /** The spec rule that states this syscall. */
  readonly rule: string
  /** Never returns (vm.abort / vm.exit): the wasm import has no i32 result. */
  readonly diverges?: boolean
  readonly body: (k: KernelState, memory: Uint8Array, args: SyscallArgs) => KStep<SyscallOutput>
}

export const u32 = (a: number | bigint | undefined): number => Number(a) >>> 0
export const i64 = (a: number | bigint | undefined): bigint => BigInt.asIntN(64, BigInt(a ?? 0))
export const u64 = (a: number | bigint | undefined): bigint => BigInt.asUintN(64, BigInt(a ?? 0))

/** A buffer `(offset, length)` of the actor's memory, or IllegalArgument when it is out of bounds. */
export function slice(k: KernelState, memory: Uint8Array, offset: number, length: number): KStep<Uint8Array> {
  if (offset + length > memory.length) {
    return kerr(k, ErrorNumber.IllegalArgument, `buffer ${offset}+${length} exceeds memory of ${memory.length} bytes`)
  }
  return kok(k, memory.slice(offset, offset + length))
}

/** Checks that an output buffer fits in memory (IllegalArgument otherwise). */
export function checkOut(k: KernelState, memory: Uint8Array, offset: number, length: number): KStep<void> {
  if (offset + length > memory.length) {
    return kerr(k, ErrorNumber.IllegalArgument, `output buffer ${offset}+${length} exceeds memory of ${memory.length} bytes`)
  }
  return kok(k, undefined)
}

/**
 * A CID read from `offset` to wherever it ends, as the `cid` crate's `Cid::read_bytes`
 * (`ipld.cid-read`); any malformed encoding is IllegalArgument.
 *
 * @rule kernel.syscall-abi
 */
export function readCid(k: KernelState, memory: Uint8Array, offset: number): KStep<CID> {
  if (offset > memory.length) return kerr(k, ErrorNumber.IllegalArgument, 'cid offset out of bounds')
  const bytes = memory.subarray(offset)
  const r = readCidPrefix(bytes)
  if (typeof r === 'string') return kerr(k, ErrorNumber.IllegalArgument, `invalid cid: ${r}`)
  // decodeFirst leaves the digest (and, for a CIDv0, the CID's bytes too) a view of the actor's
  // memory, which later writes change; decode a copy of the CID's bytes so the value is
  // immutable, as ref-fvm's `Cid::read_bytes` copies into an owned Cid. (`CID.decode(r.cid.bytes)`
  // is not enough: a CIDv0's bytes are its multihash, still a view of the memory.)
  return kok(k, CID.decode(bytes.slice(0, bytes.length - r.rest.length)))
}

/** An address from `(offset, length)`. */
export function readAddress(k: KernelState, memory: Uint8Array, offset: number, length: number): KStep<Address> {
  const s = slice(k, memory, offset, length)
  if (s.result._tag === 'Left') return s as unknown as KStep<Address>
  try {
    return kok(k, addressFromBytes(s.result.right, k.cm.machine.rules.addressRules))
  } catch (e) {
    return kerr(k, ErrorNumber.IllegalArgument, `invalid address: ${(e as Error).message}`)
  }
}

/**
 * Writes `bytes` to an output buffer `(offset, length)`: BufferTooSmall when they do not fit.
 * The out-value is the number of bytes written (u32). Bounds are checked by `checkOut` first.
 */
export function writeToBuffer(k: KernelState, offset: number, length: number, bytes: Uint8Array): KStep<SyscallOutput> {
  if (bytes.length > length) return kerr(k, ErrorNumber.BufferTooSmall, `output buffer too small (${length} < ${bytes.length})`)
  return kok(k, returns(u32Bytes(bytes.length), [{ offset, bytes }]))
}

// ---- little-endian encoders for out-values (all #[repr(packed, C)]) ----

/** One scratch buffer for the little-endian encoders; each result is a fresh copy of it. */
const scratch = new DataView(new ArrayBuffer(8))
const scratchBytes = new Uint8Array(scratch.buffer)

export function u32Bytes(n: number): Uint8Array {
  scratch.setUint32(0, n >>> 0, true)
  return scratchBytes.slice(0, 4)
}

export function i32Bytes(n: number): Uint8Array {
  scratch.setInt32(0, n | 0, true)
  return scratchBytes.slice(0, 4)
}

export function u64Bytes(n: bigint): Uint8Array {
  scratch.setBigUint64(0, BigInt.asUintN(64, n), true)
  return scratchBytes.slice(0, 8)
}

export function i64Bytes(n: bigint): Uint8Array {
  scratch.setBigInt64(0, BigInt.asIntN(64, n), true)
  return scratchBytes.slice(0, 8)
}

/** TokenAmount out-struct: lo u64, hi u64. Amounts ≥ 2^128 are a fatal error in ref-fvm. */
export function tokenAmountBytes(n: bigint): Uint8Array {
  const b = new Uint8Array(16)
  const v = new DataView(b.buffer)
  v.setBigUint64(0, BigInt.asUintN(64, n), true)
  v.setBigUint64(8, BigInt.asUintN(64, n >> 64n), true)
  return b
}

/** Out-structs are their fields' bytes, concatenated (packed, no padding). */
export const concatOut = concatBytes

export { ErrorNumber }
