/**
 * The persistent cache of compiled actors: the instrumented module (the bytes handed to the
 * JavaScript engine) and what the container needs to know about it, on disk, so that a process
 * does not decode, validate and instrument each bundle again.
 *
 * The JavaScript engine's compiled code cannot be kept: in Node 20, `v8.serialize` of a
 * `WebAssembly.Module` yields an in-process transfer handle that another process cannot
 * deserialize, and there is no other code-cache API for WebAssembly. So the cache holds the
 * instrumented bytes; compiling them (lazily, function by function) is the cheap part.
 *
 * An entry is keyed by (code CID, wasm rules key, instrumentation version). The instrumentation
 * version is a hash of the source of every module that decides the instrumented output (the
 * decoder, encoder, policy, limits, the instrumentation passes and their rules, the engine's own
 * passes), so any change to them starts a new cache. Each entry carries its key and a SHA-256
 * over its whole content; an entry that is truncated, corrupted or for another key is deleted and
 * rebuilt, never used. Entries are written to a temporary file and renamed into place, so
 * concurrent processes see either a complete entry or none. Every failure to read or write the
 * cache only means compiling as if there were none.
 *
 * Content addressing makes the cache unobservable: the code CID names the module's bytes (the
 * blockstore holds only blocks that hash to their CIDs), and the same bytes under the same rules
 * and instrumentation always give the same result.
 *
 * @rule invocation.module-cache
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

const MAGIC = new TextEncoder().encode('FVMSPEC\x01')
const utf8 = new TextEncoder()
const fromUtf8 = new TextDecoder('utf-8', { fatal: true })

/** The source files whose content decides the instrumented output, relative to this file. */
const INSTRUMENTATION_SOURCES = [
  '../wasm/decoder', '../wasm/encoder', '../wasm/module', '../wasm/opcodes', '../wasm/validate', '../wasm/limits',
  '../wasm/init-sizes', '../wasm/error', '../wasm/instrument/index', '../wasm/instrument/rules', '../wasm/instrument/emit',
  '../wasm/instrument/stack-limiter', '../wasm/instrument/gas-metering', '../wasm/instrument/nan-canonicalise',
  '../wasm/instrument/inline-gas', './engine',
  './module-cache',
]

let version: string | null | undefined

/**
 * A hash of the instrumentation's source: a new value whenever the instrumented output could
 * change. Null when a source file cannot be read (then no persistent cache is used).
 */
export function instrumentationVersion(): string | null {
  if (version !== undefined) return version
  const h = createHash('sha256')
  try {
    for (const rel of INSTRUMENTATION_SOURCES) {
      let text: Buffer | undefined
      for (const ext of ['.ts', '.js']) {
        try {
          text = readFileSync(new URL(rel + ext, import.meta.url))
          break
        } catch {
          // try the next extension
        }
      }
      if (text === undefined) throw new Error(`no source for ${rel}`)
      h.update(rel).update('\0').update(text).update('\0')
    }
    version = h.digest('hex').slice(0, 24)
  } catch {
    version = null
  }
  return version
}

/**
 * The cache an engine uses when not told: `$FVM_SPEC_CACHE`; else none in a process that node's
 * test runner started (it sets `NODE_TEST_CONTEXT` in each: tests do not write to the user's
 * cache, and test files running at once do not share one; a test of the cache names its own
 * folder); else `~/.cache/fvm-spec/modules`.
 */
export function defaultCacheDir(): string | false {
  const env = process.env['FVM_SPEC_CACHE']
  if (env !== undefined && env !== '') return env
  if (process.env['NODE_TEST_CONTEXT'] !== undefined) return false
  return join(homedir(), '.cache', 'fvm-spec', 'modules')
}

export interface CacheEntry {
  /** The module bytes to compile. */
  readonly bytes: Uint8Array
  /** What the engine recorded about the module (JSON). */
  readonly meta: string
}

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4)
  new DataView(b.buffer).setUint32(0, n, true)
  return b
}

/** magic | u32 key length | key | u32 meta length | meta | u32 body length | body | sha256 of all before. */
export function encodeEntry(key: string, entry: CacheEntry): Uint8Array {
  const k = utf8.encode(key)
  const m = utf8.encode(entry.meta)
  const parts = [MAGIC, u32(k.length), k, u32(m.length), m, u32(entry.bytes.length), entry.bytes]
  const len = parts.reduce((n, p) => n + p.length, 0)
  const out = new Uint8Array(len + 32)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  out.set(createHash('sha256').update(out.subarray(0, len)).digest(), len)
  return out
}

/** The entry in `data` if it is complete, intact and for `key`; undefined otherwise. */
export function decodeEntry(key: string, bytes: Uint8Array): CacheEntry | undefined {
  // A plain view, also of a Buffer.
  const data = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (data.length < MAGIC.length + 12 + 32) return undefined
  for (let i = 0; i < MAGIC.length; i++) if (data[i] !== MAGIC[i]) return undefined
  const len = data.length - 32
  const digest = createHash('sha256').update(data.subarray(0, len)).digest()
  for (let i = 0; i < 32; i++) if (data[len + i] !== digest[i]) return undefined
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  let at = MAGIC.length
  const field = (): Uint8Array | undefined => {
    if (at + 4 > len) return undefined
    const n = view.getUint32(at, true)
    at += 4
    if (at + n > len) return undefined
    const out = data.subarray(at, at + n)
    at += n
    return out
  }
  const k = field()
  const m = field()
  const body = field()
  if (k === undefined || m === undefined || body === undefined || at !== len) return undefined
  try {
    if (fromUtf8.decode(k) !== key) return undefined
    return { bytes: body, meta: fromUtf8.decode(m) }
  } catch {
    return undefined
  }
}

/** A folder of cache entries for one instrumentation version. */
export class ModuleCache {
  private readonly dir: string

  constructor(root: string, readonly version: string) {
    this.dir = join(root, `instr-${version}`)
  }

  private file(key: string): string {
    return join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.mod`)
  }

  /** The entry for `key`, or undefined (missing, unreadable or damaged: a damaged one is deleted). */
  get(key: string): CacheEntry | undefined {
    const file = this.file(key)
    let data: Uint8Array
    try {
      data = readFileSync(file)
    } catch {
      return undefined
    }
    const entry = decodeEntry(key, data)
    if (entry === undefined) {
      try {
        unlinkSync(file)
      } catch {
        // another process may have replaced or removed it already
      }
    }
    return entry
  }

  /** Stores an entry: written to a temporary file, then renamed into place. Best effort. */
  put(key: string, entry: CacheEntry): void {
    const file = this.file(key)
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
    try {
      mkdirSync(this.dir, { recursive: true })
      writeFileSync(tmp, encodeEntry(key, entry), { flag: 'wx' })
      renameSync(tmp, file)
    } catch {
      try {
        rmSync(tmp, { force: true })
      } catch {
        // nothing more to do: the cache is best effort
      }
    }
  }
}
