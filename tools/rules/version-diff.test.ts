import { test } from 'node:test'
import assert from 'node:assert/strict'
import { NETWORK_RULES, NV17, NV18, NV19, NV20, type NetworkRules } from '../../interpreter/machine/network-rules.js'
import { SEND_V3 } from '../../interpreter/call-manager/send-v3.js'
import { diffRows, diffSyscalls, diffVersions, describe, formatVersionDiff, versionDiffToJson } from './version-diff.js'

/*
 * nv17 → nv18, derived by hand from ref-fvm's price lists and syscall bindings, not from this
 * interpreter's tables:
 * - SKYR_PRICES (fvm@v2.12.1:fvm/src/gas/price_list.rs L150–163, L256–260): storage_gas_multiplier
 *   1300; on_chain_message_storage_base 36, _per_byte 1 (both × 1300); send_base 29233,
 *   send_transfer_funds 27500, send_transfer_only_premium 159672, send_invoke_method -5377;
 *   block_open_base 114617, block_open_memret_per_byte_cost 10, block_link_base 353640.
 * - HYGGE_PRICES (fvm@v3.14.1:fvm/src/gas/price_list.rs L66–81, L237–262): on_chain_message_storage
 *   { flat 36*1300, scale 1300 } with no multiplier (1), send_transfer_funds 6000,
 *   send_invoke_method 75000 (no send_base, no transfer-only premium); block_open { 187440, 0 },
 *   block_persist_storage { 334000, 3340 }, block_persist_compute 172000.
 * - fvm/src/syscalls/mod.rs `linker.bind`: v2.12.1 binds vm.abort, vm.context,
 *   actor.new_actor_address, network.base_fee, crypto.verify_seal, which v3.14.1 does not; v3.14.1
 *   binds vm.exit, vm.message_context, actor.next_actor_address, actor.balance_of,
 *   actor.lookup_delegated_address, network.context, network.tipset_cid, gas.available,
 *   event.emit_event (actor.install_actor only with the m2-native feature).
 */

const d = diffVersions(NV17, NV18)
const price = (path: string) => d.prices.find((p) => p.path === path)

test('--diff 17 18, prices: OnChainMessage storage moves into the price at the same effective cost', () => {
  assert.deepEqual([price('storageGasMultiplier')?.a, price('storageGasMultiplier')?.b], [1300n, 1n])
  assert.deepEqual([price('onChainMessageStorage.flat')?.a, price('onChainMessageStorage.flat')?.b], [36_000n, 46_800_000n])
  assert.deepEqual([price('onChainMessageStorage.scale')?.a, price('onChainMessageStorage.scale')?.b], [1_000n, 1_300_000n])
  assert.equal(price('onChainMessageStorage.flat')?.rule, 'gas.on-chain-message')
  assert.equal(price('onChainMessageStorage.flat')?.aText, '36 gas (36 000 mg) × storageGasMultiplier')
  // Times each side's multiplier: 46 800 gas + 1 300 gas per byte at both versions.
  assert.equal((price('onChainMessageStorage.flat')?.a as bigint) * 1300n, (price('onChainMessageStorage.flat')?.b as bigint) * 1n)
  assert.equal((price('onChainMessageStorage.scale')?.a as bigint) * 1300n, (price('onChainMessageStorage.scale')?.b as bigint) * 1n)
  assert.equal(price('onChainMessageCompute.flat'), undefined, 'the compute part (38 863 gas) is the same')
})

test('--diff 17 18, prices: the send model, combined into one charge at nv17, split at nv18', () => {
  const rows = d.prices.filter((p) => p.path.startsWith('send.')).map((p) => [p.path, p.rule, p.a, p.b])
  assert.deepEqual(rows, [
    ['send.model', 'gas.method-invocation', 'combined', 'split'],
    ['send.sendBase', 'gas.method-invocation', 29_233_000n, undefined],
    ['send.sendTransferFunds', 'gas.value-transfer', 27_500_000n, 6_000_000n],
    ['send.sendTransferOnlyPremium', 'gas.method-invocation', 159_672_000n, undefined],
    ['send.sendInvokeMethod', 'gas.method-invocation', -5_377_000n, 75_000_000n],
  ])
  assert.equal(price('send.sendInvokeMethod')?.aText, '-5 377 gas (-5 377 000 mg)')
  assert.equal(price('send.sendBase')?.bText, 'absent')
})

