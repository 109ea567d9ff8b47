/**
 * WAT test actors run through the Invocation Container, with every gas figure derived by hand.
 *
 * Gas for one message = inclusion + invocation + (nv18) memory init + wasm execution + syscalls.
 * With a 100-byte message:
 *   inclusion   nv17: 38863 + 1300 × (36 + 100) = 215663      nv18: 38863 + 475000 + 46800 + 130000 = 690663
 *   invocation  nv17: send_base 29233 + send_invoke_method −5377 = 23856 (method ≠ 0, value 0)
 *               nv18: method invocation 75000
 *   memory init nv18 only: 1 page × 65536 B × 0.4 = 26214.4 gas
 *   wasm        the `invoke` thunk costs 56 gas; each priced instruction 4, `unreachable` 0; a metered
 *               block is charged whole on entry, calls do not end it (spec/wasm.md)
 *   syscall     14000 gas each, plus the syscall's own charge
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { wat } from '../wasm/harness.js'
import { applyMessage, type ApplyOutcome } from '../executor/apply-message.js'
import { requireNetworkRules } from '../machine/network-rules.js'
import { loadManifest } from '../machine/manifest.js'
import { replayingExterns } from '../machine/externs.js'
import type { Machine } from '../machine/machine.js'
import type { StateTree } from '../state/state-tree.js'
import { blsAddress, idAddress } from '../types/address.js'
import { ExitCode } from '../types/exit-code.js'
import { buildState } from '../../vectors/builder/state-builder.js'
import { Engine } from './engine.js'
import { createInvoker } from './container.js'
import { runOnLargeStack } from './large-stack.js'

const ALICE = blsAddress(new Uint8Array(48).fill(5))
const engine = new Engine({ cache: false })

interface RunOpts {
  gasLimit?: bigint
  imports?: string
  trace?: boolean
  memory?: string | undefined
  /** The whole module instead of one built around `body`. */
  module?: string
}

async function run(nv: number, body: string, opts: RunOpts = {}): Promise<Extract<ApplyOutcome, { kind: 'applied' }>> {
  const code = await wat(opts.module ?? `(module ${opts.imports ?? ''}
    ${opts.memory ?? '(memory (export "memory") 1)'}
    (func (export "invoke") (param i32) (result i32) ${body}))`)
  const { tree } = buildState(nv, [
    { id: 100n, code: 'account', balance: 10n ** 20n, address: ALICE },
    { id: 200n, code: 'testactor', balance: 0n },
  ], new Map([['testactor', code]]))
  const rules = requireNetworkRules(nv)
  const machine: Machine = {
    rules,
    context: { epoch: 10n, timestamp: 300n, baseFee: 100n, circulatingSupply: 0n, chainId: 0n },
    manifest: loadManifest(tree as StateTree, rules.requiredActors),
    tracing: opts.trace === true,
    externs: replayingExterns([]),
    invoker: createInvoker({ engine }),
  }
  const msg = { version: 0n, to: idAddress(200n), from: ALICE, sequence: 0n, value: 0n, gasLimit: opts.gasLimit ?? 10_000_000n, gasFeeCap: 1000n, gasPremium: 1n, method: 2n, params: new Uint8Array(0) }
  const out = applyMessage(machine, tree, msg, 100)
  assert.equal(out.kind, 'applied', out.kind === 'not-run' ? out.reason : out.kind === 'error' ? out.message : '')
  return out as Extract<ApplyOutcome, { kind: 'applied' }>
}

/** Runs a whole WAT module as the actor at f0200 (method 2, value 0, from f0100). */
const runModule = (nv: number, module: string, opts: Omit<RunOpts, 'module'> = {}): Promise<Extract<ApplyOutcome, { kind: 'applied' }>> => run(nv, '', { ...opts, module })

const BASE = { 17: 215663n + 23856n, 18: 690663n + 75000n } as const
/** 26214.4 gas of memory init, rounded up once with the rest (in milligas: 26214400). */
const MEM_INIT_MG = 26_214_400n
const roundUp = (mg: bigint) => (mg + 999n) / 1000n

