/**
 * The syscall table against the real built-in actor bundles: every function the v9 (nv17), v10
 * and v11 (nv18–nv20) and v12–v18 (nv21–nv28) actors import must be in the table for the matching
 * ref-fvm version, with exactly the wasm signature the module declares (out-pointer first when the
 * syscall has an out-value). At v4 the table must also be exactly what filecoin-ffi's fvm 4.8.2
 * links (41 syscalls: `interpreter/wasm/bundle-imports.fixture.ts` `FVM_V4_LINKER`, read from
 * `fvm@v4.8.2:fvm/src/syscalls/mod.rs` L255–402), no more and no less.
 *
 * The v9–v11 import lists below are the per-version unions from shared/research/bundles.md; the
 * v12–v18 ones are the wasm fixture's `BUNDLE_IMPORTS`. When FVM_SPEC_BUNDLES names a folder
 * holding the vN-builtin-actors-mainnet.car files, the import section of every actor module is also
 * decoded and checked the same way (and against this data).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readBundle } from '../wasm/bundle.js'
import { decodeModule } from '../wasm/decoder.js'
import { I32, I64 } from '../wasm/module.js'
import type { FvmVersion } from '../types/network-version.js'
import type { WasmType } from './abi.js'
import { syscallsFor } from './syscall-table.js'
import { BUNDLE_IMPORTS, FVM_V4_LINKER } from '../wasm/bundle-imports.fixture.js'

/** [module, name, wasm params as imported (space-separated, out-pointer included), has an out-pointer]. */
type ImportRow = readonly [string, string, string, boolean]

/** builtin-actors v9.0.3 (nv17, ref-fvm v2): the union of the 12 actors' imports (33). */
const V9_IMPORTS: readonly ImportRow[] = [
  ['actor', 'create_actor', 'i64 i32', false],
  ['actor', 'get_actor_code_cid', 'i32 i64 i32 i32', true],
  ['actor', 'get_builtin_actor_type', 'i32 i32', true],
  ['actor', 'get_code_cid_for_type', 'i32 i32 i32 i32', true],
  ['actor', 'new_actor_address', 'i32 i32 i32', true],
  ['actor', 'resolve_address', 'i32 i32 i32', true],
  ['crypto', 'batch_verify_seals', 'i32 i32 i32', false],
  ['crypto', 'compute_unsealed_sector_cid', 'i32 i64 i32 i32 i32 i32', true],
  ['crypto', 'hash', 'i32 i64 i32 i32 i32 i32', true],
  ['crypto', 'verify_aggregate_seals', 'i32 i32 i32', true],
  ['crypto', 'verify_consensus_fault', 'i32 i32 i32 i32 i32 i32 i32', true],
  ['crypto', 'verify_post', 'i32 i32 i32', true],
  ['crypto', 'verify_replica_update', 'i32 i32 i32', true],
  ['crypto', 'verify_signature', 'i32 i32 i32 i32 i32 i32 i32 i32', true],
  ['debug', 'enabled', 'i32', true],
  ['debug', 'log', 'i32 i32', false],
  ['gas', 'charge', 'i32 i32 i64', false],
  ['ipld', 'block_create', 'i32 i64 i32 i32', true],
  ['ipld', 'block_link', 'i32 i32 i64 i32 i32 i32', true],
  ['ipld', 'block_open', 'i32 i32', true],
  ['ipld', 'block_read', 'i32 i32 i32 i32 i32', true],
  ['ipld', 'block_stat', 'i32 i32', true],
  ['network', 'base_fee', 'i32', true],
  ['network', 'total_fil_circ_supply', 'i32', true],
  ['rand', 'get_beacon_randomness', 'i32 i64 i64 i32 i32', true],
  ['rand', 'get_chain_randomness', 'i32 i64 i64 i32 i32', true],
  ['self', 'current_balance', 'i32', true],
  ['self', 'root', 'i32 i32 i32', true],
  ['self', 'self_destruct', 'i32 i32', false],
  ['self', 'set_root', 'i32', false],
  ['send', 'send', 'i32 i32 i32 i64 i32 i64 i64', true],
  ['vm', 'abort', 'i32 i32 i32', false],
  ['vm', 'context', 'i32', true],]

