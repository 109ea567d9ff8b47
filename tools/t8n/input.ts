/**
 * The t8n input: its io-ts codecs and the checks that need more than one field. Everything is
 * checked before anything runs; every problem names its JSON path (`messages[2].to: …`).
 *
 * @rule t8n.input
 */
import * as t from 'io-ts'
import { parseCid, type CID } from '../../interpreter/ipld/cid.js'
import { networkRulesFor } from '../../interpreter/machine/network-rules.js'
import { addressToString, Protocol, type Address } from '../../interpreter/types/address.js'
import { isSupported, SUPPORTED_NETWORK_VERSIONS } from '../../interpreter/types/network-version.js'
import { describe, errorMessage } from '../../vectors/schema.js'
import { JsonParseError, parseJson } from '../../vectors/json.js'
import { parseAddressInput } from '../genesis/addresses.js'
import { fundableAs } from '../genesis/genesis.js'

/** The failure for an absent field. */
const missing = (c: t.Context, name: string) => t.failure<never>(undefined, c, `missing required field (expected ${name})`)

const U64_MAX = (1n << 64n) - 1n
const I64_MAX = (1n << 63n) - 1n

/** An exact integer in [min, max] from a JSON integer literal (or, with `strings`, a decimal string). */
function int(name: string, min: bigint, max: bigint, strings: boolean): t.Type<bigint, bigint, unknown> {
  return new t.Type<bigint, bigint, unknown>(
    name,
    (u): u is bigint => typeof u === 'bigint' && u >= min && u <= max,
    (u, c) => {
      if (u === undefined) return missing(c, name)
      let v: bigint
      if (typeof u === 'bigint') v = u
      else if (strings && typeof u === 'string' && /^(0|[1-9][0-9]*)$/.test(u)) v = BigInt(u)
      else return t.failure(u, c, `expected ${name}, got ${describe(u)}`)
      if (v < min || v > max) return t.failure(u, c, `expected ${name}, got ${v} (out of range)`)
      return t.success(v)
    },
    (a) => a,
  )
}

/** attoFIL: a decimal string (or a JSON integer), ≥ 0. */
const Amount = int('an amount of attoFIL (a decimal string)', 0n, (1n << 256n) - 1n, true)
const U64 = int('a u64 integer', 0n, U64_MAX, true)
/** ref-fvm's Message::check: a gas limit of 0, or above i64::MAX, gets no receipt. */
const GasLimit = int('a gas limit (1 to 2^63-1)', 1n, I64_MAX, true)
const Nv = new t.Type<number, number, unknown>(
  'a network version',
  (u): u is number => typeof u === 'number',
  (u, c) => (u === undefined ? missing(c, 'a network version') : typeof u === 'bigint' && u >= 0n && u <= 0xffff_ffffn ? t.success(Number(u)) : t.failure(u, c, `expected a network version (an integer), got ${describe(u)}`)),
  (a) => a,
)

const Hex = new t.Type<Uint8Array, string, unknown>(
  '0x-prefixed hex bytes',
  (u): u is Uint8Array => u instanceof Uint8Array,
  (u, c) =>
    u === undefined
      ? missing(c, '0x-prefixed hex bytes')
      : typeof u === 'string' && /^0x([0-9a-fA-F]{2})*$/.test(u)
      ? t.success(Uint8Array.from(Buffer.from(u.slice(2), 'hex')))
      : t.failure(u, c, `not hex bytes: expected 0x and an even number of hex digits, got ${describe(u)}`),
  (a) => `0x${Buffer.from(a).toString('hex')}`,
)

const AddressText = new t.Type<Address, string, unknown>(
  'an address (f…, t… or 0x…)',
  (u): u is Address => typeof u === 'object' && u !== null && 'protocol' in u,
  (u, c) => {
    if (u === undefined) return missing(c, 'an address')
    if (typeof u !== 'string') return t.failure(u, c, `not an address: expected a string, got ${describe(u)}`)
    try {
      return t.success(parseAddressInput(u))
    } catch (e) {
      return t.failure(u, c, (e as Error).message)
    }
  },
  (a) => addressToString(a),
)

/** A message target: an address, or `created:N`, the actor message N created. */
export type Target = { readonly address: Address } | { readonly created: number }
const TargetText = new t.Type<Target, string, unknown>(
  'an address or created:N',
  (u): u is Target => typeof u === 'object' && u !== null,
  (u, c) => {
    if (typeof u === 'string') {
      const m = /^created:(0|[1-9][0-9]*)$/.exec(u)
      if (m !== null) return t.success({ created: Number(m[1]) })
    }
    const a = AddressText.validate(u, c)
    return a._tag === 'Left' ? a : t.success({ address: a.right })
  },
  (a) => ('created' in a ? `created:${a.created}` : addressToString(a.address)),
)