test('an actor that returns nothing: exit 0, gas = base + memory init + thunk + one instruction', async () => {
  for (const nv of [17, 18] as const) {
    const r = await run(nv, 'i32.const 0')
    assert.equal(r.receipt.exitCode, ExitCode.OK)
    // wasm: thunk 56 + i32.const 4 = 60 gas.
    const expected = nv === 17 ? BASE[17] + 60n : roundUp((BASE[18] + 60n) * 1000n + MEM_INIT_MG)
    assert.equal(r.receipt.gasUsed, expected, `nv${nv}`)
  }
})

test('unreachable traps: SYS_ILLEGAL_INSTRUCTION, the trapping block is charged', async () => {
  for (const nv of [17, 18] as const) {
    const r = await run(nv, 'unreachable')
    assert.equal(r.receipt.exitCode, ExitCode.SYS_ILLEGAL_INSTRUCTION)
    // wasm: thunk 56 + unreachable 0 = 56 gas.
    const expected = nv === 17 ? BASE[17] + 56n : roundUp((BASE[18] + 56n) * 1000n + MEM_INIT_MG)
    assert.equal(r.receipt.gasUsed, expected, `nv${nv}`)
  }
})

test('returning a block handle that does not exist: SYS_MISSING_RETURN', async () => {
  const r = await run(18, 'i32.const 7')
  assert.equal(r.receipt.exitCode, ExitCode.SYS_MISSING_RETURN)
})

test('an infinite loop runs out of gas: exit 7 with gas_used = gas_limit', async () => {
  for (const nv of [17, 18] as const) {
    const r = await run(nv, '(loop $l (br $l)) i32.const 0', { gasLimit: 2_000_000n })
    assert.equal(r.receipt.exitCode, ExitCode.SYS_OUT_OF_GAS)
    assert.equal(r.receipt.gasUsed, 2_000_000n)
  }
})

test('vm.exit / vm.abort: user codes pass through, system codes become SYS_ILLEGAL_EXIT_CODE', async () => {
  const exit = '(import "vm" "exit" (func $exit (param i32 i32 i32 i32) (result i32)))'
  const abort = '(import "vm" "abort" (func $abort (param i32 i32 i32) (result i32)))'
  const cases: [17 | 18, string, string, number][] = [
    [18, exit, 'i32.const 16 i32.const 0 i32.const 0 i32.const 0 call $exit drop i32.const 0', 16],
    [18, exit, 'i32.const 3 i32.const 0 i32.const 0 i32.const 0 call $exit drop i32.const 0', ExitCode.SYS_ILLEGAL_EXIT_CODE],
    [18, exit, 'i32.const 0 i32.const 0 i32.const 0 i32.const 0 call $exit drop i32.const 0', ExitCode.OK],
    [17, abort, 'i32.const 18 i32.const 0 i32.const 0 call $abort drop i32.const 0', 18],
    [17, abort, 'i32.const 0 i32.const 0 i32.const 0 call $abort drop i32.const 0', ExitCode.SYS_ILLEGAL_EXIT_CODE],
  ]
  for (const [nv, imports, body, code] of cases) {
    const r = await run(nv, body, { imports })
    assert.equal(r.receipt.exitCode, code, `nv${nv}: ${body}`)
  }
  // Gas of the first case, nv18: base + memory init + wasm + syscall 14000. The body is one metered
  // block, charged on entry including the i32.const after the call: thunk 56 + 5 consts × 4 + call 4 = 80.
  const r = await run(18, cases[0]?.[2] ?? '', { imports: exit })
  assert.equal(r.receipt.gasUsed, roundUp((BASE[18] + 80n + 14000n) * 1000n + MEM_INIT_MG))
})

test('vm.message_context (nv18) writes the 80-byte context at the out-pointer', async () => {
  const imports = '(import "vm" "message_context" (func $ctx (param i32) (result i32)))'
  // Write the context at offset 0, then exit with (receiver id == 200 ? 16 : 17).
  const body = `i32.const 0 call $ctx drop
    (if (result i32) (i64.eq (i64.load offset=24 (i32.const 0)) (i64.const 200)) (then i32.const 16) (else i32.const 17))
    i32.const 0 i32.const 0 i32.const 0 call $exit drop i32.const 0`
  const r = await run(18, body, { imports: imports + '(import "vm" "exit" (func $exit (param i32 i32 i32 i32) (result i32)))' })
  assert.equal(r.receipt.exitCode, 16)
})

