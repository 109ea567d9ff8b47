import assert from 'node:assert/strict'
import { test } from 'node:test'
import { dagCborCid } from '../../ipld/cid.js'
import type { Externs } from '../../machine/externs.js'
import type { MachineContext } from '../../machine/machine.js'
import { ErrorNumber } from '../../types/error-number.js'
import type { KernelState } from '../kernel.js'
import { call, chargesSince, def, errno, kernelFor, tokenAt, u32At, used, value } from './kernel-fixture.js'

const ACTORS = [{ id: 100n, code: 'account', balance: 0n }] as const

function withContext(k: KernelState, c: Partial<MachineContext>): KernelState {
  return { ...k, cm: { ...k.cm, machine: { ...k.cm.machine, context: { ...k.cm.machine.context, ...c } } } }
}

const hex = (b: Uint8Array | null) => (b === null ? 'null' : Buffer.from(b).toString('hex'))

test('nv17 network.base_fee: the context base fee as TokenAmount {lo, hi}, uncharged', () => {
  const k0 = withContext(kernelFor(17, ACTORS), { baseFee: (7n << 64n) | 100n })
  const s = call(k0, 'network', 'base_fee', [])
  const out = value(s).value as Uint8Array
  assert.equal(hex(out), '6400000000000000' + '0700000000000000')
  assert.equal(tokenAt(out, 0), (7n << 64n) | 100n)
  assert.equal(used(s.state), used(k0))
})

test('nv17 network.base_fee of 2^128 or more is fatal', () => {
  const s = call(withContext(kernelFor(17, ACTORS), { baseFee: 1n << 128n }), 'network', 'base_fee', [])
  assert.equal(errno(s), 'fatal')
})

test('nv18 has no network.base_fee; nv17 has no network.context or tipset_cid', () => {
  assert.throws(() => def(kernelFor(18, ACTORS), 'network', 'base_fee'))
  assert.throws(() => def(kernelFor(17, ACTORS), 'network', 'context'))
  assert.throws(() => def(kernelFor(17, ACTORS), 'network', 'tipset_cid'))
})

for (const nv of [17, 18] as const) {
  test(`nv${nv} network.total_fil_circ_supply: the machine's circulating supply, uncharged`, () => {
    const supply = 2n * 10n ** 27n // 2·10^9 FIL, ref-fvm TOTAL_FILECOIN
    const k0 = withContext(kernelFor(nv, ACTORS), { circulatingSupply: supply })
    const s = call(k0, 'network', 'total_fil_circ_supply', [])
    const out = value(s).value as Uint8Array
    assert.equal(out.length, 16)
    assert.equal(tokenAt(out, 0), supply)
    assert.equal(used(s.state), used(k0))
  })

  test(`nv${nv} network.total_fil_circ_supply of 2^128 is fatal`, () => {
    assert.equal(errno(call(withContext(kernelFor(nv, ACTORS), { circulatingSupply: 1n << 128n }), 'network', 'total_fil_circ_supply', [])), 'fatal')
  })
}

test('nv18 network.context: 44 bytes {epoch i64, timestamp u64, base_fee, chain_id u64, nv u32}; charges OnNetworkContext (0)', () => {
  const k0 = withContext(kernelFor(18, ACTORS), { epoch: 2_683_348n, timestamp: 80_500_440n, baseFee: 100n, chainId: 314n })
  const s = call(k0, 'network', 'context', [])
  const out = value(s).value as Uint8Array
  assert.equal(out.length, 44)
  assert.equal(
    hex(out),
    'd4f1280000000000' + // epoch 2 683 348
      'd856cc0400000000' + // timestamp 80 500 440
      '6400000000000000' + '0000000000000000' + // base fee 100
      '3a01000000000000' + // chain id 314
      '12000000', // network version 18
  )
  assert.equal(used(s.state), used(k0)) // HYGGE network_context: Gas::zero()
  assert.deepEqual(chargesSince(s.state, k0.cm.trace.size), ['OnNetworkContext'])
})

test('nv18 network.context with a base fee of 2^128 is fatal (after the zero charge)', () => {
  const s = call(withContext(kernelFor(18, ACTORS), { baseFee: 1n << 128n }), 'network', 'context', [])
  assert.equal(errno(s), 'fatal')
})

// ---- tipset_cid (the fixture's epoch is 1000) ----

const CID = dagCborCid(Uint8Array.of(0x80))
function withTipsets(k: KernelState): KernelState {
  const externs: Externs & { tipsetCid: (e: bigint) => typeof CID } = { ...k.cm.machine.externs, tipsetCid: () => CID }
  return { ...k, cm: { ...k.cm, machine: { ...k.cm.machine, externs } } }
}

test('nv18 network.tipset_cid: epoch checks come before any charge, all IllegalArgument', () => {
  const k0 = kernelFor(18, ACTORS)
  for (const epoch of [-1n, 1000n, 1001n, 100n /* offset 900 = FINALITY */, -(2n ** 63n)]) {
    const s = call(k0, 'network', 'tipset_cid', [epoch, 0, 64])
    assert.equal(errno(s), ErrorNumber.IllegalArgument, `epoch ${epoch}`)
    assert.equal(used(s.state), used(k0))
  }
})

test('nv18 network.tipset_cid: an out-of-bounds output buffer is IllegalArgument first', () => {
  const k0 = kernelFor(18, ACTORS)
  const s = call(k0, 'network', 'tipset_cid', [999n, 4000, 200], new Uint8Array(4096))
  assert.equal(errno(s), ErrorNumber.IllegalArgument)
  assert.equal(used(s.state), used(k0))
})

test('nv18 network.tipset_cid: without an extern (the conformance runner) the message fails fatally after the charge', () => {
  const k0 = kernelFor(18, ACTORS)
  const latest = call(k0, 'network', 'tipset_cid', [999n, 0, 64])
  assert.equal(errno(latest), 'fatal')
  assert.equal(used(latest.state) - used(k0), 50_000_000n) // tipset_cid_latest 50 000
  const historical = call(k0, 'network', 'tipset_cid', [101n, 0, 64]) // offset 899
  assert.equal(errno(historical), 'fatal')
  assert.equal(used(historical.state) - used(k0), 215_000_000n) // tipset_cid_historical 215 000
})

test('nv18 network.tipset_cid: with an extern, writes the CID and returns its length', () => {
  const k0 = withTipsets(kernelFor(18, ACTORS))
  const s = call(k0, 'network', 'tipset_cid', [998n, 16, 100])
  const out = value(s)
  assert.equal(u32At(out.value as Uint8Array, 0), CID.bytes.length)
  assert.deepEqual(out.writes, [{ offset: 16, bytes: CID.bytes }])
  assert.equal(used(s.state) - used(k0), 215_000_000n) // offset 2 > 1: historical
  const small = call(k0, 'network', 'tipset_cid', [999n, 16, CID.bytes.length - 1])
  assert.equal(errno(small), ErrorNumber.BufferTooSmall)
  assert.equal(used(small.state) - used(k0), 50_000_000n)
})

test('nv19 and nv20 network.context report their own network version; nothing else differs from nv18', () => {
  for (const nv of [19, 20]) {
    const k0 = kernelFor(nv, ACTORS)
    const s = call(k0, 'network', 'context', [])
    const out = value(s).value as Uint8Array
    const at18 = value(call(kernelFor(18, ACTORS), 'network', 'context', [])).value as Uint8Array
    assert.equal(u32At(out, 40), nv)
    assert.equal(hex(out.subarray(0, 40)), hex(at18.subarray(0, 40)))
    assert.equal(used(s.state), used(k0))
  }
})
