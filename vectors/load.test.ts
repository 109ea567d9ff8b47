import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { dirname, join, relative, sep } from 'node:path'
import * as dagCbor from '@ipld/dag-cbor'
import fc from 'fast-check'
import { isLeft, isRight, type Either } from 'fp-ts/lib/Either.js'
import { dagCborCid } from '../interpreter/ipld/cid.js'
import { writeCar } from '../interpreter/ipld/car.js'
import { findVectorFiles } from './discover.js'
import { DEFAULT_BASE_FEE, loadVector, type LoadedVector, type VectorError } from './load.js'

const here = dirname(fileURLToPath(import.meta.url))
const CORPUS = join(here, '..', '..', 'shared', 'vectors', 'fvm-test-vectors')
const CIRC = 464091998488796227870683239n // > 2^53: JSON.parse would round it

// ---------------------------------------------------------------------------------------------
// A minimal, real-looking message vector built here (no corpus needed).

function blockOf(value: unknown): readonly [ReturnType<typeof dagCborCid>, Uint8Array] {
  const bytes = dagCbor.encode(value)
  return [dagCborCid(bytes), bytes] as const
}

// Stand-ins for state-tree roots: [version, actors HAMT, info], as the v5 state root looks.
const actors = blockOf([new Uint8Array([0]), []])
const info = blockOf([])
const pre = blockOf([5, actors[0], info[0]])
const post = blockOf([5, actors[0], blockOf(['post'])[0]])

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64')
}

function carB64(roots = [pre[0], post[0]], blocks = [pre, post, actors, info]): string {
  return b64(gzipSync(writeCar(roots, blocks)))
}

/** JSON text with bigints written as bare integer literals, like the real files. */
function toJsonText(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `__BIG__${v}` : v), 2).replace(
    /"__BIG__(-?[0-9]+)"/g,
    '$1',
  )
}

// A 10-element message array: [version, to, from, nonce, value, gas_limit, fee_cap, premium, method, params].
const messageBytes = dagCbor.encode([0, new Uint8Array([0, 100]), new Uint8Array([0, 101]), 3, new Uint8Array(0), 1000000, new Uint8Array([0, 1]), new Uint8Array(0), 0, new Uint8Array(0)])

function minimal(): Record<string, unknown> {
  return {
    class: 'message',
    selector: { min_protocol_version: 'ohsnap' },
    _meta: { id: 'ext-test-minimal-1', gen: [{ source: 'network:mainnet' }, { source: 'test', version: 'v0' }] },
    car: carB64(),
    randomness: [
      { on: ['chain', 2799990n], ret: b64(new Uint8Array(32).fill(7)) },
      { on: ['beacon', 2799991n], ret: b64(new Uint8Array(32).fill(9)) },
    ],
    preconditions: {
      variants: [{ id: 'ohsnap', epoch: 2799997n, nv: 18n }],
      state_tree: { root_cid: { '/': pre[0].toString() } },
      basefee: 4119797n,
      circ_supply: CIRC,
    },
    apply_messages: [{ bytes: b64(messageBytes) }],
    postconditions: {
      state_tree: { root_cid: { '/': post[0].toString() } },
      receipts: [{ exit_code: 0n, return: '', gas_used: 316163077n }],
    },
  }
}

type Json = Record<string, unknown>
const obj = (v: unknown): Json => v as Json
const arr = (v: unknown): Json[] => v as Json[]

function load(mutate?: (v: Json) => void): Either<VectorError, LoadedVector> {
  const v = minimal()
  mutate?.(v)
  return loadVector(toJsonText(v), 'test/minimal.json')
}

function loaded(r: Either<VectorError, LoadedVector>): LoadedVector {
  if (isLeft(r)) assert.fail(`expected a vector, got ${r.left.kind} error: ${r.left.message}`)
  return r.right
}