test('--diff 17 18, prices: the blocks model, memory retention at nv17, allocation and retention minimum at nv18', () => {
  const at = (path: string) => [price(path)?.rule, price(path)?.a, price(path)?.b]
  assert.deepEqual(at('blocks.model'), ['gas.block-open', 'memret', 'retention'])
  assert.deepEqual(at('blocks.blockOpenBase'), ['gas.block-open', 114_617_000n, undefined])
  assert.deepEqual(at('blocks.blockOpenMemretPerByteCost'), ['gas.block-open', 10_000n, undefined])
  assert.deepEqual(at('blocks.blockLinkBase'), ['gas.block-link', 353_640_000n, undefined])
  assert.deepEqual(at('blocks.blockOpen.flat'), ['gas.block-open', undefined, 187_440_000n])
  assert.deepEqual(at('blocks.blockOpen.scale'), ['gas.block-open', undefined, 0n])
  assert.deepEqual(at('blocks.blockPersistStorage.flat'), ['gas.block-link', undefined, 334_000_000n])
  assert.deepEqual(at('blocks.blockPersistStorage.scale'), ['gas.block-link', undefined, 3_340_000n])
  assert.deepEqual(at('blocks.blockPersistCompute'), ['gas.block-link', undefined, 172_000_000n])
  assert.deepEqual(at('blocks.blockMemoryRetentionMinimum.scale'), ['gas.block-create', undefined, 10_000n])
})

test('--diff 17 18, syscalls: the ones only one release binds, and the two whose signature changed', () => {
  const s = diffSyscalls(NV17, NV18)
  assert.deepEqual(s.onlyA.map((x) => x.name), ['vm.abort', 'vm.context', 'actor.new_actor_address', 'network.base_fee', 'crypto.verify_seal'])
  assert.deepEqual(s.onlyB.map((x) => x.name), ['vm.exit', 'vm.message_context', 'actor.next_actor_address', 'actor.balance_of', 'actor.lookup_delegated_address', 'network.context', 'network.tipset_cid', 'gas.available', 'event.emit_event'])
  assert.deepEqual(s.onlyB.find((x) => x.name === 'gas.available'), { name: 'gas.available', rule: 'syscall.gas-available', signature: '(i32 out) → i32, out 8 bytes' })
  assert.equal(s.onlyA[0]?.signature, '(i32, i32, i32) → never returns', 'vm.abort(code, message offset, length)')
  // v3's send adds the gas limit and the flags (two i64); create_actor the predictable address (offset, length).
  assert.deepEqual(s.changed.map((c) => c.name), ['send.send', 'actor.create_actor'])
  assert.equal(s.changed[0]?.a, '(i32 out, i32, i32, i64, i32, i64, i64) → i32, out 20 bytes')
  assert.equal(s.changed[0]?.b, '(i32 out, i32, i32, i64, i32, i64, i64, i64, i64) → i32, out 20 bytes')
})

test('--diff 17 18, network rules: every field but nv, each with its rule and readable values', () => {
  const byPath = new Map(diffRows(NV17, NV18).map((f) => [f.path, f]))
  assert.deepEqual([...byPath.keys()], [
    'name', 'fvm', 'builtinActors', 'priceList', 'stateRootVersion', 'stateRootVersions', 'requiredActors', 'addressRules', 'messageCodec', 'receiptVersion', 'senderTypes', 'placeholderSenders', 'paramsCodec',
    'exitCarriesReturnBlock', 'depthCheck', 'send', 'kernel', 'readOnlyFrames', 'registryCodecs', 'maxBlockSize', 'maxSealProof', 'batchSealCharge', 'wasmRules', 'gasSync', 'instantiateFailure',
  ])
  assert.deepEqual(byPath.get('send'), { path: 'send', rule: 'machine.network-rules', a: 'send-v2 (call.send-v2)', b: 'send-v3 (call.send-v3)' })
  assert.deepEqual([byPath.get('kernel')?.a, byPath.get('kernel')?.b], ['kernel-v2', 'kernel-v3'])
  assert.deepEqual([byPath.get('gasSync')?.a, byPath.get('gasSync')?.b], ['gas-sync-v2', 'gas-sync-v3'])
  assert.deepEqual([byPath.get('paramsCodec')?.a, byPath.get('paramsCodec')?.b], ['DAG-CBOR (0x71)', 'method 0: RAW (0x55), others: CBOR (0x51)'])
  assert.deepEqual([byPath.get('maxBlockSize')?.a, byPath.get('maxBlockSize')?.b], ['no limit', '1048576 bytes (1 MiB)'])
  assert.deepEqual([byPath.get('priceList')?.rule, byPath.get('priceList')?.a, byPath.get('priceList')?.b], ['gas.price-list-selection', 'skyr', 'hygge'])
  assert.deepEqual([byPath.get('fvm')?.a, byPath.get('fvm')?.b], ['v2 (fvm@v2.12.1)', 'v3 (fvm@v3.14.1)'])
  assert.equal(byPath.has('maxCallDepth'), false, '1024 at both')
})

