/**
 * fast-check arbitraries for generated vectors: pre-states (accounts with BLS or secp256k1 key
 * addresses, balances and nonces; scripted actors with an initial state; a multisig stub),
 * messages (bare sends, method calls carrying a program, preflight failures) and scripted
 * programs (compositions of the test bundle's ops: state and block ops, nested sends with
 * sub-programs, failing callees, out of gas inside nested gas limits at nv18, exits with every
 * class of exit code, raw syscalls with valid and invalid arguments). Values are `ScriptedRecipe`s:
 * plain JSON, so a vector can be rebuilt and shrunk from its recipe.
 *
 * @rule runner.generate
 */
import fc from 'fast-check'
import { encodeCbor, type Ipld } from '../../interpreter/ipld/cbor.js'
import { CID, cidOf, Codec as CidCodec, dagCborCid } from '../../interpreter/ipld/cid.js'
import { HASH_CODES } from '../../interpreter/gas/price-list.js'
import { addressToBytes, idAddress } from '../../interpreter/types/address.js'
import { fromHex, toHex } from '../../interpreter/util/bytes.js'
import { requireNetworkRules } from '../../interpreter/machine/network-rules.js'
import type { NetworkVersion } from '../../interpreter/types/network-version.js'
import { abiFor, Codec, eventBuffers, Memory, rawSyscallsFor, type FvmAbi, type RawSignature } from '../test-bundle/program.js'
import { BLS_AGGREGATE, BLS_OTHER_G1, BLS_OTHER_G2, BLS_OTHER_MESSAGE, blsAggregateLayout } from '../test-bundle/bls-vectors.js'
import { GEN_EPOCH, keyAddress, type GenActor, type GenAddress, type GenMessage, type GenOp, type ScriptedRecipe } from './recipe.js'

type Nv = NetworkVersion
type Arb<T> = fc.Arbitrary<T>

/** Actor ids of a generated pre-state. */
export const ACCOUNTS = [100, 101, 102] as const
export const SCRIPTED = [110, 111] as const
export const MULTISIG = 120
/** Ids no generated state holds: a missing ID address, a fresh key address, an unknown sender. */
export const MISSING = 150
export const FRESH = 151

// Memory the raw-syscall snippets use (the program's free area, Memory.USER).
const U = Memory.USER
const U2 = U + 1024
const U3 = U + 2048
const OOB = 70_000

const h = (b: Uint8Array): string => toHex(b)
const cborHex = (v: Ipld): string => h(encodeCbor(v))
const bytes = (n: number, salt: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 29 + salt * 7 + 3) & 0xff)
const addrHex = (id: number, by: 'id' | 'key', key: 'bls' | 'secp' = 'bls'): string => h(addressToBytes(by === 'id' ? idAddress(BigInt(id)) : keyAddress(id, key)))
const U64_MAX = '18446744073709551615'

// ---- small values ------------------------------------------------------------------------------

/** A small DAG-CBOR value (no links), as hex. */
const cborValue: Arb<string> = fc
  .oneof(
    fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 4 }).map((xs) => xs.map(BigInt) as Ipld),
    fc.uint8Array({ maxLength: 40 }) as Arb<Ipld>,
    fc.tuple(fc.string({ maxLength: 8 }), fc.integer({ min: 0, max: 99 })).map(([s, n]) => [s, BigInt(n)] as Ipld),
  )
  .map(cborHex)

const attos: Arb<string> = fc.oneof(fc.constant('0'), fc.integer({ min: 1, max: 1000 }).map(String), fc.bigInt({ min: 1n, max: 10n ** 20n }).map(String))

// ---- raw syscalls --------------------------------------------------------------------------------

const w = (offset: number, data: Uint8Array | string): GenOp => ({ op: 'write_mem', offset, data: typeof data === 'string' ? data : h(data) })
const sys = (name: string, args: readonly (number | string)[], extra: { out?: number; capture?: readonly [number, number] } = {}): GenOp => ({ op: 'syscall', name, args, ...extra })

const cid = (salt: number) => cidOf(CidCodec.IPLD_RAW, bytes(16, salt))
const sealInfo = (n: number): Ipld => [8n, [1000n, BigInt(n)], [1n], bytes(32, 1), bytes(32, 2), bytes(20, 3), cid(1), cid(2)]
/**
 * Inputs added where the release knows the v4 proof types: aggregates of NI-PoRep seals 18 and 19
 * (priced by their own entries at TEEP, as 32GiB-V1P1 before).
 */
const PROOF_INPUTS_V4: Readonly<Record<string, readonly string[]>> = {
  'crypto.verify_aggregate_seals': [
    cborHex([1000n, 18n, 1n, bytes(24, 6), [[1n, bytes(32, 7), bytes(32, 8), cid(5), cid(6)], [2n, bytes(32, 7), bytes(32, 8), cid(5), cid(6)], [3n, bytes(32, 7), bytes(32, 8), cid(5), cid(6)]]]),
    cborHex([1000n, 19n, 1n, bytes(24, 6), [[1n, bytes(32, 7), bytes(32, 8), cid(5), cid(6)]]]),
  ],
}

