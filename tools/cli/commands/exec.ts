/** `fvm-spec exec`: one vector, one JSON object on stdout (the adapter contract). @rule runner.exec-contract */
import { basename } from 'node:path'
import { readVectorFile } from '../../../vectors/read-file.js'
import { execVectorText, formatExecResult } from '../../../vectors/exec.js'
import { parseFault, type Faults } from '../../../interpreter/machine/faults.js'
import { defineCommand, usageError } from '../command.js'
import { cacheOptions, engineOptions, NO_CACHE_OPTION, noCacheUsage } from '../engine-options.js'
import { LIMIT_OPTIONS, LIMIT_USAGE, limitsOf } from '../options.js'

export const command = defineCommand({
  name: 'exec',
  summary: "print fvm-spec's own result for one vector as one JSON object (the adapter contract)",
  usage: `usage: fvm-spec exec [options] VECTOR

Prints fvm-spec's own result for one vector as one JSON object on one line (the adapter contract,
docs/adapter-contract.md); exit 0 whenever it printed one.

  --bundles DIR     folder of built-in actor bundle CARs (or $FVM_SPEC_BUNDLES)
${noCacheUsage()}
  --inject-fault F  run with one rule broken on purpose (see spec/machine.md)
${LIMIT_USAGE}`,
  options: { bundles: { type: 'string' }, ...NO_CACHE_OPTION, 'inject-fault': { type: 'string' }, 'max-vector-bytes': LIMIT_OPTIONS['max-vector-bytes'] },
  run({ values, positionals }, io) {
    const [file] = positionals
    if (file === undefined || positionals.length !== 1) return usageError(io, 'exec', 'give exactly one vector file')
    const base = engineOptions(values.bundles, cacheOptions(values['no-cache']))
    if ('problem' in base) return usageError(io, 'exec', base.problem)
    let faults: Faults | undefined
    try {
      faults = values['inject-fault'] === undefined ? undefined : parseFault(values['inject-fault'])
    } catch (e) {
      return usageError(io, 'exec', `--inject-fault: ${(e as Error).message}`)
    }
    const limits = limitsOf(values)
    if ('problem' in limits) return usageError(io, 'exec', limits.problem)
    const read = readVectorFile(file, limits.maxVectorBytes)
    if (!read.ok) {
      if (read.problem.startsWith('cannot read')) return usageError(io, 'exec', `${file}: ${read.problem}`)
      // Too large, or not text: a property of the vector, so a result.
      io.out(formatExecResult({ id: basename(file).replace(/\.json$/, ''), nv: null, receipts: [], post_state_root: null, error: `limit: ${file}: ${read.problem}` }))
      return 0
    }
    const maxVectorBytes = limits.maxVectorBytes
    io.out(formatExecResult(execVectorText(read.text, file, { ...base, ...(faults === undefined ? {} : { faults }), ...(maxVectorBytes === undefined ? {} : { maxVectorBytes }) })))
    return 0
  },
})
