/**
 * The spec rule every price serves, and the unit it is written in: data for FIP authors and for
 * `fvm-spec rules --diff` (`tools/rules/price-diff.ts`).
 *
 * Every field of {@link PriceList} names one rule of spec/gas.md in {@link PRICE_RULES}; where
 * parts of a field serve different rules (the block prices, the IPLD prices, the NI-PoRep
 * entries of the aggregate-seal tables, …), {@link PRICE_PATH_RULES} names the rule of that part.
 * `price-rules.test.ts` checks that every rule named here is defined in spec/.
 *
 * Paths join field names with `.`; record entries use their key (proof type numbers for the
 * proof tables); steps of a step table are `[start=N]`.
 *
 * @rule gas.price-list-selection
 */
import type { PriceList } from './price-list.js'
import { PoStProof, SealProof } from './price-list.js'

/** The rule each top-level field of a price list serves. */
export const PRICE_RULES: { readonly [K in keyof PriceList]: string } = {
  name: 'gas.price-list-selection',
  arithmetic: 'gas.units',
  storageGasMultiplier: 'gas.price-list-selection',
  onChainMessageCompute: 'gas.on-chain-message',
  onChainMessageStorage: 'gas.on-chain-message',
  onChainReturnCompute: 'gas.on-chain-return-value',
  onChainReturnStorage: 'gas.on-chain-return-value',
  returnValueCharge: 'gas.on-chain-return-value',
  send: 'gas.method-invocation',
  createActorCompute: 'gas.create-actor',
  createActorStorage: 'gas.create-actor',
  deleteActor: 'gas.delete-actor',
  addressLookup: 'gas.create-actor',
  addressAssignment: 'gas.create-actor',
  actorLookup: 'gas.state-access',
  actorUpdate: 'gas.state-access',
  preloadedActors: 'gas.state-access',
  resolveAddress: 'gas.accessors',
  lookupDelegatedAddress: 'gas.accessors',
  getActorCodeCid: 'gas.accessors',
  selfBalance: 'gas.accessors',
  balanceOf: 'gas.accessors',
  builtinActorManifestLookup: 'gas.accessors',
  networkContext: 'gas.accessors',
  messageContext: 'gas.accessors',
  tipsetCid: 'gas.tipset-cid',
  lookbackCost: 'gas.randomness-lookback',
  installWasmPerByteCost: 'gas.accessors',
  sigCost: 'gas.verify-signature',
  secp256k1RecoverCost: 'gas.verify-signature',
  blsAggregate: 'gas.verify-bls-aggregate',
  hashingCost: 'gas.hashing',
  hashingUnsupportedCost: 'gas.hashing',
  computeUnsealedSectorCidBase: 'gas.proofs',
  verifySealBase: 'gas.proofs',
  verifyAggregateSealBase: 'gas.verify-aggregate-seals',
  verifyAggregateSealPer: 'gas.verify-aggregate-seals',
  verifyAggregateSealSteps: 'gas.verify-aggregate-seals',
  verifyPostLookup: 'gas.verify-post',
  verifyPostDefault: 'gas.verify-post',
  verifyConsensusFault: 'gas.verify-consensus-fault',
  verifyReplicaUpdate: 'gas.proofs',
  externCost: 'gas.verify-consensus-fault',
  externGas: 'gas.verify-consensus-fault',
  randomness: 'gas.get-randomness',
  blocks: 'gas.block-open',
  ipld: 'gas.ipld-link-tracking',
  syscallCost: 'gas.syscall',
  events: 'gas.events',
  utf8Validation: 'gas.events-v4',
  wasm: 'gas.wasm',
}

/** Rules of parts of a field, by path prefix (the longest matching prefix wins). */
export const PRICE_PATH_RULES: Readonly<Record<string, string>> = {
  'send.sendTransferFunds': 'gas.value-transfer',
  'blocks.blockOpenBase': 'gas.block-open',
  'blocks.blockOpenMemretPerByteCost': 'gas.block-open',
  'blocks.blockOpen': 'gas.block-open',
  'blocks.blockMemcpyPerByteCost': 'gas.block-read',
  'blocks.blockReadBase': 'gas.block-read',
  'blocks.blockMemcpy': 'gas.block-read',
  'blocks.blockCreateBase': 'gas.block-create',
  'blocks.blockCreateMemretPerByteCost': 'gas.block-create',
  'blocks.blockAllocate': 'gas.block-create',
  'blocks.blockMemoryRetentionMinimum': 'gas.block-create',
  'blocks.blockLinkBase': 'gas.block-link',
  'blocks.blockLinkStoragePerByteCost': 'gas.block-link',
  'blocks.blockPersistStorage': 'gas.block-link',
  'blocks.blockPersistCompute': 'gas.block-link',
  'blocks.blockStatBase': 'gas.block-stat',
  'ipld.cborScanPerField': 'gas.ipld-scan',
  'ipld.cborScanPerCid': 'gas.ipld-scan',
  'events.perEntry': 'gas.events-v4',
  [`verifyAggregateSealPer.${SealProof.StackedDRG32GiBV1P2_Feat_NiPoRep}`]: 'gas.ni-porep',
  [`verifyAggregateSealPer.${SealProof.StackedDRG64GiBV1P2_Feat_NiPoRep}`]: 'gas.ni-porep',
  [`verifyAggregateSealSteps.${SealProof.StackedDRG32GiBV1P2_Feat_NiPoRep}`]: 'gas.ni-porep',
  [`verifyAggregateSealSteps.${SealProof.StackedDRG64GiBV1P2_Feat_NiPoRep}`]: 'gas.ni-porep',
}

