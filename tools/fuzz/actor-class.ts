/**
 * Fuzz class `actor`: hostile WebAssembly actors in a vector that carries its own code (as the
 * generated corpus does, vectors/gen/recipe.ts): the test bundle's modules with bytes flipped,
 * cut or repeated, and hand-written actors that loop, recurse, grow or fill memory, declare huge
 * memories, tables, locals or branch tables, trap, lack their exports, fail to link or call
 * syscalls with out-of-bounds arguments. The actor is the `scripted` actor f0110; a message from
 * an account calls it with a random method and params.
 */
import { testBundle, type BundleNv } from '../../vectors/test-bundle/bundle.js'
import { draftVector, type ScriptedRecipe } from '../../vectors/gen/recipe.js'
import { concatBytes, toHex } from '../../interpreter/util/bytes.js'
import type { Rng } from './rng.js'
import type { FuzzInput } from './vector-class.js'
import { abiFor, drawVersion, unboundedMemory, type FvmAbi } from './versions.js'

type Wabt = Awaited<ReturnType<typeof import('wabt')>>
const wabt: Wabt = await (await import('wabt')).default()

function compile(text: string): Uint8Array {
  const mod = wabt.parseWat('fuzz.wat', text, { bulk_memory: true })
  try {
    return new Uint8Array(mod.toBinary({}).buffer)
  } finally {
    mod.destroy()
  }
}

/**
 * How an actor of each syscall ABI ends with an exit code and a message: v3's and v4's `vm.exit`, v2's
 * `vm.abort`, imported with the type ref-fvm links them with (an i32 result, as every syscall:
 * another type is a link failure, which `wrongImport` is meant to be).
 */
const EXIT: Readonly<Record<FvmAbi, { readonly import: string; readonly wrongImport: string; call(code: string, off: string, len: string): string }>> = {
  v2: { import: '(import "vm" "abort" (func $abort (param i32 i32 i32) (result i32)))', wrongImport: '(import "vm" "abort" (func $abort (param f32)))', call: (code, off, len) => `(drop (call $abort ${code} ${off} ${len}))` },
  v3: { import: '(import "vm" "exit" (func $exit (param i32 i32 i32 i32) (result i32)))', wrongImport: '(import "vm" "exit" (func $exit (param i64)))', call: (code, off, len) => `(drop (call $exit ${code} (i32.const 0) ${off} ${len}))` },
  v4: { import: '(import "vm" "exit" (func $exit (param i32 i32 i32 i32) (result i32)))', wrongImport: '(import "vm" "exit" (func $exit (param i64)))', call: (code, off, len) => `(drop (call $exit ${code} (i32.const 0) ${off} ${len}))` },
}

/** An actor module: memory, an `invoke` with `body`, and `extra` top-level fields. */
const actor = (body: string, extra = '', memory = '(memory (export "memory") 1)') => `(module ${extra} ${memory} (func (export "invoke") (param i32) (result i32) ${body}))`

