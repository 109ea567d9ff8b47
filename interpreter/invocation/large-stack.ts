/**
 * Running code on a large host stack. Each nested actor invocation nests host frames (wasm →
 * syscall → send → wasm), and the FVM allows 1024–1025 nested calls, far more than a default
 * Node.js thread stack holds. A worker thread with a large stack runs such code; the result must
 * be structured-cloneable.
 */
import { Worker } from 'node:worker_threads'

export const LARGE_STACK_MB = 256

/** Calls `exportName(...args)` of the module at `moduleUrl` in a worker with a large stack. */
export function runOnLargeStack<T>(moduleUrl: string, exportName: string, args: readonly unknown[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./large-stack-worker.mjs', import.meta.url), {
      workerData: { moduleUrl, exportName, args },
      resourceLimits: { stackSizeMb: LARGE_STACK_MB, maxOldGenerationSizeMb: 8192 },
    })
    worker.once('message', (m: { ok: boolean; value?: T; error?: string }) => {
      if (m.ok) resolve(m.value as T)
      else reject(new Error(m.error))
      void worker.terminate()
    })
    worker.once('error', reject)
  })
}
