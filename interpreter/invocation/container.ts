/**
 * The Invocation Container: one actor invocation, from instantiating its WebAssembly to turning
 * how it ended into an InvocationResult.
 *
 * This is the edge of the pure core. The container holds the kernel state in one mutable cell
 * while the instance runs; each host import applies one pure syscall transition to it
 * (interpreter/kernel/syscalls). The wasm gas counter is synchronised with the gas tracker around
 * every syscall exactly as ref-fvm does (charge_for_exec before, update_gas_available after).
 */
import { isLeft } from 'fp-ts/lib/Either.js'
import { onMethodReturn, onSyscall } from '../gas/price-list.js'
import { ErrorNumber } from '../types/error-number.js'
import { ExitCode } from '../types/exit-code.js'
import { appendTrace, charge, fail, linkCount, ok, type CallManagerState, type InvocationResult, type Step } from '../call-manager/call-manager.js'
import type { ActorInvoker, Invocation } from '../call-manager/invoke.js'
import { isHostStackExhaustion, type ExecutionError } from '../call-manager/execution-error.js'
import { emptyRegistry, getBlock, NO_DATA_BLOCK_ID } from '../kernel/block-registry.js'
import type { KernelError } from '../kernel/kernel.js'
import type { SyscallDef } from '../kernel/abi.js'
import { syscallsFor } from '../kernel/syscall-table.js'
import { INSTRUMENTATION_RULES } from '../wasm/instrument/rules.js'
import type { NetworkRules } from '../machine/network-rules.js'
import type { WasmNetworkVersion } from '../wasm/validate.js'
import { GAS_COUNTER_EXPORT, HOST_MEMORY_IMPORT, linkProblem, MAX_INSTANCE_MEMORY_PAGES, STACK_HEIGHT_EXPORT, type CompiledActor, type Engine } from './engine.js'
import { updateGasAvailable, type GasCell } from './gas-sync.js'

/** Thrown through the actor's wasm frames to end the invocation (an abort, exit, or trap). */
class InvocationAbort {
  constructor(readonly error: KernelError) {}
}

/** The mutable cell of one running invocation. */
interface Cell extends GasCell {
  memory: WebAssembly.Memory | undefined
  /** A view of the memory's current buffer (a new buffer after `memory.grow`). */
  view?: Uint8Array
}

const NO_MEMORY = new Uint8Array(0)

function memoryBytes(cell: Cell): Uint8Array {
  if (cell.memory === undefined) return NO_MEMORY
  const buffer = cell.memory.buffer
  if (cell.view?.buffer !== buffer) cell.view = new Uint8Array(buffer)
  return cell.view
}

/** Charges the wasm execution gas consumed since the counter was last set, by the release's rule (`rules.gasSync`). */
function chargeForExec(cell: Cell): ExecutionError | undefined {
  return cell.k.cm.machine.rules.gasSync.chargeForExec(cell)
}

/** Binds one syscall as a wasm import. @rule invocation.syscall-binding */
function bindSyscall(def: SyscallDef, cell: Cell): (...raw: (number | bigint)[]) => number {
  const name = `${def.module}.${def.name}`
  return (...raw) => {
    const execErr = chargeForExec(cell)
    if (execErr !== undefined) throw new InvocationAbort(execErr)
    const cm = cell.k.cm
    const cm0 = cm.machine.tracing ? appendTrace(cm, { kind: 'syscall', name }) : cm
    const charged = charge(cm0, onSyscall(cm0.machine.rules.priceList))
    cell.k = { ...cell.k, cm: charged.state }
    if (isLeft(charged.result)) {
      throw new InvocationAbort(charged.result.left)
    }
    let args = raw
    let ret = 0
    if (def.out > 0) {
      ret = Number(raw[0]) >>> 0
      args = raw.slice(1)
      const len = memoryBytes(cell).length
      // ref-fvm returns here without re-synchronising the gas counter.
      if (ret > len || len - ret < def.out) return ErrorNumber.IllegalArgument
    }
    const profiler = cell.k.cm.machine.profiler
    const usedBefore = cell.k.cm.gas.used
    profiler?.enter(name)
    const step = def.body(cell.k, memoryBytes(cell), args)
    profiler?.exit()
    profiler?.addGas(name, step.state.cm.gas.used - usedBefore)
    cell.k = step.state
    let code: number
    if (isLeft(step.result)) {
      const e = step.result.left
      if (e.kind !== 'syscall') {
        updateGasAvailable(cell)
        throw new InvocationAbort(e)
      }
      code = e.errno
    } else {
      const mem = memoryBytes(cell)
      for (const w of step.result.right.writes) mem.set(w.bytes, w.offset)
      if (step.result.right.value !== null) mem.set(step.result.right.value, ret)
      code = 0
    }
    updateGasAvailable(cell)
    return code
  }
}

