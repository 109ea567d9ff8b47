/**
 * The metered IPLD link scan of FIP-0071 (ref-fvm v4 `ipld::scan_for_reachable_links`,
 * `fvm@v4.8.2:fvm/src/ipld/mod.rs` L14–136 and `fvm/src/ipld/cbor.rs` L19–137).
 *
 * `block_open` and `block_create` scan every block for the CIDs it links to, and pay for the scan
 * by its shape: `ipld_cbor_scan_per_field` for every CBOR header read and `ipld_cbor_scan_per_cid`
 * for every CID tag met. The gas is metered while scanning against the gas available when the scan
 * started: a unit that does not fit leaves nothing, and the scan fails out of gas. Afterwards the
 * tracker is charged `OnScanIpldLinks` with the gas the scan used (also when it failed), and then
 * the scan's error, if any, is the syscall's.
 *
 * The walk lives next to the prices because its control flow *is* the charge. It depends on no
 * IPLD library: the caller supplies the CID decoder (`Cid::read_bytes`), and gets back its own CID
 * values for the links found.
 *
 * @rule gas.ipld-scan
 */
import type { Milligas } from './gas.js'
import { type PriceList } from './price-list.js'

/** Multicodec codes the scan knows (`fvm_ipld_encoding`, `fvm_shared::commcid`). */
export const ScanCodec = {
  CBOR: 0x51n,
  DAG_CBOR: 0x71n,
  IPLD_RAW: 0x55n,
  FIL_COMMITMENT_UNSEALED: 0xf101n,
  FIL_COMMITMENT_SEALED: 0xf102n,
} as const
const ALLOWED_CODECS: readonly bigint[] = [ScanCodec.CBOR, ScanCodec.DAG_CBOR, ScanCodec.IPLD_RAW]
const IGNORED_CODECS: readonly bigint[] = [ScanCodec.FIL_COMMITMENT_UNSEALED, ScanCodec.FIL_COMMITMENT_SEALED]
const IDENTITY_HASH = 0x00n
const BLAKE2B_256 = 0xb220n
const U64_MAX = 2n ** 64n - 1n

/** A CID as the scan needs it; `cid` is the caller's own value, returned for each link. */
export interface ScannedCid<C> {
  readonly codec: bigint
  readonly hashCode: bigint
  readonly digest: Uint8Array
  readonly cid: C
}

/**
 * `Cid::read_bytes` on exactly the given bytes: the decoded CID, or a message when the bytes are
 * not one valid CID (including trailing bytes).
 */
export type ReadCid<C> = (bytes: Uint8Array) => ScannedCid<C> | string

export type ScanError =
  | { readonly kind: 'out-of-gas' }
  | { readonly kind: 'syscall-error'; readonly code: 'Serialization' | 'NotFound' | 'IllegalCodec'; readonly message: string }

export interface ScanResult<C> {
  /** Milligas the scan used: the `OnScanIpldLinks` charge (all of `available` when out of gas). */
  readonly used: Milligas
  /** The links found (ignoring sector CIDs and inline blocks, whose own links are included). */
  readonly result: { readonly ok: true; readonly links: readonly C[] } | { readonly ok: false; readonly error: ScanError }
}

class ScanFailure extends Error {
  constructor(readonly error: ScanError) {
    super(error.kind === 'out-of-gas' ? 'out of gas' : error.message)
  }
}

function fail(code: 'Serialization' | 'NotFound' | 'IllegalCodec', message: string): never {
  throw new ScanFailure({ kind: 'syscall-error', code, message })
}

/** The scan's gas meter (`LinkVisitor::charge_gas`): a unit that does not fit empties it. */
class Meter {
  remaining: Milligas
  constructor(readonly available: Milligas) {
    this.remaining = available
  }
  charge(gas: Milligas): void {
    if (this.remaining < gas) {
      this.remaining = 0n
      throw new ScanFailure({ kind: 'out-of-gas' })
    }
    this.remaining -= gas
  }
}

/**
 * Scans a block of codec `codec` for the CIDs it links to, metering `pl.ipld` prices against
 * `available` milligas (the tracker's gas available when the scan starts).
 *
 * - DAG-CBOR is walked header by header; CBOR and raw blocks have no links and cost nothing;
 *   any other codec is IllegalCodec.
 * - Each CID met: sector commitments (0xf101, 0xf102) are skipped; a codec other than CBOR,
 *   DAG-CBOR or raw is NotFound; an identity-hashed (inline) CID is scanned recursively as a
 *   block of its codec; a hash other than 32-byte blake2b-256 is NotFound; otherwise it is a link.
 * - Malformed CBOR, a non-CID tag-42 payload and trailing bytes are Serialization errors.
 *
 * @rule gas.ipld-scan
 */
