/**
 * The comparison machinery without bundles: ethereumjs against a second ethereumjs finds
 * nothing; a side that is wrong on purpose is caught with a shrunk reproducer; exclusions match
 * only the narrow case they document.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EvmSide } from './evm-side.js'
import { checkScenario, scenarioFor, subjectsAt } from './check.js'
import { EXCLUSIONS, findExclusion, type DiffContext } from './exclusions.js'
import type { ChainContext, Hex, Outcome, Side } from './side.js'

test('ethereumjs against ethereumjs: no difference on any subject (nv18 and nv28, one sequence each)', async () => {
  let steps = 0
  for (const nv of [18, 28]) {
    for (const subject of subjectsAt(nv)) {
      if (nv === 28 && subject.minNv < 24) continue // nv18 covers the rest
      const r = await checkScenario(scenarioFor(subject, nv), { seed: 11, runs: 1, maxLength: 8, makeOther: (ctx) => EvmSide.create(ctx) })
      assert.equal(r.failure, undefined, `${subject.name}@nv${nv}: ${JSON.stringify(r.failure?.differences)}`)
      steps += r.steps
    }
  }
  assert.ok(steps > 60, `only ${steps} steps compared`)
})

/** A side that loses every third storage write of slot 0 on read: a planted bug. */
class Forgetful implements Side {
  readonly name = 'forgetful'
  private reads = 0
  constructor(readonly inner: EvmSide) {}
  fund(a: Hex, v: bigint): Promise<void> { return this.inner.fund(a, v) }
  deploy(f: Hex, c: Uint8Array, v: bigint): Promise<Outcome> { return this.inner.deploy(f, c, v) }
  call(f: Hex, t: Hex, d: Uint8Array, v: bigint): Promise<Outcome> { return this.inner.call(f, t, d, v) }
  async storage(a: Hex, s: bigint): Promise<bigint> {
    const v = await this.inner.storage(a, s)
    return s === 0n && v > 1n ? v - 1n : v
  }
  balance(a: Hex): Promise<bigint> { return this.inner.balance(a) }
  code(a: Hex): Promise<Uint8Array> { return this.inner.code(a) }
  reset(): number { return this.reads }
}

