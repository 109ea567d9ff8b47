/**
 * fast-check generators of call sequences from a contract's ABI: which function (or the
 * fallback/receive), its ABI-encoded arguments, the value sent and the sender among a few
 * funded EOAs. Addresses are symbolic (an EOA, the subject, a contract it created, a
 * precompile, …) and resolved when the sequence runs, so one sequence means the same on both
 * sides. Deterministic per seed (fast-check's seeded PRNG).
 */
import fc from 'fast-check'
import type { AbiEntry } from './corpus.js'
import { type AbiType, type AbiValue, encodeCall, parseType, signature } from './abi.js'
import type { Hex } from './side.js'

/** The funded externally owned accounts (secp256k1-style 20-byte addresses, fixed). */
export const EOAS: readonly Hex[] = [
  '0x1000000000000000000000000000000000000001',
  '0x2000000000000000000000000000000000000002',
  '0x3000000000000000000000000000000000000003',
]
export const EOA_FUNDS = 10n ** 24n

/** A symbolic address, resolved at run time. */
export type AddrSym =
  | { readonly k: 'eoa'; readonly i: number }
  | { readonly k: 'self' }
  /** The i-th contract created so far (modulo the count; the subject when none). */
  | { readonly k: 'created'; readonly i: number }
  | { readonly k: 'const'; readonly a: Hex }

