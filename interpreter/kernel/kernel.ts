/**
 * The Kernel: what one actor invocation sees of the machine. Its state is a value —
 * the call manager's state, this invocation's frame and its block registry — and every syscall
 * is a transition `(KernelState, args) → KStep<T>`: the next state and a result or an error.
 */
import type { Either } from 'fp-ts/lib/Either.js'
import { isLeft, left, right } from 'fp-ts/lib/Either.js'
import type { GasCharge } from '../gas/charge.js'
import type { PriceList } from '../gas/price-list.js'
import type { ActorState } from '../types/actor.js'
import type { Address } from '../types/address.js'
import { charge, type Block, type CallManagerState, type Step } from '../call-manager/call-manager.js'
import { syscallError, type ExecutionError } from '../call-manager/execution-error.js'
import type { BlockRegistry, PutResult } from './block-registry.js'

/** What the invocation was called with. @rule kernel.invocation-frame */
export interface InvocationFrame {
  readonly caller: bigint
  readonly receiver: bigint
  readonly method: bigint
  readonly valueReceived: bigint
  readonly readOnly: boolean
}

export interface KernelState {
  readonly cm: CallManagerState
  readonly frame: InvocationFrame
  readonly blocks: BlockRegistry
}

/**
 * An actor's voluntary exit (v3 `vm.exit`, v2 `vm.abort`): it ends the invocation with this exit
 * code and optional return block. Only the invocation container handles it.
 */
export interface ActorExit {
  readonly kind: 'exit'
  readonly code: number
  readonly blockId: number
  readonly message: string
}

export type KernelError = ExecutionError | ActorExit

export interface KStep<T> {
  readonly state: KernelState
  readonly result: Either<KernelError, T>
}

export const kok = <T>(state: KernelState, value: T): KStep<T> => ({ state, result: right(value) })
export const kfail = <T>(state: KernelState, error: KernelError): KStep<T> => ({ state, result: left(error) })
export const kerr = <T>(state: KernelState, errno: number, message: string): KStep<T> => kfail(state, syscallError(errno, message))

export function kthen<A, B>(step: KStep<A>, f: (k: KernelState, a: A) => KStep<B>): KStep<B> {
  return isLeft(step.result) ? (step as unknown as KStep<B>) : f(step.state, step.result.right)
}

/** Runs a call-manager transition inside the kernel. */
export function lift<T>(k: KernelState, step: (cm: CallManagerState) => Step<T>): KStep<T> {
  const s = step(k.cm)
  return { state: { ...k, cm: s.state }, result: s.result }
}

/** Charges gas from inside a syscall. */
export function kcharge(k: KernelState, c: GasCharge | undefined): KStep<void> {
  return lift(k, (cm) => charge(cm, c))
}

export function priceList(k: KernelState): PriceList {
  return k.cm.machine.rules.priceList
}

/**
 * How one ref-fvm release's kernel reaches the state: free direct access (v2, `kernel-v2.ts`) or
 * through the call manager's charged accessors (v3, `kernel-v3.ts`; v4, `kernel-v4.ts`), and how
 * it registers the blocks an invocation receives. A network version's row names the one it uses
 * (`NetworkRules.kernel`).
 */
export interface KernelRelease {
  /** The module that defines it (its file name, e.g. `kernel-v3`): how `fvm-spec rules --diff` names it. */
  readonly module: string
  /** Reads an actor. @rule kernel.get-actor */
  readonly getActor: (k: KernelState, id: bigint) => KStep<ActorState | undefined>
  /** Writes an actor. @rule kernel.update-actor */
  readonly setActor: (k: KernelState, id: bigint, actor: ActorState) => KStep<void>
  /** Deletes an actor (a no-op when it does not exist). @rule kernel.update-actor */
  readonly deleteActor: (k: KernelState, id: bigint) => KStep<void>
  /** The ID an address resolves to, if any. @rule kernel.resolve-address */
  readonly lookupId: (k: KernelState, address: Address) => KStep<bigint | undefined>
  /** The charge of an accessor syscall (code CID, builtin type, self balance, ...) that this release prices. @rule gas.accessors */
  readonly chargeAccessor: (k: KernelState, price: (pl: PriceList) => GasCharge) => KStep<void>
  /** The key address a signature by `signer` is checked against. @rule syscall.crypto-verify-signature */
  readonly signingKey: (k: KernelState, signer: Address) => KStep<Address>
  /**
   * Puts a block the invocation receives — its parameters (the invocation container) or a send's
   * return value (`syscall.send`) — into its registry: v2/v3 `put` with the codec check
   * (`codecs` = `NetworkRules.registryCodecs`), v4 `put_reachable`.
   *
   * @rule kernel.block-registry
   */
  readonly receiveBlock: (registry: BlockRegistry, block: Block, codecs: readonly number[]) => PutResult
}