test('a planted storage bug is caught, shrunk and written as a reproducer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fevm-oracle-'))
  try {
    const subject = subjectsAt(18, ['Counter'])[0]
    assert.ok(subject)
    const r = await checkScenario(scenarioFor(subject, 18), {
      seed: 5,
      runs: 30,
      outDir: dir,
      makeOther: async (ctx: ChainContext) => new Forgetful(await EvmSide.create(ctx)),
    })
    assert.ok(r.failure, 'the planted bug must be found')
    assert.ok(r.failure.differences.some((d) => d.field === 'storage'))
    assert.ok(r.failure.steps.length <= 3, `shrunk to ${r.failure.steps.length} steps`)
    const file = JSON.parse(readFileSync(r.failure.file, 'utf8')) as { contract: string; nv: number; seed: number; sequence: unknown[]; replay: string }
    assert.equal(file.contract, 'Counter')
    assert.equal(file.seed, 5)
    assert.match(file.replay, /npm run fevm:oracle -- --contract Counter --nv 18 --seed 5/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('a side that throws is reported as a finding with its reproducer, not a crash', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fevm-oracle-'))
  try {
    const subject = subjectsAt(18, ['StorageScalars'])[0]
    assert.ok(subject)
    const r = await checkScenario(scenarioFor(subject, 18), {
      seed: 1,
      runs: 3,
      outDir: dir,
      makeOther: async (c: ChainContext) => {
        const inner = await EvmSide.create(c)
        let calls = 0
        return Object.assign(Object.create(inner) as EvmSide, {
          call: (f: Hex, t: Hex, d: Uint8Array, v: bigint) => {
            if (++calls > 0) throw new Error('sandbox blew up')
            return inner.call(f, t, d, v)
          },
        })
      },
    })
    assert.ok(r.failure)
    assert.equal(r.failure.differences[0]?.field, 'exception')
    assert.match(r.failure.differences[0]?.other ?? '', /sandbox blew up/)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

function ctx(over: Partial<DiffContext>): DiffContext {
  return {
    nv: 18, subject: 'X', fn: 'f()', field: 'returnData',
    trace: { frames: [], written: new Map(), opcodes: new Map(), extOperands: new Map(), selfdestructed: new Set() },
    selfdestructed: new Set(),
    selfBeneficiary: new Set(),
    ...over,
  }
}

test('exclusions are narrow: each matches its case and not its neighbours', () => {
  assert.equal(findExclusion(ctx({ subject: 'BlockContext', fn: 'gasleftRaw()' }))?.id, 'gas-opcode')
  assert.equal(findExclusion(ctx({ subject: 'BlockContext', fn: 'gasleftRaw()', field: 'storage' })), undefined)
  assert.equal(findExclusion(ctx({ subject: 'BlockContext', fn: 'number()' })), undefined)
  const rand = ctx({ subject: 'BlockContext', fn: 'prevrandao()' })
  assert.equal(findExclusion(rand), undefined, 'needs the EVM trace to show PREVRANDAO ran')
  rand.trace.opcodes.set('PREVRANDAO', new Set())
  assert.equal(findExclusion(rand)?.id, 'prevrandao')
  // A failed stipend call excludes; the same frame succeeding, or with a larger gas limit, does not.
  const frame = { depth: 1, kind: 'call' as const, caller: '0x01' as Hex, value: 1n, gasLimit: 2300n, isStatic: false, delegate: false, precompile: false, error: 'out of gas' }
  assert.equal(findExclusion(ctx({ trace: { ...ctx({}).trace, frames: [frame] } }))?.id, 'transfer-stipend')
  assert.equal(findExclusion(ctx({ trace: { ...ctx({}).trace, frames: [{ ...frame, gasLimit: 4600n }] } })), undefined)
  assert.equal(findExclusion(ctx({ trace: { ...ctx({}).trace, frames: [{ ...frame, error: 'revert' }] } })), undefined)
  // EXTCODEHASH of a precompile: only for a real precompile of that version.
  const eh = (a: Hex, nv: number): DiffContext => ctx({ nv, trace: { ...ctx({}).trace, extOperands: new Map([['EXTCODEHASH', new Set([a])]]) } })
  assert.equal(findExclusion(eh('0x0000000000000000000000000000000000000001', 18))?.id, 'extcodehash-precompile')
  assert.equal(findExclusion(eh('0x000000000000000000000000000000000000000b', 18)), undefined)
  assert.equal(findExclusion(eh('0x000000000000000000000000000000000000000b', 27))?.id, 'extcodehash-precompile')
  const sd = '0x00000000000000000000000000000000000000aa' as Hex
  assert.equal(findExclusion(ctx({ field: 'storage', address: sd, selfdestructed: new Set([sd]) }))?.id, 'selfdestruct-storage')
  assert.equal(findExclusion(ctx({ field: 'balance', address: sd, selfdestructed: new Set([sd]) })), undefined)
  // The balance of a contract that self-destructed to itself (burned in Ethereum, kept in the FEVM); not its storage, not another account's balance.
  assert.equal(findExclusion(ctx({ field: 'balance', address: sd, selfdestructed: new Set([sd]), selfBeneficiary: new Set([sd]) }))?.id, 'selfdestruct-self-beneficiary')
  assert.equal(findExclusion(ctx({ field: 'balance', address: '0x00000000000000000000000000000000000000bb', selfdestructed: new Set([sd]), selfBeneficiary: new Set([sd]) })), undefined)
})

test('every exclusion names its FIP section and builtin-actors source, and docs/fevm-oracle.md lists it', () => {
  const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'fevm-oracle.md'), 'utf8')
  for (const e of EXCLUSIONS) {
    assert.match(e.fip, /FIP-\d{4}/, e.id)
    assert.match(e.source, /actors\/evm\//, e.id)
    assert.ok(doc.includes(`\`${e.id}\``), `docs/fevm-oracle.md does not list ${e.id}`)
  }
})
