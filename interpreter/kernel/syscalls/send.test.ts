/**
 * The `send.send` syscall's own part (argument checks, the registry, the return block) at nv18
 * and nv21–nv28, with the call manager's send replaced by a stub: ref-fvm's order
 * (`fvm@v4.8.2:fvm/src/syscalls/send.rs` L15–53, `kernel/default.rs` L127–199).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { right } from 'fp-ts/lib/Either.js'
import type { InvocationResult } from '../../call-manager/call-manager.js'
import type { SendArgs } from '../../call-manager/send.js'
import { cidOf, Codec } from '../../ipld/cid.js'
import { addressToBytes, idAddress } from '../../types/address.js'
import { ErrorNumber } from '../../types/error-number.js'
import { isReachable, linksOf, withLinks } from '../block-registry.js'
import type { KernelState } from '../kernel.js'
import { call, errno, kernelFor, u32At, u64At, used, value, withBytes } from './kernel-fixture.js'

const ACTORS = [{ id: 100n, code: 'account', balance: 1000n }, { id: 101n, code: 'multisig', balance: 0n }] as const
const LINK = cidOf(Codec.IPLD_RAW, Uint8Array.of(1, 2, 3))
const RETURNED = withLinks({ codec: Codec.DAG_CBOR, data: Uint8Array.of(0x81, 0xd8, 0x2a) }, [LINK])
const U64_MAX = (1n << 64n) - 1n

/** A kernel whose call manager's send records its arguments and returns `result`. */
function stubbed(k: KernelState, result: InvocationResult, seen: SendArgs[]): KernelState {
  const rules = k.cm.machine.rules
  const send = { ...rules.send, sendFromActor: (cm: KernelState['cm'], args: SendArgs) => (seen.push(args), { state: cm, result: right(result) }) }
  return { ...k, cm: { ...k.cm, machine: { ...k.cm.machine, rules: { ...rules, send } } } }
}

const TO = addressToBytes(idAddress(101n))
const mem = (): Uint8Array => withBytes(new Uint8Array(4096), 0, TO)
/** send(to at 0, method, params, value hi/lo, gas limit, flags). */
const args = (method: bigint, params: number, value: bigint, flags = 0n, gasLimit = U64_MAX) => [0, TO.length, method, params, value >> 64n, value & U64_MAX, gasLimit, flags]

for (const nv of [18, 21, 28] as const) {
  test(`nv${nv} send.send: flags, read-only value, params handle — in that order, before the send`, () => {
    const seen: SendArgs[] = []
    const k = stubbed(kernelFor(nv, ACTORS, { readOnly: true }), { exitCode: 0, value: null }, seen)
    assert.equal(errno(call(k, 'send', 'send', args(2n, 9, 0n, 2n), mem())), ErrorNumber.IllegalArgument, 'unknown flag bit')
    assert.equal(errno(call(k, 'send', 'send', args(2n, 9, 5n), mem())), ErrorNumber.ReadOnly, 'value from a read-only frame')
    assert.equal(errno(call(k, 'send', 'send', args(2n, 9, 0n), mem())), ErrorNumber.InvalidHandle, 'unknown params handle')
    assert.equal(errno(call(k, 'send', 'send', [4090, 21, 2n, 0, 0n, 0n, U64_MAX, 0n], mem())), ErrorNumber.IllegalArgument, 'address out of memory')
    assert.equal(seen.length, 0)
    value(call(k, 'send', 'send', args(2n, 0, 0n), mem()))
    assert.equal(seen[0]?.readOnly, true, 'a read-only caller sends read-only')
    assert.equal(seen[0]?.gasLimit, null, 'u64::MAX is no limit')
  })

  test(`nv${nv} send.send: the return block gets the next handle${nv > 20 ? ' and its links become reachable, whatever the exit code' : ''}`, () => {
    for (const exitCode of [0, 16]) {
      const seen: SendArgs[] = []
      const k = stubbed(kernelFor(nv, ACTORS, { blocks: [{ codec: Codec.CBOR, data: Uint8Array.of(0x01) }] }), { exitCode, value: RETURNED }, seen)
      const s = call(k, 'send', 'send', args(2n, 1, 0n, 1n, 1000n), mem())
      const out = value(s).value as Uint8Array
      assert.equal(u32At(out, 0), exitCode)
      assert.equal(u32At(out, 4), 2)
      assert.equal(u64At(out, 8), BigInt(Codec.DAG_CBOR))
      assert.equal(u32At(out, 16), 3)
      assert.equal(isReachable(s.state.blocks, LINK), nv > 20)
      assert.deepEqual(seen[0]?.gasLimit, 1_000_000n, 'a gas limit in whole gas')
      assert.equal(seen[0]?.readOnly, true, 'flag READ_ONLY')
      assert.equal(used(s.state), 0n)
    }
    const none = call(stubbed(kernelFor(nv, ACTORS), { exitCode: 7, value: null }, []), 'send', 'send', args(2n, 0, 0n), mem())
    assert.deepEqual(value(none).value, Uint8Array.of(7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
  })
}

test('nv21 send.send: the params block travels with its links', () => {
  const seen: SendArgs[] = []
  const k = stubbed(kernelFor(21, ACTORS, { blocks: [RETURNED] }), { exitCode: 0, value: null }, seen)
  value(call(k, 'send', 'send', args(2n, 1, 0n), mem()))
  assert.deepEqual(linksOf(seen[0]?.params ?? { codec: 0, data: new Uint8Array(0) }).map(String), [LINK.toString()])
})