type Recursion = { exitCode: number; calls: number; gasUsed: string }
const recursion = (nv: number, childGasLimit?: string): Promise<Recursion> =>
  runOnLargeStack<Recursion>(new URL('./recursion.fixture.ts', import.meta.url).href, 'selfRecursion', childGasLimit === undefined ? [nv] : [nv, childGasLimit])

test('deep recursion: an actor that sends to itself reaches the call-depth limit (nv17: 1025 frames, nv18: 1024)', async () => {
  for (const nv of [17, 18] as const) {
    const r = await recursion(nv)
    assert.equal(r.exitCode, ExitCode.OK, `nv${nv}`)
    // Every send is traced, including the innermost one whose depth check fails: frames + 1.
    assert.equal(r.calls, nv === 17 ? 1026 : 1025, `nv${nv}`)
  }
})

test('nv18 memory limit: memory.grow past 512 MiB per instance returns -1 (and is still charged)', async () => {
  // Grow by 8192 pages from 1: 8193 > 8192 → -1; then grow by 8191 → 1 (the old size). Exit 16 if both
  // answers are as expected, else 17.
  const body = `(if (result i32) (i32.and (i32.eq (memory.grow (i32.const 8192)) (i32.const -1)) (i32.eq (memory.grow (i32.const 8191)) (i32.const 1)))
      (then i32.const 16) (else i32.const 17))
    i32.const 0 i32.const 0 i32.const 0 call $exit drop i32.const 0`
  const r = await run(18, body, { imports: '(import "vm" "exit" (func $exit (param i32 i32 i32 i32) (result i32)))', gasLimit: 5_000_000_000n })
  assert.equal(r.receipt.exitCode, 16)
})

test('a failed message carries a backtrace naming the call that failed', async () => {
  const r = await run(18, 'i32.const 16 i32.const 0 i32.const 0 i32.const 0 call $exit drop i32.const 0', { imports: '(import "vm" "exit" (func $exit (param i32 i32 i32 i32) (result i32)))' })
  assert.equal(r.receipt.exitCode, 16)
  assert.match(r.failureInfo ?? '', /backtrace: f0200 method 2 exited 16 \(actor aborted\)/)
})

test('nv18 memory limit: the whole call stack may use at most 2 GiB', async () => {
  // Each level grows its memory to 512 MiB (1 + 8191 pages), then sends to itself. Levels 1-4 fit
  // (4 × 512 MiB = 2 GiB); level 5 cannot even get its one initial page, so it fails to instantiate
  // (exit 4). Level 4 sees exit 4 from its send and exits 16; each level above exits its child's code
  // + 1, so the message exits 16 + 3 = 19. A level whose memory.grow fails exits 20.
  const imports = `(import "vm" "exit" (func $exit (param i32 i32 i32 i32) (result i32)))
    (import "send" "send" (func $send (param i32 i32 i32 i64 i32 i64 i64 i64 i64) (result i32)))
    (data (i32.const 100) "\\00\\c8\\01")`
  const body = `(if (i32.eq (memory.grow (i32.const 8191)) (i32.const -1))
      (then i32.const 20 i32.const 0 i32.const 0 i32.const 0 call $exit drop))
    i32.const 200 i32.const 100 i32.const 3 i64.const 2 i32.const 0 i64.const 0 i64.const 0 i64.const -1 i64.const 0 call $send drop
    (if (result i32) (i32.eq (i32.load (i32.const 200)) (i32.const 4)) (then i32.const 16) (else (i32.add (i32.load (i32.const 200)) (i32.const 1))))
    i32.const 0 i32.const 0 i32.const 0 call $exit drop i32.const 0`
  const r = await run(18, body, { imports, gasLimit: 5_000_000_000n })
  assert.equal(r.receipt.exitCode, 19)
})

const EXIT = '(import "vm" "exit" (func $exit (param i32 i32 i32 i32) (result i32)))'

