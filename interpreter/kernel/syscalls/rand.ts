/**
 * The `rand` namespace: randomness drawn from the ticket chain or the beacon. The machine's
 * externs supply a 32-byte digest for the epoch; before nv21 the kernel draws the actor's value
 * from it (personalisation, epoch, entropy); from nv21 (ref-fvm v4, FIP-0075) it returns the
 * digest itself and charges by how far back the epoch is.
 */
import { onGetRandomness } from '../../gas/price-list.js'
import { blake2b256 } from '../../ipld/cid.js'
import { ErrorNumber } from '../../types/error-number.js'
import { concatBytes } from '../../util/bytes.js'
import { i64, returns, slice, u32, type SyscallArgs, type SyscallDef, type SyscallOutput } from '../abi.js'
import { kcharge, kerr, kok, kthen, type KernelState, type KStep } from '../kernel.js'

export const RANDOMNESS_LENGTH = 32

function i64BigEndian(n: bigint): Uint8Array {
  const b = new Uint8Array(8)
  new DataView(b.buffer).setBigInt64(0, BigInt.asIntN(64, n), false)
  return b
}

/**
 * ref-fvm `draw_randomness`: blake2b-256(pers as i64 BE ‖ digest ‖ round as i64 BE ‖ entropy).
 *
 * @rule syscall.rand-draw
 */
export function drawRandomness(digest: Uint8Array, pers: bigint, round: bigint, entropy: Uint8Array): Uint8Array {
  return blake2b256(concatBytes(i64BigEndian(pers), digest, i64BigEndian(round), entropy))
}

type Source = 'chain' | 'beacon'

/**
 * rand.get_chain_randomness / get_beacon_randomness(pers i64, round i64, entropy_off, entropy_len)
 * → [u8; 32]: entropy bounds (IllegalArgument); charge OnGetRandomness(len); the extern's digest
 * for `round` (an extern error is IllegalArgument; no lookback check); the draw.
 *
 * @rule syscall.rand-get-randomness
 */
function getRandomness(source: Source) {
  return (k: KernelState, memory: Uint8Array, [pers, round, off, len]: SyscallArgs): KStep<SyscallOutput> =>
    kthen(slice(k, memory, u32(off), u32(len)), (k1, entropy) =>
      kthen(kcharge(k1, onGetRandomness(k1.cm.machine.rules.priceList, BigInt(entropy.length))), (k2): KStep<SyscallOutput> => {
        const epoch = i64(round)
        const digest = extern(k2, source, epoch)
        if (typeof digest === 'string') return kerr(k2, ErrorNumber.IllegalArgument, digest)
        return kok(k2, returns(drawRandomness(digest, i64(pers), epoch, entropy)))
      }),
    )
}

const I64_MIN = -(1n << 63n)
const I64_MAX = (1n << 63n) - 1n

/**
 * v4 rand.get_chain_randomness / get_beacon_randomness(round i64) → [u8; 32]: lookback = current
 * epoch − round, an i64 overflow being IllegalArgument ("in the future") — a round after the
 * current epoch is *not* rejected: its negative lookback, read as a u64, makes `OnGetRandomness`
 * saturate and run out of gas; charge `OnGetRandomness` = lookback cost (146 200 + 75/epoch other);
 * the extern's digest (an extern error is IllegalArgument), returned as is.
 * `fvm@v4.8.2:fvm/src/kernel/default.rs` L777–822, `syscalls/rand.rs` L12–28.
 *
 * @rule syscall.rand-get-randomness
 */
function getRandomnessV4(source: Source) {
  return (k: KernelState, _memory: Uint8Array, [round]: SyscallArgs): KStep<SyscallOutput> => {
    const epoch = i64(round)
    const lookback = k.cm.machine.context.epoch - epoch
    if (lookback < I64_MIN || lookback > I64_MAX) return kerr(k, ErrorNumber.IllegalArgument, `randomness epoch ${epoch} is in the future`)
    return kthen(kcharge(k, onGetRandomness(k.cm.machine.rules.priceList, { lookback })), (k1): KStep<SyscallOutput> => {
      const digest = extern(k1, source, epoch)
      return typeof digest === 'string' ? kerr(k1, ErrorNumber.IllegalArgument, digest) : kok(k1, returns(digest))
    })
  }
}

/** The extern's 32-byte digest for `epoch`, or the error message. */
function extern(k: KernelState, source: Source, epoch: bigint): Uint8Array | string {
  let digest: Uint8Array
  try {
    const externs = k.cm.machine.externs
    digest = source === 'chain' ? externs.chainRandomness(epoch) : externs.beaconRandomness(epoch)
  } catch (e) {
    return `failed to get ${source} randomness: ${(e as Error).message}`
  }
  return digest.length === RANDOMNESS_LENGTH ? digest : `${source} randomness digest has ${digest.length} bytes, not ${RANDOMNESS_LENGTH}`
}

const RAND_PARAMS = ['i64', 'i64', 'i32', 'i32'] as const

const chain: SyscallDef = {
  module: 'rand', name: 'get_chain_randomness', params: RAND_PARAMS, out: RANDOMNESS_LENGTH, versions: ['v2', 'v3'],
  rule: 'syscall.rand-get-randomness', body: getRandomness('chain'),
}

const beacon: SyscallDef = {
  module: 'rand', name: 'get_beacon_randomness', params: RAND_PARAMS, out: RANDOMNESS_LENGTH, versions: ['v2', 'v3'],
  rule: 'syscall.rand-get-randomness', body: getRandomness('beacon'),
}

const chainV4: SyscallDef = {
  module: 'rand', name: 'get_chain_randomness', params: ['i64'], out: RANDOMNESS_LENGTH, versions: ['v4'],
  rule: 'syscall.rand-get-randomness', body: getRandomnessV4('chain'),
}

const beaconV4: SyscallDef = {
  module: 'rand', name: 'get_beacon_randomness', params: ['i64'], out: RANDOMNESS_LENGTH, versions: ['v4'],
  rule: 'syscall.rand-get-randomness', body: getRandomnessV4('beacon'),
}

export const RAND_SYSCALLS: readonly SyscallDef[] = [chain, beacon, chainV4, beaconV4]
