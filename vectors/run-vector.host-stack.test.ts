/**
 * `invocation.host-stack` through the runner: a vector whose message nests 1024 self-sends of the
 * test bundle's scripted actor. On this test's default (small) stack `applyMessage` throws
 * HostResourceError, which the runner reports as an error line naming the file and the message
 * (never a crash, never a receipt that depends on the stack); `fvm-spec run` (a worker with a
 * 256 MiB stack), with and without --jobs, computes the message's receipt.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { draftVector, type ScriptedRecipe } from './gen/recipe.js'
import { runVectorText } from './run-vector.js'

const ROOT = new URL('../', import.meta.url).pathname
const U64_MAX = '18446744073709551615'

/** A program that sends itself (params handle 1) to f0110, method 2, until the depth limit. */
function selfSending(nv: number): ScriptedRecipe {
  const send = nv === 17 ? [1024, 2, '2', 1, '0', '0'] : [1024, 2, '2', 1, '0', '0', U64_MAX, '0']
  return {
    nv,
    base_fee: '100',
    actors: [{ id: 100, kind: 'account', balance: '1000000000000000000000000' }, { id: 110, kind: 'scripted', balance: '0' }],
    messages: [{
      from: { actor: 100, by: 'id' }, to: { actor: 110, by: 'id' }, method: 2, value: '0', gas_limit: '9000000000', fee_cap: '200', premium: '10',
      program: [{ op: 'write_mem', offset: 1024, data: '006e' }, { op: 'syscall', name: 'send.send', args: send, out: 2048 }],
    }],
  }
}

test('invocation.host-stack: the runner on a small stack reports an error line for the vector; fvm-spec run (--jobs 1 and 2) computes its receipt', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-spec-host-stack-'))
  try {
    const files: string[] = []
    for (const nv of [17, 18, 21]) {
      const text = draftVector(selfSending(nv), { id: `self-sending-nv${nv}` })
      const file = join(dir, `self-sending-nv${nv}.json`)
      writeFileSync(file, text)
      files.push(file)
      const r = runVectorText(text, file)
      assert.equal(r.status, 'error', `nv${nv}: ${r.reason}`)
      assert.match(r.reason ?? '', new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\$\\.apply_messages\\[0\\]: applying message 0 failed: .*the JavaScript stack ran out at call depth \\d+.*rule invocation\\.host-stack`))
    }
    for (const jobs of ['1', '2']) {
      // The drafted vectors' expected receipts are placeholders: the run fails them (exit 1), with receipts.
      const out = spawnSync(process.execPath, [join(ROOT, 'bin/fvm-spec.mjs'), 'run', '--no-cache', '--json', '--jobs', jobs, ...files], { encoding: 'utf8' }).stdout
      const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { status?: string; reason?: string | null; gas_used?: string | null })
      const results = lines.filter((l) => l.status !== undefined)
      assert.equal(results.length, 3, out)
      for (const l of results) {
        assert.notEqual(l.status, 'error', `--jobs ${jobs}: ${l.reason ?? ''}`)
        assert.ok(l.gas_used !== null && l.gas_used !== undefined, `--jobs ${jobs}: a receipt was computed`)
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
