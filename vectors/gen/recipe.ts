/**
 * The `scripted` recipe: a plain-JSON description of one generated vector — a pre-state of
 * accounts (BLS or secp256k1 key addresses), scripted actors (with an initial state) and stubs,
 * and messages, each a bare send, a method call (a scripted actor's params being a program given
 * as a list of ops), or a message that fails preflight. `buildScriptedVector` turns a recipe into
 * a standard-schema vector (class "message") whose CAR carries the test bundle's code blocks and
 * manifest, so another FVM can load it without the mainnet bundles.
 *
 * The expected receipts and post-state root are NOT derived independently: they are what
 * fvm-spec computes for the recipe (a first run without expectations, then the vector is written
 * with them). A generated vector is a tool for differential testing; `_meta.expected` says so.
 *
 * A recipe is also what the shrinker (vectors/shrink.ts) works on: `scriptedGenerator` is a
 * `RecipeGenerator` that proposes smaller recipes (fewer messages, fewer ops, simpler values).
 *
 * @rule runner.generate
 */
import { vectorCar } from '../builder/vector-car.js'
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { decodeCbor } from '../../interpreter/ipld/cbor.js'
import { CID } from '../../interpreter/ipld/cid.js'
import { Engine } from '../../interpreter/invocation/engine.js'
import { createInvoker } from '../../interpreter/invocation/container.js'
import type { ActorInvoker } from '../../interpreter/call-manager/invoke.js'
import { addressToBytes, blsAddress, idAddress, secp256k1AddressFromPayload, type Address } from '../../interpreter/types/address.js'
import { encodeMessage, type Message } from '../../interpreter/types/message.js'
import { requireNetworkRules } from '../../interpreter/machine/network-rules.js'
import { isSupported, SUPPORTED_NETWORK_VERSIONS, type NetworkVersion } from '../../interpreter/types/network-version.js'
import { fromHex, toBase64 } from '../../interpreter/util/bytes.js'
import { buildState, type ActorSpec, type BuiltState } from '../builder/state-builder.js'
import { testBundle } from '../test-bundle/bundle.js'
import { execVectorDetail } from '../exec.js'
import type { RecipeGenerator } from '../shrink.js'
import { bundleState } from '../test-bundle/machine.js'
import * as P from '../test-bundle/program.js'

/** The vectors' epoch, base fee and circulating supply. */
export const GEN_EPOCH = 2_000_000
export const GEN_CIRC_SUPPLY = '2000000000000000000000000000'
export const GENERATOR_NAME = 'scripted'
export const GENERATOR_VERSION = '1'

// ---- the recipe -------------------------------------------------------------------------------

export type ActorKind = 'account' | 'scripted' | 'multisig'

export interface GenActor {
  readonly id: number
  readonly kind: ActorKind
  /** Accounts: the kind of key address (default bls). */
  readonly key?: 'bls' | 'secp'
  /** attoFIL, decimal. */
  readonly balance: string
  readonly nonce?: number
  /** Scripted actors: the initial state, hex of a DAG-CBOR block (default: the empty array). */
  readonly state?: string
}

/**
 * An address: actor `actor` by its ID address or its key address. An actor the recipe does not
 * hold still has both: a missing ID address, or a fresh key address (`key`, default bls) — a send
 * to it creates an account.
 */
export interface GenAddress {
  readonly actor: number
  readonly by: 'id' | 'key'
  readonly key?: 'bls' | 'secp'
}

