/**
 * The `ipld` namespace: opening, creating, reading, inspecting and linking blocks of the
 * invocation's block registry. The signatures are the same at nv17, nv18 and nv21; the block size
 * limit of `block_create`, the codecs the registry accepts and the prices differ, and from nv21
 * (ref-fvm v4, FIP-0071) `block_open`, `block_create` and `block_link` track which blocks the
 * invocation can reach (`kernel.reachability`): they have their own v4 entries.
 */
import * as G from '../../gas/price-list.js'
import { scanForReachableLinks, type ReadCid } from '../../gas/ipld-scan.js'
import { gasAvailable } from '../../gas/tracker.js'
import { blake2b256, CID, Multihash, readCidExact } from '../../ipld/cid.js'
import * as Digest from 'multiformats/hashes/digest'
import { OUT_OF_GAS } from '../../call-manager/execution-error.js'
import { ErrorNumber } from '../../types/error-number.js'
import type { FvmVersion } from '../../types/network-version.js'
import { getBlock, isReachable, markReachable, putBlock, putCheckReachable, putReachable, withLinks, type PutResult } from '../block-registry.js'
import {
  checkOut,
  concatOut,
  i32Bytes,
  readCid,
  returns,
  slice,
  u32,
  u32Bytes,
  u64,
  u64Bytes,
  writeToBuffer,
  type SyscallDef,
  type SyscallOutput,
} from '../abi.js'
import { kcharge, kerr, kfail, kok, kthen, priceList, type KernelState, type KStep } from '../kernel.js'
import type { Block } from '../../call-manager/call-manager.js'

const I32_MAX = 0x7fff_ffff

function invalidHandle<T>(k: KernelState, id: number): KStep<T> {
  return kerr(k, ErrorNumber.InvalidHandle, `block handle ${id} does not exist, or is illegal`)
}

/** Puts a block in the registry (IllegalCodec / LimitExceeded from the registry's own checks). */
function register(k: KernelState, block: Block): KStep<number> {
  return registered(k, putBlock(k.blocks, block, k.cm.machine.rules.registryCodecs))
}

/** A put's outcome as a step: the handle, or the registry's error number. */
function registered(k: KernelState, put: PutResult): KStep<number> {
  if (!put.ok) return kerr(k, put.errno, put.message)
  return kok({ ...k, blocks: put.registry }, put.id)
}

/** The link scan's CID reader: `Cid::read_bytes` over exactly the tag-42 bytes. */
const readScannedCid: ReadCid<CID> = (bytes) => {
  const cid = readCidExact(bytes)
  return typeof cid === 'string' ? cid : { codec: BigInt(cid.code), hashCode: BigInt(cid.multihash.code), digest: cid.multihash.digest, cid }
}

const SCAN_ERRNO = { Serialization: ErrorNumber.Serialization, NotFound: ErrorNumber.NotFound, IllegalCodec: ErrorNumber.IllegalCodec } as const

/**
 * v4 `ipld::scan_for_reachable_links`: scans a block of `codec` for its links, metered against the
 * gas available now; charges `OnScanIpldLinks` with what the scan used (also after a failure, and
 * also 0); then the scan's error, if any: out of gas, Serialization, NotFound or IllegalCodec.
 *
 * @rule gas.ipld-scan
 */
function scanLinks(k: KernelState, codec: bigint, data: Uint8Array): KStep<readonly CID[]> {
  const r = scanForReachableLinks(priceList(k), codec, data, gasAvailable(k.cm.gas), readScannedCid)
  return kthen(kcharge(k, G.onScanIpldLinks(r.used)), (k1): KStep<readonly CID[]> => {
    if (r.result.ok) return kok(k1, r.result.links)
    const e = r.result.error
    return e.kind === 'out-of-gas' ? kfail(k1, OUT_OF_GAS) : kerr(k1, SCAN_ERRNO[e.code], e.message)
  })
}

const openOut = (codec: number, id: number, size: number): SyscallOutput => returns(concatOut(u64Bytes(BigInt(codec)), u32Bytes(id), u32Bytes(size)))

/**
 * ipld.block_open(cid_off) → IpldOpen { codec u64, id u32, size u32 }.
 *
 * @rule syscall.ipld-block-open
 */
const blockOpen: SyscallDef = {
  module: 'ipld', name: 'block_open', params: ['i32'], out: 16, versions: ['v2', 'v3'], rule: 'syscall.ipld-block-open',
  body: (k, memory, [cidOff]) =>
    kthen(readCid(k, memory, u32(cidOff)), (k1, cid) =>
      kthen(kcharge(k1, G.onBlockOpenBase(priceList(k1))), (k2): KStep<SyscallOutput> => {
        const data = k2.cm.tree.store.get(cid)
        // A block the machine does not have is a bug in the state, not the actor's fault.
        if (data === undefined) return kfail(k2, { kind: 'fatal', message: `missing state: ${cid.toString()}` })
        const block: Block = { codec: cid.code, data }
        return kthen(kcharge(k2, G.onBlockOpenPerByte(priceList(k2), BigInt(data.length))), (k3) =>
          kthen(register(k3, block), (k4, id) =>
            kok(k4, openOut(block.codec, id, data.length))),
        )
      }),
    ),
}

