/**
 * The `basic` recipe generator: vectors in the embedded corpus's style (accounts and multisigs
 * with balances and nonces; bare value sends, top-level send failures, preflight failures), built
 * with vectors/builder/state-builder.ts and run without actor code. A recipe is plain JSON:
 *
 *   { "nv": 18, "base_fee": "100",
 *     "actors":   [{ "id": 100, "code": "account", "key": "bls", "balance": "1000", "nonce": 0 }],
 *     "messages": [{ "from": {"actor": 100, "by": "key"}, "to": {"actor": 101, "by": "id"},
 *                    "value": "5", "gas_limit": "3000000", "fee_cap": "200", "premium": "10" }] }
 *
 * An actor's key address is derived from its id (`key`: bls or secp256k1; accounts only). A
 * reference to an actor the recipe does not hold is still an address: `by: id` a missing ID
 * address, `by: key` an unregistered BLS key. A message's nonce is its sender's nonce plus the
 * number of earlier messages from that sender, unless the message gives `nonce`.
 *
 * The vector's expected receipts and post-state are what fvm-spec (without faults) computes; a
 * message that gets no receipt is given a zero receipt. This is a generator for differential
 * testing, not for conformance: the embedded corpus derives its figures by hand instead.
 *
 * @rule runner.shrink
 */
import { vectorCar } from './builder/vector-car.js'
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { CID } from '../interpreter/ipld/cid.js'
import { blsAddress, idAddress, secp256k1AddressFromPayload, type Address } from '../interpreter/types/address.js'
import { encodeMessage, type Message } from '../interpreter/types/message.js'
import { requireNetworkRules } from '../interpreter/machine/network-rules.js'
import { isSupported, SUPPORTED_NETWORK_VERSIONS, type NetworkVersion } from '../interpreter/types/network-version.js'
import { toBase64 } from '../interpreter/util/bytes.js'
import { buildState, type ActorSpec } from './builder/state-builder.js'
import { execVectorDetail } from './exec.js'
import type { RecipeGenerator } from './shrink.js'

export interface BasicActor {
  readonly id: number
  readonly code: 'account' | 'multisig'
  /** The key address kind of an account (default bls). */
  readonly key?: 'bls' | 'secp'
  /** attoFIL, decimal. */
  readonly balance: string
  readonly nonce?: number
}

export interface AddressRef {
  readonly actor: number
  readonly by: 'id' | 'key'
}

export interface BasicMessage {
  readonly from: AddressRef
  readonly to: AddressRef
  readonly value: string
  readonly gas_limit: string
  readonly fee_cap: string
  readonly premium: string
  /** Explicit nonce; absent: the sender's next nonce. */
  readonly nonce?: number
}

export interface BasicRecipe {
  readonly nv: NetworkVersion
  readonly base_fee: string
  readonly actors: readonly BasicActor[]
  readonly messages: readonly BasicMessage[]
}

export const EPOCH = 2_000_000
const CIRC_SUPPLY = '2000000000000000000000000000'

const bytesFor = (id: number, len: number, salt: number) => Uint8Array.from({ length: len }, (_, i) => (id * 37 + i * 11 + salt) & 0xff)

function keyAddress(id: number, key: 'bls' | 'secp'): Address {
  return key === 'secp' ? secp256k1AddressFromPayload(bytesFor(id, 20, 5)) : blsAddress(bytesFor(id, 48, 3))
}

function addressOf(recipe: BasicRecipe, ref: AddressRef): Address {
  if (ref.by === 'id') return idAddress(BigInt(ref.actor))
  const a = recipe.actors.find((x) => x.id === ref.actor)
  return keyAddress(ref.actor, a?.code === 'account' ? (a.key ?? 'bls') : 'bls')
}

function decimal(x: unknown, at: string): string {
  if (typeof x !== 'string' || !/^(0|[1-9][0-9]*)$/.test(x)) throw new Error(`${at}: expected a decimal string`)
  return x
}

function smallInt(x: unknown, at: string): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) throw new Error(`${at}: expected a non-negative integer`)
  return x
}

function decodeRef(x: unknown, at: string): AddressRef {
  const r = x as Partial<AddressRef> | null
  if (r === null || typeof r !== 'object' || (r.by !== 'id' && r.by !== 'key')) throw new Error(`${at}: expected {"actor": N, "by": "id"|"key"}`)
  return { actor: smallInt(r.actor, `${at}.actor`), by: r.by }
}

