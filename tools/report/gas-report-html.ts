/**
 * The gas report page: per vector and message, an icicle of the call tree (actor, method, exit
 * code; width by gas), each call's charges on hover or click, and totals per charge name that
 * add up to the receipt's gas_used.
 *
 * @rule runner.gas-report
 */
import { gasReportClient } from './client.js'
import { htmlPage } from './page.js'
import type { ReportVector } from './report-data.js'

export function gasReportHtml(vectors: readonly ReportVector[]): string {
  const messages = vectors.reduce((n, v) => n + v.messages.length, 0)
  return htmlPage('fvm-spec gas report', `${vectors.length} vector(s), ${messages} message(s). Width is gas; every call's total is its own charges plus the calls it made, and each message's charges add up to its gas_used.`, vectors, gasReportClient)
}