/**
 * v4 ipld.block_open(cid_off) → IpldOpen: read the CID; `OnBlockOpenBase`; not reachable →
 * NotFound; load (missing: fatal); scan the block for links (`OnScanIpldLinks`); `OnBlockOpen(size,
 * links)`; `put_reachable` (its links become reachable). `fvm@v4.8.2:fvm/src/kernel/default.rs`
 * L392–435.
 *
 * @rule syscall.ipld-block-open
 * @rule kernel.reachability
 */
const blockOpenV4: SyscallDef = {
  module: 'ipld', name: 'block_open', params: ['i32'], out: 16, versions: ['v4'], rule: 'syscall.ipld-block-open',
  body: (k, memory, [cidOff]) =>
    kthen(readCid(k, memory, u32(cidOff)), (k1, cid) =>
      kthen(kcharge(k1, G.onBlockOpenBase(priceList(k1))), (k2): KStep<SyscallOutput> => {
        if (!isReachable(k2.blocks, cid)) return kerr(k2, ErrorNumber.NotFound, `block not reachable: ${cid.toString()}`)
        const data = k2.cm.tree.store.get(cid)
        if (data === undefined) return kfail(k2, { kind: 'fatal', message: `missing reachable state: ${cid.toString()}` })
        return kthen(scanLinks(k2, BigInt(cid.code), data), (k3, links) =>
          kthen(kcharge(k3, G.onBlockOpenPerByte(priceList(k3), BigInt(data.length), BigInt(links.length))), (k4) =>
            kthen(registered(k4, putReachable(k4.blocks, withLinks({ codec: cid.code, data }, links))), (k5, id) =>
              kok(k5, openOut(cid.code, id, data.length)))))
      }),
    ),
}

/**
 * ipld.block_create(codec, data_off, data_len) → u32 block id.
 *
 * @rule syscall.ipld-block-create
 */
const blockCreate: SyscallDef = {
  module: 'ipld', name: 'block_create', params: ['i64', 'i32', 'i32'], out: 4, versions: ['v2', 'v3'], rule: 'syscall.ipld-block-create',
  body: (k, memory, [codec, off, len]) =>
    kthen(slice(k, memory, u32(off), u32(len)), (k1, data): KStep<SyscallOutput> => {
      const max = k1.cm.machine.rules.maxBlockSize
      if (max !== null && data.length > max) {
        return kerr(k1, ErrorNumber.LimitExceeded, 'blocks may not be larger than 1MiB')
      }
      return kthen(kcharge(k1, G.onBlockCreate(priceList(k1), BigInt(data.length))), (k2) =>
        kthen(register(k2, { codec: Number(u64(codec)), data }), (k3, id) => kok(k3, returns(u32Bytes(id)))),
      )
    }),
}

/**
 * v4 ipld.block_create(codec, data_off, data_len) → u32 block id: read the data; over 1 MiB →
 * LimitExceeded; a codec other than CBOR, DAG-CBOR, raw → IllegalCodec (both before any charge);
 * scan for links (`OnScanIpldLinks`); `OnBlockCreate(size, links)`; `put_check_reachable` (a link
 * that is not reachable → NotFound). `fvm@v4.8.2:fvm/src/kernel/default.rs` L437–462.
 *
 * @rule syscall.ipld-block-create
 * @rule kernel.reachability
 */
const blockCreateV4: SyscallDef = {
  module: 'ipld', name: 'block_create', params: ['i64', 'i32', 'i32'], out: 4, versions: ['v4'], rule: 'syscall.ipld-block-create',
  body: (k, memory, [codecArg, off, len]) =>
    kthen(slice(k, memory, u32(off), u32(len)), (k1, data): KStep<SyscallOutput> => {
      const rules = k1.cm.machine.rules
      if (rules.maxBlockSize !== null && data.length > rules.maxBlockSize) {
        return kerr(k1, ErrorNumber.LimitExceeded, 'blocks may not be larger than 1MiB')
      }
      const codec = u64(codecArg)
      if (!rules.registryCodecs.some((c) => BigInt(c) === codec)) return kerr(k1, ErrorNumber.IllegalCodec, `codec ${codec} not allowed`)
      return kthen(scanLinks(k1, codec, data), (k2, links) =>
        kthen(kcharge(k2, G.onBlockCreate(priceList(k2), BigInt(data.length), BigInt(links.length))), (k3) =>
          kthen(registered(k3, putCheckReachable(k3.blocks, withLinks({ codec: Number(codec), data }, links))), (k4, id) =>
            kok(k4, returns(u32Bytes(id))))))
    }),
}