/** The imports of an instance: the gas counter and the syscalls it imports (instantiation reads no others). */
function buildImports(cell: Cell, defs: readonly SyscallDef[], gasModule: string, gasName: string): WebAssembly.Imports {
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = { [gasModule]: { [gasName]: cell.gasGlobal } }
  for (const def of defs) {
    const mod = (imports[def.module] ??= {})
    mod[def.name] = bindSyscall(def, cell)
  }
  return imports
}

/**
 * How a trap or thrown value ends the invocation. A trap is exit 4; the stack limiter's trap says
 * so (`wasm.stack-limiter`: its height global is past the limit). The JavaScript engine's own
 * stack running out — in the actor's WebAssembly or in the host code between nested calls — is
 * no FVM outcome: where it happens depends on the host's stack, not on the FVM's rules. It ends
 * the message as a host failure (`invocation.host-stack`).
 *
 * @rule invocation.traps
 * @rule invocation.host-stack
 */
function classify(e: unknown, depth: number, stackHeight: () => number | undefined, stackLimit: number): KernelError {
  if (e instanceof InvocationAbort) return e.error
  if (isHostStackExhaustion(e)) return hostStackExhausted(depth)
  if (e instanceof WebAssembly.RuntimeError) {
    const height = stackHeight()
    const message = height !== undefined && height > stackLimit
      ? `stack overflow: the wasm stack height limit of ${stackLimit} units was exceeded (rule wasm.stack-limiter)`
      : `trap: ${e.message}`
    return { kind: 'exit', code: ExitCode.SYS_ILLEGAL_INSTRUCTION, blockId: 0, message }
  }
  return { kind: 'fatal', message: `unexpected error in actor invocation: ${(e as Error)?.message ?? String(e)}` }
}

/** The host failure of a JavaScript stack that ran out at call depth `depth`. @rule invocation.host-stack */
export function hostStackExhausted(depth: number): { kind: 'host'; message: string } {
  return {
    kind: 'host',
    message: `host resource failure: the JavaScript stack ran out at call depth ${depth}; nesting calls up to the FVM's depth limit needs a large stack (a worker thread with resourceLimits.stackSizeMb ≥ 64, as fvm-spec's command and runOnLargeStack use; rule invocation.host-stack)`,
  }
}

export interface InvokerOptions {
  readonly engine: Engine
}

/** What linking a module against a syscall table finds. */
interface Linking {
  /** Why the module's imports do not link (`linkProblem`), or null. */
  readonly problem: string | null
  /** The syscalls the module imports (each one of the table's, when it links). */
  readonly imported: readonly SyscallDef[]
}

/** `Linking`s, worked out once per module and syscall table. */
const linkings = new WeakMap<CompiledActor, Map<readonly SyscallDef[], Linking>>()

function linkOnce(actor: CompiledActor, defs: readonly SyscallDef[], rules: WasmNetworkVersion): Linking {
  let byDefs = linkings.get(actor)
  if (byDefs === undefined) linkings.set(actor, (byDefs = new Map()))
  let found = byDefs.get(defs)
  if (found === undefined) {
    const names = new Set(actor.imports.filter((i) => i.kind === 'func').map((i) => `${i.module}\0${i.name}`))
    found = { problem: linkProblem(actor, defs, INSTRUMENTATION_RULES[rules]), imported: defs.filter((d) => names.has(`${d.module}\0${d.name}`)) }
    byDefs.set(defs, found)
  }
  return found
}

