/**
 * Message receipts.
 *
 * Ground truth: ref-fvm `shared/src/receipt.rs`: at fvm@v2.12.1 a 3-tuple with gas_used i64, at
 * fvm@v3.14.1 a 4-tuple with gas_used u64 and events_root `Option<Cid>`.
 */
import { asArray, asBytes, asCid, asInt, asUint, CborError, decodeCbor, encodeCbor, type Ipld } from '../ipld/cbor.js'
import type { CID } from '../ipld/cid.js'

export interface Receipt {
  exitCode: number
  returnData: Uint8Array
  gasUsed: bigint
  eventsRoot: CID | null
}

/**
 * The receipt shape of a ref-fvm release (`NetworkRules.receiptVersion`): 'v2' (fvm_shared 2, a
 * 3-tuple) or 'v3' (fvm_shared 3 and later, a 4-tuple with the events root).
 */
export type ReceiptVersion = 'v2' | 'v3'

const U32_MAX = 0xffff_ffff

/**
 * v2: `[exit_code: u32, return_data: bytes, gas_used: i64]`.
 * v3: `[exit_code: u32, return_data: bytes, gas_used: u64, events_root: CID | null]`.
 *
 * @rule types.receipt-tuple
 */
export function receiptToIpld(r: Receipt, version: ReceiptVersion): Ipld {
  if (!Number.isInteger(r.exitCode) || r.exitCode < 0 || r.exitCode > U32_MAX) throw new CborError(`receipt exit code ${r.exitCode} is not a u32`)
  const exit = BigInt(r.exitCode)
  if (version === 'v2') {
    if (r.gasUsed < -(2n ** 63n) || r.gasUsed >= 2n ** 63n) throw new CborError(`receipt gas_used ${r.gasUsed} is not an i64`)
    if (r.eventsRoot !== null) throw new CborError('v2 receipts have no events_root')
    return [exit, r.returnData, r.gasUsed]
  }
  if (r.gasUsed < 0n || r.gasUsed >= 2n ** 64n) throw new CborError(`receipt gas_used ${r.gasUsed} is not a u64`)
  return [exit, r.returnData, r.gasUsed, r.eventsRoot]
}

export function encodeReceipt(r: Receipt, version: ReceiptVersion): Uint8Array {
  return encodeCbor(receiptToIpld(r, version))
}

/** @rule types.receipt-tuple */
export function receiptFromIpld(v: Ipld, version: ReceiptVersion): Receipt {
  const f = asArray(v, 'receipt', version === 'v2' ? 3 : 4)
  const exitCode = Number(asUint(f[0] as Ipld, 'receipt.exit_code', BigInt(U32_MAX)))
  const returnData = asBytes(f[1] as Ipld, 'receipt.return_data')
  if (version === 'v2') return { exitCode, returnData, gasUsed: asInt(f[2] as Ipld, 'receipt.gas_used'), eventsRoot: null }
  const er = f[3] as Ipld
  return { exitCode, returnData, gasUsed: asUint(f[2] as Ipld, 'receipt.gas_used'), eventsRoot: er === null ? null : asCid(er, 'receipt.events_root') }
}

export function decodeReceipt(bytes: Uint8Array, version: ReceiptVersion): Receipt {
  return receiptFromIpld(decodeCbor(bytes), version)
}
