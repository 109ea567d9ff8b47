/**
 * The rules of spec/ for people: every rule with its title and the network versions it applies
 * to, and one rule's text with the places in the code that cite it (`fvm-spec rules`,
 * `fvm-spec rules ID`).
 *
 * Which versions a rule applies to is read from its `Versions:` line (spec/README.md): a list of
 * `nvN` and `nvA–nvB`, each possibly followed by a remark in parentheses; a rule without the line
 * holds at every version. A bare `nvN` also covers the versions after N whose network rules are
 * N's (they differ only in the number, name and actors: spec/README.md, "where a rule says nv18,
 * it holds for nv19 and nv20 too"), computed from the rows.
 *
 * @rule runner.rules
 */
import { NETWORK_RULES } from '../../interpreter/machine/network-rules.js'
import type { NetworkRules } from '../../interpreter/machine/network-rules.js'
import type { NetworkVersion } from '../../interpreter/types/network-version.js'
import { citationSites, IMPLEMENTATION_FOLDERS, ruleSections, type CitationSite, type RuleSection } from '../../spec/rules.js'

/** A rule of spec/, with the versions it applies to and where the code cites it. */
export interface SpecRule extends RuleSection {
  /** The network versions of its `Versions:` line, or 'all' when it has none. */
  readonly networkVersions: readonly NetworkVersion[] | 'all'
  readonly citedAt: readonly CitationSite[]
}

/** Fields a row may differ in from another and still have the same rules. */
const IDENTITY_FIELDS: ReadonlySet<string> = new Set(['nv', 'name', 'builtinActors'])

/** Whether two rows state the same rules (every field but the version's number, name and actors). */
function sameRules(a: NetworkRules, b: NetworkRules): boolean {
  return Object.keys(a).every((k) => IDENTITY_FIELDS.has(k) || Object.is(a[k as keyof NetworkRules], b[k as keyof NetworkRules]))
}

/** `nvN` alone: N, and each next version whose row has N's rules. */
function sameAs(nv: NetworkVersion, rows: ReadonlyMap<NetworkVersion, NetworkRules>): NetworkVersion[] {
  const out = [nv]
  const first = rows.get(nv)
  for (let next = nv + 1; first !== undefined; next++) {
    const row = rows.get(next)
    if (row === undefined || !sameRules(first, row)) break
    out.push(next)
  }
  return out
}

/**
 * The network versions a `Versions:` line names, in order: `nv17, nv18 (remark)` → 17, 18, 19, 20
 * (with today's rows), `nv21–nv28` → 21…28. Null (no line) → 'all'.
 */
export function parseVersions(line: string | null, rows: ReadonlyMap<NetworkVersion, NetworkRules> = NETWORK_RULES): readonly NetworkVersion[] | 'all' {
  if (line === null) return 'all'
  const out = new Set<NetworkVersion>()
  const bare = line.replace(/\([^)]*\)/g, '')
  for (const m of bare.matchAll(/\bnv(\d+)(?:\s*[–-]\s*(?:nv)?(\d+))?/g)) {
    const from = Number(m[1])
    const to = m[2] === undefined ? undefined : Number(m[2])
    if (to === undefined) for (const nv of sameAs(from, rows)) out.add(nv)
    else for (let nv = from; nv <= to; nv++) out.add(nv)
  }
  return [...out].sort((x, y) => x - y)
}

/** `[17, 18, 19, 20, 22]` → `nv17–20, nv22`; 'all' → `all`. */
export function formatVersions(v: readonly NetworkVersion[] | 'all'): string {
  if (v === 'all') return 'all'
  if (v.length === 0) return '(none)'
  const runs: string[] = []
  let start = v[0] as number
  let prev = start
  for (const nv of [...v.slice(1), Infinity]) {
    if (nv === prev + 1) {
      prev = nv
      continue
    }
    runs.push(start === prev ? `nv${start}` : `nv${start}–${prev}`)
    start = nv
    prev = nv
  }
  return runs.join(', ')
}

/** Every rule of spec/ under `root`, in chapter and line order. */
export function specRules(root: string): SpecRule[] {
  const sites = citationSites(root, IMPLEMENTATION_FOLDERS)
  return ruleSections(root).map((r) => ({ ...r, networkVersions: parseVersions(r.versions), citedAt: sites.get(r.id) ?? [] }))
}

/** The rule list: one line per rule, `id  versions  title`, aligned. */
export function formatRuleList(rules: readonly SpecRule[]): string[] {
  const idWidth = Math.max(...rules.map((r) => r.id.length))
  const rows = rules.map((r) => ({ r, versions: formatVersions(r.networkVersions) }))
  const vWidth = Math.max(...rows.map((x) => x.versions.length))
  return [
    `${rules.length} rules in spec/ (versions from each rule's "Versions:" line; all = it has none); 'fvm-spec rules ID' prints one`,
    ...rows.map(({ r, versions }) => `${r.id.padEnd(idWidth)}  ${versions.padEnd(vWidth)}  ${r.title}`),
  ]
}

/** One rule: where it is, the versions it applies to, its text, and where the code cites it. */
export function formatRule(r: SpecRule): string[] {
  return [
    `${r.id} — ${r.title} (${r.file}:${r.line})`,
    `applies to: ${formatVersions(r.networkVersions)}${r.versions === null ? ' (no "Versions:" line)' : ` ("Versions: ${r.versions}")`}`,
    '',
    ...r.text.split('\n'),
    '',
    r.citedAt.length === 0 ? 'cited by no code' : `cited at ${r.citedAt.length} place${r.citedAt.length === 1 ? '' : 's'}:`,
    ...r.citedAt.map((s) => `  ${s.file}:${s.line}`),
  ]
}

/** The rule as one JSON-ready object. */
export function ruleToJson(r: SpecRule): Record<string, unknown> {
  return { id: r.id, title: r.title, file: r.file, line: r.line, versions: r.versions, network_versions: r.networkVersions, text: r.text, cited_at: r.citedAt.map((s) => `${s.file}:${s.line}`) }
}

/** IDs close to an unknown one: those that start with it or contain it, for the error message. */
export function similarIds(rules: readonly SpecRule[], id: string): string[] {
  const lower = id.toLowerCase()
  const starts = rules.filter((r) => r.id.startsWith(lower)).map((r) => r.id)
  return starts.length > 0 ? starts : rules.filter((r) => r.id.includes(lower) || r.title.toLowerCase().includes(lower)).map((r) => r.id)
}
