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
  const out: RuleDefinition[] = []
  for (const file of walk(join(root, 'spec'), (f) => f.endsWith('.md'))) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const m = RULE_HEADING.exec(text)
        if (m?.[1] !== undefined) out.push({ id: m[1], file: relative(root, file), line: i + 1 })
      })
  }
  return out
}

/** Every `@rule id` in the non-test TypeScript of the given folders, with where it stands. */
export function citedRules(root: string, folders: readonly string[]): Map<string, string[]> {
  const cited = new Map<string, string[]>()
  for (const folder of folders) {
    for (const file of walk(join(root, folder), (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(RULE_CITATION)) {
        const id = m[1] as string
        cited.set(id, [...(cited.get(id) ?? []), relative(root, file)])
      }
    }
  }
  return cited
}

/** Folders whose code implements rules. */
export const IMPLEMENTATION_FOLDERS = ['interpreter', 'vectors', 'tools'] as const
