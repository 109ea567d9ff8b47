/**
 * Price-list selection by network version.
 *
 * - ref-fvm v2.12.1 `price_list_by_network_version` (L690–695): nv15 → OH_SNAP_PRICES, every other
 *   version → SKYR_PRICES. fvm v2 serves nv15–nv17, so nv16 and nv17 get SKYR.
 * - ref-fvm v3.14.1 (L982–989): nv18, nv19, nv20 → HYGGE_PRICES; anything else panics.
 * - ref-fvm v4.8.2 (L1083–1095): nv21–nv24 → WATERMELON_PRICES, nv25–nv28 → TEEP_PRICES; nv29 only
 *   behind the `nv29-dev` feature (not supported here); anything else panics.
 *
 * @rule gas.price-list-selection
 */
import type { PriceList } from '../price-list.js'
import { SKYR_PRICES } from './skyr.js'
import { HYGGE_PRICES } from './hygge.js'
import { OH_SNAP_PRICES } from './oh-snap.js'
import { WATERMELON_PRICES } from './watermelon.js'
import { TEEP_PRICES } from './teep.js'

export { OH_SNAP_PRICES, SKYR_PRICES, HYGGE_PRICES, WATERMELON_PRICES, TEEP_PRICES }

/** Network versions each price list serves, as data. */
export const PRICE_LIST_SCHEDULE: readonly { readonly networkVersions: readonly number[]; readonly prices: PriceList }[] = [
  { networkVersions: [15], prices: OH_SNAP_PRICES },
  { networkVersions: [16, 17], prices: SKYR_PRICES },
  { networkVersions: [18, 19, 20], prices: HYGGE_PRICES },
  { networkVersions: [21, 22, 23, 24], prices: WATERMELON_PRICES },
  { networkVersions: [25, 26, 27, 28], prices: TEEP_PRICES },
]

/** The price list of network version `nv`; throws for versions this interpreter does not support. */
export function priceListFor(nv: number): PriceList {
  const entry = PRICE_LIST_SCHEDULE.find((e) => e.networkVersions.includes(nv))
  if (entry === undefined) throw new Error(`no price list for network version ${nv} (supported: nv15–nv28)`)
  return entry.prices
}
