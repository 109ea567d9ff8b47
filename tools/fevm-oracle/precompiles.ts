/**
 * The EVM precompile test vectors (go-ethereum's and EIP-7951's, as builtin-actors keeps them)
 * run through EVM code: a deployed PrecompileBatch contract STATICCALLs the precompile with each
 * input (precompiles are reachable only from EVM code on the FEVM: an InvokeContract message to
 * 0x…01 would be a plain send to an f410 address). Outputs and success are compared with the
 * expected ones. Read at test time from $FVM_SPEC_PRECOMPILE_TESTDATA (default
 * ~/.cache/fvm-spec/precompile-testdata; `npm run fevm:precompile-testdata` fills it).
 */
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { readCompiled } from './corpus.js'
import { targetFor } from './targets.js'
import { encodeCall } from './abi.js'
import { contractOf, link } from './oracle.js'
import { EOAS, EOA_FUNDS } from './generators.js'
import { type Hex, type Side, fromHex, toHex } from './side.js'

export interface PrecompileFile {
  readonly file: string
  readonly name: string
  readonly address: Hex
  /** Lowest nv whose EVM actor has this precompile (targets.ts). */
  readonly minNv: number
  /** Every vector in the file must fail (go-ethereum's fail-*.json). */
  readonly failing?: boolean
}

const at = (n: number): Hex => `0x${n.toString(16).padStart(40, '0')}`

export const PRECOMPILE_FILES: readonly PrecompileFile[] = [
  { file: 'ecRecover.json', name: 'ecrecover', address: at(1), minNv: 18 },
  { file: 'modexp.json', name: 'modexp', address: at(5), minNv: 18 },
  { file: 'modexp_eip2565.json', name: 'modexp (EIP-2565 set)', address: at(5), minNv: 18 },
  { file: 'bn256Add.json', name: 'bn256 add', address: at(6), minNv: 18 },
  { file: 'bn256ScalarMul.json', name: 'bn256 scalar mul', address: at(7), minNv: 18 },
  { file: 'bn256Pairing.json', name: 'bn256 pairing', address: at(8), minNv: 18 },
  { file: 'blake2F.json', name: 'blake2f', address: at(9), minNv: 18 },
  { file: 'fail-blake2f.json', name: 'blake2f (failing inputs)', address: at(9), minNv: 18, failing: true },
  { file: 'eip7951_p256verify.json', name: 'P256VERIFY', address: at(0x100), minNv: 28 },
]

export interface PrecompileVector {
  readonly name: string
  readonly input: Uint8Array
  /** Expected output; undefined when the call must fail. */
  readonly expected?: Uint8Array
}

export function precompileTestdataDir(): string {
  return process.env.FVM_SPEC_PRECOMPILE_TESTDATA ?? join(homedir(), '.cache', 'fvm-spec', 'precompile-testdata')
}

/** The vectors of one file, or undefined when the file is absent. */
export function loadVectors(f: PrecompileFile, dir = precompileTestdataDir()): PrecompileVector[] | undefined {
  const p = join(dir, f.file)
  if (!existsSync(p)) return undefined
  const raw = JSON.parse(readFileSync(p, 'utf8')) as { Input: string; Expected?: string; ExpectedError?: string; Name: string }[]
  return raw.map((v) => ({
    name: v.Name,
    input: fromHex(v.Input),
    ...(f.failing === true || v.Expected === undefined ? {} : { expected: fromHex(v.Expected) }),
  }))
}

export interface VectorResult {
  readonly name: string
  readonly ok: boolean
  readonly output: Uint8Array
  readonly pass: boolean
  /** The whole message carrying this single input failed (not the precompile call inside it). */
  readonly messageFailed: boolean
  /** Exit code of that message (FVM side). */
  readonly exitCode?: number
}

/** FVM exit code SysErrOutOfGas. */
export const SYS_OUT_OF_GAS = 7

/**
 * A vector the FEVM cannot run within one message's gas (10^10 Filecoin gas): go-ethereum's
 * blake2F "vector 8" asks for 8,000,000 rounds (8M EVM gas), which the EVM actor computes in
 * WebAssembly at far more Filecoin gas. Excluded as a gas difference (FIP-0054 §Other
 * considerations: all gas is Filecoin gas) only when the message really ran out of gas.
 */
export function outOfFilecoinGas(r: VectorResult): boolean {
  return r.messageFailed && r.exitCode === SYS_OUT_OF_GAS
}

/** Parse PrecompileBatch.batch's packed result (ABI `bytes`: offset, length, data). */
export function unpackBatch(ret: Uint8Array, n: number): { ok: boolean; output: Uint8Array }[] {
  const len = Number(BigInt(toHex(ret.slice(32, 64))))
  const data = ret.slice(64, 64 + len)
  const out: { ok: boolean; output: Uint8Array }[] = []
  let o = 0
  for (let i = 0; i < n; i++) {
    const ok = data[o] === 1
    const l = ((data[o + 1] ?? 0) << 24) | ((data[o + 2] ?? 0) << 16) | ((data[o + 3] ?? 0) << 8) | (data[o + 4] ?? 0)
    out.push({ ok, output: data.slice(o + 5, o + 5 + l) })
    o += 5 + l
  }
  if (o !== data.length) throw new Error(`batch result: ${data.length - o} bytes left over`)
  return out
}

/** Deploys PrecompileBatch on a side (EOA 0, funded) and returns its address. */
export async function deployBatch(side: Side, nv: number): Promise<Hex> {
  const c = contractOf(readCompiled(targetFor(nv).name), 'PrecompileBatch')
  await side.fund(EOAS[0] as Hex, EOA_FUNDS)
  const r = await side.deploy(EOAS[0] as Hex, link(c, new Map()), 0n)
  if (!r.success || r.created === undefined) throw new Error(`PrecompileBatch did not deploy on ${side.name}`)
  return r.created
}

/**
 * Runs the vectors of one file through a deployed PrecompileBatch, up to `chunk` inputs per
 * message; when a message fails as a whole (e.g. out of gas) its inputs run one per message, and
 * a single input whose message fails is a failed vector.
 */
export async function runVectors(side: Side, batch: Hex, nv: number, f: PrecompileFile, vectors: readonly PrecompileVector[], chunk = 40): Promise<VectorResult[]> {
  const abi = contractOf(readCompiled(targetFor(nv).name), 'PrecompileBatch').abi
  const fn = abi.find((e) => e.type === 'function' && e.name === 'batch')
  if (fn === undefined) throw new Error('PrecompileBatch.batch missing')
  const results: VectorResult[] = []
  const run = async (part: readonly PrecompileVector[]): Promise<void> => {
    const r = await side.call(EOAS[0] as Hex, batch, encodeCall(fn, [f.address, part.map((v) => v.input)]), 0n)
    if (!r.success) {
      if (part.length > 1) {
        // One by one: the input that sinks the message (e.g. out of gas) runs once more only.
        for (const v of part) await run([v])
        return
      }
      const v = part[0] as PrecompileVector
      results.push({ name: v.name, ok: false, output: new Uint8Array(0), pass: false, messageFailed: true, ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}) })
      return
    }
    const got = unpackBatch(r.returnData, part.length)
    part.forEach((v, j) => {
      const g = got[j] as { ok: boolean; output: Uint8Array }
      const pass = v.expected === undefined ? !g.ok : g.ok && toHex(g.output) === toHex(v.expected)
      results.push({ name: v.name, ok: g.ok, output: g.output, pass, messageFailed: false })
    })
  }
  for (let i = 0; i < vectors.length; i += chunk) await run(vectors.slice(i, i + chunk))
  return results
}
