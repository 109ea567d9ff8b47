/**
 * `fvm-spec genesis --nv N [--bundles DIR] [--out FILE] [--account ADDRESS=BALANCE[:KIND] ...]`:
 * writes the genesis file (tools/genesis/document.ts) of a minimal state at network version N.
 */
import { writeFileSync } from 'node:fs'
import { addressFromString, Protocol } from '../../../interpreter/types/address.js'
import { BundleError, loadBundleFor } from '../../genesis/bundle.js'
import { genesisDocument } from '../../genesis/document.js'
import { parseAccountFlag } from '../../genesis/flags.js'
import { buildGenesis, GenesisError, supportedRules, type AccountRequest } from '../../genesis/genesis.js'
import { invokerFor } from '../../genesis/machine.js'
import { defineCommand, usageError } from '../command.js'
import { NO_CACHE_OPTION, noCacheUsage } from '../engine-options.js'

export const command = defineCommand({
  name: 'genesis',
  summary: "build a genesis state at a network version by running the bundle's constructors",
  usage: `usage: fvm-spec genesis --nv N [--bundles DIR] [--out FILE] [--account ADDRESS=BALANCE[:KIND] ...]

Builds a minimal genesis state at network version N from the built-in actors bundle of that
version (vA-builtin-actors-mainnet.car in DIR) by running the bundle's constructors, and writes
it as a JSON genesis file (spec/genesis.md, genesis.document).

  --nv N              network version (one the interpreter supports)
  --bundles DIR       folder of bundle CARs (default $FVM_SPEC_BUNDLES)
${noCacheUsage(22)}
  --out FILE          where to write the genesis file (default: standard output)
  --account A=B[:K]   fund address A (f1…, f3…, f410f… or 0x…) with B attoFIL (or "<n>FIL");
                      K is placeholder (default for f410) or ethaccount; repeatable
  --network-name S    the init actor's network name (default fvm-spec)
  --verifreg-root f0N the verified registry's root key (default f080)`,
  options: {
    nv: { type: 'string' },
    bundles: { type: 'string' },
    ...NO_CACHE_OPTION,
    out: { type: 'string' },
    account: { type: 'string', multiple: true },
    'network-name': { type: 'string' },
    'verifreg-root': { type: 'string' },
  },
  run({ values: v, positionals }, io) {
    if (positionals.length > 0) return usageError(io, 'genesis', `unexpected argument '${positionals[0]}'`)
    const nv = Number(v.nv)
    if (v.nv === undefined || !/^[0-9]+$/.test(v.nv) || !Number.isSafeInteger(nv)) return usageError(io, 'genesis', '--nv N is required (a network version, e.g. 18)')
    const accounts: AccountRequest[] = []
    for (const a of v.account ?? []) {
      const r = parseAccountFlag(a)
      if (typeof r === 'string') return usageError(io, 'genesis', r)
      accounts.push(r)
    }
    let verifregRoot: bigint | undefined
    if (v['verifreg-root'] !== undefined) {
      try {
        const a = addressFromString(v['verifreg-root'])
        if (a.protocol !== Protocol.ID) throw new Error('not an ID address')
        verifregRoot = a.id
      } catch (e) {
        return usageError(io, 'genesis', `--verifreg-root ${v['verifreg-root']}: ${(e as Error).message} (give an ID address f0N)`)
      }
    }
    const dir = v.bundles ?? process.env['FVM_SPEC_BUNDLES']
    try {
      const started = performance.now()
      supportedRules(nv)
      if (dir === undefined || dir === '') return usageError(io, 'genesis', "give --bundles DIR (or set $FVM_SPEC_BUNDLES): genesis runs the bundle's constructors")
      const bundle = loadBundleFor(dir, nv)
      const g = buildGenesis({
        nv,
        bundle,
        accounts,
        ...(v['no-cache'] === true ? { invoker: invokerFor({ cache: false }) } : {}),
        ...(v['network-name'] === undefined ? {} : { networkName: v['network-name'] }),
        ...(verifregRoot === undefined ? {} : { verifregRoot }),
      })
      const text = JSON.stringify(genesisDocument(g), null, 2) + '\n'
      if (v.out === undefined) {
        io.out(text.trimEnd())
        return 0
      }
      writeFileSync(v.out, text)
      const seconds = ((performance.now() - started) / 1000).toFixed(2)
      io.out(`genesis nv${nv} (built-in actors v${g.actorsVersion}): state root ${g.root.toString()}`)
      io.out(`  ${g.constructors.length} constructors exited 0 (${g.constructors.map((c) => c.name).join(', ')}); ${g.accounts.length} funded account(s)`)
      io.out(`  wrote ${v.out} in ${seconds} s`)
      return 0
    } catch (e) {
      if (e instanceof GenesisError || e instanceof BundleError) {
        io.err(`fvm-spec genesis: ${e.message}`)
        return 1
      }
      throw e
    }
  },
})
