/**
 * The `rand` namespace: randomness drawn from the ticket chain or the beacon. The machine's
 * externs supply a 32-byte digest for the epoch; the kernel draws the actor's value from it.
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
        let digest: Uint8Array
        try {
          const externs = k2.cm.machine.externs
          digest = source === 'chain' ? externs.chainRandomness(epoch) : externs.beaconRandomness(epoch)
        } catch (e) {
          return kerr(k2, ErrorNumber.IllegalArgument, `failed to get ${source} randomness: ${(e as Error).message}`)
        }
        if (digest.length !== RANDOMNESS_LENGTH) {
          return kerr(k2, ErrorNumber.IllegalArgument, `${source} randomness digest has ${digest.length} bytes, not ${RANDOMNESS_LENGTH}`)
        }
        return kok(k2, returns(drawRandomness(digest, i64(pers), epoch, entropy)))
      }),
    )
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

export const RAND_SYSCALLS: readonly SyscallDef[] = [chain, beacon]
