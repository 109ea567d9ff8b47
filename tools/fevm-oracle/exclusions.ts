/**
 * The documented FEVM differences from Ethereum that the oracle excludes, as data. Each one
 * names its FIP-0054 section and the builtin-actors source, and matches narrowly: a field of
 * one step, given evidence from the EVM-side trace (which opcode ran, on which operand, which
 * frame failed how). docs/fevm-oracle.md renders this table; a difference no entry matches
 * fails the suite. `effect: 'field'` skips only that field; `effect: 'sequence'` stops
 * comparing the rest of the sequence (the two states legitimately diverged).
 */
import type { EvmTrace } from './evm-side.js'
import type { Hex } from './side.js'

export type Field = 'success' | 'returnData' | 'logs' | 'created' | 'code' | 'storage' | 'balance' | 'exception'

export interface DiffContext {
  readonly nv: number
  readonly subject: string
  /** Signature of the function the step called ('<deploy>', '<fallback>', '<receive>' otherwise). */
  readonly fn: string
  readonly field: Field
  /** The account a storage/balance/code difference is about. */
  readonly address?: Hex
  readonly trace: EvmTrace
  /** Every account that executed SELFDESTRUCT in any step so far (EVM side). */
  readonly selfdestructed: ReadonlySet<Hex>
  /** Every account that executed SELFDESTRUCT with itself as the beneficiary in any step so far (EVM side). */
  readonly selfBeneficiary: ReadonlySet<Hex>
}

export interface Exclusion {
  readonly id: string
  readonly title: string
  /** FIP-0054 section (and other FIPs where relevant). */
  readonly fip: string
  /** builtin-actors source that implements the FEVM behaviour. */
  readonly source: string
  readonly effect: 'field' | 'sequence'
  readonly matches: (d: DiffContext) => boolean
}

/** EVM precompile addresses of the EVM actor at a network version (targets.ts table). */
export function precompilesAt(nv: number): Set<Hex> {
  const out = new Set<Hex>()
  const add = (n: number): void => void out.add(`0x${n.toString(16).padStart(40, '0')}` as Hex)
  for (let i = 1; i <= 9; i++) add(i)
  if (nv >= 27) for (let i = 0x0b; i <= 0x11; i++) add(i)
  if (nv >= 28) add(0x100)
  return out
}

const ranOpcode = (d: DiffContext, op: string): boolean => d.trace.opcodes.has(op)

