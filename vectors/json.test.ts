import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { JsonParseError, parseJson, type JsonValue } from './json.js'

function rejects(text: string, pattern: RegExp): void {
  assert.throws(
    () => parseJson(text),
    (e: unknown) => e instanceof JsonParseError && pattern.test(e.message),
    `${JSON.stringify(text)} should fail with ${pattern}`,
  )
}

/** parseJson's output with bigints turned into numbers, to compare with JSON.parse. */
function lossy(v: JsonValue): unknown {
  if (typeof v === 'bigint') return Number(v)
  if (Array.isArray(v)) return v.map(lossy)
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, lossy(x)]))
  return v
}

describe('parseJson', () => {
  it('keeps integers beyond 2^53 exact', () => {
    const v = parseJson('{"circ_supply": 464091998488796227870683239, "n": -9223372036854775808}') as Record<string, JsonValue>
    assert.equal(v['circ_supply'], 464091998488796227870683239n)
    assert.equal(v['n'], -9223372036854775808n)
    assert.notEqual(BigInt(JSON.parse('464091998488796227870683239') as number), 464091998488796227870683239n)
  })

  it('turns integer literals into bigints and others into numbers', () => {
    assert.deepEqual(parseJson('[0, -0, 7, 1.5, 1e3, -2E-2, 10.0]'), [0n, 0n, 7n, 1.5, 1000, -0.02, 10])
  })

  it('parses literals, strings and escapes', () => {
    assert.deepEqual(parseJson(' {"a": [true, false, null], "b": "x\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00y"} '), {
      a: [true, false, null],
      b: 'x"\\/\b\f\n\r\t\u00e9\u{1f600}y',
    })
    assert.equal(parseJson('"\u00e9 raw non-ASCII"'), '\u00e9 raw non-ASCII')
  })

  it('stores a "__proto__" key as a plain own key', () => {
    const v = parseJson('{"__proto__": {"polluted": 1}}') as Record<string, JsonValue>
    assert.deepEqual(Object.keys(v), ['__proto__'])
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined)
  })

  it('rejects malformed input with a position', () => {
    rejects('', /unexpected end of input at line 1 column 1/)
    rejects('{"a": 1,}', /expected a string key/)
    rejects('{"a" 1}', /expected ':'/)
    rejects('[1 2]', /expected ',' or '\]'/)
    rejects('{"a": 1} x', /trailing/)
    rejects('{\n  "a": 01\n}', /leading zero in number at line 2 column 8/)
    rejects('-', /invalid number/)
    rejects('-a', /invalid number/)
    rejects('1.', /trailing/)
    rejects('.5', /unexpected character/)
    rejects('+1', /unexpected character/)
    rejects('NaN', /unexpected character/)
    rejects('tru', /unexpected character/)
    rejects('"abc', /unterminated string/)
    rejects('"a\nb"', /control character/)
    rejects('"\\x"', /invalid escape/)
    rejects('"\\u12"', /invalid \\u escape/)
    rejects('"\\ud800"', /lone leading surrogate/)
    rejects('"\\udc00"', /lone trailing surrogate/)
    rejects('{"a": 1, "a": 2}', /duplicate key "a"/)
    rejects('\ufeff{}', /unexpected character/)
    rejects('1e400', /out of range/)
    rejects('['.repeat(200) + ']'.repeat(200), /nesting too deep/)
  })

  it('agrees with JSON.parse on arbitrary JSON (up to integer precision)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value)
        assert.deepEqual(lossy(parseJson(text)), JSON.parse(text))
      }),
      { numRuns: 300 },
    )
  })

  it('reads every bigint literal exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 200n), max: 1n << 200n }), (n) => {
        assert.equal((parseJson(`{"x": ${n}}`) as Record<string, JsonValue>)['x'], n)
      }),
    )
  })
})
