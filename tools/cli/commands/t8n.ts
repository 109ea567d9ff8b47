/**
 * `fvm-spec t8n [--input FILE.json] [--bundles DIR] [--out FILE.json]` (standard input and output
 * when omitted): docs/t8n.md.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { BundleError, loadBundleFor } from '../../genesis/bundle.js'
import { GenesisError } from '../../genesis/genesis.js'
import { SandboxError } from '../../sandbox/sandbox.js'
import { checkT8nInput } from '../../t8n/input.js'
import { runT8n, T8nError, t8nOutputText } from '../../t8n/t8n.js'
import { defineCommand, usageError, type Io } from '../command.js'
import { NO_CACHE_OPTION, noCacheUsage } from '../engine-options.js'

export interface T8nFlags {
  readonly input?: string | undefined
  readonly bundles?: string | undefined
  readonly 'no-cache'?: boolean | undefined
  readonly out?: string | undefined
}

/** The command on parsed flags; `readStdin` gives the input when there is no --input. */
export function t8n(v: T8nFlags, io: Io, readStdin: () => string = () => readFileSync(0, 'utf8')): number {
  let text: string
  try {
    text = v.input === undefined ? readStdin() : readFileSync(v.input, 'utf8')
  } catch (e) {
    return usageError(io, 't8n', `cannot read ${v.input ?? 'standard input'}: ${(e as Error).message}`)
  }
  const checked = checkT8nInput(text)
  if (!checked.ok) {
    io.err(`fvm-spec t8n: ${checked.error}`)
    return 1
  }
  if (v.out !== undefined) {
    const folder = dirname(resolve(v.out))
    if (!existsSync(folder) || !statSync(folder).isDirectory()) return usageError(io, 't8n', `--out ${v.out}: the folder ${folder} does not exist`)
  }
  const dir = v.bundles ?? process.env['FVM_SPEC_BUNDLES']
  if (dir === undefined || dir === '') return usageError(io, 't8n', 'give --bundles DIR (or set $FVM_SPEC_BUNDLES): the messages run on the real built-in actors')
  try {
    loadBundleFor(dir, checked.input.env.nv)
  } catch (e) {
    if (e instanceof BundleError) {
      io.err(`fvm-spec t8n: env.nv: ${e.message}`)
      return 1
    }
    throw e
  }
  let output: string
  try {
    output = t8nOutputText(runT8n(checked.input, dir, v['no-cache'] === true ? false : undefined))
  } catch (e) {
    if (e instanceof GenesisError || e instanceof SandboxError || e instanceof T8nError) {
      io.err(`fvm-spec t8n: ${e.message}`)
      return 1
    }
    throw e
  }
  if (v.out === undefined) io.out(output.trimEnd())
  else {
    try {
      writeFileSync(v.out, output)
    } catch (e) {
      io.err(`fvm-spec t8n: cannot write ${v.out}: ${(e as Error).message}`)
      return 1
    }
  }
  return 0
}

export const command = defineCommand({
  name: 't8n',
  summary: 'apply messages (plain, evm.create, evm.call) to a genesis; print receipts and the state root',
  usage: `usage: fvm-spec t8n [--input FILE.json] [--bundles DIR] [--out FILE.json]

Applies the input's messages to a genesis holding its accounts, at its network version, and
prints the receipts and the state root (docs/t8n.md). Reads standard input without --input and
writes standard output without --out. Malformed input is an error naming its JSON path, and
nothing runs; a message that fails on chain is a receipt.

  input   { "env": { "nv", "epoch", "timestamp", "base_fee", "chain_id", "circ_supply", "tipset_cids" },
            "accounts": [{ "address", "balance", "kind" }],
            "messages": [{ "kind": "evm.create", "from", "bytecode" } | { "kind": "evm.call", "from", "to", "calldata" }
                         | { "from", "to", "method", "params" }] }   (to may be created:N; every message may
            give value, gas_limit, gas_fee_cap, gas_premium, nonce; only env.nv is required in env)
  output  { "receipts": [{ "exit_code", "return", "gas_used", "return_data", "created", "events" }], "state_root" }

  --bundles DIR   folder of built-in actor bundle CARs (default $FVM_SPEC_BUNDLES)
${noCacheUsage(18)}`,
  options: { input: { type: 'string' }, bundles: { type: 'string' }, ...NO_CACHE_OPTION, out: { type: 'string' } },
  run({ values, positionals }, io) {
    if (positionals.length > 0) return usageError(io, 't8n', `unexpected argument '${positionals[0]}'`)
    return t8n(values, io)
  },
})
