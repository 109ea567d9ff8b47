/**
 * Regenerates the scenario vectors under vectors/corpus/scenarios (tools/scenarios): every
 * scenario at every supported network version, on the mainnet bundles in $FVM_SPEC_BUNDLES.
 *
 * Usage: FVM_SPEC_BUNDLES=DIR npm run vectors:scenarios [-- --nv N ...] [-- --out DIR]
 * With --nv, only those versions' folders are written and the summary (README.md) is left alone.
 * Versions whose row is written but not yet supported run as previews (genesis.preview).
 *
 * @rule scenarios.vectors
 */
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { generateScenarios, writeScenarios } from '../tools/scenarios/generate.js'
import { SCENARIO_NETWORK_VERSIONS } from '../tools/scenarios/scenarios.js'

if (process.argv[1] !== undefined && resolve(process.argv[1]).endsWith('gen-scenarios.ts')) {
  const { values } = parseArgs({ options: { nv: { type: 'string', multiple: true }, out: { type: 'string' }, bundles: { type: 'string' } } })
  const bundles = values.bundles ?? process.env['FVM_SPEC_BUNDLES']
  if (bundles === undefined || bundles === '') {
    process.stderr.write('gen-scenarios: set FVM_SPEC_BUNDLES (or --bundles DIR) to a folder with the vN-builtin-actors-mainnet.car bundles\n')
    process.exit(2)
  }
  const nvs = values.nv === undefined ? SCENARIO_NETWORK_VERSIONS : values.nv.map(Number)
  const out = values.out ?? join('vectors', 'corpus', 'scenarios')
  const g = generateScenarios(bundles, nvs)
  const files = writeScenarios(out, g, values.nv === undefined)
  for (const r of g.runs) process.stdout.write(`nv${r.nv} ${r.scenario}: ${r.steps.map((s) => `${s.exitCode}`).join(' ')}\n`)
  process.stdout.write(`wrote ${files.length} files to ${out}\n`)
}
