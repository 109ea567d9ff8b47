/**
 * The genesis builder on the real bundles, at every network version the interpreter supports
 * (bundle-dependent tests skip without FVM_SPEC_BUNDLES), and its inputs without bundles.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { applyMessage } from '../../interpreter/executor/apply-message.js'
import { Blockstore } from '../../interpreter/ipld/blockstore.js'
import { asArray, asBytes, decodeCbor, encodeCbor, type Ipld } from '../../interpreter/ipld/cbor.js'
import { cidKey } from '../../interpreter/ipld/cid.js'
import { isBuiltin, loadManifest } from '../../interpreter/machine/manifest.js'
import { StateTree } from '../../interpreter/state/state-tree.js'
import { addressFromBytes, addressToBytes, addressToString, blsAddress, idAddress, Protocol, secp256k1AddressFromPayload, type Address } from '../../interpreter/types/address.js'
import { BURNT_FUNDS_ACTOR_ID, EAM_ACTOR_ID, INIT_ACTOR_ID, SYSTEM_ACTOR_ID } from '../../interpreter/types/chain.js'
import { encodeMessage, type Message } from '../../interpreter/types/message.js'
import { SUPPORTED_NETWORK_VERSIONS } from '../../interpreter/types/network-version.js'
import { SECP_SIGNATURE_OVERHEAD } from '../../vectors/run-vector.js'
import { parseAddressInput } from './addresses.js'
import { loadBundleFor } from './bundle.js'
import { unpackCar } from './car.js'
import { parseAccountFlag, parseBalance } from './flags.js'
import { command as genesisCli } from '../cli/commands/genesis.js'
import { main } from '../cli/main.js'
import { genesisDocument, parseGenesisDocument } from './document.js'
import { buildGenesis, GENESIS_CONTEXT, GenesisError, type AccountRequest } from './genesis.js'
import { toolMachine } from './machine.js'
import { actorsVersionFor, bundleFileName } from './versions.js'

const BUNDLES = process.env['FVM_SPEC_BUNDLES']

/** Skip reason for nv, or false when its bundle is there. */
function bundleSkip(nv: number): string | false {
  if (BUNDLES === undefined || BUNDLES === '') return 'FVM_SPEC_BUNDLES is not set (point it at a folder with vN-builtin-actors-mainnet.car)'
  const av = actorsVersionFor(nv)
  if (av === undefined) return `nv${nv} has no actors version`
  const file = join(BUNDLES, bundleFileName(av))
  return existsSync(file) ? false : `${file} does not exist`
}

const alice = secp256k1AddressFromPayload(new Uint8Array(20).fill(1))
const bob = secp256k1AddressFromPayload(new Uint8Array(20).fill(2))
const carol = blsAddress(Uint8Array.from({ length: 48 }, (_, i) => (i === 0 ? 0xa0 : 3)))
const ETH_PLACEHOLDER = '0x1111111111111111111111111111111111111111'
const ETH_ACCOUNT = '0x2222222222222222222222222222222222222222'
const FIL = 10n ** 18n

function requests(nv: number): AccountRequest[] {
  const base: AccountRequest[] = [
    { address: addressToString(alice), balance: 1000n * FIL },
    { address: addressToString(bob), balance: 1n },
    { address: addressToString(carol), balance: 2n * FIL },
  ]
  return nv >= 18 ? [...base, { address: ETH_PLACEHOLDER, balance: 3n * FIL }, { address: ETH_ACCOUNT, balance: 4n * FIL, kind: 'ethaccount' }] : base
}

