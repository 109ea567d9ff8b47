/**
 * A test vector (class "message", the format `vectors/schema.ts` reads) from a start state, the
 * applied messages and their receipts, and the end state.
 */
import type { MachineContext } from '../../interpreter/machine/machine.js'
import type { StateTree } from '../../interpreter/state/state-tree.js'
import type { Receipt } from '../../interpreter/types/receipt.js'
import { toBase64 } from '../../interpreter/util/bytes.js'
import { packCar, reachableBlocks } from '../genesis/car.js'

export interface VectorMeta {
  readonly id?: string
  readonly description?: string
}

export interface VectorParts {
  readonly nv: number
  readonly context: MachineContext
  readonly start: StateTree
  readonly end: StateTree
  readonly messages: readonly Uint8Array[]
  readonly receipts: readonly Receipt[]
  /** CID texts never to carry (the bundle's actor code). */
  readonly exclude: ReadonlySet<string>
  readonly meta: VectorMeta
}

/** JSON text in which bigints are exact integer literals. */
export function jsonWithBigInts(value: unknown, indent = 2): string {
  const marks: string[] = []
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `@@bigint${marks.push(v.toString()) - 1}@@` : v), indent)
  return text.replace(/"@@bigint([0-9]+)@@"/g, (_m, i: string) => marks[Number(i)] as string)
}

/**
 * The vector: pre-state root and post-state root in the CAR's roots, the blocks reachable from
 * both (no actor code), one variant at the context's epoch, base fee and circulating supply as
 * exact integers, the messages and their receipts.
 *
 * @rule sandbox.export-vector
 */
export function buildVector(p: VectorParts): string {
  const [preRoot, pre] = p.start.flush()
  const [postRoot, post] = p.end.flush()
  const blocks = new Map([...reachableBlocks(pre.store, [preRoot], p.exclude), ...reachableBlocks(post.store, [postRoot], p.exclude)])
  const roots = preRoot.equals(postRoot) ? [preRoot] : [preRoot, postRoot]
  const id = p.meta.id ?? `sandbox-nv${p.nv}-${postRoot.toString().slice(-12)}`
  return (
    jsonWithBigInts({
      class: 'message',
      _meta: {
        id,
        version: 'fvm-spec sandbox 1',
        description: p.meta.description ?? `${p.messages.length} message(s) applied in the fvm-spec sandbox at nv${p.nv}`,
        expected: 'the receipts and post-state root are what fvm-spec computed',
        gen: [{ source: 'fvm-spec/tools/sandbox', version: '1' }],
      },
      car: packCar(roots, blocks),
      preconditions: {
        variants: [{ id: `nv${p.nv}`, epoch: p.context.epoch, nv: p.nv }],
        state_tree: { root_cid: { '/': preRoot.toString() } },
        basefee: p.context.baseFee,
        circ_supply: p.context.circulatingSupply,
      },
      apply_messages: p.messages.map((m) => ({ bytes: toBase64(m) })),
      postconditions: {
        state_tree: { root_cid: { '/': postRoot.toString() } },
        receipts: p.receipts.map((r) => ({ exit_code: r.exitCode, return: toBase64(r.returnData), gas_used: r.gasUsed })),
      },
    }) + '\n'
  )
}