test('engine limits: a table over 20000 elements or a memory over 8192 pages is Fatal at nv18 (exit 10, all gas); nv17 runs them', async () => {
  for (const [imports, memory, message] of [
    ['(table 20001 funcref)', undefined, /table of 20001 elements exceeds the limit of 20000 \(rule invocation.pooling-limits\)/],
    ['', '(memory (export "memory") 8193)', /memory of 8193 pages \(536936448 bytes\) exceeds the limit of 8192 pages/],
  ] as const) {
    const r18 = await run(18, 'i32.const 0', { imports, memory })
    assert.equal(r18.receipt.exitCode, ExitCode.SYS_ASSERTION_FAILED)
    assert.equal(r18.receipt.gasUsed, 10_000_000n)
    assert.match(r18.failureInfo ?? '', message)
    const r17 = await run(17, 'i32.const 0', { imports, memory })
    assert.equal(r17.receipt.exitCode, ExitCode.OK)
  }
  // At the limit, nv18 runs it.
  assert.equal((await run(18, 'i32.const 0', { imports: '(table 20000 funcref)' })).receipt.exitCode, ExitCode.OK)
})

test('nv18: table.grow past 20000 elements returns -1 (the capacity of the pooling allocator tables)', async () => {
  const body = `(if (result i32) (i32.and (i32.eq (table.grow 0 (table.get 0 (i32.const 0)) (i32.const 19990)) (i32.const 10)) (i32.eq (table.grow 0 (table.get 0 (i32.const 0)) (i32.const 1)) (i32.const -1)))
      (then i32.const 16) (else i32.const 17))
    i32.const 0 i32.const 0 i32.const 0 call $exit drop i32.const 0`
  const r = await run(18, body, { imports: EXIT + '(table 10 funcref)', gasLimit: 5_000_000_000n })
  assert.equal(r.receipt.exitCode, 16)
})

test('linking: an unknown or mistyped import is Fatal at nv17 and nv18, after the nv18 init charges', async () => {
  for (const imports of ['(import "vm" "nope" (func (param i32) (result i32)))', '(import "vm" "exit" (func (param i32 i32 i32 i32)))', '(import "env" "t" (table 1 funcref))']) {
    for (const nv of [17, 18] as const) {
      const r = await run(nv, 'i32.const 0', { imports })
      assert.equal(r.receipt.exitCode, ExitCode.SYS_ASSERTION_FAILED, `nv${nv} ${imports}`)
      assert.equal(r.receipt.gasUsed, 10_000_000n)
      assert.match(r.failureInfo ?? '', /failed to link actor module: .* \(rule invocation.link\)/)
    }
  }
  // Another imported global already fails to load: nv17's instrumenter refuses it, and at nv18 the
  // stack limiter's code then uses the wrong global, so the instrumented module is invalid. Fatal too.
  const global = '(import "env" "m" (global i32))'
  assert.match((await run(17, 'i32.const 0', { imports: global })).failureInfo ?? '', /imported global env.m is not allowed/)
  const r18 = await run(18, 'i32.const 0', { imports: global })
  assert.equal(r18.receipt.exitCode, ExitCode.SYS_ASSERTION_FAILED)
  assert.match(r18.failureInfo ?? '', /the instrumented module fails WebAssembly validation/)
  // nv18: the memory init charge (26214.4 gas) comes before linking; without the gas for it the
  // message runs out of gas (exit 7) rather than failing fatally.
  const poor = await run(18, 'i32.const 0', { imports: '(import "vm" "nope" (func))', gasLimit: BASE[18] + 20_000n })
  assert.equal(poor.receipt.exitCode, ExitCode.SYS_OUT_OF_GAS)
})