/** builtin-actors v10.0.0 (nv18, ref-fvm v3): the union of the 16 actors' imports (39). */
const V10_IMPORTS: readonly ImportRow[] = [
  ['actor', 'balance_of', 'i32 i64', true],
  ['actor', 'create_actor', 'i64 i32 i32 i32', false],
  ['actor', 'get_actor_code_cid', 'i32 i64 i32 i32', true],
  ['actor', 'get_builtin_actor_type', 'i32 i32', true],
  ['actor', 'get_code_cid_for_type', 'i32 i32 i32 i32', true],
  ['actor', 'lookup_delegated_address', 'i32 i64 i32 i32', true],
  ['actor', 'next_actor_address', 'i32 i32 i32', true],
  ['actor', 'resolve_address', 'i32 i32 i32', true],
  ['crypto', 'batch_verify_seals', 'i32 i32 i32', false],
  ['crypto', 'compute_unsealed_sector_cid', 'i32 i64 i32 i32 i32 i32', true],
  ['crypto', 'hash', 'i32 i64 i32 i32 i32 i32', true],
  ['crypto', 'recover_secp_public_key', 'i32 i32 i32', true],
  ['crypto', 'verify_aggregate_seals', 'i32 i32 i32', true],
  ['crypto', 'verify_consensus_fault', 'i32 i32 i32 i32 i32 i32 i32', true],
  ['crypto', 'verify_post', 'i32 i32 i32', true],
  ['crypto', 'verify_replica_update', 'i32 i32 i32', true],
  ['crypto', 'verify_signature', 'i32 i32 i32 i32 i32 i32 i32 i32', true],
  ['debug', 'enabled', 'i32', true],
  ['debug', 'log', 'i32 i32', false],
  ['event', 'emit_event', 'i32 i32', false],
  ['gas', 'available', 'i32', true],
  ['gas', 'charge', 'i32 i32 i64', false],
  ['ipld', 'block_create', 'i32 i64 i32 i32', true],
  ['ipld', 'block_link', 'i32 i32 i64 i32 i32 i32', true],
  ['ipld', 'block_open', 'i32 i32', true],
  ['ipld', 'block_read', 'i32 i32 i32 i32 i32', true],
  ['ipld', 'block_stat', 'i32 i32', true],
  ['network', 'context', 'i32', true],
  ['network', 'tipset_cid', 'i32 i64 i32 i32', true],
  ['network', 'total_fil_circ_supply', 'i32', true],
  ['rand', 'get_beacon_randomness', 'i32 i64 i64 i32 i32', true],
  ['rand', 'get_chain_randomness', 'i32 i64 i64 i32 i32', true],
  ['self', 'current_balance', 'i32', true],
  ['self', 'root', 'i32 i32 i32', true],
  ['self', 'self_destruct', 'i32 i32', false],
  ['self', 'set_root', 'i32', false],
  ['send', 'send', 'i32 i32 i32 i64 i32 i64 i64 i64 i64', true],
  ['vm', 'exit', 'i32 i32 i32 i32', false],
  ['vm', 'message_context', 'i32', true],]

/**
 * A v12–v18 bundle's imports (the wasm fixture's `'module.name (i32, i64) -> (i32)'` lines) as
 * rows; whether each has an out-pointer is what ref-fvm's v4 linker says (`FVM_V4_LINKER.out`).
 */
function v4Rows(tag: string): readonly ImportRow[] {
  return (BUNDLE_IMPORTS[tag] ?? []).map((line) => {
    const m = /^(\w+)\.(\w+) \(([^)]*)\) -> \(i32\)$/.exec(line)
    if (m === null) throw new Error(`unexpected fixture line ${line}`)
    const [, module = '', name = '', params = ''] = m
    const linked = FVM_V4_LINKER.find((l) => l.module === module && l.name === name)
    return [module, name, params.split(', ').filter((p) => p !== '').join(' '), (linked?.out ?? 0) > 0] as const
  })
}

