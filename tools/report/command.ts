/**
 * `fvm-spec report VECTOR... --out FILE`: the gas report of one or more vectors as one
 * self-contained HTML file.
 *
 * @rule runner.gas-report
 */
import { existsSync, writeFileSync } from 'node:fs'
import { engineOptions } from '../../interpreter/cli/run-options.js'
import { findVectorFiles } from '../../vectors/discover.js'
import { parseCommandArgs } from '../args.js'
import { gasReportHtml } from './gas-report-html.js'
import { reportVector } from './report-data.js'

type Out = (line: string) => void

export const REPORT_USAGE = `  report VECTOR... --out FILE
                  run vectors (files or folders) with tracing and write one self-contained HTML
                  page: per message an icicle of the call tree with the gas of each call and
                  charge, totals per charge name that add up to gas_used
      --bundles DIR   as for run
`

export function reportCommand(argv: readonly string[], out: Out, err: Out): number {
  const parsed = parseCommandArgs('report', argv, { out: { type: 'string' }, bundles: { type: 'string' } }, err)
  if (parsed === undefined) return 2
  const { values, positionals } = parsed
  if (values.out === undefined || positionals.length === 0) {
    err('fvm-spec report: give one or more vectors and --out FILE.html')
    return 2
  }
  const missing = positionals.find((p) => !existsSync(p))
  if (missing !== undefined) {
    err(`fvm-spec report: no such file or folder: ${missing}`)
    return 2
  }
  const engine = engineOptions(values.bundles)
  if ('problem' in engine) {
    err(`fvm-spec report: ${engine.problem}`)
    return 2
  }
  const vectors = findVectorFiles(positionals).map((f) => reportVector(f, engine))
  writeFileSync(values.out, gasReportHtml(vectors))
  const problems = vectors.filter((v) => v.problem !== null)
  for (const v of problems) err(`${v.id}: ${v.problem}`)
  out(`wrote ${values.out}: ${vectors.length} vector(s), ${vectors.reduce((n, v) => n + v.messages.length, 0)} message(s)`)
  return problems.length > 0 ? 1 : 0
}