/** One op of a scripted program (vectors/test-bundle/program.ts), as JSON. Bytes are hex. */
export type GenOp =
  | { readonly op: 'return'; readonly handle?: number }
  | { readonly op: 'exit'; readonly code: number; readonly handle?: number }
  | { readonly op: 'assert_errno'; readonly expected: number; readonly code: number }
  | { readonly op: 'assert_exit'; readonly expected: number; readonly code: number }
  | { readonly op: 'write_mem'; readonly offset: number; readonly data: string }
  | { readonly op: 'state_read' }
  | { readonly op: 'state_write'; readonly data: string }
  | { readonly op: 'block_create'; readonly codec: number; readonly data: string }
  | { readonly op: 'block_link'; readonly handle?: number }
  | { readonly op: 'block_open'; readonly cid?: string }
  | { readonly op: 'block_read'; readonly handle: number; readonly offset: number; readonly length: number }
  | { readonly op: 'block_stat'; readonly handle?: number }
  | {
      readonly op: 'send'
      readonly to: GenAddress
      readonly method: number
      readonly value: string
      /** nv18: a gas limit (decimal; absent: none). */
      readonly gas_limit?: string
      readonly flags?: number
      /** A program for the callee (its params); absent: no params. */
      readonly program?: readonly GenOp[]
      /** v4: CIDs (hex) the params link to — the params become the DAG-CBOR block `[program, links]`. */
      readonly links?: readonly string[]
    }
  | { readonly op: 'recurse'; readonly method?: number; readonly gas_limit?: string; readonly flags?: number; readonly program: readonly GenOp[] }
  | { readonly op: 'burn'; readonly n: number }
  | { readonly op: 'grow'; readonly pages: number }
  /** v3: a CBOR ActorEvent. */
  | { readonly op: 'emit_event'; readonly data: string }
  /** v4: the three buffers (hex): packed 24-byte entry headers, keys, values. */
  | { readonly op: 'emit_event'; readonly entries: string; readonly keys: string; readonly values: string }
  | { readonly op: 'balance' }
  | { readonly op: 'balance_of'; readonly actor: number }
  | { readonly op: 'self_address' }
  | { readonly op: 'message_context' }
  | { readonly op: 'network_context' }
  | { readonly op: 'randomness'; readonly kind: 'chain' | 'beacon'; readonly tag: number; readonly epoch: number; readonly entropy: string }
  /** v2/v3: to a beneficiary. */
  | { readonly op: 'self_destruct'; readonly beneficiary: GenAddress }
  /** v4: burn the unspent balance or not. */
  | { readonly op: 'self_destruct'; readonly burn: boolean }
  | {
      readonly op: 'syscall'
      /** "module.name" of RAW_SYSCALLS. */
      readonly name: string
      /** The wasm arguments after the out-pointer: numbers, or decimal strings for large i64s. */
      readonly args: readonly (number | string)[]
      readonly out?: number
      readonly capture?: readonly [number, number]
    }

export interface GenMessage {
  readonly from: GenAddress
  readonly to: GenAddress
  readonly method: number
  readonly value: string
  readonly gas_limit: string
  readonly fee_cap: string
  readonly premium: string
  /** Explicit nonce; absent: the sender's next nonce. */
  readonly nonce?: number
  /** A program as the params (for a scripted receiver); absent: no params. */
  readonly program?: readonly GenOp[]
  /** Raw params (hex) instead of a program. */
  readonly params?: string
}

export interface ScriptedRecipe {
  readonly nv: NetworkVersion
  readonly base_fee: string
  readonly actors: readonly GenActor[]
  readonly messages: readonly GenMessage[]
}

// ---- addresses --------------------------------------------------------------------------------

const bytesFor = (id: number, len: number, salt: number) => Uint8Array.from({ length: len }, (_, i) => (id * 41 + i * 13 + salt) & 0xff)

export function keyAddress(id: number, key: 'bls' | 'secp'): Address {
  return key === 'secp' ? secp256k1AddressFromPayload(bytesFor(id, 20, 7)) : blsAddress(bytesFor(id, 48, 11))
}

export function addressOf(r: ScriptedRecipe, a: GenAddress): Address {
  if (a.by === 'id') return idAddress(BigInt(a.actor))
  const actor = r.actors.find((x) => x.id === a.actor)
  return keyAddress(a.actor, actor?.kind === 'account' ? (actor.key ?? 'bls') : (a.key ?? 'bls'))
}

// ---- programs ---------------------------------------------------------------------------------

const hex = (s: string): Uint8Array => fromHex(s)
const big = (x: number | string): bigint => BigInt(x)

/** Encodes a program for version `nv` (addresses resolved against the recipe). */
export function encodeProgram(r: ScriptedRecipe, ops: readonly GenOp[]): Uint8Array {
  return P.program(...ops.map((o) => encodeOp(r, o)))
}

