import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync, gzipSync } from 'node:zlib'
import { test } from 'node:test'
import { runMain as run } from '../capture.js'
import { readCar, writeCar } from '../../../interpreter/ipld/car.js'
import { CID, cidOf, Codec } from '../../../interpreter/ipld/cid.js'
import { Blockstore } from '../../../interpreter/ipld/blockstore.js'
import { decodeCbor, encodeCbor, type Ipld } from '../../../interpreter/ipld/cbor.js'
import { StateTree } from '../../../interpreter/state/state-tree.js'
import { fromBase64, toBase64 } from '../../../interpreter/util/bytes.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const GOOD = join(ROOT, 'vectors', 'corpus', 'embedded', 'nv17-send-value-bls-to-id.json')


/** A folder of one good vector and one of each kind of malformed vector. */
function malformedCorpus(): { dir: string; addressMap: CID } {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-spec-cli-'))
  const text = readFileSync(GOOD, 'utf8')
  const v = JSON.parse(text) as { car: string; apply_messages: { bytes: string }[] }
  const car = readCar(gunzipSync(fromBase64(v.car)))
  const write = (name: string, body: string) => writeFileSync(join(dir, name), body)
  const withCar = (bytes: Uint8Array) => JSON.stringify({ ...v, car: toBase64(gzipSync(bytes)) })

  write('00-good.json', text)
  write('bad-json.json', text.slice(0, 100))
  write('bad-base64.json', JSON.stringify({ ...v, car: '***not base64***' }))
  const gz = fromBase64(v.car)
  write('truncated-gzip.json', JSON.stringify({ ...v, car: toBase64(gz.subarray(0, gz.length >> 1)) }))
  // A CAR whose first block's bytes were changed after hashing.
  const tampered = car.blocks.map(([cid, bytes], i) => [cid, i === 0 ? Uint8Array.from(bytes, (b, j) => (j === bytes.length - 1 ? b ^ 1 : b)) : bytes] as const)
  write('wrong-block-hash.json', withCar(writeCarUnchecked(car.roots, tampered)))
  // Message bytes that are valid CBOR but not canonical (a non-minimal integer for the version).
  const msg = fromBase64(v.apply_messages[0]?.bytes ?? '')
  const nonCanonical = Uint8Array.from([msg[0] as number, 0x18, 0x00, ...msg.subarray(2)])
  write('non-canonical-message.json', JSON.stringify({ ...v, apply_messages: [{ bytes: toBase64(nonCanonical) }] }))
  write('undecodable-message.json', JSON.stringify({ ...v, apply_messages: [{ bytes: toBase64(Uint8Array.from([0x82, 0x01, 0x02])) }] }))
  // A state root block that is valid CBOR, hashes correctly, but is not canonical.
  const badRoot = Uint8Array.from([0x83, 0x18, 0x04, 0x40, 0x40])
  const badRootCid = cidOf(Codec.DAG_CBOR, badRoot)
  const cbor = JSON.parse(text) as Record<string, unknown> & { preconditions: Record<string, unknown> }
  write(
    'non-canonical-state.json',
    JSON.stringify({
      ...cbor,
      car: toBase64(gzipSync(writeCar([badRootCid], [[badRootCid, badRoot]]))),
      preconditions: { ...cbor.preconditions, state_tree: { root_cid: { '/': badRootCid.toString() } } },
    }),
  )
  // The init actor's address map (needed to resolve the BLS sender) left out of the CAR.
  const store = Blockstore.fromBlocks(car.blocks)
  const preRoot = CID.parse((cbor.preconditions['state_tree'] as { root_cid: { '/': string } }).root_cid['/'])
  const init = StateTree.load(store, preRoot, [4n, 5n]).getActor(1n)
  const addressMap = CID.asCID((decodeCbor(store.get(init?.head as CID) as Uint8Array) as Ipld[])[0] as Ipld) as CID
  write('missing-block.json', withCar(writeCar(car.roots, car.blocks.filter(([c]) => !c.equals(addressMap)))))
  write('missing-root.json', withCar(writeCar([preRoot], [])))
  // A `to` address that is an ID address with a truncated varint.
  const fields = decodeCbor(msg) as Ipld[]
  write('bad-address.json', JSON.stringify({ ...v, apply_messages: [{ bytes: toBase64(encodeCbor([fields[0] as Ipld, Uint8Array.from([0, 0x80]), ...fields.slice(2)])) }] }))
  write('eleven-fields.json', JSON.stringify({ ...v, apply_messages: [{ bytes: toBase64(encodeCbor([...fields, 0n])) }] }))
  write('no-variant.json', JSON.stringify({ ...cbor, preconditions: { ...cbor.preconditions, variants: [] } }))
  return { dir, addressMap }
}

/** writeCar refuses blocks that do not match their CID; a malformed CAR is built by hand here. */
function writeCarUnchecked(roots: readonly CID[], blocks: readonly (readonly [CID, Uint8Array])[]): Uint8Array {
  const parts: Uint8Array[] = [writeCar([...roots], [])]
  for (const [cid, bytes] of blocks) {
    const section = new Uint8Array([...cid.bytes, ...bytes])
    parts.push(varint(section.length), section)
  }
  return Buffer.concat(parts)
}

