/**
 * `fvm-spec t8n --input FILE.json [--bundles DIR] [--out FILE.json]` (standard input and output
 * when omitted): docs/t8n.md.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { parseToolArgs } from '../args.js'
import { BundleError, loadBundleFor } from '../genesis/bundle.js'
import { GenesisError } from '../genesis/genesis.js'
import { SandboxError } from '../sandbox/sandbox.js'
import { checkT8nInput } from './input.js'
import { runT8n, T8nError, t8nOutputText } from './t8n.js'

type Out = (line: string) => void

export const T8N_USAGE = `usage: fvm-spec t8n [--input FILE.json] [--bundles DIR] [--out FILE.json]

  Applies the input's messages to a genesis holding its accounts, at its network version, and
  prints the receipts and the state root (docs/t8n.md). Reads standard input without --input and
  writes standard output without --out. Malformed input is an error naming its JSON path, and
  nothing runs; a message that fails on chain is a receipt.

  --bundles DIR   folder of built-in actor bundle CARs (default $FVM_SPEC_BUNDLES)
`

export function t8nCommand(argv: readonly string[], out: Out, err: Out, readStdin: () => string = () => readFileSync(0, 'utf8')): number {
  const v = parseToolArgs('t8n', T8N_USAGE, argv, { input: { type: 'string' }, bundles: { type: 'string' }, out: { type: 'string' } }, out, err)
  if (typeof v === 'number') return v
  let text: string
  try {
    text = v.input === undefined ? readStdin() : readFileSync(v.input, 'utf8')
  } catch (e) {
    err(`fvm-spec t8n: cannot read ${v.input ?? 'standard input'}: ${(e as Error).message}`)
    return 2
  }
  const checked = checkT8nInput(text)
  if (!checked.ok) {
    err(`fvm-spec t8n: ${checked.error}`)
    return 1
  }
  const dir = v.bundles ?? process.env['FVM_SPEC_BUNDLES']
  if (dir === undefined || dir === '') {
    err('fvm-spec t8n: give --bundles DIR (or set $FVM_SPEC_BUNDLES): the messages run on the real built-in actors')
    return 2
  }
  try {
    loadBundleFor(dir, checked.input.env.nv)
  } catch (e) {
    if (e instanceof BundleError) {
      err(`fvm-spec t8n: env.nv: ${e.message}`)
      return 1
    }
    throw e
  }
  let output: string
  try {
    output = t8nOutputText(runT8n(checked.input, dir))
  } catch (e) {
    if (e instanceof GenesisError || e instanceof SandboxError || e instanceof T8nError) {
      err(`fvm-spec t8n: ${e.message}`)
      return 1
    }
    throw e
  }
  if (v.out === undefined) out(output.trimEnd())
  else writeFileSync(v.out, output)
  return 0
}
