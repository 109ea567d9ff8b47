/**
 * Chain-level constants: actor ids of the singleton built-in actors, method numbers, limits.
 *
 * Ground truth: ref-fvm `fvm/src/{system_actor,init_actor,eam_actor}.rs`, `fvm/src/machine/mod.rs`,
 * `shared/src/lib.rs`, `shared/src/address/mod.rs`; the other ids are builtin-actors' singletons.
 */

/** An actor id: the u64 behind an f0 address. */
export type ActorID = bigint

/** @rule types.well-known-actors */
export const SYSTEM_ACTOR_ID: ActorID = 0n
export const INIT_ACTOR_ID: ActorID = 1n
export const REWARD_ACTOR_ID: ActorID = 2n
export const CRON_ACTOR_ID: ActorID = 3n
export const STORAGE_POWER_ACTOR_ID: ActorID = 4n
export const STORAGE_MARKET_ACTOR_ID: ActorID = 5n
export const VERIFIED_REGISTRY_ACTOR_ID: ActorID = 6n
export const DATACAP_TOKEN_ACTOR_ID: ActorID = 7n
/** Alias of DATACAP_TOKEN_ACTOR_ID. */
export const DATACAP_ACTOR_ID: ActorID = DATACAP_TOKEN_ACTOR_ID
/** The Ethereum address manager (nv18+); also the namespace of f410 addresses. */
export const EAM_ACTOR_ID: ActorID = 10n
export const BURNT_FUNDS_ACTOR_ID: ActorID = 99n
/** The first id the init actor hands out (FIRST_NON_SINGLETON_ADDR). */
export const FIRST_NON_SINGLETON_ACTOR_ID: ActorID = 100n

/** Method numbers. */
export type MethodNum = bigint
export const METHOD_SEND: MethodNum = 0n
export const METHOD_CONSTRUCTOR: MethodNum = 1n

/** Total gas limit allowed per block (BLOCK_GAS_LIMIT). */
export const BLOCK_GAS_LIMIT = 10_000_000_000n

/** A chain epoch (i64). */
export type ChainEpoch = bigint
