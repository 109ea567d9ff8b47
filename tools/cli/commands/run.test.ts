import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync, gzipSync } from 'node:zlib'
import { test } from 'node:test'
import { runMain as run } from '../process.fixture.js'
import { readCar, writeCar } from '../../../interpreter/ipld/car.js'
import { cidOf, Codec, type CID } from '../../../interpreter/ipld/cid.js'
import { fromBase64, toBase64 } from '../../../interpreter/util/bytes.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const GOOD = join(ROOT, 'vectors', 'corpus', 'embedded', 'nv17-send-value-bls-to-id.json')


/** A folder of one good vector and one of each kind of malformed vector. */
function malformedCorpus(): string {
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
  return dir
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
  const dir = malformedCorpus()
  try {
    const { code, out } = await run(['run', dir, '--json'])
    assert.equal(code, 1)
    const lines = out.map((l) => JSON.parse(l) as Record<string, unknown>)
    const summary = lines.pop() as { summary: Record<string, number> }
    assert.deepEqual({ ...summary.summary, seconds: 0 }, { passed: 1, failed: 0, skipped: 0, errors: 7, seconds: 0 })
    const byFile = new Map(lines.map((l) => [String(l['file']).split('/').pop(), l]))
    assert.equal(byFile.get('00-good.json')?.['status'], 'pass')
    const expectReason: Record<string, RegExp> = {
      'bad-json.json': /^json:/,
      'bad-base64.json': /base64/,
      'truncated-gzip.json': /^gzip:/,
      'wrong-block-hash.json': /^car:.*hash/,
      'non-canonical-message.json': /CborError: .*non-canonical|CborError: malformed/,
      'undecodable-message.json': /CborError/,
      'non-canonical-state.json': /CborError/,
    }
    for (const [file, re] of Object.entries(expectReason)) {
      const l = byFile.get(file)
      assert.equal(l?.['status'], 'error', file)
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
