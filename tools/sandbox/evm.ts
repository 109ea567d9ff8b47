/**
 * The FEVM as seen from outside: EAM and EVM method numbers, their parameter and return
 * encodings, the EVM actor's state layout per actors version, and its storage.
 * Sources: builtin-actors `actors/eam/src/lib.rs`, `actors/evm/src/{lib,types,state}.rs` and
 * `actors/evm/src/interpreter/system.rs` at v10.0.0 … v18.0.0.
 */
import { blake2b } from '@noble/hashes/blake2.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import type { BlockReader } from '../../interpreter/ipld/blockstore.js'
import { asArray, asBytes, asCid, asUint, CborError, decodeCbor, encodeCbor, type Ipld } from '../../interpreter/ipld/cbor.js'
import type { CID } from '../../interpreter/ipld/cid.js'
import { addressFromBytes, type Address } from '../../interpreter/types/address.js'
import { EMPTY_BYTES } from '../../interpreter/util/bytes.js'
import { kamtGet } from './kamt.js'

/**
 * FRC-0042 method number of an exported method: the first 4-byte big-endian chunk of
 * blake2b-512("1|" + name) that is at least 2^24.
 *
 * @rule sandbox.frc42
 */
export function frc42MethodNumber(name: string): bigint {
  const digest = blake2b(new TextEncoder().encode(`1|${name}`), { dkLen: 64 })
  for (let i = 0; i + 4 <= digest.length; i += 4) {
    const n = ((digest[i] as number) * 2 ** 24 + ((digest[i + 1] as number) << 16) + ((digest[i + 2] as number) << 8) + (digest[i + 3] as number))
    if (n >= 2 ** 24) return BigInt(n)
  }
  throw new Error(`no FRC-42 method number for ${name}`)
}

/** EAM methods (the same from v10 to v18). */
export const EAM_METHOD = { Constructor: 1n, Create: 2n, Create2: 3n, CreateExternal: 4n } as const

/** EVM actor methods (the same from v10 to v18). */
export const EVM_METHOD = {
  Constructor: 1n,
  Resurrect: 2n,
  GetBytecode: 3n,
  GetBytecodeHash: 4n,
  GetStorageAt: 5n,
  InvokeContractDelegate: 6n,
  InvokeContract: frc42MethodNumber('InvokeEVM'),
} as const

/** Exit code of a reverted contract call (`EVM_CONTRACT_REVERTED`). */
export const EVM_CONTRACT_REVERTED = 33

/** `CreateExternalParams(Vec<u8>)`, transparent: a CBOR byte string. */
export const createExternalParams = (initcode: Uint8Array): Uint8Array => encodeCbor(initcode)
/** `CreateParams { initcode, nonce }`. */
export const createParams = (initcode: Uint8Array, nonce: bigint): Uint8Array => encodeCbor([initcode, nonce])
/** `Create2Params { initcode, salt: [u8; 32] }`. */
export const create2Params = (initcode: Uint8Array, salt: Uint8Array): Uint8Array => encodeCbor([initcode, salt])

/**
 * InvokeContract params: the calldata as a CBOR byte string, or no params at all for empty
 * calldata, as Lotus builds them (`ethtypes.getFilecoinMethodInfo`).
 *
 * @rule sandbox.evm-call
 */
export const invokeContractParams = (calldata: Uint8Array): Uint8Array => (calldata.length === 0 ? EMPTY_BYTES : encodeCbor(calldata))

/** A U256 as the EVM actor serializes it: big-endian bytes without leading zeros. */
export function u256Bytes(v: bigint): Uint8Array {
  if (v < 0n || v >= 1n << 256n) throw new RangeError(`${v} is not a U256`)
  const hex = v === 0n ? '' : v.toString(16)
  return Uint8Array.from(Buffer.from(hex.length % 2 === 1 ? '0' + hex : hex, 'hex'))
}

export function u256FromBytes(b: Uint8Array): bigint {
  if (b.length > 32) throw new CborError(`U256: ${b.length} bytes (at most 32)`)
  return b.reduce((acc, x) => (acc << 8n) | BigInt(x), 0n)
}

/** A U256 as 32 big-endian bytes: the KAMT key of a storage slot (`StateHashAlgorithm`). */
export function u256Word(v: bigint): Uint8Array {
  const out = new Uint8Array(32)
  let x = v
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(x & 0xffn)
    x >>= 8n
  }
  return out
}

/** `GetStorageAtParams { storage_key: U256 }`. */
export const getStorageAtParams = (slot: bigint): Uint8Array => encodeCbor([u256Bytes(slot)])

/** What the EAM returns: `Return { actor_id, robust_address: Option<Address>, eth_address: [u8; 20] }`. */
export interface EamReturn {
  readonly actorId: bigint
  readonly robust: Address | null
  readonly eth: Uint8Array
}

