/**
 * docs/sandbox.md's example is run as written: the block between the example markers is saved as
 * a script and executed with tsx, importing `fvm-spec/sandbox` through package.json `exports`;
 * its output is checked and the vector it writes is replayed by the conformance runner.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createInvoker } from '../../interpreter/invocation/container.js'
import { Engine } from '../../interpreter/invocation/engine.js'
import { runVectorText } from '../../vectors/run-vector.js'
import { loadBundleFor } from '../genesis/bundle.js'
import { actorsVersionFor, bundleFileName } from '../genesis/versions.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const BUNDLES = process.env['FVM_SPEC_BUNDLES']

/** The ```ts block between the example markers of a doc. */
export function exampleOf(markdown: string): string {
  const m = /<!-- example:start[^>]*-->\s*```ts\n([\s\S]*?)```\s*<!-- example:end -->/.exec(markdown)
  if (m?.[1] === undefined) throw new Error('no example block')
  return m[1]
}

test('docs/sandbox.md has a ten-line example', () => {
  const code = exampleOf(readFileSync(join(ROOT, 'docs', 'sandbox.md'), 'utf8'))
  const lines = code.trim().split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('//'))
  assert.ok(lines.length <= 10, `${lines.length} lines of code`)
  assert.match(code, /from 'fvm-spec\/sandbox'/)
})

const skip = BUNDLES === undefined || BUNDLES === ''
  ? 'FVM_SPEC_BUNDLES is not set (point it at a folder with v10-builtin-actors-mainnet.car)'
  : !existsSync(join(BUNDLES, bundleFileName(actorsVersionFor(18) ?? 0))) ? 'no v10 bundle' : false

test('the docs/sandbox.md example runs as written and its vector passes fvm-spec run', { skip }, () => {
  const code = exampleOf(readFileSync(join(ROOT, 'docs', 'sandbox.md'), 'utf8'))
  // Inside the package, so that `fvm-spec/sandbox` resolves to this checkout (self-reference).
  mkdirSync(join(ROOT, '.scratch'), { recursive: true })
  const dir = mkdtempSync(join(ROOT, '.scratch', 'doc-example-'))
  try {
    writeFileSync(join(dir, 'example.ts'), code)
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'example.ts'], { cwd: dir, env: { ...process.env, FVM_SPEC_BUNDLES: BUNDLES }, encoding: 'utf8', timeout: 120_000 })
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout.trim(), /^0 0{24}1{40} (70){31}7$/)
    const vector = readFileSync(join(dir, 'session.json'), 'utf8')
    const bundle = loadBundleFor(BUNDLES as string, 18)
    const result = runVectorText(vector, 'session.json', { bundleBlocks: bundle.blocks, invoker: createInvoker({ engine: new Engine({ cache: false }) }) })
    assert.equal(result.status, 'pass', result.reason ?? '')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
