/**
 * The conformance runner for one vector: load it, build the machine for its variant, apply
 * each message, compare each receipt (exit code, return bytes, gas used, in that order), flush
 * and compare the post-state root. Never throws: every problem is the vector's `error`.
 *
 * @rule runner.compare-order
 */
import { isLeft } from 'fp-ts/lib/Either.js'
import { Blockstore } from '../interpreter/ipld/blockstore.js'
import { cidEquals } from '../interpreter/ipld/cid.js'
import { applyMessage } from '../interpreter/executor/apply-message.js'
import { loadManifest } from '../interpreter/machine/manifest.js'
import { networkRulesFor } from '../interpreter/machine/network-rules.js'
import type { Machine } from '../interpreter/machine/machine.js'
import { replayingExterns } from '../interpreter/machine/externs.js'
import type { Faults } from '../interpreter/machine/faults.js'
import type { ActorInvoker } from '../interpreter/call-manager/invoke.js'
import { StateTree } from '../interpreter/state/state-tree.js'
import { Protocol } from '../interpreter/types/address.js'
import { decodeMessage } from '../interpreter/types/message.js'
import { TOTAL_FILECOIN } from '../interpreter/types/token.js'
import { exitCodeName } from '../interpreter/types/exit-code.js'
import type { TraceEvent } from '../interpreter/trace/trace.js'
import { bytesEqual, toHex } from '../interpreter/util/bytes.js'
import { loadVector, type LoadedVector } from './load.js'
import { knownSkip } from './known-skips.js'
import { diffStateTrees, formatDiffs } from './state-diff.js'

export type VectorStatus = 'pass' | 'fail' | 'skip' | 'error'

export interface VectorResult {
  readonly id: string
  readonly file: string
  readonly nv: number | null
  readonly status: VectorStatus
  readonly reason: string | null
  readonly gas_used: string | null
  readonly expected_gas_used: string | null
  readonly ms: number
  /** Per message, when tracing was asked for. */
  readonly traces?: readonly (readonly TraceEvent[])[]
}

export interface RunOptions {
  /** Runs actor code; undefined until an engine exists for it. */
  readonly invoker?: ActorInvoker
  /** Blocks of the built-in actor bundles, shared by every vector's blockstore. */
  readonly bundleBlocks?: ReadonlyMap<string, Uint8Array>
  readonly trace?: boolean
  /** Deliberately broken rules (machine.faults), for testing the testers. */
  readonly faults?: Faults
}

/** Extra bytes a secp256k1-signed message has on chain: its signature. @rule runner.raw-length */
export const SECP_SIGNATURE_OVERHEAD = 65 + 4

export function runVectorText(text: string, file: string, opts: RunOptions = {}): VectorResult {
  const started = performance.now()
  const loaded = loadVector(text, file)
  if (isLeft(loaded)) {
    const e = loaded.left
    const status: VectorStatus = e.kind === 'unsupported' ? 'skip' : 'error'
    return result(file, file, null, status, `${e.kind}: ${e.message}`, null, null, started)
  }
  try {
    return runLoaded(loaded.right, opts, started)
  } catch (e) {
    return result(loaded.right.id, file, loaded.right.variants[0]?.nv ?? null, 'error', `${(e as Error).name}: ${(e as Error).message}`, null, null, started)
  }
}

