/**
 * The conformance runner for one vector: load it, build the machine for its variant, apply
 * each message, compare each receipt (exit code, return bytes, gas used, in that order), flush
 * and compare the post-state root. Never throws: every problem is the vector's `error`.
 *
 * @rule runner.compare-order
 */
import { isLeft } from 'fp-ts/lib/Either.js'
import { Blockstore, MissingBlockError } from '../interpreter/ipld/blockstore.js'
import { cidEquals } from '../interpreter/ipld/cid.js'
import { applyMessage, type ApplyOutcome } from '../interpreter/executor/apply-message.js'
import { loadManifest } from '../interpreter/machine/manifest.js'
import { networkRulesFor } from '../interpreter/machine/network-rules.js'
import type { Machine } from '../interpreter/machine/machine.js'
import { replayingExterns } from '../interpreter/machine/externs.js'
import type { Faults } from '../interpreter/machine/faults.js'
import type { ActorInvoker } from '../interpreter/call-manager/invoke.js'
import { createInvoker } from '../interpreter/invocation/container.js'
import { Engine } from '../interpreter/invocation/engine.js'
import type { Profiler } from '../interpreter/invocation/profiler.js'
import { StateTree } from '../interpreter/state/state-tree.js'
import { Protocol } from '../interpreter/types/address.js'
import { decodeMessage } from '../interpreter/types/message.js'
import { SUPPORTED_NETWORK_VERSIONS } from '../interpreter/types/network-version.js'
import { TOTAL_FILECOIN } from '../interpreter/types/token.js'
import { exitCodeName } from '../interpreter/types/exit-code.js'
import type { TraceEvent } from '../interpreter/trace/trace.js'
import { bytesEqual, toHex } from '../interpreter/util/bytes.js'
import type { CID } from '../interpreter/ipld/cid.js'
import type { NetworkRules } from '../interpreter/machine/network-rules.js'
import type { PriceList } from '../interpreter/gas/price-list.js'
import type { Receipt } from '../interpreter/types/receipt.js'
import { loadVector, type LoadedVector } from './load.js'
import { describeError, describeMessageDecodeError, describeMissingBlock, describeNeededCode, VectorProblem, type NeededCode } from './diagnose.js'
import type { Manifest } from '../interpreter/machine/manifest.js'
import type { Message } from '../interpreter/types/message.js'
import { knownSkip } from './known-skips.js'
import { diffStateTrees, formatDiffs } from './state-diff.js'

/** The reason given when `preconditions.variants` is empty or absent. */
export const NO_VARIANT = '$.preconditions.variants: the vector has no variant (the list is empty or absent), so no network version to run it at'

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

let sharedInvoker: ActorInvoker | undefined

/** One engine for every vector run without an explicit invoker (its cache is not observable). */
function defaultInvoker(): ActorInvoker {
  sharedInvoker ??= createInvoker({ engine: new Engine() })
  return sharedInvoker
}

export interface RunOptions {
  /**
   * Runs actor code. Default: a shared engine that runs whatever code the vector's blockstore
   * (its CAR, plus any bundles) holds; code it lacks is reported as "needs actor code".
   */
  readonly invoker?: ActorInvoker
  /** Blocks of the built-in actor bundles, shared by every vector's blockstore. */
  readonly bundleBlocks?: ReadonlyMap<string, Uint8Array>
  readonly trace?: boolean
  /** Where the time goes (benchmarks): setup, apply, flush, wasm, each syscall. */
  readonly profiler?: Profiler
  /** Deliberately broken rules (machine.faults), for testing the testers. */
  readonly faults?: Faults
  /** The most bytes a vector's CAR may inflate to (vector.size-limits; default 256 MiB). */
  readonly maxVectorBytes?: number
  /**
   * Price lists that replace the list of the same name (`PriceList.name`) at every network
   * version using it: what-if runs with changed prices (`runner.what-if`). Default: none.
   */
  readonly priceLists?: ReadonlyMap<string, PriceList>
}

/** Extra bytes a secp256k1-signed message has on chain: its signature. @rule runner.raw-length */
export const SECP_SIGNATURE_OVERHEAD = 65 + 4

export function runVectorText(text: string, file: string, opts: RunOptions = {}): VectorResult {
  const started = performance.now()
  opts.profiler?.enter('setup')
  const loaded = loadVector(text, file, opts.maxVectorBytes === undefined ? {} : { maxCarBytes: opts.maxVectorBytes })
  opts.profiler?.exit()
  if (isLeft(loaded)) {
    const e = loaded.left
    const status: VectorStatus = e.kind === 'unsupported' ? 'skip' : 'error'
    // The loader's message starts with the file and the JSON path.
    return result(file, file, null, status, e.message, null, null, started)
  }
  try {
    return runLoaded(loaded.right, opts, started)
  } catch (e) {
    return result(loaded.right.id, file, loaded.right.variants[0]?.nv ?? null, 'error', pointedError(file, e), null, null, started)
  }
}

