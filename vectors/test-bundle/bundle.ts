/**
 * The test bundle: a self-contained set of actors, written in WAT in this folder, that lets any
 * FVM run generated vectors without the mainnet bundles. `testBundle(nv)` compiles them with wabt
 * (once per process and version) into a manifest and code blocks.
 *
 * The WAT sources are shared by every version. Lines between `;; #if v2`, `;; #if v3 v4` (one or
 * more syscall ABIs: the ref-fvm releases of the versions, `abiFor`), `;; #else` and `;; #endif`
 * are kept for those ABIs only; `{{...}}` placeholders are filled in here (the scripted actor's
 * imports and raw-syscall dispatcher are generated from RAW_SYSCALLS).
 *
 * @rule bundle.manifest
 */
import { readFileSync } from 'node:fs'
import { encodeCbor } from '../../interpreter/ipld/cbor.js'
import { CID, cidOf, Codec, dagCborCid } from '../../interpreter/ipld/cid.js'
import { manifestNames } from '../builder/state-builder.js'
import type { NetworkVersion } from '../../interpreter/types/network-version.js'
import { abiFor, BLOCK_CODECS, dispatchedSyscalls, rawSyscallsFor, type FvmAbi, type RawSignature } from './program.js'

type Wabt = Awaited<ReturnType<typeof import('wabt')>>
const wabt: Wabt = await (await import('wabt')).default()

/** A network version the test bundle is built for: any supported version whose release it has actors for (`abiFor`). */
export type BundleNv = NetworkVersion

export interface TestBundle {
  readonly nv: BundleNv
  /** The manifest's entries in order: the built-in names of the version, then `scripted`. */
  readonly manifest: readonly (readonly [string, CID])[]
  /** The manifest block's CID (DAG-CBOR of `manifest`), as the system actor's state holds it. */
  readonly manifestCid: CID
  /** Actor name → wasm bytes (pass to `buildState` as its `code`). */
  readonly code: ReadonlyMap<string, Uint8Array>
  /** Every block of the bundle: the code blocks (raw) and the manifest block. */
  readonly blocks: readonly (readonly [CID, Uint8Array])[]
}

/** The actor the bundle adds to the manifest. */
export const SCRIPTED = 'scripted'

const source = (file: string): string => readFileSync(new URL(file, import.meta.url), 'utf8')

/**
 * Keeps the lines for the ABI `abi`: `;; #if vN [vM …]` … (`;; #else` …) `;; #endif`, not nested;
 * the `#if` lines are kept when `abi` is one of those listed.
 * @rule bundle.manifest
 */
export function preprocess(text: string, abi: FvmAbi, vars: Readonly<Record<string, string>> = {}): string {
  const out: string[] = []
  let keep = true
  let inIf = false
  for (const line of text.split('\n')) {
    const t = line.trim()
    const m = /^;; #if (v\d+(?: v\d+)*)$/.exec(t)
    if (m !== null) {
      if (inIf) throw new Error('nested #if')
      inIf = true
      keep = (m[1] ?? '').split(' ').includes(abi)
    } else if (t === ';; #else') {
      if (!inIf) throw new Error('#else without #if')
      keep = !keep
    } else if (t === ';; #endif') {
      if (!inIf) throw new Error('#endif without #if')
      inIf = false
      keep = true
    } else if (keep) out.push(line)
  }
  if (inIf) throw new Error('#if without #endif')
  return out.join('\n').replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
    const v = vars[k]
    if (v === undefined) throw new Error(`no value for {{${k}}}`)
    return v
  })
}

const wasmType = (c: string): string => (c === 'I' ? 'i64' : 'i32')

/**
 * The import of one syscall, as `$module.name`, with the out-pointer first. Every syscall returns
 * an i32 (its error number), even vm.exit and vm.abort, which never return: ref-fvm's linker binds
 * them so, and refuses an import of another type (spec/invocation.md `invocation.link`).
 */
function importDecl(module: string, name: string, sig: RawSignature): string {
  const params = [...(sig.out > 0 ? ['i32'] : []), ...[...sig.params].map(wasmType)]
  return `(import "${module}" "${name}" (func $${module}.${name} (param ${params.join(' ')}) (result i32)))`
}

/**
 * The SYSCALL op's dispatcher: one branch per RAW_SYSCALLS id up to the ABI's last
 * (`dispatchedSyscalls`), reading the syscall's arguments (out-pointer first) from the program in
 * order; ids the ABI does not bind are BAD_PROGRAM.
 * @rule bundle.scripted-syscall
 */
