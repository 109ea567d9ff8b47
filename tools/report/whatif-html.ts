/**
 * The what-if page: what changed, the total before and after, and charts of the change per
 * top-level actor and method and per charge name.
 *
 * @rule runner.what-if
 */
import type { Change } from '../whatif/price-patch.js'
import type { WhatIfReport } from '../whatif/whatif.js'
import { methodLabel } from '../whatif/format.js'
import { whatIfClient } from './client.js'
import { htmlPage } from './page.js'

interface Row {
  readonly label: string
  readonly before: string
  readonly after: string
  readonly count: number
}

/** What the page script reads: gas as decimal strings (whole gas). */
export interface WhatIfPageData {
  readonly changes: readonly Change[]
  readonly networkVersions: readonly number[]
  readonly notes: readonly string[]
  readonly vectors: number
  readonly messages: number
  readonly total: { readonly before: string; readonly after: string }
  /** Over the messages at the network versions whose price list changed. */
  readonly changedVersions: { readonly before: string; readonly after: string; readonly messages: number }
  readonly byMethod: readonly Row[]
  readonly byCharge: readonly Row[]
  readonly exitChanges: readonly { readonly vector: string; readonly index: number; readonly method: string; readonly before: number; readonly after: number; readonly gasBefore: string; readonly gasAfter: string }[]
  readonly receiptsChanged: number
  readonly rootsChanged: number
  readonly byVector: readonly { readonly id: string; readonly before: string; readonly after: string }[]
}

/** Milligas to whole gas, rounded to the nearest. */
const toGas = (mg: bigint): string => ((mg >= 0n ? mg + 500n : mg - 500n) / 1000n).toString()

export function whatIfPageData(r: WhatIfReport): WhatIfPageData {
  return {
    changes: r.changes,
    networkVersions: r.networkVersions,
    notes: r.notes,
    vectors: r.vectors,
    messages: r.messages,
    total: { before: r.total.before.toString(), after: r.total.after.toString() },
    changedVersions: { before: r.changedVersions.before.toString(), after: r.changedVersions.after.toString(), messages: r.changedVersions.messages },
    byMethod: r.byMethod.map((m) => ({ label: methodLabel(m), before: m.before.toString(), after: m.after.toString(), count: m.count })),
    byCharge: r.byCharge.map((c) => ({ label: c.name, before: toGas(c.before), after: toGas(c.after), count: c.countBefore })),
    exitChanges: r.exitChanges.map((e) => ({ vector: e.vector, index: e.index, method: e.method, before: e.before, after: e.after, gasBefore: e.gasBefore.toString(), gasAfter: e.gasAfter.toString() })),
    receiptsChanged: r.receiptsChanged,
    rootsChanged: r.rootsChanged.length,
    byVector: r.byVector.map((v) => ({ id: v.id, before: v.before.toString(), after: v.after.toString() })),
  }
}

export function whatIfHtml(r: WhatIfReport): string {
  return htmlPage('fvm-spec what-if', `${r.changes.map((c) => `${c.path} ${c.before} → ${c.after}`).join('; ')}`, whatIfPageData(r), whatIfClient)
}
