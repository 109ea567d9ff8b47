/**
 * Changed prices as data: `--set NAME.path=VALUE`, a patch file, or a whole price list module,
 * applied to the price lists by name. Nothing here knows the fields of a price list: paths and
 * types are checked by walking the base list (and, for a replaced rule selector, the other known
 * lists), so a field added to `PriceList` tomorrow is patchable without touching this file.
 *
 * Values of integer fields are the stored value (milligas for every price; a few fields are
 * counts or bytes, as their doc comments in interpreter/gas/price-list.ts say), or with a unit:
 * `2000gas` (× 1000, decimals allowed down to a milligas: `17.6gas`), `2000mgas` / `2000milligas`,
 * or relative to the base value: `*2`, `x1.5`, `*0`. The result must be a whole number.
 * String fields are rule selectors (`model`, `arithmetic`, …) and cannot be patched: a different
 * rule is a different price list module (`--price-list`).
 *
 * @rule runner.what-if
 */
import { importUserModule } from '../../vectors/import-module.js'
import type { PriceList } from '../../interpreter/gas/price-list.js'
import { PRICE_LIST_SCHEDULE } from '../../interpreter/gas/price-lists/index.js'

/** Price lists by name (`PriceList.name`). */
export type PriceLists = ReadonlyMap<string, PriceList>

/** The price lists of this interpreter, by name, from the schedule of network versions. */
export function basePriceLists(): PriceLists {
  const out = new Map<string, PriceList>()
  for (const e of PRICE_LIST_SCHEDULE) out.set(e.prices.name, e.prices)
  return out
}

/** The network versions that use each price list, for messages. */
export function networkVersionsOf(name: string): number[] {
  return PRICE_LIST_SCHEDULE.filter((e) => e.prices.name === name).flatMap((e) => e.networkVersions)
}

export class PatchError extends Error {
  override name = 'PatchError'
}

type Node = unknown
const isRecord = (x: Node): x is Record<string, Node> => typeof x === 'object' && x !== null && !Array.isArray(x)

function kindOf(x: Node): string {
  if (x === null) return 'null'
  if (Array.isArray(x)) return 'list'
  if (typeof x === 'bigint') return 'integer'
  if (typeof x === 'object') return 'object'
  return typeof x
}

function knownNames(lists: PriceLists): string {
  return [...lists.keys()].join(', ')
}

function listNamed(lists: PriceLists, name: string, what: string): PriceList {
  const pl = lists.get(name)
  if (pl === undefined) throw new PatchError(`${what}: unknown price list '${name}'; known price lists: ${knownNames(lists)}`)
  return pl
}

function childKeys(x: Node): string[] {
  return Array.isArray(x) ? x.map((_, i) => String(i)) : isRecord(x) ? Object.keys(x) : []
}

function child(x: Node, key: string): Node {
  if (Array.isArray(x)) return /^(0|[1-9][0-9]*)$/.test(key) ? x[Number(key)] : undefined
  return isRecord(x) && Object.hasOwn(x, key) ? x[key] : undefined
}

function withChild(x: Node, key: string, value: Node): Node {
  if (Array.isArray(x)) return x.map((v, i) => (String(i) === key ? value : v))
  return { ...(x as Record<string, Node>), [key]: value }
}

/** A key that is not in the base list's shape: the error names the keys that are. */
function unknownKey(at: string, key: string, parent: Node): PatchError {
  const keys = childKeys(parent)
  return new PatchError(`${at === '' ? '' : `${at}: `}unknown field '${key}'; known fields here: ${keys.length === 0 ? '(none: this is a value)' : keys.join(', ')}`)
}

const INTEGER = /^[+-]?[0-9][0-9_]*$/
const WITH_UNIT = /^([+-]?[0-9][0-9_]*(?:\.[0-9]+)?)\s*(gas|mgas|milligas)$/
const FACTOR = /^[*x×]\s*([0-9]+(?:\.[0-9]+)?)$/