test('--diff 17 18, wasm: the instrumentation and feature policy of rules key 17 against 18', () => {
  const byPath = new Map(d.wasm.map((f) => [f.path, f]))
  assert.deepEqual(byPath.get('instrumentation.gasCounterName'), { path: 'instrumentation.gasCounterName', rule: 'wasm.gas-counter', a: 'gas_couner', b: 'gas_counter' })
  assert.deepEqual(byPath.get('instrumentation.linear[memory.grow]'), { path: 'instrumentation.linear[memory.grow]', rule: 'wasm.memory-grow-charge', a: 'absent (flat default)', b: '4 gas (4 000 mg) + 26 214.4 gas (26 214 400 mg) per unit' })
  assert.equal(byPath.get('instrumentation.linear[memory.copy]')?.rule, 'wasm.memory-bulk-charge')
  assert.deepEqual([byPath.get('policy.wideCallIndirectTableIndex')?.a, byPath.get('policy.wideCallIndirectTableIndex')?.b], ['no', 'yes'])
  assert.equal(byPath.has('instrumentation.stackLimit'), false, '2048 at both')
  assert.equal(byPath.has('instrumentation.version'), false, 'the key itself is the row field wasmRules')
  // The engine's limits: the pooling allocator (and one instance's memory) exist from nv18.
  assert.deepEqual(byPath.get('limits.pooling.tableElements'), { path: 'limits.pooling.tableElements', rule: 'invocation.pooling-limits', a: 'none (no pooling allocator)', b: '20000 elements' })
  assert.deepEqual([byPath.get('limits.pooling.memoryBytes')?.b, byPath.get('limits.pooling.coreInstanceBytes')?.b], ['536870912 bytes (512 MiB)', '1048576 bytes (1 MiB)'])
  assert.deepEqual(byPath.get('limits.instanceMemoryPages'), { path: 'limits.instanceMemoryPages', rule: 'invocation.memory-limits', a: 'no limit', b: '8192 pages (512 MiB)' })
  assert.equal(d.wasm.filter((f) => f.path.startsWith('limits.')).length, 6)
  assert.deepEqual(diffVersions(NV18, NV20).wasm, [], 'the same key: nothing to compare')
})

test('versions on one release and price list differ only in name and actors; a version against itself in nothing', () => {
  const d1820 = diffVersions(NV18, NV20)
  assert.deepEqual([d1820.prices, d1820.syscalls.onlyA, d1820.syscalls.onlyB, d1820.syscalls.changed, d1820.wasm], [[], [], [], [], []])
  assert.deepEqual(d1820.networkRules.map((f) => [f.path, f.a, f.b]), [['name', 'hygge', 'thunder'], ['builtinActors', 'actors v10', 'actors v11']])
  assert.deepEqual(diffVersions(NV19, NV20).networkRules.map((f) => f.path), ['name'])
  for (const row of NETWORK_RULES.values()) assert.deepEqual(formatVersionDiff(diffVersions(row, row)), [`nv${row.nv} (${row.name}, fvm ${row.fvm}, ${row.priceList.name} prices) → nv${row.nv} (${row.name}, fvm ${row.fvm}, ${row.priceList.name} prices): no differences`])
})

test('a per-release module shows by its name: a row with another send pipeline', () => {
  const v4: NetworkRules = { ...NV18, send: { ...SEND_V3, module: 'send-v4', rule: 'call.call-actor-v4' } }
  assert.deepEqual(diffRows(NV18, v4), [{ path: 'send', rule: 'machine.network-rules', a: 'send-v3 (call.send-v3)', b: 'send-v4 (call.call-actor-v4)' }])
  const otherCodec: NetworkRules = { ...NV18, paramsCodec: () => 0x71 }
  assert.deepEqual(diffRows(NV18, otherCodec).map((f) => [f.path, f.b]), [['paramsCodec', 'DAG-CBOR (0x71)']])
})

test('the diff is symmetric; the JSON form carries every difference with bigints as strings', () => {
  const back = diffVersions(NV18, NV17)
  assert.deepEqual(back.networkRules.map((f) => [f.path, f.a, f.b]), d.networkRules.map((f) => [f.path, f.b, f.a]))
  assert.deepEqual([back.syscalls.onlyA, back.syscalls.onlyB], [d.syscalls.onlyB, d.syscalls.onlyA])
  const j = JSON.parse(JSON.stringify(versionDiffToJson(d))) as { a: { nv: number }; prices: { path: string; a: unknown; b: unknown; a_text: string }[]; network_rules: unknown[]; syscalls: { only_a: unknown[] }; wasm: unknown[] }
  assert.equal(j.a.nv, 17)
  assert.equal(j.prices.length, d.prices.length)
  assert.deepEqual(j.prices.find((p) => p.path === 'send.sendBase'), { path: 'send.sendBase', label: 'send.sendBase', rule: 'gas.method-invocation', unit: 'milligas', a: '29233000', b: null, a_text: '29 233 gas (29 233 000 mg)', b_text: 'absent' })
  assert.equal(j.network_rules.length, d.networkRules.length)
  assert.equal(j.syscalls.only_a.length, 5)
  assert.equal(j.wasm.length, d.wasm.length)
})

test('describe: values in words', () => {
  assert.equal(describe(undefined), 'absent')
  assert.equal(describe(null), 'none')
  assert.equal(describe(true), 'yes')
  assert.equal(describe(5n), '5')
  assert.equal(describe(new Set(['b', 'a'])), 'a, b')
  assert.equal(describe([]), '(none)')
  assert.equal(describe({ elementOffsets: true, dataOffsets: false }), '{ elementOffsets: yes, dataOffsets: no }')
  assert.equal(describe(SEND_V3), 'send-v3 (call.send-v3)')
})