function encodeOp(r: ScriptedRecipe, o: GenOp): P.Instr {
  const nv = r.nv
  switch (o.op) {
    case 'return':
      return P.ret(o.handle ?? P.RESULTS)
    case 'exit':
      return P.exit(o.code, o.handle ?? P.RESULTS)
    case 'assert_errno':
      return P.assertErrno(o.expected, o.code)
    case 'assert_exit':
      return P.assertExit(o.expected, o.code)
    case 'write_mem':
      return P.writeMem(o.offset, hex(o.data))
    case 'state_read':
      return P.stateRead()
    case 'state_write':
      return P.stateWrite(hex(o.data))
    case 'block_create':
      return P.blockCreate(o.codec, hex(o.data))
    case 'block_link':
      return P.blockLink(o.handle ?? P.LAST)
    case 'block_open':
      return P.blockOpen(hex(o.cid ?? ''))
    case 'block_read':
      return P.blockRead(o.handle, o.offset, o.length)
    case 'block_stat':
      return P.blockStat(o.handle ?? P.LAST)
    case 'send': {
      const base = {
        to: addressOf(r, o.to),
        method: BigInt(o.method),
        value: BigInt(o.value),
        ...(o.gas_limit === undefined ? {} : { gasLimit: BigInt(o.gas_limit) }),
        ...(o.flags === undefined ? {} : { flags: BigInt(o.flags) }),
      }
      if (o.program === undefined) return P.send(base)
      return P.sendProgram(nv, base, encodeProgram(r, o.program), o.links?.map((l) => CID.decode(hex(l))))
    }
    case 'recurse':
      return P.recurse(encodeProgram(r, o.program), {
        ...(o.method === undefined ? {} : { method: o.method }),
        ...(o.gas_limit === undefined ? {} : { gasLimit: BigInt(o.gas_limit) }),
        ...(o.flags === undefined ? {} : { flags: BigInt(o.flags) }),
      })
    case 'burn':
      return P.burn(o.n)
    case 'grow':
      return P.grow(o.pages)
    case 'emit_event':
      return 'data' in o ? P.emitEvent(hex(o.data)) : P.emitEventRaw(hex(o.entries), hex(o.keys), hex(o.values))
    case 'balance':
      return P.balance()
    case 'balance_of':
      return P.balanceOf(BigInt(o.actor))
    case 'self_address':
      return P.selfAddress()
    case 'message_context':
      return P.messageContext()
    case 'network_context':
      return P.networkContext()
    case 'randomness':
      return P.randomness(o.kind, BigInt(o.tag), BigInt(o.epoch), hex(o.entropy))
    case 'self_destruct':
      return 'burn' in o ? P.selfDestructBurn(o.burn) : P.selfDestruct(addressToBytes(addressOf(r, o.beneficiary)))
    case 'syscall':
      return P.syscall(P.abiFor(nv), o.name, o.args.map(big), {
        ...(o.out === undefined ? {} : { out: o.out }),
        ...(o.capture === undefined ? {} : { capture: [o.capture[0], o.capture[1]] as const }),
      })
  }
}

/** Every op of a program, nested programs included, in order. */
export function* allOps(ops: readonly GenOp[]): Generator<GenOp> {
  for (const o of ops) {
    yield o
    if ((o.op === 'send' || o.op === 'recurse') && o.program !== undefined) yield* allOps(o.program)
  }
}

/** The number of ops, nested ones included. */
export const opCount = (ops: readonly GenOp[]): number => [...allOps(ops)].length

// ---- randomness -------------------------------------------------------------------------------

/**
 * The randomness records of a recipe: one per (kind, epoch) a program draws (the RANDOMNESS op
 * and raw rand syscalls), its digest derived from the kind and epoch. Sorted, so the vector is
 * the same whatever the order of the draws.
 */
export function randomnessRecords(r: ScriptedRecipe): { on: ['chain' | 'beacon', number]; ret: string }[] {
  const seen = new Map<string, ['chain' | 'beacon', number]>()
  for (const m of r.messages) {
    for (const o of allOps(m.program ?? [])) {
      let draw: ['chain' | 'beacon', number] | undefined
      if (o.op === 'randomness') draw = [o.kind, o.epoch]
      else if (o.op === 'syscall' && o.name.startsWith('rand.get_')) {
        // The epoch is the i64 argument: the second (v2/v3: tag, epoch, entropy) or the only one (v4).
        const at = (P.rawSyscallsFor(P.abiFor(r.nv)).find((s) => `${s.module}.${s.name}` === o.name)?.sig.params ?? '').indexOf('I', 1) === -1 ? 0 : 1
        const epoch = Number(BigInt.asIntN(64, BigInt(o.args[at] ?? 0)))
        if (Number.isSafeInteger(epoch)) draw = [o.name === 'rand.get_chain_randomness' ? 'chain' : 'beacon', epoch]
      }
      if (draw !== undefined) seen.set(`${draw[0]}/${draw[1]}`, draw)
    }
  }
  return [...seen.values()]
    .sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1))
    .map(([kind, epoch]) => ({
      on: [kind, epoch],
      ret: toBase64(createHash('sha256').update(`fvm-spec generated randomness ${kind} ${epoch}`).digest()),
    }))
}

