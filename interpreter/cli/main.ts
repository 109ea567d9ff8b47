/**
 * The `fvm-spec` command line. A thin shell over the interpreter: it reads files, prints
 * results and sets the exit status; everything it reports is computed by the pure core.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { findVectorFiles } from '../../vectors/discover.js'
import { runVectorText, type RunOptions, type VectorResult } from '../../vectors/run-vector.js'
import { loadBundles, type BundleSet } from '../../vectors/bundles.js'
import { Engine } from '../invocation/engine.js'
import { createInvoker } from '../invocation/container.js'
import { traceEventToJson as traceJson } from '../trace/trace.js'
import { callTree, formatCallTree } from '../trace/call-tree.js'
import { parseFault, type Faults } from '../machine/faults.js'

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const EMBEDDED_CORPUS = join(PACKAGE_ROOT, 'vectors', 'corpus')

const USAGE = `usage: fvm-spec <command> [options]

commands:
  run [PATH...]   run test vectors (files, or folders searched recursively for *.json);
                  default: the embedded corpus under vectors/corpus
      --bundles DIR   folder of built-in actor bundle CARs (or $FVM_SPEC_BUNDLES)
      --json          one JSON object per vector per line, then a summary line
      --trace DIR     write each vector's execution trace to DIR/<id>.jsonl (canonical JSON lines)
      --inject-fault F  run with one rule broken on purpose, to test a test (see spec/machine.md)
  trace VECTOR    run one vector and print its call tree with the gas each call spent
      --bundles DIR   as for run
  help            this text
`

type Out = (line: string) => void

export async function main(argv: readonly string[], out: Out = (l) => process.stdout.write(l + '\n'), err: Out = (l) => process.stderr.write(l + '\n')): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case 'run':
      return runCommand(rest, out, err)
    case 'trace':
      return traceCommand(rest, out, err)
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out(USAGE)
      return command === undefined ? 2 : 0
    default:
      err(`fvm-spec: unknown command '${command}'\n${USAGE}`)
      return 2
  }
}

function runCommand(argv: readonly string[], out: Out, err: Out): number {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { bundles: { type: 'string' }, json: { type: 'boolean', default: false }, trace: { type: 'string' }, 'inject-fault': { type: 'string' } },
    })
  } catch (e) {
    err(`fvm-spec run: ${(e as Error).message}`)
    return 2
  }
  const { values, positionals } = parsed
  const traceDir = values.trace
  const base = engineOptions(values.bundles, 'run', err)
  if (base === undefined) return 2
  let faults: Faults | undefined
  try {
    faults = values['inject-fault'] === undefined ? undefined : parseFault(values['inject-fault'])
  } catch (e) {
    err(`fvm-spec run: --inject-fault: ${(e as Error).message}`)
    return 2
  }
  const runOpts: RunOptions = { ...base, trace: traceDir !== undefined, ...(faults === undefined ? {} : { faults }) }
  if (traceDir !== undefined) mkdirSync(traceDir, { recursive: true })
  const paths = positionals.length > 0 ? positionals : [EMBEDDED_CORPUS]
  for (const p of paths) {
    if (!existsSync(p)) {
      err(`fvm-spec run: no such file or folder: ${p}`)
      return 2
    }
  }
  const files = findVectorFiles(paths)
  const started = performance.now()
  const counts = { pass: 0, fail: 0, skip: 0, error: 0 }
  for (const file of files) {
    let r: VectorResult
    try {
      r = runVectorText(readFileSync(file, 'utf8'), file, runOpts)
    } catch (e) {
      r = { id: file, file, nv: null, status: 'error', reason: `cannot read: ${(e as Error).message}`, gas_used: null, expected_gas_used: null, ms: 0 }
    }
    counts[r.status]++
    if (traceDir !== undefined && r.traces !== undefined) writeTrace(traceDir, r)
    out(values.json === true ? jsonLine(r) : humanLine(r))
  }
  const seconds = Math.round(performance.now() - started) / 1000
  if (values.json === true) {
    out(JSON.stringify({ summary: { passed: counts.pass, failed: counts.fail, skipped: counts.skip, errors: counts.error, seconds } }))
  } else {
    if (counts.error > 0) out(`${counts.error} vector(s) could not be read (counted as failed)`)
    out(`${files.length} vectors in ${seconds.toFixed(2)} s`)
    out(`${counts.pass} passed, ${counts.fail + counts.error} failed, ${counts.skip} skipped`)
  }
  return counts.fail + counts.error > 0 ? 1 : 0
}

/** Engine options from --bundles / $FVM_SPEC_BUNDLES: none without bundles. */
function engineOptions(flag: string | undefined, command: string, err: Out): RunOptions | undefined {
  const dir = flag ?? process.env['FVM_SPEC_BUNDLES']
  if (dir === undefined || dir === '') return {}
  const problem = checkBundleDir(dir)
  if (problem !== undefined) {
    err(`fvm-spec ${command}: --bundles ${dir}: ${problem}`)
    return undefined
  }
  let bundles: BundleSet
  try {
    bundles = loadBundles(dir)
  } catch (e) {
    err(`fvm-spec ${command}: --bundles ${dir}: ${(e as Error).message}`)
    return undefined
  }
  return { bundleBlocks: bundles.blocks, invoker: createInvoker({ engine: new Engine() }) }
}

function traceCommand(argv: readonly string[], out: Out, err: Out): number {
  let parsed
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { bundles: { type: 'string' } } })
  } catch (e) {
    err(`fvm-spec trace: ${(e as Error).message}`)
    return 2
  }
  const [file] = parsed.positionals
  if (file === undefined || parsed.positionals.length !== 1 || !existsSync(file)) {
    err('fvm-spec trace: give exactly one vector file')
    return 2
  }
  const base = engineOptions(parsed.values.bundles, 'trace', err)
  if (base === undefined) return 2
  const r = runVectorText(readFileSync(file, 'utf8'), file, { ...base, trace: true })
  out(humanLine(r))
  for (const [i, t] of (r.traces ?? []).entries()) {
    out(`message ${i}:`)
    for (const line of formatCallTree(callTree(t))) out('  ' + line)
  }
  return r.status === 'pass' || r.status === 'skip' ? 0 : 1
}

function writeTrace(dir: string, r: VectorResult): void {
  const lines: string[] = []
  for (const [i, t] of (r.traces ?? []).entries()) {
    lines.push(JSON.stringify({ kind: 'message', index: i }))
    for (const e of t) lines.push(traceJson(e))
  }
  writeFileSync(join(dir, `${r.id.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`), lines.join('\n') + '\n')
}

function checkBundleDir(dir: string): string | undefined {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return 'not a folder'
  if (!readdirSync(dir).some((f) => f.endsWith('.car'))) return 'holds no .car bundle'
  return undefined
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file)
  return rel.startsWith('..') && rel.split('/').length > 6 ? file : rel
}

function humanLine(r: VectorResult): string {
  const tag = r.status.toUpperCase().padEnd(5)
  const gas = r.gas_used === null ? '' : ` gas ${r.gas_used}`
  const why = r.reason === null ? '' : ` — ${r.reason}`
  return `${tag} ${r.id}${gas} (${r.ms} ms) ${displayPath(r.file)}${why}`
}

function jsonLine(r: VectorResult): string {
  const { traces: _traces, ...rest } = r
  return JSON.stringify({ ...rest, file: displayPath(r.file) })
}