/** The path and its prefixes, longest first: `a.b[start=1]` → `a.b[start=1]`, `a.b`, `a`. */
export function pathPrefixes(path: string): string[] {
  const out = [path]
  for (let i = path.length - 1; i > 0; i--) if (path[i] === '.' || path[i] === '[') out.push(path.slice(0, i))
  return out
}

/** The rule the price at `path` serves. */
export function ruleOfPath(path: string): string {
  for (const p of pathPrefixes(path)) {
    const rule = PRICE_PATH_RULES[p] ?? (p in PRICE_RULES ? PRICE_RULES[p as keyof PriceList] : undefined)
    if (rule !== undefined) return rule
  }
  throw new Error(`no rule for price path ${path}`)
}

/**
 * What a leaf value is: milligas (most), milligas to be multiplied by `storageGasMultiplier`
 * (v2 storage prices), a byte count, a multiplier, actor IDs, a proof type, or a rule (a
 * discriminator naming how a charge is computed).
 */
export type PriceUnit = 'milligas' | 'milligas × storageGasMultiplier' | 'bytes' | 'factor' | 'actor-ids' | 'proof-type' | 'rule'

const UNITS: Readonly<Record<string, PriceUnit>> = {
  storageGasMultiplier: 'factor',
  onChainMessageStorage: 'milligas × storageGasMultiplier',
  onChainReturnStorage: 'milligas × storageGasMultiplier',
  createActorStorage: 'milligas × storageGasMultiplier',
  deleteActor: 'milligas × storageGasMultiplier',
  'blocks.blockLinkStoragePerByteCost': 'milligas × storageGasMultiplier',
  preloadedActors: 'actor-ids',
  verifyPostDefault: 'proof-type',
  'randomness.hashedPrefixBytes': 'bytes',
  'wasm.tableElementSize': 'bytes',
  'wasm.wasmPageSize': 'bytes',
}

/** The unit of the leaf at `path` holding `value`. */
export function unitOfPath(path: string, value: unknown): PriceUnit {
  if (typeof value === 'string') return 'rule'
  for (const p of pathPrefixes(path)) {
    const u = UNITS[p]
    if (u !== undefined) return u
  }
  return 'milligas'
}

const SEAL_PROOF_NAMES = new Map<number, string>(Object.entries(SealProof).map(([k, v]) => [v, k]))
const POST_PROOF_NAMES = new Map<number, string>(Object.entries(PoStProof).map(([k, v]) => [v, k]))

/** The name of proof type `n` in the table at `path` (`RegisteredSealProof` / `RegisteredPoStProof`), if known. */
export function proofName(path: string, n: number): string | undefined {
  return path.startsWith('verifyPost') ? POST_PROOF_NAMES.get(n) : path.startsWith('verifyAggregateSeal') ? SEAL_PROOF_NAMES.get(n) : undefined
}

/** A leaf of a price list: a price, a count, a discriminator, `null` (no such price). */
export type PriceLeaf = bigint | number | string | boolean | null | readonly bigint[]

/**
 * Every leaf of a price list by path: objects by field, records by key, step tables by
 * `[start=N]`, lists of IDs as one leaf.
 */
export function priceLeaves(pl: PriceList): ReadonlyMap<string, PriceLeaf> {
  const out = new Map<string, PriceLeaf>()
  const walk = (v: unknown, path: string): void => {
    if (v === null || typeof v !== 'object') out.set(path, v as PriceLeaf)
    else if (Array.isArray(v) && v.every((x) => typeof x === 'bigint')) out.set(path, v as readonly bigint[])
    else if (Array.isArray(v)) for (const s of v as readonly { start: bigint; cost: bigint }[]) out.set(`${path}[start=${s.start}]`, s.cost)
    else for (const [k, x] of Object.entries(v)) walk(x, path === '' ? k : `${path}.${k}`)
  }
  walk(pl, '')
  return out
}