/** A decimal string as numerator / 10^scale. */
function decimal(text: string): { num: bigint; den: bigint } {
  const clean = text.replace(/_/g, '')
  const [whole, frac = ''] = clean.split('.')
  return { num: BigInt(`${whole}${frac}`), den: 10n ** BigInt(frac.length) }
}

function exact(num: bigint, den: bigint, at: string, text: string): bigint {
  if (num % den !== 0n) throw new PatchError(`${at}: '${text}' is not a whole number of the field's unit (milligas for prices)`)
  return num / den
}

/**
 * The new value of an integer field whose base value is `base`, from the text of `--set` or a
 * patch file (see the file comment for the syntax).
 */
export function parseIntegerValue(text: string, base: bigint, at: string): bigint {
  const t = text.trim()
  if (INTEGER.test(t)) return BigInt(t.replace(/_/g, ''))
  const u = WITH_UNIT.exec(t)
  if (u !== null) {
    const { num, den } = decimal(u[1] as string)
    return exact(u[2] === 'gas' ? num * 1000n : num, den, at, text)
  }
  const f = FACTOR.exec(t)
  if (f !== null) {
    const { num, den } = decimal(f[1] as string)
    return exact(base * num, den, at, text)
  }
  throw new PatchError(`${at}: '${text}' is not an integer value: give milligas (20000), gas (20gas, 17.6gas) or a factor of the current value (*2, x1.5)`)
}

/** Checks and converts one leaf of a patch against the base value at `at`. */
function patchedLeaf(base: Node, value: Node, at: string): Node {
  switch (kindOf(base)) {
    case 'integer':
      if (typeof value === 'string') return parseIntegerValue(value, base as bigint, at)
      if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
      if (typeof value === 'bigint') return value
      throw new PatchError(`${at}: expected an integer (milligas, '20gas' or '*2'), got ${describe(value)}`)
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) return value
      if (typeof value === 'bigint') return Number(value)
      if (typeof value === 'string' && /^[+-]?[0-9]+(\.[0-9]+)?$/.test(value.trim())) return Number(value)
      throw new PatchError(`${at}: expected a number, got ${describe(value)}`)
    case 'boolean':
      if (typeof value === 'boolean') return value
      if (value === 'true' || value === 'false') return value === 'true'
      throw new PatchError(`${at}: expected true or false, got ${describe(value)}`)
    case 'string':
      if (value === base) return base
      throw new PatchError(`${at} is a rule selector ('${String(base)}'), not a price: a patch changes prices only; give a price list module (--price-list) to change rules`)
    case 'null':
      if (value === null) return null
      throw new PatchError(`${at} is null: price list '${at.split('.')[0] ?? ''}' does not make this charge, and a patch cannot switch a charge on`)
    default:
      throw new PatchError(`${at}: cannot set an ${kindOf(base)} to a single value; name one of its fields: ${childKeys(base).join(', ')}`)
  }
}

function describe(v: Node): string {
  return typeof v === 'string' ? `'${v}'` : typeof v === 'bigint' ? `${v}` : `${kindOf(v)} ${JSON.stringify(v)}`
}

/** Applies a JSON patch (`patch` mirrors the shape of `base`) and returns the patched value. */
function applyTree(base: Node, patch: Node, at: string): Node {
  if (isRecord(base) || Array.isArray(base)) {
    if (Array.isArray(base) && Array.isArray(patch)) {
      // A whole list: every element like the list's existing ones.
      const model = base[0]
      if (model === undefined) throw new PatchError(`${at}: the base list is empty, so its element type is unknown`)
      return patch.map((p, i) => (isRecord(model) ? applyTree(model, p, `${at}.${i}`) : patchedLeaf(model, p, `${at}.${i}`)))
    }
    if (!isRecord(patch)) throw new PatchError(`${at}: expected an object of fields (${childKeys(base).join(', ')}), got ${describe(patch)}`)
    let out: Node = base
    for (const [key, value] of Object.entries(patch)) {
      const b = child(base, key)
      if (b === undefined) throw unknownKey(at, key, base)
      out = withChild(out, key, applyTree(b, value, `${at}.${key}`))
    }
    return out
  }
  return patchedLeaf(base, patch, at)
}