test('a trapping start function: Fatal at nv17, exit 4 (SYS_ILLEGAL_INSTRUCTION) at nv18', async () => {
  const imports = '(start $s) (func $s unreachable)'
  const r17 = await run(17, 'i32.const 0', { imports })
  assert.equal(r17.receipt.exitCode, ExitCode.SYS_ASSERTION_FAILED)
  assert.match(r17.failureInfo ?? '', /failed to instantiate module/)
  const r18 = await run(18, 'i32.const 0', { imports })
  assert.equal(r18.receipt.exitCode, ExitCode.SYS_ILLEGAL_INSTRUCTION)
  // nv18: gas: base + memory init + the start function's thunk (52 gas: the instrumented call, no
  // parameters) + its block (unreachable is free).
  assert.equal(r18.receipt.gasUsed, roundUp((BASE[18] + 52n) * 1000n + MEM_INIT_MG))
  // A start function that spins runs out of gas: exit 7 at nv18 (nv17 runs it with a zero counter: Fatal).
  const spin = '(start $s) (func $s (loop $l br $l))'
  assert.equal((await run(18, 'i32.const 0', { imports: spin })).receipt.exitCode, ExitCode.SYS_OUT_OF_GAS)
  assert.equal((await run(17, 'i32.const 0', { imports: spin })).receipt.exitCode, ExitCode.SYS_ASSERTION_FAILED)
})

test('memory.grow costs what it costs in the JavaScript engine: 65535 single-page grows at nv17 in well under 10 s', async () => {
  const body = `(local i32)
    (block $out (loop $l
      (br_if $out (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br $l)))
    (if (result i32) (i32.eq (local.get 1) (i32.const 65535)) (then i32.const 16) (else i32.const 17))
    i32.const 0 i32.const 0 call $abort drop i32.const 0`
  const t0 = performance.now()
  const r = await run(17, body, { imports: '(import "vm" "abort" (func $abort (param i32 i32 i32) (result i32)))', gasLimit: 1_000_000_000n })
  const ms = performance.now() - t0
  assert.equal(r.receipt.exitCode, 16)
  assert.ok(ms < 10_000, `${ms.toFixed(0)} ms`)
})

test('a missing invoke export: Fatal at nv17 and nv18 (typed lookup); at nv21 a mistyped invoke stays Fatal and the pooling limits hold as at nv18', async () => {
  const module = '(module (memory (export "memory") 1) (func (export "run") (param i32) (result i32) i32.const 0))'
  for (const nv of [17, 18] as const) {
    const r = await run(nv, '', { module })
    assert.equal(r.receipt.exitCode, ExitCode.SYS_ASSERTION_FAILED, `nv${nv}`)
    assert.match(r.failureInfo ?? '', /no invoke export.*missing; rule wasm.required-exports/)
  }
  const mistyped = '(module (memory (export "memory") 1) (func (export "invoke") (param i64) (result i32) i32.const 0))'
  assert.equal((await run(21, '', { module: mistyped })).receipt.exitCode, ExitCode.SYS_ASSERTION_FAILED)
  assert.equal((await run(21, 'i32.const 0', { imports: '(table 20001 funcref)' })).receipt.exitCode, ExitCode.SYS_ASSERTION_FAILED)
  assert.equal((await run(21, 'i32.const 0')).receipt.exitCode, ExitCode.OK)
})

// ---------------------------------------------------------------------------------------------
// nv21–28 (fvm v4.8.2). The modules below import no syscall, so they run whatever the kernel binds.
// ---------------------------------------------------------------------------------------------

const V4 = [21, 22, 23, 24, 25, 26, 27, 28] as const
/** WATERMELON and TEEP: inclusion and invocation as nv18 (`gas/price_list.rs` L84–110, unchanged in TEEP). */
const BASE_V4 = BASE[18]

