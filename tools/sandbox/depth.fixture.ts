/**
 * Deep actor-call chains for depth.test.ts, run in a worker thread with a chosen stack size: the
 * Depth contract (vectors/fevm/filecoin/Depth.sol) calls itself through CALL until a call fails.
 */
import { Worker } from 'node:worker_threads'
import { addressToString, secp256k1AddressFromPayload } from '../../interpreter/types/address.js'
import { Sandbox, SandboxError } from './sandbox.js'
import { deployFilecoin } from './solidity.fixture.js'

export interface DiveResult {
  readonly nv: number
  readonly gasLimit: bigint
  /** The receipt, when there is one. */
  readonly exitCode?: number
  readonly deepest?: bigint
  readonly gasUsed?: bigint
  /** The sandbox's refusal, when there is no receipt. */
  readonly error?: string
  /** The state root and the log are what they were before the message. */
  readonly unchanged: boolean
}

/** Depth.dive(1, 2000) from an f1 account with `gasLimit`, at each network version. */
export function dives(bundles: string, runs: ReadonlyArray<{ readonly nv: number; readonly gasLimit: bigint }>): DiveResult[] {
  return runs.map(({ nv, gasLimit }) => {
    const alice = addressToString(secp256k1AddressFromPayload(new Uint8Array(20).fill(1)))
    const sb = Sandbox.createSync({ nv, bundles, accounts: [{ address: alice, balance: 10n ** 24n }] })
    const depth = deployFilecoin(sb, alice, 'Depth')
    const root = sb.stateRoot().toString()
    const applied = sb.appliedCount
    try {
      const r = depth.call(alice, 'dive(uint256,uint256)', [1n, 2000n], { gasLimit })
      return { nv, gasLimit, exitCode: r.receipt.exitCode, deepest: r.out[0] as bigint, gasUsed: r.receipt.gasUsed, unchanged: false }
    } catch (e) {
      if (!(e instanceof SandboxError)) throw e
      return { nv, gasLimit, error: e.message, unchanged: sb.stateRoot().toString() === root && sb.appliedCount === applied }
    }
  })
}

/** Calls `exportName(...args)` of the module at `moduleUrl` in a worker whose stack is `stackSizeMb`. */
export function inWorker<T>(moduleUrl: string, exportName: string, args: readonly unknown[], stackSizeMb: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('../../interpreter/invocation/large-stack-worker.mjs', import.meta.url), {
      workerData: { moduleUrl, exportName, args },
      resourceLimits: { stackSizeMb, maxOldGenerationSizeMb: 4096 },
    })
    worker.once('message', (m: { ok: boolean; value?: T; error?: string }) => {
      if (m.ok) resolve(m.value as T)
      else reject(new Error(m.error))
      void worker.terminate()
    })
    worker.once('error', reject)
  })
}
