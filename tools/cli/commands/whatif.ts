/**
 * `fvm-spec whatif`: the command-line shell over `whatIf` (tools/whatif/). It parses the changes
 * (price list modules, then patch files, then `--set`, each in command-line order), runs the
 * corpus and prints the report (text, `--json`, and an HTML chart with `--report`).
 *
 * @rule runner.what-if
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { parseJson } from '../../../vectors/json.js'
import { whatIfHtml } from '../../report/whatif-html.js'
import { formatWhatIf, whatIfToJson } from '../../whatif/format.js'
import { applyPatch, applySet, basePriceLists, changesBetween, loadPriceListModule, parseSetArg, PatchError, type PriceLists } from '../../whatif/price-patch.js'
import { whatIf } from '../../whatif/whatif.js'
import { defineCommand, outputFileProblem, usageError } from '../command.js'
import { cacheOptions, engineOptions, NO_CACHE_OPTION, noCacheUsage } from '../engine-options.js'
import { vectorFiles } from '../inputs.js'
import { LIMIT_OPTIONS, LIMIT_USAGE, limitsOf } from '../options.js'

export const command = defineCommand({
  name: 'whatif',
  summary: 'run vectors under the base price lists and under changed ones; report the difference',
  usage: `usage: fvm-spec whatif CHANGE... [options] [PATH...]

Runs vectors under the base price lists and under changed ones, in one process, and reports the
difference: total gas, per actor and method, per callee, per charge name, exit codes and state
roots that change, top vectors by change. A CHANGE is --set, --patch or --price-list; at least
one is required. Default PATH: the corpus under vectors/corpus.

  --set NAME.PATH=VALUE  change one price of price list NAME (skyr, hygge, …) at every network
                    version that uses it, e.g. --set hygge.blocks.blockOpen.scale=17.6gas;
                    VALUE is milligas (17600), gas (17.6gas) or a factor of the current value
                    (*2); repeatable
  --patch FILE      a JSON patch {"hygge": {"blocks": {"blockOpen": {"scale": "17.6gas"}}}}
                    checked against the price list's fields; repeatable
  --price-list M    a module exporting whole PriceList objects; each replaces the list of its name
  --bundles DIR     folder of built-in actor bundle CARs (or $FVM_SPEC_BUNDLES)
${noCacheUsage()}
  --json            the report as one JSON object
  --report FILE     also write an HTML page with charts of the change per method and charge
  --top N           rows per table (default 10)
${LIMIT_USAGE}`,
  options: {
    set: { type: 'string', multiple: true },
    patch: { type: 'string', multiple: true },
    'price-list': { type: 'string', multiple: true },
    bundles: { type: 'string' },
    ...NO_CACHE_OPTION,
    json: { type: 'boolean', default: false },
    report: { type: 'string' },
    top: { type: 'string' },
    'max-vector-bytes': LIMIT_OPTIONS['max-vector-bytes'],
  },
  async run({ values, positionals }, io) {
    const { out, err } = io
    const top = values.top === undefined ? 10 : Number(values.top)
    if (!Number.isInteger(top) || top < 1) return usageError(io, 'whatif', '--top takes a whole number ≥ 1')
    const reportProblem = values.report === undefined ? undefined : outputFileProblem('--report', values.report)
    if (reportProblem !== undefined) return usageError(io, 'whatif', reportProblem)
    const base = basePriceLists()
    let patched: PriceLists = base
    try {
      for (const m of values['price-list'] ?? []) {
        for (const pl of await loadPriceListModule(base, m)) patched = new Map(patched).set(pl.name, pl)
      }
      for (const file of values.patch ?? []) {
        let json: unknown
        try {
          json = parseJson(readFileSync(file, 'utf8'))
        } catch (e) {
          throw new PatchError(`--patch ${file}: ${(e as Error).message}`)
        }
        patched = applyPatch(patched, json, `--patch ${file}`)
      }
      for (const s of values.set ?? []) {
        const set = parseSetArg(s)
        const next = applySet(patched, set)
        if (changesBetween(patched, next).length === 0) err(`fvm-spec whatif: warning: --set ${s} changes nothing (the value is already that)`)
        patched = next
      }
    } catch (e) {
      if (!(e instanceof PatchError)) throw e
      return usageError(io, 'whatif', e.message)
    }
    if (changesBetween(base, patched).length === 0) return usageError(io, 'whatif', 'nothing changed: give --set NAME.PATH=VALUE, --patch FILE or --price-list MODULE')
    const engine = engineOptions(values.bundles, cacheOptions(values['no-cache']))
    if ('problem' in engine) return usageError(io, 'whatif', engine.problem)
    const limits = limitsOf(values)
    if ('problem' in limits) return usageError(io, 'whatif', limits.problem)
    const files = vectorFiles('whatif', positionals, io)
    if (typeof files === 'number') return files
    const started = performance.now()
    let shown = started
    const report = whatIf(files, base, patched, {
      ...engine,
      ...(limits.maxVectorBytes === undefined ? {} : { maxVectorBytes: limits.maxVectorBytes }),
      onProgress: (done, total) => {
        const now = performance.now()
        if (now - shown < 5000) return
        shown = now
        err(`whatif: ${done}/${total} vectors (${((now - started) / 1000).toFixed(1)} s)`)
      },
    })
    err(`whatif: ${files.length} vectors in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    if (values.json === true) out(whatIfToJson(report))
    else for (const line of formatWhatIf(report, top)) out(line)
    if (values.report !== undefined) {
      writeFileSync(values.report, whatIfHtml(report))
      err(`whatif: wrote ${values.report}`)
    }
    return report.errors.length > 0 ? 1 : 0
  },
})
