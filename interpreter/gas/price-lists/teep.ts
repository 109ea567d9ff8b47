/**
 * `TEEP_PRICES` of ref-fvm v4.8.2 (nv25, nv26, nv27, nv28), written as a delta over
 * `WATERMELON_PRICES`. Source: `fvm@v4.8.2:fvm/src/gas/price_list.rs` L315–396: the Rust literal
 * sets `verify_seal_base` and both aggregate-seal tables and takes everything else from
 * `..WATERMELON_PRICES.clone()` (L395). TEEP arrived in fvm 4.6.0; 4.6.1 ("Fix Teep pricing for
 * NI-PoRep") added the NI-PoRep table entries.
 *
 * The tables restate the 32GiB/64GiB V1P1 entries unchanged (L319–326, L336–365); TEEP adds the
 * FIP-0092 NI-PoRep entries, which WATERMELON lacks (there they fall back to the 32GiB V1P1
 * entry).
 *
 * @rule gas.price-list-selection
 * @rule gas.ni-porep
 */
import { gasFromWhole as g } from '../gas.js'
import { type PriceList, type Step, SealProof } from '../price-list.js'
import { WATERMELON_PRICES } from './watermelon.js'

const steps = (pairs: readonly (readonly [number, number])[]): readonly Step[] =>
  pairs.map(([start, cost]) => ({ start: BigInt(start), cost: g(BigInt(cost)) }))

export const TEEP_PRICES: PriceList = {
  ...WATERMELON_PRICES,
  name: 'teep',
  verifySealBase: g(42_000_000n), // verify_seal_base L316
  verifyAggregateSealPer: {
    ...WATERMELON_PRICES.verifyAggregateSealPer, // restated: 32GiB V1P1 L319–322, 64GiB V1P1 L323–326
    [SealProof.StackedDRG32GiBV1P2_Feat_NiPoRep]: g(44990n * 126n), // L327–330
    [SealProof.StackedDRG64GiBV1P2_Feat_NiPoRep]: g(35928n * 126n), // L331–334
  },
  verifyAggregateSealSteps: {
    ...WATERMELON_PRICES.verifyAggregateSealSteps, // restated: 32GiB V1P1 L336–350, 64GiB V1P1 L351–365
    // L366–379
    [SealProof.StackedDRG32GiBV1P2_Feat_NiPoRep]: steps([
      [1, 112356810], [2, 122912610], [3, 137559930], [5, 162039100],
      [9, 210960780], [17, 318351180], [33, 528274980],
    ]),
    // L380–393
    [SealProof.StackedDRG64GiBV1P2_Feat_NiPoRep]: steps([
      [1, 110803030], [2, 120803700], [3, 134642130], [5, 157357890],
      [9, 203017690], [17, 304253590], [33, 509880640],
    ]),
  },
}
