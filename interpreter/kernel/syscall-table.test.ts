/**
 * The syscall table against the real built-in actor bundles: every function the v9 (nv17) and
 * v10 (nv18) actors import must be in the table for the matching ref-fvm version, with exactly
 * the wasm signature the module declares (out-pointer first when the syscall has an out-value).
 *
 * The import lists below are the per-version unions from shared/research/bundles.md. When
 * FVM_SPEC_BUNDLES names a folder holding v9-/v10-builtin-actors-mainnet.car, the import section
 * of every actor module is also decoded and checked the same way (and against this data).
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

const BUNDLES: readonly (readonly [string, FvmVersion, readonly ImportRow[]])[] = [
  ['v9', 'v2', V9_IMPORTS],
  ['v10', 'v3', V10_IMPORTS],
  // builtin-actors v11.0.0 (nv19, nv20, ref-fvm v3): the same 39 imports as v10.
  ['v11', 'v3', V10_IMPORTS],
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
