import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as chain from './chain.js'

test('types.well-known-actors: singleton ids', () => {
  assert.deepEqual(
    [
      chain.SYSTEM_ACTOR_ID,
      chain.INIT_ACTOR_ID,
      chain.REWARD_ACTOR_ID,
      chain.CRON_ACTOR_ID,
      chain.STORAGE_POWER_ACTOR_ID,
      chain.STORAGE_MARKET_ACTOR_ID,
      chain.VERIFIED_REGISTRY_ACTOR_ID,
      chain.DATACAP_TOKEN_ACTOR_ID,
      chain.EAM_ACTOR_ID,
      chain.BURNT_FUNDS_ACTOR_ID,
      chain.FIRST_NON_SINGLETON_ACTOR_ID,
    ],
    [0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 10n, 99n, 100n],
  )
  assert.equal(chain.DATACAP_ACTOR_ID, 7n)
  assert.equal(chain.BLOCK_GAS_LIMIT, 10_000_000_000n)
})
