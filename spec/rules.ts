/**
 * Reads the rule IDs the spec defines and the rule IDs the code cites, so a test (and the
 * `fvm-spec rules` report) can keep the two in step.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

export const RULE_HEADING = /^### `([a-z0-9][a-z0-9.-]*)`/
export const RULE_CITATION = /@rule ([a-z0-9][a-z0-9.-]*[a-z0-9])/g

export interface RuleDefinition {
  readonly id: string
  readonly file: string
  readonly line: number
}

function walk(dir: string, accept: (f: string) => boolean, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue
    const p = join(dir, name)
    if (statSync(p).isDirectory()) walk(p, accept, out)
    else if (accept(p)) out.push(p)
  }
  return out
}

/** Every `### \`id\`` heading under spec/. */
export function definedRules(root: string): RuleDefinition[] {
  return ruleSections(root).map(({ id, file, line }) => ({ id, file, line }))
}

/** Every `@rule id` in the non-test TypeScript of the given folders, with where it stands. */
export function citedRules(root: string, folders: readonly string[]): Map<string, string[]> {
  return new Map([...citationSites(root, folders)].map(([id, sites]) => [id, sites.map((x) => x.file)]))
}

/** A rule with its place in spec/: its title, its `Versions:` line and its whole text. */
export interface RuleSection extends RuleDefinition {
  /** The heading's words after the ID. */
  readonly title: string
  /** What the rule's `Versions:` line says, or null when it has none (it holds at every version). */
  readonly versions: string | null
  /** The rule as written: its heading and every line up to the next heading of level 1 to 3. */
  readonly text: string
}

/** Every rule under spec/ with its title, versions and text, in file and line order. */
export function ruleSections(root: string): RuleSection[] {
  const out: RuleSection[] = []
  for (const file of walk(join(root, 'spec'), (f) => f.endsWith('.md'))) {
    const lines = readFileSync(file, 'utf8').split('\n')
    lines.forEach((heading, i) => {
      const m = RULE_HEADING.exec(heading)
      if (m?.[1] === undefined) return
      let end = i + 1
      while (end < lines.length && !/^#{1,3} /.test(lines[end] as string)) end++
      const body = lines.slice(i, end)
      while (body.length > 1 && (body.at(-1) as string).trim() === '') body.pop()
      const versions = body.find((l) => l.startsWith('Versions:'))
      out.push({
        id: m[1],
        file: relative(root, file),
        line: i + 1,
        title: heading.slice(m[0].length).trim(),
        versions: versions === undefined ? null : versions.slice('Versions:'.length).trim(),
        text: body.join('\n'),
      })
    })
  }
  return out
}

/** Where code cites a rule: a file (relative to the root) and a 1-based line. */
export interface CitationSite {
  readonly file: string
  readonly line: number
}

/** Every `@rule id` in the non-test TypeScript of the given folders, by ID, with its file and line. */
export function citationSites(root: string, folders: readonly string[]): Map<string, CitationSite[]> {
  const sites = new Map<string, CitationSite[]>()
  for (const folder of folders) {
    for (const file of walk(join(root, folder), (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((text, i) => {
          for (const m of text.matchAll(RULE_CITATION)) {
            const id = m[1] as string
            sites.set(id, [...(sites.get(id) ?? []), { file: relative(root, file), line: i + 1 }])
          }
        })
    }
  }
  return sites
}

/** Folders whose code implements rules. */
export const IMPLEMENTATION_FOLDERS = ['interpreter', 'vectors', 'tools'] as const