export const EXCLUSIONS: readonly Exclusion[] = [
  {
    id: 'gas-opcode',
    title: 'GAS returns the FVM gas available, not EVM gas',
    fip: 'FIP-0054 §Opcode support (GAS: Filecoin gas available) and §Other considerations (gas)',
    source: 'actors/evm/src/interpreter/instructions/context.rs `gas`',
    effect: 'field',
    matches: (d) => d.subject === 'BlockContext' && d.fn === 'gasleftRaw()' && d.field === 'returnData',
  },
  {
    id: 'prevrandao',
    title: 'PREVRANDAO is Filecoin beacon randomness',
    fip: 'FIP-0054 §Opcode support (PREVRANDAO: beacon randomness)',
    source: 'actors/evm/src/interpreter/instructions/context.rs `prevrandao`',
    effect: 'field',
    matches: (d) => d.subject === 'BlockContext' && d.fn === 'prevrandao()' && d.field === 'returnData' && ranOpcode(d, 'PREVRANDAO'),
  },
  {
    id: 'transfer-stipend',
    title: 'Value-only calls with the 2300 stipend get 10M Filecoin gas: a receive() that runs out of EVM stipend gas succeeds on the FEVM',
    fip: 'FIP-0054 §Opcode support (CALL: value transfers with the 2300 stipend get a fixed gas allowance)',
    source: 'actors/evm/src/interpreter/instructions/call.rs `call_generic` TRANSFER_GAS_LIMIT',
    effect: 'sequence',
    matches: (d) =>
      d.trace.frames.some((f) => f.depth > 0 && f.kind === 'call' && f.gasLimit === 2300n && f.error === 'out of gas'),
  },
  {
    id: 'extcodehash-precompile',
    title: 'EXTCODEHASH of a precompile address is keccak256("") on the FEVM (0 on Ethereum for an absent account)',
    fip: 'FIP-0054 §Opcode support (EXTCODEHASH of non-EVM targets)',
    source: 'actors/evm/src/interpreter/instructions/ext.rs `extcodehash` (ContractType::Precompile => BytecodeHash::EMPTY)',
    effect: 'field',
    matches: (d) =>
      d.field === 'returnData' &&
      [...(d.trace.extOperands.get('EXTCODEHASH') ?? [])].some((a) => precompilesAt(d.nv).has(a)),
  },
  {
    id: 'selfdestruct-storage',
    title: 'A self-destructed contract keeps its storage (a tombstoned actor); Ethereum deletes the account',
    fip: 'FIP-0054 §Opcode support (SELFDESTRUCT: tombstone until the end of the message, no deletion)',
    source: 'actors/evm/src/lib.rs `is_dead`/`current_tombstone`; interpreter/instructions/lifecycle.rs `selfdestruct`',
    effect: 'field',
    matches: (d) => d.field === 'storage' && d.address !== undefined && d.selfdestructed.has(d.address),
  },
  {
    id: 'selfdestruct-self-beneficiary',
    title: 'SELFDESTRUCT naming the contract itself as beneficiary keeps the balance (a transfer to itself, then a tombstone); pre-Cancun Ethereum burns it',
    fip: 'FIP-0054 §Opcode support (Lifecycle: SELFDESTRUCT: mark the tombstone, transfer the balance to the beneficiary; the actor is not deleted)',
    source: 'actors/evm/src/interpreter/instructions/lifecycle.rs `selfdestruct` (v10.0.0 L124, v18.0.0 L150: send_simple(beneficiary, balance), then mark_selfdestructed); the FVM transfer to itself is a no-op (fvm@v3.14.1 and fvm@v4.8.2 fvm/src/call_manager/default.rs L496–499)',
    effect: 'field',
    matches: (d) => d.field === 'balance' && d.address !== undefined && d.selfBeneficiary.has(d.address),
  },
  {
    id: 'create-returndata-v10',
    title: 'Before actors v12 (nv18–20) a failed CREATE/CREATE2 leaves RETURNDATA untouched (no revert data; stale data after success)',
    fip: 'FIP-0054 §Opcode support (CREATE/CREATE2 through the EAM); changed in builtin-actors v12 (nv21)',
    source: 'actors/evm/src/interpreter/instructions/lifecycle.rs `create_init` (v10.0.0: `Err(_) => U256::zero()`; v12.0.0 sets state.return_data)',
    effect: 'sequence',
    matches: (d) => d.nv <= 20 && d.trace.frames.some((f) => f.kind === 'create' && f.depth > 0 && f.error !== undefined),
  },
  {
    id: 'call-depth-gas',
    title: 'Deep call chains run out of Filecoin gas long before the EVM call-depth limit (63/64 of the FVM gas left is forwarded per level, each level costing millions of gas)',
    fip: 'FIP-0054 §Other considerations (gas: Filecoin gas, 63/64 forwarding)',
    source: 'actors/evm/src/interpreter/instructions/call.rs `effective_gas_limit`',
    effect: 'sequence',
    matches: (d) => d.trace.frames.some((f) => f.depth >= CALL_DEPTH_GAS_THRESHOLD),
  },
]

/**
 * EVM-side call depth from which the FEVM cannot follow with a 10^10 message gas limit: with a
 * per-level cost c and 63/64 forwarding the gas left at depth d is (G + 63c)(63/64)^d − 63c, zero
 * at d ≈ 233 for c ≈ 4.2M (DepthLimit, which writes storage at every level, measured at nv18: 233
 * levels) and d ≈ 280 for c ≈ 2M (a bare self-call: vectors/fevm/filecoin/Depth.sol, 280 at
 * nv18 and nv21, 282 at nv28, tools/sandbox/depth.test.ts). 200 leaves a margin for cheaper
 * frames; nothing in the corpus nests that deep except on purpose. (With gas enough, 10^16, the
 * FEVM stops at the FVM's 1024 nested calls, as Ethereum does at its 1024 call depth.)
 */
export const CALL_DEPTH_GAS_THRESHOLD = 200

export function findExclusion(d: DiffContext): Exclusion | undefined {
  return EXCLUSIONS.find((e) => e.matches(d))
}
