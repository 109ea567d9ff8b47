/**
 * Hand-assembled EVM contracts for the FEVM tests. One contract, dispatching on the first byte of
 * the calldata:
 *
 *   01 ‖ key(32) ‖ value(32)   SSTORE value at key
 *   02 ‖ key(32)               return SLOAD(key) (32 bytes)
 *   03 ‖ n(1) ‖ data           LOGn with topics 0x11, 0x22, 0x33, 0x44 (the first n) and `data`
 *   04 ‖ data                  REVERT with `data`
 *   05 ‖ initcode              CREATE (value 0) → return the new address (32 bytes)
 *   06 ‖ salt(32) ‖ initcode   CREATE2 (value 0) → return the new address (32 bytes)
 *   07                         return CALLER (32 bytes)
 *   anything else              STOP
 */
import { assemble, initcodeFor, type AsmItem } from './evm-asm.js'

/** Copies calldata[from:] to memory 0 and leaves its length on the stack. */
const copyCalldataFrom = (from: number): AsmItem[] => [{ push: from }, 'CALLDATASIZE', 'SUB', 'DUP1', { push: from }, { push: 0 }, 'CALLDATACOPY']

const TOPICS = [0x11, 0x22, 0x33, 0x44]

export const KITCHEN_SINK_RUNTIME: Uint8Array = assemble([
  { push: 0 }, 'CALLDATALOAD', { push: 0xf8 }, 'SHR',
  ...[1, 2, 3, 4, 5, 6, 7].flatMap((sel): AsmItem[] => ['DUP1', { push: sel }, 'EQ', { pushLabel: `sel${sel}` }, 'JUMPI']),
  'STOP',
  // 01: store
  { label: 'sel1' }, 'JUMPDEST', { push: 33 }, 'CALLDATALOAD', { push: 1 }, 'CALLDATALOAD', 'SSTORE', 'STOP',
  // 02: load
  { label: 'sel2' }, 'JUMPDEST', { push: 1 }, 'CALLDATALOAD', 'SLOAD', { push: 0 }, 'MSTORE', { push: 32 }, { push: 0 }, 'RETURN',
  // 03: log n
  { label: 'sel3' }, 'JUMPDEST', ...copyCalldataFrom(2), 'POP', { push: 1 }, 'CALLDATALOAD', { push: 0xf8 }, 'SHR',
  ...[0, 1, 2, 3, 4].flatMap((n): AsmItem[] => ['DUP1', { push: n }, 'EQ', { pushLabel: `log${n}` }, 'JUMPI']),
  'INVALID',
  ...[0, 1, 2, 3, 4].flatMap((n): AsmItem[] => [
    { label: `log${n}` }, 'JUMPDEST', 'POP',
    ...TOPICS.slice(0, n).reverse().map((t): AsmItem => ({ push: t })),
    { push: 2 }, 'CALLDATASIZE', 'SUB', { push: 0 }, `LOG${n}`, 'STOP',
  ]),
  // 04: revert with calldata[1:]
  { label: 'sel4' }, 'JUMPDEST', ...copyCalldataFrom(1), { push: 0 }, 'REVERT',
  // 05: CREATE(value 0, memory 0, len)
  { label: 'sel5' }, 'JUMPDEST', ...copyCalldataFrom(1), { push: 0 }, { push: 0 }, 'CREATE', { push: 0 }, 'MSTORE', { push: 32 }, { push: 0 }, 'RETURN',
  // 06: CREATE2(value 0, memory 0, len, salt = calldata[1:33]) with the initcode at calldata[33:]
  { label: 'sel6' }, 'JUMPDEST', { push: 1 }, 'CALLDATALOAD', ...copyCalldataFrom(33), { push: 0 }, { push: 0 }, 'CREATE2', { push: 0 }, 'MSTORE', { push: 32 }, { push: 0 }, 'RETURN',
  // 07: caller
  { label: 'sel7' }, 'JUMPDEST', 'CALLER', { push: 0 }, 'MSTORE', { push: 32 }, { push: 0 }, 'RETURN',
])

export const KITCHEN_SINK_INITCODE: Uint8Array = initcodeFor(KITCHEN_SINK_RUNTIME)

/** A contract that returns 0x2a as one 32-byte word whatever it is called with. */
export const ANSWER_RUNTIME: Uint8Array = assemble([{ push: 0x2a }, { push: 0 }, 'MSTORE', { push: 32 }, { push: 0 }, 'RETURN'])
export const ANSWER_INITCODE: Uint8Array = initcodeFor(ANSWER_RUNTIME)

const word = (v: bigint): Uint8Array => Uint8Array.from(Buffer.from(v.toString(16).padStart(64, '0'), 'hex'))
const cat = (...parts: (Uint8Array | number[])[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]))

export const calldata = {
  store: (key: bigint, value: bigint): Uint8Array => cat([1], word(key), word(value)),
  load: (key: bigint): Uint8Array => cat([2], word(key)),
  log: (n: number, data: Uint8Array): Uint8Array => cat([3, n], data),
  revert: (data: Uint8Array): Uint8Array => cat([4], data),
  create: (initcode: Uint8Array): Uint8Array => cat([5], initcode),
  create2: (salt: bigint, initcode: Uint8Array): Uint8Array => cat([6], word(salt), initcode),
  caller: (): Uint8Array => Uint8Array.from([7]),
}