function rawDispatch(abi: FvmAbi): string {
  const table = dispatchedSyscalls(abi)
  const labels = table.map((s) => `$s${s.id}`)
  const lines: string[] = ['(func $raw (param $id i32) (result i32)', '    (block $unbound']
  for (const l of [...labels].reverse()) lines.push(`    (block ${l}`)
  lines.push(`      (br_table ${labels.join(' ')} $unbound (local.get $id)))`)
  for (const s of table) {
    const sig = s[abi]
    const name = `${s.module}.${s.name}`
    if (sig === undefined) {
      lines.push(`    ;; ${s.id} ${name}: not in ${abi}`, '    (br $unbound))')
      continue
    }
    const args = [...(sig.out > 0 ? ['(call $u32)'] : []), ...[...sig.params].map((c) => (c === 'I' ? '(call $u64)' : '(call $u32)'))]
    const call = `(call $${name} ${args.join(' ')})`
    lines.push(`    ;; ${s.id} ${name}`, s.diverges === true ? `    (drop ${call}) (return (i32.const 0)))` : `    (return ${call}))`)
  }
  lines.push('    (call $bad)', '    (i32.const 0))')
  return lines.join('\n')
}

/** Compiles WAT text (MVP + bulk memory) to wasm with wabt; deterministic. */
export function compileWat(text: string, file = 'module.wat'): Uint8Array {
  const mod = wabt.parseWat(file, text, { bulk_memory: true })
  try {
    mod.validate()
    return new Uint8Array(mod.toBinary({}).buffer)
  } finally {
    mod.destroy()
  }
}

/**
 * The WAT text of one actor of the bundle for `nv` (exported for inspection and tests): the
 * scripted actor, system and account from their own sources, a stub for every other name.
 *
 * @rule bundle.system
 * @rule bundle.account-constructor
 * @rule bundle.stub
 * @rule bundle.scripted-program
 */
export function actorWat(name: string, nv: BundleNv): string {
  return actorWatFor(name, abiFor(nv))
}

/** The WAT text of one actor for a syscall ABI (what `actorWat` gives for the versions of that ABI). @rule bundle.manifest */
export function actorWatFor(name: string, abi: FvmAbi): string {
  if (name === SCRIPTED) {
    const imports = rawSyscallsFor(abi)
      .map((s) => importDecl(s.module, s.name, s.sig))
      .join('\n  ')
    return preprocess(source('scripted.wat'), abi, { imports, raw_dispatch: rawDispatch(abi), codec: `0x${BLOCK_CODECS[abi].toString(16)}` })
  }
  if (name === 'system' || name === 'account') return preprocess(source(`${name}.wat`), abi)
  if (!/^[a-z]+$/.test(name)) throw new Error(`bad actor name ${name}`)
  return preprocess(source('stub.wat'), abi, { name, name_len: String(name.length) })
}

/** Compiles one actor's WAT for an ABI to wasm (deterministic). @rule bundle.manifest */
export function compileActor(name: string, abi: FvmAbi): Uint8Array {
  return compileWat(actorWatFor(name, abi), `${name}.wat`)
}

const cache = new Map<BundleNv, TestBundle>()

/**
 * The bundle for `nv`: actors importing the syscalls of its release (v2 at nv17, v3 at
 * nv18–nv20, v4 at nv21–nv28). Deterministic: the same bytes and CIDs every time; compiled once per process.
 *
 * @rule bundle.manifest
 */
export function testBundle(nv: BundleNv): TestBundle {
  let bundle = cache.get(nv)
  if (bundle === undefined) {
    bundle = buildTestBundle(nv)
    cache.set(nv, bundle)
  }
  return bundle
}

/** Compiles the bundle afresh (what `testBundle` caches). @rule bundle.manifest */
export function buildTestBundle(nv: BundleNv): TestBundle {
  const names = [...manifestNames(nv), SCRIPTED]
  const code = new Map<string, Uint8Array>()
  for (const name of names) code.set(name, compileActor(name, abiFor(nv)))
  const manifest = names.map((n) => [n, cidOf(Codec.IPLD_RAW, code.get(n) as Uint8Array)] as const)
  const manifestBytes = encodeCbor(manifest.map(([n, c]) => [n, c]))
  const manifestCid = dagCborCid(manifestBytes)
  const blocks: (readonly [CID, Uint8Array])[] = manifest.map(([n, c]) => [c, code.get(n) as Uint8Array] as const)
  blocks.push([manifestCid, manifestBytes])
  return { nv, manifest, manifestCid, code, blocks }
}