test('inputs: balances, --account flags, addresses, the actors version table', () => {
  assert.equal(parseBalance('0'), 0n)
  assert.equal(parseBalance('123'), 123n)
  assert.equal(parseBalance('1.5FIL'), 15n * 10n ** 17n)
  assert.equal(parseBalance('2FIL'), 2n * FIL)
  for (const bad of ['-1', '01', '1.5', '1e18', 'FIL', '1.0000000000000000001FIL', '']) assert.equal(parseBalance(bad), undefined, bad)
  assert.deepEqual(parseAccountFlag('0xab=5:ethaccount'), { address: '0xab', balance: 5n, kind: 'ethaccount' })
  assert.deepEqual(parseAccountFlag('f1x=7'), { address: 'f1x', balance: 7n })
  assert.match(parseAccountFlag('f1x') as string, /expected ADDRESS=BALANCE/)
  assert.match(parseAccountFlag('f1x=7:miner') as string, /kind must be placeholder or ethaccount/)
  assert.match(parseAccountFlag('f1x=seven') as string, /not a whole number/)
  const eth = parseAddressInput('0x00000000000000000000000000000000000000aB')
  assert.equal(eth.protocol, Protocol.DELEGATED)
  assert.equal(addressToString(eth).startsWith('f410f'), true)
  assert.deepEqual(parseAddressInput(addressToString(eth)), eth)
  // A masked-ID Ethereum address is that ID (Lotus EthAddress.ToFilecoinAddress).
  assert.deepEqual(parseAddressInput('0xff00000000000000000000000000000000000064'), idAddress(100n))
  assert.throws(() => parseAddressInput('0x1234'), /not an address/)
  assert.throws(() => parseAddressInput('f1nope'), /not an address/)
  // go-state-types actors/version.go VersionForNetwork, transcribed independently of the rows.
  const goStateTypes: Record<number, number> = { 17: 9, 18: 10, 19: 11, 20: 11, 21: 12, 22: 13, 23: 14, 24: 15, 25: 16, 26: 16, 27: 17, 28: 18 }
  for (const nv of [...SUPPORTED_NETWORK_VERSIONS, 21, 22, 23, 24, 25, 26, 27, 28]) assert.equal(actorsVersionFor(nv), goStateTypes[nv], `nv${nv}`)
  assert.equal(actorsVersionFor(16), undefined)
})

