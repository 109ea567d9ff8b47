/**
 * A machine for the tools (genesis, sandbox, t8n): a network version's rules, a chain context,
 * the manifest taken from the bundle, and one shared engine per process.
 */
import type { ActorInvoker } from '../../interpreter/call-manager/invoke.js'
import { applyMessage, type ApplyOutcome } from '../../interpreter/executor/apply-message.js'
import { createInvoker } from '../../interpreter/invocation/container.js'
import { Engine, type EngineOptions } from '../../interpreter/invocation/engine.js'
import type { CID } from '../../interpreter/ipld/cid.js'
import { replayingExterns, type Externs } from '../../interpreter/machine/externs.js'
import type { Machine, MachineContext } from '../../interpreter/machine/machine.js'
import type { Manifest } from '../../interpreter/machine/manifest.js'
import type { NetworkRules } from '../../interpreter/machine/network-rules.js'
import type { StateTree } from '../../interpreter/state/state-tree.js'
import { addressToString, idAddress, type Address } from '../../interpreter/types/address.js'
import { BLOCK_GAS_LIMIT, SYSTEM_ACTOR_ID } from '../../interpreter/types/chain.js'

let shared: ActorInvoker | undefined

/** One engine (compile cache) for every tool machine in this process; its cache is not observable. */
export function sharedInvoker(): ActorInvoker {
  shared ??= createInvoker({ engine: new Engine() })
  return shared
}

/** The shared invoker for the default engine options, else one with its own engine (e.g. `{ cache: false }`). */
export function invokerFor(engine: EngineOptions | undefined): ActorInvoker {
  return engine === undefined ? sharedInvoker() : createInvoker({ engine: new Engine(engine) })
}

/**
 * A node's answer to `get_tipset_cid` (the kernel's `network.tipset_cid` looks for it on the
 * externs; without one, as in ref-fvm's conformance runner, the syscall fails fatally).
 */
export type TipsetCidExtern = (epoch: bigint) => CID

export function toolMachine(
  rules: NetworkRules,
  manifest: Manifest,
  context: MachineContext,
  opts: { tracing?: boolean; invoker?: ActorInvoker; tipsetCid?: TipsetCidExtern } = {},
): Machine {
  const externs: Externs & { tipsetCid?: TipsetCidExtern } = { ...replayingExterns([]), ...(opts.tipsetCid === undefined ? {} : { tipsetCid: opts.tipsetCid }) }
  return {
    rules,
    context,
    manifest,
    tracing: opts.tracing === true,
    externs,
    invoker: opts.invoker ?? sharedInvoker(),
  }
}

export type Applied = Extract<ApplyOutcome, { kind: 'applied' }>

/**
 * Applies an implicit message from the system actor (f00): no inclusion cost, nonce or gas
 * settlement (`exec.implicit-message`); what genesis uses to run constructors and move funds.
 * Throws when the message produced no receipt.
 */
export function applyImplicit(machine: Machine, tree: StateTree, to: Address, method: bigint, params: Uint8Array, value: bigint): Applied {
  const sequence = tree.getActor(SYSTEM_ACTOR_ID)?.sequence ?? 0n
  const out = applyMessage(
    machine,
    tree,
    { version: 0n, from: idAddress(SYSTEM_ACTOR_ID), to, sequence, value, gasLimit: BLOCK_GAS_LIMIT, gasFeeCap: 0n, gasPremium: 0n, method, params },
    0,
    'implicit',
  )
  if (out.kind !== 'applied') throw new Error(`implicit message to ${addressToString(to)} method ${method}: ${out.kind === 'error' ? out.message : out.reason}`)
  return out
}