function runLoaded(v: LoadedVector, opts: RunOptions, started: number): VectorResult {
  const variant = v.variants[0]
  if (variant === undefined) return result(v.id, v.file, null, 'error', 'vector has no variant', null, null, started)
  const nv = variant.nv
  const expectedGas = v.receipts.map((r) => r.gasUsed.toString()).join(',')
  const done = (status: VectorStatus, reason: string | null, gas: string | null, traces?: readonly (readonly TraceEvent[])[]) =>
    result(v.id, v.file, nv, status, reason, gas, expectedGas, started, opts.trace === true ? traces : undefined)

  const skip = knownSkip(v.file, nv, v.selector)
  if (skip !== undefined) return done('skip', skip, null)
  const rules = networkRulesFor(nv)
  if (rules === undefined) return done('skip', `network version ${nv} is not supported (supported: 17, 18)`, null)
  if (v.messages.length !== v.receipts.length) return done('error', `${v.messages.length} messages but ${v.receipts.length} receipts`, null)

  const store = Blockstore.fromBlocks(v.blocks, opts.bundleBlocks)
  let tree = StateTree.load(store, v.preRoot, rules.stateRootVersions)
  const machine: Machine = {
    rules,
    context: {
      epoch: variant.epoch,
      timestamp: variant.epoch * 30n,
      baseFee: v.baseFee,
      circulatingSupply: v.circSupply ?? TOTAL_FILECOIN,
      chainId: 0n,
    },
    manifest: loadManifest(tree, rules.requiredActors),
    tracing: opts.trace === true,
    externs: replayingExterns(v.randomness),
    ...(opts.faults === undefined ? {} : { faults: opts.faults }),
    invoker: opts.invoker,
  }

  const gasUsed: string[] = []
  const traces: (readonly TraceEvent[])[] = []
  for (const [i, m] of v.messages.entries()) {
    const msg = decodeMessage(m.bytes, rules.fvm)
    const rawLength = m.bytes.length + (msg.from.protocol === Protocol.SECP256K1 ? SECP_SIGNATURE_OVERHEAD : 0)
    const out = applyMessage(machine, tree, msg, rawLength)
    if (out.kind === 'not-run') return done('skip', out.reason, null)
    if (out.kind === 'error') return done('fail', `message ${i}: execution failed with no receipt: ${out.message}`, null)
    tree = out.tree
    traces.push(out.trace)
    gasUsed.push(out.receipt.gasUsed.toString())
    const want = v.receipts[i]
    if (want === undefined) return done('error', `no expected receipt for message ${i}`, null)
    const got = out.receipt
    const gas = gasUsed.join(',')
    if (got.exitCode !== want.exitCode) {
      return done('fail', `message ${i}: exit_code ${got.exitCode} (${exitCodeName(got.exitCode)}) ≠ expected ${want.exitCode} (${exitCodeName(want.exitCode)})${out.failureInfo === null ? '' : `; ${out.failureInfo}`}`, gas, traces)
    }
    if (!bytesEqual(got.returnData, want.returnData)) {
      return done('fail', `message ${i}: return ${toHex(got.returnData)} ≠ expected ${toHex(want.returnData)}`, gas, traces)
    }
    if (got.gasUsed !== want.gasUsed) {
      return done('fail', `message ${i}: gas_used ${got.gasUsed} ≠ expected ${want.gasUsed} (diff ${got.gasUsed - want.gasUsed})`, gas, traces)
    }
  }
  const [root, flushed] = tree.flush()
  const gas = gasUsed.join(',')
  if (!cidEquals(root, v.postRoot)) {
    let detail: string
    try {
      const expected = StateTree.load(flushed.store, v.postRoot, rules.stateRootVersions)
      detail = formatDiffs(diffStateTrees(flushed, expected))
    } catch (e) {
      detail = `expected post-state not loadable from the CAR (${(e as Error).message})`
    }
    return done('fail', `state root ${root.toString()} ≠ expected ${v.postRoot.toString()}: ${detail}`, gas, traces)
  }
  return done('pass', null, gas, traces)
}

function result(
  id: string,
  file: string,
  nv: number | null,
  status: VectorStatus,
  reason: string | null,
  gas: string | null,
  expected: string | null,
  started: number,
  traces?: readonly (readonly TraceEvent[])[],
): VectorResult {
  const ms = Math.round((performance.now() - started) * 10) / 10
  return traces === undefined
    ? { id, file, nv, status, reason, gas_used: gas, expected_gas_used: expected, ms }
    : { id, file, nv, status, reason, gas_used: gas, expected_gas_used: expected, ms, traces }
}
