/**
 * docs/sandbox.md's example is run as written: the block between the example markers is saved as
 * a script and executed with tsx, importing `fvm-spec/sandbox` through package.json `exports`;
 * its output is checked and the vector it writes is replayed by the conformance runner. The
 * README's sandbox snippet and its t8n one-liner run the same way (the one-liner through bash, with
 * DIR the bundles folder), so that what a new user copies works.
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

/** The ```ts block between the example markers of a doc (```sh between example-sh markers). */
export function exampleOf(markdown: string, lang: 'ts' | 'sh' = 'ts'): string {
  const tag = lang === 'ts' ? 'example' : 'example-sh'
  const m = new RegExp(`<!-- ${tag}:start[^>]*-->\\s*\`\`\`${lang}\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${tag}:end -->`).exec(markdown)
  if (m?.[1] === undefined) throw new Error(`no ${lang} example block`)
  return m[1]
}

/** Runs `code` as example.ts in a scratch folder inside the package (so that `fvm-spec/sandbox` resolves to this checkout), then `check(dir, stdout)`. */
function runScript(file: string, code: string, cmd: readonly string[], check: (dir: string, stdout: string) => void): void {
  mkdirSync(join(ROOT, '.scratch'), { recursive: true })
  const dir = mkdtempSync(join(ROOT, '.scratch', 'doc-example-'))
  try {
    writeFileSync(join(dir, file), code)
    const r = spawnSync(cmd[0] as string, [...cmd.slice(1), file], { cwd: dir, env: { ...process.env, FVM_SPEC_BUNDLES: BUNDLES }, encoding: 'utf8', timeout: 120_000 })
    assert.equal(r.status, 0, r.stderr)
    check(dir, r.stdout)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
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
  runScript('example.ts', code, [process.execPath, '--import', 'tsx'], (dir, stdout) => {
    assert.match(stdout.trim(), /^0 0{24}1{40} (70){31}7$/)
    const vector = readFileSync(join(dir, 'session.json'), 'utf8')
    const bundle = loadBundleFor(BUNDLES as string, 18)
    const result = runVectorText(vector, 'session.json', { bundleBlocks: bundle.blocks, invoker: createInvoker({ engine: new Engine({ cache: false }) }) })
    assert.equal(result.status, 'pass', result.reason ?? '')
  })
})

const skip28 = skip !== false ? skip : !existsSync(join(BUNDLES as string, bundleFileName(actorsVersionFor(28) ?? 0))) ? 'no v18 bundle' : false
const README = () => readFileSync(join(ROOT, 'README.md'), 'utf8')

test('the README shows the sandbox and t8n in a few lines', () => {
  const ts = exampleOf(README()).trim().split('\n').filter((l) => l.trim() !== '')
  assert.ok(ts.length <= 8, `${ts.length} lines`)
  assert.match(ts.join('\n'), /from 'fvm-spec\/sandbox'/)
  assert.match(exampleOf(README(), 'sh'), /\| npx fvm-spec t8n --bundles DIR\s*$/)
})

test('the README\'s sandbox snippet runs as written (nv28): the contract returns 42', { skip: skip28 }, () => {
  runScript('readme.ts', exampleOf(README()), [process.execPath, '--import', 'tsx'], (_dir, stdout) => {
    assert.equal(stdout.trim(), `0 ${'0'.repeat(62)}2a`)
  })
})

test('the README\'s t8n one-liner runs as written (DIR = the bundles folder): a create and a call returning 42', { skip: skip28 }, () => {
  const sh = exampleOf(README(), 'sh').replace(/ DIR\b/g, ` '${BUNDLES as string}'`)
  runScript('readme.sh', sh, ['bash'], (_dir, stdout) => {
    const out = JSON.parse(stdout) as { receipts: { exit_code: number; return_data?: string; created?: { eth: string } }[]; state_root: string }
    assert.deepEqual(out.receipts.map((r) => r.exit_code), [0, 0])
    assert.match(out.receipts[0]?.created?.eth ?? '', /^0x[0-9a-f]{40}$/)
    assert.equal(out.receipts[1]?.return_data, `0x${'0'.repeat(62)}2a`)
    assert.match(out.state_root, /^bafy2bza/)
  })
})
