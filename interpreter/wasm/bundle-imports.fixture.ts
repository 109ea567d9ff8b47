/**
 * Derived data for the bundle tests (interpreter/wasm/bundles.test.ts), not code the interpreter
 * runs.
 *
 * BUNDLE_IMPORTS: the function imports (module.name and wasm signature) that the modules of each
 * mainnet builtin-actors bundle v12–v18 declare, as observed by decoding the bundles (the union
 * over each bundle's actors). The bundles themselves are not in the repository; the test re-derives
 * these lists from them when FVM_SPEC_BUNDLES is set and fails if a bundle imports anything else.
 *
 * FVM_V4_LINKER: what ref-fvm v4.8.2 links, read from `fvm@v4.8.2:fvm/src/syscalls/mod.rs`
 * (`link_syscalls` of `DefaultKernel`, L255–349, and of `DefaultFilecoinKernel`, L351–402, which
 * filecoin-ffi uses for fvm4: `rust/src/fvm/engine.rs` L130) with the wasm signature
 * `fvm/src/syscalls/linker.rs` gives each Rust function: u32/i32 parameters are i32, u64/i64 are
 * i64, the result is an i32 error number, and a syscall whose value is not zero-sized takes a
 * leading i32 out-pointer where `out` bytes (the packed `fvm_shared::sys::out` struct) are written.
 * `gate` names the Cargo feature or kernel that binds it; `bound` is whether the fvm4 that
 * filecoin-ffi builds (`rust/Cargo.toml`: `default-features = false, features =
 * ["verify-signature", "nv29-dev"]`) binds it: `upgrade-actor` and `m2-native` are off.
 */

/** The function imports of the bundles v12 and v13. */
const V12_IMPORTS: readonly string[] = [
  'actor.balance_of (i32, i64) -> (i32)',
  'actor.create_actor (i64, i32, i32, i32) -> (i32)',
  'actor.get_actor_code_cid (i32, i64, i32, i32) -> (i32)',
  'actor.get_builtin_actor_type (i32, i32) -> (i32)',
  'actor.get_code_cid_for_type (i32, i32, i32, i32) -> (i32)',
  'actor.lookup_delegated_address (i32, i64, i32, i32) -> (i32)',
  'actor.next_actor_address (i32, i32, i32) -> (i32)',
  'actor.resolve_address (i32, i32, i32) -> (i32)',
  'crypto.batch_verify_seals (i32, i32, i32) -> (i32)',
  'crypto.compute_unsealed_sector_cid (i32, i64, i32, i32, i32, i32) -> (i32)',
  'crypto.hash (i32, i64, i32, i32, i32, i32) -> (i32)',
  'crypto.recover_secp_public_key (i32, i32, i32) -> (i32)',
  'crypto.verify_aggregate_seals (i32, i32, i32) -> (i32)',
  'crypto.verify_consensus_fault (i32, i32, i32, i32, i32, i32, i32) -> (i32)',
  'crypto.verify_post (i32, i32, i32) -> (i32)',
  'crypto.verify_replica_update (i32, i32, i32) -> (i32)',
  'crypto.verify_signature (i32, i32, i32, i32, i32, i32, i32, i32) -> (i32)',
  'debug.enabled (i32) -> (i32)',
  'debug.log (i32, i32) -> (i32)',
  'event.emit_event (i32, i32, i32, i32, i32, i32) -> (i32)',
  'gas.available (i32) -> (i32)',
  'gas.charge (i32, i32, i64) -> (i32)',
  'ipld.block_create (i32, i64, i32, i32) -> (i32)',
  'ipld.block_link (i32, i32, i64, i32, i32, i32) -> (i32)',
  'ipld.block_open (i32, i32) -> (i32)',
  'ipld.block_read (i32, i32, i32, i32, i32) -> (i32)',
  'ipld.block_stat (i32, i32) -> (i32)',
  'network.context (i32) -> (i32)',
  'network.tipset_cid (i32, i64, i32, i32) -> (i32)',
  'network.total_fil_circ_supply (i32) -> (i32)',
  'rand.get_beacon_randomness (i32, i64) -> (i32)',
  'rand.get_chain_randomness (i32, i64) -> (i32)',
  'self.current_balance (i32) -> (i32)',
  'self.root (i32, i32, i32) -> (i32)',
  'self.self_destruct (i32) -> (i32)',
  'self.set_root (i32) -> (i32)',
  'send.send (i32, i32, i32, i64, i32, i64, i64, i64, i64) -> (i32)',
  'vm.exit (i32, i32, i32, i32) -> (i32)',
  'vm.message_context (i32) -> (i32)',
]

/** v14–v18 import the same, except `gas.charge`, which they no longer use. */
const V14_IMPORTS: readonly string[] = V12_IMPORTS.filter((s) => !s.startsWith('gas.charge '))