function failsWith(r: Either<VectorError, LoadedVector>, kind: VectorError['kind'], ...patterns: RegExp[]): void {
  if (isRight(r)) assert.fail(`expected a ${kind} error, got a vector`)
  assert.equal(r.left.kind, kind, r.left.message)
  assert.match(r.left.message, /^test\/minimal\.json: /)
  for (const p of patterns) assert.match(r.left.message, p)
}

describe('loadVector on a constructed vector', () => {
  it('loads every field', () => {
    const v = loaded(load())
    assert.equal(v.id, 'ext-test-minimal-1')
    assert.equal(v.file, 'test/minimal.json')
    assert.equal(v.class, 'message')
    assert.deepEqual(v.selector, { min_protocol_version: 'ohsnap' })
    assert.deepEqual(v.variants, [{ id: 'ohsnap', epoch: 2799997n, nv: 18 }])
    assert.equal(v.baseFee, 4119797n)
    assert.equal(v.circSupply, CIRC)
    assert.ok(v.preRoot.equals(pre[0]))
    assert.ok(v.postRoot.equals(post[0]))
    assert.deepEqual(v.carRoots.map(String), [pre[0].toString(), post[0].toString()])
    assert.equal(v.blocks.length, 4)
    assert.deepEqual(v.messages, [{ bytes: messageBytes, epochOffset: null }])
    assert.deepEqual(v.receipts, [{ exitCode: 0, returnData: new Uint8Array(0), gasUsed: 316163077n }])
    assert.deepEqual(v.randomness, [
      { kind: 'chain', epoch: 2799990n, ret: new Uint8Array(32).fill(7) },
      { kind: 'beacon', epoch: 2799991n, ret: new Uint8Array(32).fill(9) },
    ])
    assert.deepEqual(v.hints, [])
  })

  it('defaults: basefee 100, no circ_supply, no randomness/selector/_meta/variants', () => {
    const v = loaded(
      load((v) => {
        const p = obj(v['preconditions'])
        delete p['basefee']
        delete p['circ_supply']
        delete p['variants']
        delete v['randomness']
        delete v['selector']
        delete v['_meta']
      }),
    )
    assert.equal(v.baseFee, DEFAULT_BASE_FEE)
    assert.equal(v.baseFee, 100n)
    assert.equal(v.circSupply, null)
    assert.deepEqual(v.randomness, [])
    assert.deepEqual(v.selector, {})
    assert.deepEqual(v.variants, [])
    assert.equal(v.id, 'minimal')
    // JSON null is the same as absent for the optional scalars
    const w = loaded(load((v) => Object.assign(obj(v['preconditions']), { basefee: null, circ_supply: null })))
    assert.equal(w.baseFee, 100n)
    assert.equal(w.circSupply, null)
  })

  it('accepts token amounts as decimal strings, exactly', () => {
    const v = loaded(load((v) => Object.assign(obj(v['preconditions']), { basefee: '100000000000000000000000001', circ_supply: CIRC.toString() })))
    assert.equal(v.baseFee, 100000000000000000000000001n)
    assert.equal(v.circSupply, CIRC)
  })

  it('keeps epoch_offset, hints and receipts_roots', () => {
    const v = loaded(
      load((v) => {
        obj(arr(v['apply_messages'])[0])['epoch_offset'] = -3n
        v['hints'] = ['incorrect', 'negate']
        obj(v['postconditions'])['receipts_roots'] = [{ '/': post[0].toString() }]
      }),
    )
    assert.equal(v.messages[0]?.epochOffset, -3n)
    assert.deepEqual(v.hints, ['incorrect', 'negate'])
  })

  it('does not require the post-state root in the CAR', () => {
    const v = loaded(load((v) => (v['car'] = carB64([pre[0]], [pre, actors, info]))))
    assert.deepEqual(v.carRoots.map(String), [pre[0].toString()])
  })

  it('bad JSON is a json error with a position', () => {
    const text = toJsonText(minimal())
    failsWith(loadVector(text.slice(0, 200), 'test/minimal.json'), 'json', /invalid JSON/, /line \d+ column \d+/)
    failsWith(loadVector('', 'test/minimal.json'), 'json', /unexpected end of input/)
    failsWith(loadVector(text.replace('"class"', '"class": 1, "class"'), 'test/minimal.json'), 'json', /duplicate key "class"/)
  })

  it('a missing field is a schema error naming its path', () => {
    failsWith(load((v) => delete obj(v['preconditions'])['state_tree']), 'schema', /\$\.preconditions\.state_tree: missing required field/)
    failsWith(load((v) => delete v['car']), 'schema', /\$\.car: missing required field \(expected base64 string\)/)
    failsWith(load((v) => (v['car'] = 5n)), 'schema', /\$\.car: expected base64 string, got the integer 5/)
    failsWith(load((v) => delete obj(arr(obj(v['postconditions'])['receipts'])[0])['gas_used']), 'schema', /\$\.postconditions\.receipts\[0\]\.gas_used: missing required field/)
    failsWith(load((v) => delete v['class']), 'schema', /\$\.class: missing required field/)
    failsWith(loadVector('[1, 2]', 'test/minimal.json'), 'schema', /^test\/minimal\.json: \$: expected test vector object/)
  })

  it('wrongly typed or out-of-range fields are schema errors naming their path', () => {
    failsWith(load((v) => (obj(v['preconditions'])['basefee'] = 1.5)), 'schema', /\$\.preconditions\.basefee: .*non-integer number 1\.5/)
    failsWith(load((v) => (obj(v['preconditions'])['basefee'] = -1n)), 'schema', /\$\.preconditions\.basefee: .*out of range/)
    failsWith(load((v) => (obj(v['preconditions'])['circ_supply'] = 1n << 128n)), 'schema', /\$\.preconditions\.circ_supply: .*out of range/)
    failsWith(load((v) => (obj(v['preconditions'])['basefee'] = '12ab')), 'schema', /\$\.preconditions\.basefee/)
    failsWith(load((v) => (obj(arr(obj(v['preconditions'])['variants'])[0])['nv'] = 1n << 32n)), 'schema', /\$\.preconditions\.variants\[0\]\.nv: expected u32/)
    failsWith(load((v) => (obj(arr(obj(v['preconditions'])['variants'])[0])['epoch'] = '5')), 'schema', /\$\.preconditions\.variants\[0\]\.epoch: expected i64 integer, got the string "5"/)
    failsWith(load((v) => (obj(arr(obj(v['postconditions'])['receipts'])[0])['exit_code'] = -1n)), 'schema', /\$\.postconditions\.receipts\[0\]\.exit_code/)
    failsWith(load((v) => (v['selector'] = { chaos_actor: true })), 'schema', /\$\.selector\.chaos_actor/)
    failsWith(load((v) => (obj(obj(v['preconditions'])['state_tree'])['root_cid'] = { '/': 'bafynotacid' })), 'schema', /\$\.preconditions\.state_tree\.root_cid: invalid CID "bafynotacid"/)
    failsWith(load((v) => (obj(obj(v['preconditions'])['state_tree'])['root_cid'] = pre[0].toString())), 'schema', /\$\.preconditions\.state_tree\.root_cid: expected a CID link/)
  })

  it('randomness records must be [kind, epoch] with a 32-byte digest', () => {
    failsWith(load((v) => (obj(arr(v['randomness'])[1])['on'] = ['drand', 5n])), 'schema', /\$\.randomness\[1\]\.on\[0\]: expected "chain" \| "beacon"/)
    failsWith(load((v) => (obj(arr(v['randomness'])[0])['on'] = ['chain', 5n, 6n])), 'schema', /\$\.randomness\[0\]\.on: expected \[kind, epoch\], got an array of 3/)
    failsWith(load((v) => (obj(arr(v['randomness'])[0])['ret'] = b64(new Uint8Array(31)))), 'schema', /\$\.randomness\[0\]\.ret: expected 32 bytes, got 31/)
    failsWith(load((v) => (obj(arr(v['randomness'])[0])['ret'] = 'AB==')), 'base64', /\$\.randomness\[0\]\.ret: invalid base64/)
  })

  it('receipts must match messages one to one', () => {
    failsWith(load((v) => arr(obj(v['postconditions'])['receipts']).push({ exit_code: 0n, return: '', gas_used: 1n })), 'schema', /\$\.postconditions\.receipts: 2 receipts for 1 messages/)
  })

  it('bad base64 is a base64 error naming its path', () => {
    failsWith(load((v) => (v['car'] = 'not base64!')), 'base64', /\$\.car: invalid base64/)
    failsWith(load((v) => (obj(arr(v['apply_messages'])[0])['bytes'] = 'AAA')), 'base64', /\$\.apply_messages\[0\]\.bytes: invalid base64: length 3/)
    failsWith(load((v) => (obj(arr(obj(v['postconditions'])['receipts'])[0])['return'] = 'QQ=\n')), 'base64', /\$\.postconditions\.receipts\[0\]\.return: invalid base64/)
  })

  it('a truncated or corrupt gzip stream is a gzip error', () => {
    const gz = Buffer.from(carB64(), 'base64')
    failsWith(load((v) => (v['car'] = b64(gz.subarray(0, gz.length - 10)))), 'gzip', /\$\.car: not a valid gzip stream/)
    failsWith(load((v) => (v['car'] = b64(gz.subarray(0, 15)))), 'gzip', /\$\.car/)
    const flipped = Buffer.from(gz)
    flipped[flipped.length - 6] = (flipped[flipped.length - 6] as number) ^ 0xff // inside CRC32/ISIZE trailer
    failsWith(load((v) => (v['car'] = b64(flipped))), 'gzip', /\$\.car/)
    failsWith(load((v) => (v['car'] = b64(writeCar([pre[0]], [pre])))), 'gzip', /\$\.car: not a valid gzip stream/)
  })

  it('a CAR that inflates past the limit is a limit error, found without inflating it all (a gzip bomb)', () => {
    const bomb = gzipSync(new Uint8Array(64 * 1024 * 1024), { level: 9 })
    assert.ok(bomb.length < 128 * 1024)
    const text = toJsonText({ ...minimal(), car: b64(bomb) })
    const started = performance.now()
    failsWith(loadVector(text, 'test/minimal.json', { maxCarBytes: 1024 * 1024 }), 'limit', /\$\.car: the gzipped CAR \(\d+ bytes\) inflates to more than the limit of 1 MiB \(--max-vector-bytes\)/)
    assert.ok(performance.now() - started < 2000)
    // The same vector under the default limit (256 MiB) inflates and fails on what it holds instead.
    failsWith(loadVector(text, 'test/minimal.json'), 'car', /\$\.car: malformed CAR/)
    // A real CAR within the limit loads.
    loaded(loadVector(toJsonText(minimal()), 'test/minimal.json', { maxCarBytes: 4096 }))
  })

  it('a CAR block that does not match its hash is a car error', () => {
    const car = writeCar([pre[0], post[0]], [pre, post, actors, info])
    const at = Buffer.from(car).indexOf(Buffer.from(post[1]))
    assert.ok(at > 0)
    const bad = car.slice()
    bad[at + post[1].length - 1] = (bad[at + post[1].length - 1] as number) ^ 0x01
    failsWith(load((v) => (v['car'] = b64(gzipSync(bad)))), 'car', /\$\.car: block #1: .*does not hash to its CID/)
    failsWith(load((v) => (v['car'] = b64(gzipSync(Buffer.from('definitely not a CAR'))))), 'car', /\$\.car: malformed CAR/)
    failsWith(load((v) => (v['car'] = b64(gzipSync(car.subarray(0, car.length - 3))))), 'car', /\$\.car: malformed CAR/)
  })

  it('a pre-state root missing from the CAR roots is a car error', () => {
    failsWith(
      load((v) => (v['car'] = carB64([post[0]]))),
      'car',
      new RegExp(`\\$\\.preconditions\\.state_tree\\.root_cid: ${pre[0].toString()} is not among the CAR roots \\(${post[0].toString()}\\)`),
    )
  })

  it('tipset and blockseq vectors are unsupported; unknown classes are schema errors', () => {
    failsWith(load((v) => (v['class'] = 'tipset')), 'unsupported', /\$\.class: test vector class "tipset" is not supported/)
    failsWith(load((v) => (v['class'] = 'blockseq')), 'unsupported', /"blockseq"/)
    failsWith(load((v) => (v['class'] = 'messages')), 'schema', /\$\.class: unknown test vector class "messages"/)
    failsWith(load((v) => (v['class'] = 7n)), 'schema', /\$\.class: expected string, got the integer 7/)
  })

  it('never throws, whatever the input', () => {
    const text = toJsonText(minimal())
    fc.assert(
      fc.property(fc.nat(text.length), fc.nat(text.length), fc.string({ maxLength: 3 }), fc.boolean(), (a, b, s, truncate) => {
        const mutated = truncate ? text.slice(0, a) : text.slice(0, a) + s + text.slice(Math.max(a, b))
        const r = loadVector(mutated, 'fuzz.json')
        if (isLeft(r)) assert.match(r.left.message, /^fuzz\.json: /)
      }),
      { numRuns: 300 },
    )
  })
})

// ---------------------------------------------------------------------------------------------
// The real corpus (read in place; absent in a fresh clone).

const corpusSkip = existsSync(CORPUS) ? false : `test-vector corpus not found at ${CORPUS} (it lives outside the repository)`

describe('loadVector on the real corpus', { skip: corpusSkip }, () => {
  it('loads every vector with the expected shape', (t) => {
    const files = findVectorFiles([CORPUS])
    assert.ok(files.length > 0, 'no vectors found')
    const start = performance.now()
    const perFolder = new Map<string, number>()
    let bytes = 0
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      bytes += text.length
      const v = loaded(loadVector(text, file))
      const folder = relative(join(CORPUS, 'corpus', 'extracted'), file).split(sep)[0] ?? ''
      perFolder.set(folder, (perFolder.get(folder) ?? 0) + 1)
      const expectedNv = folder === '0001-shark-01' ? 17 : folder === '0002-hygge-01' ? 18 : undefined
      assert.ok(expectedNv !== undefined, `${file}: unexpected corpus folder ${folder}`)

      assert.equal(v.messages.length, 1, file)
      assert.equal(v.variants.length, 1, file)
      assert.equal(v.variants[0]?.nv, expectedNv, file)
      assert.equal(v.receipts.length, v.messages.length, file)
      assert.ok(v.carRoots.some((r) => r.equals(v.preRoot)), file)
      assert.ok(v.blocks.length > 0, file)

      // basefee and circ_supply are exact: equal to the digits in the file
      const baseFee = /"basefee":\s*([0-9]+)/.exec(text)?.[1]
      const circ = /"circ_supply":\s*([0-9]+)/.exec(text)?.[1]
      assert.ok(baseFee !== undefined && circ !== undefined, file)
      assert.equal(v.baseFee, BigInt(baseFee), file)
      assert.equal(v.circSupply, BigInt(circ), file)
      assert.equal(v.circSupply?.toString(), circ, file)

      for (const r of v.randomness) assert.equal(r.ret.length, 32, file)
    }
    const ms = performance.now() - start
    assert.deepEqual([...perFolder.keys()].sort(), ['0001-shark-01', '0002-hygge-01'])
    t.diagnostic(`loaded ${files.length} vectors (${(bytes / 1e6).toFixed(1)} MB of JSON) in ${ms.toFixed(0)} ms: ${[...perFolder].map(([f, n]) => `${f} ${n}`).join(', ')}`)
  })
})