/** An error as a reason: the file first, then where in the vector (a VectorProblem says where). @rule runner.error-messages */
export function pointedError(file: string, e: unknown): string {
  return e instanceof VectorProblem ? `${file}: ${e.message}` : `${file}: ${describeError(e)}`
}

function runLoaded(v: LoadedVector, opts: RunOptions, started: number): VectorResult {
  const variant = v.variants[0]
  if (variant === undefined) return result(v.id, v.file, null, 'error', `${v.file}: ${NO_VARIANT}`, null, null, started)
  const nv = variant.nv
  const expectedGas = v.receipts.map((r) => r.gasUsed.toString()).join(',')
  const done = (status: VectorStatus, reason: string | null, gas: string | null, traces?: readonly (readonly TraceEvent[])[]) =>
    result(v.id, v.file, nv, status, reason, gas, expectedGas, started, opts.trace === true ? traces : undefined)

  if (v.messages.length !== v.receipts.length) return done('error', `${v.file}: $.postconditions.receipts: ${v.receipts.length} receipts for ${v.messages.length} messages`, null)

  // Compare each receipt as soon as its message is applied, and stop at the first difference.
  const compare = (i: number, m: AppliedMessage): string | undefined => {
    const want = v.receipts[i]
    if (want === undefined) return `no expected receipt for message ${i}`
    const got = m.receipt
    if (got.exitCode !== want.exitCode) {
      return `message ${i}: exit_code ${got.exitCode} (${exitCodeName(got.exitCode)}) ≠ expected ${want.exitCode} (${exitCodeName(want.exitCode)})${m.failureInfo === null ? '' : `; ${m.failureInfo}`}`
    }
    if (!bytesEqual(got.returnData, want.returnData)) return `message ${i}: return ${toHex(got.returnData)} ≠ expected ${toHex(want.returnData)}`
    if (got.gasUsed !== want.gasUsed) return `message ${i}: gas_used ${got.gasUsed} ≠ expected ${want.gasUsed} (diff ${got.gasUsed - want.gasUsed})`
    return undefined
  }
  const x = executeLoaded(v, variant, opts, compare)
  const gasOf = (applied: readonly AppliedMessage[]) => applied.map((m) => m.receipt.gasUsed.toString()).join(',')
  const tracesOf = (applied: readonly AppliedMessage[]) => applied.map((m) => m.trace)
  switch (x.kind) {
    case 'not-run':
      return done('skip', x.reason, null)
    case 'threw':
      throw x.error
    case 'no-receipt':
      return done('fail', `message ${x.index}: execution failed with no receipt: ${x.message}`, null)
    case 'stopped':
      return x.index < v.receipts.length
        ? done('fail', x.reason, gasOf(x.applied), tracesOf(x.applied))
        : done('error', `${v.file}: ${x.reason}`, null)
    case 'done': {
      const gas = gasOf(x.applied)
      if (!cidEquals(x.root, v.postRoot)) {
        let detail: string
        try {
          const expected = StateTree.load(x.tree.store, v.postRoot, x.rules.stateRootVersions)
          detail = formatDiffs(diffStateTrees(x.tree, expected))
        } catch (e) {
          detail = `expected post-state not loadable from the CAR (${(e as Error).message})`
        }
        return done('fail', `state root ${x.root.toString()} ≠ expected ${v.postRoot.toString()}: ${detail}`, gas, tracesOf(x.applied))
      }
      return done('pass', null, gas, tracesOf(x.applied))
    }
  }
}

/** One applied message: its receipt, why it failed (for people) and its trace. */
export interface AppliedMessage {
  readonly receipt: Receipt
  readonly failureInfo: string | null
  readonly trace: readonly TraceEvent[]
}

/** How executing a vector's messages ended. `applied` holds every message that got a receipt. */
export type Execution =
  /** Not run: a known skip, an unsupported network version, or a message that needs actor code this machine cannot run. */
  | { readonly kind: 'not-run'; readonly reason: string; readonly applied: readonly AppliedMessage[] }
  /** Message `index` produced no receipt (ref-fvm's execute_message returns Err). */
  | { readonly kind: 'no-receipt'; readonly index: number; readonly message: string; readonly applied: readonly AppliedMessage[] }
  /** The caller's `stop` check returned a reason after message `index` (which is in `applied`). */
  | { readonly kind: 'stopped'; readonly index: number; readonly reason: string; readonly applied: readonly AppliedMessage[] }
  /** Applying message `index` threw (a broken vector: bad message CBOR, a missing block). */
  | { readonly kind: 'threw'; readonly index: number; readonly error: unknown; readonly applied: readonly AppliedMessage[] }
  /** Every message applied; the state tree flushed once. `tree` is the flushed tree (its store holds the post-state). */
  | { readonly kind: 'done'; readonly applied: readonly AppliedMessage[]; readonly root: CID; readonly tree: StateTree; readonly rules: NetworkRules }