const PROOF_INPUTS: Readonly<Record<string, readonly string[]>> = {
  'crypto.verify_seal': [cborHex(sealInfo(1))],
  'crypto.batch_verify_seals': [cborHex([sealInfo(1), sealInfo(2)]), cborHex([])],
  'crypto.verify_post': [
    cborHex([bytes(32, 4), [[8n, bytes(12, 5)]], [[8n, 1n, cid(3)], [8n, 2n, cid(4)]], 1000n]),
    cborHex([bytes(32, 4), [], [], 1000n]),
    cborHex([bytes(32, 4), [[3n, bytes(12, 5)]], [[3n, 1n, cid(3)]], 1000n]),
  ],
  'crypto.verify_aggregate_seals': [
    cborHex([1000n, 8n, 1n, bytes(24, 6), [[1n, bytes(32, 7), bytes(32, 8), cid(5), cid(6)], [2n, bytes(32, 7), bytes(32, 8), cid(5), cid(6)]]]),
    cborHex([1000n, 9n, 1n, bytes(24, 6), [[1n, bytes(32, 7), bytes(32, 8), cid(5), cid(6)]]]),
  ],
  'crypto.verify_replica_update': [cborHex([3n, cid(7), cid(8), cid(9), [1n, 2n, 3n]])],
}

/** The signature of syscall `name` ("module.name") in version `nv`'s ABI, or undefined when it does not bind it. */
const sigOf = (nv: Nv, name: string): RawSignature | undefined => rawSyscallsFor(abiFor(nv)).find((s) => `${s.module}.${s.name}` === name)?.sig

/** Whether the syscalls of version `nv` include `name` ("module.name"). */
const binds = (nv: Nv, name: string): boolean => sigOf(nv, name) !== undefined

/** The arguments of a raw `send.send` after the value, per ABI: v3's and v4's gas limit (none) and flags. */
const SEND_TAIL: Readonly<Record<FvmAbi, readonly (number | string)[]>> = { v2: [], v3: [U64_MAX, 0], v4: [U64_MAX, 0] }

/** A raw `actor.create_actor` per ABI: v2 (id, code CID), v3/v4 (id, code CID, no delegated address). */
const CREATE_ACTOR: Readonly<Record<FvmAbi, readonly GenOp[]>> = {
  v2: [w(U, h(cid(2).bytes)), sys('actor.create_actor', ['5000', U])],
  v3: [sys('actor.create_actor', ['5000', U, 0, 0])],
  v4: [sys('actor.create_actor', ['5000', U, 0, 0])],
}

/**
 * Which `crypto.verify_post` inputs a release's generated vectors may carry. ref-fvm's v4
 * conformance kernel does not fake PoSt verification: it forwards `verify_post` to the default
 * kernel, which checks the proofs for real (fvm@v4.8.2:testing/conformance/src/vm.rs L243–246,
 * fvm/src/kernel/filecoin.rs L131–141, L312–351; v3 faked it). No generated PoSt verifies, and
 * fvm-spec's 'fake' proofs treat them as valid, so at v4 the generator only passes inputs that fail
 * to decode (IllegalArgument before any charge, the same everywhere).
 */
const VERIFY_POST_INPUTS: Readonly<Record<FvmAbi, 'any' | 'undecodable'>> = { v2: 'any', v3: 'any', v4: 'undecodable' }

/** A gas limit just above the inclusion cost, per price list: the call runs out of gas soon. */
const LOW_GAS_LIMIT: Readonly<Record<string, string>> = { skyr: '1000000', hygge: '3000000', watermelon: '3000000', teep: '3000000' }

function lowGasLimit(nv: Nv): string {
  const prices = requireNetworkRules(nv).priceList.name
  const limit = LOW_GAS_LIMIT[prices]
  if (limit === undefined) throw new Error(`no low gas limit for the ${prices} price list`)
  return limit
}

