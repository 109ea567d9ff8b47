/**
 * `OH_SNAP_PRICES` of ref-fvm v2.12.1 (nv15), as a delta over `SKYR_PRICES`.
 * Source: `fvm@v2.12.1:fvm/src/gas/price_list.rs` L24–148. Skyr (L150–274) is identical except
 * for the per-byte block memory costs, the syscall and extern costs and wasm execution, which
 * are all free here.
 *
 * @rule gas.price-list-selection
 */
import { gasFromWhole as g } from '../gas.js'
import type { PriceList } from '../price-list.js'
import { SKYR_PRICES } from './skyr.js'

export const OH_SNAP_PRICES: PriceList = {
  ...SKYR_PRICES,
  name: 'oh-snap',
  externCost: 0n, // L143
  syscallCost: 0n, // L142
  blocks: {
    model: 'memret',
    blockMemcpyPerByteCost: 0n, // L128
    blockOpenBase: g(114617n), // L130
    blockOpenMemretPerByteCost: 0n, // L131
    blockLinkBase: g(353640n), // L133
    blockLinkStoragePerByteCost: g(1n), // L134
    blockCreateBase: 0n, // L136
    blockCreateMemretPerByteCost: 0n, // L137
    blockReadBase: 0n, // L139
    blockStatBase: 0n, // L140
  },
  wasm: { model: 'flat', execInstructionCost: 0n }, // L145–147: every instruction free
}
