/**
 * `fvm-spec whatif`: the command-line shell over `whatIf`. It parses the changes (price list
 * modules, then patch files, then `--set`, each in command-line order), runs the corpus and prints
 * the report (text, `--json`, and an HTML chart with `--report`).
 *
 * @rule runner.what-if
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { engineOptions } from '../../interpreter/cli/run-options.js'
import { parseCommandArgs } from '../args.js'
import { findVectorFiles } from '../../vectors/discover.js'
import { parseJson } from '../../vectors/json.js'
import { whatIfHtml } from '../report/whatif-html.js'
import { formatWhatIf, whatIfToJson } from './format.js'
import { applyPatch, applySet, basePriceLists, changesBetween, loadPriceListModule, parseSetArg, PatchError, type PriceLists } from './price-patch.js'
import { whatIf } from './whatif.js'

type Out = (line: string) => void

export const WHATIF_USAGE = `  whatif [PATH...] CHANGE...
                  run vectors under the base price lists and under changed ones, in one process,
                  and report the difference (total gas, per actor and method, per callee, per
                  charge name, exit codes and state roots that change, top vectors by change);
                  default PATH: the corpus under vectors/corpus
      --set NAME.PATH=VALUE  change one price of price list NAME (skyr, hygge, …) at every network
                      version that uses it, e.g. --set hygge.blocks.blockOpen.scale=17.6gas;
                      VALUE is milligas (17600), gas (17.6gas) or a factor of the current value
                      (*2); repeatable
      --patch FILE    a JSON patch {"hygge": {"blocks": {"blockOpen": {"scale": "17.6gas"}}}}
                      checked against the price list's fields; repeatable
      --price-list M  a module exporting whole PriceList objects; each replaces the list of its name
      --bundles DIR   as for run
      --json          the report as one JSON object
      --report FILE   also write an HTML page with charts of the change per method and charge
      --top N         rows per table (default 10)
`

export async function whatifCommand(argv: readonly string[], out: Out, err: Out): Promise<number> {
  const parsed = parseCommandArgs(
    'whatif',
    argv,
    {
      set: { type: 'string', multiple: true },
      patch: { type: 'string', multiple: true },
      'price-list': { type: 'string', multiple: true },
      bundles: { type: 'string' },
      json: { type: 'boolean', default: false },
      report: { type: 'string' },
      top: { type: 'string' },
    },
    err,
  )
  if (parsed === undefined) return 2
  const { values, positionals } = parsed
  const top = values.top === undefined ? 10 : Number(values.top)
  if (!Number.isInteger(top) || top < 1) {
    err('fvm-spec whatif: --top takes a whole number ≥ 1')
    return 2
  }
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
    err(`fvm-spec whatif: ${e.message}`)
    return 2
  }
  if (changesBetween(base, patched).length === 0) {
    err('fvm-spec whatif: nothing changed: give --set NAME.PATH=VALUE, --patch FILE or --price-list MODULE')
    return 2
  }
  const engine = engineOptions(values.bundles)
  if ('problem' in engine) {
    err(`fvm-spec whatif: ${engine.problem}`)
    return 2
  }
  const paths = positionals.length > 0 ? positionals : [DEFAULT_CORPUS()]
  const missing = paths.find((p) => !existsSync(p))
  if (missing !== undefined) {
    err(`fvm-spec whatif: no such file or folder: ${missing}`)
    return 2
  }
  const files = findVectorFiles(paths)
  const started = performance.now()
  let shown = started
  const report = whatIf(files, base, patched, {
    ...engine,
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
}

/** The default corpus: vectors/corpus of this checkout. */
function DEFAULT_CORPUS(): string {
  return fileURLToPath(new URL('../../vectors/corpus', import.meta.url))
}
