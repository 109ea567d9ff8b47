/** `fvm-spec trace`: run one vector and print its call tree with the gas each call spent. */
import { existsSync, readFileSync } from 'node:fs'
import { runVectorText } from '../../../vectors/run-vector.js'
import { callTree, formatCallTree } from '../../../interpreter/trace/call-tree.js'
import { defineCommand, usageError } from '../command.js'
import { engineOptions } from '../engine-options.js'
import { humanLine } from '../format.js'

export const command = defineCommand({
  name: 'trace',
  summary: 'run one vector and print its call tree with the gas each call spent',
  usage: `usage: fvm-spec trace [options] VECTOR

Runs one vector and prints its result line, then each message's call tree with the gas each call
spent.

  --bundles DIR     folder of built-in actor bundle CARs (or $FVM_SPEC_BUNDLES)`,
  options: { bundles: { type: 'string' } },
  run({ values, positionals }, io) {
    const [file] = positionals
    if (file === undefined || positionals.length !== 1 || !existsSync(file)) return usageError(io, 'trace', 'give exactly one vector file')
    const base = engineOptions(values.bundles)
    if ('problem' in base) return usageError(io, 'trace', base.problem)
    const r = runVectorText(readFileSync(file, 'utf8'), file, { ...base, trace: true })
    io.out(humanLine(r))
    for (const [i, t] of (r.traces ?? []).entries()) {
      io.out(`message ${i}:`)
      for (const line of formatCallTree(callTree(t))) io.out('  ' + line)
    }
    return r.status === 'pass' || r.status === 'skip' ? 0 : 1
  },
})
