/**
 * The v4 (nv21–nv28) context syscalls through the kernel fixture: randomness and tipset CIDs by
 * lookback (FIP-0075, `fvm@v4.8.2:fvm/src/kernel/default.rs` L751–822; `lookback_cost` = 146 200 +
 * 75 per epoch, other gas, `gas/price_list.rs` L225–229), and the unchanged `network.context`,
 * `vm.message_context`. The fixture's epoch is 1000.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { cidOf, Codec, type CID } from '../../ipld/cid.js'
import { replayingExterns, type Externs, FALLBACK_RANDOMNESS } from '../../machine/externs.js'
import { ErrorNumber } from '../../types/error-number.js'
import type { KernelState } from '../kernel.js'
import { call, chargesSince, def, errno, kernelFor, u32At, u64At, used, value } from './kernel-fixture.js'

const ACTORS = [{ id: 100n, code: 'account', balance: 0n }] as const
const DIGEST = Uint8Array.from({ length: 32 }, (_, i) => 100 + i)
const lookbackCost = (epochs: bigint): bigint => (146_200n + 75n * epochs) * 1000n

function withExterns(k: KernelState, externs: Externs): KernelState {
  return { ...k, cm: { ...k.cm, machine: { ...k.cm.machine, externs } } }
}

const TIPSET = cidOf(Codec.DAG_CBOR, Uint8Array.of(0x80))
function withTipsets(k: KernelState, cid: (epoch: bigint) => CID = () => TIPSET): KernelState {
  const externs: Externs & { tipsetCid: (e: bigint) => CID } = { ...k.cm.machine.externs, tipsetCid: cid }
  return withExterns(k, externs)
}

for (const nv of [21, 25] as const) {
  for (const [name, kind] of [['get_chain_randomness', 'chain'], ['get_beacon_randomness', 'beacon']] as const) {
    test(`nv${nv} rand.${name}(round): (i32 out, i64 round), the extern's digest as is, charged by lookback`, () => {
      assert.deepEqual(def(kernelFor(nv, ACTORS), 'rand', name).params, ['i64'])
      const k = withExterns(kernelFor(nv, ACTORS), replayingExterns([{ kind, epoch: 990n, ret: DIGEST }]))
      const s = call(k, 'rand', name, [990n])
      assert.deepEqual(value(s).value, DIGEST)
      assert.equal(used(s.state), lookbackCost(10n))
      assert.deepEqual(s.state.cm.trace.last(), { kind: 'gas', name: 'OnGetRandomness', compute: 0n, other: lookbackCost(10n) })
      // The current epoch (lookback 0) and a negative epoch are allowed; no record → the fallback.
      const now = call(k, 'rand', name, [1000n])
      assert.deepEqual(value(now).value, FALLBACK_RANDOMNESS)
      assert.equal(used(now.state), lookbackCost(0n))
      assert.equal(used(call(k, 'rand', name, [-5n]).state), lookbackCost(1005n))
    })

    test(`nv${nv} rand.${name}: a future round runs out of gas (the negative lookback wraps and saturates); an i64 overflow is IllegalArgument uncharged`, () => {
      const k = kernelFor(nv, ACTORS, { gasLimit: 10_000_000n })
      const future = call(k, 'rand', name, [1001n])
      assert.equal(errno(future), 'out-of-gas')
      assert.equal(used(future.state), 10_000_000_000n, 'pinned at the limit')
      const overflow = call(k, 'rand', name, [-(1n << 63n)])
      assert.equal(errno(overflow), ErrorNumber.IllegalArgument)
      assert.equal(used(overflow.state), 0n)
    })

    test(`nv${nv} rand.${name}: an extern failure is IllegalArgument after the charge`, () => {
      const failing: Externs = {
        ...replayingExterns([]),
        chainRandomness: () => { throw new Error('no tipset') },
        beaconRandomness: () => { throw new Error('no beacon') },
      }
      const s = call(withExterns(kernelFor(nv, ACTORS), failing), 'rand', name, [900n])
      assert.equal(errno(s), ErrorNumber.IllegalArgument)
      assert.equal(used(s.state), lookbackCost(100n))
    })
  }

  test(`nv${nv} network.tipset_cid: no finality limit; charged 146 200 + 75 × offset; errors before the charge`, () => {
    const k = withTipsets(kernelFor(nv, ACTORS), (e) => cidOf(Codec.DAG_CBOR, Uint8Array.of(Number(e % 256n))))
    const s = call(k, 'network', 'tipset_cid', [0n, 0, 64])
    const expected = cidOf(Codec.DAG_CBOR, Uint8Array.of(0))
    assert.equal(u32At(value(s).value as Uint8Array, 0), expected.bytes.length)
    assert.deepEqual(value(s).writes, [{ offset: 0, bytes: expected.bytes }])
    assert.equal(used(s.state), lookbackCost(1000n), '1000 epochs back: nv18 refused (≥ 900)')
    assert.deepEqual(chargesSince(s.state, 0), ['OnTipsetCid'])
    assert.equal(used(call(k, 'network', 'tipset_cid', [999n, 0, 64]).state), lookbackCost(1n))
    for (const epoch of [-1n, 1000n, 1001n]) {
      const e = call(k, 'network', 'tipset_cid', [epoch, 0, 64])
      assert.equal(errno(e), ErrorNumber.IllegalArgument, `epoch ${epoch}`)
      assert.equal(used(e.state), 0n)
    }
    assert.equal(errno(call(k, 'network', 'tipset_cid', [999n, 4090, 64])), ErrorNumber.IllegalArgument, 'buffer bounds first')
    const small = call(k, 'network', 'tipset_cid', [999n, 0, 10])
    assert.equal(errno(small), ErrorNumber.BufferTooSmall)
    assert.equal(used(small.state), lookbackCost(1n))
    // Without the extern (the conformance runner): fatal after the charge.
    const none = call(kernelFor(nv, ACTORS), 'network', 'tipset_cid', [999n, 0, 64])
    assert.equal(errno(none), 'fatal')
    assert.equal(used(none.state), lookbackCost(1n))
  })

  test(`nv${nv} network.context reports nv${nv}; vm.message_context is unchanged (80 bytes, read-only flag)`, () => {
    const k = kernelFor(nv, ACTORS, { readOnly: true, nonce: 4n })
    const c = value(call(k, 'network', 'context', [])).value as Uint8Array
    assert.equal(c.length, 44)
    assert.equal(u64At(c, 0), 1000n)
    assert.equal(new DataView(c.buffer).getUint32(40, true), nv)
    const m = value(call(k, 'vm', 'message_context', [])).value as Uint8Array
    assert.equal(m.length, 80)
    assert.equal(u64At(m, 8), 4n)
    assert.equal(u64At(m, 72), 1n)
  })
}
