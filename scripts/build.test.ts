/**
 * The build step (scripts/build.mjs) and its use by bin/ (bin/dist.mjs): the JavaScript build
 * gives the same output as the TypeScript sources, is used only while fresh, and a changed input
 * makes it stale.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const BIN = join(ROOT, 'bin', 'fvm-spec.mjs')
const CORPUS = join(ROOT, 'vectors', 'corpus')

/** What `freshDist()` of bin/dist.mjs says in a process with `env`, for the package at `root`. */
function fresh(env: NodeJS.ProcessEnv, root = ROOT): string {
  const script = `import(${JSON.stringify(join(ROOT, 'bin', 'dist.mjs'))}).then((m) => process.stdout.write(String(m.freshDist(${JSON.stringify(root)}))))`
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' })
}

function cli(args: readonly string[], env: NodeJS.ProcessEnv): { code: number | null; out: string; err: string } {
  const e = { ...process.env, ...env }
  delete e['FVM_SPEC_BUNDLES']
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: e, encoding: 'utf8' })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

test('the build runs the commands as the sources do, and is used only while fresh', () => {
  const out = mkdtempSync(join(tmpdir(), 'fvm-spec-build-test-'))
  try {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--outdir', out], { cwd: ROOT, encoding: 'utf8' })
    const build = { FVM_SPEC_DIST_DIR: out }
    const source = { FVM_SPEC_NO_DIST: '1' }
    assert.equal(fresh(build), out)
    assert.equal(fresh({ ...build, ...source }), 'undefined')

    const vector = join(CORPUS, 'generated', 'gen-nv18-s2-000.json')
    const a = cli(['exec', vector], build)
    const b = cli(['exec', vector], source)
    assert.equal(a.code, 0, a.err)
    assert.equal(a.out, b.out)
    assert.match(a.out, /^\{"id":"gen-nv18-s2-000"/)

    // The pool's workers load the build too; the results (timings aside) are the sources'.
    const strip = (s: string) => s.replace(/\(\d+(\.\d+)? ms\)/g, '').replace(/in \d+\.\d+ s/, '')
    const c = cli(['run', '--jobs', '2', join(CORPUS, 'embedded')], build)
    const d = cli(['run', '--jobs', '2', join(CORPUS, 'embedded')], source)
    assert.equal(c.code, 0, c.err)
    assert.equal(strip(c.out), strip(d.out))

    // A build whose inputs changed is stale: a package root whose files differ from the build's list.
    const root = mkdtempSync(join(tmpdir(), 'fvm-spec-build-root-'))
    try {
      const info = JSON.parse(readFileSync(join(out, 'build.json'), 'utf8')) as { entries: string[] }
      writeFileSync(join(root, 'a.ts'), 'export const a = 1\n')
      const when = new Date('2020-01-01T00:00:00Z')
      utimesSync(join(root, 'a.ts'), when, when)
      const dir = join(root, 'dist')
      mkdirSync(dir)
      writeFileSync(join(dir, 'build.json'), JSON.stringify({ entries: info.entries, inputs: { 'a.ts': { size: 19, mtimeMs: when.getTime() } } }))
      assert.equal(fresh({ FVM_SPEC_DIST_DIR: dir }, root), dir)
      writeFileSync(join(root, 'a.ts'), 'export const a = 2\n')
      assert.equal(fresh({ FVM_SPEC_DIST_DIR: dir }, root), 'undefined', 'an input changed')
      utimesSync(join(root, 'a.ts'), when, when)
      assert.equal(fresh({ FVM_SPEC_DIST_DIR: dir }, root), dir)
      rmSync(join(root, 'a.ts'))
      assert.equal(fresh({ FVM_SPEC_DIST_DIR: dir }, root), 'undefined', 'an input is gone')
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
})