async function cli(...argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const code = await genesisCli.main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

test('fvm-spec genesis: bad command lines are refused before anything runs', async () => {
  const run = cli
  assert.match((await run()).err, /--nv N is required/)
  assert.equal((await run('--nv', 'x')).code, 2)
  assert.match((await run('--nv', '18', '--account', 'f1x=oops', '--bundles', '/nonexistent')).err, /not a whole number/)
  const unsupported = await run('--nv', '99', '--bundles', '/nonexistent')
  assert.equal(unsupported.code, 1)
  assert.match(unsupported.err, /network version 99 is not supported by the interpreter \(supported: 17, 18/)
  assert.match((await run('--nv', '18', '--verifreg-root', 'f1abc')).err, /--verifreg-root f1abc/)
  assert.match((await run('--bogus')).err, /Unknown option/)
  const help: string[] = []
  assert.equal(await main(['help', 'genesis'], (l) => help.push(l), () => undefined), 0)
  assert.match(help.join('\n'), /^usage: fvm-spec genesis/)
  const missing = await run('--nv', String(SUPPORTED_NETWORK_VERSIONS[0]), '--bundles', join(tmpdir(), 'no-bundles-here'))
  assert.equal(missing.code, 1)
  assert.match(missing.err, /builtin-actors-mainnet\.car does not exist/)
})

for (const nv of SUPPORTED_NETWORK_VERSIONS) {
  const skip = bundleSkip(nv)

  test(`nv${nv}: genesis runs every constructor (exit 0), reloads, and holds each singleton with its code and each account with its balance`, { skip }, () => {
    const bundle = loadBundleFor(BUNDLES as string, nv)
    const reqs = requests(nv)
    const g = buildGenesis({ nv, bundle, accounts: reqs })
    const expected = ['system', 'init', 'reward', 'cron', 'storagepower', 'storagemarket', 'verifiedregistry', 'datacap', ...(nv >= 18 ? ['eam'] : [])]
    assert.deepEqual(g.constructors.map((c) => c.name), expected)
    for (const c of g.constructors) {
      assert.equal(c.exitCode, 0, c.name)
      assert.ok(c.gasUsed > 0n, `${c.name} ran actor code`)
    }

    // Reload from the root alone: the manifest comes from the system actor's state.
    const tree = StateTree.load(g.tree.store, g.root, g.rules.stateRootVersions)
    const manifest = loadManifest(tree, g.rules.requiredActors)
    assert.equal(manifest.cid.toString(), bundle.manifestDataCid.toString())
    for (const s of g.singletons) {
      const a = tree.getActor(s.id)
      assert.ok(a !== undefined, `f0${s.id} exists`)
      assert.equal(a.code.toString(), s.code.toString())
      assert.equal(manifest.byCode(a.code)?.name, s.id === BURNT_FUNDS_ACTOR_ID ? 'account' : s.name)
      if (s.name !== 'eam') assert.notEqual(a.head.toString(), tree.getActor(EAM_ACTOR_ID)?.head.toString() ?? '', `${s.name} has state`)
    }
    // The burnt-funds account holds its own ID address.
    const burnt = decodeCbor(g.tree.store.mustGet(tree.getActor(BURNT_FUNDS_ACTOR_ID)?.head ?? g.root)) as Ipld[]
    assert.deepEqual(addressFromBytes(asBytes(burnt[0] as Ipld, 'address')), idAddress(BURNT_FUNDS_ACTOR_ID))

    // Accounts: IDs from 100 in order, kinds, balances, and the init actor's address map.
    let total = 0n
    for (const [, a] of tree.entries()) total += a.balance
    assert.equal(total, reqs.reduce((s, r) => s + r.balance, 0n), 'total balance is what was funded')
    assert.equal(tree.getActor(SYSTEM_ACTOR_ID)?.balance, 0n)
    for (const [i, acct] of g.accounts.entries()) {
      const req = reqs[i] as AccountRequest
      assert.equal(acct.id, 100n + BigInt(i))
      assert.equal(tree.lookupId(parseAddressInput(req.address)), acct.id)
      const a = tree.getActor(acct.id)
      assert.equal(a?.balance, req.balance)
      assert.equal(a?.sequence, 0n)
      const name = acct.kind === 'account' ? 'account' : acct.kind
      assert.ok(a !== undefined && isBuiltin(manifest, a.code, name), `${req.address} is a ${name}`)
      if (acct.kind !== 'account') assert.equal(addressToString(a.delegatedAddress as Address), addressToString(acct.address))
    }
    assert.deepEqual(g.accounts.map((a) => a.kind), nv >= 18 ? ['account', 'account', 'account', 'placeholder', 'ethaccount'] : ['account', 'account', 'account'])
  })

  test(`nv${nv}: a value transfer and a real actor method (init Exec → a new multisig) succeed on top of genesis`, { skip }, () => {
    const bundle = loadBundleFor(BUNDLES as string, nv)
    const g = buildGenesis({ nv, bundle, accounts: requests(nv) })
    const machine = toolMachine(g.rules, g.bundle.manifest, { ...GENESIS_CONTEXT, epoch: 1n, timestamp: 30n, baseFee: 100n })
    let tree = g.tree
    const send = (m: Omit<Message, 'version' | 'gasLimit' | 'gasFeeCap' | 'gasPremium'>) => {
      const msg: Message = { version: 0n, gasLimit: 1_000_000_000n, gasFeeCap: 200n, gasPremium: 100n, ...m }
      const out = applyMessage(machine, tree, msg, encodeMessage(msg, g.rules.messageCodec).length + SECP_SIGNATURE_OVERHEAD)
      assert.equal(out.kind, 'applied')
      if (out.kind !== 'applied') throw new Error('unreachable')
      tree = out.tree
      return out
    }
    const before = tree.getActor(101n)?.balance ?? 0n
    const transfer = send({ from: alice, to: bob, sequence: 0n, value: 5n * FIL, method: 0n, params: new Uint8Array() })
    assert.equal(transfer.receipt.exitCode, 0, transfer.failureInfo ?? '')
    assert.equal(tree.getActor(101n)?.balance, before + 5n * FIL)

    const multisig = g.bundle.manifest.byName('multisig')?.code
    assert.ok(multisig !== undefined, 'the bundle has a multisig actor')
    const ctor = encodeCbor([[addressToBytes(alice), addressToBytes(bob)], 1n, 0n, 0n])
    const exec = send({ from: alice, to: idAddress(INIT_ACTOR_ID), sequence: 1n, value: 0n, method: 2n, params: encodeCbor([multisig, ctor]) })
    assert.equal(exec.receipt.exitCode, 0, exec.failureInfo ?? '')
    const [idBytes, robustBytes] = asArray(decodeCbor(exec.receipt.returnData), 'ExecReturn', 2)
    const id = addressFromBytes(asBytes(idBytes as Ipld, 'id'))
    assert.equal(id.protocol, Protocol.ID)
    const created = tree.getActor((id as { id: bigint }).id)
    assert.ok(created !== undefined, `f0${(id as { id: bigint }).id} exists`)
    assert.equal(g.bundle.manifest.byCode(created.code)?.name, 'multisig')
    assert.ok(isBuiltin(g.bundle.manifest, created.code, 'multisig'), 'its code CID equals the manifest entry (not a view of actor memory)')
    assert.equal(tree.lookupId(addressFromBytes(asBytes(robustBytes as Ipld, 'robust'))), (id as { id: bigint }).id)
    assert.equal(tree.getActor(100n)?.sequence, 2n)
  })

  test(`nv${nv}: deterministic — the same inputs give the same state root; the document's CAR rebuilds the state`, { skip }, () => {
    const bundle = loadBundleFor(BUNDLES as string, nv)
    const a = buildGenesis({ nv, bundle, accounts: requests(nv) })
    const b = buildGenesis({ nv, bundle, accounts: requests(nv) })
    assert.equal(a.root.toString(), b.root.toString())
    const reordered = buildGenesis({ nv, bundle, accounts: [...requests(nv)].reverse() })
    assert.notEqual(reordered.root.toString(), a.root.toString(), 'IDs follow the order of the accounts')
    const named = buildGenesis({ nv, bundle, accounts: requests(nv), networkName: 'other' })
    assert.notEqual(named.root.toString(), a.root.toString(), 'the network name is in the init actor state')

    const doc = genesisDocument(a)
    assert.equal(JSON.stringify(doc), JSON.stringify(genesisDocument(b)), 'byte-identical documents')
    const parsed = parseGenesisDocument(JSON.parse(JSON.stringify(doc)))
    assert.ok(typeof parsed !== 'string', String(parsed))
    const car = unpackCar(parsed.car)
    assert.deepEqual(car.roots.map(String), [a.root.toString()])
    assert.ok(car.blocks.every(([cid]) => !bundle.codeKeys.has(cidKey(cid))), 'no actor code in the CAR')
    const tree = StateTree.load(Blockstore.fromBlocks(car.blocks), parsed.state_root, a.rules.stateRootVersions)
    assert.equal(loadManifest(tree, a.rules.requiredActors).cid.toString(), bundle.manifestDataCid.toString(), 'the manifest data block travels with the state')
    assert.equal(tree.flush()[0].toString(), a.root.toString())
    assert.equal(parsed.accounts[0]?.robust, addressToString(alice))
    assert.equal(parsed.accounts[0]?.eth, '0xff00000000000000000000000000000000000064')
  })

  test(`nv${nv}: malformed accounts are refused before anything runs`, { skip }, () => {
    const bundle = loadBundleFor(BUNDLES as string, nv)
    const bad = (accounts: AccountRequest[], re: RegExp) => assert.throws(() => buildGenesis({ nv, bundle, accounts }), (e: unknown) => e instanceof GenesisError && re.test(e.message))
    bad([{ address: 'f1nope', balance: 1n }], /accounts\[0\]: not an address/)
    bad([{ address: addressToString(alice), balance: 1n }, { address: addressToString(alice), balance: 2n }], /accounts\[1\].*same address as accounts\[0\]/)
    bad([{ address: 'f0100', balance: 1n }], /only key addresses/)
    bad([{ address: addressToString(alice), balance: -1n }], /negative balance/)
    bad([{ address: addressToString(alice), balance: 1n, kind: 'ethaccount' }], /key address: it becomes an account/)
    if (nv === 17) bad([{ address: ETH_PLACEHOLDER, balance: 1n }], /f410 addresses need built-in actors v10/)
  })

  test(`nv${nv}: fvm-spec genesis writes the genesis file`, { skip }, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fvm-spec-genesis-')), 'genesis.json')
    const r = await cli('--nv', String(nv), '--bundles', BUNDLES as string, '--out', file, '--account', `${addressToString(alice)}=2FIL`)
    assert.equal(r.code, 0, r.err)
    assert.match(r.out, /constructors exited 0/)
    const doc = parseGenesisDocument(JSON.parse(readFileSync(file, 'utf8')))
    assert.ok(typeof doc !== 'string', String(doc))
    assert.equal(doc.nv, nv)
    assert.deepEqual(doc.accounts.map((a) => [a.id, a.balance]), [['f0100', (2n * FIL).toString()]])
  })
}
