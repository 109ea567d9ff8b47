/**
 * ref-fvm's `native_stack_overflow` (fvm@v4.8.2:testing/integration/tests/main.rs L483–559) on a
 * large host stack (its sends nest 1024 invocations; see invocation/large-stack.ts): the exit codes
 * of methods 1, 2 and 3 of actors/stack-overflow.wat at `nv`, sequences 0, 1, 2, gas limit 10^10.
 */
import { idAddress } from '../types/address.js'
import { actorWasm, Tester } from './tester.js'

export function stackOverflowExits(nv: number): number[] {
  const t = new Tester(nv, { actors: [{ id: 10_000n, wasm: actorWasm('stack-overflow'), state: [0n], balance: 0n }] })
  return [1n, 2n, 3n].map((method) => t.execute(t.message({ to: idAddress(10_000n), method, sequence: method - 1n, gasLimit: 10_000_000_000n })).receipt.exitCode)
}
