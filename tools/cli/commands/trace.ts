/**
 * `fvm-spec trace`: run one vector and print its call tree with the gas each call spent, the
 * totals per charge name, and their sum against the receipt's gas_used.
 */
import { existsSync, statSync } from 'node:fs'
import { runFile } from '../../runner/run-file.js'
import { formatMessageTrace } from '../../../interpreter/trace/call-tree.js'
import { defineCommand, usageError } from '../command.js'
import { cacheOptions, engineOptions, NO_CACHE_OPTION, noCacheUsage } from '../engine-options.js'
import { humanLine } from '../format.js'
import { LIMIT_OPTIONS, LIMIT_USAGE, limitsOf } from '../options.js'

export const command = defineCommand({
  name: 'trace',
  summary: 'run one vector and print its call tree with the gas each call spent',
  usage: `usage: fvm-spec trace [options] VECTOR

Runs one vector and prints its result line, then each message's call tree with the gas each call
spent, the totals per charge name, and their sum against the receipt's gas_used.

  --bundles DIR     folder of built-in actor bundle CARs (or $FVM_SPEC_BUNDLES)
${noCacheUsage()}
  --all             every charge of each call and every charge name (default: the largest)
${LIMIT_USAGE}`,
  options: { bundles: { type: 'string' }, ...NO_CACHE_OPTION, all: { type: 'boolean', default: false }, 'max-vector-bytes': LIMIT_OPTIONS['max-vector-bytes'] },
  run({ values, positionals }, io) {
    const [file] = positionals
    if (file === undefined || positionals.length !== 1) return usageError(io, 'trace', 'give exactly one vector file')
    if (!existsSync(file)) return usageError(io, 'trace', `${file}: no such file`)
    if (statSync(file).isDirectory()) return usageError(io, 'trace', `${file} is a folder: give one vector file (or \`fvm-spec run --trace OUT_DIR ${file}\` for every vector in it)`)
    const base = engineOptions(values.bundles, cacheOptions(values['no-cache']))
    if ('problem' in base) return usageError(io, 'trace', base.problem)
    const limits = limitsOf(values)
    if ('problem' in limits) return usageError(io, 'trace', limits.problem)
    const r = runFile(file, { ...base, trace: true, ...(limits.maxVectorBytes === undefined ? {} : { maxVectorBytes: limits.maxVectorBytes }) })
    io.out(humanLine(r))
    const gasUsed = r.gas_used?.split(',') ?? []
    for (const [i, t] of (r.traces ?? []).entries()) {
      io.out(`message ${i}:`)
      const used = gasUsed[i]
      for (const line of formatMessageTrace(t, used === undefined ? undefined : BigInt(used), { all: values.all })) io.out('  ' + line)
    }
    return r.status === 'pass' || r.status === 'skip' ? 0 : 1
  },
})
