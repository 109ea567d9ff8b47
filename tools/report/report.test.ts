import assert from 'node:assert/strict'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { roundUp } from '../../interpreter/gas/gas.js'
import { findVectorFiles } from '../../vectors/discover.js'
import { gasReportHtml } from './gas-report-html.js'
import { escapeHtml, scriptJson } from './page.js'
import { reportVector, type ReportNode } from './report-data.js'

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'vectors', 'corpus')

test('report data: every call\'s total is its charges plus its calls, and every message adds up to gas_used (default corpus)', () => {
  const vectors = findVectorFiles([CORPUS]).map((f) => reportVector(f))
  // The scenario vectors carry no actor code: without bundles they are not run, and say so.
  const needsBundle = (v: (typeof vectors)[number]): boolean => v.id.startsWith('scenario-') && / from a bundle: pass --bundles DIR/.test(v.problem ?? '')
  assert.deepEqual(vectors.filter((v) => v.problem !== null && !needsBundle(v)).map((v) => `${v.id}: ${v.problem}`), [])
  const check = (n: ReportNode): void => {
    const charges = n.charges.reduce((s, c) => s + BigInt(c[1]), 0n)
    assert.equal(charges, BigInt(n.self), `${n.label}: charges = self`)
    assert.equal(BigInt(n.self) + n.children.reduce((s, c) => s + BigInt(c.total), 0n), BigInt(n.total), `${n.label}: self + calls = total`)
    n.children.forEach(check)
  }
  let messages = 0
  for (const v of vectors) {
    for (const m of v.messages) {
      check(m.tree)
      assert.equal(m.tree.total, m.traceMilligas)
      assert.equal(roundUp(BigInt(m.traceMilligas) < 0n ? 0n : BigInt(m.traceMilligas)), BigInt(m.gasUsed), `${v.id} message ${m.index}`)
      assert.deepEqual(m.recorded, { exitCode: m.exitCode, gasUsed: m.gasUsed }, 'the corpus passes')
      messages++
    }
  }
  assert.ok(messages > 100)
  const nodes = (n: ReportNode): ReportNode[] => [n, ...n.children.flatMap(nodes)]
  const all = vectors.flatMap((v) => v.messages.flatMap((m) => nodes(m.tree)))
  assert.ok(all.some((n) => n.outOfGas !== null), 'an out-of-gas point is marked')
  assert.ok(all.some((n) => n.actor === 'scripted' && n.method !== null), 'actor types are resolved')
})

test('the page is self-contained: data embedded safely, no external resource', () => {
  const html = gasReportHtml([reportVector(join(CORPUS, 'embedded', 'nv18-send-value-bls-to-id.json'))])
  assert.match(html, /^<!doctype html>/)
  assert.doesNotMatch(html, /<(link|img|iframe)\b|\bsrc=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/, 'no external resource')
  assert.match(html, /Content-Security-Policy" content="default-src 'none'/)
  assert.equal(scriptJson({ a: '</script><!--' }), '{"a":"\\u003c/script>\\u003c!--"}')
  assert.equal(escapeHtml('<a href="x">&'), '&#60;a href=&#34;x&#34;&#62;&#38;')
})
