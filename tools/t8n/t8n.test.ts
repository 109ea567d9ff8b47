/**
 * fvm-spec t8n: malformed input is refused with its JSON path before anything runs (no bundles
 * needed: these run in CI); good input runs on the real bundles (skipped without them).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { addressToString, secp256k1AddressFromPayload } from '../../interpreter/types/address.js'
import { SUPPORTED_NETWORK_VERSIONS } from '../../interpreter/types/network-version.js'
import { networkRulesFor } from '../../interpreter/machine/network-rules.js'
import { CID } from '../../interpreter/ipld/cid.js'
import { blockhashOf } from '../sandbox/tipset.js'
import { actorsVersionFor, bundleFileName } from '../genesis/versions.js'
import { assemble, initcodeFor } from '../sandbox/evm-asm.js'
import { command as t8nCli, t8n } from '../cli/commands/t8n.js'
import { checkT8nInput } from './input.js'

const BUNDLES = process.env['FVM_SPEC_BUNDLES']
const ALICE = addressToString(secp256k1AddressFromPayload(new Uint8Array(20).fill(1)))
const EVE = '0x1111111111111111111111111111111111111111'
const NOWHERE = join(tmpdir(), 'fvm-spec-no-bundles-here')
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'fvm-spec.mjs')
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

function run(input: unknown, bundles: string = NOWHERE) {
  const out: string[] = []
  const err: string[] = []
  const code = t8n({ bundles }, { out: (l) => out.push(l), err: (l) => err.push(l) }, () => (typeof input === 'string' ? input : JSON.stringify(input)))
  return { code, out: out.join('\n'), err: err.join('\n') }
}

const good = {
  env: { nv: 18, epoch: 1000, timestamp: 1700000000, base_fee: '100', chain_id: 314 },
  accounts: [{ address: EVE, balance: '1000000000000000000000' }, { address: ALICE, balance: '1000000000000000000000' }],
  messages: [
    { kind: 'evm.create', from: EVE, bytecode: '0x00', value: '0' },
    { kind: 'evm.call', from: ALICE, to: 'created:0', calldata: '0x', value: '0' },
    { from: ALICE, to: EVE, method: 0, value: '5' },
  ],
}

function badInput(mutate: (v: typeof good & Record<string, unknown>) => unknown): string {
  const v = structuredClone(good) as typeof good & Record<string, unknown>
  const r = mutate(v)
  return JSON.stringify(r === undefined ? v : r)
}

test('t8n: malformed input is an error naming its JSON path, and nothing runs (no bundles needed)', () => {
  const cases: Array<[string, RegExp]> = [
    ['{"env": ', /^input: invalid JSON: .* at line 1 column/],
    [badInput((v) => { delete (v as Record<string, unknown>)['env'] }), /^env: missing required field/],
    [badInput((v) => { (v.env as Record<string, unknown>)['nv'] = 29 }), /^env\.nv: network version 29 is not supported by the interpreter \(supported: 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28\)/],
    [badInput((v) => { (v.env as Record<string, unknown>)['nv'] = '18' }), /^env\.nv: expected a network version/],
    [badInput((v) => { (v.env as Record<string, unknown>)['chainid'] = 1 }), /^env\.chainid: unknown field/],
    [badInput((v) => { (v.messages[2] as Record<string, unknown>)['to'] = 'f1nope' }), /^messages\[2\]\.to: not an address: "f1nope"/],
    [badInput((v) => { (v.messages[2] as Record<string, unknown>)['to'] = '0x1234' }), /^messages\[2\]\.to: not an address: "0x1234"/],
    [badInput((v) => { (v.messages[0] as Record<string, unknown>)['kind'] = 'evm.destroy' }), /^messages\[0\]\.kind: unknown kind "evm.destroy"/],
    [badInput((v) => { (v.messages[1] as Record<string, unknown>)['gaslimit'] = 5 }), /^messages\[1\]\.gaslimit: unknown field/],
    [badInput((v) => { (v.messages[1] as Record<string, unknown>)['gas_limit'] = 0 }), /^messages\[1\]\.gas_limit: expected a gas limit \(1 to 2\^63-1\), got 0 \(out of range\)/],
    [badInput((v) => { (v.messages[2] as Record<string, unknown>)['value'] = '-1' }), /^messages\[2\]\.value: expected an amount of attoFIL/],
    [badInput((v) => { (v.messages[2] as Record<string, unknown>)['value'] = 1.5 }), /^messages\[2\]\.value: expected an amount of attoFIL/],
    [badInput((v) => { (v.messages[0] as Record<string, unknown>)['bytecode'] = '0xabc' }), /^messages\[0\]\.bytecode: not hex bytes/],
    [badInput((v) => { delete (v.messages[2] as Record<string, unknown>)['method'] }), /^messages\[2\]\.method: missing required field/],
    [badInput((v) => { (v.messages[1] as Record<string, unknown>)['to'] = 'created:1' }), /^messages\[1\]\.to: created:1 names no earlier evm\.create message/],
    [badInput((v) => { (v.messages[1] as Record<string, unknown>)['to'] = 'created:2' }), /^messages\[1\]\.to: created:2 names no earlier evm\.create/],
    [badInput((v) => { v.accounts.push({ address: addressToString(checkedAddress(EVE)), balance: '1' }) }), /^accounts\[2\]\.address: f410f.* is already accounts\[0\]/],
    [badInput((v) => { (v.env as Record<string, unknown>)['nv'] = 17 }), /^accounts\[0\]\.address: f410\/0x addresses need the EAM \(nv18 and later\), not nv17/],
    [badInput((v) => ({ ...v, env: { nv: 17 }, accounts: [], messages: [{ kind: 'evm.create', from: ALICE, bytecode: '0x00' }] })), /^messages\[0\]\.kind: evm\.create needs the EAM/],
    [badInput(() => []), /^input: expected the t8n input object, got an array/],
    // Every field of env.
    [badInput((v) => { (v.env as Record<string, unknown>)['epoch'] = -1 }), /^env\.epoch: expected an epoch \(≥ 0\), got -1 \(out of range\)/],
    [badInput((v) => { (v.env as Record<string, unknown>)['epoch'] = '1e3' }), /^env\.epoch: expected an epoch/],
    [badInput((v) => { (v.env as Record<string, unknown>)['timestamp'] = true }), /^env\.timestamp: expected a u64 integer, got true|expected a u64 integer, got the boolean true/],
    [badInput((v) => { (v.env as Record<string, unknown>)['base_fee'] = '0x64' }), /^env\.base_fee: expected an amount of attoFIL/],
    [badInput((v) => { (v.env as Record<string, unknown>)['chain_id'] = '18446744073709551616' }), /^env\.chain_id: expected a u64 integer, got 18446744073709551616 \(out of range\)/],
    [badInput((v) => { (v.env as Record<string, unknown>)['circ_supply'] = null }), /^env\.circ_supply: expected an amount of attoFIL/],
    [badInput((v) => { (v.env as Record<string, unknown>)['tipset_cids'] = [] }), /^env\.tipset_cids: expected an object of epoch → CID, got an array/],
    [badInput((v) => { (v.env as Record<string, unknown>)['tipset_cids'] = { '-1': 'bafy' } }), /^env\.tipset_cids\["-1"\]: not an epoch: "-1"/],
    [badInput((v) => { (v.env as Record<string, unknown>)['tipset_cids'] = { 999: 'bafynope' } }), /^env\.tipset_cids(\.999|\["999"\]): not a CID: "bafynope"/],
    [badInput((v) => { (v.env as Record<string, unknown>)['tipset_cids'] = { 999: 7 } }), /^env\.tipset_cids(\.999|\["999"\]): expected a CID, got the integer 7/],
    [badInput((v) => ({ ...v, env: 18 })), /^env: expected the env object, got the integer 18/],
    // Every field of an account.
    [badInput((v) => { delete (v.accounts[1] as Record<string, unknown>)['balance'] }), /^accounts\[1\]\.balance: missing required field/],
    [badInput((v) => { (v.accounts[1] as Record<string, unknown>)['balance'] = '-5' }), /^accounts\[1\]\.balance: expected an amount of attoFIL/],
    [badInput((v) => { (v.accounts[0] as Record<string, unknown>)['kind'] = 'evm' }), /^accounts\[0\]\.kind: /],
    [badInput((v) => { (v.accounts[0] as Record<string, unknown>)['address'] = 'f0100' }), /^accounts\[0\]\.address: f0100: only key addresses \(f1, f3\) and Ethereum addresses \(f410f…, 0x…\) can be funded/],
    [badInput((v) => { (v.accounts[0] as Record<string, unknown>)['address'] = '0xff00000000000000000000000000000000000064' }), /^accounts\[0\]\.address: f0100: only key addresses/],
    [badInput((v) => { (v.accounts[1] as Record<string, unknown>)['kind'] = 'ethaccount' }), /^accounts\[1\]\.kind: f1.* is a key address: it becomes an account, not a ethaccount/],
    [badInput((v) => { (v.accounts[0] as Record<string, unknown>)['nonce'] = 1 }), /^accounts\[0\]\.nonce: unknown field/],
    [badInput((v) => ({ ...v, accounts: {} })), /^accounts: /],
    // Every field of a message.
    [badInput((v) => ({ ...v, messages: 'none' })), /^messages: /],
    [badInput((v) => { delete (v.messages[0] as Record<string, unknown>)['from'] }), /^messages\[0\]\.from: missing required field/],
    [badInput((v) => { delete (v.messages[0] as Record<string, unknown>)['bytecode'] }), /^messages\[0\]\.bytecode: missing required field/],
    [badInput((v) => { (v.messages[0] as Record<string, unknown>)['to'] = EVE }), /^messages\[0\]\.to: unknown field/],
    [badInput((v) => { delete (v.messages[1] as Record<string, unknown>)['to'] }), /^messages\[1\]\.to: missing required field/],
    [badInput((v) => { (v.messages[1] as Record<string, unknown>)['calldata'] = 'beef' }), /^messages\[1\]\.calldata: not hex bytes/],
    [badInput((v) => { (v.messages[1] as Record<string, unknown>)['method'] = 2 }), /^messages\[1\]\.method: unknown field/],
    [badInput((v) => { (v.messages[2] as Record<string, unknown>)['params'] = '0x1' }), /^messages\[2\]\.params: not hex bytes/],
    [badInput((v) => { (v.messages[2] as Record<string, unknown>)['method'] = -1 }), /^messages\[2\]\.method: expected a u64 integer/],
    [badInput((v) => { (v.messages[2] as Record<string, unknown>)['nonce'] = '18446744073709551616' }), /^messages\[2\]\.nonce: expected a u64 integer, got 18446744073709551616 \(out of range\)/],
    [badInput((v) => { (v.messages[2] as Record<string, unknown>)['gas_fee_cap'] = 1.5 }), /^messages\[2\]\.gas_fee_cap: expected an amount of attoFIL/],
    [badInput((v) => { (v.messages[2] as Record<string, unknown>)['gas_premium'] = '' }), /^messages\[2\]\.gas_premium: expected an amount of attoFIL/],
    [badInput((v) => { (v.messages[2] as Record<string, unknown>)['gas_limit'] = '9223372036854775808' }), /^messages\[2\]\.gas_limit: expected a gas limit \(1 to 2\^63-1\), got 9223372036854775808 \(out of range\)/],
    [badInput((v) => { (v.messages[2] as Record<string, unknown>)['kind'] = 'message'; (v.messages[2] as Record<string, unknown>)['bytecode'] = '0x' }), /^messages\[2\]\.bytecode: unknown field/],
    [badInput((v) => { (v.messages[2] as Record<string, unknown>)['to'] = 'created:0x' }), /^messages\[2\]\.to: not an address: "created:0x"/],
    [badInput((v) => { (v.messages as unknown[]).push(null) }), /^messages\[3\]: expected a message, got null/],
  ]
  for (const [input, re] of cases) {
    const r = run(input)
    assert.equal(r.code, 1, `${input.slice(0, 80)}: ${r.err}`)
    assert.equal(r.out, '', 'nothing printed on stdout')
    const message = r.err.replace(/^fvm-spec t8n: /, '')
    assert.match(message, re, `${input}: ${message}`)
  }
})

/** The f410 address of a 0x address (to write it the other way). */
function checkedAddress(text: string) {
  const r = checkT8nInput(JSON.stringify({ env: { nv: 18 }, messages: [{ from: text, to: text, method: 0 }] }))
  if (!r.ok || r.input.messages[0] === undefined) throw new Error('bad fixture')
  return r.input.messages[0].from
}