/** An object with these required and optional fields and no others (a typo is an error, not ignored). */
function closed<R extends t.Props, O extends t.Props>(name: string, required: R, optional: O) {
  const req = t.type(required)
  const opt = t.partial(optional)
  const known = new Set([...Object.keys(required), ...Object.keys(optional)])
  type Out = t.TypeOf<typeof req> & t.TypeOf<typeof opt>
  return new t.Type<Out, unknown, unknown>(
    name,
    (u): u is Out => req.is(u) && opt.is(u),
    (u, c) => {
      if (u === undefined) return missing(c, name)
      if (u === null || typeof u !== 'object' || Array.isArray(u)) return t.failure(u, c, `expected ${name}, got ${describe(u)}`)
      for (const key of Object.keys(u)) {
        if (!known.has(key)) return t.failure((u as Record<string, unknown>)[key], t.appendContext(c, key, t.unknown, (u as Record<string, unknown>)[key]), `unknown field (expected one of: ${[...known].join(', ')})`)
      }
      // Both halves validate against the object's own context, so error paths stay `a.b[2].c`.
      const a = req.validate(u, c)
      if (a._tag === 'Left') return a
      const b = opt.validate(u, c)
      if (b._tag === 'Left') return b
      // t.type and t.partial both return the whole object: take each half's own fields only.
      const out: Record<string, unknown> = {}
      for (const k of Object.keys(required)) out[k] = (a.right as Record<string, unknown>)[k]
      for (const k of Object.keys(optional)) if ((b.right as Record<string, unknown>)[k] !== undefined) out[k] = (b.right as Record<string, unknown>)[k]
      return t.success(out as Out)
    },
    (a) => a,
  )
}

const GAS = { gas_limit: GasLimit, gas_fee_cap: Amount, gas_premium: Amount, nonce: U64, value: Amount }

const EvmCreate = closed('an evm.create message', { kind: t.literal('evm.create'), from: AddressText, bytecode: Hex }, GAS)
const EvmCall = closed('an evm.call message', { kind: t.literal('evm.call'), from: AddressText, to: TargetText }, { calldata: Hex, ...GAS })
const Plain = closed('a message', { from: AddressText, to: TargetText, method: U64 }, { kind: t.literal('message'), params: Hex, ...GAS })

export type T8nMessage = t.TypeOf<typeof EvmCreate> | t.TypeOf<typeof EvmCall> | t.TypeOf<typeof Plain>

/** A message, its codec chosen by `kind` (evm.create, evm.call, or message / none). */
const Message = new t.Type<T8nMessage, unknown, unknown>(
  'a message',
  (u): u is T8nMessage => typeof u === 'object' && u !== null,
  (u, c) => {
    const kind = u !== null && typeof u === 'object' && !Array.isArray(u) ? (u as Record<string, unknown>)['kind'] : undefined
    if (kind === 'evm.create') return EvmCreate.validate(u, c)
    if (kind === 'evm.call') return EvmCall.validate(u, c)
    if (kind === undefined || kind === 'message') return Plain.validate(u, c)
    return t.failure(kind, t.appendContext(c, 'kind', t.unknown, kind), `unknown kind ${typeof kind === 'string' ? JSON.stringify(kind) : describe(kind)} (expected "evm.create", "evm.call" or "message")`)
  },
  (a) => a,
)

/** `{ "<epoch>": "<CID>" }`: tipset CIDs for some earlier epochs (the others: the sandbox's default). */
const TipsetCids = new t.Type<ReadonlyMap<bigint, CID>, unknown, unknown>(
  'tipset CIDs by epoch',
  (u): u is ReadonlyMap<bigint, CID> => u instanceof Map,
  (u, c) => {
    if (u === null || typeof u !== 'object' || Array.isArray(u)) return t.failure(u, c, `expected an object of epoch → CID, got ${describe(u)}`)
    const out = new Map<bigint, CID>()
    for (const [k, v] of Object.entries(u as Record<string, unknown>)) {
      const at = t.appendContext(c, k, t.unknown, v)
      if (!/^(0|[1-9][0-9]*)$/.test(k) || BigInt(k) > I64_MAX) return t.failure(v, at, `not an epoch: ${JSON.stringify(k)} (expected a decimal integer, 0 to 2^63-1)`)
      if (typeof v !== 'string') return t.failure(v, at, `expected a CID, got ${describe(v)}`)
      try {
        out.set(BigInt(k), parseCid(v))
      } catch (e) {
        return t.failure(v, at, `not a CID: ${JSON.stringify(v)} (${(e as Error).message})`)
      }
    }
    return t.success(out)
  },
  (a) => Object.fromEntries([...a].map(([k, v]) => [k.toString(), v.toString()])),
)

