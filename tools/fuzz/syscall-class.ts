/**
 * Fuzz class `syscall`: programs of the test bundle's scripted actor (vectors/test-bundle/
 * program.ts) that call syscalls with hostile arguments — huge lengths, out-of-bounds pointers,
 * garbage CIDs and blocks, boundary u64 values, unknown handles — and hostile ops around them:
 * memory growth, deep recursion, sends with odd methods and values, events, randomness.
 */
import { draftVector, type GenAddress, type GenOp, type ScriptedRecipe } from '../../vectors/gen/recipe.js'
import { rawSyscallsFor } from '../../vectors/test-bundle/program.js'
import type { NetworkVersion } from '../../interpreter/types/network-version.js'
import { toHex } from '../../interpreter/util/bytes.js'
import type { Rng } from './rng.js'
import type { FuzzInput } from './vector-class.js'
import { abiFor, binds, drawVersion, unboundedMemory, type FvmAbi } from './versions.js'

const ACCOUNT = 100
const SCRIPTED = [110, 111] as const

function address(rng: Rng): GenAddress {
  return { actor: rng.pick([ACCOUNT, ...SCRIPTED, 1, 0, 99, 150, 151, 0x7fff_ffff]), by: rng.pick(['id', 'key'] as const), ...(rng.bool() ? { key: rng.pick(['bls', 'secp'] as const) } : {}) }
}

/** A pointer into the actor's memory: often free memory (1024…), often out of bounds. */
const pointer = (rng: Rng): number => rng.pick([1024, 2048, 4096, 8000, 512, 0, 65535, 65536, 0xffff_fff0, rng.hostileU32()])

/** Garbage for memory: bytes that look a little like a CID, or not at all. */
function garbage(rng: Rng): string {
  return toHex(
    rng.pick([
      () => rng.bytes(rng.range(0, 64)),
      () => Uint8Array.of(0x01, rng.pick([0x55, 0x71, 0x51, 0x00, 0xff]), 0xa0, 0xe4, 0x02, 0x20, ...rng.bytes(rng.pick([0, 31, 32, 33]))),
      () => Uint8Array.of(0x01, 0x71, 0x00, rng.range(0, 255), ...rng.bytes(rng.range(0, 40))),
      () => Uint8Array.of(0x12, 0x20, ...rng.bytes(32)),
    ])(),
  )
}

/** Whether the ABI's `send.send` takes a gas limit (v3, v4) or not (v2, which has no such argument). */
const SEND_GAS_LIMIT: Readonly<Record<FvmAbi, boolean>> = { v2: false, v3: true, v4: true }

function syscallOp(rng: Rng, nv: NetworkVersion): GenOp {
  const s = rng.pick(rawSyscallsFor(abiFor(nv)).filter((x) => x.diverges !== true || rng.bool(0.2)))
  const args = [...s.sig.params].map((t) => (t === 'I' ? rng.hostileU64().toString() : rng.hostileU32()))
  return { op: 'syscall', name: `${s.module}.${s.name}`, args, ...(rng.bool(0.3) ? { out: pointer(rng) } : {}), ...(rng.bool(0.2) ? { capture: [pointer(rng), rng.pick([0, 4, 64, 0xffff_ffff])] as const } : {}) }
}

function op(rng: Rng, nv: NetworkVersion, depth: number, known: boolean): GenOp {
  switch (rng.int(16)) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
      return syscallOp(rng, nv)
    case 5:
      return { op: 'write_mem', offset: rng.pick([1024, 2048, 4096, 7000, 8100]), data: garbage(rng) }
    case 6:
      return { op: 'block_open', cid: garbage(rng) }
    case 7:
      return { op: 'block_read', handle: rng.pick([0, 1, 2, 3, 0xffff_ffff, 0xffff_fffe, rng.hostileU32()]), offset: rng.hostileU32(), length: rng.hostileU32() }
    case 8:
      return { op: 'block_create', codec: rng.pick([0x55, 0x71, 0x51, 0, 0xff, 0x7fff_ffff]), data: garbage(rng) }
    case 9:
      // Where memory is unbounded (nv17) it can grow to 4 GiB, and syscalls reading gigabytes of
      // it are a known finding (knownFindings in actor-class.ts): drawn only when asked for.
      return { op: 'grow', pages: rng.pick(!unboundedMemory(nv) || known ? [0, 1, 100, 8192, 65535, 0x7fff_ffff] : [0, 1, 100, 1000, 0x7fff_ffff]) }
    case 10:
      return depth < 4 ? { op: 'recurse', program: program(rng, nv, known, depth + 1), ...(rng.bool() ? { gas_limit: String(rng.hostileU64()) } : {}) } : { op: 'burn', n: rng.range(0, 10_000) }
    case 11:
      return { op: 'send', to: address(rng), method: rng.pick([0, 1, 2, 0xffff_ffff]), value: rng.pick(['0', '1', String((1n << 127n) - 1n), String(1n << 127n)]), ...(SEND_GAS_LIMIT[abiFor(nv)] && rng.bool() ? { gas_limit: String(rng.hostileU64()) } : {}), ...(depth < 3 && rng.bool() ? { program: program(rng, nv, known, depth + 1) } : {}) }
    case 12:
      return binds(nv, 'event.emit_event') ? { op: 'emit_event', data: garbage(rng) } : { op: 'balance' }
    case 13:
      return { op: 'randomness', kind: rng.pick(['chain', 'beacon'] as const), tag: rng.int(100), epoch: rng.pick([-1, 0, 2_000_000, 2_000_001, 2 ** 53 - 1]), entropy: toHex(rng.bytes(rng.pick([0, 32, 1000]))) }
    case 14:
      return { op: 'state_write', data: garbage(rng) }
    default:
      return rng.pick<GenOp>([{ op: 'state_read' }, { op: 'block_stat', handle: rng.hostileU32() }, { op: 'block_link', handle: rng.hostileU32() }, { op: 'self_destruct', beneficiary: address(rng) }, { op: 'burn', n: rng.range(0, 100_000) }])
  }
}

function program(rng: Rng, nv: NetworkVersion, known: boolean, depth = 0): GenOp[] {
  return Array.from({ length: rng.range(1, depth === 0 ? 12 : 4) }, () => op(rng, nv, depth, known))
}

/** One vector whose messages run hostile programs on the scripted actor. */
export function syscallInput(rng: Rng, opts: { readonly known?: boolean } = {}): FuzzInput {
  const nv = drawVersion(rng)
  for (;;) {
    const programs = Array.from({ length: rng.range(1, 2) }, () => program(rng, nv, opts.known === true))
    const recipe: ScriptedRecipe = {
      nv,
      base_fee: '100',
      actors: [{ id: ACCOUNT, kind: 'account', balance: '1000000000000000000000000' }, ...SCRIPTED.map((id) => ({ id, kind: 'scripted' as const, balance: '1000' }))],
      messages: programs.map((p) => ({
        from: { actor: ACCOUNT, by: 'id' as const },
        to: { actor: rng.pick(SCRIPTED), by: 'id' as const },
        method: 2,
        value: '0',
        gas_limit: String(rng.pick([10_000_000, 100_000_000, 1_000_000_000])),
        fee_cap: '200',
        premium: '10',
        program: p,
      })),
    }
    try {
      const ops = programs.flat().map((o) => o.op).join(' ')
      return { text: draftVector(recipe, { id: 'fuzz-syscall' }), note: `nv${nv} program: ${ops}` }
    } catch (e) {
      // A program too long for the params (32 KiB): draw another.
      if (!/too long/.test((e as Error).message)) throw e
    }
  }
}