/**
 * ipld.block_read(id, offset, obuf_off, obuf_len) → i32: block length − (offset + obuf_len).
 *
 * @rule syscall.ipld-block-read
 */
const blockRead: SyscallDef = {
  module: 'ipld', name: 'block_read', params: ['i32', 'i32', 'i32', 'i32'], out: 4, versions: ['v2', 'v3', 'v4'], rule: 'syscall.ipld-block-read',
  body: (k, memory, [idArg, offArg, obufOff, obufLen]) => {
    const id = u32(idArg)
    const offset = u32(offArg)
    const bufOff = u32(obufOff)
    const bufLen = u32(obufLen)
    return kthen(checkOut(k, memory, bufOff, bufLen), (k1): KStep<SyscallOutput> => {
      const end = offset + bufLen
      if (end > I32_MAX) return kerr(k1, ErrorNumber.IllegalArgument, 'offset plus buffer length did not fit into an i32')
      const block = getBlock(k1.blocks, id)
      if (block === undefined) return invalidHandle(k1, id)
      const data = block.data
      const toRead = Math.min(Math.max(data.length - offset, 0), bufLen)
      return kthen(kcharge(k1, G.onBlockRead(priceList(k1), BigInt(toRead))), (k2) => {
        const writes = toRead === 0 ? [] : [{ offset: bufOff, bytes: data.slice(offset, offset + toRead) }]
        return kok(k2, returns(i32Bytes(data.length - end), writes))
      })
    })
  },
}

/**
 * ipld.block_stat(id) → IpldStat { codec u64, size u32 }.
 *
 * @rule syscall.ipld-block-stat
 */
const blockStat: SyscallDef = {
  module: 'ipld', name: 'block_stat', params: ['i32'], out: 12, versions: ['v2', 'v3', 'v4'], rule: 'syscall.ipld-block-stat',
  body: (k, _memory, [idArg]) =>
    kthen(kcharge(k, G.onBlockStat(priceList(k))), (k1): KStep<SyscallOutput> => {
      const id = u32(idArg)
      const block = getBlock(k1.blocks, id)
      if (block === undefined) return invalidHandle(k1, id)
      return kok(k1, returns(concatOut(u64Bytes(BigInt(block.codec)), u32Bytes(block.data.length))))
    }),
}

/**
 * ipld.block_link(id, hash_fun, hash_len, cid_off, cid_len) → u32 CID length. Hashes the block,
 * writes it to the machine's blockstore, and writes its CID to the output buffer. From v4 the new
 * CID is also marked reachable (`fvm@v4.8.2:fvm/src/kernel/default.rs` L464–498), and
 * `OnBlockLink` includes one link tracking (the v4 price list).
 *
 * @rule syscall.ipld-block-link
 */
function blockLinkDef(versions: readonly FvmVersion[], reachable: boolean): SyscallDef {
  return {
    module: 'ipld', name: 'block_link', params: ['i32', 'i64', 'i32', 'i32', 'i32'], out: 4, versions, rule: 'syscall.ipld-block-link',
    body: (k, memory, [idArg, hashFun, hashLen, cidOff, cidLen]) => {
      const outOff = u32(cidOff)
      const outLen = u32(cidLen)
      return kthen(checkOut(k, memory, outOff, outLen), (k1): KStep<SyscallOutput> => {
        if (u64(hashFun) !== BigInt(Multihash.BLAKE2B_256) || u32(hashLen) !== 32) {
          return kerr(k1, ErrorNumber.IllegalCid, 'cids must be 32-byte blake2b')
        }
        const id = u32(idArg)
        const block = getBlock(k1.blocks, id)
        if (block === undefined) return invalidHandle(k1, id)
        return kthen(kcharge(k1, G.onBlockLink(priceList(k1), Multihash.BLAKE2B_256, BigInt(block.data.length))), (k2) => {
          const cid = CID.createV1(block.codec, Digest.create(Multihash.BLAKE2B_256, blake2b256(block.data)))
          const tree = k2.cm.tree.withStore(k2.cm.tree.store.put(cid, block.data))
          const k3: KernelState = { ...k2, cm: { ...k2.cm, tree }, blocks: reachable ? markReachable(k2.blocks, cid) : k2.blocks }
          // The block is stored (and at v4 reachable) even when its CID does not fit the output buffer.
          return writeToBuffer(k3, outOff, outLen, cid.bytes)
        })
      })
    },
  }
}

export const IPLD_SYSCALLS: readonly SyscallDef[] = [
  blockOpen, blockOpenV4, blockCreate, blockCreateV4, blockRead, blockStat, blockLinkDef(['v2', 'v3'], false), blockLinkDef(['v4'], true),
]