export function decodeBasicRecipe(json: unknown): BasicRecipe {
  const r = json as Record<string, unknown> | null
  if (r === null || typeof r !== 'object') throw new Error('recipe: expected an object')
  if (typeof r['nv'] !== 'number' || !isSupported(r['nv'])) throw new Error(`recipe.nv: expected a supported network version (${SUPPORTED_NETWORK_VERSIONS.join(', ')})`)
  if (!Array.isArray(r['actors']) || !Array.isArray(r['messages'])) throw new Error('recipe: expected actors and messages arrays')
  const actors = (r['actors'] as unknown[]).map((a0, i): BasicActor => {
    const a = a0 as Record<string, unknown>
    const at = `recipe.actors[${i}]`
    if (a['code'] !== 'account' && a['code'] !== 'multisig') throw new Error(`${at}.code: expected account or multisig`)
    const id = smallInt(a['id'], `${at}.id`)
    if (id < 100 || id > 355) throw new Error(`${at}.id: expected 100..355`)
    if (a['key'] !== undefined && a['key'] !== 'bls' && a['key'] !== 'secp') throw new Error(`${at}.key: expected bls or secp`)
    return {
      id,
      code: a['code'],
      ...(a['key'] === undefined ? {} : { key: a['key'] }),
      balance: decimal(a['balance'], `${at}.balance`),
      ...(a['nonce'] === undefined ? {} : { nonce: smallInt(a['nonce'], `${at}.nonce`) }),
    }
  })
  if (new Set(actors.map((a) => a.id)).size !== actors.length) throw new Error('recipe.actors: ids must differ')
  const messages = (r['messages'] as unknown[]).map((m0, i): BasicMessage => {
    const m = m0 as Record<string, unknown>
    const at = `recipe.messages[${i}]`
    return {
      from: decodeRef(m['from'], `${at}.from`),
      to: decodeRef(m['to'], `${at}.to`),
      value: decimal(m['value'], `${at}.value`),
      gas_limit: decimal(m['gas_limit'], `${at}.gas_limit`),
      fee_cap: decimal(m['fee_cap'], `${at}.fee_cap`),
      premium: decimal(m['premium'], `${at}.premium`),
      ...(m['nonce'] === undefined ? {} : { nonce: smallInt(m['nonce'], `${at}.nonce`) }),
    }
  })
  return { nv: r['nv'], base_fee: decimal(r['base_fee'], 'recipe.base_fee'), actors, messages }
}

function messagesOf(recipe: BasicRecipe): Message[] {
  const sent = new Map<number, number>()
  return recipe.messages.map((m) => {
    const prior = sent.get(m.from.actor) ?? 0
    const auto = (recipe.actors.find((a) => a.id === m.from.actor)?.nonce ?? 0) + prior
    if (m.nonce === undefined) sent.set(m.from.actor, prior + 1)
    return {
      version: 0n,
      to: addressOf(recipe, m.to),
      from: addressOf(recipe, m.from),
      sequence: BigInt(m.nonce ?? auto),
      value: BigInt(m.value),
      gasLimit: BigInt(m.gas_limit),
      gasFeeCap: BigInt(m.fee_cap),
      gasPremium: BigInt(m.premium),
      method: 0n,
      params: new Uint8Array(0),
    }
  })
}

