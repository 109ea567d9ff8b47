/**
 * WATERMELON_PRICES and TEEP_PRICES against ref-fvm v4.8.2, read twice.
 *
 * 1. A second, independent reading of `fvm@v4.8.2:fvm/src/gas/price_list.rs`: every leaf of the
 *    two Rust struct literals (L83–313, L315–396) as `[line, Rust field path, milligas]`
 *    (`fvm-v4.8.2-literals.tsv`), listed by walking the Rust literal's fields (not by reading
 *    the TypeScript), then mapped to the TypeScript field paths by {@link tsPath} and compared in
 *    both directions: every Rust value is in the TypeScript list, and every TypeScript leaf is a
 *    Rust value or one of the few values ref-fvm writes in code rather than in the literal
 *    (`CODE_VALUES`, each with its line).
 * 2. ref-fvm's own unit tests of price_list.rs at v4.8.2, with their exact numbers.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gasFromWhole as g } from '../gas.js'
import { total } from '../charge.js'
import { type PriceList, SealProof, onBlockCreate, onBlockOpenPerByte, onVerifyAggregateSeals } from '../price-list.js'
import { TEEP_PRICES, WATERMELON_PRICES, priceListFor } from './index.js'

type Leaf = bigint | readonly bigint[]
type Row = readonly [line: number, rustPath: string, milligas: Leaf]

/** The transcription, `fvm-v4.8.2-literals.tsv` beside this file: `list  line  path  value`. */
function readRows(list: 'WATERMELON_PRICES' | 'TEEP_PRICES'): readonly Row[] {
  const text = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fvm-v4.8.2-literals.tsv'), 'utf8')
  return text
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split('\t'))
    .filter(([name]) => name === list)
    .map(([, line, path, value]): Row => {
      const v = value ?? ''
      return [Number(line), path ?? '', v.includes(',') ? v.split(',').map(BigInt) : BigInt(v)]
    })
}

/** `WATERMELON_PRICES`, L83–313: every leaf of the struct literal. */
const WATERMELON_ROWS = readRows('WATERMELON_PRICES')
/** `TEEP_PRICES`, L315–396: its own fields; the rest comes from `..WATERMELON_PRICES.clone()` (L395). */
const TEEP_OWN_ROWS = readRows('TEEP_PRICES')