test('ref-fvm test_exitcode at nv21–28 (fvm@v4.8.2 testing/integration/tests/main.rs L561–675): out of gas 7, unreachable 4, division by zero 4, out of stack 4, no memory 0', async () => {
  const cases: [string, string, number][] = [
    ['out_of_gas', '(module (memory (export "memory") 1) (func (export "invoke") (param i32) (result i32) (loop $l (br $l)) i32.const 0))', ExitCode.SYS_OUT_OF_GAS],
    ['unreachable', '(module (memory (export "memory") 1) (func (export "invoke") (param i32) (result i32) unreachable))', ExitCode.SYS_ILLEGAL_INSTRUCTION],
    ['div_by_zero', '(module (memory (export "memory") 1) (func (export "invoke") (param i32) (result i32) (i32.div_u (i32.const 10) (i32.const 0))))', ExitCode.SYS_ILLEGAL_INSTRUCTION],
    ['out_of_stack', '(module (memory (export "memory") 1) (func (export "invoke") (param i32) (result i32) (drop (call $f (i64.const 0))) i32.const 0) (func $f (param i64) (result i64) (call $f (local.get 0))))', ExitCode.SYS_ILLEGAL_INSTRUCTION],
    ['no_memory', '(module (memory (export "memory") 0) (func (export "invoke") (param i32) (result i32) i32.const 0))', ExitCode.OK],
  ]
  for (const nv of V4) {
    for (const [name, module, code] of cases) {
      const r = await runModule(nv, module)
      assert.equal(r.receipt.exitCode, code, `nv${nv} ${name}: ${r.failureInfo ?? ''}`)
      if (name === 'out_of_gas') assert.equal(r.receipt.gasUsed, 10_000_000n)
    }
  }
})

