/**
 * The sandbox's tipset CIDs (spec/sandbox.md `sandbox.tipset-cids`): the default scheme computed
 * independently here; BLOCKHASH through the real EVM actor at every FEVM network version reads
 * them (the last 256 epochs, 0 outside), a user's own scheme replaces them, and a message that
 * read one cannot be exported. The bundle-dependent part skips without FVM_SPEC_BUNDLES.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { blake2b } from '@noble/hashes/blake2.js'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { networkRulesFor } from '../../interpreter/machine/network-rules.js'
import { addressToString, secp256k1AddressFromPayload } from '../../interpreter/types/address.js'
import { SUPPORTED_NETWORK_VERSIONS } from '../../interpreter/types/network-version.js'
import { actorsVersionFor, bundleFileName } from '../genesis/versions.js'
import { assemble, initcodeFor } from './evm-asm.js'
import { Sandbox } from './sandbox.js'
import { blockhashOf, defaultTipsetCid } from './tipset.js'

const BUNDLES = process.env['FVM_SPEC_BUNDLES']
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

test('the default tipset CID of an epoch: DAG-CBOR ["fvm-spec sandbox tipset", epoch], blake2b-256; BLOCKHASH is its digest', () => {
  // CBOR by hand: array(2), text(23) "fvm-spec sandbox tipset", uint 4_000_000 (0x1a 003d0900).
  const block = Uint8Array.from([0x82, 0x77, ...Buffer.from('fvm-spec sandbox tipset'), 0x1a, 0x00, 0x3d, 0x09, 0x00])
  const want = CID.createV1(0x71, Digest.create(0xb220, blake2b(block, { dkLen: 32 })))
  assert.equal(defaultTipsetCid(4_000_000n).toString(), want.toString())
  assert.equal(hex(blockhashOf(want)), hex(blake2b(block, { dkLen: 32 })))
  assert.notEqual(defaultTipsetCid(1n).toString(), defaultTipsetCid(2n).toString())
  // A digest shorter than a word fills its low bytes (an identity multihash of 3 bytes).
  const short = CID.createV1(0x71, Digest.create(0x00, Uint8Array.of(1, 2, 3)))
  assert.equal(hex(blockhashOf(short)), '00'.repeat(29) + '010203')
})

function bundleSkip(nv: number): string | false {
  if (BUNDLES === undefined || BUNDLES === '') return 'FVM_SPEC_BUNDLES is not set (point it at a folder with vN-builtin-actors-mainnet.car)'
  const file = join(BUNDLES, bundleFileName(actorsVersionFor(nv) ?? 0))
  return existsSync(file) ? false : `${file} does not exist`
}

/** Runtime: return BLOCKHASH(calldata word 0). */
const BLOCKHASH_INITCODE = initcodeFor(assemble([{ push: 0 }, 'CALLDATALOAD', 'BLOCKHASH', { push: 0 }, 'MSTORE', { push: 32 }, { push: 0 }, 'RETURN']))
const word = (v: bigint): Uint8Array => Uint8Array.from(Buffer.from(v.toString(16).padStart(64, '0'), 'hex'))
const ALICE = addressToString(secp256k1AddressFromPayload(new Uint8Array(20).fill(1)))
const FEVM = SUPPORTED_NETWORK_VERSIONS.filter((nv) => networkRulesFor(nv)?.requiredActors.includes('eam') === true)

for (const nv of FEVM) {
  test(`nv${nv}: BLOCKHASH reads the sandbox's tipset CIDs (the last 256 epochs), a user's scheme replaces them, and such a message is not exported`, { skip: bundleSkip(nv) }, () => {
    const epoch = 1000n
    const sb = Sandbox.createSync({ nv, bundles: BUNDLES as string, epoch, accounts: [{ address: ALICE, balance: 10n ** 21n }] })
    const { created } = sb.deploy(ALICE, BLOCKHASH_INITCODE)
    assert.ok(created !== undefined)
    const clean = sb.snapshot()
    const ask = (e: bigint) => {
      const r = sb.call(ALICE, created.eth, word(e))
      assert.equal(r.receipt.exitCode, 0, r.receipt.failureInfo ?? '')
      return hex(r.returnData)
    }
    for (const back of [1n, 2n, 255n, 256n]) assert.equal(ask(epoch - back), hex(blockhashOf(defaultTipsetCid(epoch - back))), `epoch - ${back}`)
    assert.equal(sb.tipsetCid(epoch - 1n).toString(), defaultTipsetCid(epoch - 1n).toString())
    for (const e of [epoch, epoch + 1n, epoch - 257n, 1n << 64n]) assert.equal(ask(e), '00'.repeat(32), `outside the window: ${e}`)
    assert.throws(() => sb.exportVector(), /message 1 read the tipset CID of epoch 999 \(BLOCKHASH/)
    // Without BLOCKHASH calls the log exports as before.
    sb.revert(clean)
    assert.equal(ask(epoch), '00'.repeat(32))
    assert.match(sb.exportVector(), /"class": "message"/)

    // The user's own tipset CIDs.
    const mine = (e: bigint) => CID.createV1(0x71, Digest.create(0xb220, word(e * 7n)))
    const other = Sandbox.createSync({ nv, bundles: BUNDLES as string, epoch, accounts: [{ address: ALICE, balance: 10n ** 21n }], tipsetCid: mine })
    const d = other.deploy(ALICE, BLOCKHASH_INITCODE)
    const r = other.call(ALICE, d.created?.eth ?? '', word(epoch - 3n))
    assert.equal(hex(r.returnData), hex(word((epoch - 3n) * 7n)))
  })
}
