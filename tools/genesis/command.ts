/**
 * `fvm-spec genesis --nv N [--bundles DIR] [--out FILE] [--account ADDRESS=BALANCE[:KIND] ...]`:
 * writes the genesis file (tools/genesis/document.ts) of a minimal state at network version N.
 */
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { addressFromString, Protocol } from '../../interpreter/types/address.js'
import { FILECOIN_PRECISION } from '../../interpreter/types/token.js'
import { BundleError, loadBundleFor } from './bundle.js'
import { genesisDocument } from './document.js'
import { buildGenesis, GenesisError, supportedRules, type AccountRequest } from './genesis.js'

type Out = (line: string) => void

export const GENESIS_USAGE = `usage: fvm-spec genesis --nv N [--bundles DIR] [--out FILE] [--account ADDRESS=BALANCE[:KIND] ...]

  Builds a minimal genesis state at network version N from the built-in actors bundle of that
  version (vA-builtin-actors-mainnet.car in DIR) by running the bundle's constructors, and writes
  it as a JSON genesis file (docs/genesis.md, spec/genesis.md).

  --nv N              network version (one the interpreter supports)
  --bundles DIR       folder of bundle CARs (default $FVM_SPEC_BUNDLES)
  --out FILE          where to write the genesis file (default: standard output)
  --account A=B[:K]   fund address A (f1…, f3…, f410f… or 0x…) with B attoFIL (or "<n>FIL");
                      K is placeholder (default for f410) or ethaccount; repeatable
  --network-name S    the init actor's network name (default fvm-spec)
  --verifreg-root f0N the verified registry's root key (default f080)
`

/** Parses "123" (attoFIL) or "1.5FIL". */
export function parseBalance(text: string): bigint | undefined {
  if (/^(0|[1-9][0-9]*)$/.test(text)) return BigInt(text)
  const m = /^(0|[1-9][0-9]*)(?:\.([0-9]{1,18}))?FIL$/.exec(text)
  if (m === null) return undefined
  return BigInt(m[1] as string) * FILECOIN_PRECISION + BigInt((m[2] ?? '').padEnd(18, '0') || '0')
}

/** Parses one --account value. */
export function parseAccountFlag(text: string): AccountRequest | string {
  const eq = text.lastIndexOf('=')
  if (eq <= 0) return `--account ${text}: expected ADDRESS=BALANCE[:KIND]`
  const address = text.slice(0, eq)
  const [amount = '', kind, ...extra] = text.slice(eq + 1).split(':')
  const balance = parseBalance(amount)
  if (balance === undefined) return `--account ${text}: balance ${JSON.stringify(amount)} is not a whole number of attoFIL (or <n>FIL)`
  if (extra.length > 0 || (kind !== undefined && kind !== 'placeholder' && kind !== 'ethaccount')) return `--account ${text}: kind must be placeholder or ethaccount`
  return kind === undefined ? { address, balance } : { address, balance, kind }
}

export function genesisCommand(argv: readonly string[], out: Out, err: Out): number {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        nv: { type: 'string' },
        bundles: { type: 'string' },
        out: { type: 'string' },
        account: { type: 'string', multiple: true },
        'network-name': { type: 'string' },
        'verifreg-root': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    })
  } catch (e) {
    err(`fvm-spec genesis: ${(e as Error).message}\n${GENESIS_USAGE}`)
    return 2
  }
  const v = parsed.values
  if (v.help === true) {
    out(GENESIS_USAGE)
    return 0
  }
  const nv = Number(v.nv)
  if (v.nv === undefined || !/^[0-9]+$/.test(v.nv) || !Number.isSafeInteger(nv)) {
    err(`fvm-spec genesis: --nv N is required (a network version, e.g. 18)\n${GENESIS_USAGE}`)
    return 2
  }
  const accounts: AccountRequest[] = []
  for (const a of v.account ?? []) {
    const r = parseAccountFlag(a)
    if (typeof r === 'string') {
      err(`fvm-spec genesis: ${r}`)
      return 2
    }
    accounts.push(r)
  }
  let verifregRoot: bigint | undefined
  if (v['verifreg-root'] !== undefined) {
    try {
      const a = addressFromString(v['verifreg-root'])
      if (a.protocol !== Protocol.ID) throw new Error('not an ID address')
      verifregRoot = a.id
    } catch (e) {
      err(`fvm-spec genesis: --verifreg-root ${v['verifreg-root']}: ${(e as Error).message} (give an ID address f0N)`)
      return 2
    }
  }
  const dir = v.bundles ?? process.env['FVM_SPEC_BUNDLES']
  try {
    const started = performance.now()
    supportedRules(nv)
    if (dir === undefined || dir === '') {
      err('fvm-spec genesis: give --bundles DIR (or set $FVM_SPEC_BUNDLES): genesis runs the bundle\'s constructors')
      return 2
    }
    const bundle = loadBundleFor(dir, nv)
    const g = buildGenesis({
      nv,
      bundle,
      accounts,
      ...(v['network-name'] === undefined ? {} : { networkName: v['network-name'] }),
      ...(verifregRoot === undefined ? {} : { verifregRoot }),
    })
    const text = JSON.stringify(genesisDocument(g), null, 2) + '\n'
    if (v.out === undefined) {
      out(text.trimEnd())
      return 0
    }
    writeFileSync(v.out, text)
    const seconds = ((performance.now() - started) / 1000).toFixed(2)
    out(`genesis nv${nv} (built-in actors v${g.actorsVersion}): state root ${g.root.toString()}`)
    out(`  ${g.constructors.length} constructors exited 0 (${g.constructors.map((c) => c.name).join(', ')}); ${g.accounts.length} funded account(s)`)
    out(`  wrote ${v.out} in ${seconds} s`)
    return 0
  } catch (e) {
    if (e instanceof GenesisError || e instanceof BundleError) {
      err(`fvm-spec genesis: ${e.message}`)
      return 1
    }
    throw e
  }
}