/** Rust struct update: TEEP takes every top-level field it does not set from WATERMELON. */
function teepRows(): readonly Row[] {
  const own = new Set(TEEP_OWN_ROWS.map(([, p]) => topField(p)))
  return [...WATERMELON_ROWS.filter(([, p]) => !own.has(topField(p))), ...TEEP_OWN_ROWS]
}
function topField(rustPath: string): string {
  return rustPath.split(/[.[]/)[0] as string
}

/** Rust enum variants used as map keys → the TypeScript record keys. */
const VARIANTS: Readonly<Record<string, string>> = {
  Secp256k1: 'secp256k1',
  BLS: 'bls',
  Sha2_256: 'sha2-256',
  Blake2b256: 'blake2b-256',
  Blake2b512: 'blake2b-512',
  Keccak256: 'keccak-256',
  Ripemd160: 'ripemd-160',
  // RegisteredSealProof (shared/src/sector/registered_proof.rs L370–395)
  StackedDRG32GiBV1P1: '8',
  StackedDRG64GiBV1P1: '9',
  StackedDRG32GiBV1P2_Feat_NiPoRep: '18',
  StackedDRG64GiBV1P2_Feat_NiPoRep: '19',
  // RegisteredPoStProof (L354–367)
  StackedDRGWindow512MiBV1P1: '12',
  StackedDRGWindow32GiBV1P1: '13',
  StackedDRGWindow64GiBV1P1: '14',
}

/** Rust top-level field → TypeScript path prefix. */
const FIELDS: Readonly<Record<string, string>> = {
  on_chain_message_compute: 'onChainMessageCompute',
  on_chain_message_storage: 'onChainMessageStorage',
  on_chain_return_compute: 'onChainReturnCompute',
  on_chain_return_storage: 'onChainReturnStorage',
  send_transfer_funds: 'send.sendTransferFunds',
  send_invoke_method: 'send.sendInvokeMethod',
  actor_lookup: 'actorLookup',
  actor_update: 'actorUpdate',
  actor_create_storage: 'createActorStorage',
  address_lookup: 'addressLookup',
  address_assignment: 'addressAssignment',
  sig_cost: 'sigCost',
  secp256k1_recover_cost: 'secp256k1RecoverCost',
  bls_pairing_cost: 'blsAggregate.pairing',
  bls_hashing_cost: 'blsAggregate.hashing',
  hashing_cost: 'hashingCost',
  compute_unsealed_sector_cid_base: 'computeUnsealedSectorCidBase',
  verify_seal_base: 'verifySealBase',
  verify_aggregate_seal_per: 'verifyAggregateSealPer',
  verify_aggregate_seal_steps: 'verifyAggregateSealSteps',
  verify_consensus_fault: 'verifyConsensusFault',
  verify_replica_update: 'verifyReplicaUpdate',
  verify_post_lookup: 'verifyPostLookup',
  lookback_cost: 'lookbackCost',
  block_allocate: 'blocks.blockAllocate',
  block_memcpy: 'blocks.blockMemcpy',
  block_memory_retention_minimum: 'blocks.blockMemoryRetentionMinimum',
  block_open: 'blocks.blockOpen',
  block_persist_storage: 'blocks.blockPersistStorage',
  block_persist_compute: 'blocks.blockPersistCompute',
  builtin_actor_manifest_lookup: 'builtinActorManifestLookup',
  network_context: 'networkContext',
  message_context: 'messageContext',
  install_wasm_per_byte_cost: 'installWasmPerByteCost',
  'wasm_rules.instruction_default': 'wasm.instructionDefault',
  'wasm_rules.math_default': 'wasm.mathDefault',
  'wasm_rules.jump_unconditional': 'wasm.jumpUnconditional',
  'wasm_rules.jump_conditional': 'wasm.jumpConditional',
  'wasm_rules.jump_indirect': 'wasm.jumpIndirect',
  'wasm_rules.call': 'wasm.call',
  'wasm_rules.memory_fill_base_cost': 'wasm.memoryFillBaseCost',
  'wasm_rules.memory_access_cost': 'wasm.memoryAccessCost',
  'wasm_rules.memory_copy_per_byte_cost': 'wasm.memoryCopyPerByteCost',
  'wasm_rules.memory_fill_per_byte_cost': 'wasm.memoryFillPerByteCost',
  'wasm_rules.host_call_cost': 'syscallCost',
  event_per_entry: 'events.perEntry',
  utf8_validation: 'utf8Validation',
  preloaded_actors: 'preloadedActors',
  ipld_cbor_scan_per_cid: 'ipld.cborScanPerCid',
  ipld_cbor_scan_per_field: 'ipld.cborScanPerField',
  ipld_link_tracked: 'ipld.linkTracked',
  ipld_link_checked: 'ipld.linkChecked',
}

/** The TypeScript path of a Rust field path. */
function tsPath(rustPath: string): string {
  const m = /^([a-z0-9_]+(?:\.(?:instruction_default|math_default|jump_unconditional|jump_conditional|jump_indirect|call|memory_fill_base_cost|memory_access_cost|memory_copy_per_byte_cost|memory_fill_per_byte_cost|host_call_cost))?)(.*)$/.exec(rustPath)
  const head = FIELDS[m?.[1] ?? '']
  assert.ok(m !== null && head !== undefined, `no TypeScript field for Rust ${rustPath}`)
  const rest = (m[2] ?? '').replace(/^\.([A-Za-z0-9_]+)/, (_, v: string) => `.${VARIANTS[v] ?? v}`)
  return head + rest
}

/**
 * Every leaf of a price list: `path → value`, paths joined by `.`, steps keyed `[start=N]`.
 * Discriminators and names (strings) are left out: they are not prices.
 */
function leaves(pl: PriceList): Map<string, Leaf | number | null> {
  const out = new Map<string, Leaf | number | null>()
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') return
    if (typeof v === 'bigint' || typeof v === 'number' || v === null) out.set(path, v)
    else if (Array.isArray(v) && v.every((x) => typeof x === 'bigint')) out.set(path, v as bigint[])
    else if (Array.isArray(v)) for (const s of v as { start: bigint; cost: bigint }[]) out.set(`${path}[start=${s.start}]`, s.cost)
    else for (const [k, x] of Object.entries(v as object)) walk(x, path === '' ? k : `${path}.${k}`)
  }
  walk(pl, '')
  return out
}

