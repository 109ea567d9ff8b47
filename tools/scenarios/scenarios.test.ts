/**
 * The scenario vectors (vectors/corpus/scenarios): without bundles, the keys, signatures and
 * parameter encodings are checked, every committed vector carries the exit codes the actors'
 * source gives (a table here, independent of the generator), and the runner skips each one
 * naming the actor and --bundles. With FVM_SPEC_BUNDLES, every committed vector passes, and
 * regenerating the scenarios gives the committed files byte for byte.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createInvoker } from '../../interpreter/invocation/container.js'
import { Engine } from '../../interpreter/invocation/engine.js'
import { decodeCbor, encodeCbor } from '../../interpreter/ipld/cbor.js'
import { Codec, Multihash } from '../../interpreter/ipld/cid.js'
import { SignatureType, verifySignature } from '../../interpreter/crypto/signature.js'
import { addressToString, idAddress, secp256k1AddressFromPayload } from '../../interpreter/types/address.js'
import { findVectorFiles } from '../../vectors/discover.js'
import { runVectorText } from '../../vectors/run-vector.js'
import { loadBundles } from '../../vectors/bundles.js'
import { frc42MethodNumber } from '../sandbox/evm.js'
import { actorsVersionFor, bundleFileName } from '../genesis/versions.js'
import { isSupported } from '../../interpreter/types/network-version.js'
import * as A from './actors.js'
import { SCENARIO_RUNTIME, STORED_TOPIC } from './contract.js'
import { generateScenarios, nvFolder, summaryMarkdown } from './generate.js'
import { blsKey, ip4TcpMultiaddr, peerId, secpKey, sign, signatureBytes } from './keys.js'
import { SCENARIO_NETWORK_VERSIONS, ScenarioError, ScenarioSession, scenariosFor } from './scenarios.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const COMMITTED = join(ROOT, 'vectors', 'corpus', 'scenarios')
const BUNDLES = process.env['FVM_SPEC_BUNDLES']

/** The network version of a committed vector, from its folder (`nvNN`). */
function nvOfFile(file: string): number {
  const m = /[/\\]nv(\d+)[/\\][^/\\]+\.json$/.exec(file)
  if (m === null) throw new Error(`${file} is not in an nvNN folder`)
  return Number(m[1])
}

function bundleSkip(nvs: readonly number[]): string | false {
  if (BUNDLES === undefined || BUNDLES === '') return 'FVM_SPEC_BUNDLES is not set (point it at a folder with vN-builtin-actors-mainnet.car)'
  for (const nv of nvs) {
    const file = join(BUNDLES, bundleFileName(actorsVersionFor(nv) ?? 0))
    if (!existsSync(file)) return `${file} does not exist`
  }
  return false
}

/**
 * The exit codes each vector's messages must get, written from the actors' source
 * (spec/scenarios.md), not from the generator.
 */
function expectedExitCodes(name: string, actorsVersion: number): readonly number[] | undefined {
  // From actors v17 a CreateMiner without the FIP-0077 deposit exits 19 first.
  if (name === 'miner') return actorsVersion >= 17 ? [16, 19, 0, 0, 0, 0, 0, 18, 0] : [16, 0, 0, 0, 0, 0, 18, 0]
  return EXPECTED_EXIT_CODES[name]
}

const EXPECTED_EXIT_CODES: Readonly<Record<string, readonly number[]>> = {
  multisig: [0, 0, 18, 0],
  'paych-1-update-settle': [0, 16, 0, 0, 18],
  'paych-2-collect': [0],
  market: [0, 0, 0, 16, 0, 0, 0, 0],
  verifreg: [18, 0, 0, 0],
  evm: [0, 0, 0, 0, 33],
}

/** The vector files each network version must have. */
function expectedFiles(nv: number): string[] {
  const names = scenariosFor(nv).flatMap((s) => (s.name === 'paych' ? ['paych-1-update-settle', 'paych-2-collect'] : [s.name]))
  return names.map((n) => `${n}.json`).sort()
}

interface VectorJson {
  _meta: { id: string }
  preconditions: { variants: { nv: number; epoch: number }[] }
  apply_messages: { bytes: string }[]
  postconditions: { receipts: { exit_code: number }[] }
}