// ---- building ---------------------------------------------------------------------------------

const EMPTY_STATE = '80'

/**
 * The pre-state: the bundle's actors, accounts, scripted actors with their states, multisig stubs.
 * `code` replaces the bundle's code for some names (the fuzzer puts hostile actors there).
 */
export function preState(r: ScriptedRecipe, code?: ReadonlyMap<string, Uint8Array>): BuiltState {
  const specs: ActorSpec[] = r.actors.map((a) => ({
    id: BigInt(a.id),
    code: a.kind,
    balance: BigInt(a.balance),
    sequence: BigInt(a.nonce ?? 0),
    ...(a.kind === 'account' ? { address: keyAddress(a.id, a.key ?? 'bls') } : {}),
  }))
  const built = code === undefined ? bundleState(r.nv, specs) : buildState(r.nv, specs, new Map([...testBundle(r.nv).code, ...code]))
  // Scripted actors get their initial state as their head.
  let tree = built.tree
  for (const a of r.actors) {
    if (a.kind !== 'scripted') continue
    const bytes = hex(a.state ?? EMPTY_STATE)
    const [cid, store] = tree.store.putCbor(decodeCbor(bytes))
    const actor = tree.getActor(BigInt(a.id))
    if (actor === undefined) throw new Error(`no actor f0${a.id}`)
    tree = tree.withStore(store).setActor(BigInt(a.id), { ...actor, head: cid })
  }
  const [root, flushed] = tree.flush()
  return { nv: r.nv, root, tree: flushed, store: flushed.store }
}


/** The messages of a recipe, nonces filled in as the senders' next nonces. */
export function messagesOf(r: ScriptedRecipe): Message[] {
  const sent = new Map<number, number>()
  return r.messages.map((m) => {
    const prior = sent.get(m.from.actor) ?? 0
    const auto = (r.actors.find((a) => a.id === m.from.actor)?.nonce ?? 0) + prior
    if (m.nonce === undefined) sent.set(m.from.actor, prior + 1)
    const params = m.program !== undefined ? P.params(encodeProgram(r, m.program)) : hex(m.params ?? '')
    return {
      version: 0n,
      to: addressOf(r, m.to),
      from: addressOf(r, m.from),
      sequence: BigInt(m.nonce ?? auto),
      value: BigInt(m.value),
      gasLimit: BigInt(m.gas_limit),
      gasFeeCap: BigInt(m.fee_cap),
      gasPremium: BigInt(m.premium),
      method: BigInt(m.method),
      params,
    }
  })
}

let sharedInvoker: ActorInvoker | undefined
/** The invoker used to compute expectations (one engine per process: compiled code is cached). */
export function generatorInvoker(): ActorInvoker {
  sharedInvoker ??= createInvoker({ engine: new Engine() })
  return sharedInvoker
}

export interface BuildMeta {
  /** The vector's id (default: derived from the recipe's hash). */
  readonly id?: string
  readonly description?: string
  /** Extra `_meta` fields (e.g. seed and index), written after the fixed ones. */
  readonly extra?: Readonly<Record<string, unknown>>
}

/** The recipe is written on one line (it is long), the rest of the vector indented. */
const RECIPE_PLACEHOLDER = '@@fvm-spec-recipe@@'

type Receipt = { exit_code: number; return: string; gas_used: string }