/** The vector for a basic recipe, as JSON text (expected figures: fvm-spec's own result). */
export function buildBasicVector(recipe: BasicRecipe): string {
  const specs: ActorSpec[] = recipe.actors.map((a) => ({
    id: BigInt(a.id),
    code: a.code,
    balance: BigInt(a.balance),
    sequence: BigInt(a.nonce ?? 0),
    ...(a.code === 'account' ? { address: keyAddress(a.id, a.key ?? 'bls') } : {}),
  }))
  const pre = buildState(recipe.nv, specs)
  const codec = requireNetworkRules(recipe.nv).messageCodec
  const messages = messagesOf(recipe).map((m) => toBase64(encodeMessage(m, codec)))
  const recipeJson = JSON.stringify(recipe)
  const id = `gen-basic-nv${recipe.nv}-${createHash('sha256').update(recipeJson).digest('hex').slice(0, 12)}`
  const vector = (blocks: Iterable<readonly [string, Uint8Array]>, postRoot: string, receipts: readonly { exit_code: number; return: string; gas_used: string }[]) => {
    const roots = postRoot === pre.root.toString() ? [pre.root] : [pre.root, CID.parse(postRoot)]
    return JSON.stringify(
      {
        class: 'message',
        _meta: {
          id,
          version: 'fvm-spec basic recipe 1',
          description: `generated from a basic recipe: ${recipe.messages.length} message(s), ${recipe.actors.length} actor(s) besides the singletons`,
          gen: [{ source: 'fvm-spec/vectors/shrink-basic.ts', version: '1' }],
          recipe: { generator: 'basic', recipe },
        },
        car: toBase64(gzipSync(vectorCar(roots, blocks))),
        preconditions: {
          variants: [{ id: `nv${recipe.nv}`, epoch: EPOCH, nv: recipe.nv }],
          state_tree: { root_cid: { '/': pre.root.toString() } },
          basefee: Number(recipe.base_fee),
          circ_supply: CIRC_SUPPLY,
        },
        apply_messages: messages.map((bytes) => ({ bytes })),
        postconditions: {
          state_tree: { root_cid: { '/': postRoot } },
          receipts: receipts.map((r) => ({ exit_code: r.exit_code, return: r.return, gas_used: Number(r.gas_used) })),
        },
      },
      null,
      2,
    )
  }
  // First without expectations, to compute them; then with them and the post-state's blocks.
  const zero = { exit_code: 0, return: '', gas_used: '0' }
  const draft = vector(pre.store.entries(), pre.root.toString(), messages.map(() => zero))
  const { result, postTree } = execVectorDetail(draft, `${id}.json`)
  const receipts = messages.map((_, i) => result.receipts[i] ?? zero)
  if (postTree === null) return vector(pre.store.entries(), pre.root.toString(), receipts)
  return vector([...pre.store.entries(), ...postTree.store.entries()], result.post_state_root?.['/'] ?? pre.root.toString(), receipts)
}

/** Smaller numbers to try in place of `x`: 0, 1, one significant digit, half. Each is < x. */
function smaller(x: string): string[] {
  const n = BigInt(x)
  if (n === 0n) return []
  const out = new Set<bigint>([0n, 1n, BigInt(x[0] + '0'.repeat(x.length - 1)), 10n ** BigInt(x.length - 1), n / 2n])
  return [...out].filter((v) => v < n).map(String)
}

function* basicCandidates(r: BasicRecipe): Generator<BasicRecipe> {
  const msgs = r.messages
  // Structure first: one message alone, then one message dropped, then one actor dropped.
  if (msgs.length > 1) {
    for (const m of msgs) yield { ...r, messages: [m] }
    for (let i = 0; i < msgs.length; i++) yield { ...r, messages: msgs.filter((_, j) => j !== i) }
  }
  for (const a of r.actors) yield { ...r, actors: r.actors.filter((b) => b !== a) }
  // Then simpler messages.
  const withMsg = (i: number, m: BasicMessage): BasicRecipe => ({ ...r, messages: msgs.map((x, j) => (j === i ? m : x)) })
  for (const [i, m] of msgs.entries()) {
    if (m.nonce !== undefined) {
      const { nonce: _n, ...rest } = m
      yield withMsg(i, rest)
    }
    if (m.to.by === 'key') yield withMsg(i, { ...m, to: { ...m.to, by: 'id' } })
    if (m.from.by === 'key') yield withMsg(i, { ...m, from: { ...m.from, by: 'id' } })
    for (const v of smaller(m.value)) yield withMsg(i, { ...m, value: v })
    for (const v of smaller(m.premium)) yield withMsg(i, { ...m, premium: v })
    for (const v of smaller(m.gas_limit)) yield withMsg(i, { ...m, gas_limit: v })
    for (const v of smaller(m.fee_cap)) yield withMsg(i, { ...m, fee_cap: v })
  }
  // Then simpler actors.
  const withActor = (i: number, a: BasicActor): BasicRecipe => ({ ...r, actors: r.actors.map((x, j) => (j === i ? a : x)) })
  for (const [i, a] of r.actors.entries()) {
    if (a.nonce !== undefined && a.nonce > 0) yield withActor(i, { ...a, nonce: 0 })
    if (a.key === 'secp') yield withActor(i, { ...a, key: 'bls' })
    for (const v of smaller(a.balance)) yield withActor(i, { ...a, balance: v })
  }
}

export const basicGenerator: RecipeGenerator<BasicRecipe> = {
  name: 'basic',
  decode: decodeBasicRecipe,
  build: buildBasicVector,
  candidates: basicCandidates,
  size: (r) => ({ messages: r.messages.length, actors: r.actors.length }),
}