/** The hand-written hostile actors of a version, by name. */
function handWritten(nv: BundleNv): ReadonlyMap<string, string> {
  const exit = EXIT[abiFor(nv)]
  return new Map([
    ['loop-forever', actor('(loop $l (br $l)) (i32.const 0)')],
    ['recurse-forever', `(module (memory (export "memory") 1) (func $r (param i32) (result i32) (call $r (i32.add (local.get 0) (i32.const 1)))) (func (export "invoke") (param i32) (result i32) (call $r (i32.const 0))))`],
    ['grow-and-fill', actor('(block $done (loop $l (br_if $done (i32.eq (memory.grow (i32.const 256)) (i32.const -1))) (br $l))) (memory.fill (i32.const 0) (i32.const 1) (i32.mul (memory.size) (i32.const 65536))) (i32.const 0)')],
    ['grow-max', actor('(drop (memory.grow (i32.const 65535))) (drop (memory.grow (i32.const 0x7fffffff))) (i32.const 0)')],
    ['huge-initial-memory', actor('(memory.fill (i32.const 0) (i32.const 7) (i32.const 0x7fffffff)) (i32.const 0)', '', '(memory (export "memory") 32768)')],
    ['max-memory-declared', actor('(i32.const 0)', '', '(memory (export "memory") 65536)')],
    ['many-locals', `(module (memory (export "memory") 1) (func (export "invoke") (param i32) (result i32) ${'(local i64) '.repeat(50_000)} (i32.const 0)))`],
    ['huge-table', actor('(i32.const 0)', '(table 10000000 funcref)')],
    ['br-table-huge', actor(`(block $b (br_table ${'$b '.repeat(20_000)} (local.get 0))) (i32.const 0)`)],
    ['unreachable', actor('(unreachable)')],
    ['divide-by-zero', actor('(i32.div_u (i32.const 1) (i32.const 0))')],
    ['call-indirect-bad', actor('(call_indirect (type $t) (i32.const 0) (i32.const 99))', '(type $t (func (param i32) (result i32))) (table 1 funcref)')],
    ['no-invoke', '(module (memory (export "memory") 1) (func (export "other") (param i32) (result i32) (i32.const 0)))'],
    ['invoke-wrong-type', '(module (memory (export "memory") 1) (func (export "invoke") (param i64 f32) (result f64) (f64.const 0)))'],
    ['no-memory', '(module (func (export "invoke") (param i32) (result i32) (i32.const 0)))'],
    ['start-loops', '(module (memory (export "memory") 1) (func $s (loop $l (br $l))) (start $s) (func (export "invoke") (param i32) (result i32) (i32.const 0)))'],
    ['data-out-of-bounds', actor('(i32.const 0)', '(data (i32.const 65530) "0123456789")')],
    ['memory-copy-oob', actor('(memory.copy (i32.const 0) (i32.const 65000) (i32.const 0x7fffffff)) (i32.const 0)')],
    ['return-bad-block', actor('(i32.const -1)')],
    ['return-huge-block', actor('(i32.const 0x7ffffff0)')],
    ['unknown-import', actor('(call $f) (i32.const 0)', '(import "env" "nothing" (func $f))')],
    ['wrong-import-type', actor('(i32.const 0)', exit.wrongImport)],
    ['exit-bad-message', actor(`${exit.call('(i32.const -1)', '(i32.const 0xfffffff0)', '(i32.const 100)')} (i32.const 0)`, exit.import)],
    ['exit-huge-message', actor(`${exit.call('(i32.const 16)', '(i32.const 0)', '(i32.const 0x7fffffff)')} (i32.const 0)`, exit.import)],
    [
      'block-read-oob',
      actor(
        '(drop (call $read (i32.const 0xfffffff0) (i32.const 1) (i32.const 0) (i32.const 0xffff0000) (i32.const 0x7fffffff))) (drop (call $read (i32.const 16) (local.get 0) (i32.const -1) (i32.const 0) (i32.const 65536))) (i32.const 0)',
        '(import "ipld" "block_read" (func $read (param i32 i32 i32 i32 i32) (result i32)))',
      ),
    ],
    [
      'block-create-huge',
      actor('(drop (call $create (i32.const 0) (i64.const 0x71) (i32.const 0) (i32.const 0x7fffffff))) (drop (call $create (i32.const 65535) (i64.const -1) (i32.const 65530) (i32.const 100))) (i32.const 0)', '(import "ipld" "block_create" (func $create (param i32 i64 i32 i32) (result i32)))'),
    ],
    [
      'hash-huge',
      actor('(drop (call $hash (i32.const 0) (i64.const 0xb220) (i32.const 0) (i32.const 0x7fffffff) (i32.const 0) (i32.const 64))) (i32.const 0)', '(import "crypto" "hash" (func $hash (param i32 i64 i32 i32 i32 i32) (result i32)))'),
    ],
    ['many-functions', `(module (memory (export "memory") 1) ${'(func (result i32) (i32.const 1)) '.repeat(5000)} (func (export "invoke") (param i32) (result i32) (i32.const 0)))`],
    ['floats', actor('(drop (f64.div (f64.const 0) (f64.const 0))) (drop (f32.sqrt (f32.const -1))) (i32.trunc_f64_s (f64.const 1e300))')],
  ])
}

const leb = (n: number): number[] => {
  const out: number[] = []
  do {
    const b = n & 0x7f
    n >>>= 7
    out.push(n === 0 ? b : b | 0x80)
  } while (n !== 0)
  return out
}
const section = (id: number, body: number[]): number[] => [id, ...leb(body.length), ...body]
const name = (s: string): number[] => [s.length, ...Buffer.from(s)]

/** An actor module written in binary: one page of memory, `invoke(i32) -> i32` with `body` (then `end`). */
function binaryActor(body: Uint8Array): Uint8Array {
  const code = [0x00, ...body, 0x0b]
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f]),
    ...section(3, [0x01, 0x00]),
    ...section(5, [0x01, 0x00, 0x01]),
    ...section(7, [0x02, ...name('memory'), 0x02, 0x00, ...name('invoke'), 0x00, 0x00]),
    ...section(10, [0x01, ...leb(code.length), ...code]),
  ])
}

const compiled = new Map<string, ReadonlyMap<string, Uint8Array>>()

