import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { runMain, type Captured } from '../capture.js'

const EMBEDDED = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'vectors', 'corpus', 'embedded')
const ONE = join(EMBEDDED, 'nv18-send-value-bls-to-id.json')

const run = (args: string[]): Promise<Captured> => runMain(['whatif', ...args])

test('whatif: usage errors name what is wrong and exit 2', async () => {
  const cases: [string[], RegExp][] = [
    [[ONE], /nothing changed/],
    [[ONE, '--set', 'hyge.syscallCost=1'], /unknown price list 'hyge'; known price lists: oh-snap, skyr, hygge/],
    [[ONE, '--set', 'hygge.blocks.open.scale=1'], /unknown field 'open'; known fields here: model, blockMemcpy/],
    [[ONE, '--set', 'hygge.syscallCost=lots'], /not an integer value/],
    [[ONE, '--set', 'hygge.syscallCost=1', '--top', '0'], /--top/],
    [['/no/such/path', '--set', 'hygge.syscallCost=1'], /no such file or folder/],
    [[ONE, '--patch', '/no/such/patch.json'], /--patch \/no\/such\/patch.json/],
    [[ONE, '--frobnicate'], /Unknown option '--frobnicate'/],
  ]
  for (const [args, why] of cases) {
    const r = await run(args)
    assert.equal(r.code, 2, args.join(' '))
    assert.match(r.err.join('\n'), why)
    assert.deepEqual(r.out, [])
  }
})

test('whatif: a patch file and --set combine; --json is one object; --report writes a page', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-spec-whatif-'))
  try {
    const patch = join(dir, 'patch.json')
    writeFileSync(patch, JSON.stringify({ hygge: { send: { sendTransferFunds: '*10' } } }))
    const html = join(dir, 'out.html')
    const r = await run([EMBEDDED, '--patch', patch, '--set', 'hygge.syscallCost=1', '--json', '--report', html])
    assert.equal(r.code, 0, r.err.join('\n'))
    assert.equal(r.out.length, 1)
    const j = JSON.parse(r.out[0] as string) as { changes: { path: string }[]; total_gas_used: { change: string }; by_charge_milligas: { name: string; change: string }[] }
    assert.deepEqual(j.changes.map((c) => c.path), ['hygge.send.sendTransferFunds', 'hygge.syscallCost'])
    assert.equal(j.by_charge_milligas.find((c) => c.name === 'OnValueTransfer')?.change, String(6 * 54_000_000))
    assert.equal(j.total_gas_used.change, String(6 * 54_000), 'six nv18 value sends pay 54 000 gas more each')
    assert.match(readFileSync(html, 'utf8'), /^<!doctype html>/i)
    const warn = await run([ONE, '--set', 'hygge.syscallCost=14000gas', '--set', 'hygge.createActorCompute=1'])
    assert.match(warn.err.join('\n'), /--set hygge.syscallCost=14000gas changes nothing/)
    assert.equal(warn.code, 0)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
