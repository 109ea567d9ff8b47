import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { gunzipSync, gzipSync } from 'node:zlib'
import { cidOf, Codec } from '../interpreter/ipld/cid.js'
import { requireNetworkRules } from '../interpreter/machine/network-rules.js'
import { SUPPORTED_NETWORK_VERSIONS } from '../interpreter/types/network-version.js'
import { describeMessageDecodeError, describeNeededCode } from './diagnose.js'
import { NO_VARIANT, runVectorText } from './run-vector.js'
import { draftVector, type ScriptedRecipe } from './gen/recipe.js'

const code = cidOf(Codec.IPLD_RAW, new TextEncoder().encode('miner code'))

test('a missing-bundle skip names the actor type, the actors release of the version row and the method', () => {
  for (const nv of SUPPORTED_NETWORK_VERSIONS) {
    const actors = requireNetworkRules(nv).builtinActors
    assert.equal(
      describeNeededCode({ code, method: 23n, name: 'storageminer' }, nv, false),
      `needs the storageminer actor (nv${nv}: built-in actors v${actors}; method 23; code ${code.toString()}) from a bundle: pass --bundles DIR or set $FVM_SPEC_BUNDLES, DIR holding v${actors}-builtin-actors-mainnet.car`,
    )
  }
  // nv19 and nv20 run actors v11 (their rows), which a hand table for nv17/18 did not know.
  assert.match(describeNeededCode({ code, method: 2n, name: 'multisig' }, 19, true), /^needs the multisig actor \(nv19: built-in actors v11; method 2\), which none of the bundles given provides \(code /)
  // A version without a row: no release is claimed; an actor the manifest does not name is given by code.
  assert.equal(describeNeededCode({ code, method: 1n, name: undefined }, 999, false), `needs actor code ${code.toString()} (nv999; method 1) from a bundle: pass --bundles DIR or set $FVM_SPEC_BUNDLES`)
})

test('a message that does not decode names the field, with the address rules of the version', () => {
  // [version, to, from, ...]: `to` is an f4 address (protocol 4), which v2 address rules do not have.
  const f4 = Uint8Array.of(4, 10, 1, 2, 3)
  const id = Uint8Array.of(0, 100)
  const bytes = Uint8Array.of(0x8a, 0x00, 0x45, ...f4, 0x42, ...id, 0, 0x40, 0, 0x40, 0x40, 0, 0x40)
  assert.match(describeMessageDecodeError(bytes, 'v2', new Error('x')), /^message field to \(1\): not an address: /)
  assert.match(describeMessageDecodeError(Uint8Array.of(0x83, 0, 0, 0), 'v3', new Error('x')), /expected a 10-field array \[version, to, from, nonce, value, gas_limit, gas_fee_cap, gas_premium, method, params\], got 3 fields/)
})

/**
 * runner.error-messages, end to end (issue 12's unhelpful messages): each error line names the
 * file, the JSON path (and the message index) and the structure, in this project's words.
 */
test('errors point: trailing CBOR bytes, a wrong address payload length, no variant, a block missing from the CAR', () => {
  const file = new URL('./corpus/generated/gen-nv18-s5-001.json', import.meta.url).pathname
  const v = JSON.parse(readFileSync(file, 'utf8')) as { car: string; preconditions: { variants: unknown[] }; apply_messages: { bytes: string }[] }
  const reason = (mutate: (x: typeof v) => void): string => {
    const x = structuredClone(v)
    mutate(x)
    const r = runVectorText(JSON.stringify(x), 'bad.json')
    assert.equal(r.status, 'error', r.reason ?? '')
    return r.reason ?? ''
  }
  const msg = (i: number) => Buffer.from(v.apply_messages[i]?.bytes ?? '', 'base64')
  assert.equal(
    reason((x) => { (x.apply_messages[1] as { bytes: string }).bytes = Buffer.concat([msg(1), Buffer.of(0)]).toString('base64') }),
    `bad.json: $.apply_messages[1].bytes: message does not decode: CBOR: malformed CBOR: 1 byte left over after a complete CBOR item of ${msg(1).length} bytes (one item expected) (expected a 10-field array [version, to, from, nonce, value, gas_limit, gas_fee_cap, gas_premium, method, params])`,
  )
  // [version 0, to: a protocol-1 address with a 5-byte payload, the rest of message 2].
  const m2 = msg(2)
  const rest = m2.subarray(3 + ((m2[2] ?? 0) - 0x40))
  assert.equal(
    reason((x) => { (x.apply_messages[2] as { bytes: string }).bytes = Buffer.concat([Buffer.of(0x8a, 0x00, 0x46, 0x01, 1, 2, 3, 4, 5), rest]).toString('base64') }),
    'bad.json: $.apply_messages[2].bytes: message field to (1): not an address: InvalidPayloadLength: a protocol 1 (secp256k1) address has a 20-byte payload, this one 5 bytes',
  )
  assert.equal(reason((x) => { x.preconditions.variants = [] }), `bad.json: ${NO_VARIANT}`)
  // The CAR without the init actor's state (its 24th block): the message that reads it, and where it hangs.
  const car = gunzipSync(Buffer.from(v.car, 'base64'))
  const sections: [number, number][] = []
  const varint = (at: number): [number, number] => {
    let n = 0
    let shift = 0
    for (;;) {
      const b = car[at++] ?? 0
      n += (b & 0x7f) * 2 ** shift
      shift += 7
      if (b < 0x80) return [n, at]
    }
  }
  let [len, at] = varint(0)
  at += len
  while (at < car.length) {
    const section = at
    ;[len, at] = varint(at)
    at += len
    sections.push([section, at])
  }
  const [start, end] = sections[23] ?? [0, 0]
  assert.match(
    reason((x) => { x.car = gzipSync(Buffer.concat([car.subarray(0, start), car.subarray(end)])).toString('base64') }),
    /^bad\.json: \$\.apply_messages\[0\]: applying message 0 failed: block \S+ not found in the vector's CAR \(or the bundles\): linked from state root \S+ \.actors → actor f01 \(init\) \.head$/,
  )
})

test('actor code the vector carries but this interpreter cannot run is skipped with the spec\'s reason, not as a missing bundle', async () => {
  const wabt = await (await import('wabt')).default()
  const mod = wabt.parseWat('t.wat', '(module (table 10000001 funcref) (memory (export "memory") 1) (func (export "invoke") (param i32) (result i32) i32.const 0))')
  const code = new Uint8Array(mod.toBinary({}).buffer)
  mod.destroy()
  const recipe: ScriptedRecipe = {
    nv: 17,
    base_fee: '100',
    actors: [{ id: 100, kind: 'account', balance: '1000000000000000000000000' }, { id: 110, kind: 'scripted', balance: '0' }],
    messages: [{ from: { actor: 100, by: 'id' }, to: { actor: 110, by: 'id' }, method: 2, value: '0', gas_limit: '1000000000', fee_cap: '200', premium: '10' }],
  }
  const r = runVectorText(draftVector(recipe, { id: 'huge-table' }, new Map([['scripted', code]])), 'huge-table.json')
  assert.equal(r.status, 'skip')
  assert.match(r.reason ?? '', /^\$\.apply_messages\[0\]: actor code \S+ cannot run in this interpreter: a table has 10000001 elements, over the JavaScript engine's limit of 10000000 \(rule invocation\.js-engine-limits\)$/)
})
