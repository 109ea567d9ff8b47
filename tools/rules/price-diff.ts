/**
 * Every price two price lists differ in, for FIP authors and for `fvm-spec rules --diff A B`
 * (`version-diff.ts`): the field path, the spec rule it serves, and the value on each side in its
 * unit (gas and milligas for prices).
 *
 * A side that has no such price shows `absent` (the field does not exist in that list's shape,
 * e.g. `randomness.base` once randomness is priced by lookback) or `none` (the list has the field
 * but it is `null`: the charge does not exist at that version). Names of the lists are not
 * prices and are not compared.
 */
import { formatGas } from '../../interpreter/gas/gas.js'
import type { PriceList } from '../../interpreter/gas/price-list.js'
import { priceListFor } from '../../interpreter/gas/price-lists/index.js'
import { type PriceLeaf, type PriceUnit, pathPrefixes, priceLeaves, proofName, ruleOfPath, unitOfPath } from '../../interpreter/gas/price-rules.js'

/** One price that differs. `a`/`b` are `undefined` when that list has no such field. */
export interface PriceDifference {
  readonly path: string
  /** The path with proof-type keys named, e.g. `verifyAggregateSealPer[18 StackedDRG32GiBV1P2_Feat_NiPoRep]`. */
  readonly label: string
  readonly rule: string
  readonly unit: PriceUnit
  readonly a: PriceLeaf | undefined
  readonly b: PriceLeaf | undefined
  /** `a` and `b` for people: `14 000 gas (14 000 000 mg)`, `absent`, `none`, … */
  readonly aText: string
  readonly bText: string
}

/** The value at `path`, `null` when a containing field is `null`, `undefined` when absent. */
function valueAt(leaves: ReadonlyMap<string, PriceLeaf>, path: string): PriceLeaf | undefined {
  if (leaves.has(path)) return leaves.get(path)
  for (const p of pathPrefixes(path).slice(1)) if (leaves.has(p)) return leaves.get(p) === null ? null : undefined
  return undefined
}

/** A `null` leaf the other side replaces by a whole object: its parts are listed instead. */
function coveredByParts(path: string, other: ReadonlyMap<string, PriceLeaf>): boolean {
  for (const k of other.keys()) if (k.startsWith(`${path}.`) || k.startsWith(`${path}[`)) return true
  return false
}

function same(x: PriceLeaf | undefined, y: PriceLeaf | undefined): boolean {
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => v === y[i])
  return x === y
}

/** `1234567` → `1 234 567` (and the fraction kept). */
function group(text: string): string {
  const [int, frac] = text.split('.')
  const sign = int?.startsWith('-') === true ? '-' : ''
  const digits = (int ?? '').replace('-', '')
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')
  return `${sign}${grouped}${frac === undefined || /^0+$/.test(frac) ? '' : `.${frac.replace(/0+$/, '')}`}`
}

/** A leaf for people, in its unit. */
export function formatPrice(path: string, unit: PriceUnit, v: PriceLeaf | undefined): string {
  if (v === undefined) return 'absent'
  if (v === null) return 'none'
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.join(', ')
  switch (unit) {
    case 'milligas':
    case 'milligas × storageGasMultiplier': {
      const milli = BigInt(v as bigint)
      const text = `${group(formatGas(milli))} gas (${group(milli.toString())} mg)`
      return unit === 'milligas' ? text : `${text} × storageGasMultiplier`
    }
    case 'bytes':
      return `${String(v)} bytes`
    case 'factor':
      return `× ${String(v)}`
    case 'proof-type': {
      const name = proofName(path, Number(v))
      return name === undefined ? String(v) : `${String(v)} (${name})`
    }
    default:
      return String(v)
  }
}

/** `verifyAggregateSealPer.18` → `verifyAggregateSealPer[18 StackedDRG32GiBV1P2_Feat_NiPoRep]`. */
function labelOf(path: string): string {
  return path.replace(/^(verifyAggregateSeal(?:Per|Steps)|verifyPostLookup)\.(\d+)/, (_, table: string, n: string) => {
    const name = proofName(table, Number(n))
    return `${table}[${n}${name === undefined ? '' : ` ${name}`}]`
  })
}

/**
 * Every leaf that differs between `a` and `b`, in the order of `a`'s fields (then `b`'s own).
 *
 * @rule gas.price-list-selection
 */
export function diffPriceLists(a: PriceList, b: PriceList): readonly PriceDifference[] {
  const la = priceLeaves(a)
  const lb = priceLeaves(b)
  const paths = [...new Set([...la.keys(), ...lb.keys()])].filter((p) => p !== 'name')
  const out: PriceDifference[] = []
  for (const path of paths) {
    const va = valueAt(la, path)
    const vb = valueAt(lb, path)
    if (same(va, vb)) continue
    if ((va === null && la.has(path) && coveredByParts(path, lb)) || (vb === null && lb.has(path) && coveredByParts(path, la))) continue
    const unit = unitOfPath(path, va ?? vb)
    out.push({ path, label: labelOf(path), rule: ruleOfPath(path), unit, a: va, b: vb, aText: formatPrice(path, unit, va), bText: formatPrice(path, unit, vb) })
  }
  return out
}

/** The differences between the price lists of two network versions (`--diff 18 21`). */
export function diffNetworkVersions(nvA: number, nvB: number): readonly PriceDifference[] {
  return diffPriceLists(priceListFor(nvA), priceListFor(nvB))
}

/** One line per difference: `label  rule  a → b`. */
export function formatPriceDiff(diffs: readonly PriceDifference[]): string[] {
  return diffs.map((d) => `${d.label}  [${d.rule}]  ${d.aText} → ${d.bText}`)
}