/**
 * The apply loop, shared by `fvm-spec run` (which compares as it goes, through `stop`) and
 * `fvm-spec exec` (which reports what it computed): build the machine for `variant`, apply each
 * message in order, flush the state tree once. A message whose application throws (a broken
 * vector: bad CBOR, a missing block) ends it as `threw`; setting up the machine may throw too.
 */
export function executeLoaded(
  v: LoadedVector,
  variant: LoadedVector['variants'][number],
  opts: RunOptions,
  stop?: (index: number, m: AppliedMessage) => string | undefined,
): Execution {
  const nv = variant.nv
  const applied: AppliedMessage[] = []
  const skip = knownSkip(v.file, nv, v.selector)
  if (skip !== undefined) return { kind: 'not-run', reason: skip, applied }
  const versionRules = networkRulesFor(nv)
  if (versionRules === undefined) return { kind: 'not-run', reason: `network version ${nv} is not supported (supported: ${SUPPORTED_NETWORK_VERSIONS.join(', ')})`, applied }
  const replaced = opts.priceLists?.get(versionRules.priceList.name)
  const rules = replaced === undefined ? versionRules : { ...versionRules, priceList: replaced }

  const profiler = opts.profiler
  profiler?.enter('setup')
  const store = Blockstore.fromBlocks(v.blocks, opts.bundleBlocks)
  let tree: StateTree
  let manifest: Manifest
  try {
    tree = StateTree.load(store, v.preRoot, rules.stateRootVersions)
    manifest = loadManifest(tree, rules.requiredActors)
  } catch (e) {
    // @rule runner.error-messages: a pre-state that does not load says which block or part.
    const what = e instanceof MissingBlockError ? describeMissingBlock(store, v.preRoot, e) : describeError(e)
    throw new VectorProblem('$.preconditions.state_tree.root_cid', `the pre-state ${v.preRoot.toString()} does not load: ${what}`, e)
  } finally {
    profiler?.exit()
  }
  // Which actor code the vector needed and no bundle provided (the first invocation that lacked it).
  let needed: NeededCode | undefined
  const inner = opts.invoker ?? defaultInvoker()
  const invoker: ActorInvoker = (s, call) => {
    const step = inner(s, call)
    // Code the store holds but this interpreter cannot run (invocation.js-engine-limits) keeps its own reason.
    if (needed === undefined && isLeft(step.result) && step.result.left.kind === 'needs-actor-code' && s.tree.store.get(call.actor.code) === undefined) {
      needed = { code: call.actor.code, method: call.method, name: s.machine.manifest.byCode(call.actor.code)?.name }
    }
    return step
  }
  const machine: Machine = {
    rules,
    context: {
      epoch: variant.epoch,
      timestamp: variant.epoch * 30n,
      baseFee: v.baseFee,
      circulatingSupply: v.circSupply ?? TOTAL_FILECOIN,
      chainId: 0n,
    },
    manifest,
    tracing: opts.trace === true,
    ...(profiler === undefined ? {} : { profiler }),
    externs: replayingExterns(v.randomness),
    ...(opts.faults === undefined ? {} : { faults: opts.faults }),
    invoker,
  }

  for (const [i, m] of v.messages.entries()) {
    let out: ApplyOutcome
    profiler?.enter('apply')
    let msg: Message
    try {
      msg = decodeMessage(m.bytes, rules.messageCodec)
    } catch (error) {
      profiler?.exit()
      return { kind: 'threw', index: i, error: new VectorProblem(`$.apply_messages[${i}].bytes`, describeMessageDecodeError(m.bytes, rules.addressRules, error), error), applied }
    }
    try {
      const rawLength = m.bytes.length + (msg.from.protocol === Protocol.SECP256K1 ? SECP_SIGNATURE_OVERHEAD : 0)
      out = applyMessage(machine, tree, msg, rawLength)
    } catch (error) {
      const what = error instanceof MissingBlockError ? describeMissingBlock(store, v.preRoot, error) : describeError(error)
      return { kind: 'threw', index: i, error: new VectorProblem(`$.apply_messages[${i}]`, `applying message ${i} failed: ${what}`, error), applied }
    } finally {
      profiler?.exit()
    }
    if (out.kind === 'not-run') {
      const reason = needed === undefined ? out.reason : describeNeededCode(needed, nv, opts.bundleBlocks !== undefined)
      return { kind: 'not-run', reason: `$.apply_messages[${i}]: ${reason}`, applied }
    }
    if (out.kind === 'error') return { kind: 'no-receipt', index: i, message: out.message, applied }
    tree = out.tree
    const a: AppliedMessage = { receipt: out.receipt, failureInfo: out.failureInfo, trace: out.trace }
    applied.push(a)
    const reason = stop?.(i, a)
    if (reason !== undefined) return { kind: 'stopped', index: i, reason, applied }
  }
  profiler?.enter('flush')
  const [root, flushedTree] = tree.flush()
  const flushed = flushedTree.withStore(flushedTree.store.flush(root))
  profiler?.exit()
  return { kind: 'done', applied, root, tree: flushed, rules }
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