/** Snippets (ops) calling syscall `name` of version `nv`, with valid and invalid arguments. */
export function rawSnippet(nv: Nv, name: string): Arb<GenOp[]> {
  const garbage = fc.uint8Array({ minLength: 1, maxLength: 48 })
  const pick = <T>(...xs: T[]): Arb<T> => fc.constantFrom(...xs) as Arb<T>
  switch (name) {
    case 'vm.abort':
      return fc.tuple(pick(0, 5, 16, 24, 33, 4000), fc.integer({ min: 0, max: 20 })).map(([code, len]) => [w(U, bytes(len + 1, 9)), sys(name, [code, U, len])])
    case 'vm.exit':
      return fc.tuple(pick(0, 3, 18, 26, 70000), pick(0, 1)).map(([code, blk]) => [sys(name, [code, blk, U, 4])])
    case 'vm.context':
    case 'vm.message_context':
    case 'self.current_balance':
    case 'network.base_fee':
    case 'network.total_fil_circ_supply':
    case 'network.context':
    case 'gas.available':
    case 'debug.enabled':
      return pick<GenOp[]>([sys(name, [])], [sys(name, [], { out: OOB })])
    case 'send.send': {
      const tail = SEND_TAIL[abiFor(nv)]
      return fc.oneof(
        fc.tuple(pick(100, 101, 110, MISSING), attos).map(([id, v]) => [w(U, addrHex(id, 'id')), sys(name, [U, addrHex(id, 'id').length / 2, 0, 0, '0', v, ...tail])]),
        fc.constant<GenOp[]>([w(U, '0099'), sys(name, [U, 2, 0, 0, '0', '0', ...tail])]),
        fc.constant<GenOp[]>([w(U, addrHex(100, 'id')), sys(name, [U, addrHex(100, 'id').length / 2, 0, 77, '0', '0', ...tail])]),
        ...(tail.length > 0 ? [pick<GenOp[]>([w(U, addrHex(100, 'id')), sys(name, [U, 3, 0, 0, '0', '1', U64_MAX, 1])], [w(U, addrHex(110, 'id')), sys(name, [U, 3, 2, 0, '0', '0', U64_MAX, 8])])] : []),
      )
    }
    case 'ipld.block_open':
      return pick<GenOp[]>([{ op: 'state_read' } as GenOp, sys(name, [128])], [w(U, '0000'), sys(name, [U])], [sys(name, [OOB])], [w(U, h(cid(3).bytes)), sys(name, [U])])
    case 'ipld.block_create':
      return fc.tuple(cborValue, pick(Codec.DAG_CBOR, Codec.CBOR, Codec.RAW, 0x99)).map(([d, codec]) => [w(U, d), sys(name, [codec, U, d.length / 2])])
    case 'ipld.block_read':
      return pick<GenOp[]>([sys(name, [1, 0, U, 64])], [sys(name, [1, 100_000, U, 8])], [sys(name, [9999, 0, U, 8])], [sys(name, [1, 0, OOB, 8])])
    case 'ipld.block_stat':
      return pick<GenOp[]>([sys(name, [1])], [sys(name, [9999])])
    case 'ipld.block_link':
      return pick<GenOp[]>([sys(name, [1, 0xb220, 32, U, 100])], [sys(name, [1, 0x99, 32, U, 100])], [sys(name, [1, 0xb220, 64, U, 100])], [sys(name, [1, 0xb220, 32, U, 2])], [sys(name, [9999, 0xb220, 32, U, 100])])
    case 'self.root':
      return pick<GenOp[]>([sys(name, [U, 100])], [sys(name, [U, 2])], [sys(name, [OOB, 100])])
    case 'self.set_root':
      return fc.oneof(cborValue.map((d): GenOp[] => [{ op: 'block_create', codec: Codec.DAG_CBOR, data: d }, { op: 'block_link' }, sys(name, [128])]), fc.constant<GenOp[]>([w(U, '0000'), sys(name, [U])]), fc.constant<GenOp[]>([w(U, h(cid(4).bytes)), sys(name, [U])]))
    case 'self.self_destruct':
      // v4 (one parameter, FIP-0073): keep or burn the balance; v2/v3: a beneficiary address.
      if (sigOf(nv, name)?.params === 'i') return pick<GenOp[]>([sys(name, [0])], [sys(name, [1])], [sys(name, [0x8000_0000])])
      return pick<GenOp[]>([w(U, addrHex(100, 'id')), sys(name, [U, 3])], [w(U, '00'), sys(name, [U, 1])])
    case 'actor.resolve_address':
      return pick<GenOp[]>(
        [w(U, addrHex(100, 'key', 'bls')), sys(name, [U, addrHex(100, 'key', 'bls').length / 2])],
        [w(U, addrHex(MISSING, 'key', 'secp')), sys(name, [U, 21])],
        [w(U, addrHex(101, 'id')), sys(name, [U, 3])],
        [w(U, 'ff00'), sys(name, [U, 2])],
      )
    case 'actor.get_actor_code_cid':
      return pick<GenOp[]>([sys(name, [100, U, 100])], [sys(name, [MISSING, U, 100])], [sys(name, [110, U, 2])])
    case 'actor.new_actor_address':
    case 'actor.next_actor_address':
      return pick<GenOp[]>([sys(name, [U, 100])], [sys(name, [U, 2])])
    case 'actor.create_actor':
      return fc.constant([...CREATE_ACTOR[abiFor(nv)]])
    case 'actor.get_builtin_actor_type':
      return pick<GenOp[]>([sys('actor.get_actor_code_cid', [100, U, 100]), sys(name, [U])], [sys('actor.get_actor_code_cid', [110, U, 100]), sys(name, [U])], [w(U2, '0000'), sys(name, [U2])])
    case 'actor.get_code_cid_for_type':
      return fc.integer({ min: 0, max: 20 }).map((t) => [sys(name, [t, U, 100])])
    case 'actor.balance_of':
      return pick<GenOp[]>([sys(name, [100])], [sys(name, [MISSING])])
    case 'actor.lookup_delegated_address':
      return pick<GenOp[]>([sys(name, [100, U, 100])], [sys(name, [MISSING, U, 100])])
    case 'rand.get_chain_randomness':
    case 'rand.get_beacon_randomness':
      // v4 (FIP-0075): the epoch only, priced by the lookback (a future epoch runs out of gas: left to the sweeps).
      if (sigOf(nv, name)?.params === 'I') return pick(GEN_EPOCH, GEN_EPOCH - 7, GEN_EPOCH - 2000).map((epoch): GenOp[] => [sys(name, [epoch])])
      return fc.tuple(fc.integer({ min: 0, max: 3 }), pick(GEN_EPOCH, GEN_EPOCH - 7, GEN_EPOCH + 4), fc.integer({ min: 0, max: 40 })).map(([tag, epoch, n]) => [w(U, bytes(Math.max(n, 1), 11)), sys(name, [tag, epoch, U, n])])
    case 'network.tipset_cid':
      // Only invalid epochs: a valid lookup needs a tipset-CID extern the conformance runners lack.
      // Where the lookback prices it (v4, FIP-0075) there is no finality limit: 2000 epochs back is valid.
      if (requireNetworkRules(nv).priceList.tipsetCid?.model === 'lookback') return pick<GenOp[]>([sys(name, [GEN_EPOCH, U, 100])], [sys(name, [GEN_EPOCH + 3, U, 100])], [sys(name, [U64_MAX, U, 100])])
      return pick<GenOp[]>([sys(name, [GEN_EPOCH, U, 100])], [sys(name, [GEN_EPOCH + 3, U, 100])], [sys(name, [GEN_EPOCH - 2000, U, 100])], [sys(name, [U64_MAX, U, 100])])
    case 'gas.charge':
      return fc.tuple(fc.integer({ min: 0, max: 200_000 }), pick('fvm-spec-charge', '')).map(([amount, label]) => {
        const b = new TextEncoder().encode(label)
        return [w(U, b.length === 0 ? '00' : b), sys(name, [U, b.length, amount])]
      })
    case 'debug.log':
      return fc.string({ maxLength: 20 }).map((s) => {
        const b = new TextEncoder().encode(s)
        return [w(U, b.length === 0 ? '00' : b), sys(name, [U, b.length])]
      })
    case 'debug.store_artifact':
      return pick<GenOp[]>([w(U, h(new TextEncoder().encode('a.bin'))), w(U2, bytes(8, 1)), sys(name, [U, 5, U2, 8])], [sys(name, [U, 0, U2, 0])])
    case 'event.emit_event':
      // v4 (FIP-0072): three buffers.
      if (sigOf(nv, name)?.params.length === 6) {
        return fc.oneof(
          validEventV4.map(([entries, keys, values]): GenOp[] => [w(U, entries), w(U2, keys), w(U3, values), sys(name, [U, entries.length / 48, U2, keys.length / 2, U3, values.length / 2])]),
          fc.tuple(garbage, garbage, fc.integer({ min: 0, max: 3 })).map(([e, k, n]): GenOp[] => [w(U, e), w(U2, k), sys(name, [U, n, U2, k.length, U3, 0])]),
        )
      }
      return fc.oneof(validEvent.map((d) => [w(U, d), sys(name, [U, d.length / 2])]), garbage.map((g) => [w(U, g), sys(name, [U, g.length])]))
    case 'crypto.verify_signature':
      return fc.tuple(pick(1, 2, 9), garbage, fc.integer({ min: 0, max: 64 })).map(([type, plain, sigLen]) => {
        const addr = addressToBytes(keyAddress(100 + type, type === 2 ? 'bls' : 'secp'))
        return [w(U, bytes(96, 4)), w(U2, addr), w(U3, plain), sys(name, [type, U, type === 2 ? 96 : type === 1 ? 65 : sigLen, U2, addr.length, U3, plain.length])]
      })
    case 'crypto.recover_secp_public_key':
      return pick<GenOp[]>([w(U, bytes(32, 5)), w(U2, bytes(65, 6)), sys(name, [U, U2])], [w(U, bytes(32, 5)), w(U2, new Uint8Array(65)), sys(name, [U, U2])])
    case 'crypto.hash':
      return fc.tuple(pick(...Object.values(HASH_CODES), 0x99), fc.integer({ min: 0, max: 200 }), pick(64, 4)).map(([code, n, out]) => [w(U, bytes(Math.max(n, 1), 8)), sys(name, [code, U, n, U2, out])])
    case 'crypto.compute_unsealed_sector_cid':
      // Where the release knows the NI-PoRep seal proofs (15–19, v4), one of them too.
      if (requireNetworkRules(nv).maxSealProof >= 19n) return fc.tuple(pick(0, 3, 8, 18, 99), pick(cborHex([]), cborHex([[2048n, cid(1)]]), 'ff')).map(([proof, pieces]) => [w(U, pieces), sys(name, [proof, U, pieces.length / 2, U2, 100])])
      return fc.tuple(pick(0, 3, 8, 99), pick(cborHex([]), cborHex([[2048n, cid(1)]]), 'ff')).map(([proof, pieces]) => [w(U, pieces), sys(name, [proof, U, pieces.length / 2, U2, 100])])
    case 'crypto.verify_seal':
    case 'crypto.verify_post':
    case 'crypto.verify_aggregate_seals':
    case 'crypto.verify_replica_update': {
      if (name === 'crypto.verify_post' && VERIFY_POST_INPUTS[abiFor(nv)] === 'undecodable') return pick<GenOp[]>([w(U, 'ff'), sys(name, [U, 1])], [w(U, cborHex([1n, 2n, 3n, 4n])), sys(name, [U, 5])])
      const inputs = [...(PROOF_INPUTS[name] ?? []), ...(requireNetworkRules(nv).maxSealProof >= 19n ? (PROOF_INPUTS_V4[name] ?? []) : [])]
      return fc.oneof(fc.constantFrom(...inputs).map((d) => [w(U, d), sys(name, [U, d.length / 2])]), garbage.map((g) => [w(U, g), sys(name, [U, g.length])]))
    }
    case 'crypto.batch_verify_seals': {
      const inputs = PROOF_INPUTS[name] ?? []
      return fc.oneof(fc.constantFrom(...inputs).map((d) => [w(U, d), sys(name, [U, d.length / 2, U2])]), garbage.map((g) => [w(U, g), sys(name, [U, g.length, U2])]))
    }
    case 'crypto.verify_consensus_fault':
      return fc.tuple(garbage, garbage).map(([a, b]) => [w(U, a), w(U2, b), sys(name, [U, a.length, U2, b.length, U3, 0])])
    case 'crypto.verify_bls_aggregate':
      return fc.constantFrom(...BLS_AGGREGATE_SNIPPETS.map((ops) => [...ops]))
    default:
      throw new Error(`no raw-syscall snippet for ${name}`)
  }
}

