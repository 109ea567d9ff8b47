/**
 * A tiny EVM assembler for hand-written test contracts: opcode names, pushes and labels, two
 * passes. Enough to write the FEVM tests' contracts without a compiler; not a general assembler.
 */

const OPCODES: Readonly<Record<string, number>> = {
  STOP: 0x00, ADD: 0x01, MUL: 0x02, SUB: 0x03, DIV: 0x04, LT: 0x10, GT: 0x11, EQ: 0x14, ISZERO: 0x15, AND: 0x16, SHL: 0x1b, SHR: 0x1c,
  KECCAK256: 0x20, ADDRESS: 0x30, BALANCE: 0x31, ORIGIN: 0x32, CALLER: 0x33, CALLVALUE: 0x34, CALLDATALOAD: 0x35, CALLDATASIZE: 0x36,
  CALLDATACOPY: 0x37, CODESIZE: 0x38, CODECOPY: 0x39, RETURNDATASIZE: 0x3d, RETURNDATACOPY: 0x3e, EXTCODESIZE: 0x3b,
  BLOCKHASH: 0x40, COINBASE: 0x41, TIMESTAMP: 0x42, NUMBER: 0x43, PREVRANDAO: 0x44, GASLIMIT: 0x45, CHAINID: 0x46, SELFBALANCE: 0x47, BASEFEE: 0x48,
  POP: 0x50, MLOAD: 0x51, MSTORE: 0x52, MSTORE8: 0x53, SLOAD: 0x54, SSTORE: 0x55, JUMP: 0x56, JUMPI: 0x57, GAS: 0x5a, JUMPDEST: 0x5b,
  DUP1: 0x80, DUP2: 0x81, DUP3: 0x82, DUP4: 0x83, SWAP1: 0x90, SWAP2: 0x91,
  LOG0: 0xa0, LOG1: 0xa1, LOG2: 0xa2, LOG3: 0xa3, LOG4: 0xa4,
  CREATE: 0xf0, CALL: 0xf1, RETURN: 0xf3, DELEGATECALL: 0xf4, CREATE2: 0xf5, STATICCALL: 0xfa, REVERT: 0xfd, INVALID: 0xfe, SELFDESTRUCT: 0xff,
}

/** One item: an opcode name, a push of a value (PUSH1..PUSH32, the smallest that holds it), a label, or a push of a label's offset (PUSH2). */
export type AsmItem = string | { readonly push: bigint | number } | { readonly label: string } | { readonly pushLabel: string }

function pushBytes(v: bigint): Uint8Array {
  if (v < 0n || v >= 1n << 256n) throw new RangeError(`push ${v}: not a 256-bit word`)
  let hex = v.toString(16)
  if (hex.length % 2 === 1) hex = '0' + hex
  const bytes = Uint8Array.from(Buffer.from(hex, 'hex'))
  return Uint8Array.from([0x60 + bytes.length - 1, ...bytes])
}

/** Assembles `items` into bytecode. Throws on an unknown opcode or label. */
export function assemble(items: readonly AsmItem[]): Uint8Array {
  const size = (it: AsmItem): number => {
    if (typeof it === 'string') return 1
    if ('push' in it) return pushBytes(BigInt(it.push)).length
    if ('label' in it) return 0
    return 3
  }
  const labels = new Map<string, number>()
  let offset = 0
  for (const it of items) {
    if (typeof it === 'object' && 'label' in it) {
      if (labels.has(it.label)) throw new Error(`label ${it.label} defined twice`)
      labels.set(it.label, offset)
    }
    offset += size(it)
  }
  const out: number[] = []
  for (const it of items) {
    if (typeof it === 'string') {
      const op = OPCODES[it]
      if (op === undefined) throw new Error(`unknown opcode ${it}`)
      out.push(op)
    } else if ('push' in it) out.push(...pushBytes(BigInt(it.push)))
    else if ('pushLabel' in it) {
      const at = labels.get(it.pushLabel)
      if (at === undefined) throw new Error(`unknown label ${it.pushLabel}`)
      out.push(0x61, at >> 8, at & 0xff)
    }
  }
  return Uint8Array.from(out)
}

/** Init code that returns `runtime` as the contract's code: CODECOPY the runtime after a 13-byte header, RETURN it. */
export function initcodeFor(runtime: Uint8Array): Uint8Array {
  if (runtime.length > 0xffff) throw new RangeError('runtime code too long')
  const len = runtime.length
  // PUSH2 len, DUP1, PUSH2 13 (the header's length), PUSH1 0, CODECOPY, PUSH1 0, RETURN
  const head = Uint8Array.from([0x61, len >> 8, len & 0xff, 0x80, 0x61, 0x00, 0x0d, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3])
  return Uint8Array.from([...head, ...runtime])
}