test('t8n: valid input with a missing bundle or no bundle folder is a clear error', () => {
  const missing = run(good)
  assert.equal(missing.code, 1)
  assert.match(missing.err, /env\.nv: network version 18 runs built-in actors v10, but .*v10-builtin-actors-mainnet\.car does not exist/)
  const out: string[] = []
  const saved = process.env['FVM_SPEC_BUNDLES']
  delete process.env['FVM_SPEC_BUNDLES']
  try {
    assert.equal(t8n({}, { out: () => undefined, err: (l) => out.push(l) }, () => JSON.stringify(good)), 2)
  } finally {
    if (saved !== undefined) process.env['FVM_SPEC_BUNDLES'] = saved
  }
  assert.match(out.join('\n'), /give --bundles DIR/)
  assert.match(run('{}').err, /env: missing required field/)
})

function bundleSkip(nv: number): string | false {
  if (BUNDLES === undefined || BUNDLES === '') return 'FVM_SPEC_BUNDLES is not set (point it at a folder with vN-builtin-actors-mainnet.car)'
  const file = join(BUNDLES, bundleFileName(actorsVersionFor(nv) ?? 0))
  return existsSync(file) ? false : `${file} does not exist`
}

interface Out {
  receipts: { exit_code: number; return: string; gas_used: number; return_data?: string; created?: { id: string; robust: string; eth: string }; events: { emitter: number; entries: { flags: number; key: string; codec: number; value: string }[] }[] }[]
  state_root: string
}