/** What a recipe's vector is made of, and how to write it for given blocks, post-state root and receipts. */
function vectorParts(r: ScriptedRecipe, meta: BuildMeta, code?: ReadonlyMap<string, Uint8Array>) {
  const pre = preState(r, code)
  const codec = requireNetworkRules(r.nv).messageCodec
  const messages = messagesOf(r).map((m) => toBase64(encodeMessage(m, codec)))
  const recipeJson = JSON.stringify(r)
  const id = meta.id ?? `gen-scripted-nv${r.nv}-${createHash('sha256').update(recipeJson).digest('hex').slice(0, 12)}`
  const randomness = randomnessRecords(r)
  const vector = (blocks: Iterable<readonly [string, Uint8Array]>, postRoot: string, receipts: readonly Receipt[]) => {
    const roots = postRoot === pre.root.toString() ? [pre.root] : [pre.root, CID.parse(postRoot)]
    return (
      JSON.stringify(
        {
          class: 'message',
          _meta: {
            id,
            version: `fvm-spec generated ${GENERATOR_VERSION}`,
            description: meta.description ?? `generated from a scripted recipe: ${r.messages.length} message(s), ${r.actors.length} actor(s) besides the singletons`,
            expected: 'the receipts and post-state root are what fvm-spec computes (not derived independently): use for differential testing',
            gen: [{ source: 'fvm-spec/vectors/gen', version: GENERATOR_VERSION }],
            ...(meta.extra ?? {}),
            recipe: { generator: GENERATOR_NAME, recipe: RECIPE_PLACEHOLDER },
          },
          car: toBase64(gzipSync(vectorCar(roots, blocks), { level: 9 })),
          preconditions: {
            variants: [{ id: `nv${r.nv}`, epoch: GEN_EPOCH, nv: r.nv }],
            state_tree: { root_cid: { '/': pre.root.toString() } },
            basefee: Number(r.base_fee),
            circ_supply: GEN_CIRC_SUPPLY,
          },
          ...(randomness.length === 0 ? {} : { randomness }),
          apply_messages: messages.map((bytes) => ({ bytes })),
          postconditions: {
            state_tree: { root_cid: { '/': postRoot } },
            receipts: receipts.map((x) => ({ exit_code: x.exit_code, return: x.return, gas_used: Number(x.gas_used) })),
          },
        },
        null,
        2,
      ).replace(JSON.stringify(RECIPE_PLACEHOLDER), JSON.stringify(r)) + '\n'
    )
  }
  return { id, pre, messages, vector }
}

/**
 * The vector of a recipe as JSON text (2-space indented, a final newline). Deterministic: the
 * same recipe gives the same bytes. Expected figures: what fvm-spec computes.
 *
 * @rule runner.generate
 */
export function buildScriptedVector(r: ScriptedRecipe, meta: BuildMeta = {}): string {
  const { id, pre, messages, vector } = vectorParts(r, meta)
  // First without expectations, to compute them; then with them and the post-state's blocks.
  const draft = vector(pre.store.entries(), pre.root.toString(), messages.map(() => ZERO_RECEIPT))
  const { result, postTree } = execVectorDetail(draft, `${id}.json`, { invoker: generatorInvoker() })
  if (result.error !== null) throw new Error(`${id}: fvm-spec could not run the recipe: ${result.error}`)
  const receipts = messages.map((_, i) => result.receipts[i] ?? ZERO_RECEIPT)
  if (postTree === null) return vector(pre.store.entries(), pre.root.toString(), receipts)
  return vector([...pre.store.entries(), ...reachableBlocks(postTree.store, result.post_state_root?.['/'] ?? pre.root.toString(), pre)], result.post_state_root?.['/'] ?? pre.root.toString(), receipts)
}

const ZERO_RECEIPT: Receipt = { exit_code: 0, return: '', gas_used: '0' }

/**
 * A recipe's vector without running it: the pre-state, the messages, zero receipts and the
 * pre-state root as the expected post-state (so it will not pass). For inputs that must not run in
 * the building process (the fuzzer's hostile programs and actors); `code` replaces the test
 * bundle's code for some actor names.
 */
export function draftVector(r: ScriptedRecipe, meta: BuildMeta = {}, code?: ReadonlyMap<string, Uint8Array>): string {
  const { pre, messages, vector } = vectorParts(r, meta, code)
  return vector(pre.store.entries(), pre.root.toString(), messages.map(() => ZERO_RECEIPT))
}

/**
 * The post-state's blocks, without the garbage execution left in the store (blocks of reverted
 * or overwritten states): everything reachable from the post root, following CIDs in DAG-CBOR
 * blocks. Blocks the pre-state already has are included anyway by the caller.
 */