test('wasm.required-exports: a module without an invoke function export is exit 5 SYS_INVALID_RECEIVER at nv21–28 (charged up to instantiation), fatal before', async () => {
  const noInvoke = '(module (memory (export "memory") 1) (func (export "not_invoke") (param i32) (result i32) i32.const 0))'
  const invokeGlobal = '(module (memory (export "memory") 1) (global (export "invoke") i32 (i32.const 0)))'
  for (const nv of V4) {
    for (const module of [noInvoke, invokeGlobal]) {
      const r = await runModule(nv, module)
      assert.equal(r.receipt.exitCode, ExitCode.SYS_INVALID_RECEIVER, `nv${nv}: ${r.failureInfo ?? ''}`)
      // Inclusion + invocation + 1 page of memory init; no wasm runs (instantiation executes nothing).
      assert.equal(r.receipt.gasUsed, roundUp(BASE_V4 * 1000n + MEM_INIT_MG), `nv${nv}`)
      assert.match(r.failureInfo ?? '', /exited 5 \(actor has no invoke export .*missing; rule wasm.required-exports/)
    }
  }
  // nv18: the module does not load; any use of it is fatal (exit 10, the whole gas limit).
  const r18 = await runModule(18, noInvoke)
  assert.equal(r18.receipt.exitCode, ExitCode.SYS_ASSERTION_FAILED)
  assert.equal(r18.receipt.gasUsed, 10_000_000n)
  // An invoke of another type is Fatal at every version (v4: `Func::call` fails).
  const r21 = await runModule(21, '(module (memory (export "memory") 1) (func (export "invoke") (param i64) (result i32) i32.const 0))')
  assert.equal(r21.receipt.exitCode, ExitCode.SYS_ASSERTION_FAILED)
  assert.equal(r21.receipt.gasUsed, 10_000_000n)
})

test('invocation.link: importing a function the version does not bind is fatal (ref-fvm non_existing_syscall, fvm@v4.8.2 tests/fil_syscall.rs L69–123)', async () => {
  const module = '(module (import "vm" "do_not_exist" (func $x)) (memory (export "memory") 16) (func (export "invoke") (param i32) (result i32) call $x unreachable))'
  for (const nv of [18, ...V4]) {
    const r = await runModule(nv, module, { gasLimit: 1_000_000_000n })
    assert.equal(r.receipt.exitCode, ExitCode.SYS_ASSERTION_FAILED, `nv${nv}`)
    assert.equal(r.receipt.gasUsed, 1_000_000_000n, `nv${nv}`)
    assert.match(r.failureInfo ?? '', /unknown import vm\.do_not_exist/)
  }
})

test('nv21–28: returning a handle not in the registry is SYS_MISSING_RETURN, with nv18\'s gas', async () => {
  for (const nv of V4) {
    const r = await run(nv, 'i32.const 7')
    assert.equal(r.receipt.exitCode, ExitCode.SYS_MISSING_RETURN, `nv${nv}`)
    // wasm: thunk 56 + i32.const 4 = 60 gas; no value, so no return charge.
    assert.equal(r.receipt.gasUsed, roundUp((BASE_V4 + 60n) * 1000n + MEM_INIT_MG), `nv${nv}`)
  }
})

test('call.depth-limit at nv21: 1024 frames; with a gas limit on every send, v3 leaves the innermost limit pushed (gas_used under-reported) and v4 pops it', async () => {
  const at21 = await recursion(21)
  assert.equal(at21.exitCode, ExitCode.OK)
  assert.equal(at21.calls, 1025, 'every send is traced, the refused one too')
  const at18 = await recursion(18)
  // This actor makes no charge whose price differs between HYGGE and WATERMELON.
  assert.equal(at21.gasUsed, at18.gasUsed)
  // Every send carries a limit of 10^9 gas (never reached): v4's gas_used is the same.
  const limited21 = await recursion(21, '1000000000')
  assert.deepEqual(limited21, at21)
  // v3 does not pop the limit the refused send pushed: each frame then pops the wrong snapshot and
  // the top level is left with one pushed, so the receipt reports only what was used after it.
  const limited18 = await recursion(18, '1000000000')
  assert.equal(limited18.exitCode, ExitCode.OK)
  assert.ok(BigInt(limited18.gasUsed) < BigInt(at18.gasUsed), `nv18: ${limited18.gasUsed} < ${at18.gasUsed}`)
})

test('FIP-0071 across a send (nv21–28): a params block with one link costs OnMethodInvocation 75 300, the same block returned from depth 2 costs OnReturnValue 300; nv18 charges 75 000 and no OnReturnValue', async () => {
  // Called with no params (from the chain): create a raw block "foo", link it (its CID becomes
  // reachable), build a DAG-CBOR block holding that CID (tag 42), and send it as params to itself,
  // method 3; called with params (the child) it returns them. Memory: 100 own address f0200, 200 send result,
  // 300 "foo", 320/330/340 out values, 400 the CID (38 bytes), 500 the DAG-CBOR block (43 bytes).
  const module = `(module
    (import "ipld" "block_create" (func $create (param i32 i64 i32 i32) (result i32)))
    (import "ipld" "block_link" (func $link (param i32 i32 i64 i32 i32 i32) (result i32)))
    (import "send" "send" (func $send (param i32 i32 i32 i64 i32 i64 i64 i64 i64) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 100) "\\00\\c8\\01")
    (data (i32.const 300) "foo")
    (data (i32.const 500) "\\d8\\2a\\58\\27\\00")
    (func (export "invoke") (param i32) (result i32)
      (if (local.get 0) (then (return (local.get 0))))
      (if (call $create (i32.const 320) (i64.const 0x55) (i32.const 300) (i32.const 3)) (then unreachable))
      (if (call $link (i32.const 330) (i32.load (i32.const 320)) (i64.const 0xb220) (i32.const 32) (i32.const 400) (i32.const 100)) (then unreachable))
      (memory.copy (i32.const 505) (i32.const 400) (i32.const 38))
      (if (call $create (i32.const 340) (i64.const 0x71) (i32.const 500) (i32.const 43)) (then unreachable))
      (if (call $send (i32.const 200) (i32.const 100) (i32.const 3) (i64.const 3) (i32.load (i32.const 340)) (i64.const 0) (i64.const 0) (i64.const -1) (i64.const 0)) (then unreachable))
      ;; the child exited 0 and returned a block
      (if (i32.or (i32.load (i32.const 200)) (i32.eqz (i32.load (i32.const 204)))) (then unreachable))
      i32.const 0))`
  const charges = (r: Extract<ApplyOutcome, { kind: 'applied' }>, name: string) =>
    r.trace.flatMap((e) => (e.kind === 'gas' && e.name === name ? [e.compute] : []))
  for (const nv of [18, ...V4]) {
    const r = await runModule(nv, module, { trace: true })
    assert.equal(r.receipt.exitCode, ExitCode.OK, `nv${nv}: ${r.failureInfo ?? ''}`)
    // The top-level invocation (no params) and the child's (one link at v4).
    assert.deepEqual(charges(r, 'OnMethodInvocation'), nv === 18 ? [75_000_000n, 75_000_000n] : [75_000_000n, 75_300_000n], `nv${nv}`)
    assert.deepEqual(charges(r, 'OnReturnValue'), nv === 18 ? [] : [300_000n], `nv${nv}`)
  }
})
