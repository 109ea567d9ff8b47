#!/usr/bin/env node
// The fvm-spec command. Actor calls nest (up to 1025 frames), and each nested invocation runs on
// the host's stack, so the command runs in a worker thread with a large stack. This thread only
// relays signals to it (the first SIGINT/SIGTERM asks the command to stop and print what it has;
// a second one ends the process at once) and ends the process with the command's exit status.
// The command writes its output itself, synchronously (tools/cli/io.ts). The worker runs the
// JavaScript build in dist/ when it is fresh (scripts/build.mjs, bin/dist.mjs), else the sources.
import { writeSync } from 'node:fs'
import { Worker, isMainThread, parentPort } from 'node:worker_threads'
import { useV8Policy, YOUNG_GENERATION_MB } from '../tools/runner/v8-policy.mjs'

function say(text) {
  try {
    writeSync(2, text + '\n')
  } catch {
    // stderr has gone too: nothing left to tell.
  }
}

if (isMainThread) {
  // The heap policy of tools/runner/pool.ts for the command's thread too: a 12 MiB young
  // generation and 25% heap growth between collections (V8 allows up to fourfold with a large heap
  // limit). The mainnet corpus in one thread: peak RSS ~290 MB instead of ~420 MB, ~10% more CPU.
  // Actor WebAssembly runs on V8's baseline compiler (Liftoff) only, without tier-up to TurboFan:
  // the optimizing compiles of the actors' large functions take up to ~85 MB of malloc'd memory
  // at once on V8's background threads, which glibc keeps resident after it is freed, and on the
  // corpus they cost more CPU than the faster code saves. The same settings as the run pool
  // (tools/runner/v8-policy.mjs; the figures are in tools/runner/pool.ts); the code that runs and
  // so every result is the same on either tier.
  useV8Policy()
  const worker = new Worker(new URL(import.meta.url), {
    argv: process.argv.slice(2),
    resourceLimits: { stackSizeMb: 256, maxOldGenerationSizeMb: 16384, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  })
  let signals = 0
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      if (++signals > 1) {
        // Die of the signal itself: process.exit would wait for a thread stuck in a system call.
        say(`fvm-spec: ${sig} again: stopping at once`)
        process.removeAllListeners(sig)
        process.kill(process.pid, sig)
        return
      }
      worker.postMessage({ signal: sig })
    })
  }
  let reported = false
  worker.on('message', (code) => {
    reported = true
    // Exit now: a vector thread stuck in a system call must not keep the process alive.
    process.exit(code)
  })
  worker.on('error', (e) => {
    say(`fvm-spec: internal error: ${e?.stack ?? e}`)
    process.exit(70)
  })
  worker.on('exit', () => {
    if (!reported) process.exit(70)
  })
} else {
  // The JavaScript build in dist/ when it is fresh, else the TypeScript sources (bin/dist.mjs).
  const { importEntry, registerTsx } = await import('./dist.mjs')
  const controller = new AbortController()
  parentPort.on('message', (m) => {
    if (m?.signal !== undefined && !controller.signal.aborted) controller.abort(m.signal)
  })
  let main, processIo
  if (process.argv[2] === 'coverage') {
    // Coverage is measured on the TypeScript sources. V8 counts calls only of functions created
    // after coverage starts: start it before the interpreter is imported (vectors/code-coverage.ts).
    await registerTsx()
    const { startCodeCoverage } = await import('../vectors/code-coverage.ts')
    await startCodeCoverage()
    ;({ main } = await import('../tools/cli/main.ts'))
    ;({ processIo } = await import('../tools/cli/io.ts'))
  } else {
    ;({ main } = await importEntry('main'))
    ;({ processIo } = await importEntry('io'))
  }
  const io = processIo(controller)
  parentPort.postMessage(await main(process.argv.slice(2), io.out, io.err, { signal: controller.signal }))
}
