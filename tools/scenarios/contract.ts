/**
 * The EVM scenario's contract, hand-assembled (tools/sandbox/evm-asm.ts). It dispatches on the
 * first byte of the calldata:
 *
 *   01 ‖ value(32)   SSTORE(0, value), then LOG1 topic STORED_TOPIC with the value as data
 *   02               return SLOAD(0) (32 bytes)
 *   03 ‖ to(20)      CALL `to` with the message's value and no data; REVERT if the call failed
 *   anything else    REVERT with no data
 *
 * It has no constructor logic (the init code only returns the runtime) and accepts value on every
 * path.
 *
 * @rule scenarios.evm
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { assemble, initcodeFor } from '../sandbox/evm-asm.js'

/** keccak256("Stored(uint256)"): the event's topic, as Solidity would compute it. */
export const STORED_TOPIC: bigint = BigInt(`0x${Buffer.from(keccak_256(new TextEncoder().encode('Stored(uint256)'))).toString('hex')}`)

export const SCENARIO_RUNTIME: Uint8Array = assemble([
  { push: 0 }, 'CALLDATALOAD', { push: 0xf8 }, 'SHR',
  'DUP1', { push: 1 }, 'EQ', { pushLabel: 'store' }, 'JUMPI',
  'DUP1', { push: 2 }, 'EQ', { pushLabel: 'load' }, 'JUMPI',
  'DUP1', { push: 3 }, 'EQ', { pushLabel: 'pay' }, 'JUMPI',
  { push: 0 }, { push: 0 }, 'REVERT',
  // 01: store the word, emit Stored(value)
  { label: 'store' }, 'JUMPDEST',
  { push: 1 }, 'CALLDATALOAD', 'DUP1', { push: 0 }, 'SSTORE',
  { push: 0 }, 'MSTORE',
  { push: STORED_TOPIC }, { push: 32 }, { push: 0 }, 'LOG1',
  'STOP',
  // 02: load
  { label: 'load' }, 'JUMPDEST',
  { push: 0 }, 'SLOAD', { push: 0 }, 'MSTORE', { push: 32 }, { push: 0 }, 'RETURN',
  // 03: forward the value received to `to`
  { label: 'pay' }, 'JUMPDEST',
  { push: 0 }, { push: 0 }, { push: 0 }, { push: 0 }, 'CALLVALUE',
  { push: 1 }, 'CALLDATALOAD', { push: 96 }, 'SHR',
  'GAS', 'CALL', 'ISZERO', { pushLabel: 'fail' }, 'JUMPI', 'STOP',
  { label: 'fail' }, 'JUMPDEST', { push: 0 }, { push: 0 }, 'REVERT',
])

export const SCENARIO_INITCODE: Uint8Array = initcodeFor(SCENARIO_RUNTIME)

/** Calldata: store `value`. */
export const storeCall = (value: bigint): Uint8Array => Uint8Array.of(1, ...word(value))
/** Calldata: load. */
export const loadCall = (): Uint8Array => Uint8Array.of(2)
/** Calldata: forward the value to the 20-byte Ethereum address `to`. */
export const payCall = (to: Uint8Array): Uint8Array => Uint8Array.of(3, ...to)

function word(v: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(v.toString(16).padStart(64, '0'), 'hex'))
}
