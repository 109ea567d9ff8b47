/**
 * The FEVM contract corpus on disk: Solidity sources in vectors/fevm/contracts, the compiler
 * settings and subject list in vectors/fevm/index.json, the bytecode per compilation target in
 * vectors/fevm/compiled/<target>.json (written by `npm run fevm:compile`, see compile.ts).
 */
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TargetName } from './targets.js'

export const FEVM_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'vectors', 'fevm')
export const CONTRACTS_DIR = join(FEVM_DIR, 'contracts')
export const COMPILED_DIR = join(FEVM_DIR, 'compiled')
export const INDEX_FILE = join(FEVM_DIR, 'index.json')
/**
 * Contracts for FEVM behaviour Ethereum has no counterpart for (the Filecoin precompiles, calls
 * to native actors, the FVM's call-depth limit, tombstones): not oracle subjects, but driven by
 * the sandbox's FEVM tests (tools/sandbox/fevm.test.ts). One compilation target (shanghai, which
 * every EVM actor from nv18 runs), written to `filecoin/compiled.json`.
 */
export const FILECOIN_DIR = join(FEVM_DIR, 'filecoin')
export const FILECOIN_COMPILED = join(FILECOIN_DIR, 'compiled.json')

/** One ABI entry as solc prints it (only the parts the harness reads). */
export interface AbiParam {
  readonly name: string
  readonly type: string
  readonly components?: readonly AbiParam[]
  readonly indexed?: boolean
}
export interface AbiEntry {
  readonly type: 'function' | 'constructor' | 'fallback' | 'receive' | 'event' | 'error'
  readonly name?: string
  readonly inputs?: readonly AbiParam[]
  readonly outputs?: readonly AbiParam[]
  readonly stateMutability?: 'pure' | 'view' | 'nonpayable' | 'payable'
  readonly anonymous?: boolean
}

export interface LinkReference {
  readonly start: number
  readonly length: number
}

export interface CompiledContract {
  readonly source: string
  readonly abi: readonly AbiEntry[]
  /** Creation code, hex without 0x; library placeholders `__$…$__` left in place. */
  readonly bytecode: string
  readonly deployedBytecode: string
  /** source file → library name → byte ranges of the placeholders in `bytecode`. */
  readonly linkReferences: Readonly<Record<string, Readonly<Record<string, readonly LinkReference[]>>>>
}

export interface CompiledTarget {
  readonly target: TargetName
  readonly solc: string
  readonly settings: unknown
  readonly contracts: Readonly<Record<string, CompiledContract>>
}

/** A contract the oracle deploys and drives (the contract named like its file). */
export interface Subject {
  readonly name: string
  readonly source: string
  /** `@custom:fevm-min-nv`: lowest network version whose EVM actor has the opcodes it uses. */
  readonly minNv: number
  /** `@custom:fevm-deploy-value`: attoFIL / wei sent with the deployment. */
  readonly deployValue: bigint
  /** `@custom:fevm-extra-abi`: other contracts whose functions are also called on this one (proxies). */
  readonly extraAbi: readonly string[]
}

export interface CorpusIndex {
  readonly solc: string
  readonly settings: unknown
  /** sha256 (hex) of every source the committed bytecode was compiled from. */
  readonly sources: Readonly<Record<string, string>>
  readonly targets: readonly { readonly name: TargetName; readonly minNv: number; readonly contracts: number }[]
  readonly subjects: readonly Subject[]
}

/** The metadata tags of a subject, read from its source's NatSpec. */
export function parseSubject(file: string, text: string): Subject {
  const name = file.replace(/\.sol$/, '')
  if (!new RegExp(`\\bcontract\\s+${name}\\b`).test(text)) throw new Error(`${file}: no contract named ${name}`)
  const minNv = /@custom:fevm-min-nv\s+(\d+)/.exec(text)?.[1]
  const value = /@custom:fevm-deploy-value\s+(\d+)/.exec(text)?.[1]
  const extra = [...text.matchAll(/@custom:fevm-extra-abi\s+(\w+)/g)].map((m) => m[1] as string)
  return { name, source: file, minNv: minNv === undefined ? 18 : Number(minNv), deployValue: BigInt(value ?? 0), extraAbi: extra }
}

export function listSources(dir: string = CONTRACTS_DIR): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.sol')).sort()
}

/** sha256 (hex) of each source file in `dir`, by file name. */
export function sourceHashes(dir: string = CONTRACTS_DIR): Record<string, string> {
  return Object.fromEntries(listSources(dir).map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]))
}

/** The compiled Filecoin-only contracts (`FILECOIN_DIR`). */
export interface CompiledSet extends CompiledTarget {
  readonly sources: Readonly<Record<string, string>>
}

let filecoinCache: CompiledSet | undefined
export function readFilecoinCompiled(): CompiledSet {
  filecoinCache ??= JSON.parse(readFileSync(FILECOIN_COMPILED, 'utf8')) as CompiledSet
  return filecoinCache
}

export function readIndex(): CorpusIndex {
  const raw = JSON.parse(readFileSync(INDEX_FILE, 'utf8')) as CorpusIndex & { subjects: (Subject & { deployValue: string })[] }
  return { ...raw, subjects: raw.subjects.map((s) => ({ ...s, deployValue: BigInt(s.deployValue) })) }
}

const compiledCache = new Map<TargetName, CompiledTarget>()
export function readCompiled(target: TargetName): CompiledTarget {
  let c = compiledCache.get(target)
  if (c === undefined) {
    c = JSON.parse(readFileSync(join(COMPILED_DIR, `${target}.json`), 'utf8')) as CompiledTarget
    compiledCache.set(target, c)
  }
  return c
}
