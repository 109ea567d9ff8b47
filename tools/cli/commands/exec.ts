/** `fvm-spec exec`: one vector, one JSON object on stdout (the adapter contract). @rule runner.exec-contract */
import { readFileSync } from 'node:fs'
import { execVectorText, formatExecResult } from '../../../vectors/exec.js'
import { parseFault, type Faults } from '../../../interpreter/machine/faults.js'
import { defineCommand, usageError } from '../command.js'
import { cacheOptions, engineOptions, NO_CACHE_OPTION, noCacheUsage } from '../engine-options.js'

export const command = defineCommand({
  name: 'exec',
  summary: "print fvm-spec's own result for one vector as one JSON object (the adapter contract)",
  usage: `usage: fvm-spec exec [options] VECTOR

Prints fvm-spec's own result for one vector as one JSON object on one line (the adapter contract,
docs/adapter-contract.md); exit 0 whenever it printed one.

  --bundles DIR     folder of built-in actor bundle CARs (or $FVM_SPEC_BUNDLES)
${noCacheUsage()}
  --inject-fault F  run with one rule broken on purpose (see spec/machine.md)`,
  options: { bundles: { type: 'string' }, ...NO_CACHE_OPTION, 'inject-fault': { type: 'string' } },
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
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (e) {
      return usageError(io, 'exec', `cannot read ${file}: ${(e as Error).message}`)
    }
    io.out(formatExecResult(execVectorText(text, file, { ...base, ...(faults === undefined ? {} : { faults }) })))
    return 0
  },
})