/**
 * An ActorInvoker that runs actor code in the JavaScript engine's WebAssembly. Every invocation
 * gets a fresh instance (memory, table, globals) and a fresh gas global: invocations share no
 * memory (inv.isolation).
 *
 * @rule invocation.lifecycle
 * @rule inv.isolation
 */
export function createInvoker(opts: InvokerOptions): ActorInvoker {
  const shared: SharedMemories = new Map()
  const live: LiveFrame[] = []
  const invoker: ActorInvoker = (s, call) => invoke(opts.engine, s, call, shared, live)
  return invoker
}

/** The memory (and table) of an invocation still on the call stack. */
interface LiveFrame {
  readonly memory: WebAssembly.Memory
  readonly tableBytes: number
}

const WASM_PAGE = 65536
/** nv18: the memory of the whole call stack, tables at 8 bytes per element. @rule invocation.memory-limits */
const MAX_CALL_STACK_MEMORY_BYTES = 2 * 1024 * 1024 * 1024

/**
 * The memory of a new instance (a shared memory: see `invocation.memory-grow`), or a reason it
 * cannot be created. nv18+: at most 512 MiB, and at most what the call stack has left of its
 * 2 GiB after the instance's table; the frames below this one cannot run (or grow) until it
 * returns, so the budget is fixed for its whole life. nv17: up to the declared maximum.
 * Instances that returned inside a send that has not (`retained`) still count, as in ref-fvm.
 *
 * @rule invocation.memory-limits
 * @rule invocation.memory-grow
 */
function createMemory(wasmRules: WasmNetworkVersion, live: readonly LiveFrame[], retained: number, actor: CompiledActor): WebAssembly.Memory | string {
  const mem = actor.hostMemory
  if (mem === null) return 'the module has no memory of its own'
  let maximum = mem.maximum
  const cap = MAX_INSTANCE_MEMORY_PAGES[wasmRules]
  if (cap !== null) {
    // The frames still running, the instances whose send has not returned yet (an auto-created
    // account's constructor: `CallManagerState.retainedMemory`), and this instance's table.
    const used = live.reduce((sum, f) => sum + f.memory.buffer.byteLength + f.tableBytes, 0) + retained + actor.tableElements * 8
    const budgetPages = Math.floor(Math.max(0, MAX_CALL_STACK_MEMORY_BYTES - used) / WASM_PAGE)
    maximum = Math.min(maximum, cap, budgetPages)
    if (used > MAX_CALL_STACK_MEMORY_BYTES || mem.initial > maximum) {
      return `the initial memory (${mem.initial} pages) and table (${actor.tableElements} elements) exceed the call stack's memory limit (rule invocation.memory-limits)`
    }
  }
  return new WebAssembly.Memory({ initial: mem.initial, maximum, shared: true })
}

/**
 * How an `invoke` export that is not a function of type (i32) -> i32 ends the invocation, found
 * after instantiation as ref-fvm finds it, by the release's lookup (`rules.invokeLookup`).
 * `typed` (v2 and v3, `get_typed_func`): Fatal. `by-name` (v4,
 * `fvm@v4.8.2:fvm/src/call_manager/default.rs` L768–803): no such function export is exit 5
 * SYS_INVALID_RECEIVER; other parameters or results fail `Func::call`: Fatal; one result of
 * another type makes ref-fvm panic (`unwrap_i32`), which is no outcome at all: not run here.
 *
 * @rule wasm.required-exports
 */
