/**
 * `npm run fevm:compile`: compile vectors/fevm/contracts/*.sol with solc-js (a pinned dev
 * dependency, offline) once per target evmVersion and write vectors/fevm/index.json and
 * vectors/fevm/compiled/<target>.json; and vectors/fevm/filecoin/*.sol (the Filecoin-only
 * contracts of the sandbox's FEVM tests) at the first target into vectors/fevm/filecoin/compiled.json.
 * Run at corpus-generation time only; the oracle and the tests read the committed JSON.
 *
 * `npm run fevm:compile -- --check` (`npm run fevm:check`) recompiles and compares with the
 * committed files instead of writing them (about 12 s of CPU, so not part of `npm test`, whose
 * compile.test.ts only checks that the sources' sha256 are the ones they were compiled from).
 */
import { createRequire } from 'node:module'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import {
  COMPILED_DIR, CONTRACTS_DIR, FILECOIN_COMPILED, FILECOIN_DIR, INDEX_FILE, listSources, parseSubject, sourceHashes,
  type AbiEntry, type CompiledContract, type CompiledSet, type CompiledTarget, type CorpusIndex, type Subject,
} from './corpus.js'
import { TARGETS, type Target } from './targets.js'

interface Solc {
  version(): string
  compile(input: string): string
}

export function loadSolc(): Solc | undefined {
  try {
    return createRequire(import.meta.url)('solc') as Solc
  } catch {
    return undefined
  }
}

/** Settings shared by every target; only evmVersion differs. */
export function settingsFor(t: Target): Record<string, unknown> {
  return {
    evmVersion: t.evmVersion,
    // The Yul optimizer is off so that MSIZE may be used (solc refuses it otherwise).
    optimizer: { enabled: true, runs: 200, details: { yul: false } },
    metadata: { bytecodeHash: 'none', appendCBOR: false },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.bytecode.linkReferences', 'evm.deployedBytecode.object'] } },
  }
}

/** Highest nv a target serves (the next target's minNv - 1), or Infinity for the newest. */
function maxNv(t: Target): number {
  const i = TARGETS.indexOf(t)
  const next = TARGETS[i + 1]
  return next === undefined ? Infinity : next.minNv - 1
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[]
  contracts?: Record<string, Record<string, {
    abi: AbiEntry[]
    evm: { bytecode: { object: string; linkReferences: CompiledContract['linkReferences'] }; deployedBytecode: { object: string } }
  }>>
}

export function compileTarget(solc: Solc, t: Target, subjects: readonly Subject[], dir: string = CONTRACTS_DIR): CompiledTarget {
  const sources: Record<string, { content: string }> = {}
  for (const s of subjects) {
    if (s.minNv > maxNv(t)) continue
    sources[s.source] = { content: readFileSync(join(dir, s.source), 'utf8') }
  }
  const settings = settingsFor(t)
  const out = JSON.parse(solc.compile(JSON.stringify({ language: 'Solidity', sources, settings }))) as SolcOutput
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0) throw new Error(`solc (${t.evmVersion}):\n${errors.map((e) => e.formattedMessage).join('\n')}`)
  const contracts: Record<string, CompiledContract> = {}
  for (const [file, byName] of Object.entries(out.contracts ?? {})) {
    for (const [name, c] of Object.entries(byName)) {
      if (contracts[name] !== undefined) throw new Error(`contract name ${name} defined twice (${contracts[name].source}, ${file})`)
      contracts[name] = {
        source: file,
        abi: c.abi,
        bytecode: c.evm.bytecode.object,
        deployedBytecode: c.evm.deployedBytecode.object,
        linkReferences: c.evm.bytecode.linkReferences,
      }
    }
  }
  const sorted = Object.fromEntries(Object.entries(contracts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  return { target: t.name, solc: solc.version(), settings, contracts: sorted }
}

export function readSubjects(): Subject[] {
  return listSources().map((f) => parseSubject(f, readFileSync(join(CONTRACTS_DIR, f), 'utf8')))
}

export function compileAll(solc: Solc): { index: CorpusIndex; targets: CompiledTarget[] } {
  const subjects = readSubjects()
  const targets = TARGETS.map((t) => compileTarget(solc, t, subjects))
  const index: CorpusIndex = {
    solc: solc.version(),
    settings: { ...settingsFor(TARGETS[0] as Target), evmVersion: 'per target' },
    sources: sourceHashes(CONTRACTS_DIR),
    targets: TARGETS.map((t, i) => ({ name: t.name, minNv: t.minNv, contracts: Object.keys((targets[i] as CompiledTarget).contracts).length })),
    subjects,
  }
  return { index, targets }
}

/** The Filecoin-only contracts at the first target (shanghai: every EVM actor from nv18 runs it). */
export function compileFilecoin(solc: Solc): CompiledSet {
  const files = listSources(FILECOIN_DIR).map((f) => ({ name: f.replace(/\.sol$/, ''), source: f, minNv: 18, deployValue: 0n, extraAbi: [] }))
  const compiled = compileTarget(solc, TARGETS[0] as Target, files, FILECOIN_DIR)
  return { ...compiled, sources: sourceHashes(FILECOIN_DIR) }
}

export function serialise(x: unknown): string {
  return JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 1) + '\n'
}

/** Every output file and its text. */
export function compileOutputs(solc: Solc): Map<string, string> {
  const { index, targets } = compileAll(solc)
  const out = new Map<string, string>([[INDEX_FILE, serialise(index)]])
  for (const t of targets) out.set(join(COMPILED_DIR, `${t.target}.json`), serialise(t))
  out.set(FILECOIN_COMPILED, serialise(compileFilecoin(solc)))
  return out
}

function main(): void {
  const solc = loadSolc()
  if (solc === undefined) throw new Error('solc is not installed (npm ci installs the dev dependencies)')
  const check = process.argv.includes('--check')
  const t0 = Date.now()
  const outputs = compileOutputs(solc)
  if (check) {
    const stale = [...outputs].filter(([file, text]) => !existsSync(file) || readFileSync(file, 'utf8') !== text).map(([file]) => relative(process.cwd(), file))
    if (stale.length > 0) {
      console.error(`stale (npm run fevm:compile rewrites them): ${stale.join(', ')}`)
      process.exitCode = 1
      return
    }
    console.log(`solc ${solc.version()}: the ${outputs.size} committed files are what the sources compile to (${Date.now() - t0} ms)`)
    return
  }
  mkdirSync(COMPILED_DIR, { recursive: true })
  for (const [file, text] of outputs) writeFileSync(file, text)
  console.log(`solc ${solc.version()}: wrote ${[...outputs.keys()].map((f) => relative(process.cwd(), f)).join(', ')} (${Date.now() - t0} ms)`)
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))) main()
