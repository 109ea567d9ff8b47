/**
 * Running the test bundle in this interpreter: a state built with the bundle's code and a machine
 * with the Invocation Container, for tests and the vector generator.
 */
import { applyMessage, type ApplyOutcome } from '../../interpreter/executor/apply-message.js'
import { createInvoker } from '../../interpreter/invocation/container.js'
import { Engine } from '../../interpreter/invocation/engine.js'
import { replayingExterns } from '../../interpreter/machine/externs.js'
import type { Machine, MachineContext } from '../../interpreter/machine/machine.js'
import { loadManifest } from '../../interpreter/machine/manifest.js'
import { requireNetworkRules } from '../../interpreter/machine/network-rules.js'
import type { StateTree } from '../../interpreter/state/state-tree.js'
import type { Message } from '../../interpreter/types/message.js'
import { buildState, type ActorSpec, type BuiltState } from '../builder/state-builder.js'
import { testBundle, type BundleNv } from './bundle.js'

/** A complete state whose manifest is the test bundle's (actor `code` names: 'account', 'scripted', ...). */
export function bundleState(nv: BundleNv, actors: readonly ActorSpec[]): BuiltState {
  return buildState(nv, actors, testBundle(nv).code)
}

const engine = new Engine()

export const DEFAULT_CONTEXT: MachineContext = { epoch: 10n, timestamp: 300n, baseFee: 100n, circulatingSupply: 0n, chainId: 0n }

/** A machine for `tree` that runs the bundle's actors. */
export function bundleMachine(nv: BundleNv, tree: StateTree, opts: { context?: MachineContext; tracing?: boolean } = {}): Machine {
  const rules = requireNetworkRules(nv)
  return {
    rules,
    context: opts.context ?? DEFAULT_CONTEXT,
    manifest: loadManifest(tree, rules.requiredActors),
    tracing: opts.tracing ?? false,
    externs: replayingExterns([]),
    invoker: createInvoker({ engine }),
  }
}

export type Applied = Extract<ApplyOutcome, { kind: 'applied' }>

/** Applies one message to `state` with the bundle; throws unless it was applied. */
export function applyWithBundle(nv: BundleNv, state: BuiltState, msg: Message, rawLength = 100, opts: { tracing?: boolean } = {}): Applied {
  const out = applyMessage(bundleMachine(nv, state.tree, opts), state.tree, msg, rawLength)
  if (out.kind === 'not-run') throw new Error(out.reason)
  if (out.kind === 'error') throw new Error(out.message)
  return out
}
