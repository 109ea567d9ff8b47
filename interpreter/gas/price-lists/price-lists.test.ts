/**
 * Prices checked against the numbers in ref-fvm's source. Each row quotes the Rust line it was
 * read from (`git show <tag>:fvm/src/gas/price_list.rs`).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { gasFromWhole as g } from '../gas.js'
import { type PriceList, SealProof } from '../price-list.js'
import { HYGGE_PRICES, OH_SNAP_PRICES, SKYR_PRICES } from './index.js'

type Row = readonly [source: string, actual: (pl: PriceList) => bigint | undefined, expected: bigint]

function blocks(pl: PriceList) {
  return pl.blocks
}

const SKYR_ROWS: readonly Row[] = [
  ['L151 storage_gas_multiplier: 1300,', (pl) => pl.storageGasMultiplier, 1300n],
  ['L153 on_chain_message_compute_base: Gas::new(38863),', (pl) => pl.onChainMessageCompute.flat, g(38863n)],
  ['L159 send_base: Gas::new(29233),', (pl) => (pl.send.model === 'combined' ? pl.send.sendBase : undefined), g(29233n)],
  ['L162 send_invoke_method: Gas::new(-5377),', (pl) => pl.send.sendInvokeMethod, g(-5377n)],
  ['L164 create_actor_compute: Gas::new(1108454),', (pl) => pl.createActorCompute, g(1108454n)],
  ['L166 delete_actor: Gas::new(-(36 + 40)),', (pl) => pl.deleteActor, g(-76n)],
  ['L168 bls_sig_cost: Gas::new(16598605),', (pl) => pl.sigCost.bls.flat, g(16598605n)],
  ['L172 hashing_base: Gas::new(31355),', (pl) => pl.hashingCost['sha2-256'].flat, g(31355n)],
  ['L192 Step{start: 4, cost: Gas::new(103994170)},', (pl) => pl.verifyAggregateSealSteps[SealProof.StackedDRG32GiBV1P1]?.[0]?.cost, g(103994170n)],
  ['L222 verify_consensus_fault: Gas::new(495422),', (pl) => pl.verifyConsensusFault, g(495422n)],
  ['L254 block_memcpy_per_byte_cost: Gas::from_milligas(500),', (pl) => { const b = blocks(pl); return b.model === 'memret' ? b.blockMemcpyPerByteCost : undefined }, 500n],
  ['L256 block_open_base: Gas::new(114617),', (pl) => { const b = blocks(pl); return b.model === 'memret' ? b.blockOpenBase : undefined }, g(114617n)],
  ['L259 block_link_base: Gas::new(353640),', (pl) => { const b = blocks(pl); return b.model === 'memret' ? b.blockLinkBase : undefined }, g(353640n)],
  ['L268 syscall_cost: Gas::new(14000),', (pl) => pl.syscallCost, g(14000n)],
  ['L269 extern_cost: Gas::new(21000),', (pl) => pl.externCost, g(21000n)],
  ['L272 exec_instruction_cost: Gas::new(4),', (pl) => (pl.wasm.model === 'flat' ? pl.wasm.execInstructionCost : undefined), g(4n)],
]

const HYGGE_ROWS: readonly Row[] = [
  ['L68 on_chain_message_compute: ScalingCost::fixed(Gas::new(38863)),', (pl) => pl.onChainMessageCompute.flat, g(38863n)],
  ['L70 flat: Gas::new(36*1300),', (pl) => pl.onChainMessageStorage.flat, g(46800n)],
  ['L80 send_transfer_funds: Gas::new(6000),', (pl) => pl.send.sendTransferFunds, g(6000n)],
  ['L81 send_invoke_method: Gas::new(75000),', (pl) => pl.send.sendInvokeMethod, g(75000n)],
  ['L83 actor_lookup: Gas::new(500_000),', (pl) => pl.actorLookup ?? undefined, g(500_000n)],
  ['L84 actor_update: Gas::new(475_000),', (pl) => pl.actorUpdate ?? undefined, g(475_000n)],
  ['L85 actor_create_storage: Gas::new(650_000),', (pl) => pl.createActorStorage, g(650_000n)],
  ['L98 scale: Gas::new(26),  (BLS)', (pl) => pl.sigCost.bls.scale, g(26n)],
  ['L123 scale: Gas::new(35)  (Ripemd160)', (pl) => pl.hashingCost['ripemd-160'].scale, g(35n)],
  ['L179 verify_consensus_fault: Gas::new(516422),', (pl) => pl.verifyConsensusFault, g(516422n)],
  ['L231 get_randomness_seed: Gas::new(21000),', (pl) => (pl.randomness.model === 'extern-entropy' ? pl.randomness.base : undefined), g(21000n)],
  ['L240 scale: Gas::from_milligas(400),  (block_memcpy)', (pl) => { const b = blocks(pl); return b.model === 'retention' ? b.blockMemcpy.scale : undefined }, 400n],
  ['L250 flat: Gas::new(187440),  (block_open)', (pl) => { const b = blocks(pl); return b.model === 'retention' ? b.blockOpen.flat : undefined }, g(187440n)],
  ['L262 scale: Gas::new(3340),  (block_persist_storage)', (pl) => { const b = blocks(pl); return b.model === 'retention' ? b.blockPersistStorage.scale : undefined }, g(3340n)],
  ['L265 block_persist_compute: Gas::new(172000),', (pl) => { const b = blocks(pl); return b.model === 'retention' ? b.blockPersistCompute : undefined }, g(172000n)],
  ['L267 syscall_cost: Gas::new(14000),', (pl) => pl.syscallCost, g(14000n)],
  ['L292 memory_copy_per_byte_cost: Gas::from_milligas(400),', (pl) => (pl.wasm.model === 'operator-classes' ? pl.wasm.memoryCopyPerByteCost : undefined), 400n],
  ['L307 flat: Gas::new(1750),  (event_validation_cost)', (pl) => (pl.events?.model === 'validate-accept' ? pl.events.validation.flat : undefined), g(1750n)],
]

const OH_SNAP_ROWS: readonly Row[] = [
  ['L128 block_memcpy_per_byte_cost: Zero::zero(),', (pl) => { const b = blocks(pl); return b.model === 'memret' ? b.blockMemcpyPerByteCost : undefined }, 0n],
  ['L142 syscall_cost: Zero::zero(),', (pl) => pl.syscallCost, 0n],
  ['L33 send_base: Gas::new(29233),', (pl) => (pl.send.model === 'combined' ? pl.send.sendBase : undefined), g(29233n)],
]

for (const [name, pl, rows, tag] of [
  ['SKYR_PRICES', SKYR_PRICES, SKYR_ROWS, 'fvm@v2.12.1'],
  ['HYGGE_PRICES', HYGGE_PRICES, HYGGE_ROWS, 'fvm@v3.14.1'],
  ['OH_SNAP_PRICES', OH_SNAP_PRICES, OH_SNAP_ROWS, 'fvm@v2.12.1'],
] as const) {
  test(`${name} matches ${tag}:fvm/src/gas/price_list.rs`, () => {
    for (const [source, actual, expected] of rows) {
      assert.equal(actual(pl), expected, source)
    }
  })
}