/** A valid v4 event (the three buffers, as hex): 0–3 entries with flags 0–3, a key of 1–31 bytes, codec RAW or CBOR. */
const validEventV4: Arb<[string, string, string]> = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'key', 'topic1', '👱', 'k'.repeat(31)), fc.constantFrom(0x55, 0x51), fc.uint8Array({ maxLength: 16 })), { maxLength: 3 })
  .map((es) => {
    const b = eventBuffers(es.map(([flags, key, codec, value]) => ({ flags, key, codec, value })))
    return [h(b.entries), h(b.keys), h(b.values)]
  })

/**
 * `crypto.verify_bls_aggregate` calls: ref-fvm's valid aggregate and its three invalid variants
 * (vectors/test-bundle/bls-vectors.ts), no signers (valid), and plaintext lengths past memory
 * (IllegalArgument).
 */
const BLS_AGGREGATE_SNIPPETS: readonly (readonly GenOp[])[] = (() => {
  const call = (sig: Uint8Array, keys: readonly Uint8Array[], msgs: readonly Uint8Array[]): GenOp[] => {
    const l = blsAggregateLayout(U, sig, keys, msgs)
    return [w(U, l.bytes), sys('crypto.verify_bls_aggregate', l.args)]
  }
  const a = BLS_AGGREGATE
  return [
    call(a.signature, a.publicKeys, a.messages),
    call(BLS_OTHER_G2, a.publicKeys, a.messages),
    call(a.signature, [BLS_OTHER_G1, ...a.publicKeys.slice(1)], a.messages),
    call(a.signature, a.publicKeys, [BLS_OTHER_MESSAGE, ...a.messages.slice(1)]),
    call(a.signature, [], []),
    [w(U, bytes(96 + 48 + 4, 3)), w(U + 144, 'ffffff7f'), sys('crypto.verify_bls_aggregate', [1, U, U + 96, U + 148, U + 144])],
  ]
})()

