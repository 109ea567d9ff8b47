import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { base58btc } from 'multiformats/bases/base58'
import { CID } from '../interpreter/ipld/cid.js'
import { findVectorFiles } from './discover.js'
import { execVectorText, formatExecResult, isUnsupported, parseExecResult, type ExecResult } from './exec.js'
import { buildBasicVector } from './shrink-basic.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const EMBEDDED = join(ROOT, 'vectors', 'corpus', 'embedded')
const GOOD = join(EMBEDDED, 'nv18-send-value-bls-to-id.json')

interface VectorJson {
  postconditions: { state_tree: { root_cid: { '/': string } }; receipts: { exit_code: number; return: string; gas_used: number }[] }
  [k: string]: unknown
}

test('exec reports, for every embedded vector, exactly the vector\'s expected receipts and post-state root', () => {
  for (const file of findVectorFiles([EMBEDDED])) {
    const text = readFileSync(file, 'utf8')
    const v = JSON.parse(text) as VectorJson
    const r = execVectorText(text, file)
    assert.equal(r.error, null, file)
    assert.deepEqual(
      r.receipts,
      v.postconditions.receipts.map((x) => ({ exit_code: x.exit_code, return: x.return, gas_used: String(x.gas_used) })),
      file,
    )
    assert.deepEqual(r.post_state_root, v.postconditions.state_tree.root_cid, file)
    assert.equal(r.nv, file.includes('nv17') ? 17 : 18)
  }
})

test('exec ignores the expected figures: a vector with wrong expectations gives the same result', () => {
  const text = readFileSync(GOOD, 'utf8')
  const v = JSON.parse(text) as VectorJson
  const wrong = { ...v, postconditions: { state_tree: { root_cid: { '/': 'bafkqaaa' } }, receipts: [{ exit_code: 9, return: '', gas_used: 1 }] } }
  assert.deepEqual(execVectorText(JSON.stringify(wrong), GOOD), execVectorText(text, GOOD))
})

test('the output line is one JSON object, keys in contract order, and parses back to itself', () => {
  const r = execVectorText(readFileSync(GOOD, 'utf8'), GOOD)
  const line = formatExecResult(r)
  assert.ok(!line.includes('\n'))
  assert.deepEqual(Object.keys(JSON.parse(line) as object), ['id', 'nv', 'receipts', 'post_state_root', 'error'])
  assert.match(line, /"gas_used":"1145663"/)
  const back = parseExecResult(line + '\n')
  assert.ok(back.ok)
  assert.deepEqual(back.result, r)
})

test('parseExecResult normalises gas_used numbers, base64 and base58btc CIDs; ignores unknown keys', () => {
  const root = 'bafy2bzacedii3jmdp53rzilnj3s23sxbubx7mfpxqvztwhx7xptllq3235saq'
  const r = parseExecResult(
    JSON.stringify({
      id: 'x',
      nv: 18,
      receipts: [{ exit_code: 0, return: 'AQI=', gas_used: 123 }],
      post_state_root: { '/': CID.parse(root).toString(base58btc) },
      error: null,
      vm: 'some vm 1.0',
    }),
  )
  assert.ok(r.ok, r.ok ? '' : r.problem)
  assert.equal(r.result.receipts[0]?.gas_used, '123')
  assert.equal(r.result.post_state_root?.['/'], root)
  // 2^63 - 1 as a JSON number keeps every digit (exact-integer parser).
  const big = parseExecResult('{"id":"x","nv":null,"receipts":[{"exit_code":0,"return":"","gas_used":9223372036854775807}],"post_state_root":null,"error":"boom"}')
  assert.ok(big.ok)
  assert.equal(big.result.receipts[0]?.gas_used, '9223372036854775807')
})

test('parseExecResult rejects what breaks the contract, naming the problem', () => {
  const ok = { id: 'x', nv: 18, receipts: [{ exit_code: 0, return: '', gas_used: '1' }], post_state_root: { '/': 'bafy2bzacedii3jmdp53rzilnj3s23sxbubx7mfpxqvztwhx7xptllq3235saq' }, error: null }
  const cases: [string, RegExp][] = [
    ['', /printed nothing/],
    ['hello world', /not one JSON object/],
    [JSON.stringify(ok) + JSON.stringify(ok), /not one JSON object/],
    ['[1,2]', /not a JSON object/],
    [JSON.stringify({ ...ok, id: 3 }), /\$\.id/],
    [JSON.stringify({ ...ok, receipts: {} }), /\$\.receipts/],
    [JSON.stringify({ ...ok, receipts: [{ exit_code: -1, return: '', gas_used: '1' }] }), /exit_code/],
    [JSON.stringify({ ...ok, receipts: [{ exit_code: 0, return: '***', gas_used: '1' }] }), /invalid base64/],
    [JSON.stringify({ ...ok, receipts: [{ exit_code: 0, return: '', gas_used: '01' }] }), /gas_used/],
    [JSON.stringify({ ...ok, receipts: [{ exit_code: 0, return: '', gas_used: 1.5 }] }), /gas_used/],
    [JSON.stringify({ ...ok, post_state_root: null }), /null although/],
    [JSON.stringify({ ...ok, error: 'x' }), /must be null/],
    [JSON.stringify({ ...ok, post_state_root: { '/': 'not-a-cid' } }), /not a CID/],
  ]
  for (const [text, why] of cases) {
    const r = parseExecResult(text)
    assert.ok(!r.ok, `accepted: ${text}`)
    assert.match(r.problem, why, text)
  }
})

test('a malformed vector is an error with no receipts; another class is unsupported', () => {
  const bad = execVectorText('{"class":"message"', '/x/bad.json')
  assert.deepEqual({ ...bad, error: bad.error?.split(':')[0] }, { id: 'bad', nv: null, receipts: [], post_state_root: null, error: 'json' })
  const tipset = execVectorText('{"class":"tipset"}', '/x/t.json')
  assert.ok(isUnsupported(tipset), tipset.error ?? '')
})

test('a message that gets no receipt ends the result: receipts before it, an error, no root', () => {
  const common = { gas_limit: '3000000', fee_cap: '200', premium: '10', value: '1' }
  const text = buildBasicVector({
    nv: 18,
    base_fee: '100',
    actors: [{ id: 100, code: 'account', balance: '1000000000000000000000' }],
    messages: [
      { ...common, from: { actor: 100, by: 'key' }, to: { actor: 100, by: 'id' } },
      { ...common, gas_limit: '0', from: { actor: 100, by: 'key' }, to: { actor: 100, by: 'id' } },
    ],
  })
  const r: ExecResult = execVectorText(text, 'no-receipt.json')
  assert.equal(r.receipts.length, 1)
  assert.match(r.error ?? '', /^message 1: execution failed with no receipt/)
  assert.equal(r.post_state_root, null)
  assert.ok(!isUnsupported(r))
})

test('a fault changes exec\'s answer (and nothing else does)', () => {
  const text = readFileSync(GOOD, 'utf8')
  const clean = execVectorText(text, GOOD)
  const doubled = execVectorText(text, GOOD, { faults: { doubleCharge: 'OnChainMessage' } })
  assert.notEqual(doubled.receipts[0]?.gas_used, clean.receipts[0]?.gas_used)
  const minted = execVectorText(text, GOOD, { faults: { mintOnTransfer: 1n } })
  assert.deepEqual(minted.receipts, clean.receipts)
  assert.notDeepEqual(minted.post_state_root, clean.post_state_root)
})