test('t8n nv18: evm.create (CreateExternal), evm.call to created:0, a plain send, LOG1, REVERT; failures are receipts; files in and out; deterministic', { skip: bundleSkip(18) }, async () => {
  // runtime: if calldata is empty, return 0x2a; else LOG1(topic 7, data = calldata) and REVERT(calldata)
  const runtime = assemble([
    'CALLDATASIZE', { pushLabel: 'nonempty' }, 'JUMPI', { push: 0x2a }, { push: 0 }, 'MSTORE', { push: 32 }, { push: 0 }, 'RETURN',
    { label: 'nonempty' }, 'JUMPDEST', 'CALLDATASIZE', { push: 0 }, { push: 0 }, 'CALLDATACOPY',
    { push: 7 }, 'CALLDATASIZE', { push: 0 }, 'LOG1', 'CALLDATASIZE', { push: 0 }, 'REVERT',
  ])
  const bytecode = `0x${Buffer.from(initcodeFor(runtime)).toString('hex')}`
  const input = {
    ...good,
    messages: [
      { kind: 'evm.create', from: EVE, bytecode },
      { kind: 'evm.call', from: ALICE, to: 'created:0', calldata: '0x' },
      { kind: 'evm.call', from: EVE, to: 'created:0', calldata: '0xbeef', gas_limit: '100000000' },
      { from: ALICE, to: EVE, method: 0, value: '5', gas_premium: '3', gas_fee_cap: '200' },
      { from: '0x9999999999999999999999999999999999999999', to: ALICE, method: 0 },
      { from: ALICE, to: EVE, method: 0, nonce: 0 },
    ],
  }
  const dir = mkdtempSync(join(tmpdir(), 'fvm-spec-t8n-'))
  writeFileSync(join(dir, 'in.json'), JSON.stringify(input))
  const err: string[] = []
  const code = await t8nCli.main(['--input', join(dir, 'in.json'), '--out', join(dir, 'out.json'), '--bundles', BUNDLES as string], { out: () => undefined, err: (l) => err.push(l) })
  assert.equal(code, 0, err.join('\n'))
  const o = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as Out
  const [create, call, reverted, send, unknownSender, staleNonce] = o.receipts
  assert.equal(create?.exit_code, 0)
  assert.ok(create?.created !== undefined, 'created is reported')
  assert.match(create.created.id, /^f0\d+$/)
  assert.match(create.created.robust, /^f2/)
  assert.equal(call?.exit_code, 0)
  assert.equal(call?.return_data, `0x${'0'.repeat(62)}2a`)
  assert.equal(reverted?.exit_code, 33)
  assert.equal(reverted?.return_data, '0xbeef')
  assert.deepEqual(reverted?.events, [], 'a reverted call keeps no event')
  assert.equal(send?.exit_code, 0)
  assert.equal(send?.return_data, undefined, 'return_data only for evm.* messages')
  assert.equal(unknownSender?.exit_code, 1, 'SYS_SENDER_INVALID: a receipt, not an error')
  assert.equal(unknownSender?.gas_used, 0)
  assert.equal(staleNonce?.exit_code, 2, 'SYS_SENDER_STATE_INVALID')
  assert.match(o.state_root, /^bafy2bza/)

  // An event from a call that does not revert: LOG1 then RETURN instead.
  const logger = assemble(['CALLDATASIZE', { push: 0 }, { push: 0 }, 'CALLDATACOPY', { push: 7 }, 'CALLDATASIZE', { push: 0 }, 'LOG1', 'STOP'])
  const withLog = run({ ...good, messages: [{ kind: 'evm.create', from: EVE, bytecode: `0x${Buffer.from(initcodeFor(logger)).toString('hex')}` }, { kind: 'evm.call', from: EVE, to: 'created:0', calldata: '0xbeef' }] }, BUNDLES as string)
  assert.equal(withLog.code, 0, withLog.err)
  const lo = JSON.parse(withLog.out) as Out
  const ev = lo.receipts[1]?.events
  assert.equal(ev?.length, 1)
  assert.equal(`f0${ev?.[0]?.emitter}`, lo.receipts[0]?.created?.id)
  assert.deepEqual(ev?.[0]?.entries, [
    { flags: 3, key: 't1', codec: 85, value: `0x${'0'.repeat(63)}7` },
    { flags: 3, key: 'd', codec: 85, value: '0xbeef' },
  ])

  // A creation that reverts creates nothing; created:0 is still the address it would have had
  // (no actor there: the call auto-creates a placeholder, whose code accepts every call and
  // returns nothing, builtin-actors actors/placeholder: as a call to an empty Ethereum account).
  const failed = run({ ...good, messages: [{ kind: 'evm.create', from: EVE, bytecode: '0x60006000fd' }, { kind: 'evm.call', from: ALICE, to: 'created:0', calldata: '0x' }] }, BUNDLES as string)
  assert.equal(failed.code, 0, failed.err)
  const fo = JSON.parse(failed.out) as Out
  assert.equal(fo.receipts[0]?.exit_code, 33, 'the constructor reverted (REVERT of 0 bytes)')
  assert.equal(fo.receipts[0]?.created, undefined)
  assert.equal(fo.receipts[1]?.exit_code, 0)
  assert.equal(fo.receipts[1]?.return_data, '0x')

  // Deterministic, and stdin/stdout give the same as files.
  const again = run(input, BUNDLES as string)
  assert.equal(again.code, 0, again.err)
  assert.equal(again.out + '\n', readFileSync(join(dir, 'out.json'), 'utf8'))
})