/** A valid ActorEvent: 1–3 entries of [flags, key, IPLD_RAW, value]. */
const validEvent: Arb<string> = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'key', 'topic1'), fc.uint8Array({ maxLength: 16 })), { minLength: 1, maxLength: 3 })
  .map((es) => cborHex(es.map(([f, k, v]) => [BigInt(f), k, 0x55n, v])))

/** Any raw syscall of the version. Syscalls that end the invocation (or the actor) are left to `terminal`. */
function rawSyscall(nv: Nv): Arb<GenOp[]> {
  const names = rawSyscallsFor(abiFor(nv)).filter((s) => s.diverges !== true && s.name !== 'self_destruct').map((s) => `${s.module}.${s.name}`)
  return fc.constantFrom(...names).chain((n) => rawSnippet(nv, n))
}

// ---- programs ----------------------------------------------------------------------------------

const addr = (actor: number, by: 'id' | 'key' = 'id', key?: 'bls' | 'secp'): GenAddress => ({ actor, by, ...(key === undefined ? {} : { key }) })

/** The syscall that ends an invocation with an exit code (`vm.abort` in v2, `vm.exit` in v3). */
function exitSyscall(nv: Nv): string {
  const s = rawSyscallsFor(abiFor(nv)).find((x) => x.diverges === true)
  if (s === undefined) throw new Error(`nv${nv}: no exit syscall`)
  return `${s.module}.${s.name}`
}