test('keys: secp256k1 and BLS signatures verify with the interpreter\'s own checks; a different key does not', () => {
  const data = new TextEncoder().encode('a voucher')
  const a = secpKey('a')
  const b = secpKey('b')
  assert.notEqual(a.text, b.text)
  assert.equal(secpKey('a').text, a.text, 'keys are derived from names')
  assert.equal(verifySignature(SignatureType.Secp256k1, sign(a, data), data, a.address), true)
  assert.equal(verifySignature(SignatureType.Secp256k1, sign(b, data), data, a.address), false)
  assert.deepEqual(sign(a, data), sign(a, data), 'RFC 6979: deterministic')
  const w = blsKey('w')
  assert.ok(w.text.startsWith('f3'))
  assert.equal(verifySignature(SignatureType.BLS, sign(w, data), data, w.address), true)
  assert.equal(verifySignature(SignatureType.BLS, sign(blsKey('v'), data), data, w.address), false)
  const sig = sign(a, data)
  assert.deepEqual(signatureBytes(a, sig), Uint8Array.of(1, ...sig))
  assert.equal(signatureBytes(w, sign(w, data))[0], 2)
  const p = peerId('x')
  assert.equal(p.length, 38)
  assert.deepEqual([...p.subarray(0, 6)], [0x00, 36, 0x08, 0x01, 0x12, 0x20])
  assert.deepEqual([...ip4TcpMultiaddr([127, 0, 0, 1], 24001)], [0x04, 127, 0, 0, 1, 0x06, 0x5d, 0xc1])
})

test('actor parameters: voucher signing bytes, the proposal hash preimage, piece CIDs, proof types, method numbers', () => {
  const v: A.Voucher = { channel: idAddress(101n), timeLockMin: 0n, timeLockMax: 0n, lane: 0n, nonce: 1n, amount: 3n, minSettleHeight: 0n }
  const signing = decodeCbor(A.voucherSigningBytes(v)) as unknown[]
  assert.equal(signing.length, 11)
  assert.equal(signing[10], null, 'the signature field is serialized as ()')
  const [sv] = decodeCbor(A.updateChannelStateParams(v, Uint8Array.of(1, 2))) as [unknown[]]
  assert.deepEqual(sv.slice(0, 10), signing.slice(0, 10))
  assert.deepEqual(sv[10], Uint8Array.of(1, 2))
  const piece = A.zeroPieceCid(2048n)
  assert.equal(piece.code, Codec.FIL_COMMITMENT_UNSEALED)
  assert.equal(piece.multihash.code, Multihash.SHA2_256_TRUNC254_PADDED)
  assert.throws(() => A.zeroPieceCid(3000n), /not a padded piece size/)
  assert.deepEqual(A.windowPoStProof32GiB(9), { accepted: 8n, refused: 13n })
  assert.deepEqual(A.windowPoStProof32GiB(11), { accepted: 13n, refused: 10n })
  assert.deepEqual(A.windowPoStProof32GiB(18), { accepted: 13n, refused: 8n })
  assert.equal(A.datacapBalanceMethod(9), 13n)
  assert.equal(A.datacapBalanceMethod(10), frc42MethodNumber('Balance'))
  assert.equal(frc42MethodNumber('Balance'), 3261979605n)
  const to = secp256k1AddressFromPayload(new Uint8Array(20).fill(7))
  assert.deepEqual(A.proposalHash(idAddress(100n), to, 5n, 0n, new Uint8Array(0)).length, 32)
  assert.notDeepEqual(A.proposalHash(idAddress(100n), to, 5n, 0n, new Uint8Array(0)), A.proposalHash(idAddress(101n), to, 5n, 0n, new Uint8Array(0)))
  const label = (decodeCbor(A.dealProposalBytes({ pieceCid: piece, pieceSize: 2048n, verified: false, client: to, provider: idAddress(1000n), label: 'x', startEpoch: 1n, endEpoch: 2n, pricePerEpoch: 0n, providerCollateral: 0n, clientCollateral: 0n })) as unknown[])[5]
  assert.equal(label, 'x')
  const exec = A.decodeExecReturn(encodeCbor([Uint8Array.of(0, 100), Uint8Array.of(2, ...new Uint8Array(20))]))
  assert.equal(addressToString(exec.id), 'f0100')
  assert.ok(addressToString(exec.robust).startsWith('f2'))
  assert.equal(STORED_TOPIC.toString(16).length, 64)
  assert.ok(SCENARIO_RUNTIME.length > 0 && SCENARIO_RUNTIME.length < 200)
})

test('the committed scenario vectors: one folder per network version with a row (supported or preview), every scenario, the exit codes the actors\' source gives', () => {
  assert.ok(existsSync(COMMITTED), `${COMMITTED} is missing`)
  for (const nv of SCENARIO_NETWORK_VERSIONS) {
    const dir = join(COMMITTED, nvFolder(nv))
    assert.ok(existsSync(dir), `${dir} is missing`)
    assert.deepEqual(readdirSync(dir).sort(), expectedFiles(nv), `nv${nv}`)
    for (const file of expectedFiles(nv)) {
      const v = JSON.parse(readFileSync(join(dir, file), 'utf8')) as VectorJson
      const name = file.replace(/\.json$/, '')
      assert.equal(v._meta.id, `scenario-nv${nv}-${name}`)
      assert.equal(v.preconditions.variants.length, 1)
      assert.equal(v.preconditions.variants[0]?.nv, nv)
      assert.deepEqual(v.postconditions.receipts.map((r) => r.exit_code), expectedExitCodes(name, actorsVersionFor(nv) ?? 0), `nv${nv} ${name}`)
      assert.equal(v.apply_messages.length, v.postconditions.receipts.length)
      // Small: no actor code inside.
      assert.ok(readFileSync(join(dir, file)).length < 32 * 1024, `${file} is small`)
    }
  }
  assert.ok(readFileSync(join(COMMITTED, 'README.md'), 'utf8').startsWith('# Scenario vectors'))
})

