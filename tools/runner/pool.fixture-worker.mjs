// A stand-in for worker.mjs in the pool's tests: what it does with a "vector" is in the file's
// name. ok: a pass; slowN: a pass after N ms of work; spin: never ends; heap: fills its heap;
// wasm: takes WebAssembly memory (touched, 64 MiB at a time, up to 2 GiB); exit: exits;
// throw: throws.
import { parentPort } from 'node:worker_threads'

const post = (m) => parentPort.postMessage(m)
const nap = new Int32Array(new SharedArrayBuffer(4))

parentPort.on('message', ({ index, file }) => {
  const name = file.split('/').pop()
  const pass = () => post({ type: 'result', index, result: { id: name, file, nv: null, status: 'pass', reason: null, gas_used: null, expected_gas_used: null, ms: 0 } })
  if (name.startsWith('spin')) for (;;);
  if (name.startsWith('heap')) {
    const keep = []
    for (;;) keep.push(new Array(1e6).fill(1.5))
  }
  if (name.startsWith('wasm')) {
    const keep = []
    for (let i = 0; i < 32; i++) {
      const m = new WebAssembly.Memory({ initial: 1024 })
      new Uint8Array(m.buffer).fill(1)
      keep.push(m)
      Atomics.wait(nap, 0, 0, 30)
    }
    for (;;) Atomics.wait(nap, 0, 0, 1000)
  }
  if (name.startsWith('exit')) process.exit(3)
  if (name.startsWith('throw')) throw new Error('boom')
  const slow = /^slow(\d+)/.exec(name)
  if (slow) {
    const until = Date.now() + Number(slow[1])
    while (Date.now() < until);
  }
  pass()
})
post({ type: 'ready' })
