/**
 * `npm run fevm:precompile-testdata [-- --mirror DIR --tag TAG --out DIR]`: copy the EVM
 * precompile test vectors that builtin-actors keeps (go-ethereum's, LGPL-3.0, and the EIP-7951
 * P256 ones; `actors/evm/precompile-testdata/`) from a builtin-actors git mirror into the cache
 * folder the precompile tests read ($FVM_SPEC_PRECOMPILE_TESTDATA, default
 * ~/.cache/fvm-spec/precompile-testdata). They are fetched data: never committed here.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { PRECOMPILE_FILES, precompileTestdataDir } from './precompiles.js'

const DEFAULT_MIRROR = process.env.FVM_SPEC_BUILTIN_ACTORS_MIRROR ?? '/work/.mirror/filecoin-project+builtin-actors/repo'

function main(): void {
  const { values } = parseArgs({
    options: {
      mirror: { type: 'string', default: DEFAULT_MIRROR },
      tag: { type: 'string', default: 'v18.0.0' },
      out: { type: 'string', default: precompileTestdataDir() },
    },
  })
  const mirror = values.mirror
  const out = values.out
  mkdirSync(out, { recursive: true })
  let n = 0
  for (const f of [...new Set(PRECOMPILE_FILES.map((p) => p.file)), 'README.md', 'LICENSE']) {
    let text: string
    try {
      text = execFileSync('git', ['-C', mirror, 'show', `${values.tag}:actors/evm/precompile-testdata/${f}`], { encoding: 'utf8', maxBuffer: 64 << 20 })
    } catch {
      console.error(`${f}: not in ${mirror} at ${values.tag}`)
      continue
    }
    writeFileSync(join(out, f), text)
    n++
  }
  console.log(`${n} files from builtin-actors ${values.tag} written to ${out}`)
}

main()
