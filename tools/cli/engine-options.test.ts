/**
 * `--no-cache`: every command that builds an engine takes it, and with it no module is read from or
 * written to the persistent cache. The cache folder of these tests is a temporary one
 * ($FVM_SPEC_CACHE), never the user's. The genesis and t8n cases need the real bundles (they run
 * the bundle's constructors) and skip without FVM_SPEC_BUNDLES.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { addressToString, secp256k1AddressFromPayload } from '../../interpreter/types/address.js'
import { COMMANDS } from './main.js'
import { runMain } from './capture.js'
import { cacheOptions } from './engine-options.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
/** A generated vector: its actors come from the test bundle in its own CAR, so no bundles are needed. */
const GENERATED = join(ROOT, 'vectors', 'corpus', 'generated', 'gen-nv18-s2-000.json')
const BUNDLES = process.env['FVM_SPEC_BUNDLES']

/** The commands that build an engine. */
const ENGINE_COMMANDS = ['run', 'exec', 'trace', 'diff', 'whatif', 'report', 'coverage', 'genesis', 't8n']

/** How many cache entries the folder holds (over every instrumentation version). */
function entries(dir: string): number {
  if (!existsSync(dir)) return 0
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.name.startsWith('.')).length
}

/** Runs `f` with $FVM_SPEC_CACHE set to a fresh temporary folder, and removes it afterwards. */
async function withCacheDir<T>(f: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-spec-cli-cache-'))
  const saved = process.env['FVM_SPEC_CACHE']
  process.env['FVM_SPEC_CACHE'] = dir
  try {
    return await f(dir)
  } finally {
    if (saved === undefined) delete process.env['FVM_SPEC_CACHE']
    else process.env['FVM_SPEC_CACHE'] = saved
    rmSync(dir, { recursive: true, force: true })
  }
}

test('every command that builds an engine declares --no-cache and documents it with $FVM_SPEC_CACHE', async () => {
  for (const name of ENGINE_COMMANDS) {
    const row = COMMANDS.find((c) => c.name === name)
    assert.ok(row !== undefined, name)
    const { command } = await row.load()
    assert.match(command.usage, /^ {2}--no-cache +do not use the module cache \(\$FVM_SPEC_CACHE, default ~\/\.cache\/fvm-spec\/modules\)/m, name)
    // Declared: parsed as a flag (an undeclared option would be a usage error, exit 2).
    const r = await runMain([name, '--no-cache', '--frobnicate'])
    assert.equal(r.code, 2, name)
    assert.match(r.err.join('\n'), /frobnicate/, `${name}: the unknown option is the problem, not --no-cache`)
  }
  assert.deepEqual(cacheOptions(true), { cache: false })
  assert.deepEqual(cacheOptions(false), {})
  assert.deepEqual(cacheOptions(undefined), {})
})

test('run, run --jobs, exec, trace and report: compiled modules go to $FVM_SPEC_CACHE, and with --no-cache nowhere', async () => {
  const cases: string[][] = [['run', GENERATED], ['run', '--jobs', '2', GENERATED, GENERATED], ['exec', GENERATED], ['trace', GENERATED], ['report', '--out', 'REPORT', GENERATED]]
  for (const args of cases) {
    for (const noCache of [true, false]) {
      await withCacheDir(async (dir) => {
        const argv = args.map((a) => (a === 'REPORT' ? join(dir, 'report.html') : a))
        const r = await runMain([...argv, ...(noCache ? ['--no-cache'] : [])])
        assert.equal(r.code, 0, `${argv.join(' ')}: ${r.err.join('\n')}`)
        const n = entries(dir) - (argv[0] === 'report' ? 1 : 0)
        if (noCache) assert.equal(n, 0, `${args.join(' ')} --no-cache wrote to the cache`)
        else assert.ok(n > 0, `${args.join(' ')} wrote no cache entry`)
      })
    }
  }
})

test('coverage never uses the module cache (the code coverage must see the instrumentation run)', async () => {
  await withCacheDir(async (dir) => {
    const r = await runMain(['coverage', GENERATED])
    assert.equal(r.code, 0, r.err.join('\n'))
    assert.equal(entries(dir), 0)
  })
})

test('genesis and t8n --no-cache: nothing written to the cache', { skip: BUNDLES === undefined ? 'FVM_SPEC_BUNDLES is not set (genesis and t8n run the real bundles)' : false }, async () => {
  await withCacheDir(async (dir) => {
    const g = await runMain(['genesis', '--nv', '17', '--bundles', BUNDLES as string, '--out', join(dir, 'g.json'), '--no-cache'])
    assert.equal(g.code, 0, g.err.join('\n'))
    const input = join(dir, 'in.json')
    const alice = addressToString(secp256k1AddressFromPayload(new Uint8Array(20).fill(1)))
    writeFileSync(input, JSON.stringify({ env: { nv: 17 }, accounts: [{ address: alice, balance: '1000000000000000000' }], messages: [{ from: alice, to: alice, method: 0, value: '5' }] }))
    const t = await runMain(['t8n', '--input', input, '--bundles', BUNDLES as string, '--no-cache'])
    assert.equal(t.code, 0, t.err.join('\n'))
    assert.match(t.out.join('\n'), /"exit_code": 0/)
    assert.equal(entries(dir) - 2, 0, 'only g.json and in.json')
  })
})
