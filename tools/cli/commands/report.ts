/**
 * `fvm-spec report VECTOR... --out FILE`: the gas report of one or more vectors as one
 * self-contained HTML file (tools/report/).
 *
 * @rule runner.gas-report
 */
import { writeFileSync } from 'node:fs'
import { gasReportHtml } from '../../report/gas-report-html.js'
import { reportVector } from '../../report/report-data.js'
import { defineCommand, outputFileProblem, usageError } from '../command.js'
import { cacheOptions, engineOptions, NO_CACHE_OPTION, noCacheUsage } from '../engine-options.js'
import { vectorFiles } from '../inputs.js'
import { LIMIT_OPTIONS, LIMIT_USAGE, limitsOf } from '../options.js'

export const command = defineCommand({
  name: 'report',
  summary: 'run vectors with tracing and write one self-contained HTML gas report',
  usage: `usage: fvm-spec report [options] --out FILE VECTOR...

Runs vectors (files or folders) with tracing and writes one self-contained HTML page: per message
an icicle of the call tree with the gas of each call and charge, and totals per charge name that
add up to gas_used.

  --out FILE        the HTML file to write; required
  --bundles DIR     folder of built-in actor bundle CARs (or $FVM_SPEC_BUNDLES)
${noCacheUsage()}
${LIMIT_USAGE}`,
  options: { out: { type: 'string' }, bundles: { type: 'string' }, ...NO_CACHE_OPTION, 'max-vector-bytes': LIMIT_OPTIONS['max-vector-bytes'] },
  run({ values, positionals }, io) {
    if (values.out === undefined || positionals.length === 0) return usageError(io, 'report', 'give one or more vectors and --out FILE.html')
    const outProblem = outputFileProblem('--out', values.out)
    if (outProblem !== undefined) return usageError(io, 'report', outProblem)
    const limits = limitsOf(values)
    if ('problem' in limits) return usageError(io, 'report', limits.problem)
    const files = vectorFiles('report', positionals, io)
    if (typeof files === 'number') return files
    const engine = engineOptions(values.bundles, cacheOptions(values['no-cache']))
    if ('problem' in engine) return usageError(io, 'report', engine.problem)
    const vectors = files.map((f) => reportVector(f, { ...engine, ...(limits.maxVectorBytes === undefined ? {} : { maxVectorBytes: limits.maxVectorBytes }) }))
    writeFileSync(values.out, gasReportHtml(vectors))
    const problems = vectors.filter((v) => v.problem !== null)
    for (const v of problems) io.err(`${v.id}: ${v.problem}`)
    io.out(`wrote ${values.out}: ${vectors.length} vector(s), ${vectors.reduce((n, v) => n + v.messages.length, 0)} message(s)`)
    return problems.length > 0 ? 1 : 0
  },
})