function invokeProblem(invoke: CompiledActor['invoke'], lookup: NetworkRules['invokeLookup']): KernelError | { kind: 'needs-actor-code'; message: string } | undefined {
  if (invoke === 'ok') return undefined
  const message = `actor has no invoke export of type (i32) -> i32 (${invoke}; rule wasm.required-exports)`
  if (lookup === 'typed') return { kind: 'fatal', message }
  if (invoke === 'missing') return { kind: 'exit', code: ExitCode.SYS_INVALID_RECEIVER, blockId: 0, message }
  if (invoke === 'wrong-result') return { kind: 'needs-actor-code', message: `cannot run: ref-fvm v4.8.2 panics on an invoke export whose result is not i32 (rule wasm.required-exports)` }
  return { kind: 'fatal', message }
}

/** Memory left behind by earlier invocations, per code: used only by the share-instances fault. */
type SharedMemories = Map<string, Uint8Array>

/** The memory an invocation created, and its table's bytes (8 per element). */
interface FrameMemory {
  memory: WebAssembly.Memory | undefined
  tableBytes: number
}

/**
 * One invocation; once it has ended, the memory and table its instance took (if it created one)
 * stay counted against the call stack's limit until the send that made it returns
 * (`CallManagerState.retainedMemory`, released by the call manager's `endNestedCall`).
 *
 * @rule invocation.memory-limits
 */
function invoke(engine: Engine, s0: CallManagerState, call: Invocation, shared: SharedMemories, live: LiveFrame[]): Step<InvocationResult> {
  const frame: FrameMemory = { memory: undefined, tableBytes: 0 }
  const step = invokeFrame(engine, s0, call, shared, live, frame)
  if (frame.memory === undefined || MAX_INSTANCE_MEMORY_PAGES[s0.machine.rules.wasmRules] === null) return step
  const retainedMemory = (step.state.retainedMemory ?? 0) + frame.memory.buffer.byteLength + frame.tableBytes
  return { state: { ...step.state, retainedMemory }, result: step.result }
}