for (const nv of SUPPORTED_NETWORK_VERSIONS) {
  test(`t8n nv${nv}: plain messages (a transfer, a method call) at every supported network version`, { skip: bundleSkip(nv) }, () => {
    const bob = addressToString(secp256k1AddressFromPayload(new Uint8Array(20).fill(2)))
    const r = run({
      env: { nv },
      accounts: [{ address: ALICE, balance: '5000000000000000000' }],
      messages: [
        { from: ALICE, to: bob, method: 0, value: '1000' },
        // PubkeyAddress (method 2) on bob's new account: returns his key address.
        { from: ALICE, to: bob, method: 2 },
        { from: ALICE, to: 'f099', method: 2 },
      ],
    }, BUNDLES as string)
    assert.equal(r.code, 0, r.err)
    const o = JSON.parse(r.out) as Out
    assert.deepEqual(o.receipts.map((x) => x.exit_code), [0, 0, 0])
    assert.equal(o.receipts[1]?.return, `0x55${Buffer.from(new Uint8Array([1, ...new Uint8Array(20).fill(2)])).toString('hex')}`)
  })
}

test('t8n through the real command (no bundles needed): malformed standard input is an error naming its path, nothing on standard output; --out into a missing folder is refused before anything runs', () => {
  const bad = spawnSync(process.execPath, [BIN, 't8n', '--bundles', NOWHERE], { input: badInput((v) => { (v.messages[1] as Record<string, unknown>)['gas_limit'] = 0 }), encoding: 'utf8' })
  assert.equal(bad.status, 1, bad.stderr)
  assert.equal(bad.stdout, '')
  assert.match(bad.stderr, /^fvm-spec t8n: messages\[1\]\.gas_limit: expected a gas limit/)
  const out = run(good, NOWHERE)
  assert.equal(out.code, 1, 'the bundle check comes after the input check')
  const err: string[] = []
  const code = t8n({ bundles: NOWHERE, out: join(NOWHERE, 'no', 'such', 'out.json') }, { out: () => undefined, err: (l) => err.push(l) }, () => JSON.stringify(good))
  assert.equal(code, 2)
  assert.match(err.join('\n'), /--out .*out\.json: the folder .* does not exist/)
})