/** The post-state's blocks that the pre-state does not have (what the vector's CAR must add). */
function reachableBlocks(store: BuiltState['store'], root: string, pre: BuiltState): [string, Uint8Array][] {
  return store
    .reachableWrites(CID.parse(root))
    .filter(([cid]) => pre.store.get(cid) === undefined)
    .map(([cid, bytes]) => [cid.toString(), bytes])
}

// ---- decoding (for recipes read from JSON) ----------------------------------------------------

function fail(at: string, what: string): never {
  throw new Error(`${at}: expected ${what}`)
}
const isObj = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x)
const decimal = (x: unknown, at: string): string => (typeof x === 'string' && /^(0|[1-9][0-9]*)$/.test(x) ? x : fail(at, 'a decimal string'))
const nat = (x: unknown, at: string): number => (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0 ? x : fail(at, 'a non-negative integer'))

function decodeAddress(x: unknown, at: string): GenAddress {
  if (!isObj(x) || (x['by'] !== 'id' && x['by'] !== 'key')) fail(at, '{"actor": N, "by": "id"|"key"}')
  if (x['key'] !== undefined && x['key'] !== 'bls' && x['key'] !== 'secp') fail(`${at}.key`, 'bls or secp')
  return { actor: nat(x['actor'], `${at}.actor`), by: x['by'], ...(x['key'] === undefined ? {} : { key: x['key'] }) }
}

const OPS = new Set(['return', 'exit', 'assert_errno', 'assert_exit', 'write_mem', 'state_read', 'state_write', 'block_create', 'block_link', 'block_open', 'block_read', 'block_stat', 'send', 'recurse', 'burn', 'grow', 'emit_event', 'balance', 'balance_of', 'self_address', 'message_context', 'network_context', 'randomness', 'self_destruct', 'syscall'])

function decodeProgram(x: unknown, at: string): GenOp[] {
  if (!Array.isArray(x)) fail(at, 'an array of ops')
  return x.map((o, i) => {
    const w = `${at}[${i}]`
    if (!isObj(o) || typeof o['op'] !== 'string' || !OPS.has(o['op'])) fail(w, 'an op')
    if (o['op'] === 'send') {
      return { ...(o as unknown as GenOp), to: decodeAddress(o['to'], `${w}.to`), ...(o['program'] === undefined ? {} : { program: decodeProgram(o['program'], `${w}.program`) }) } as GenOp
    }
    if (o['op'] === 'recurse') return { ...(o as unknown as GenOp), program: decodeProgram(o['program'], `${w}.program`) } as GenOp
    if (o['op'] === 'self_destruct') {
      if (o['burn'] !== undefined) return { op: 'self_destruct', burn: typeof o['burn'] === 'boolean' ? o['burn'] : fail(`${w}.burn`, 'a boolean') }
      return { op: 'self_destruct', beneficiary: decodeAddress(o['beneficiary'], `${w}.beneficiary`) }
    }
    return o as unknown as GenOp
  })
}

/** Checks a recipe read from JSON (its shape; an op's fields are checked when it is encoded). */
export function decodeScriptedRecipe(json: unknown): ScriptedRecipe {
  if (!isObj(json)) fail('recipe', 'an object')
  if (typeof json['nv'] !== 'number' || !isSupported(json['nv'])) fail('recipe.nv', `a supported network version (${SUPPORTED_NETWORK_VERSIONS.join(', ')})`)
  if (!Array.isArray(json['actors']) || !Array.isArray(json['messages'])) fail('recipe', 'actors and messages arrays')
  const actors = (json['actors'] as unknown[]).map((a, i): GenActor => {
    const at = `recipe.actors[${i}]`
    if (!isObj(a) || (a['kind'] !== 'account' && a['kind'] !== 'scripted' && a['kind'] !== 'multisig')) fail(`${at}.kind`, 'account, scripted or multisig')
    if (a['key'] !== undefined && a['key'] !== 'bls' && a['key'] !== 'secp') fail(`${at}.key`, 'bls or secp')
    const id = nat(a['id'], `${at}.id`)
    if (id < 100) fail(`${at}.id`, 'an id ≥ 100')
    return {
      id,
      kind: a['kind'],
      ...(a['key'] === undefined ? {} : { key: a['key'] }),
      balance: decimal(a['balance'], `${at}.balance`),
      ...(a['nonce'] === undefined ? {} : { nonce: nat(a['nonce'], `${at}.nonce`) }),
      ...(a['state'] === undefined ? {} : { state: typeof a['state'] === 'string' ? a['state'] : fail(`${at}.state`, 'hex') }),
    }
  })
  if (new Set(actors.map((a) => a.id)).size !== actors.length) fail('recipe.actors', 'distinct ids')
  const messages = (json['messages'] as unknown[]).map((m, i): GenMessage => {
    const at = `recipe.messages[${i}]`
    if (!isObj(m)) fail(at, 'an object')
    return {
      from: decodeAddress(m['from'], `${at}.from`),
      to: decodeAddress(m['to'], `${at}.to`),
      method: nat(m['method'] ?? 0, `${at}.method`),
      value: decimal(m['value'], `${at}.value`),
      gas_limit: decimal(m['gas_limit'], `${at}.gas_limit`),
      fee_cap: decimal(m['fee_cap'], `${at}.fee_cap`),
      premium: decimal(m['premium'], `${at}.premium`),
      ...(m['nonce'] === undefined ? {} : { nonce: nat(m['nonce'], `${at}.nonce`) }),
      ...(m['program'] === undefined ? {} : { program: decodeProgram(m['program'], `${at}.program`) }),
      ...(m['params'] === undefined ? {} : { params: typeof m['params'] === 'string' ? m['params'] : fail(`${at}.params`, 'hex') }),
    }
  })
  return { nv: json['nv'], base_fee: decimal(json['base_fee'], 'recipe.base_fee'), actors, messages }
}