/**
 * Values ref-fvm v4.8.2 writes in code, not in the price literal, and values the TypeScript list
 * carries for rules v4 no longer has (null = no such price).
 */
const CODE_VALUES: Readonly<Record<string, Leaf | number | null>> = {
  storageGasMultiplier: 1n, // no multiplier: storage prices are written pre-multiplied
  createActorCompute: 0n, // on_create_actor L676: compute Zero::zero()
  deleteActor: 0n, // on_delete_actor L682
  resolveAddress: 0n, // L972
  lookupDelegatedAddress: 0n, // L978
  getActorCodeCid: 0n, // L986
  selfBalance: 0n, // L958
  balanceOf: 0n, // L964
  hashingUnsupportedCost: null, // kernel/default.rs L701–702 rejects the code before charging
  verifyAggregateSealBase: 0n, // no such field since v3
  verifyPostDefault: 12, // StackedDRGWindow512MiBV1P1, on_verify_post L815, L818
  externCost: 0n, // no extern_cost field
  'wasm.tableElementSize': 8n, // TABLE_ELEMENT_SIZE L29
  'wasm.wasmPageSize': 65536n, // wasmtime_environ::Memory::DEFAULT_PAGE_SIZE L1272
}

function checkAgainstRust(pl: PriceList, rows: readonly Row[]): void {
  const ts = leaves(pl)
  const seen = new Set<string>()
  for (const [line, rust, value] of rows) {
    const path = tsPath(rust)
    assert.ok(ts.has(path), `L${line} ${rust}: no TypeScript leaf ${path}`)
    assert.deepEqual(ts.get(path), value, `L${line} ${rust} → ${path}`)
    seen.add(path)
  }
  for (const [path, value] of ts) {
    if (seen.has(path)) continue
    assert.ok(path in CODE_VALUES, `${pl.name}.${path} = ${String(value)} matches no Rust field of the literal`)
    assert.deepEqual(value, CODE_VALUES[path], `${pl.name}.${path}`)
  }
}

test('WATERMELON_PRICES is fvm@v4.8.2 price_list.rs L83–313, leaf by leaf', () => {
  assert.equal(WATERMELON_ROWS.length, 98)
  checkAgainstRust(WATERMELON_PRICES, WATERMELON_ROWS)
})

test('TEEP_PRICES is fvm@v4.8.2 price_list.rs L315–396 over WATERMELON, leaf by leaf', () => {
  assert.equal(TEEP_OWN_ROWS.length, 35)
  checkAgainstRust(TEEP_PRICES, teepRows())
})

test('the discriminating rules of the v4 lists (formulas at fvm@v4.8.2 price_list.rs)', () => {
  for (const pl of [WATERMELON_PRICES, TEEP_PRICES]) {
    assert.equal(pl.arithmetic, 'unsigned-u64') // Gas(u64), gas/mod.rs L32
    assert.equal(pl.returnValueCharge, 'every-block') // on_method_return L647–666
    assert.equal(pl.send.model, 'split') // on_value_transfer L633, on_method_invocation L639
    assert.equal(pl.blocks.model, 'reachability') // L854–927
    assert.equal(pl.randomness.model, 'lookback') // on_get_randomness L844–850
    assert.equal(pl.tipsetCid?.model, 'lookback') // on_tipset_cid L1011–1017
    assert.equal(pl.events?.model, 'per-entry') // on_actor_event L1041–1069
    assert.equal(pl.externGas, 'other') // on_verify_consensus_fault L835–839
    assert.equal(pl.wasm.model, 'operator-classes') // impl Rules for WasmGasPrices L1097–1400
  }
})

test('price_list_by_network_version at fvm@v4.8.2 (L1083–1095)', () => {
  for (const nv of [21, 22, 23, 24]) assert.equal(priceListFor(nv), WATERMELON_PRICES)
  for (const nv of [25, 26, 27, 28]) assert.equal(priceListFor(nv), TEEP_PRICES)
  assert.throws(() => priceListFor(29), /nv29|29/) // behind the nv29-dev feature only
})