/** One `--set NAME.path=VALUE`, parsed. */
export interface SetArg {
  readonly list: string
  readonly path: readonly string[]
  readonly value: string
}

export function parseSetArg(arg: string): SetArg {
  const eq = arg.indexOf('=')
  if (eq < 0) throw new PatchError(`--set ${arg}: expected NAME.path=VALUE, e.g. hygge.blocks.blockOpen.scale=17.6gas`)
  const [list, ...path] = arg.slice(0, eq).trim().split('.')
  if (list === undefined || list === '' || path.length === 0 || path.some((p) => p === '')) {
    throw new PatchError(`--set ${arg}: expected NAME.path=VALUE, e.g. hygge.blocks.blockOpen.scale=17.6gas`)
  }
  return { list, path, value: arg.slice(eq + 1) }
}

/** Applies `--set` to the lists; a field path that does not exist names the fields that do. */
export function applySet(lists: PriceLists, set: SetArg): PriceLists {
  const pl = listNamed(lists, set.list, `--set ${set.list}.${set.path.join('.')}`)
  const patch = set.path.reduceRight<Node>((inner, key) => ({ [key]: inner }), set.value)
  // Walk first so that a bad path is reported before a bad value.
  let node: Node = pl
  let at = set.list
  for (const key of set.path) {
    const next = child(node, key)
    if (next === undefined) throw unknownKey(at, key, node)
    node = next
    at = `${at}.${key}`
  }
  return new Map(lists).set(set.list, applyTree(pl, patch, set.list) as PriceList)
}

/**
 * Applies a patch file's JSON: `{"hygge": {"blocks": {"blockOpen": {"scale": "17.6gas"}}}}`.
 * Every key is checked against the base list's shape (an unknown key names the known ones at
 * that level); every leaf against the base value's type.
 */
export function applyPatch(lists: PriceLists, json: unknown, source: string): PriceLists {
  if (!isRecord(json)) throw new PatchError(`${source}: a patch is a JSON object keyed by price list name (${knownNames(lists)})`)
  const out = new Map(lists)
  for (const [name, patch] of Object.entries(json)) {
    const pl = listNamed(out, name, source)
    try {
      out.set(name, applyTree(pl, patch, name) as PriceList)
    } catch (e) {
      if (e instanceof PatchError) throw new PatchError(`${source}: ${e.message}`)
      throw e
    }
  }
  return out
}

/**
 * Checks that `candidate` has the shape of a price list: the same fields as the base list of its
 * name, of the same kinds. Inside an object whose `model` (or other rule selector) differs from
 * the base, the shape is taken from any known list with that selector at that path.
 */