function invokeFrame(engine: Engine, s0: CallManagerState, call: Invocation, shared: SharedMemories, live: LiveFrame[], frame: FrameMemory): Step<InvocationResult> {
  const rules = s0.machine.rules
  // Params, if any, get handle 1.
  let blocks = emptyRegistry()
  let paramsId = NO_DATA_BLOCK_ID
  if (call.params !== null) {
    // v2/v3: `put` with the codec check; v4: `put_reachable` (the block's links become reachable).
    const put = rules.kernel.receiveBlock(blocks, call.params, rules.registryCodecs)
    if (!put.ok) return fail(s0, { kind: 'syscall', errno: put.errno, message: put.message })
    blocks = put.registry
    paramsId = put.id
  }
  const s: CallManagerState = { ...s0, invocationCount: s0.invocationCount + 1 }
  const compiled = engine.compile(s.tree.store, call.actor.code, rules.wasmRules)
  if (!compiled.ok) {
    // Code that is not in the blockstore at all means no bundle was given for it (say which actor
    // and method); code this interpreter's JavaScript engine cannot compile is not run either.
    // Neither is an FVM outcome. Code ref-fvm refuses to load is Fatal.
    if (compiled.kind === 'missing') {
      const name = s.machine.manifest.byCode(call.actor.code)?.name ?? 'an actor the manifest does not name'
      return fail(s, { kind: 'needs-actor-code', message: `needs actor code (${name} method ${call.method}, code ${call.actor.code.toString()}), which no bundle given provides` })
    }
    return fail(s, { kind: compiled.kind === 'refused' ? 'fatal' : 'needs-actor-code', message: compiled.reason })
  }

  const cell: Cell = {
    k: { cm: s, frame: { caller: call.from, receiver: call.to, method: call.method, valueReceived: call.value, readOnly: call.readOnly }, blocks },
    memory: undefined,
    gasGlobal: new WebAssembly.Global({ value: 'i64', mutable: true }, 0n),
    last: 0n,
  }
  const defs = syscallsFor(rules.fvm)
  // The gas counter global the instrumentation imported (gas.gas_couner at nv17, gas.gas_counter at nv18).
  const { gasModule, gasCounterName } = INSTRUMENTATION_RULES[rules.wasmRules]

  let outcome: { kind: 'returned'; id: number } | { kind: 'ended'; error: KernelError }
  let instance: WebAssembly.Instance | undefined
  // @rule wasm.memory-init-charge
  const unpaid = rules.gasSync.chargeInstance(cell, compiled.actor)
  if (unpaid !== undefined) return fail(cell.k.cm, unpaid)
  // Linking comes after the init charges and before instantiation: an unknown or mistyped import
  // is Fatal in every release. @rule invocation.link
  const linking = linkOnce(compiled.actor, defs, rules.wasmRules)
  const unlinkable = linking.problem
  if (unlinkable !== null) return finish(cell, call, { kind: 'ended', error: { kind: 'fatal', message: `failed to link actor module: ${unlinkable} (rule invocation.link)` } })
  const profiler = s.machine.profiler
  profiler?.enter('instantiate')
  try {
    const imports = buildImports(cell, linking.imported, gasModule, gasCounterName)
    if (compiled.actor.hostMemory !== null) {
      const memory = createMemory(rules.wasmRules, live, s.retainedMemory ?? 0, compiled.actor)
      if (typeof memory === 'string') throw new Error(memory)
      frame.memory = memory
      frame.tableBytes = compiled.actor.tableElements * 8
      imports[HOST_MEMORY_IMPORT.module] = { [HOST_MEMORY_IMPORT.name]: memory }
    }
    // The start function, if any, runs here. @rule invocation.start-function
    instance = new WebAssembly.Instance(compiled.actor.module, imports)
  } catch (e) {
    if (isHostStackExhaustion(e)) return finish(cell, call, { kind: 'ended', error: hostStackExhausted(s.depth) })
    const message = `failed to instantiate module: ${(e as Error).message}`
    const err: KernelError = rules.instantiateFailure === 'exit' ? { kind: 'exit', code: ExitCode.SYS_ILLEGAL_INSTRUCTION, blockId: 0, message } : { kind: 'fatal', message }
    const oog = rules.gasSync.afterInstantiate(cell)
    return finish(cell, call, { kind: 'ended', error: oog ?? err })
  } finally {
    profiler?.exit()
  }
  const oog = rules.gasSync.afterInstantiate(cell)
  if (oog !== undefined) return finish(cell, call, { kind: 'ended', error: oog })
  if (compiled.actor.ownGasCounter) {
    const own = instance.exports[GAS_COUNTER_EXPORT]
    if (!(own instanceof WebAssembly.Global)) return finish(cell, call, { kind: 'ended', error: { kind: 'fatal', message: 'instrumented module lost its gas counter' } })
    cell.gasGlobal = own
  }
  const memory = instance.exports['memory']
  const invokeFn = instance.exports['invoke']
  if (!(memory instanceof WebAssembly.Memory)) {
    return finish(cell, call, { kind: 'ended', error: { kind: 'fatal', message: 'actor has no memory export (rule wasm.required-exports)' } })
  }
  const badInvoke = invokeProblem(compiled.actor.invoke, rules.invokeLookup)
  if (badInvoke !== undefined || typeof invokeFn !== 'function') {
    const e = badInvoke ?? { kind: 'fatal', message: 'actor has no invoke export (rule wasm.required-exports)' }
    if (e.kind === 'needs-actor-code') return fail(cell.k.cm, e)
    return finish(cell, call, { kind: 'ended', error: e })
  }
  cell.memory = memory
  const sharing = s.machine.faults?.shareInstances === true
  const codeKey = sharing ? call.actor.code.toString() : ''
  if (sharing) restoreSharedMemory(memory, shared.get(codeKey))
  updateGasAvailable(cell)
  live.push({ memory, tableBytes: compiled.actor.tableElements * 8 })
  profiler?.enter('wasm')
  try {
    const ret = (invokeFn as (p: number) => number)(paramsId)
    outcome = { kind: 'returned', id: ret >>> 0 }
  } catch (e) {
    const height = instance.exports[STACK_HEIGHT_EXPORT]
    const stackHeight = () => (height instanceof WebAssembly.Global ? Number(height.value) : undefined)
    outcome = { kind: 'ended', error: classify(e, cell.k.cm.depth, stackHeight, INSTRUMENTATION_RULES[rules.wasmRules].stackLimit) }
  } finally {
    profiler?.exit()
    live.pop()
  }
  // Charge what the wasm consumed since the last sync; running out here wins over any trap.
  const execOog = chargeForExec(cell)
  if (execOog !== undefined) outcome = { kind: 'ended', error: execOog }
  if (sharing) shared.set(codeKey, new Uint8Array(memory.buffer).slice())
  return finish(cell, call, outcome)
}

