/**
 * `fvm-spec rules`: the rules of spec/ for FIP authors. With no argument, every rule with its
 * title and the network versions it applies to; with a rule ID, that rule's text and the places
 * in the code that cite it; with `--diff A B`, everything network versions A and B differ in
 * (prices, network rules, syscalls, wasm rules), each with its rule ID and both values.
 *
 * @rule runner.rules
 */
import { networkRulesFor, type NetworkRules } from '../../../interpreter/machine/network-rules.js'
import { SUPPORTED_NETWORK_VERSIONS } from '../../../interpreter/types/network-version.js'
import { formatRule, formatRuleList, ruleToJson, similarIds, specRules } from '../../rules/spec-rules.js'
import { diffVersions, formatVersionDiff, versionDiffToJson } from '../../rules/version-diff.js'
import { defineCommand, usageError, type Io } from '../command.js'
import { PACKAGE_ROOT } from '../paths.js'

/** A supported version's row from `17` or `nv17`, or why not. */
function rowOf(word: string): NetworkRules | string {
  const m = /^(?:nv)?(\d+)$/i.exec(word.trim())
  if (m === null) return `'${word}' is not a network version (give a number, e.g. 18 or nv18)`
  const nv = Number(m[1])
  return networkRulesFor(nv) ?? `nv ${nv} is not supported by this build; supported: ${SUPPORTED_NETWORK_VERSIONS.join(', ')}`
}

function diff(words: readonly string[], json: boolean, io: Io): number {
  if (words.length !== 2) return usageError(io, 'rules', `--diff takes two network versions, e.g. --diff 18 20 (got ${words.length})`)
  const [a, b] = words.map(rowOf) as [NetworkRules | string, NetworkRules | string]
  if (typeof a === 'string') return usageError(io, 'rules', a)
  if (typeof b === 'string') return usageError(io, 'rules', b)
  const d = diffVersions(a, b)
  if (json) io.out(JSON.stringify(versionDiffToJson(d)))
  else for (const line of formatVersionDiff(d)) io.out(line)
  return 0
}

export const command = defineCommand({
  name: 'rules',
  summary: 'the rules of spec/: list them, print one with where the code cites it, or diff two network versions',
  usage: `usage: fvm-spec rules [--json] [ID | --diff A B]

  fvm-spec rules             every rule in spec/: its ID, the network versions it applies to (from
                             its "Versions:" line; "all" when it has none) and its title
  fvm-spec rules ID          one rule: its text from spec/ and every place the code cites it
                             (@rule ID), as file:line
  fvm-spec rules --diff A B  everything network versions A and B differ in, each with its rule ID
                             and the value on each side: every price (in gas and milligas), every
                             field of the NetworkRules rows (per-release modules by name), the
                             syscalls bound at one and not the other, and the wasm
                             instrumentation, feature policy and engine limits when their
                             rules key differs.
                             A and B: supported versions (${SUPPORTED_NETWORK_VERSIONS.join(', ')}), as 18 or nv18

  --json            one JSON object instead of text`,
  options: {
    diff: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
  run({ values, positionals }, io) {
    const json = values.json === true
    if (values.diff === true) return diff(positionals, json, io)
    if (positionals.length > 1) return usageError(io, 'rules', `give at most one rule ID (or --diff A B to compare two versions); got ${positionals.join(' ')}`)
    const rules = specRules(PACKAGE_ROOT)
    const [id] = positionals
    if (id === undefined) {
      if (json) io.out(JSON.stringify({ rules: rules.map((r) => ({ id: r.id, title: r.title, file: r.file, line: r.line, versions: r.versions, network_versions: r.networkVersions })) }))
      else for (const line of formatRuleList(rules)) io.out(line)
      return 0
    }
    const rule = rules.find((r) => r.id === id)
    if (rule === undefined) {
      const near = similarIds(rules, id)
      return usageError(io, 'rules', `no rule '${id}' in spec/${near.length === 0 ? " ('fvm-spec rules' lists them)" : `; did you mean: ${near.slice(0, 12).join(', ')}${near.length > 12 ? ', …' : ''}`}`)
    }
    if (json) io.out(JSON.stringify(ruleToJson(rule)))
    else for (const line of formatRule(rule)) io.out(line)
    return 0
  },
})
