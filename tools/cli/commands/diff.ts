/** `fvm-spec diff`: the differential harness. @rule runner.diff */
import { mkdirSync } from 'node:fs'
import { commandAdapter, diffFiles, DEFAULT_TIMEOUT_MS, formatReport, inProcessAdapter, oneSidedSkips, reportToJson, splitCommand, type DiffReport } from '../../../vectors/diff.js'
import { generatorRegistry, loadGeneratorModule, type ShrinkOptions, type ShrinkProgress } from '../../../vectors/shrink.js'
import { shrinkDiffering } from '../../../vectors/shrink-diff.js'
import { defineCommand, usageError, type Out } from '../command.js'
import { vectorFiles } from '../inputs.js'
import { cacheOptions, engineOptions, NO_CACHE_OPTION, noCacheUsage } from '../engine-options.js'
import { displayPath } from '../format.js'

export const command = defineCommand({
  name: 'diff',
  summary: 'run vectors through another VM and through fvm-spec; report the first difference',
  usage: `usage: fvm-spec diff --against "COMMAND" [options] [PATH...]

Runs each vector through COMMAND (split into words without a shell, the vector's path appended;
the word fvm-spec means this checkout) and through fvm-spec, and reports the first difference;
exit 0 only when nothing differs and every vector was compared. Default PATH: the corpus under
vectors/corpus.

  --against "COMMAND"  the other VM's adapter (docs/adapter-contract.md); required
  --bundles DIR     fvm-spec's side only (put --bundles in COMMAND for the other side)
${noCacheUsage()} (fvm-spec's side)
  --json            one JSON object per vector per line, then a summary line
  --timeout S       seconds per vector before the child is killed (default 120)
  --jobs N          vectors run at once (default 1); with --shrink, candidates tried at once
  --allow-skips     accept vectors one side skipped and the other ran (default: exit 1, as they
                    were not compared)
  --shrink DIR      shrink each differing vector that carries a recipe (_meta.recipe); write the
                    smallest to DIR and print a command that reproduces it; progress on stderr
  --max-candidates N  candidates tried per vector at most when shrinking (default 300)
  --time-limit S    start no shrink candidate after S seconds per vector
  --generator M     a module exporting more recipe generators (repeatable)`,
  options: {
    against: { type: 'string' },
    bundles: { type: 'string' },
    ...NO_CACHE_OPTION,
    json: { type: 'boolean', default: false },
    timeout: { type: 'string' },
    jobs: { type: 'string' },
    shrink: { type: 'string' },
    generator: { type: 'string', multiple: true },
    'allow-skips': { type: 'boolean', default: false },
    'max-candidates': { type: 'string' },
    'time-limit': { type: 'string' },
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
    const maxCandidates = Number(values['max-candidates'] ?? 300)
    const timeLimit = values['time-limit'] === undefined ? undefined : Number(values['time-limit'])
    if (!(timeout > 0) || !Number.isInteger(jobs) || jobs < 1 || !Number.isInteger(maxCandidates) || maxCandidates < 1 || (timeLimit !== undefined && !(timeLimit > 0))) {
      return usageError(io, 'diff', '--timeout and --time-limit need seconds > 0, --jobs and --max-candidates a whole number ≥ 1')
    }
    const base = engineOptions(values.bundles, cacheOptions(values['no-cache']))
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
    const skippedBy = (side: DiffReport['skippedBy']) => reports.filter((r) => r.skippedBy === side).length
    const summary = { same: count('same'), differ: count('differs'), skipped: count('skip'), skipped_by_other_only: skippedBy('theirs'), skipped_by_fvm_spec_only: skippedBy('ours'), adapter_errors: count('adapter-error'), seconds: Math.round(performance.now() - started) / 1000 }
    const oneSided = summary.skipped_by_other_only + summary.skipped_by_fvm_spec_only > 0 ? ` (${summary.skipped_by_other_only} by the other side only, ${summary.skipped_by_fvm_spec_only} by fvm-spec only)` : ''
    if (values.json === true) out(JSON.stringify({ summary }))
    else out(`${reports.length} vectors against ${theirs.label}: ${summary.same} same, ${summary.differ} differ, ${summary.skipped} skipped${oneSided}, ${summary.adapter_errors} adapter errors (${summary.seconds.toFixed(2)} s)`)

    // @rule runner.diff-skips
    const allowSkips = values['allow-skips'] === true
    const skips = oneSidedSkips(reports, ours.label, theirs.label)
    if (skips !== undefined) err(`fvm-spec diff: ${allowSkips ? 'warning' : 'ERROR'}: ${skips}${allowSkips ? '' : '. Give the other side what it needs (e.g. --bundles inside --against), or pass --allow-skips to accept this.'}`)

    if (values.shrink !== undefined) {
      mkdirSync(values.shrink, { recursive: true })
      const shrinkOptions = (id: string): ShrinkOptions => ({ jobs, maxTries: maxCandidates, ...(timeLimit === undefined ? {} : { timeLimitMs: timeLimit * 1000 }), onProgress: shrinkProgress(id, err) })
      await shrinkDiffering(reports, registry, ours, theirs, values.shrink, shrinkOptions, (l) => {
        if (l.kind === 'not-shrunk') return err(`${l.id}: not shrunk: ${l.reason}`)
        const s = l.result
        const bound = s.stopped === 'minimal' ? '' : `, stopped at the ${s.stopped === 'max-tries' ? '--max-candidates' : '--time-limit'} bound`
        if (values.json === true) out(JSON.stringify({ shrunk: l.id, file: s.file, size: s.size, where: s.difference?.where ?? null, tries: s.tries, stopped: s.stopped, reproduce: s.reproduce }))
        else {
          out(`SHRUNK ${l.id} → ${s.file} (${Object.entries(s.size).map(([k, v]) => `${v} ${k}`).join(', ')}; ${s.tries} tried${bound}): ${s.difference?.where ?? 'no longer differs'}`)
          out(`  reproduce: ${s.reproduce}`)
        }
      })
    }
    return summary.differ + summary.adapter_errors > 0 || (skips !== undefined && !allowSkips) ? 1 : 0
  },
})

/** Shrinking progress on stderr, at most once a second (and the last candidate of a step). */
function shrinkProgress(id: string, err: Out): (p: ShrinkProgress) => void {
  let last = -Infinity
  return (p) => {
    if (p.elapsedMs - last < 1000 && p.running > 0) return
    last = p.elapsedMs
    err(`shrinking ${id}: ${p.tries} tried, ${p.steps} taken, now ${Object.entries(p.size).map(([k, v]) => `${v} ${k}`).join(', ')} (${(p.elapsedMs / 1000).toFixed(1)} s${p.running > 0 ? `, ${p.running} running` : ''})`)
  }
}