export function checkPriceListShape(lists: PriceLists, candidate: unknown, source: string): PriceList {
  if (!isRecord(candidate) || typeof candidate['name'] !== 'string') throw new PatchError(`${source}: not a price list (no 'name')`)
  const base = listNamed(lists, candidate['name'], source)
  const all = [...lists.values()] as Node[]
  const check = (value: Node, ref: Node, at: string, peers: Node[]): void => {
    if (isRecord(ref)) {
      if (!isRecord(value)) throw new PatchError(`${source}: ${at}: expected an object of fields (${childKeys(ref).join(', ')}), got ${describe(value)}`)
      // A selector that differs picks the peer with that selector as the reference.
      let reference: Node = ref
      for (const [k, v] of Object.entries(ref)) {
        if (typeof v === 'string' && value[k] !== v && k !== 'name') {
          const peer = peers.find((p) => isRecord(p) && p[k] === value[k])
          if (peer === undefined) throw new PatchError(`${source}: ${at}.${k}: '${String(value[k])}' is not a rule any known price list has here (known: ${[...new Set(peers.map((p) => (isRecord(p) ? String(p[k]) : '')))].join(', ')})`)
          reference = peer
        }
      }
      for (const k of Object.keys(value)) if (!Object.hasOwn(reference as Record<string, Node>, k)) throw new PatchError(`${source}: ${unknownKey(at, k, reference).message}`)
      for (const [k, r] of Object.entries(reference as Record<string, Node>)) {
        if (!Object.hasOwn(value, k)) throw new PatchError(`${source}: ${at}: missing field '${k}'`)
        check(value[k], r, `${at}.${k}`, peers.map((p) => child(p, k)).filter((p) => p !== undefined))
      }
      return
    }
    if (Array.isArray(ref)) {
      if (!Array.isArray(value)) throw new PatchError(`${source}: ${at}: expected a list, got ${describe(value)}`)
      const model = ref[0] ?? peers.flatMap((p) => (Array.isArray(p) ? p.slice(0, 1) : []))[0]
      if (model !== undefined) value.forEach((v, i) => check(v, model, `${at}.${i}`, []))
      return
    }
    // A leaf: the kind of the base value, or of the value any known list has here (null ↔ value).
    const kinds = new Set([ref, ...peers].map(kindOf))
    if (!kinds.has(kindOf(value)) && !(kindOf(value) === 'integer' && kinds.has('null'))) {
      throw new PatchError(`${source}: ${at}: expected ${[...kinds].join(' or ')}, got ${describe(value)}`)
    }
  }
  check(candidate, base, candidate['name'], all)
  return candidate as unknown as PriceList
}

/**
 * Loads a module (a .ts file runs under tsx) and returns every exported price list in it,
 * checked against the shape of the base list it replaces (by `name`).
 */
export async function loadPriceListModule(lists: PriceLists, path: string): Promise<PriceList[]> {
  let mod: Record<string, unknown>
  try {
    mod = await importUserModule(path)
  } catch (e) {
    throw new PatchError(`--price-list ${path}: cannot load: ${(e as Error).message}`)
  }
  const found = Object.values(mod).filter((x) => isRecord(x) && typeof x['name'] === 'string' && 'arithmetic' in x)
  if (found.length === 0) throw new PatchError(`--price-list ${path}: exports no price list (an object with the fields of PriceList)`)
  return found.map((x) => checkPriceListShape(lists, x, `--price-list ${path}`))
}

/** One changed leaf between two price lists. */
export interface Change {
  readonly path: string
  readonly before: string
  readonly after: string
}

/** Every leaf that differs between the base and the patched lists, in field order. */
export function changesBetween(base: PriceLists, patched: PriceLists): Change[] {
  const out: Change[] = []
  const show = (v: Node) => (v === undefined ? '(absent)' : typeof v === 'bigint' ? v.toString() : JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)))
  const walk = (a: Node, b: Node, at: string): void => {
    if (a === b) return
    if ((isRecord(a) && isRecord(b)) || (Array.isArray(a) && Array.isArray(b))) {
      const keys = [...new Set([...childKeys(a), ...childKeys(b)])]
      for (const k of keys) walk(child(a, k), child(b, k), `${at}.${k}`)
      return
    }
    if (show(a) !== show(b)) out.push({ path: at, before: show(a), after: show(b) })
  }
  for (const [name, pl] of patched) walk(base.get(name), pl, name)
  return out
}

/** The names of the lists that differ from the base. */
export function changedLists(base: PriceLists, patched: PriceLists): PriceLists {
  const names = new Set(changesBetween(base, patched).map((c) => c.path.split('.')[0] as string))
  return new Map([...patched].filter(([name]) => names.has(name)))
}
