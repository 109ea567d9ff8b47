/**
 * The scripts of the report pages. Each is a self-contained function that runs in the browser:
 * it reads the page's embedded JSON (`#report-data`) and builds the view. They are type-checked
 * here and embedded in the page with `Function.prototype.toString`, so they must not use anything
 * from this module's scope (type imports are fine).
 */
import type { ReportNode, ReportVector } from './report-data.js'
import type { WhatIfPageData } from './whatif-html.js'

/** The gas report: one icicle per message, details on click, totals per charge. */
export function gasReportClient(): void {
  const data = JSON.parse(document.getElementById('report-data')?.textContent ?? '[]') as ReportVector[]
  const root = document.getElementById('report') as HTMLElement
  const SVG = 'http://www.w3.org/2000/svg'
  const ROW = 24
  const WIDTH = 1000

  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] => {
    const e = document.createElement(tag)
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v)
    if (text !== undefined) e.textContent = text
    return e
  }
  const svgEl = (tag: string, attrs: Record<string, string | number>): SVGElement => {
    const e = document.createElementNS(SVG, tag)
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v))
    return e
  }
  /** Milligas as gas with thousands separators and at most 3 decimals. */
  const gas = (mg: bigint): string => {
    const neg = mg < 0n
    const a = neg ? -mg : mg
    const whole = (a / 1000n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
    const frac = (a % 1000n).toString().padStart(3, '0').replace(/0+$/, '')
    return `${neg ? '-' : ''}${whole}${frac === '' ? '' : `.${frac}`}`
  }
  const wholeGas = (g: string): string => g.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const roundUp = (mg: bigint): bigint => (mg <= 0n ? 0n : (mg + 999n) / 1000n)
  const PALETTE = ['#8dd3c7', '#fdb462', '#bebada', '#80b1d3', '#b3de69', '#fccde5', '#ffed6f', '#bc80bd', '#ccebc5', '#fb8072', '#a6cee3', '#e5c494']
  const colours = new Map<string, string>([['message', '#d9d9d9']])
  const colour = (actor: string): string => {
    let c = colours.get(actor)
    if (c === undefined) {
      c = PALETTE[(colours.size - 1) % PALETTE.length] as string
      colours.set(actor, c)
    }
    return c
  }
  const callName = (n: ReportNode): string => (n.method === null ? 'message (inclusion, return value)' : `${n.actor} method ${n.method}`)

  const table = (head: string[], rows: string[][], cls: string): HTMLTableElement => {
    const t = el('table', { class: cls })
    const tr = el('tr')
    for (const h of head) tr.append(el('th', {}, h))
    t.append(tr)
    for (const r of rows) {
      const row = el('tr')
      r.forEach((c, i) => row.append(el('td', i === 0 ? {} : { class: 'num' }, c)))
      t.append(row)
    }
    return t
  }

  /** Checks and shows one node: its own charges and how its total is made. */
  const details = (box: HTMLElement, n: ReportNode): void => {
    box.replaceChildren()
    const self = BigInt(n.self)
    const kids = n.children.reduce((s, c) => s + BigInt(c.total), 0n)
    box.append(el('h4', {}, `${callName(n)} — ${n.label}`))
    box.append(el('p', { class: 'outcome' }, `${n.outcome === '' ? '' : `${n.outcome}; `}${n.value === null ? '' : `value ${n.value} atto; `}${n.outOfGas === null ? '' : `ran out of gas at ${n.outOfGas}; `}${n.children.length} call(s) made`))
    box.append(el('p', { class: 'sum', 'data-self': n.self, 'data-total': n.total }, `total ${gas(BigInt(n.total))} gas = self ${gas(self)} + calls made ${gas(kids)}${self + kids === BigInt(n.total) ? ' ✓' : ' ✗ does not add up'}`))
    const rows = n.charges.map(([name, mg, count]) => [`${name}${name === n.outOfGas ? ' (out of gas)' : ''}`, String(count), gas(BigInt(mg)), self === 0n ? '' : `${((Number(BigInt(mg)) / Number(self)) * 100).toFixed(1)}%`])
    const sum = n.charges.reduce((s, c) => s + BigInt(c[1]), 0n)
    rows.push(['self (sum of the charges above)', String(n.charges.reduce((s, c) => s + c[2], 0)), gas(sum), ''])
    box.append(table(['charge', 'count', 'gas', 'of self'], rows, 'charges'))
  }

  /** Draws the icicle of `focus` (the whole message, or a call zoomed into). */
  const draw = (svg: SVGSVGElement, focus: ReportNode, box: HTMLElement, zoom: (n: ReportNode) => void): void => {
    svg.replaceChildren()
    const depthOf = (n: ReportNode): number => 1 + n.children.reduce((d, c) => Math.max(d, depthOf(c)), 0)
    const height = depthOf(focus) * ROW
    svg.setAttribute('viewBox', `0 0 ${WIDTH} ${height}`)
    svg.setAttribute('height', String(height))
    const place = (n: ReportNode, x: number, w: number, depth: number): void => {
      const g = svgEl('g', { class: 'call' })
      const failed = n.exit !== null && n.exit !== 0
      const fill = colour(n.actor)
      const rect = svgEl('rect', {
        x,
        y: depth * ROW,
        width: Math.max(w, 0.5),
        height: ROW - 2,
        rx: 2,
        fill: n.outOfGas !== null ? 'url(#oog)' : fill,
        stroke: failed || n.outOfGas !== null ? '#b3261e' : '#ffffff',
        'stroke-width': failed ? 1.5 : 0.5,
      })
      const title = svgEl('title', {})
      title.textContent = `${callName(n)} (${n.label})\n${n.outcome}\ntotal ${gas(BigInt(n.total))} gas, self ${gas(BigInt(n.self))} gas${n.outOfGas === null ? '' : `\nran out of gas at ${n.outOfGas}`}`
      g.append(title, rect)
      if (w > 50) {
        const text = svgEl('text', { x: x + 4, y: depth * ROW + ROW / 2 + 2 })
        const full = `${n.outOfGas === null ? '' : '⚠ '}${n.method === null ? 'message' : `${n.actor} ${n.method}`}${failed ? ` [exit ${n.exit}]` : ''} · ${gas(BigInt(n.total))}`
        const room = Math.floor((w - 8) / 6.6)
        text.textContent = full.length > room ? `${full.slice(0, Math.max(room - 1, 1))}…` : full
        g.append(text)
      }
      g.addEventListener('click', (ev) => {
        ev.stopPropagation()
        details(box, n)
        if (n !== focus && n.children.length > 0) zoom(n)
      })
      g.addEventListener('mouseenter', () => details(box, n))
      svg.append(g)
      const total = Number(BigInt(n.total))
      let cx = x
      for (const c of n.children) {
        const cw = total === 0 ? 0 : (w * Number(BigInt(c.total))) / total
        place(c, cx, cw, depth + 1)
        cx += cw
      }
    }
    const defs = svgEl('defs', {})
    const pattern = svgEl('pattern', { id: 'oog', width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' })
    pattern.append(svgEl('rect', { width: 8, height: 8, fill: '#f4c7c3' }), svgEl('rect', { width: 4, height: 8, fill: '#e8a19b' }))
    defs.append(pattern)
    svg.append(defs)
    place(focus, 0, WIDTH, 0)
  }

  const nodes = (n: ReportNode): ReportNode[] => [n, ...n.children.flatMap(nodes)]
  let allOk = true
  let vectorsShown = 0
  for (const v of data) {
    const section = el('section', { class: 'vector', 'data-id': v.id })
    section.append(el('h2', {}, v.id))
    const rootNote = v.rootMatches === null ? '' : v.rootMatches ? ' · post-state root matches the recorded one' : ' · post-state root differs from the recorded one'
    section.append(el('p', { class: 'meta' }, `nv${v.nv ?? '?'} · ${v.messages.length} message(s) · ${v.file}${rootNote}`))
    if (v.problem !== null) section.append(el('p', { class: 'problem' }, v.problem))
    for (const m of v.messages) {
      const all = nodes(m.tree)
      const charged = all.reduce((s, n) => s + BigInt(n.self), 0n)
      const treeOk = all.every((n) => BigInt(n.self) + n.children.reduce((s, c) => s + BigInt(c.total), 0n) === BigInt(n.total))
      const ok = treeOk && roundUp(charged) === BigInt(m.gasUsed) && charged === BigInt(m.traceMilligas)
      allOk &&= ok
      const div = el('div', { class: 'message', 'data-vector': v.id, 'data-index': String(m.index), 'data-gas-used': m.gasUsed, 'data-charged-milligas': charged.toString(), 'data-ok': String(ok) })
      const recorded = m.recorded === null ? '' : m.recorded.gasUsed === m.gasUsed && m.recorded.exitCode === m.exitCode ? ' (as recorded)' : ` (recorded: exit ${m.recorded.exitCode}, gas_used ${wholeGas(m.recorded.gasUsed)})`
      div.append(el('h3', {}, `message ${m.index}: exit ${m.exitCode}${m.exitCode === 0 ? '' : ` (${m.exitName})`} · gas_used ${wholeGas(m.gasUsed)}${recorded}`))
      const check = el('p', { class: ok ? 'check ok' : 'check bad' }, `charges add up to ${gas(charged)} gas → ${wholeGas(roundUp(charged).toString())} ${ok ? '= gas_used ✓' : `≠ gas_used ${wholeGas(m.gasUsed)} ✗`}`)
      div.append(check)
      if (charged === 0n) {
        div.append(el('p', { class: 'note' }, 'no gas charged (the message was rejected before execution)'))
        section.append(div)
        continue
      }
      const bar = el('div', { class: 'toolbar' })
      const reset = el('button', { type: 'button' }, 'whole message')
      bar.append(el('span', {}, 'hover or click a call for its charges; click a call that made calls to zoom into it'), reset)
      const svg = document.createElementNS(SVG, 'svg') as SVGSVGElement
      svg.setAttribute('class', 'icicle')
      svg.setAttribute('preserveAspectRatio', 'none')
      const box = el('div', { class: 'details' })
      const zoom = (n: ReportNode) => draw(svg, n, box, zoom)
      reset.addEventListener('click', () => {
        zoom(m.tree)
        details(box, m.tree)
      })
      zoom(m.tree)
      details(box, m.tree.children[0] ?? m.tree)
      // Totals per charge name over the whole message.
      const byName = new Map<string, { mg: bigint; count: number }>()
      for (const n of all) {
        for (const [name, mg, count] of n.charges) {
          const t = byName.get(name) ?? { mg: 0n, count: 0 }
          t.mg += BigInt(mg)
          t.count += count
          byName.set(name, t)
        }
      }
      const rows = [...byName].sort((a, b) => (b[1].mg > a[1].mg ? 1 : b[1].mg < a[1].mg ? -1 : 0)).map(([name, t]) => [name, String(t.count), gas(t.mg), `${((Number(t.mg) / Number(charged)) * 100).toFixed(2)}%`])
      rows.push(['total', String([...byName.values()].reduce((s, t) => s + t.count, 0)), gas(charged), '100%'])
      const totals = table(['charge', 'count', 'gas', 'share'], rows, 'charges totals')
      const summary = el('details', { open: '' })
      summary.append(el('summary', {}, `totals per charge name (${byName.size})`), totals)
      div.append(bar, svg, box, summary)
      section.append(div)
    }
    root.append(section)
    vectorsShown++
  }
  // A legend of the actor types, in order of first appearance.
  const legend = el('p', { class: 'legend' })
  for (const [actor, c] of colours) {
    const key = el('span', { class: 'key' })
    key.append(el('span', { class: 'swatch', style: `background:${c}` }), document.createTextNode(actor === 'message' ? 'message (outside any call)' : actor))
    legend.append(key)
  }
  const oogKey = el('span', { class: 'key' })
  oogKey.append(el('span', { class: 'swatch oog' }), document.createTextNode('ran out of gas here'))
  const failKey = el('span', { class: 'key' })
  failKey.append(el('span', { class: 'swatch failed' }), document.createTextNode('exited non-zero'))
  legend.append(oogKey, failKey)
  root.prepend(legend)
  document.body.setAttribute('data-rendered', String(vectorsShown))
  document.body.setAttribute('data-all-add-up', String(allOk))
}

/** The what-if page: totals, a diverging bar chart of the change per method and per charge. */
export function whatIfClient(): void {
  const data = JSON.parse(document.getElementById('report-data')?.textContent ?? '{}') as WhatIfPageData
  const root = document.getElementById('report') as HTMLElement
  const SVG = 'http://www.w3.org/2000/svg'
  const num = (s: string | bigint): string => s.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const signed = (d: bigint): string => (d > 0n ? `+${num(d)}` : num(d))
  const pct = (before: bigint, after: bigint): string => (before === 0n ? (after === 0n ? '0%' : 'new') : `${after >= before ? '+' : ''}${((Number(after - before) / Number(before)) * 100).toFixed(2)}%`)
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] => {
    const e = document.createElement(tag)
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v)
    if (text !== undefined) e.textContent = text
    return e
  }
  const svgEl = (tag: string, attrs: Record<string, string | number>, text?: string): SVGElement => {
    const e = document.createElementNS(SVG, tag)
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v))
    if (text !== undefined) e.textContent = text
    return e
  }

  const before = BigInt(data.total.before)
  const after = BigInt(data.total.after)
  const head = el('section', { class: 'summary', id: 'summary', 'data-before': before.toString(), 'data-after': after.toString(), 'data-change': (after - before).toString() })
  head.append(el('h2', {}, 'What changed'))
  const ul = el('ul')
  for (const c of data.changes) ul.append(el('li', {}, `${c.path}: ${c.before} → ${c.after}`))
  head.append(ul)
  head.append(el('p', {}, `at network version(s) ${data.networkVersions.join(', ') || '(none)'}; ${data.vectors} vectors, ${data.messages} messages compared`))
  for (const n of data.notes) head.append(el('p', { class: 'note' }, n))
  const big = el('p', { class: 'total' })
  big.append(el('span', {}, `total gas used ${num(before)} → ${num(after)}: `), el('strong', { id: 'total-change' }, `${signed(after - before)} (${pct(before, after)})`))
  head.append(big)
  const cv = data.changedVersions
  if (cv.messages !== data.messages) {
    const [b, a] = [BigInt(cv.before), BigInt(cv.after)]
    head.append(el('p', {}, `of which at the changed version(s), ${cv.messages} messages: ${num(b)} → ${num(a)}, ${signed(a - b)} (${pct(b, a)})`))
  }
  head.append(el('p', {}, `exit codes changed: ${data.exitChanges.length} message(s), ${data.exitChanges.filter((e) => e.before === 0 && e.after !== 0).length} newly failing · receipts changed: ${data.receiptsChanged} · state roots changed: ${data.rootsChanged}`))
  root.append(head)

  /** A diverging bar chart: one row per item, bars left (less gas) or right (more) of the axis. */
  const chart = (title: string, rows: WhatIfPageData['byMethod'], unit: string, id: string): void => {
    const section = el('section', { class: 'chart', id })
    section.append(el('h2', {}, title))
    const shown = rows.filter((r) => r.before !== r.after).slice(0, 30)
    if (shown.length === 0) {
      section.append(el('p', { class: 'note' }, 'no change'))
      root.append(section)
      return
    }
    const ROW = 22
    const LABEL = 330
    const VALUE = 240
    const W = 1000
    const axis = LABEL + (W - LABEL - VALUE) / 2
    const half = (W - LABEL - VALUE) / 2 - 4
    const max = shown.reduce((m, r) => Math.max(m, Math.abs(Number(BigInt(r.after) - BigInt(r.before)))), 0)
    const svg = svgEl('svg', { viewBox: `0 0 ${W} ${shown.length * ROW + 8}`, class: 'bars', role: 'img' }) as SVGSVGElement
    svg.append(svgEl('line', { x1: axis, x2: axis, y1: 0, y2: shown.length * ROW + 8, stroke: '#999' }))
    shown.forEach((r, i) => {
      const d = BigInt(r.after) - BigInt(r.before)
      const w = max === 0 ? 0 : (Math.abs(Number(d)) / max) * half
      const y = i * ROW + 4
      const g = svgEl('g', { class: 'bar', 'data-label': r.label, 'data-change': d.toString() })
      g.append(svgEl('title', {}, `${r.label}\n${num(r.before)} → ${num(r.after)} ${unit} (${signed(d)}, ${pct(BigInt(r.before), BigInt(r.after))})\n${r.count} message(s)/call(s)`))
      g.append(svgEl('text', { x: LABEL - 6, y: y + 14, 'text-anchor': 'end' }, r.label.length > 48 ? `${r.label.slice(0, 47)}…` : r.label))
      g.append(svgEl('rect', { x: d >= 0n ? axis : axis - w, y, width: Math.max(w, 1), height: ROW - 6, fill: d >= 0n ? '#c0504d' : '#4f81bd' }))
      g.append(svgEl('text', { x: W - VALUE + 6, y: y + 14 }, `${signed(d)} ${unit} (${pct(BigInt(r.before), BigInt(r.after))})`))
      svg.append(g)
    })
    section.append(svg)
    if (rows.filter((r) => r.before !== r.after).length > shown.length) section.append(el('p', { class: 'note' }, `the ${shown.length} largest changes of ${rows.filter((r) => r.before !== r.after).length}`))
    root.append(section)
  }
  chart('Change per top-level actor and method (gas used)', data.byMethod, 'gas', 'by-method')
  chart('Change per charge name (gas, from traces)', data.byCharge, 'gas', 'by-charge')

  const list = (title: string, head: string[], rows: string[][], numeric: readonly number[]): void => {
    if (rows.length === 0) return
    const section = el('section')
    section.append(el('h2', {}, title))
    const t = el('table')
    const tr = el('tr')
    for (const h of head) tr.append(el('th', {}, h))
    t.append(tr)
    for (const r of rows) {
      const row = el('tr')
      r.forEach((c, i) => row.append(el('td', numeric.includes(i) ? { class: 'num' } : {}, c)))
      t.append(row)
    }
    section.append(t)
    root.append(section)
  }
  list('Messages whose exit code changed', ['vector', 'message', 'method', 'exit', 'gas used'], data.exitChanges.map((e) => [e.vector, String(e.index), e.method, `${e.before} → ${e.after}`, `${num(e.gasBefore)} → ${num(e.gasAfter)}`]), [1, 4])
  list('Vectors by change', ['vector', 'before', 'after', 'change'], data.byVector.slice(0, 25).map((v) => [v.id, num(v.before), num(v.after), `${signed(BigInt(v.after) - BigInt(v.before))} (${pct(BigInt(v.before), BigInt(v.after))})`]), [1, 2, 3])
  document.body.setAttribute('data-rendered', 'whatif')
}
