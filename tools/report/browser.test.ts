/**
 * The report pages in a real browser: a headless Chromium from the OS renders them, and the test
 * reads the DOM after the page scripts ran. Skips when no Chromium is installed.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { after, before, test } from 'node:test'
import { runVectorText } from '../../vectors/run-vector.js'
import { findVectorFiles } from '../../vectors/discover.js'
import { applySet, basePriceLists, parseSetArg } from '../whatif/price-patch.js'
import { whatIf } from '../whatif/whatif.js'
import { Browser, findChromium, NO_BROWSER, type Page } from './browser.js'
import { gasReportHtml } from './gas-report-html.js'
import { reportVector } from './report-data.js'
import { whatIfHtml } from './whatif-html.js'

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'vectors', 'corpus')
const FILES = [
  join(CORPUS, 'embedded', 'nv17-preflight-wrong-nonce.json'), // rejected: no gas charged
  join(CORPUS, 'embedded', 'nv18-send-value-bls-to-id.json'),
  join(CORPUS, 'generated', 'gen-nv18-s5-001.json'), // a callee out of gas inside a nested limit
  join(CORPUS, 'generated', 'gen-nv18-s2-001.json'), // fatal errors
]
const chromium = findChromium()
const skip = chromium === undefined ? NO_BROWSER : false
let browser: Browser | undefined
let dir = ''

before(() => {
  if (chromium === undefined) return
  browser = Browser.launch(chromium)
  dir = mkdtempSync(join(tmpdir(), 'fvm-spec-report-'))
})
after(async () => {
  await browser?.close()
  if (dir !== '') rmSync(dir, { recursive: true, force: true })
})

async function open(name: string, html: string): Promise<Page> {
  const file = join(dir, name)
  writeFileSync(file, html)
  const page = await (browser as Browser).newPage()
  await page.goto(pathToFileURL(file).href)
  return page
}

test('gas report in Chromium: every message shows its gas_used and charges that add up to it; a click shows a call\'s charges', { skip }, async () => {
  const page = await open('report.html', gasReportHtml(FILES.map((f) => reportVector(f))))
  assert.deepEqual(page.errors, [])
  assert.deepEqual(page.requests.filter((u) => !u.startsWith('file:')), [], 'no network')
  assert.equal(await page.evaluate<string>('document.body.dataset.rendered'), String(FILES.length))
  assert.equal(await page.evaluate<string>('document.body.dataset.allAddUp'), 'true')
  const shown = await page.evaluate<{ vector: string; index: string; gasUsed: string; ok: string; check: string }[]>(
    `[...document.querySelectorAll('.message')].map((m) => ({ vector: m.dataset.vector, index: m.dataset.index, gasUsed: m.dataset.gasUsed, ok: m.dataset.ok, check: m.querySelector('.check').textContent }))`,
  )
  // The runner, independently: the receipts' gas_used of each vector.
  const expected = FILES.flatMap((f) => {
    const r = runVectorText(readFileSync(f, 'utf8'), f)
    return (r.gas_used ?? '').split(',').map((g, i) => ({ vector: r.id, index: String(i), gasUsed: g }))
  })
  assert.deepEqual(shown.map(({ vector, index, gasUsed }) => ({ vector, index, gasUsed })), expected)
  for (const m of shown) {
    assert.equal(m.ok, 'true', `${m.vector} ${m.index}`)
    assert.match(m.check, new RegExp(`→ ${Number(m.gasUsed).toLocaleString('en-US')} = gas_used ✓$`))
  }
  // Click the first call of the nested-out-of-gas vector that made calls: the details add up.
  const clicked = await page.evaluate<{ sum: string; self: string; total: string; rows: number; selfRow: string; oog: number }>(`(() => {
    const m = document.querySelector('.message[data-vector="gen-nv18-s5-001"][data-index="4"]')
    const g = [...m.querySelectorAll('svg.icicle g.call')][1]
    g.dispatchEvent(new MouseEvent('click', { bubbles: true }))
    const sum = m.querySelector('.details .sum')
    const rows = [...m.querySelectorAll('.details table.charges tr')]
    return { sum: sum.textContent, self: sum.dataset.self, total: sum.dataset.total, rows: rows.length, selfRow: rows.at(-1).textContent, oog: m.querySelectorAll('svg.icicle rect[fill="url(#oog)"]').length }
  })()`)
  assert.match(clicked.sum, /^total [0-9,.]+ gas = self [0-9,.]+ \+ calls made [0-9,.]+ ✓$/)
  assert.ok(clicked.rows >= 3)
  assert.match(clicked.selfRow, /^self \(sum of the charges above\)/)
  assert.ok(clicked.oog >= 1, 'the call that ran out of gas is drawn as such')
  // Zoomed into the clicked call, the whole-message button brings the root back.
  const widths = await page.evaluate<number[]>(`(() => {
    const m = document.querySelector('.message[data-vector="gen-nv18-s5-001"][data-index="4"]')
    const first = () => Number(m.querySelector('svg.icicle g.call rect').getAttribute('width'))
    const zoomedDepth = m.querySelectorAll('svg.icicle g.call').length
    m.querySelector('.toolbar button').click()
    return [zoomedDepth, m.querySelectorAll('svg.icicle g.call').length, first()]
  })()`)
  assert.ok((widths[1] ?? 0) >= (widths[0] ?? 0))
  assert.equal(widths[2], 1000, 'the root spans the whole width')
  assert.match(await page.evaluate<string>(`document.querySelector('.message[data-vector="embedded-nv17-preflight-wrong-nonce"] .note').textContent`), /no gas charged/)
})

test('what-if page in Chromium: the totals and a bar per changed method', { skip }, async () => {
  const files = findVectorFiles([join(CORPUS, 'embedded')])
  const base = basePriceLists()
  const report = whatIf(files, base, applySet(base, parseSetArg('hygge.onChainMessageCompute.flat=*2')))
  const page = await open('whatif.html', whatIfHtml(report))
  assert.deepEqual(page.errors, [])
  assert.deepEqual(page.requests.filter((u) => !u.startsWith('file:')), [])
  const summary = await page.evaluate<{ before: string; after: string; change: string; text: string; bars: string[] }>(`(() => {
    const s = document.getElementById('summary')
    return { before: s.dataset.before, after: s.dataset.after, change: s.dataset.change, text: document.getElementById('total-change').textContent,
      bars: [...document.querySelectorAll('#by-method g.bar')].map((g) => g.dataset.label + ' ' + g.dataset.change) }
  })()`)
  assert.equal(summary.before, report.total.before.toString())
  assert.equal(summary.after, report.total.after.toString())
  const change = report.total.after - report.total.before
  assert.equal(summary.change, change.toString())
  assert.match(summary.text, new RegExp(`^\\+${Number(change).toLocaleString('en-US')} \\(\\+[0-9.]+%\\)$`))
  assert.deepEqual(summary.bars, report.byMethod.filter((m) => m.after !== m.before).map((m) => `${m.actor} ${m.method} ${m.after - m.before}`))
})