/** The share-instances fault (machine.faults): an earlier invocation's memory carries over. */
function restoreSharedMemory(memory: WebAssembly.Memory, saved: Uint8Array | undefined): void {
  if (saved === undefined) return
  const pages = Math.ceil(saved.length / 65536) - memory.buffer.byteLength / 65536
  if (pages > 0) memory.grow(pages)
  new Uint8Array(memory.buffer).set(saved)
}

/** Turns how the invocation ended into its result. @rule invocation.result */
function finish(cell: Cell, call: Invocation, outcome: { kind: 'returned'; id: number } | { kind: 'ended'; error: KernelError }): Step<InvocationResult> {
  const k = cell.k
  const rules = k.cm.machine.rules
  let step: Step<InvocationResult>
  if (outcome.kind === 'returned') {
    if (outcome.id === NO_DATA_BLOCK_ID) step = ok(k.cm, { exitCode: ExitCode.OK, value: null })
    else {
      const b = getBlock(k.blocks, outcome.id)
      step = b === undefined ? ok(k.cm, { exitCode: ExitCode.SYS_MISSING_RETURN, value: null }) : ok(k.cm, { exitCode: ExitCode.OK, value: b })
    }
  } else {
    const e = outcome.error
    if (e.kind === 'exit') {
      // nv17's exit (vm.abort) carries no block.
      if (e.blockId === NO_DATA_BLOCK_ID || !rules.exitCarriesReturnBlock) step = ok(k.cm, { exitCode: e.code, value: null })
      else {
        const b = getBlock(k.blocks, e.blockId)
        step = b === undefined ? fail(k.cm, { kind: 'fatal', message: 'error getting exit data block' }) : ok(k.cm, { exitCode: e.code, value: b })
      }
    } else {
      step = fail(k.cm, e)
    }
  }
  // A call that ended with a non-zero code adds a frame to the message's backtrace; v4 records
  // frames for `invoke` entrypoints only (`call.entrypoint`). @rule call.backtrace
  const code = isLeft(step.result) ? (step.result.left.kind === 'out-of-gas' ? ExitCode.SYS_OUT_OF_GAS : ExitCode.SYS_ASSERTION_FAILED) : step.result.right.exitCode
  if (code !== ExitCode.OK && call.entrypoint === 'invoke') {
    const message = outcome.kind === 'ended' ? ('message' in outcome.error ? outcome.error.message : outcome.error.kind) : 'returned block does not exist'
    step = { state: { ...step.state, backtrace: [...step.state.backtrace, { source: call.to, method: call.method, code, message }] }, result: step.result }
  }
  // v3, v4: a returned block is charged here, inside the callee's frame and gas limit: at depth 1
  // for its bytes (v3, v4), deeper for its links (v4 only; the price list decides). v2 charges in
  // the executor (`call.send-v2`). @rule gas.on-chain-return-value @rule gas.ipld-link-tracking
  if (rules.priceList.returnValueCharge !== 'top-level-success' && !isLeft(step.result) && step.result.right.value !== null) {
    const returned = step.result.right.value
    const c = onMethodReturn(rules.priceList, step.state.depth, BigInt(returned.data.length), linkCount(returned))
    const charged = charge(step.state, c)
    if (isLeft(charged.result)) step = { state: charged.state, result: charged.result as never }
    else step = { state: charged.state, result: step.result }
  }
  return step
}