// ---- shrinking --------------------------------------------------------------------------------

/** Programs with one op (or one nested op) removed or simplified; each strictly smaller. */
function* smallerPrograms(ops: readonly GenOp[]): Generator<GenOp[]> {
  if (ops.length > 1) {
    const half = Math.floor(ops.length / 2)
    yield ops.slice(0, half)
    yield ops.slice(half)
  }
  for (let i = 0; i < ops.length; i++) yield ops.filter((_, j) => j !== i)
  for (const [i, o] of ops.entries()) {
    const replace = (n: GenOp): GenOp[] => ops.map((x, j) => (j === i ? n : x))
    if ((o.op === 'send' || o.op === 'recurse') && o.program !== undefined) {
      for (const p of smallerPrograms(o.program)) yield replace({ ...o, program: p } as GenOp)
    }
    if (o.op === 'burn' && o.n > 0) yield replace({ ...o, n: Math.floor(o.n / 2) })
  }
}

function* scriptedCandidates(r: ScriptedRecipe): Generator<ScriptedRecipe> {
  const msgs = r.messages
  if (msgs.length > 1) {
    for (const m of msgs) yield { ...r, messages: [m] }
    for (let i = 0; i < msgs.length; i++) yield { ...r, messages: msgs.filter((_, j) => j !== i) }
  }
  for (const a of r.actors) yield { ...r, actors: r.actors.filter((b) => b !== a) }
  const withMsg = (i: number, m: GenMessage): ScriptedRecipe => ({ ...r, messages: msgs.map((x, j) => (j === i ? m : x)) })
  for (const [i, m] of msgs.entries()) {
    if (m.program !== undefined) for (const p of smallerPrograms(m.program)) yield withMsg(i, { ...m, program: p })
    if (m.value !== '0') yield withMsg(i, { ...m, value: '0' })
    if (m.nonce !== undefined) {
      const { nonce: _n, ...rest } = m
      yield withMsg(i, rest)
    }
  }
  for (const [i, a] of r.actors.entries()) {
    if (a.state !== undefined) {
      const { state: _s, ...rest } = a
      yield { ...r, actors: r.actors.map((x, j) => (j === i ? rest : x)) }
    }
  }
}

/** The `scripted` recipe generator, for `fvm-spec diff --shrink`. @rule runner.generate */
export const scriptedGenerator: RecipeGenerator<ScriptedRecipe> = {
  name: GENERATOR_NAME,
  decode: decodeScriptedRecipe,
  build: (r) => buildScriptedVector(r),
  candidates: scriptedCandidates,
  size: (r) => ({ messages: r.messages.length, actors: r.actors.length, ops: r.messages.reduce((n, m) => n + opCount(m.program ?? []), 0) }),
}

/** For `fvm-spec diff --generator vectors/gen/recipe.ts`. */
export const generators: readonly RecipeGenerator[] = [scriptedGenerator as RecipeGenerator]