/** Fixed addresses worth calling: zero, precompiles (EVM 0x01–0x11, P256 0x100), an unused one. */
export const CONST_ADDRESSES: readonly Hex[] = [
  '0x0000000000000000000000000000000000000000',
  ...Array.from({ length: 0x11 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}` as Hex),
  '0x0000000000000000000000000000000000000100',
  '0x00000000000000000000000000000000deadbeef',
  '0x7777777777777777777777777777777777777777',
]

export type SymValue = bigint | boolean | AddrSym | Uint8Array | string | readonly SymValue[]

export interface CallStep {
  /** A function signature, or '<fallback>' (arbitrary calldata) / '<receive>' (empty calldata). */
  readonly fn: string
  readonly args: readonly SymValue[]
  /** Raw calldata for '<fallback>'. */
  readonly raw?: Uint8Array
  readonly value: bigint
  readonly sender: number
}

const addrSym: fc.Arbitrary<AddrSym> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: EOAS.length - 1 }).map((i): AddrSym => ({ k: 'eoa', i })) },
  { weight: 3, arbitrary: fc.constant<AddrSym>({ k: 'self' }) },
  { weight: 3, arbitrary: fc.nat(7).map((i): AddrSym => ({ k: 'created', i })) },
  { weight: 2, arbitrary: fc.constantFrom(...CONST_ADDRESSES).map((a): AddrSym => ({ k: 'const', a })) },
)

function uintArb(bits: number): fc.Arbitrary<bigint> {
  const max = (1n << BigInt(bits)) - 1n
  return fc.oneof(
    { weight: 5, arbitrary: fc.bigInt({ min: 0n, max: max < 40n ? max : 40n }) },
    { weight: 2, arbitrary: fc.constantFrom(0n, 1n, max, max - 1n, max >> 1n, (max >> 1n) + 1n) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: bits - 1 }).map((k) => 1n << BigInt(k)) },
    { weight: 2, arbitrary: fc.bigInt({ min: 0n, max }) },
  )
}

function intArb(bits: number): fc.Arbitrary<bigint> {
  const max = (1n << BigInt(bits - 1)) - 1n
  const min = -max - 1n
  return fc.oneof(
    { weight: 5, arbitrary: fc.bigInt({ min: -20n, max: 20n }) },
    { weight: 2, arbitrary: fc.constantFrom(0n, -1n, 1n, max, min, min + 1n) },
    { weight: 2, arbitrary: fc.bigInt({ min, max }) },
  )
}

const bytesArb = (maxLength: number): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.uint8Array({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 31, maxLength: 33 }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength }) },
  )

const stringArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 31, maxLength: 70 }) },
)

export function valueArb(t: AbiType): fc.Arbitrary<SymValue> {
  switch (t.kind) {
    case 'uint':
      return uintArb(t.bits)
    case 'int':
      return intArb(t.bits)
    case 'bool':
      return fc.boolean()
    case 'address':
      return addrSym
    case 'fixedBytes':
      return fc.oneof(
        fc.uint8Array({ minLength: t.size, maxLength: t.size }),
        fc.constant(new Uint8Array(t.size)),
      )
    case 'bytes':
      return bytesArb(300)
    case 'string':
      return stringArb
    case 'array':
      return t.length === undefined
        ? fc.array(valueArb(t.of), { maxLength: 6 })
        : fc.array(valueArb(t.of), { minLength: t.length, maxLength: t.length })
    case 'tuple':
      return fc.tuple(...t.members.map(valueArb))
  }
}

/** Functions the generator calls: every non-constructor function of the ABI(s). */
export function callableFunctions(abis: readonly (readonly AbiEntry[])[]): AbiEntry[] {
  const seen = new Set<string>()
  const out: AbiEntry[] = []
  for (const abi of abis) {
    for (const e of abi) {
      if (e.type !== 'function') continue
      const sig = signature(e)
      if (seen.has(sig)) continue
      seen.add(sig)
      out.push(e)
    }
  }
  return out
}

function valueFor(payable: boolean): fc.Arbitrary<bigint> {
  return payable
    ? fc.oneof(
        { weight: 3, arbitrary: fc.constant(0n) },
        { weight: 3, arbitrary: fc.bigInt({ min: 1n, max: 5000n }) },
        { weight: 1, arbitrary: fc.constantFrom(10n ** 18n, 123_456_789n) },
      )
    : fc.oneof({ weight: 15, arbitrary: fc.constant(0n) }, { weight: 1, arbitrary: fc.constant(1n) })
}

export function stepArb(abi: readonly AbiEntry[], extra: readonly (readonly AbiEntry[])[] = []): fc.Arbitrary<CallStep> {
  const fns = callableFunctions([abi, ...extra])
  const hasFallback = abi.some((e) => e.type === 'fallback')
  const fallbackPayable = abi.some((e) => e.type === 'fallback' && e.stateMutability === 'payable')
  const hasReceive = abi.some((e) => e.type === 'receive')
  const sender = fc.nat(EOAS.length - 1)
  const options: { weight: number; arbitrary: fc.Arbitrary<CallStep> }[] = fns.map((f) => ({
    weight: 4,
    arbitrary: fc
      .record({
        args: fc.tuple(...(f.inputs ?? []).map((p) => valueArb(parseType(p)))),
        value: valueFor(f.stateMutability === 'payable'),
        sender,
      })
      .map(({ args, value, sender }): CallStep => ({ fn: signature(f), args, value, sender })),
  }))
  // Calldata no function matches (the fallback, or a revert without one) and plain transfers.
  options.push({
    weight: hasFallback ? 3 : 1,
    arbitrary: fc
      .record({ raw: fc.uint8Array({ maxLength: 12 }), value: valueFor(fallbackPayable), sender })
      .map(({ raw, value, sender }): CallStep => ({ fn: '<fallback>', args: [], raw, value, sender })),
  })
  options.push({
    weight: hasReceive ? 3 : 1,
    arbitrary: fc
      .record({ value: valueFor(hasReceive), sender })
      .map(({ value, sender }): CallStep => ({ fn: '<receive>', args: [], value, sender })),
  })
  return fc.oneof(...options)
}

export function sequenceArb(abi: readonly AbiEntry[], extra: readonly (readonly AbiEntry[])[] = [], maxLength = 6): fc.Arbitrary<CallStep[]> {
  return fc.array(stepArb(abi, extra), { minLength: 1, maxLength })
}

/** Everything a symbolic value needs at run time. */
export interface Resolver {
  readonly self: Hex
  /** Contracts created so far, in creation order (both sides agree on this, or a difference was reported). */
  readonly created: readonly Hex[]
}

export function resolveAddr(a: AddrSym, r: Resolver): Hex {
  switch (a.k) {
    case 'eoa':
      return EOAS[a.i] as Hex
    case 'self':
      return r.self
    case 'created':
      return r.created.length === 0 ? r.self : (r.created[a.i % r.created.length] as Hex)
    case 'const':
      return a.a
  }
}

function isAddrSym(v: SymValue): v is AddrSym {
  return typeof v === 'object' && !(v instanceof Uint8Array) && !Array.isArray(v) && 'k' in v
}

export function resolveValue(v: SymValue, r: Resolver): AbiValue {
  if (isAddrSym(v)) return resolveAddr(v, r)
  if (Array.isArray(v)) return (v as readonly SymValue[]).map((x) => resolveValue(x, r))
  return v as AbiValue
}

/** Calldata of a step. */
export function calldataOf(step: CallStep, fns: ReadonlyMap<string, AbiEntry>, r: Resolver): Uint8Array {
  if (step.fn === '<fallback>') return step.raw ?? new Uint8Array(0)
  if (step.fn === '<receive>') return new Uint8Array(0)
  const f = fns.get(step.fn)
  if (f === undefined) throw new Error(`no function ${step.fn}`)
  return encodeCall(f, step.args.map((a) => resolveValue(a, r)))
}

/** A readable, JSON-safe rendering of a step (for reproducers). */
export function describeStep(step: CallStep): unknown {
  const show = (v: SymValue): unknown => {
    if (typeof v === 'bigint') return v.toString()
    if (v instanceof Uint8Array) return `0x${Buffer.from(v).toString('hex')}`
    if (Array.isArray(v)) return (v as readonly SymValue[]).map(show)
    if (isAddrSym(v)) return v.k === 'const' ? v.a : v.k === 'self' ? '<self>' : `<${v.k}:${v.i}>`
    return v
  }
  return {
    fn: step.fn,
    args: step.args.map(show),
    ...(step.raw !== undefined ? { raw: show(step.raw) } : {}),
    value: step.value.toString(),
    sender: step.sender,
  }
}