/** A version not yet supported: the runner skips its vectors whatever bundles it has. */
const NOT_SUPPORTED = /network version \d+ is not supported \(supported: [\d, ]+\)/

test('without bundles, every scenario vector is skipped naming the actor, the method and --bundles', () => {
  const invoker = createInvoker({ engine: new Engine() })
  for (const file of findVectorFiles([COMMITTED])) {
    const r = runVectorText(readFileSync(file, 'utf8'), file, { invoker })
    assert.equal(r.status, 'skip', `${file}: ${r.reason}`)
    if (!isSupported(nvOfFile(file))) {
      assert.match(r.reason ?? '', NOT_SUPPORTED, file)
      continue
    }
    assert.match(r.reason ?? '', /: needs the (init|storagepower|verifiedregistry|eam|paymentchannel|multisig|storageminer|storagemarket|datacap|evm|account) actor \(nv\d+: built-in actors v\d+; method \d+; code bafk\w+\) from a bundle: pass --bundles DIR or set \$FVM_SPEC_BUNDLES, DIR holding v\d+-builtin-actors-mainnet\.car$/, file)
    const nv = r.nv ?? 0
    assert.ok((r.reason ?? '').endsWith(`v${actorsVersionFor(nv)}-builtin-actors-mainnet.car`), `${file}: names its bundle`)
  }
})

test('with the bundles, every committed scenario vector of a supported version passes bit-exact', { skip: bundleSkip(SCENARIO_NETWORK_VERSIONS) }, () => {
  const bundles = loadBundles(BUNDLES as string)
  const invoker = createInvoker({ engine: new Engine() })
  const files = findVectorFiles([COMMITTED])
  assert.ok(files.length >= SCENARIO_NETWORK_VERSIONS.length * 6)
  for (const file of files) {
    const r = runVectorText(readFileSync(file, 'utf8'), file, { bundleBlocks: bundles.blocks, invoker })
    if (isSupported(nvOfFile(file))) assert.equal(r.status, 'pass', `${file}: ${r.reason}`)
    else assert.ok(r.status === 'skip' && NOT_SUPPORTED.test(r.reason ?? ''), `${file}: a preview version is skipped until supported (${r.status}: ${r.reason})`)
  }
})

test('regenerating the scenarios gives the committed vectors and summary byte for byte', { skip: bundleSkip(SCENARIO_NETWORK_VERSIONS) }, () => {
  const g = generateScenarios(BUNDLES as string)
  const committed = SCENARIO_NETWORK_VERSIONS.flatMap((nv) => expectedFiles(nv).map((f) => `${nvFolder(nv)}/${f}`)).sort()
  assert.deepEqual([...g.files.keys()].sort(), committed)
  for (const [rel, text] of g.files) assert.equal(text, readFileSync(join(COMMITTED, rel), 'utf8'), rel)
  assert.equal(summaryMarkdown(g.runs), readFileSync(join(COMMITTED, 'README.md'), 'utf8'))
  // Every message got the exit code it was expected to (the generator throws otherwise), and the expectation cites the source.
  for (const r of g.runs) {
    for (const s of r.steps) {
      assert.equal(s.exitCode, s.expected, `${r.nv} ${s.vector} ${s.label}`)
      assert.match(s.source, /^builtin-actors v\d+\.\d+\.\d+ actors\/\w+\/src\//)
    }
  }
})

test('a scenario message with an unexpected exit code fails the scenario, naming the message, both codes and the source', { skip: bundleSkip([18]) }, async () => {
  const { Sandbox } = await import('../sandbox/sandbox.js')
  const stranger = secpKey('stranger')
  const sb = await Sandbox.create({ nv: 18, bundles: BUNDLES as string, accounts: [{ address: stranger.text, balance: 10n ** 18n }] })
  const session = new ScenarioSession('test', sb, 10)
  const msg = { from: stranger.text, to: addressToString(idAddress(6n)), method: A.VERIFREG.AddVerifier, params: A.verifierParams(idAddress(100n), 1n << 20n) }
  assert.throws(
    () => session.step('AddVerifier by a stranger', msg, { exit: 0, source: 'the test' }),
    (e: unknown) => e instanceof ScenarioError && /test at nv18, AddVerifier by a stranger: exit 18 \(USR_FORBIDDEN\), expected 0 \(OK\) per the test/.test(e.message),
  )
  assert.equal(session.step('AddVerifier by a stranger', msg, { exit: 18, source: 'the test' }).exitCode, 18)
  assert.deepEqual(session.steps.map((x) => [x.exitCode, x.expected]), [[18, 0], [18, 18]])
})
