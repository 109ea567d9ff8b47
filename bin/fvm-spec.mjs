#!/usr/bin/env node
// The fvm-spec command. Actor calls nest (up to 1025 frames), and each nested invocation runs on
// the host's stack, so the CLI runs in a worker thread with a large stack.
import { Worker, isMainThread, parentPort } from 'node:worker_threads'

if (isMainThread) {
  const worker = new Worker(new URL(import.meta.url), {
    argv: process.argv.slice(2),
    resourceLimits: { stackSizeMb: 256, maxOldGenerationSizeMb: 16384 },
  })
  worker.on('message', (code) => {
    process.exitCode = code
  })
  worker.on('error', (e) => {
    process.stderr.write(`fvm-spec: ${e?.stack ?? e}\n`)
    process.exitCode = 70
  })
} else {
  const { register } = await import('tsx/esm/api')
  register()
  if (process.argv[2] === 'coverage') {
    // V8 counts calls only of functions created after coverage starts: start it before the
    // interpreter is imported (vectors/code-coverage.ts).
    const { startCodeCoverage } = await import('../vectors/code-coverage.ts')
    await startCodeCoverage()
  }
  const { main } = await import('../tools/cli/main.ts')
  parentPort.postMessage(await main(process.argv.slice(2)))
}