/** The hand-written actors of a version, compiled once (a text wabt refuses is left out). */
function hostileActors(nv: BundleNv): ReadonlyMap<string, Uint8Array> {
  const key = String(nv)
  let m = compiled.get(key)
  if (m === undefined) {
    const out = new Map<string, Uint8Array>()
    for (const [name, text] of handWritten(nv)) {
      try {
        out.set(name, compile(text))
      } catch {
        // wabt refuses it: the byte mutations cover invalid modules.
      }
    }
    // Nesting deeper than wabt's own parser survives, written in binary.
    out.set('deep-blocks', binaryActor(concatBytes(new Uint8Array(20_000).fill(0x02).map((b, i) => (i % 2 === 0 ? b : 0x40)), new Uint8Array(10_000).fill(0x0b), Uint8Array.of(0x41, 0x00))))
    compiled.set(key, out)
    m = out
  }
  return m
}

/** A module mutated at the byte level: bits flipped, cut short, bytes inserted, a section repeated. */
function mutateModule(rng: Rng, bytes: Uint8Array): { bytes: Uint8Array; how: string } {
  const b = Uint8Array.from(bytes)
  switch (rng.int(4)) {
    case 0: {
      const n = rng.range(1, 8)
      for (let k = 0; k < n; k++) {
        const i = rng.range(8, Math.max(b.length - 1, 8))
        if (i < b.length) b[i] = (b[i] as number) ^ (1 << rng.int(8))
      }
      return { bytes: b, how: `${n} bit(s) flipped` }
    }
    case 1:
      return { bytes: b.subarray(0, rng.range(8, b.length)), how: 'cut short' }
    case 2: {
      const at = rng.range(8, b.length)
      return { bytes: concatBytes(b.subarray(0, at), rng.bytes(rng.range(1, 16)), b.subarray(at)), how: `bytes inserted at ${at}` }
    }
    default: {
      const at = rng.range(8, b.length)
      const len = rng.range(1, Math.min(200, b.length - at))
      return { bytes: concatBytes(b, b.subarray(at, at + len)), how: `${len} bytes repeated at the end` }
    }
  }
}

/** The hostile actors that take gigabytes of host memory where an instance's memory is unbounded. */
const UNBOUNDED_MEMORY_FINDINGS: readonly string[] = ['grow-and-fill', 'huge-initial-memory']

/**
 * Hostile actors that are known findings at `nv` (see docs/fuzzing.md): where the FVM puts no
 * limit on an instance's memory beyond WebAssembly's 4 GiB (nv17; spec invocation.memory-limits),
 * growing and filling it is nearly free, so these actors take gigabytes of host memory; the
 * runner's memory budget stops them (an `error`, "memory budget"). Drawn only when asked for
 * (`known`).
 */
export function knownFindings(nv: BundleNv): readonly string[] {
  return unboundedMemory(nv) ? UNBOUNDED_MEMORY_FINDINGS : []
}

export interface ActorOptions {
  /** Also draw the actors of known findings. */
  readonly known?: boolean
}

/** One vector whose actor f0110 is hostile. */
export function actorInput(rng: Rng, opts: ActorOptions = {}): FuzzInput {
  const nv = drawVersion(rng)
  const hostile = hostileActors(nv)
  let code: Uint8Array
  let what: string
  if (rng.bool(0.5)) {
    const name = rng.pick([...hostile.keys()].filter((n) => opts.known === true || !knownFindings(nv).includes(n)))
    code = hostile.get(name) as Uint8Array
    what = name
    if (rng.bool(0.2)) {
      const m = mutateModule(rng, code)
      code = m.bytes
      what = `${name}, ${m.how}`
    }
  } else {
    const bundle = testBundle(nv).code
    const name = rng.bool(0.6) ? 'scripted' : rng.pick([...bundle.keys()])
    const m = mutateModule(rng, bundle.get(name) as Uint8Array)
    code = m.bytes
    what = `the test bundle's ${name}, ${m.how}`
  }
  const method = rng.pick([1, 2, 2, 2, 3, 4, 1000, 0xffff_ffff, 2 ** 53 - 1, 0])
  const recipe: ScriptedRecipe = {
    nv,
    base_fee: '100',
    actors: [
      { id: 100, kind: 'account', balance: '1000000000000000000000000' },
      { id: 110, kind: 'scripted', balance: '0' },
    ],
    messages: Array.from({ length: rng.range(1, 2) }, () => ({
      from: { actor: 100, by: 'id' as const },
      to: { actor: 110, by: 'id' as const },
      method,
      value: rng.pick(['0', '1']),
      gas_limit: String(rng.pick([1_000_000, 10_000_000, 100_000_000, 300_000_000])),
      fee_cap: '200',
      premium: '10',
      ...(rng.bool() ? { params: toHex(rng.bytes(rng.range(0, 40))) } : {}),
    })),
  }
  return { text: draftVector(recipe, { id: 'fuzz-actor' }, new Map([['scripted', code]])), note: `nv${nv} actor: ${what}; method ${method}` }
}