export function decodeEamReturn(bytes: Uint8Array): EamReturn {
  const [id, robust, eth] = asArray(decodeCbor(bytes), 'EAM Return', 3)
  const ethBytes = asBytes(eth as Ipld, 'EAM Return.eth_address')
  if (ethBytes.length !== 20) throw new CborError(`EAM Return.eth_address: ${ethBytes.length} bytes`)
  return { actorId: asUint(id as Ipld, 'EAM Return.actor_id'), robust: robust === null ? null : addressFromBytes(asBytes(robust as Ipld, 'EAM Return.robust_address')), eth: ethBytes }
}

/** The bytes of a CBOR byte string (InvokeContract's return and revert data), or undefined. */
export function decodeCborBytes(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length === 0) return undefined
  try {
    const v = decodeCbor(bytes)
    return v instanceof Uint8Array ? v : undefined
  } catch {
    return undefined
  }
}

/** The EVM actor's state, the fields the tools read. */
export interface EvmState {
  readonly bytecode: CID
  readonly bytecodeHash: Uint8Array
  readonly contractState: CID
  readonly nonce: bigint
  readonly tombstone: Ipld
}

/**
 * Number of fields of the EVM actor's `State` tuple per actors version:
 * `[bytecode, bytecode_hash, contract_state, nonce, tombstone]` in v10–v15; v16 added
 * `transient_data` (TSTORE, FIP-0097/EIP-1153) before `nonce` (builtin-actors
 * `actors/evm/src/state.rs` at v15.0.0 and v16.0.1).
 *
 * @rule sandbox.evm-state
 */
export const EVM_STATE_FIELDS: ReadonlyMap<number, 5 | 6> = new Map([
  [10, 5],
  [11, 5],
  [12, 5],
  [13, 5],
  [14, 5],
  [15, 5],
  [16, 6],
  [17, 6],
  [18, 6],
])

/** The EVM actor's state at an actors version. @rule sandbox.evm-state */
export function decodeEvmState(v: Ipld, actorsVersion: number): EvmState {
  const fields = EVM_STATE_FIELDS.get(actorsVersion)
  if (fields === undefined) throw new CborError(`no EVM actor state layout for built-in actors v${actorsVersion}`)
  const f = asArray(v, 'EVM state', fields)
  const nonceAt = fields - 2
  return {
    bytecode: asCid(f[0] as Ipld, 'EVM state.bytecode'),
    bytecodeHash: asBytes(f[1] as Ipld, 'EVM state.bytecode_hash'),
    contractState: asCid(f[2] as Ipld, 'EVM state.contract_state'),
    nonce: asUint(f[nonceAt] as Ipld, 'EVM state.nonce'),
    tombstone: f[nonceAt + 1] as Ipld,
  }
}

/** The storage KAMT's configuration (`KAMT_CONFIG`: bit width 5, min data depth 0, max array width 1). */
export const EVM_STORAGE_KAMT = { bitWidth: 5 } as const

/**
 * The value of storage slot `slot` (0 when absent: the EVM deletes slots set to 0).
 *
 * @rule sandbox.evm-storage
 */
export function evmStorageGet(store: BlockReader, state: EvmState, slot: bigint): bigint {
  const v = kamtGet(store, state.contractState, EVM_STORAGE_KAMT, u256Word(slot), (k) => u256FromBytes(k) === slot)
  return v === undefined ? 0n : u256FromBytes(asBytes(v, 'EVM storage value'))
}

/** RLP of a byte string. */
function rlpBytes(b: Uint8Array): Uint8Array {
  if (b.length === 1 && (b[0] as number) < 0x80) return b
  if (b.length > 55) throw new RangeError('rlpBytes: long strings are not needed here')
  return Uint8Array.of(0x80 + b.length, ...b)
}

/**
 * The CREATE address of `from` (20 bytes) at `nonce`: keccak256(rlp([from, nonce]))[12:], as the
 * EAM computes it for Create and CreateExternal (`compute_address_create`).
 *
 * @rule sandbox.deploy
 */
export function createAddress(from: Uint8Array, nonce: bigint): Uint8Array {
  const payload = Uint8Array.from([...rlpBytes(from), ...rlpBytes(u256Bytes(nonce))])
  if (payload.length > 55) throw new RangeError('createAddress: payload too long')
  return keccak_256(Uint8Array.of(0xc0 + payload.length, ...payload)).subarray(12)
}

/** The 20-byte Ethereum address CreateExternal derives from an account's key address: keccak256(bytes)[12:]. */
export function accountStableAddress(keyAddressBytes: Uint8Array): Uint8Array {
  return keccak_256(keyAddressBytes).subarray(12)
}