const V4_TAGS = ['v12', 'v13', 'v14', 'v15', 'v16', 'v17', 'v18'] as const

const BUNDLES: readonly (readonly [string, FvmVersion, readonly ImportRow[]])[] = [
  ['v9', 'v2', V9_IMPORTS],
  ['v10', 'v3', V10_IMPORTS],
  // builtin-actors v11.0.0 (nv19, nv20, ref-fvm v3): the same 39 imports as v10.
  ['v11', 'v3', V10_IMPORTS],
  // builtin-actors v12–v18 (nv21–nv28, ref-fvm v4): 39 imports at v12 and v13, 38 from v14 (no gas.charge).
  ...V4_TAGS.map((tag) => [tag, 'v4', v4Rows(tag)] as const),
]

/** Namespaces this interpreter's syscall table is made of, for the failure message. */
const NAMESPACES = ['vm', 'send', 'ipld', 'self', 'actor', 'crypto', 'rand', 'network', 'gas', 'debug', 'event'] as const

interface Problem {
  readonly module: string
  readonly text: string
}

/** What is wrong with the table for one import (undefined when it matches). */
function check(version: FvmVersion, [module, name, params, hasOut]: ImportRow): Problem | undefined {
  const wasm = params === '' ? [] : params.split(' ')
  const def = syscallsFor(version).find((d) => d.module === module && d.name === name)
  if (def === undefined) {
    const any = syscallsFor(version).some((d) => d.module === module)
    return { module, text: `${module}.${name}: MISSING${any ? '' : ` (namespace '${module}' has not landed in the ${version} table)`}` }
  }
  const got = [...(def.out > 0 ? ['i32'] : []), ...def.params]
  if (got.join(' ') !== wasm.join(' ') || def.out > 0 !== hasOut) {
    return { module, text: `${module}.${name}: table has (${got.join(',')}) out=${def.out}, the actors import (${wasm.join(',')}) with${hasOut ? '' : 'out'} an out-pointer` }
  }
  return undefined
}

function report(version: FvmVersion, problems: readonly Problem[]): string {
  const byModule = NAMESPACES.map((ns) => [ns, problems.filter((p) => p.module === ns)] as const).filter(([, ps]) => ps.length > 0)
  return `${problems.length} import(s) of the ${version} actors are not bound correctly:\n` +
    byModule.map(([ns, ps]) => `  [${ns}]\n${ps.map((p) => `    ${p.text}`).join('\n')}`).join('\n')
}

for (const [tag, version, rows] of BUNDLES) {
  // One test per namespace, so a namespace that has landed is checked independently of the rest.
  for (const ns of NAMESPACES) {
    const mine = rows.filter(([m]) => m === ns)
    if (mine.length === 0) continue
    test(`${tag} actors' ${ns}.* imports are bound at ${version} with their exact signatures`, () => {
      const problems = mine.map((r) => check(version, r)).filter((p): p is Problem => p !== undefined)
      assert.equal(problems.length, 0, report(version, problems))
    })
  }
  test(`${tag} import data covers only the namespaces the table knows`, () => {
    for (const [m] of rows) assert.ok((NAMESPACES as readonly string[]).includes(m), m)
  })
}

// ---- the real bundles, when available ----

const dir = process.env.FVM_SPEC_BUNDLES
const WASM_TYPES: ReadonlyMap<number, WasmType> = new Map([[I32, 'i32'], [I64, 'i64']])