// --- ref-fvm's unit tests of fvm@v4.8.2:fvm/src/gas/price_list.rs -------------------------------

test('test_read_write (price_list.rs L1402–1414): 10 gas/byte to open and to create', () => {
  assert.equal(total(onBlockOpenPerByte(WATERMELON_PRICES, 10n, 0n)), g(100n))
  assert.equal(total(onBlockCreate(WATERMELON_PRICES, 10n, 0n)), g(100n))
})

// test_step_cost, test_step_cost_empty and test_step_cost_zero (L1416–1454) are the v3 tests
// unchanged; they are ported once, in price-list.test.ts ('step costs').

test('test_aggregate_porep_gas_charges (L1490–1546): nv24, nv25, nv26', () => {
  const base32 = g(449900n)
  const cases: readonly (readonly [bigint, bigint])[] = [
    [1n, base32],
    [3n, base32 * 3n],
    [4n, base32 * 4n + g(103994170n)],
    [7n, base32 * 7n + g(112356810n)],
    [13n, base32 * 13n + g(122912610n)],
    [26n, base32 * 26n + g(137559930n)],
    [52n, base32 * 52n + g(162039100n)],
    [65n, base32 * 65n + g(162039100n)],
  ]
  for (const nv of [24, 25, 26]) {
    const pl = priceListFor(nv)
    for (const [n, expected] of cases) {
      assert.equal(onVerifyAggregateSeals(pl, SealProof.StackedDRG32GiBV1P1, n).compute, expected, `nv${nv} 32GiB PoRep × ${n}`)
      if (nv < 25) {
        // "prior to NV25 we were charging 32GiB interactive prices for all non-interactive"
        assert.equal(onVerifyAggregateSeals(pl, SealProof.StackedDRG32GiBV1P2_Feat_NiPoRep, n).compute, expected, `nv${nv} 32GiB NI-PoRep × ${n}`)
        assert.equal(onVerifyAggregateSeals(pl, SealProof.StackedDRG64GiBV1P2_Feat_NiPoRep, n).compute, expected, `nv${nv} 64GiB NI-PoRep × ${n}`)
      }
    }
  }
})

test('test_niporep_aggregate_gas_charges (L1548–1613): nv25', () => {
  const pl = priceListFor(25)
  // [proof type, per-sector cost, [sector count, step cost in whole gas]…] as the Rust test lists them
  const cases: readonly (readonly [number, bigint, readonly (readonly [bigint, bigint])[]])[] = [
    [SealProof.StackedDRG32GiBV1P2_Feat_NiPoRep, g(44990n * 126n), [
      [1n, 112356810n], [2n, 122912610n], [3n, 137559930n], [4n, 137559930n], [5n, 162039100n],
      [8n, 162039100n], [9n, 210960780n], [16n, 210960780n], [17n, 318351180n], [32n, 318351180n],
      [33n, 528274980n], [64n, 528274980n], [65n, 528274980n],
    ]],
    [SealProof.StackedDRG64GiBV1P2_Feat_NiPoRep, g(35928n * 126n), [
      [1n, 110803030n], [2n, 120803700n], [3n, 134642130n], [4n, 134642130n], [5n, 157357890n],
      [8n, 157357890n], [9n, 203017690n], [16n, 203017690n], [17n, 304253590n], [32n, 304253590n],
      [33n, 509880640n], [64n, 509880640n], [65n, 509880640n],
    ]],
  ]
  for (const [proof, perSector, rows] of cases) {
    for (const [n, step] of rows) {
      assert.equal(onVerifyAggregateSeals(pl, proof, n).compute, perSector * n + g(step), `proof ${proof} × ${n}`)
    }
  }
})

test('test_niporep_single_sector_matches_fip092_formula (L1615–1641)', () => {
  const pl = priceListFor(25)
  // FIP-0092: 44990*126 + 112356810 = 118025550; 35928*126 + 110803030 = 115329958
  assert.equal(onVerifyAggregateSeals(pl, SealProof.StackedDRG32GiBV1P2_Feat_NiPoRep, 1n).compute, g(118025550n))
  assert.equal(onVerifyAggregateSeals(pl, SealProof.StackedDRG64GiBV1P2_Feat_NiPoRep, 1n).compute, g(115329958n))
})
