/**
 * Regenerates the generated corpus under vectors/corpus/generated: the runs listed in
 * `GENERATED_CORPUS_RUNS` (vectors/gen/generate.ts), each vector built from a recipe drawn by
 * fast-check from a fixed seed, with the test bundle in its CAR. The expected receipts and
 * post-state roots are what fvm-spec computes (see docs/differential-testing.md).
 *
 * Usage: npm run vectors:generated [-- OUT_DIR]   (default: vectors/corpus/generated)
 *
 * @rule runner.generate
 */
import { join, resolve } from 'node:path'
import { GENERATED_CORPUS_RUNS, writeGenerated } from '../vectors/gen/generate.js'

if (process.argv[1] !== undefined && resolve(process.argv[1]).endsWith('gen-generated-corpus.ts')) {
  const out = process.argv[2] ?? join('vectors', 'corpus', 'generated')
  // The committed corpus is exactly these runs: files of older runs are removed.
  const { files } = writeGenerated(out, GENERATED_CORPUS_RUNS, { force: true })
  process.stdout.write(`wrote ${files.length} vectors to ${out}\n`)
}