/** The SELF_DESTRUCT op: v2/v3 to a beneficiary, v4 burning or keeping the balance (by the syscall's signature). */
function selfDestructOp(nv: Nv): Arb<GenOp[]> {
  if (sigOf(nv, 'self.self_destruct')?.params === 'i') return fc.constantFrom(false, true).map((burn): GenOp[] => [{ op: 'self_destruct', burn }])
  return fc.constantFrom(100, 101, MISSING).map((id): GenOp[] => [{ op: 'self_destruct', beneficiary: addr(id) }])
}

/** Ops that always end the invocation, covering every class of ending. */
function terminal(nv: Nv): Arb<GenOp[]> {
  const endings: Arb<GenOp[]>[] = [
    fc.constantFrom(0, 1, 7, 15, 16, 18, 20, 24, 25, 26, 27, 1000, 0x7fff_ffff, 0x8000_0000, 0xffff_fffe).map((code): GenOp[] => [{ op: 'exit', code }]),
    fc.constant<GenOp[]>([{ op: 'return', handle: 0 }]),
    fc.constant<GenOp[]>([{ op: 'return', handle: 4242 }]), // not in the registry: 11
    fc.constant<GenOp[]>([w(65_530, bytes(20, 1))]), // out-of-bounds store: a trap, 4
    rawSnippet(nv, exitSyscall(nv)),
    // Self-destruct, then return: the actor is gone for later messages, so only at the end.
    fc.oneof(selfDestructOp(nv), rawSnippet(nv, 'self.self_destruct')).map((ops): GenOp[] => [...ops, { op: 'return' }]),
  ]
  if (requireNetworkRules(nv).exitCarriesReturnBlock) endings.push(fc.constant<GenOp[]>([{ op: 'exit', code: 16, handle: 4242 }])) // a handle not in the registry: Fatal
  return fc.oneof(...endings)
}

function program(nv: Nv, depth: number): Arb<GenOp[]> {
  return fc
    .tuple(fc.array(snippet(nv, depth), { minLength: depth === 2 ? 4 : 1, maxLength: depth === 2 ? 9 : 2 }), fc.option(terminal(nv), { freq: depth === 2 ? 5 : 3 }))
    .map(([parts, end]) => [...parts.flat(), ...(end ?? [])])
}

