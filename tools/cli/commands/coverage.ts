/** `fvm-spec coverage`: rule coverage of a corpus. @rule runner.rule-coverage */
import { coverageOfFiles, formatCoverage } from '../../../vectors/coverage.js'
import { codeCoverageReport, exercisedRules, formatCodeCoverage, measureCodeCoverage, parseSources } from '../../../vectors/code-coverage.js'
import { defineCommand, usageError } from '../command.js'
import { vectorFiles } from '../inputs.js'
import { engineOptions, NO_CACHE_OPTION, noCacheUsage } from '../engine-options.js'
import { DEFAULT_CORPUS, PACKAGE_ROOT } from '../paths.js'
import { findVectorFiles } from '../../../vectors/discover.js'

export const command = defineCommand({
  name: 'coverage',
  summary: 'which spec rules a corpus exercises (from traces, and from the code that ran)',
  usage: `usage: fvm-spec coverage [options] [PATH...]

Runs vectors with tracing and prints which spec rules they exercise (syscalls, exit codes, gas
rules, overall from traces; then overall from the code that ran, under V8 coverage); default: the
corpus under vectors/corpus.

  --bundles DIR     folder of built-in actor bundle CARs (or $FVM_SPEC_BUNDLES)
${noCacheUsage()}
                    (coverage never uses it: the code coverage must see the instrumentation run)`,
  options: { bundles: { type: 'string' }, ...NO_CACHE_OPTION },
  async run({ values, positionals }, io) {
    // No persistent module cache, whatever --no-cache says: the code coverage must see the
    // instrumentation run.
    const base = engineOptions(values.bundles, { cache: false })
    if ('problem' in base) return usageError(io, 'coverage', base.problem)
    const checked = vectorFiles('coverage', positionals, io)
    if (typeof checked === 'number') return checked
    // Discovery again inside the measured run, so that its rule counts as code that ran.
    const { value, coverage } = await measureCodeCoverage(PACKAGE_ROOT, () => coverageOfFiles(findVectorFiles(positionals.length > 0 ? [...positionals] : [DEFAULT_CORPUS]), base))
    const { report, problems } = value
    for (const p of problems) io.err(`not counted: ${p}`)
    for (const line of formatCoverage(report)) io.out(line)
    const exercised = exercisedRules(coverage, parseSources(PACKAGE_ROOT))
    for (const line of formatCodeCoverage(codeCoverageReport(report.defined, exercised))) io.out(line)
    return 0
  },
})