test('fvm-spec t8n --help describes the input and the output', async () => {
  const out: string[] = []
  assert.equal(await t8nCli.main(['--help'], { out: (l) => out.push(l), err: () => undefined }), 0)
  const text = out.join('\n')
  for (const word of ['--input', '--out', '--bundles', 'docs/t8n.md', 'evm.create', 'evm.call', 'created:N', 'tipset_cids', 'exit_code', 'state_root']) assert.ok(text.includes(word), word)
})

/** The network versions with the EAM (and so the FEVM): nv18 and later. */
const FEVM = SUPPORTED_NETWORK_VERSIONS.filter((nv) => networkRulesFor(nv)?.requiredActors.includes('eam') === true)

for (const nv of FEVM) {
  test(`t8n nv${nv}: evm.create, evm.call of created:N (return data, a LOG1 event, a revert), BLOCKHASH of env.tipset_cids, a failed create's created:N is still an address; the real command prints the same`, { skip: bundleSkip(nv) }, () => {
    // runtime: calldata empty → return 0x2a; 1 byte → return BLOCKHASH(epoch − 1); longer → LOG1(7, calldata) and REVERT(calldata) when its first byte is 0xde, STOP otherwise
    const runtime = assemble([
      'CALLDATASIZE', { pushLabel: 'some' }, 'JUMPI', { push: 0x2a }, { push: 0 }, 'MSTORE', { push: 32 }, { push: 0 }, 'RETURN',
      { label: 'some' }, 'JUMPDEST', 'CALLDATASIZE', { push: 1 }, 'EQ', { pushLabel: 'hash' }, 'JUMPI',
      'CALLDATASIZE', { push: 0 }, { push: 0 }, 'CALLDATACOPY', { push: 7 }, 'CALLDATASIZE', { push: 0 }, 'LOG1',
      { push: 0 }, 'MLOAD', { push: 0xf8 }, 'SHR', { push: 0xde }, 'EQ', { pushLabel: 'revert' }, 'JUMPI', 'STOP',
      { label: 'revert' }, 'JUMPDEST', 'CALLDATASIZE', { push: 0 }, 'REVERT',
      { label: 'hash' }, 'JUMPDEST', { push: 1 }, 'NUMBER', 'SUB', 'BLOCKHASH', { push: 0 }, 'MSTORE', { push: 32 }, { push: 0 }, 'RETURN',
    ])
    const cid = 'bafy2bzaceaa7yk5bdyj4s2y5cxxxjq3wymqk4mtwy5zqb3xxxkwcovh4lvc2m'
    const input = {
      env: { nv, epoch: 500, tipset_cids: { 499: cid } },
      accounts: [{ address: EVE, balance: '1000000000000000000000' }, { address: ALICE, balance: '1000000000000000000000' }],
      messages: [
        { kind: 'evm.create', from: EVE, bytecode: `0x${Buffer.from(initcodeFor(runtime)).toString('hex')}` },
        { kind: 'evm.call', from: ALICE, to: 'created:0', calldata: '0x' },
        { kind: 'evm.call', from: ALICE, to: 'created:0', calldata: '0x01' },
        { kind: 'evm.call', from: ALICE, to: 'created:0', calldata: '0xbeef' },
        { kind: 'evm.call', from: ALICE, to: 'created:0', calldata: '0xdead' },
        { kind: 'evm.create', from: EVE, bytecode: '0x60006000fd' },
        { kind: 'evm.call', from: ALICE, to: 'created:5', calldata: '0x', value: '3' },
      ],
    }
    const r = run(input, BUNDLES as string)
    assert.equal(r.code, 0, r.err)
    // The real command, standard input to standard output, prints the same.
    const real = spawnSync(process.execPath, [BIN, 't8n', '--bundles', BUNDLES as string], { input: JSON.stringify(input), encoding: 'utf8' })
    assert.equal(real.status, 0, real.stderr)
    assert.equal(real.stdout.trim(), r.out.trim())
    const o = JSON.parse(r.out) as Out
    const [create, answer, hash, logged, reverted, failed, toFailed] = o.receipts
    assert.equal(create?.exit_code, 0)
    assert.match(create?.created?.eth ?? '', /^0x[0-9a-f]{40}$/)
    assert.equal(answer?.return_data, `0x${'0'.repeat(62)}2a`)
    assert.equal(hash?.return_data, `0x${hex(blockhashOf(CID.parse(cid)))}`, 'BLOCKHASH of epoch 499 is the digest of the given tipset CID')
    assert.equal(logged?.exit_code, 0)
    assert.deepEqual(logged?.events, [{ emitter: Number(create?.created?.id.slice(2)), entries: [{ flags: 3, key: 't1', codec: 85, value: `0x${'0'.repeat(63)}7` }, { flags: 3, key: 'd', codec: 85, value: '0xbeef' }] }])
    assert.equal(reverted?.exit_code, 33)
    assert.equal(reverted?.return_data, '0xdead')
    assert.deepEqual(reverted?.events, [])
    assert.equal(failed?.exit_code, 33)
    assert.equal(failed?.created, undefined)
    // created:5 is the address message 5 would have created: an address with no actor, which the call (with value) makes a placeholder.
    assert.equal(toFailed?.exit_code, 0)
    assert.equal(toFailed?.return_data, '0x')
  })
}