const Env = closed('the env object', { nv: Nv }, { epoch: int('an epoch (≥ 0)', 0n, I64_MAX, true), timestamp: U64, base_fee: Amount, chain_id: U64, circ_supply: Amount, tipset_cids: TipsetCids })
const Account = closed('an account', { address: AddressText, balance: Amount }, { kind: t.keyof({ placeholder: null, ethaccount: null }) })

export const T8nInputCodec = closed('the t8n input object', { env: Env, messages: t.array(Message) }, { accounts: t.array(Account) })
export type T8nInput = t.TypeOf<typeof T8nInputCodec>

/** A path without the leading `$.` (`messages[2].to: …`); the whole input is `input`. */
function withoutRoot(message: string): string {
  return message.startsWith('$:') ? `input${message.slice(1)}` : message.replace(/^\$\.?/, '')
}

export type Checked = { readonly ok: true; readonly input: T8nInput } | { readonly ok: false; readonly error: string }

/**
 * Parses and checks the input text: JSON (exact integers), the schema, then what needs several
 * fields: a supported network version, `created:N` naming an earlier evm.create, no FEVM
 * address or message before the EAM exists, no address funded twice.
 *
 * @rule t8n.input
 */
export function checkT8nInput(text: string): Checked {
  let json: unknown
  try {
    json = parseJson(text)
  } catch (e) {
    if (e instanceof JsonParseError) return { ok: false, error: `input: invalid JSON: ${e.message}` }
    throw e
  }
  const r = T8nInputCodec.decode(json)
  if (r._tag === 'Left') {
    const first = r.left[0]
    return { ok: false, error: first === undefined ? 'input: not a t8n input' : withoutRoot(errorMessage(first)) }
  }
  const input = r.right
  const nv = input.env.nv
  const rules = networkRulesFor(nv)
  if (rules === undefined || !isSupported(nv)) {
    return { ok: false, error: `env.nv: network version ${nv} is not supported by the interpreter (supported: ${SUPPORTED_NETWORK_VERSIONS.join(', ')})` }
  }
  const fevm = rules.requiredActors.includes('eam')
  const isF4 = (a: Address) => a.protocol === Protocol.DELEGATED
  const seen = new Map<string, number>()
  for (const [i, a] of (input.accounts ?? []).entries()) {
    const as = fundableAs(a.address, a.kind)
    if (typeof as !== 'string') return { ok: false, error: `accounts[${i}].${a.kind !== undefined && as.problem.includes('key address') ? 'kind' : 'address'}: ${as.problem}` }
    const key = addressToString(a.address)
    if (!fevm && isF4(a.address)) return { ok: false, error: `accounts[${i}].address: f410/0x addresses need the EAM (nv18 and later), not nv${nv}` }
    const earlier = seen.get(key)
    if (earlier !== undefined) return { ok: false, error: `accounts[${i}].address: ${key} is already accounts[${earlier}]` }
    seen.set(key, i)
  }
  for (const [i, m] of input.messages.entries()) {
    if (!fevm && m.kind !== undefined && m.kind !== 'message') return { ok: false, error: `messages[${i}].kind: ${m.kind} needs the EAM and EVM actors (nv18 and later), not nv${nv}` }
    if (!fevm && isF4(m.from)) return { ok: false, error: `messages[${i}].from: f410/0x addresses need the EAM (nv18 and later), not nv${nv}` }
    if ('to' in m) {
      const to = m.to
      if ('created' in to) {
        const target = input.messages[to.created]
        if (to.created >= i || target?.kind !== 'evm.create') return { ok: false, error: `messages[${i}].to: created:${to.created} names no earlier evm.create message` }
      } else if (!fevm && isF4(to.address)) return { ok: false, error: `messages[${i}].to: f410/0x addresses need the EAM (nv18 and later), not nv${nv}` }
    }
  }
  return { ok: true, input }
}
