import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { SUPPORTED_NETWORK_VERSIONS } from '../../../interpreter/types/network-version.js'
import { definedRules } from '../../../spec/rules.js'
import { runMain, type Captured } from '../capture.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

const run = (args: string[]): Promise<Captured> => runMain(['rules', ...args])

test('rules: every rule of spec/ with the versions it applies to and its title', async () => {
  const r = await run([])
  assert.equal(r.code, 0)
  const defined = definedRules(ROOT)
  assert.equal(r.out.length, defined.length + 1)
  assert.match(r.out[0] ?? '', new RegExp(`^${defined.length} rules in spec/`))
  assert.match(r.out.find((l) => l.startsWith('call.send-v2 ')) ?? '', /^call\.send-v2 +nv17 +The send pipeline at nv17$/)
  assert.match(r.out.find((l) => l.startsWith('gas.block-open ')) ?? '', /^gas\.block-open +all +Opening a block/)
  assert.match(r.out.find((l) => l.startsWith('gas.ipld-scan ')) ?? '', /^gas\.ipld-scan +nv21–28 +/)
  const j = await run(['--json'])
  const rules = (JSON.parse(j.out[0] ?? '{}') as { rules: { id: string; network_versions: number[] | 'all' }[] }).rules
  assert.equal(rules.length, defined.length)
  assert.deepEqual(rules.find((x) => x.id === 'call.send-v3')?.network_versions, [18, 19, 20])
})

test('rules ID: the rule\'s text and the lines that cite it', async () => {
  const r = await run(['call.depth-limit'])
  assert.equal(r.code, 0, r.err.join('\n'))
  assert.match(r.out[0] ?? '', /^call\.depth-limit — Call depth \(spec\/call-manager\.md:\d+\)$/)
  assert.ok(r.out.includes('### `call.depth-limit` Call depth'))
  const sites = r.out.filter((l) => /^ {2}\S+\.ts:\d+$/.test(l))
  assert.ok(sites.length > 0, r.out.join('\n'))
  for (const s of sites) {
    const [file, line] = s.trim().split(':') as [string, string]
    assert.match(readFileSync(join(ROOT, file), 'utf8').split('\n')[Number(line) - 1] ?? '', /@rule call\.depth-limit\b/, s)
  }
  const j = JSON.parse((await run(['call.depth-limit', '--json'])).out[0] ?? '{}') as { id: string; text: string; cited_at: string[] }
  assert.equal(j.id, 'call.depth-limit')
  assert.deepEqual(j.cited_at, sites.map((s) => s.trim()))
  const unknown = await run(['gas.block'])
  assert.equal(unknown.code, 2)
  assert.match(unknown.err.join('\n'), /no rule 'gas\.block' in spec\/; did you mean: gas\.block-open, gas\.block-read/)
  assert.equal((await run(['a', 'b'])).code, 2)
})

test('rules --diff 17 18: prices, network rules, syscalls and wasm, each with its rule and both sides', async () => {
  const r = await run(['--diff', '17', '18'])
  assert.equal(r.code, 0, r.err.join('\n'))
  assert.match(r.out[0] ?? '', /^nv17 \(shark, fvm v2, skyr prices\) → nv18 \(hygge, fvm v3, hygge prices\): \d+ differences$/)
  const line = (re: RegExp) => assert.ok(r.out.some((l) => re.test(l)), `${re} in\n${r.out.join('\n')}`)
  line(/^prices \(skyr → hygge\): \d+ differ$/)
  line(/^ {2}onChainMessageStorage\.flat +\[gas\.on-chain-message\] {2}36 gas \(36 000 mg\) × storageGasMultiplier → 46 800 gas \(46 800 000 mg\) × storageGasMultiplier$/)
  line(/^ {2}send\.model +\[gas\.method-invocation\] {2}combined → split$/)
  line(/^ {2}blocks\.model +\[gas\.block-open\] {2}memret → retention$/)
  line(/^network rules: 25 fields differ$/)
  line(/^ {2}send +\[machine\.network-rules\] {2}send-v2 \(call\.send-v2\) → send-v3 \(call\.send-v3\)$/)
  line(/^ {2}kernel +\[machine\.network-rules\] {2}kernel-v2 → kernel-v3$/)
  line(/^syscalls \(fvm v2 → v3\): 5 only at nv17, 9 only at nv18, 2 with another signature$/)
  line(/^ {4}network\.base_fee +\[syscall\.network-base-fee\] {2}\(i32 out\) → i32, out 16 bytes$/)
  line(/^ {4}event\.emit_event +\[syscall\.event-emit-event\] {2}\(i32, i32\) → i32$/)
  line(/^wasm \(rules key 17 → 18\): \d+ differ$/)
  line(/^ {2}instrumentation\.gasCounterName +\[wasm\.gas-counter\] {2}gas_couner → gas_counter$/)
  const j = JSON.parse((await run(['--diff', 'nv17', 'nv18', '--json'])).out[0] ?? '{}') as { a: { nv: number }; b: { nv: number }; syscalls: { only_a: { name: string }[] } }
  assert.deepEqual([j.a.nv, j.b.nv], [17, 18])
  assert.deepEqual(j.syscalls.only_a.map((s) => s.name), ['vm.abort', 'vm.context', 'actor.new_actor_address', 'network.base_fee', 'crypto.verify_seal'])
})

