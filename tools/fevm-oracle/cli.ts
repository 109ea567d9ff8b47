/**
 * `npm run fevm:oracle -- [--seed S] [--runs N] [--nv 18,19] [--contract A,B] [--length L]
 *                         [--path P] [--evm-only] [--out DIR]`
 *
 * Runs the FEVM oracle: for each network version and subject contract, N generated call
 * sequences on ethereumjs and on fvm-spec (the real EVM actor, through the sandbox), compared
 * after every step. Prints one line per scenario and a summary; a difference no exclusion
 * covers prints its reproducer and makes the exit status 1. `--evm-only` runs the EVM side
 * against a second ethereumjs (a self-check that needs no bundles).
 */
import { parseArgs } from 'node:util'
import { EvmSide } from './evm-side.js'
import { checkScenario, scenarioFor, subjectsAt, type ScenarioResult } from './check.js'
import { fevmVersions, loadFvmEnv } from './fvm-env.js'
import type { ChainContext, Side } from './side.js'

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: String(Date.now() % 1_000_000) },
      runs: { type: 'string', default: '10' },
      nv: { type: 'string' },
      contract: { type: 'string' },
      length: { type: 'string', default: '6' },
      path: { type: 'string' },
      out: { type: 'string' },
      'evm-only': { type: 'boolean', default: false },
    },
  })
  const seed = Number(values.seed)
  const runs = Number(values.runs)
  let makeOther: (ctx: ChainContext) => Promise<Side>
  if (values['evm-only']) {
    makeOther = (ctx) => EvmSide.create(ctx)
  } else {
    const env = loadFvmEnv()
    if (typeof env === 'string') {
      console.error(`fevm:oracle: ${env}; use --evm-only for the self-check`)
      return 2
    }
    makeOther = env.makeSide
  }
  const nvs = values.nv !== undefined ? values.nv.split(',').map(Number) : fevmVersions()
  const names = values.contract?.split(',')
  const t0 = Date.now()
  const results: ScenarioResult[] = []
  for (const nv of nvs) {
    for (const subject of subjectsAt(nv, names)) {
      const r = await checkScenario(scenarioFor(subject, nv), {
        seed,
        runs,
        maxLength: Number(values.length),
        ...(values.path !== undefined ? { path: values.path } : {}),
        ...(values.out !== undefined ? { outDir: values.out } : {}),
        makeOther,
      })
      results.push(r)
      const ex = [...r.excluded].map(([k, v]) => `${k}×${v}`).join(' ')
      console.log(`${r.failure === undefined ? 'PASS' : 'FAIL'} nv${nv} ${subject.name}: ${r.sequences} sequences, ${r.steps} calls${ex !== '' ? `, excluded ${ex}` : ''} (${r.ms} ms)`)
      if (r.failure !== undefined) {
        console.log(JSON.stringify(r.failure.report, null, 1))
        console.log(`reproducer written to ${r.failure.file}`)
      }
    }
  }
  const failed = results.filter((r) => r.failure !== undefined).length
  const calls = results.reduce((n, r) => n + r.steps, 0)
  const excluded = new Map<string, number>()
  for (const r of results) for (const [k, v] of r.excluded) excluded.set(k, (excluded.get(k) ?? 0) + v)
  console.log(`seed ${seed}: ${results.length} scenarios (nv ${nvs.join(',')}), ${calls} calls compared, ${[...excluded].map(([k, v]) => `${k}×${v}`).join(' ') || 'no exclusions used'}; ${(Date.now() - t0) / 1000} s`)
  console.log(`${results.length - failed} passed, ${failed} failed`)
  return failed > 0 ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e)
    process.exit(2)
  },
)
