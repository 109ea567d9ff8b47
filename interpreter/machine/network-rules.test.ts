import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ALL_NETWORK_RULES, FVM_V2, FVM_V3, FVM_V4, NETWORK_RULE_IDS, NETWORK_RULES, networkRulesFor, NV17, NV18, NV21, NV25, NV26, NV28, requireNetworkRules } from './network-rules.js'
import { definedRules } from '../../spec/rules.js'
import { fvmVersionFor, networkVersionName, SUPPORTED_NETWORK_VERSIONS } from '../types/network-version.js'
import { priceListFor } from '../gas/price-lists/index.js'

test('machine.network-rules: one row per supported version, each run by the release that accepts it', () => {
  assert.deepEqual([...NETWORK_RULES.keys()], [...SUPPORTED_NETWORK_VERSIONS])
  for (const [nv, rules] of NETWORK_RULES) {
    assert.equal(rules.nv, nv)
    assert.equal(rules.fvm, fvmVersionFor(nv), `nv${nv}: the release whose machine accepts it`)
    assert.equal(rules.name, networkVersionName(nv))
    assert.equal(rules.priceList, priceListFor(nv), `nv${nv}: the price list ref-fvm selects`)
    assert.ok(rules.stateRootVersions.includes(rules.stateRootVersion), `nv${nv}: loads the trees it writes`)
  }
  assert.equal(networkRulesFor(16), undefined)
  assert.throws(() => requireNetworkRules(16), /network version 16 is not supported/)
  assert.throws(() => requireNetworkRules(29), /network version 29 is not supported/)
  for (const nv of SUPPORTED_NETWORK_VERSIONS) assert.equal(requireNetworkRules(nv), networkRulesFor(nv))
})

test('machine.network-rules: every row written, nv17..nv28, each run by the release that accepts it; the supported ones are a subset', () => {
  assert.deepEqual([...ALL_NETWORK_RULES.keys()], [17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28])
  for (const [nv, rules] of ALL_NETWORK_RULES) {
    assert.equal(rules.nv, nv)
    assert.equal(rules.fvm, fvmVersionFor(nv), `nv${nv}: the release whose machine accepts it`)
    assert.equal(rules.name, networkVersionName(nv))
    assert.equal(rules.priceList, priceListFor(nv), `nv${nv}: the price list ref-fvm selects`)
    assert.equal(requireNetworkRules(nv), rules)
  }
  for (const nv of NETWORK_RULES.keys()) assert.equal(NETWORK_RULES.get(nv), ALL_NETWORK_RULES.get(nv))
})

test('machine.network-rules: the v4 rows (nv21–28): actors v12..v18 (v16 twice), WATERMELON then TEEP, wasm key 21, V5 state roots', () => {
  assert.deepEqual([21, 22, 23, 24, 25, 26, 27, 28].map((nv) => requireNetworkRules(nv).builtinActors), [12, 13, 14, 15, 16, 16, 17, 18])
  assert.deepEqual([21, 22, 23, 24, 25, 26, 27, 28].map((nv) => requireNetworkRules(nv).priceList.name), [...Array(4).fill('watermelon'), ...Array(4).fill('teep')])
  assert.deepEqual([NV21.name, NV25.name, NV26.name, NV28.name], ['watermelon', 'teep', 'tock', 'firehorse'])
  assert.equal(FVM_V4.wasmRules, 21)
  assert.equal(FVM_V4.stateRootVersion, 5n)
  assert.deepEqual(FVM_V4.stateRootVersions, [5n])
  assert.equal(FVM_V4.maxSealProof, 19n)
  assert.equal(FVM_V4.depthCheck, 'depth >= max')
  // nv25 and nv26 are the same machine: both rows differ only in their number and name.
  const { nv: _a, name: _b, ...at25 } = NV25
  const { nv: _c, name: _d, ...at26 } = NV26
  assert.deepEqual(at25, at26)
})