test('rules --diff works for every pair of supported versions, and names the supported ones for any other', async () => {
  for (const a of SUPPORTED_NETWORK_VERSIONS) {
    for (const b of SUPPORTED_NETWORK_VERSIONS) {
      const r = await run(['--diff', String(a), String(b), '--json'])
      assert.equal(r.code, 0, `${a} ${b}: ${r.err.join('\n')}`)
      const j = JSON.parse(r.out[0] ?? '{}') as { prices: unknown[]; network_rules: unknown[] }
      if (a === b) assert.deepEqual([j.prices, j.network_rules], [[], []])
    }
  }
  const supported = SUPPORTED_NETWORK_VERSIONS.join(', ')
  for (const nv of [16, Math.max(...SUPPORTED_NETWORK_VERSIONS) + 1, 99]) {
    const r = await run(['--diff', '18', String(nv)])
    assert.equal(r.code, 2)
    assert.deepEqual(r.err, [`fvm-spec rules: nv ${nv} is not supported by this build; supported: ${supported}`])
    assert.deepEqual(r.out, [])
  }
  assert.match((await run(['--diff', '18', 'x'])).err.join('\n'), /'x' is not a network version/)
  assert.match((await run(['--diff', '18'])).err.join('\n'), /--diff takes two network versions/)
  assert.equal((await run(['--diff', '17', '18', '19'])).code, 2)
})

test('docs/fip-authors.md: its `rules --diff` outputs are what the command prints today (an excerpt\'s lines in order; its line count)', async () => {
  const doc = readFileSync(join(ROOT, 'docs', 'fip-authors.md'), 'utf8')
  const blocks = [...doc.matchAll(/```\n\$ npx fvm-spec rules --diff (\d+) (\d+)\n([\s\S]*?)```/g)]
  assert.ok(blocks.length >= 2, 'the nv18→20 and nv17→18 examples')
  for (const [, a = '', b = '', shown = ''] of blocks) {
    const r = await run(['--diff', a, b])
    assert.equal(r.code, 0)
    const lines = shown.replace(/\n$/, '').split('\n')
    if (!lines.some((l) => l.trim() === '…')) {
      assert.deepEqual(lines, r.out, `rules --diff ${a} ${b}`)
      continue
    }
    // An excerpt: every line shown appears in the output, in order; the doc says how long the whole is.
    let at = 0
    for (const l of lines.filter((x) => x.trim() !== '…')) {
      const i = r.out.indexOf(l, at)
      assert.ok(i >= 0, `rules --diff ${a} ${b}: ${JSON.stringify(l)} not in the output (after line ${at})`)
      at = i + 1
    }
    assert.match(doc, new RegExp(`nv${a} → nv${b} \\(${r.out.length} lines; an excerpt\\)`), `the line count of rules --diff ${a} ${b}`)
  }
  // The refusal the doc quotes.
  const unsupported = Math.max(...SUPPORTED_NETWORK_VERSIONS) + 1
  const refused = await run(['--diff', '17', String(unsupported)])
  const quoted = /\(`(nv \d+ is not supported by this build; supported: [\d, ]+)`\)/.exec(doc.replace(/\s+/g, ' '))
  assert.ok(quoted !== null, 'the quoted refusal')
  assert.ok(refused.err.some((l) => l.endsWith(quoted[1] as string)), `${refused.err.join('\n')} ≠ ${quoted[1] as string}`)
})
