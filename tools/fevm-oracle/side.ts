/**
 * What the oracle compares, the same for both sides: one top-level message from an EOA
 * (a deployment or a call) and its outcome, plus state queries after it.
 */

export type Hex = `0x${string}`

export interface Log {
  /** Emitting contract, 20-byte lowercase hex. */
  readonly address: Hex
  readonly topics: readonly Hex[]
  readonly data: Uint8Array
}

export interface Outcome {
  readonly success: boolean
  /** Return data on success, revert data on failure (empty for other failures). */
  readonly returnData: Uint8Array
  readonly logs: readonly Log[]
  /** Address of the contract a deployment created. */
  readonly created?: Hex
  /** The FVM receipt's exit code (FVM side only; not compared). */
  readonly exitCode?: number
}

/** Chain context both sides are configured with (see docs/fevm-oracle.md). */
export interface ChainContext {
  readonly nv: number
  readonly chainId: bigint
  readonly epoch: bigint
  readonly timestamp: bigint
  readonly baseFee: bigint
}

export const DEFAULT_CONTEXT: Omit<ChainContext, 'nv'> = {
  chainId: 314n,
  epoch: 4_000_000n,
  timestamp: 1_700_000_000n,
  baseFee: 0n,
}

export interface Side {
  readonly name: string
  fund(addr: Hex, amount: bigint): Promise<void>
  deploy(from: Hex, initCode: Uint8Array, value: bigint): Promise<Outcome>
  call(from: Hex, to: Hex, data: Uint8Array, value: bigint): Promise<Outcome>
  storage(addr: Hex, slot: bigint): Promise<bigint>
  /** Every stored slot of a contract, where the side can enumerate them. */
  storageSlots?(addr: Hex): Promise<Map<bigint, bigint>>
  balance(addr: Hex): Promise<bigint>
  code(addr: Hex): Promise<Uint8Array>
}

export function toHex(b: Uint8Array): Hex {
  return `0x${Buffer.from(b).toString('hex')}`
}

export function fromHex(h: string): Uint8Array {
  const s = h.startsWith('0x') ? h.slice(2) : h
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) throw new Error(`bad hex: ${h.slice(0, 40)}`)
  return new Uint8Array(Buffer.from(s, 'hex'))
}

export function bigToWord(v: bigint): Hex {
  return `0x${v.toString(16).padStart(64, '0')}`
}