test('machine.network-rules: state root versions (v2 writes 4 and loads 3 or 4, v3 writes and loads 5)', () => {
  assert.equal(NV17.stateRootVersion, 4n)
  assert.deepEqual(NV17.stateRootVersions, [3n, 4n])
  assert.equal(NV18.stateRootVersion, 5n)
  assert.deepEqual(NV18.stateRootVersions, [5n])
})

test('machine.network-rules: a row is its release\'s rules plus name, actors and price list', () => {
  for (const rules of ALL_NETWORK_RULES.values()) {
    const release = [FVM_V2, FVM_V3, FVM_V4].find((r) => r.fvm === rules.fvm)
    assert.ok(release !== undefined, `nv${rules.nv}: a known release`)
    for (const [key, value] of Object.entries(release)) assert.equal(rules[key as keyof typeof release], value, `nv${rules.nv}.${key}`)
  }
  assert.equal(NV17.send.rule, 'call.send-v2')
  assert.equal(NV18.send.rule, 'call.send-v3')
})

// ---------------------------------------------------------------------------------------------
// The discipline: versions are data. Outside this table and the per-release modules, no code
// compares a network version or a ref-fvm release to a literal; it reads the row.
// ---------------------------------------------------------------------------------------------

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
/** Where the discipline holds (tests excluded: they may name versions). */
const SCANNED = ['interpreter', 'vectors', 'scripts']
/** The table itself, and the per-release modules (`<name>-v<N>.ts`). */
const EXEMPT = (file: string): boolean => file === 'interpreter/machine/network-rules.ts' || /-v\d+\.ts$/.test(file)

const OP = String.raw`(?:===?|!==?|<=?|>=?)`
const RELEASE = String.raw`(?:\bfvm\w*|\babi\w*)(?:\([^)]*\))?`
/** Shapes of a branch on the version: `nv`/`x.nv`/`x['nv']` against a number, a release against 'vN', a switch on either. */
const BRANCHES: readonly RegExp[] = [
  new RegExp(String.raw`\bnv\b['"\]]*\s*${OP}\s*['"]?\d`),
  new RegExp(String.raw`\d['"]?\s*${OP}\s*[\w.$[\]'"]*\bnv\b`),
  new RegExp(String.raw`${RELEASE}\s*(?:===?|!==?)\s*['"\`]v\d`),
  new RegExp(String.raw`['"\`]v\d+['"\`]\s*(?:===?|!==?)\s*[\w.$]*(?:\bfvm\w*|\babi\w*)`),
  /\bswitch\s*\([^)]*\b(?:nv|fvm\w*|abi\w*)\b/,
]

/** The code of a line without its comment (a line of a doc comment has none). */
function codeOf(line: string): string {
  const t = line.trim()
  if (t.startsWith('*') || t.startsWith('/*') || t.startsWith('//')) return ''
  const i = line.indexOf('//')
  return i < 0 ? line : line.slice(0, i)
}

/** The lines of `text` that branch on a version. */
function versionBranches(text: string): { readonly line: number; readonly text: string }[] {
  return text.split('\n').flatMap((l, i) => (BRANCHES.some((re) => re.test(codeOf(l))) ? [{ line: i + 1, text: l.trim() }] : []))
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(rel)
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [rel] : []
  })
}

test('versions are data: no code outside network-rules.ts and the per-release modules compares nv or a release to a literal', () => {
  const files = SCANNED.flatMap(sourceFiles).filter((f) => !EXEMPT(f))
  assert.ok(files.length > 100, `scanned ${files.length} files`)
  const found = files.flatMap((f) => versionBranches(readFileSync(join(ROOT, f), 'utf8')).map((b) => `${f}:${b.line}: ${b.text}`))
  assert.deepEqual(found, [], 'read the NetworkRules row (or a per-release module) instead')
})