test('t8n: created:N whose message created nothing and whose sender could not deploy is an error naming the path, nothing printed', { skip: bundleSkip(18) }, () => {
  const r = run({ env: { nv: 18 }, accounts: [{ address: ALICE, balance: '1000000000000000000000' }], messages: [
    { kind: 'evm.create', from: '0x9999999999999999999999999999999999999999', bytecode: '0x00' },
    { kind: 'evm.call', from: ALICE, to: 'created:0', calldata: '0x' },
  ] }, BUNDLES as string)
  assert.equal(r.code, 1)
  assert.equal(r.out, '')
  assert.match(r.err, /^fvm-spec t8n: messages\[1\]\.to: created:0: message 0 created no contract, and its sender cannot deploy one/)
})

test('t8n: the defaults are what docs/t8n.md says (gas limit 10^10, fee cap = base fee, premium 0, nonce = next, chain ID 314): spelled out, the same output', { skip: bundleSkip(18) }, () => {
  const base = { env: { nv: 18, base_fee: '150' }, accounts: [{ address: ALICE, balance: '1000000000000000000000' }] }
  const id = initcodeFor(assemble(['CHAINID', { push: 0 }, 'MSTORE', { push: 32 }, { push: 0 }, 'RETURN']))
  const bytecode = `0x${hex(id)}`
  const implicit = run({ ...base, messages: [
    { kind: 'evm.create', from: ALICE, bytecode },
    { kind: 'evm.call', from: ALICE, to: 'created:0' },
    { from: ALICE, to: EVE, method: 0, value: '5', gas_premium: '7' },
  ] }, BUNDLES as string)
  const spelled = run({ ...base, env: { ...base.env, chain_id: 314 }, messages: [
    { kind: 'evm.create', from: ALICE, bytecode, gas_limit: '10000000000', gas_fee_cap: '150', gas_premium: '0', nonce: 0 },
    { kind: 'evm.call', from: ALICE, to: 'created:0', calldata: '0x', gas_limit: '10000000000', gas_fee_cap: '150', gas_premium: '0', nonce: 1 },
    { from: ALICE, to: EVE, method: 0, value: '5', gas_premium: '7', gas_limit: '10000000000', gas_fee_cap: '150', nonce: 2 },
  ] }, BUNDLES as string)
  assert.equal(implicit.code, 0, implicit.err)
  assert.equal(spelled.out, implicit.out)
  const o = JSON.parse(implicit.out) as Out
  assert.equal(o.receipts[1]?.return_data, `0x${(314).toString(16).padStart(64, '0')}`, 'CHAINID')
  // …and they matter: another gas limit, or a fee cap that leaves room for the premium, changes the state.
  for (const change of [{ gas_limit: '20000000000' }, { gas_fee_cap: '157' }]) {
    const other = run({ ...base, messages: [{ from: ALICE, to: EVE, method: 0, value: '5', gas_premium: '7', ...change }] }, BUNDLES as string)
    const same = run({ ...base, messages: [{ from: ALICE, to: EVE, method: 0, value: '5', gas_premium: '7' }] }, BUNDLES as string)
    assert.notEqual((JSON.parse(other.out) as Out).state_root, (JSON.parse(same.out) as Out).state_root, JSON.stringify(change))
  }
})

