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
import { diffVector, FVM_SPEC_BIN, quoteCommand, type Adapter, type Difference } from './diff.js'
import { shrink, type RecipeGenerator, type ShrinkOptions } from './shrink.js'

export interface ShrunkDisagreement<R> {
  /** Where the smallest vector was written. */
  readonly file: string
  readonly recipe: R
  readonly size: Readonly<Record<string, number>>
  /** How the smallest vector's results differ. */
  readonly difference: Difference | null
  readonly tries: number
  readonly steps: number
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
    return { file, recipe: s.recipe, size: s.size, difference, tries: s.tries, steps: s.steps, reproduce }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
