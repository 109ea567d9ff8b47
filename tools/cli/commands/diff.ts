/** `fvm-spec diff`: the differential harness. @rule runner.diff */
import { mkdirSync, readFileSync } from 'node:fs'
import { commandAdapter, diffFiles, DEFAULT_TIMEOUT_MS, formatReport, inProcessAdapter, reportToJson, splitCommand, type DiffReport, type Difference } from '../../../vectors/diff.js'
import { generatorRegistry, loadGeneratorModule, recipeOf } from '../../../vectors/shrink.js'
import { shrinkDisagreement } from '../../../vectors/shrink-diff.js'
import { defineCommand, usageError } from '../command.js'
import { vectorFiles } from '../inputs.js'
import { engineOptions } from '../engine-options.js'
import { displayPath } from '../format.js'

export const command = defineCommand({
  name: 'diff',
  summary: 'run vectors through another VM and through fvm-spec; report the first difference',
  usage: `usage: fvm-spec diff --against "COMMAND" [options] [PATH...]

Runs each vector through COMMAND (split into words without a shell, the vector's path appended;
the word fvm-spec means this checkout) and through fvm-spec, and reports the first difference;
exit 0 only when nothing differs. Default PATH: the corpus under vectors/corpus.

  --against "COMMAND"  the other VM's adapter (docs/adapter-contract.md); required
  --bundles DIR     fvm-spec's side only (put --bundles in COMMAND for the other side)
  --json            one JSON object per vector per line, then a summary line
  --timeout S       seconds per vector before the child is killed (default 120)
  --jobs N          vectors run at once (default 1)
  --shrink DIR      shrink each differing vector that carries a recipe (_meta.recipe); write the
                    smallest to DIR and print a command that reproduces it
  --generator M     a module exporting more recipe generators (repeatable)`,
  options: {
    against: { type: 'string' },
    bundles: { type: 'string' },
    json: { type: 'boolean', default: false },
    timeout: { type: 'string' },
    jobs: { type: 'string' },
    shrink: { type: 'string' },
    generator: { type: 'string', multiple: true },
  },
  async run({ values, positionals }, io) {
    const { out, err } = io
    if (values.against === undefined) return usageError(io, 'diff', '--against "COMMAND" is required (e.g. --against "fvm-spec exec")')
    let command: string[]
    try {
      command = splitCommand(values.against)
    } catch (e) {
      return usageError(io, 'diff', `--against: ${(e as Error).message}`)
    }
    if (command.length === 0) return usageError(io, 'diff', '--against: empty command')
    const timeout = Number(values.timeout ?? DEFAULT_TIMEOUT_MS / 1000)
    const jobs = Number(values.jobs ?? 1)
    if (!(timeout > 0) || !Number.isInteger(jobs) || jobs < 1) return usageError(io, 'diff', '--timeout needs seconds > 0 and --jobs a whole number ≥ 1')
    const base = engineOptions(values.bundles)
    if ('problem' in base) return usageError(io, 'diff', base.problem)
    let registry
    try {
      const extra = []
      for (const m of values.generator ?? []) extra.push(...(await loadGeneratorModule(m)))
      registry = generatorRegistry(extra)
    } catch (e) {
      return usageError(io, 'diff', `--generator: ${(e as Error).message}`)
    }
    const files = vectorFiles('diff', positionals, io)
    if (typeof files === 'number') return files
    const ours = inProcessAdapter(base)
    const theirs = commandAdapter(command, { timeoutMs: timeout * 1000 })
    const started = performance.now()
    const reports = await diffFiles(files, ours, theirs, {
      jobs,
      onReport: (r) => out(values.json === true ? reportToJson({ ...r, file: displayPath(r.file) }) : formatReport({ ...r, file: displayPath(r.file) }, ours.label, 'other')),
    })
    const count = (s: DiffReport['status']) => reports.filter((r) => r.status === s).length
    const summary = { same: count('same'), differ: count('differs'), skipped: count('skip'), adapter_errors: count('adapter-error'), seconds: Math.round(performance.now() - started) / 1000 }
    if (values.json === true) out(JSON.stringify({ summary }))
    else out(`${reports.length} vectors against ${theirs.label}: ${summary.same} same, ${summary.differ} differ, ${summary.skipped} skipped, ${summary.adapter_errors} adapter errors (${summary.seconds.toFixed(2)} s)`)

    if (values.shrink !== undefined) {
      mkdirSync(values.shrink, { recursive: true })
      for (const r of reports.filter((x) => x.status === 'differs')) {
        const shrinkable = recipeOf(readFileSync(r.file, 'utf8'))
        const gen = shrinkable === undefined ? undefined : registry.get(shrinkable.generator)
        if (shrinkable === undefined || gen === undefined) {
          err(`${r.id}: not shrunk: ${shrinkable === undefined ? 'the vector carries no recipe (_meta.recipe)' : `unknown generator '${shrinkable.generator}'`}`)
          continue
        }
        try {
          const s = await shrinkDisagreement(gen, gen.decode(shrinkable.recipe), r.difference as Difference, ours, theirs, values.shrink)
          const line = { shrunk: r.id, file: s.file, size: s.size, where: s.difference?.where ?? null, tries: s.tries, reproduce: s.reproduce }
          if (values.json === true) out(JSON.stringify(line))
          else {
            out(`SHRUNK ${r.id} → ${s.file} (${Object.entries(s.size).map(([k, v]) => `${v} ${k}`).join(', ')}; ${s.tries} tried): ${s.difference?.where ?? 'no longer differs'}`)
            out(`  reproduce: ${s.reproduce}`)
          }
        } catch (e) {
          err(`${r.id}: shrinking failed: ${(e as Error).message}`)
        }
      }
    }
    return summary.differ + summary.adapter_errors > 0 ? 1 : 0
  },
})