/** `got` matches the documented `doc`: same keys and numbers; a documented string with "…" matches any middle. */
function matchesDoc(got: unknown, doc: unknown, path: string): void {
  if (typeof doc === 'string' && doc.includes('…')) {
    const [head = '', tail = ''] = doc.split('…')
    assert.ok(typeof got === 'string' && got.startsWith(head) && got.endsWith(tail) && got.length >= head.length + tail.length, `${path}: ${JSON.stringify(got)} is not ${doc}`)
  } else if (Array.isArray(doc)) {
    assert.ok(Array.isArray(got) && got.length === doc.length, `${path}: ${JSON.stringify(got)}`)
    doc.forEach((d, i) => matchesDoc((got as unknown[])[i], d, `${path}[${i}]`))
  } else if (doc !== null && typeof doc === 'object') {
    assert.ok(got !== null && typeof got === 'object', path)
    assert.deepEqual(Object.keys(got).sort(), Object.keys(doc).sort(), `${path}: fields`)
    for (const [k, d] of Object.entries(doc)) matchesDoc((got as Record<string, unknown>)[k], d, `${path}.${k}`)
  } else {
    assert.equal(got, doc, path)
  }
}

test('docs/t8n.md: its example input gives its example output (figures as documented)', { skip: bundleSkip(18) }, () => {
  const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 't8n.md'), 'utf8')
  const [input, output] = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1] as string)
  assert.ok(input !== undefined && output !== undefined, 'the input and output blocks')
  const r = run(input, BUNDLES as string)
  assert.equal(r.code, 0, r.err)
  matchesDoc(JSON.parse(r.out), JSON.parse(output), 'output')
})
