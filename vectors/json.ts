/**
 * A strict, lossless JSON parser for test vectors.
 *
 * `JSON.parse` turns every number into an IEEE double, so a circulating supply such as
 * 464091998488796227870683239 (> 2^53) comes back rounded. This parser follows RFC 8259 and
 * returns every integer literal (no fraction, no exponent) as an exact `bigint`; only literals
 * with a fraction or an exponent become JS `number`s, and no vector field accepts those.
 *
 * It is stricter than `JSON.parse` where ref-fvm's serde_json is: duplicate object keys, lone
 * UTF-16 surrogates in `\u` escapes, a byte-order mark and nesting deeper than 128 are errors.
 *
 * @rule vector.json-integers
 */

export type JsonValue = null | boolean | string | bigint | number | JsonValue[] | JsonObject
export interface JsonObject {
  [key: string]: JsonValue
}

export class JsonParseError extends Error {
  override readonly name = 'JsonParseError'
  constructor(
    readonly detail: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${detail} at line ${line} column ${column}`)
  }
}

const MAX_DEPTH = 128
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y
const CONTROL = /[\u0000-\u001f]/ // eslint-disable-line no-control-regex
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

/** Parses `text` as one JSON value. Throws `JsonParseError` with a line and column on bad input. */
export function parseJson(text: string): JsonValue {
  let pos = 0

  function fail(detail: string, at: number = pos): never {
    let line = 1
    let lineStart = 0
    for (let i = 0; i < at && i < text.length; i++) {
      if (text.charCodeAt(i) === 0x0a) {
        line++
        lineStart = i + 1
      }
    }
    throw new JsonParseError(detail, at, line, at - lineStart + 1)
  }

  function skipWs(): void {
    for (;;) {
      const c = text.charCodeAt(pos)
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++
      else return
    }
  }

  function describeHere(): string {
    if (pos >= text.length) return 'unexpected end of input'
    return `unexpected character ${JSON.stringify(text[pos])}`
  }

  function parseString(): string {
    // pos is at the opening quote
    const start = ++pos
    let out = ''
    let chunk = start
    for (;;) {
      const quote = text.indexOf('"', pos)
      const backslash = text.indexOf('\\', pos)
      if (quote < 0) fail('unterminated string', start - 1)
      if (backslash < 0 || quote < backslash) {
        const piece = text.slice(chunk, quote)
        if (CONTROL.test(piece)) fail('control character in string', chunk + piece.search(CONTROL))
        pos = quote + 1
        return out + piece
      }
      const piece = text.slice(chunk, backslash)
      if (CONTROL.test(piece)) fail('control character in string', chunk + piece.search(CONTROL))
      out += piece
      pos = backslash + 1
      const e = text[pos]
      if (e === undefined) fail('unterminated string', start - 1)
      if (e === 'u') {
        const unit = readHex4(pos + 1)
        pos += 5
        if (unit >= 0xd800 && unit <= 0xdbff) {
          if (text[pos] !== '\\' || text[pos + 1] !== 'u') fail('lone leading surrogate in \\u escape', pos - 6)
          const low = readHex4(pos + 2)
          if (low < 0xdc00 || low > 0xdfff) fail('invalid trailing surrogate in \\u escape', pos)
          pos += 6
          out += String.fromCharCode(unit, low)
        } else if (unit >= 0xdc00 && unit <= 0xdfff) {
          fail('lone trailing surrogate in \\u escape', pos - 6)
        } else {
          out += String.fromCharCode(unit)
        }
      } else {
        const mapped = ESCAPES[e]
        if (mapped === undefined) fail(`invalid escape \\${e}`, pos - 1)
        out += mapped
        pos++
      }
      chunk = pos
    }
  }

  function readHex4(at: number): number {
    const hex = text.slice(at, at + 4)
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('invalid \\u escape', at - 2)
    return parseInt(hex, 16)
  }

  function parseNumber(): bigint | number {
    NUMBER.lastIndex = pos
    const m = NUMBER.exec(text)
    if (m === null) fail('invalid number')
    const literal = m[0]
    const start = pos
    pos += literal.length
    // A digit right after the match means a leading zero such as 012.
    const next = text.charCodeAt(pos)
    if (next >= 0x30 && next <= 0x39) fail('leading zero in number', start)
    if (m[1] === undefined && m[2] === undefined) return BigInt(literal)
    const n = Number(literal)
    if (!Number.isFinite(n)) fail('number out of range', start)
    return n
  }

  function parseValue(depth: number): JsonValue {
    skipWs()
    const c = text[pos]
    switch (c) {
      case '{': {
        if (depth >= MAX_DEPTH) fail('nesting too deep')
        pos++
        const obj: JsonObject = {}
        skipWs()
        if (text[pos] === '}') {
          pos++
          return obj
        }
        for (;;) {
          skipWs()
          if (text[pos] !== '"') fail(`expected a string key, found ${describeHere().replace('unexpected ', '')}`)
          const keyAt = pos
          const key = parseString()
          if (Object.prototype.hasOwnProperty.call(obj, key)) fail(`duplicate key ${JSON.stringify(key)}`, keyAt)
          skipWs()
          if (text[pos] !== ':') fail(`expected ':' after key, found ${describeHere().replace('unexpected ', '')}`)
          pos++
          const value = parseValue(depth + 1)
          // defineProperty, not assignment: a "__proto__" key must stay an ordinary own key.
          Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true })
          skipWs()
          if (text[pos] === ',') {
            pos++
            continue
          }
          if (text[pos] === '}') {
            pos++
            return obj
          }
          fail(`expected ',' or '}', found ${describeHere().replace('unexpected ', '')}`)
        }
      }
      case '[': {
        if (depth >= MAX_DEPTH) fail('nesting too deep')
        pos++
        const arr: JsonValue[] = []
        skipWs()
        if (text[pos] === ']') {
          pos++
          return arr
        }
        for (;;) {
          arr.push(parseValue(depth + 1))
          skipWs()
          if (text[pos] === ',') {
            pos++
            continue
          }
          if (text[pos] === ']') {
            pos++
            return arr
          }
          fail(`expected ',' or ']', found ${describeHere().replace('unexpected ', '')}`)
        }
      }
      case '"':
        return parseString()
      case 't':
        return literal('true', true)
      case 'f':
        return literal('false', false)
      case 'n':
        return literal('null', null)
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return parseNumber()
        fail(describeHere())
    }
  }

  function literal<T extends JsonValue>(word: string, value: T): T {
    if (!text.startsWith(word, pos)) fail(describeHere())
    pos += word.length
    return value
  }

  const value = parseValue(0)
  skipWs()
  if (pos < text.length) fail(`trailing ${describeHere().replace('unexpected ', '')} after the JSON value`)
  return value
}