function snippet(nv: Nv, depth: number): Arb<GenOp[]> {
  const leaf: fc.WeightedArbitrary<GenOp[]>[] = [
    { weight: 8, arbitrary: rawSyscall(nv) },
    { weight: 1, arbitrary: fc.constantFrom<GenOp[]>([{ op: 'state_read' }], [{ op: 'balance' }], [{ op: 'self_address' }], [{ op: 'message_context' }]) },
    { weight: 1, arbitrary: cborValue.map((d): GenOp[] => [{ op: 'state_write', data: d }]) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(Codec.DAG_CBOR, Codec.CBOR, Codec.RAW, 0x1234), cborValue, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 64 })).map(([codec, d, off, len]): GenOp[] => [
        { op: 'block_create', codec, data: d },
        { op: 'block_link' },
        { op: 'block_open' },
        { op: 'block_read', handle: 0xffff_ffff, offset: off, length: len },
        { op: 'block_stat' },
      ]),
    },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 3000 }).map((n): GenOp[] => [{ op: 'burn', n }]) },
    { weight: 1, arbitrary: fc.constantFrom(0, 1, 2, 9000).map((pages): GenOp[] => [{ op: 'grow', pages }]) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom<'chain' | 'beacon'>('chain', 'beacon'), fc.integer({ min: 0, max: 5 }), fc.constantFrom(GEN_EPOCH, GEN_EPOCH - 1, GEN_EPOCH - 30), fc.uint8Array({ maxLength: 12 })).map(
        ([kind, tag, epoch, e]): GenOp[] => [{ op: 'randomness', kind, tag, epoch, entropy: h(e) }],
      ),
    },
  ]
  if (sigOf(nv, 'event.emit_event')?.params.length === 6) {
    leaf.push({ weight: 1, arbitrary: validEventV4.map(([entries, keys, values]): GenOp[] => [{ op: 'emit_event', entries, keys, values }]) })
  } else if (binds(nv, 'event.emit_event')) {
    leaf.push({ weight: 1, arbitrary: fc.oneof(validEvent, fc.constant('ff')).map((d): GenOp[] => [{ op: 'emit_event', data: d }]) })
  }
  if (binds(nv, 'network.context') && binds(nv, 'actor.balance_of')) {
    leaf.push({ weight: 1, arbitrary: fc.constantFrom<GenOp[]>([{ op: 'network_context' }], [{ op: 'balance_of', actor: 100 }], [{ op: 'balance_of', actor: MISSING }]) })
  }
  if (depth === 0) return fc.oneof(...leaf)
  const sub = program(nv, depth - 1)
  const rules = requireNetworkRules(nv)
  // A send's own gas limit and its flags exist where the release has nested limits and read-only frames.
  const gasLimit: Arb<string | undefined> = rules.send.nestedGasLimits ? fc.option(fc.constantFrom('200000', '2000000', '50000000'), { nil: undefined, freq: 2 }) : fc.constant(undefined)
  const flags: Arb<number | undefined> = rules.readOnlyFrames ? fc.option(fc.constantFrom(1, 2), { nil: undefined, freq: 4 }) : fc.constant(undefined)
  const opt = <K extends string, V>(k: K, v: V | undefined) => (v === undefined ? {} : ({ [k]: v } as Record<K, V>))
  const sends: fc.WeightedArbitrary<GenOp[]>[] = [
    {
      weight: 4,
      arbitrary: fc.tuple(fc.constantFrom(...SCRIPTED), fc.constantFrom('0', '0', '5', '1000000000000000000000000'), gasLimit, flags, sub, fc.integer({ min: 0, max: 5 }).map((n) => n === 0)).map(([to, value, gl, fl, p, check]): GenOp[] => [
        { op: 'send', to: addr(to), method: 2, value, ...opt('gas_limit', gl), ...opt('flags', fl), program: p },
        ...(check ? [{ op: 'assert_exit', expected: 0, code: 30 } as GenOp] : []),
      ]),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(gasLimit, flags, sub).map(([gl, fl, p]): GenOp[] => [{ op: 'recurse', ...opt('gas_limit', gl), ...opt('flags', fl), program: p }]),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(addr(100), addr(101, 'key'), addr(MISSING), addr(FRESH + 1, 'key', 'secp'), addr(FRESH + 2, 'key', 'bls'), addr(MULTISIG)), fc.constantFrom(0, 0, 2), attos)
        .map(([to, method, value]): GenOp[] => [{ op: 'send', to, method, value }]),
    },
  ]
  if (rules.priceList.ipld !== null) {
    // FIP-0071 link tracking (v4): a DAG-CBOR block linking one the program made; a callee given a
    // link in its params, opening it; a callee returning a block with a link (OnReturnValue).
    const linked = cborValue.map((d) => ({ d, cid: h(dagCborCid(fromHex(d)).bytes) }))
    sends.push(
      {
        weight: 1,
        arbitrary: linked.map(({ d, cid }): GenOp[] => [
          { op: 'block_create', codec: Codec.DAG_CBOR, data: d },
          { op: 'block_link' },
          { op: 'block_create', codec: Codec.DAG_CBOR, data: cborHex([CID.decode(fromHex(cid)) as Ipld, 7n]) },
          { op: 'block_link' },
          { op: 'block_open' },
        ]),
      },
      {
        weight: 2,
        arbitrary: fc.tuple(linked, fc.constantFrom(...SCRIPTED), sub).map(([{ d, cid }, to, p]): GenOp[] => [
          { op: 'block_create', codec: Codec.DAG_CBOR, data: d },
          { op: 'block_link' },
          { op: 'send', to: addr(to), method: 2, value: '0', links: [cid], program: [{ op: 'block_open', cid }, ...p] },
        ]),
      },
      {
        weight: 1,
        arbitrary: linked.map(({ d, cid }): GenOp[] => [
          { op: 'recurse', program: [{ op: 'block_create', codec: Codec.DAG_CBOR, data: d }, { op: 'block_link' }, { op: 'block_create', codec: Codec.DAG_CBOR, data: cborHex([CID.decode(fromHex(cid)) as Ipld]) }, { op: 'return', handle: 0xffff_ffff }] },
          { op: 'block_open', cid },
        ]),
      },
    )
  }
  if (rules.send.nestedGasLimits) {
    // Out of gas inside a nested gas limit: the callee burns more than it was given.
    sends.push({ weight: 1, arbitrary: fc.constantFrom(...SCRIPTED).map((to): GenOp[] => [{ op: 'send', to: addr(to), method: 2, value: '0', gas_limit: '300000', program: [{ op: 'burn', n: 200_000 }] }]) })
  }
  return fc.oneof(...leaf, ...sends)
}

