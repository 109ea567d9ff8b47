/** `fvm-spec gen`: generated vectors. @rule runner.generate */
import { writeGenerated } from '../../../vectors/gen/generate.js'
import { isSupported, SUPPORTED_NETWORK_VERSIONS } from '../../../interpreter/types/network-version.js'
import { defineCommand, usageError } from '../command.js'
import { displayPath } from '../format.js'

export const command = defineCommand({
  name: 'gen',
  summary: 'generate vectors from the self-contained test bundle',
  usage: `usage: fvm-spec gen --seed N --count K --out DIR [--nv NV]

Generates K vectors per network version (nv17 and nv18, or the one given) from seed N with the
test bundle; their expected results are what fvm-spec computes.

  --seed N          an integer; the same seed gives byte-identical files
  --count K         vectors per network version (≥ 1)
  --out DIR         the folder to write gen-nv<nv>-s<seed>-<index>.json into
  --nv NV           one supported network version only`,
  options: { seed: { type: 'string' }, count: { type: 'string' }, out: { type: 'string' }, nv: { type: 'string' } },
  run({ values, positionals }, io) {
    if (positionals.length > 0) return usageError(io, 'gen', `unexpected argument '${positionals[0]}'`)
    const { seed, count, out: dir, nv } = values
    const n = Number(seed)
    const k = Number(count)
    if (seed === undefined || !Number.isSafeInteger(n) || count === undefined || !Number.isSafeInteger(k) || k < 1 || dir === undefined) {
      return usageError(io, 'gen', 'give --seed N (an integer), --count K (≥ 1) and --out DIR')
    }
    if (nv !== undefined && !isSupported(Number(nv))) return usageError(io, 'gen', `--nv must be a supported network version (${SUPPORTED_NETWORK_VERSIONS.join(', ')})`)
    const files = writeGenerated(dir, [{ seed: n, count: k, ...(nv === undefined ? {} : { nv: Number(nv) }) }])
    for (const f of files) io.out(displayPath(f))
    io.out(`wrote ${files.length} vectors to ${dir}`)
    return 0
  },
})
