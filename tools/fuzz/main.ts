/**
 * `npm run fuzz -- --count N --seed S [--class vector|actor|syscall] [--jobs J] [--timeout S]
 * [--max-memory MiB] [--out DIR]`: hostile inputs through the real command; see harness.ts.
 * Exit 0 when no host failure was found, 1 when some were (written to --out), 2 for a usage error.
 */
import { parseArgs } from 'node:util'
import { DEFAULT_FUZZ, formatFuzzReport, fuzz, FUZZ_CLASSES, type FuzzClass } from './harness.js'

const USAGE = `usage: npm run fuzz -- [--count N] [--seed S] [--class vector|actor|syscall]... [--jobs J]
                        [--timeout S] [--max-memory MiB] [--batch B] [--out DIR] [--known]

  --count N         inputs per class (default 100)
  --seed S          the seed (default 1): the same seed gives the same inputs
  --class C         vector, actor or syscall (repeatable; default all three)
  --jobs J          worker threads running the inputs (default ${DEFAULT_FUZZ.jobs})
  --timeout S       seconds an input may run before it counts as a hang (default ${DEFAULT_FUZZ.timeoutS})
  --max-memory MiB  memory an input may use before it counts as a blow-up (default ${DEFAULT_FUZZ.memoryMb})
  --batch B         inputs per run of the command (default ${DEFAULT_FUZZ.batch})
  --out DIR         where failing inputs are written (default .scratch/fuzz-failures)
  --known           also generate the inputs of known findings (docs/fuzzing.md)`

async function cli(argv: readonly string[]): Promise<number> {
  let values
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        count: { type: 'string' },
        seed: { type: 'string' },
        class: { type: 'string', multiple: true },
        jobs: { type: 'string' },
        timeout: { type: 'string' },
        'max-memory': { type: 'string' },
        batch: { type: 'string' },
        out: { type: 'string' },
        known: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values
  } catch (e) {
    process.stderr.write(`fuzz: ${(e as Error).message}\n${USAGE}\n`)
    return 2
  }
  if (values.help === true) {
    process.stdout.write(USAGE + '\n')
    return 0
  }
  const problems: string[] = []
  const int = (name: string, v: string | undefined, d: number, min: number) => {
    const n = v === undefined ? d : Number(v)
    if (Number.isSafeInteger(n) && n >= min) return n
    problems.push(`--${name} ${v}: expected a whole number ≥ ${min}`)
    return d
  }
  const count = int('count', values.count, 100, 1)
  const seed = int('seed', values.seed, 1, 0)
  const jobs = int('jobs', values.jobs, DEFAULT_FUZZ.jobs, 1)
  const timeoutS = int('timeout', values.timeout, DEFAULT_FUZZ.timeoutS, 1)
  const memoryMb = int('max-memory', values['max-memory'], DEFAULT_FUZZ.memoryMb, 64)
  const batch = int('batch', values.batch, DEFAULT_FUZZ.batch, 1)
  const classes = (values.class ?? [...FUZZ_CLASSES]) as FuzzClass[]
  for (const c of classes) if (!FUZZ_CLASSES.includes(c)) problems.push(`--class ${c}: expected one of ${FUZZ_CLASSES.join(', ')}`)
  if (problems.length > 0) {
    process.stderr.write(`fuzz: ${problems.join('; ')}\n${USAGE}\n`)
    return 2
  }
  const report = await fuzz({ ...DEFAULT_FUZZ, seed, count, classes, jobs, timeoutS, memoryMb, batch, out: values.out ?? DEFAULT_FUZZ.out, known: values.known === true, log: (l) => process.stdout.write(l + '\n') })
  for (const line of formatFuzzReport(report)) process.stdout.write(line + '\n')
  if (report.failures.length > 0) process.stdout.write(`failing inputs and how to run them: ${values.out ?? DEFAULT_FUZZ.out}/failures.jsonl\n`)
  return report.failures.length > 0 ? 1 : 0
}

process.exitCode = await cli(process.argv.slice(2))