for (const [tag, version, rows] of BUNDLES) {
  const file = dir === undefined ? undefined : join(dir, `${tag}-builtin-actors-mainnet.car`)
  const skip = file === undefined
    ? 'FVM_SPEC_BUNDLES is not set (point it at a folder with v9-/v10-builtin-actors-mainnet.car)'
    : !existsSync(file) ? `${file} does not exist` : false
  test(`bundle ${tag}: every actor module's imports are bound at ${version} with their exact signatures`, { skip }, () => {
    const actors = readBundle(new Uint8Array(readFileSync(file as string)))
    const problems: Problem[] = []
    const union = new Map<string, ImportRow>()
    for (const { name: actor, code } of actors) {
      const m = decodeModule(code)
      for (const imp of m.imports) {
        assert.equal(imp.desc.kind, 'func', `${actor}: ${imp.module}.${imp.name} is not a function`)
        if (imp.desc.kind !== 'func') continue
        const type = m.types[imp.desc.type]
        assert.ok(type !== undefined, `${actor}: ${imp.module}.${imp.name} has no type`)
        assert.deepEqual(type.results, [I32], `${actor}: ${imp.module}.${imp.name} must return an i32 errno`)
        const params = type.params.map((p) => WASM_TYPES.get(p) ?? `0x${p.toString(16)}`).join(' ')
        const key = `${imp.module}.${imp.name}`
        const listed = rows.find(([mm, nn]) => mm === imp.module && nn === imp.name)
        assert.ok(listed !== undefined, `${actor} imports ${key}, which the test data does not list`)
        assert.equal(params, listed[2], `${actor}: ${key} signature differs from the test data`)
        if (!union.has(key)) {
          union.set(key, listed)
          const p = check(version, [imp.module, imp.name, params, listed[3]])
          if (p !== undefined) problems.push(p)
        }
      }
    }
    assert.equal(union.size, rows.length, `the ${tag} actors import ${union.size} distinct functions; the test data lists ${rows.length}`)
    assert.equal(problems.length, 0, report(version, problems))
  })
}

// ---- v4: the table is exactly what filecoin-ffi's fvm 4.8.2 links ----

test('v4 binds 41 syscalls, exactly the ones fvm 4.8.2 links in production, with their signatures and out sizes', () => {
  const table = syscallsFor('v4')
  assert.equal(table.length, 41)
  const bound = FVM_V4_LINKER.filter((l) => l.bound)
  assert.equal(bound.length, 41)
  const sig = (module: string, name: string, params: readonly string[], out: number): string => `${module}.${name}(${params.join(',')}) out=${out}`
  assert.deepEqual(
    table.map((d) => sig(d.module, d.name, [...(d.out > 0 ? ['i32'] : []), ...d.params], d.out)).sort(),
    bound.map((l) => sig(l.module, l.name, l.params, l.out)).sort(),
  )
  // Not bound in production: upgrade_actor (feature upgrade-actor), install_actor (m2-native).
  for (const l of FVM_V4_LINKER.filter((x) => !x.bound)) assert.ok(!table.some((d) => d.module === l.module && d.name === l.name), `${l.module}.${l.name}`)
  // Every v12–v18 import is among them; none imports verify_bls_aggregate or debug.store_artifact.
  const imported = new Set(V4_TAGS.flatMap((t) => v4Rows(t).map(([m, n]) => `${m}.${n}`)))
  assert.equal(imported.size, 39)
  assert.deepEqual(table.map((d) => `${d.module}.${d.name}`).filter((n) => !imported.has(n)).sort(), ['crypto.verify_bls_aggregate', 'debug.store_artifact'])
})

test('the syscall counts per release: v2 36, v3 40, v4 41; v4 changes the ABI of self_destruct, emit_event and rand.*', () => {
  assert.deepEqual(['v2', 'v3', 'v4'].map((v) => syscallsFor(v as FvmVersion).length), [36, 40, 41])
  const params = (v: FvmVersion, m: string, n: string): string => syscallsFor(v).find((d) => d.module === m && d.name === n)?.params.join(' ') ?? 'absent'
  assert.equal(params('v3', 'self', 'self_destruct'), 'i32 i32')
  assert.equal(params('v4', 'self', 'self_destruct'), 'i32')
  assert.equal(params('v3', 'event', 'emit_event'), 'i32 i32')
  assert.equal(params('v4', 'event', 'emit_event'), 'i32 i32 i32 i32 i32 i32')
  assert.equal(params('v3', 'rand', 'get_chain_randomness'), 'i64 i64 i32 i32')
  assert.equal(params('v4', 'rand', 'get_chain_randomness'), 'i64')
  assert.equal(params('v4', 'rand', 'get_beacon_randomness'), 'i64')
  assert.equal(params('v3', 'crypto', 'verify_bls_aggregate'), 'absent')
})