test('versions are data: the scan finds the branches this refactor removed, and passes what reads the data', () => {
  const removed = [
    "const wasmNv = rules.nv === 17 ? 17 : 18",
    "  if (fvmOf(k) === 'v2') return kok(k, k.cm.tree.getActor(id))",
    "  return fvmOf(k) === 'v3' && k.frame.readOnly ? kerr(k, ErrorNumber.ReadOnly, message) : undefined",
    "  const step = s0.machine.rules.fvm === 'v2' ? sendV2(s0, args) : sendV3(s0, args)",
    "    if (fvm === 'v3') {",
    "  const fvm = variant.nv === 17 ? 'v2' : 'v3'",
    "  const version = nv === 17 ? 4n : 5n",
    "  if (nv === 18 && nestedOutOfGas && m.exitCode !== 7) out.push('gas.nested-limits')",
    "  if (json['nv'] !== 17 && json['nv'] !== 18) fail('recipe.nv', '17 or 18')",
    "  if (nv !== undefined && nv !== '17' && nv !== '18') {",
    "  if (nv >= 15 && nv <= 17) return 'v2'",
    "export const abiOf = (nv: 17 | 18): FvmAbi => (nv === 17 ? 'v2' : 'v3')",
    "  const v3 = abiFor(nv) === 'v3'",
    "  if ('v3' === rules.fvm) return",
    "  switch (rules.fvm) {",
  ]
  for (const line of removed) assert.equal(versionBranches(line).length, 1, line)
  const allowed = [
    "  const compiled = engine.compile(s.tree.store, call.actor.code, rules.wasmRules)",
    "  if (rules.priceList.returnValueCharge === 'depth-1-with-block' && !isLeft(step.result)) {",
    "  const err: KernelError = rules.instantiateFailure === 'exit' ? exit : fatal",
    "  if (ours.nv !== null && theirs.nv !== null && ours.nv !== theirs.nv) return d('nv', 'nv', ours.nv, theirs.nv)",
    "  const abi = ABIS.find((a) => a === fvm)",
    "  const defs = syscallsFor(rules.fvm)",
    " * at nv17 (`rules.nv === 17` in the old code) the kernel reads the tree directly",
    "  for (const nv of [17, 18] as const) {",
  ]
  for (const line of allowed) assert.deepEqual(versionBranches(line), [], line)
})

test('machine.network-rules: every field of a row names a rule that spec/ defines', () => {
  const defined = new Set(definedRules(ROOT).map((d) => d.id))
  assert.deepEqual(Object.values(NETWORK_RULE_IDS).filter((r) => !defined.has(r)), [])
  for (const rules of NETWORK_RULES.values()) assert.deepEqual(Object.keys(rules).sort(), Object.keys(NETWORK_RULE_IDS).sort(), `nv${rules.nv}: a rule ID for each field, and no ID for a field it lacks`)
})

test('machine.network-rules: a per-release module is named by its own file, which exports it', async () => {
  const folders = { send: 'call-manager', kernel: 'kernel', gasSync: 'invocation' } as const
  for (const rules of NETWORK_RULES.values()) {
    for (const [field, folder] of Object.entries(folders) as [keyof typeof folders, string][]) {
      const mod = rules[field]
      const exported = Object.values((await import(`../${folder}/${mod.module}.js`)) as Record<string, unknown>)
      assert.ok(exported.includes(mod), `nv${rules.nv}.${field}: ${folder}/${mod.module}.ts exports it`)
    }
  }
  assert.deepEqual([NV17.send.module, NV17.kernel.module, NV17.gasSync.module], ['send-v2', 'kernel-v2', 'gas-sync-v2'])
  assert.deepEqual([NV18.send.module, NV18.kernel.module, NV18.gasSync.module], ['send-v3', 'kernel-v3', 'gas-sync-v3'])
  assert.deepEqual([NV21.send.module, NV21.kernel.module, NV21.gasSync.module], ['send-v4', 'kernel-v4', 'gas-sync-v3'])
})
