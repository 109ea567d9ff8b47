/**
 * The pre-state the test bundle's own tests run on: an account f0100 (Alice, a BLS key address)
 * and two scripted actors, f0200 (1000 attos) and f0201 (none).
 */
import { blsAddress } from '../../interpreter/types/address.js'
import type { ActorSpec } from '../builder/state-builder.js'
import { SCRIPTED } from './bundle.js'

export const ALICE = blsAddress(new Uint8Array(48).fill(5))
export const SCRIPTED_ID = 200n
export const OTHER_ID = 201n
export const ACTORS: readonly ActorSpec[] = [
  { id: 100n, code: 'account', balance: 10n ** 20n, address: ALICE },
  { id: SCRIPTED_ID, code: SCRIPTED, balance: 1000n },
  { id: OTHER_ID, code: SCRIPTED, balance: 0n },
]
/** The next ID the init actor hands out. */
export const NEXT_ID = 202n
