/** `fvm-spec gen`: generated vectors. @rule runner.generate */
import { WouldReplaceError, writeGenerated } from '../../../vectors/gen/generate.js'
import { isSupported, SUPPORTED_NETWORK_VERSIONS } from '../../../interpreter/types/network-version.js'
import { defineCommand, usageError } from '../command.js'
import { displayPath } from '../format.js'

export const command = defineCommand({
  name: 'gen',
  summary: 'generate vectors from the self-contained test bundle',
  usage: `usage: fvm-spec gen --seed N --count K --out DIR [--nv NV] [--force]

Generates K vectors per network version (nv17 and nv18, or the one given) from seed N with the
test bundle; their expected results are what fvm-spec computes.

  --seed N          an integer; the same seed gives byte-identical files
  --count K         vectors per network version (≥ 1)
  --out DIR         the folder to write gen-nv<nv>-s<seed>-<index>.json into
  --nv NV           one supported network version only
  --force           replace what is there: overwrite generated files of the same name with other
                    contents, and remove the other gen-*.json files in DIR (without it, nothing is
                    removed or overwritten and the command stops if it would have to); files of
                    other names are never touched`,
  options: { seed: { type: 'string' }, count: { type: 'string' }, out: { type: 'string' }, nv: { type: 'string' }, force: { type: 'boolean', default: false } },
  run({ values, positionals }, io) {
    if (positionals.length > 0) return usageError(io, 'gen', `unexpected argument '${positionals[0]}'`)
    const { seed, count, out: dir, nv } = values
    const n = Number(seed)
    const k = Number(count)
    if (seed === undefined || !Number.isSafeInteger(n) || count === undefined || !Number.isSafeInteger(k) || k < 1 || dir === undefined) {
      return usageError(io, 'gen', 'give --seed N (an integer), --count K (≥ 1) and --out DIR')
    }
    if (nv !== undefined && (!/^[0-9]+$/.test(nv) || !isSupported(Number(nv)))) return usageError(io, 'gen', `--nv must be a supported network version (${SUPPORTED_NETWORK_VERSIONS.join(', ')})`)
    let plan
    try {
      plan = writeGenerated(dir, [{ seed: n, count: k, ...(nv === undefined ? {} : { nv: Number(nv) }) }], { force: values.force === true })
    } catch (e) {
      if (!(e instanceof WouldReplaceError)) throw e
      io.err(`fvm-spec gen: nothing written: these files exist with other contents and would be overwritten:`)
      for (const f of e.conflicts) io.err(`  ${displayPath(f)}`)
      io.err('pass --force to replace them (and remove the other gen-*.json files there), or choose another --out')
      return 2
    }
    for (const f of plan.files) io.out(displayPath(f))
    io.out(`wrote ${plan.files.length} vectors to ${dir}`)
    if (plan.others.length > 0) io.out(`left ${plan.others.length} other gen-*.json file(s) in ${dir} as they were (--force removes them)`)
    return 0
  },
})