export const BUNDLE_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  v12: V12_IMPORTS,
  v13: V12_IMPORTS,
  v14: V14_IMPORTS,
  v15: V14_IMPORTS,
  v16: V14_IMPORTS,
  v17: V14_IMPORTS,
  v18: V14_IMPORTS,
}

export interface LinkedSyscall {
  readonly module: string
  readonly name: string
  /** Wasm parameters, the out-pointer (if any) first; every syscall returns one i32. */
  readonly params: readonly ('i32' | 'i64')[]
  /** Bytes written at the out-pointer; 0 when there is no out-pointer. */
  readonly out: number
  /** The Rust type of the value (the out-pointer's content), or `()` / `Abort`. */
  readonly value: string
  /** The Rust function bound, under `fvm/src/`. */
  readonly rust: string
  /** The Cargo feature or kernel the binding depends on; null when always bound. */
  readonly gate: string | null
  /** Whether filecoin-ffi's fvm4 binds it. */
  readonly bound: boolean
}

export const FVM_V4_LINKER: readonly LinkedSyscall[] = [
  { module: 'vm', name: 'exit', params: ['i32', 'i32', 'i32', 'i32'], out: 0, value: 'Abort', rust: 'syscalls::vm::exit', gate: null, bound: true },
  { module: 'vm', name: 'message_context', params: ['i32'], out: 80, value: 'MessageContext', rust: 'syscalls::vm::message_context', gate: null, bound: true },
  { module: 'network', name: 'context', params: ['i32'], out: 44, value: 'NetworkContext', rust: 'syscalls::network::context', gate: null, bound: true },
  { module: 'network', name: 'tipset_cid', params: ['i32', 'i64', 'i32', 'i32'], out: 4, value: 'u32', rust: 'syscalls::network::tipset_cid', gate: null, bound: true },
  { module: 'ipld', name: 'block_open', params: ['i32', 'i32'], out: 16, value: 'IpldOpen', rust: 'syscalls::ipld::block_open', gate: null, bound: true },
  { module: 'ipld', name: 'block_create', params: ['i32', 'i64', 'i32', 'i32'], out: 4, value: 'u32', rust: 'syscalls::ipld::block_create', gate: null, bound: true },
  { module: 'ipld', name: 'block_read', params: ['i32', 'i32', 'i32', 'i32', 'i32'], out: 4, value: 'i32', rust: 'syscalls::ipld::block_read', gate: null, bound: true },
  { module: 'ipld', name: 'block_stat', params: ['i32', 'i32'], out: 12, value: 'IpldStat', rust: 'syscalls::ipld::block_stat', gate: null, bound: true },
  { module: 'ipld', name: 'block_link', params: ['i32', 'i32', 'i64', 'i32', 'i32', 'i32'], out: 4, value: 'u32', rust: 'syscalls::ipld::block_link', gate: null, bound: true },
  { module: 'self', name: 'root', params: ['i32', 'i32', 'i32'], out: 4, value: 'u32', rust: 'syscalls::sself::root', gate: null, bound: true },
  { module: 'self', name: 'set_root', params: ['i32'], out: 0, value: '()', rust: 'syscalls::sself::set_root', gate: null, bound: true },
  { module: 'self', name: 'current_balance', params: ['i32'], out: 16, value: 'TokenAmount', rust: 'syscalls::sself::current_balance', gate: null, bound: true },
  { module: 'self', name: 'self_destruct', params: ['i32'], out: 0, value: '()', rust: 'syscalls::sself::self_destruct', gate: null, bound: true },
  { module: 'actor', name: 'resolve_address', params: ['i32', 'i32', 'i32'], out: 8, value: 'u64', rust: 'syscalls::actor::resolve_address', gate: null, bound: true },
  { module: 'actor', name: 'lookup_delegated_address', params: ['i32', 'i64', 'i32', 'i32'], out: 4, value: 'u32', rust: 'syscalls::actor::lookup_delegated_address', gate: null, bound: true },
  { module: 'actor', name: 'get_actor_code_cid', params: ['i32', 'i64', 'i32', 'i32'], out: 4, value: 'u32', rust: 'syscalls::actor::get_actor_code_cid', gate: null, bound: true },
  { module: 'actor', name: 'next_actor_address', params: ['i32', 'i32', 'i32'], out: 4, value: 'u32', rust: 'syscalls::actor::next_actor_address', gate: null, bound: true },
  { module: 'actor', name: 'create_actor', params: ['i64', 'i32', 'i32', 'i32'], out: 0, value: '()', rust: 'syscalls::actor::create_actor', gate: null, bound: true },
  { module: 'actor', name: 'upgrade_actor', params: ['i32', 'i32', 'i32'], out: 20, value: 'Send', rust: 'syscalls::actor::upgrade_actor', gate: 'upgrade-actor', bound: false },
  { module: 'actor', name: 'get_builtin_actor_type', params: ['i32', 'i32'], out: 4, value: 'i32', rust: 'syscalls::actor::get_builtin_actor_type', gate: null, bound: true },
  { module: 'actor', name: 'get_code_cid_for_type', params: ['i32', 'i32', 'i32', 'i32'], out: 4, value: 'u32', rust: 'syscalls::actor::get_code_cid_for_type', gate: null, bound: true },
  { module: 'actor', name: 'balance_of', params: ['i32', 'i64'], out: 16, value: 'TokenAmount', rust: 'syscalls::actor::balance_of', gate: null, bound: true },
  { module: 'actor', name: 'install_actor', params: ['i32'], out: 0, value: '()', rust: 'syscalls::actor::install_actor', gate: 'm2-native', bound: false },
  { module: 'crypto', name: 'verify_signature', params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], out: 4, value: 'i32', rust: 'syscalls::crypto::verify_signature', gate: 'verify-signature', bound: true },
  { module: 'crypto', name: 'verify_bls_aggregate', params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], out: 4, value: 'i32', rust: 'syscalls::crypto::verify_bls_aggregate', gate: null, bound: true },
  { module: 'crypto', name: 'recover_secp_public_key', params: ['i32', 'i32', 'i32'], out: 65, value: '[u8; 65]', rust: 'syscalls::crypto::recover_secp_public_key', gate: null, bound: true },
  { module: 'crypto', name: 'hash', params: ['i32', 'i64', 'i32', 'i32', 'i32', 'i32'], out: 4, value: 'u32', rust: 'syscalls::crypto::hash', gate: null, bound: true },
  { module: 'event', name: 'emit_event', params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], out: 0, value: '()', rust: 'syscalls::event::emit_event', gate: null, bound: true },
  { module: 'rand', name: 'get_chain_randomness', params: ['i32', 'i64'], out: 32, value: '[u8; 32]', rust: 'syscalls::rand::get_chain_randomness', gate: null, bound: true },
  { module: 'rand', name: 'get_beacon_randomness', params: ['i32', 'i64'], out: 32, value: '[u8; 32]', rust: 'syscalls::rand::get_beacon_randomness', gate: null, bound: true },
  { module: 'gas', name: 'charge', params: ['i32', 'i32', 'i64'], out: 0, value: '()', rust: 'syscalls::gas::charge_gas', gate: null, bound: true },
  { module: 'gas', name: 'available', params: ['i32'], out: 8, value: 'u64', rust: 'syscalls::gas::available', gate: null, bound: true },
  { module: 'send', name: 'send', params: ['i32', 'i32', 'i32', 'i64', 'i32', 'i64', 'i64', 'i64', 'i64'], out: 20, value: 'Send', rust: 'syscalls::send::send', gate: null, bound: true },
  { module: 'debug', name: 'log', params: ['i32', 'i32'], out: 0, value: '()', rust: 'syscalls::debug::log', gate: null, bound: true },
  { module: 'debug', name: 'enabled', params: ['i32'], out: 4, value: 'i32', rust: 'syscalls::debug::enabled', gate: null, bound: true },
  { module: 'debug', name: 'store_artifact', params: ['i32', 'i32', 'i32', 'i32'], out: 0, value: '()', rust: 'syscalls::debug::store_artifact', gate: null, bound: true },
  { module: 'network', name: 'total_fil_circ_supply', params: ['i32'], out: 16, value: 'TokenAmount', rust: 'syscalls::filecoin::total_fil_circ_supply', gate: 'DefaultFilecoinKernel', bound: true },
  { module: 'crypto', name: 'compute_unsealed_sector_cid', params: ['i32', 'i64', 'i32', 'i32', 'i32', 'i32'], out: 4, value: 'u32', rust: 'syscalls::filecoin::compute_unsealed_sector_cid', gate: 'DefaultFilecoinKernel', bound: true },
  { module: 'crypto', name: 'verify_post', params: ['i32', 'i32', 'i32'], out: 4, value: 'i32', rust: 'syscalls::filecoin::verify_post', gate: 'DefaultFilecoinKernel', bound: true },
  { module: 'crypto', name: 'verify_consensus_fault', params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], out: 20, value: 'VerifyConsensusFault', rust: 'syscalls::filecoin::verify_consensus_fault', gate: 'DefaultFilecoinKernel', bound: true },
  { module: 'crypto', name: 'verify_aggregate_seals', params: ['i32', 'i32', 'i32'], out: 4, value: 'i32', rust: 'syscalls::filecoin::verify_aggregate_seals', gate: 'DefaultFilecoinKernel', bound: true },
  { module: 'crypto', name: 'verify_replica_update', params: ['i32', 'i32', 'i32'], out: 4, value: 'i32', rust: 'syscalls::filecoin::verify_replica_update', gate: 'DefaultFilecoinKernel', bound: true },
  { module: 'crypto', name: 'batch_verify_seals', params: ['i32', 'i32', 'i32'], out: 0, value: '()', rust: 'syscalls::filecoin::batch_verify_seals', gate: 'DefaultFilecoinKernel', bound: true },
]
