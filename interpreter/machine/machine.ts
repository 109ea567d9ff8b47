/**
 * The Machine: everything fixed for the duration of a message — the network version's rules,
 * the chain context, the built-in actor manifest, and the engine that runs actor code.
 * The state tree is not part of it: it is the value each message transforms.
 */
import type { NetworkRules } from './network-rules.js'
import type { Manifest } from './manifest.js'
import type { ActorInvoker } from '../call-manager/invoke.js'
import type { Externs } from './externs.js'
import type { Faults } from './faults.js'
import type { Profiler } from '../invocation/profiler.js'

/** Chain context a message executes in. @rule machine.context */
export interface MachineContext {
  readonly epoch: bigint
  /** nv18: epoch * 30 in the conformance runner. */
  readonly timestamp: bigint
  readonly baseFee: bigint
  readonly circulatingSupply: bigint
  readonly chainId: bigint
}

export interface Machine {
  readonly rules: NetworkRules
  readonly context: MachineContext
  readonly manifest: Manifest
  /** Record an execution trace. */
  readonly tracing: boolean
  readonly externs: Externs
  /** Deliberately broken rules, for testing the tests (machine.faults); absent in normal use. */
  readonly faults?: Faults
  /** Where the time goes (benchmarks only); measuring changes nothing that is computed. */
  readonly profiler?: Profiler
  /** Runs actor code; undefined when this machine has no engine for it. */
  readonly invoker: ActorInvoker | undefined
}