function varint(n: number): Uint8Array {
  const out: number[] = []
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80)
    n >>>= 7
  }
  out.push(n)
  return Uint8Array.from(out)
}

test('run over malformed vectors: each is an error with a clear reason, the good one passes, exit 1', async () => {
  const { dir, addressMap } = malformedCorpus()
  try {
    const { code, out } = await run(['run', dir, '--json'])
    assert.equal(code, 1)
    const lines = out.map((l) => JSON.parse(l) as Record<string, unknown>)
    const summary = lines.pop() as { summary: Record<string, number> }
    assert.deepEqual({ ...summary.summary, seconds: 0 }, { passed: 1, failed: 0, skipped: 0, errors: 12, seconds: 0 })
    const byFile = new Map(lines.map((l) => [String(l['file']).split('/').pop(), l]))
    assert.equal(byFile.get('00-good.json')?.['status'], 'pass')
    // Every reason starts with the file, then where in the vector the problem is.
    const expectReason: Record<string, RegExp> = {
      'bad-json.json': /: invalid JSON: unexpected end of input at line \d+ column \d+$/,
      'bad-base64.json': /: \$\.car: invalid base64/,
      'truncated-gzip.json': /: \$\.car: not a valid gzip stream/,
      'wrong-block-hash.json': /: \$\.car: block #0: .*hash/,
      'non-canonical-message.json': /: \$\.apply_messages\[0\]\.bytes: message does not decode: CBOR: malformed CBOR: .*more bytes than necessary.* \(expected a 10-field array \[version, to, from, nonce, value, gas_limit, gas_fee_cap, gas_premium, method, params\]\)$/,
      'undecodable-message.json': /: \$\.apply_messages\[0\]\.bytes: message does not decode: expected a 10-field array \[.*\], got 2 fields$/,
      'eleven-fields.json': /: \$\.apply_messages\[0\]\.bytes: message does not decode: expected a 10-field array \[.*\], got 11 fields$/,
      'bad-address.json': /: \$\.apply_messages\[0\]\.bytes: message field to \(1\): not an address: InvalidPayload: varint is truncated$/,
      'non-canonical-state.json': /: \$\.preconditions\.state_tree\.root_cid: the pre-state bafy\w+ does not load: CborError: /,
      'missing-root.json': /: \$\.preconditions\.state_tree\.root_cid: the pre-state (bafy\w+) does not load: block \1 not found in the vector's CAR \(or the bundles\): linked from the pre-state root \(\$\.preconditions\.state_tree\.root_cid\) itself$/,
      'missing-block.json': new RegExp(`: \\$\\.apply_messages\\[0\\]: applying message 0 failed: block ${addressMap.toString()} not found in the vector's CAR \\(or the bundles\\): linked from state root bafy\\w+ \\.actors → actor f01 \\(init\\) \\.head\\[0\\]$`),
      'no-variant.json': /: \$\.preconditions\.variants: the vector has no variant/,
    }
    for (const [file, re] of Object.entries(expectReason)) {
      const l = byFile.get(file)
      assert.equal(l?.['status'], 'error', file)
      assert.ok(String(l?.['reason']).startsWith(join(dir, file) + ': '), `${file}: ${String(l?.['reason'])}`)
      assert.match(String(l?.['reason']), re, file)
      for (const key of ['id', 'file', 'nv', 'status', 'reason', 'gas_used', 'expected_gas_used', 'ms']) assert.ok(key in (l ?? {}), `${file} lacks ${key}`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('run prints one line per vector and the closing counts', async () => {
  const { code, out } = await run(['run', GOOD])
  assert.equal(code, 0)
  assert.match(out[0] ?? '', /^PASS +embedded-nv17-send-value-bls-to-id gas 406068/)
  assert.equal(out[out.length - 1], '1 passed, 0 failed, 0 skipped')
})

test('bad arguments are usage errors (exit 2), not crashes', async () => {
  assert.equal((await run(['run', '/no/such/path'])).code, 2)
  assert.equal((await run(['run', '--bundles', '/no/such/dir', GOOD])).code, 2)
  assert.equal((await run(['frobnicate'])).code, 2)
  assert.equal((await run(['run', '--no-such-flag'])).code, 2)
})

test('run --jobs 2 reports the same results in the same order as one job', async () => {
  const dir = join(ROOT, 'vectors', 'corpus', 'embedded')
  const strip = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>).map(({ ms: _ms, seconds: _s, summary, ...rest }) => (summary === undefined ? rest : { summary: { ...(summary as object), seconds: 0 } }))
  const one = await run(['run', dir, '--json'])
  const two = await run(['run', dir, '--json', '--jobs', '2'])
  assert.equal(one.code, 0)
  assert.equal(two.code, 0)
  assert.deepEqual(strip(two.out), strip(one.out))
  assert.equal((await run(['run', dir, '--jobs', '0'])).code, 2)
})
