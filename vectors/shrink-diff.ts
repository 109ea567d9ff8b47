/**
 * Shrinking a disagreement found by the differential harness: the predicate is "the two adapters
 * still differ on the same field" (exit_code, return, gas_used, receipt, error, post_state_root;
 * the receipt index may change), checked by writing each candidate vector to a scratch file and
 * diffing it like any other vector.
 *
 * @rule runner.shrink
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { diffVector, FVM_SPEC_BIN, quoteCommand, type Adapter, type DiffReport, type Difference } from './diff.js'
import { recipeOf, shrink, type GeneratorRegistry, type RecipeGenerator, type ShrinkOptions } from './shrink.js'
import { readFileSync } from 'node:fs'

export interface ShrunkDisagreement<R> {
  /** Where the smallest vector was written. */
  readonly file: string
  readonly recipe: R
  readonly size: Readonly<Record<string, number>>
  /** How the smallest vector's results differ. */
  readonly difference: Difference | null
  readonly tries: number
  readonly steps: number
  /** Why shrinking ended (`minimal`, or the bound it reached). */
  readonly stopped: 'minimal' | 'max-tries' | 'time-limit'
  /** One command line that shows the disagreement on `file`. */
  readonly reproduce: string
}

export async function shrinkDisagreement<R>(
  gen: RecipeGenerator<R>,
  recipe: R,
  original: Difference,
  ours: Adapter,
  theirs: Adapter,
  outDir: string,
  opts: ShrinkOptions = {},
): Promise<ShrunkDisagreement<R>> {
  const scratch = mkdtempSync(join(tmpdir(), 'fvm-spec-shrink-'))
  let n = 0
  const differ = async (vector: string): Promise<Difference | null> => {
    const file = join(scratch, `candidate-${n++}.json`)
    writeFileSync(file, vector)
    try {
      const r = await diffVector(file, ours, theirs)
      return r.status === 'differs' ? r.difference : null
    } finally {
      rmSync(file, { force: true })
    }
  }
  try {
    const s = await shrink(gen, recipe, async (vector) => (await differ(vector))?.field === original.field, opts)
    mkdirSync(outDir, { recursive: true })
    const id = (JSON.parse(s.vector) as { _meta?: { id?: string } })._meta?.id ?? 'shrunk'
    const file = join(outDir, `${id}.json`)
    writeFileSync(file, s.vector.endsWith('\n') ? s.vector : s.vector + '\n')
    const difference = await differ(s.vector)
    const reproduce = quoteCommand(['node', FVM_SPEC_BIN, 'diff', '--against', quoteCommand(theirs.command), file])
    return { file, recipe: s.recipe, size: s.size, difference, tries: s.tries, steps: s.steps, stopped: s.stopped, reproduce }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** One line of `diff --shrink` output: a vector shrunk, or why it was not. */
export type ShrinkLine =
  | { readonly kind: 'shrunk'; readonly id: string; readonly result: ShrunkDisagreement<unknown> }
  | { readonly kind: 'not-shrunk'; readonly id: string; readonly reason: string }

/**
 * Shrinks every differing vector of a diff that carries a recipe, one vector after another,
 * each with `opts` (candidates at once, bounds, progress). `onLine` sees each outcome as it comes.
 *
 * @rule runner.shrink
 */
export async function shrinkDiffering(
  reports: readonly DiffReport[],
  registry: GeneratorRegistry,
  ours: Adapter,
  theirs: Adapter,
  outDir: string,
  opts: (id: string) => ShrinkOptions,
  onLine: (line: ShrinkLine) => void,
): Promise<void> {
  for (const r of reports.filter((x) => x.status === 'differs')) {
    const shrinkable = recipeOf(readFileSync(r.file, 'utf8'))
    const gen = shrinkable === undefined ? undefined : registry.get(shrinkable.generator)
    if (shrinkable === undefined || gen === undefined) {
      onLine({ kind: 'not-shrunk', id: r.id, reason: shrinkable === undefined ? 'the vector carries no recipe (_meta.recipe)' : `unknown generator '${shrinkable.generator}'` })
      continue
    }
    try {
      const result = await shrinkDisagreement(gen, gen.decode(shrinkable.recipe), r.difference as Difference, ours, theirs, outDir, opts(r.id))
      onLine({ kind: 'shrunk', id: r.id, result })
    } catch (e) {
      onLine({ kind: 'not-shrunk', id: r.id, reason: `shrinking failed: ${(e as Error).message}` })
    }
  }
}