// ---- pre-states and messages ---------------------------------------------------------------------

const FIL = 10n ** 18n

function actors(): Arb<GenActor[]> {
  const account = (id: number) =>
    fc.record({ key: fc.constantFrom<'bls' | 'secp'>('bls', 'secp'), balance: fc.bigInt({ min: 100n * FIL, max: 100_000n * FIL }), nonce: fc.integer({ min: 0, max: 3 }) }).map(
      (a): GenActor => ({ id, kind: 'account', key: a.key, balance: a.balance.toString(), ...(a.nonce === 0 ? {} : { nonce: a.nonce }) }),
    )
  const scripted = (id: number) => fc.tuple(fc.bigInt({ min: 0n, max: 1000n * FIL }), fc.option(cborValue, { nil: undefined })).map(([b, s]): GenActor => ({ id, kind: 'scripted', balance: b.toString(), ...(s === undefined ? {} : { state: s }) }))
  return fc.tuple(account(100), account(101), fc.constant<GenActor>({ id: 102, kind: 'account', key: 'bls', balance: '1000000000000' }), scripted(110), scripted(111), fc.constant<GenActor>({ id: MULTISIG, kind: 'multisig', balance: (10n * FIL).toString() })).map((xs) => [...xs])
}

const FEE = { fee_cap: '200', premium: '10' }
const GAS = '3000000000'

function message(nv: Nv): Arb<GenMessage> {
  const from = fc.constantFrom(addr(100), addr(101), addr(100, 'key'), addr(101, 'key'))
  const call = fc.tuple(from, fc.constantFrom(...SCRIPTED), fc.constantFrom('0', '0', '7'), fc.constantFrom(2, 2, 3), program(nv, 2)).map(([f, to, value, method, p]): GenMessage => ({ from: f, to: addr(to), method, value, gas_limit: GAS, ...FEE, program: p }))
  const lowGas = fc.tuple(from, fc.constantFrom(...SCRIPTED), program(nv, 0)).map(([f, to, p]): GenMessage => ({ from: f, to: addr(to), method: 2, value: '0', gas_limit: lowGasLimit(nv), ...FEE, program: p }))
  const bare = fc
    .tuple(from, fc.constantFrom(addr(101), addr(100, 'key'), addr(110), addr(MISSING), addr(FRESH, 'key', 'secp'), addr(FRESH + 3, 'key', 'bls'), addr(MULTISIG), addr(102)), attos, fc.constantFrom('0', '0', '1000000000000000000000000000'))
    .map(([f, to, v, huge]): GenMessage => ({ from: f, to, method: 0, value: huge === '0' ? v : huge, gas_limit: '30000000', ...FEE }))
  const other = fc.constantFrom<GenMessage>(
    { from: addr(100), to: addr(101), method: 2, value: '0', gas_limit: '30000000', ...FEE }, // account actor: 22
    { from: addr(100), to: addr(MULTISIG), method: 2, value: '0', gas_limit: '30000000', ...FEE }, // stub: 22
    { from: addr(100), to: addr(110), method: 2, value: '0', gas_limit: GAS, ...FEE, params: 'ff' }, // not a byte string: 1000
  )
  const preflight = fc.constantFrom<GenMessage>(
    { from: addr(100), to: addr(101), method: 0, value: '1', gas_limit: '30000000', ...FEE, nonce: 77 }, // bad nonce: 2
    { from: addr(102), to: addr(101), method: 0, value: '1', gas_limit: '30000000', fee_cap: '100000000', premium: '10' }, // cannot cover the gas: 2
    { from: addr(100), to: addr(101), method: 0, value: '1', gas_limit: '1000', ...FEE }, // below inclusion: 7
    { from: addr(MISSING, 'key', 'secp'), to: addr(101), method: 0, value: '1', gas_limit: '30000000', ...FEE }, // unknown sender: 1
    { from: addr(110), to: addr(101), method: 0, value: '1', gas_limit: '30000000', ...FEE }, // not an account: 1
  )
  return fc.oneof({ weight: 8, arbitrary: call }, { weight: 1, arbitrary: lowGas }, { weight: 2, arbitrary: bare }, { weight: 1, arbitrary: other }, { weight: 1, arbitrary: preflight })
}

/** A recipe for network version `nv`: a pre-state and 3–6 messages. @rule runner.generate */
export function recipeArbitrary(nv: Nv): Arb<ScriptedRecipe> {
  return fc.tuple(actors(), fc.array(message(nv), { minLength: 3, maxLength: 6 })).map(([as, ms]) => ({ nv, base_fee: '100', actors: as, messages: ms }))
}