export function scanForReachableLinks<C>(pl: PriceList, codec: bigint, data: Uint8Array, available: Milligas, readCid: ReadCid<C>): ScanResult<C> {
  const ipld = pl.ipld
  if (ipld === null) throw new Error(`OnScanIpldLinks is not charged under price list ${pl.name}`)
  const meter = new Meter(available)
  const links: C[] = []

  const visitCid = (c: ScannedCid<C>): void => {
    if (IGNORED_CODECS.includes(c.codec)) return
    if (!ALLOWED_CODECS.includes(c.codec)) fail('NotFound', `block links to CID with forbidden codec ${c.codec}`)
    if (c.hashCode === IDENTITY_HASH) {
      scanInner(c.codec, c.digest)
      return
    }
    if (c.hashCode !== BLAKE2B_256 || c.digest.length !== 32) {
      fail('NotFound', `block links to CID with forbidden multihash type (code: ${c.hashCode}, len: ${c.digest.length})`)
    }
    links.push(c.cid)
  }

  const scanDagCbor = (bytes: Uint8Array): void => {
    let pos = 0
    const header = (): readonly [number, bigint] => {
      if (pos >= bytes.length) fail('Serialization', 'invalid cbor header')
      const first = bytes[pos++] as number
      const major = first >> 5
      const low = first & 0x1f
      if (low <= 23) return [major, BigInt(low)]
      const width = low === 24 ? 1 : low === 25 ? 2 : low === 26 ? 4 : low === 27 ? 8 : 0
      if (width === 0 || pos + width > bytes.length) fail('Serialization', 'invalid cbor header')
      let v = 0n
      for (let i = 0; i < width; i++) v = (v << 8n) | BigInt(bytes[pos++] as number)
      return [major, v]
    }
    let remaining = 1n
    while (remaining > 0n) {
      remaining -= 1n
      meter.charge(ipld.cborScanPerField)
      const [major, extra] = header()
      switch (major) {
        case 0:
        case 1:
        case 7:
          break
        case 2:
        case 3:
          if (extra > BigInt(bytes.length - pos)) fail('Serialization', 'unexpected end of cbor stream')
          pos += Number(extra)
          break
        case 6: {
          if (extra !== 42n) {
            remaining += 1n // the tagged item is one more field
            continue
          }
          meter.charge(ipld.cborScanPerCid)
          const [m, len] = header()
          if (m !== 2) fail('Serialization', 'expected cbor type byte string in input')
          if (len > BigInt(bytes.length - pos)) fail('Serialization', 'unexpected end of cbor stream')
          if (len < 1n || bytes[pos] !== 0) fail('Serialization', 'DagCBOR CID does not start with a 0x byte')
          const cidBytes = bytes.subarray(pos + 1, pos + Number(len))
          pos += Number(len)
          const cid = readCid(cidBytes)
          if (typeof cid === 'string') fail('Serialization', `invalid cid: ${cid}`)
          else visitCid(cid)
          break
        }
        case 4:
          remaining += extra
          if (remaining > U64_MAX) fail('Serialization', 'cbor field count overflow')
          break
        case 5:
          if (extra * 2n > U64_MAX || extra * 2n + remaining > U64_MAX) fail('Serialization', 'cbor field count overflow')
          remaining += extra * 2n
          break
      }
    }
    if (pos !== bytes.length) fail('Serialization', `${bytes.length - pos} trailing bytes in CBOR block`)
  }

  const scanInner = (c: bigint, bytes: Uint8Array): void => {
    if (c === ScanCodec.DAG_CBOR) scanDagCbor(bytes)
    else if (c !== ScanCodec.IPLD_RAW && c !== ScanCodec.CBOR) fail('IllegalCodec', `codec ${c} not allowed`)
  }

  try {
    scanInner(codec, data)
    return { used: meter.available - meter.remaining, result: { ok: true, links } }
  } catch (e) {
    if (!(e instanceof ScanFailure)) throw e
    return { used: meter.available - meter.remaining, result: { ok: false, error: e.error } }
  }
}
