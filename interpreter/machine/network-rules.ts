/**
 * Network versions as data: everything that differs between nv17 and nv18 at the level of the
 * executor and call manager, side by side. Prices live in the price lists (interpreter/gas);
 * this table names which price list and which semantic rule each version uses.
 *
 * @rule machine.network-rules
 */
import type { PriceList } from '../gas/price-list.js'
import { priceListFor } from '../gas/price-lists/index.js'
import { Codec } from '../ipld/cid.js'

export interface NetworkRules {
  readonly nv: number
  readonly name: string
  /** ref-fvm release whose semantics this version follows. */
  readonly fvm: 'v2' | 'v3'
  readonly priceList: PriceList
  /** StateRoot versions this version can load. @rule state.root-versions */
  readonly stateRootVersions: readonly bigint[]
  /** Built-in actors the manifest must name. @rule machine.manifest */
  readonly requiredActors: readonly string[]
  /** Actor types that may send a message. @rule exec.preflight-sender-type */
  readonly senderTypes: readonly string[]
  /** A placeholder with an EAM f4 address and sequence 0 is accepted and becomes an ethaccount. */
  readonly placeholderSenders: boolean
  /** Call depth limit and how it is compared. @rule call.depth-limit */
  readonly maxCallDepth: number
  readonly depthCheck: 'depth > max' | 'depth >= max'
  /** Codec of the top-level params block. @rule exec.top-level-params */
  readonly paramsCodec: (method: bigint) => number
  /** Receipt shape. @rule types.receipt-tuple */
  readonly receiptVersion: 'v2' | 'v3'
}

/** nv17 (Shark): ref-fvm v2, built-in actors v9. */
export const NV17: NetworkRules = {
  nv: 17,
  name: 'shark',
  fvm: 'v2',
  priceList: priceListFor(17),
  stateRootVersions: [3n, 4n],
  requiredActors: ['system', 'init', 'account'],
  senderTypes: ['account'],
  placeholderSenders: false,
  maxCallDepth: 1024,
  depthCheck: 'depth > max',
  paramsCodec: () => Codec.DAG_CBOR,
  receiptVersion: 'v2',
}

/** nv18 (Hygge): ref-fvm v3, built-in actors v10. */
export const NV18: NetworkRules = {
  nv: 18,
  name: 'hygge',
  fvm: 'v3',
  priceList: priceListFor(18),
  stateRootVersions: [5n],
  requiredActors: ['system', 'init', 'account', 'placeholder', 'eam', 'ethaccount'],
  senderTypes: ['account', 'ethaccount'],
  placeholderSenders: true,
  maxCallDepth: 1024,
  depthCheck: 'depth >= max',
  paramsCodec: (method) => (method === 0n ? Codec.IPLD_RAW : Codec.CBOR),
  receiptVersion: 'v3',
}

export const NETWORK_RULES: ReadonlyMap<number, NetworkRules> = new Map([
  [17, NV17],
  [18, NV18],
])

export function networkRulesFor(nv: number): NetworkRules | undefined {
  return NETWORK_RULES.get(nv)
}
