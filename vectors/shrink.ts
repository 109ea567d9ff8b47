/**
 * Shrinking a disagreement. A generated vector can carry the recipe it was built from
 * (`_meta.recipe = {"generator": NAME, "recipe": …}`); a `RecipeGenerator` turns a recipe into a
 * vector and proposes smaller recipes. Shrinking is a greedy delta-debugging loop: try the
 * candidates of the current recipe in order, move to the first one that still fails (the two VMs
 * still differ, on the same kind of field), and start again from it, until no candidate fails or
 * the budget of tries is spent. Every candidate is strictly smaller by the generator's measure,
 * so the loop ends even without the budget.
 *
 * @rule runner.shrink
 */
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'
import { basicGenerator } from './shrink-basic.js'
import { scriptedGenerator } from './gen/recipe.js'

/** A recipe (plain JSON: numbers too large for a double are decimal strings) and how to build and shrink it. */
export interface RecipeGenerator<R = unknown> {
  /** The name written in `_meta.recipe.generator`. */
  readonly name: string
  /** Checks a recipe read from JSON; throws with a reason when it is not one. */
  decode(json: unknown): R
  /** The complete test vector (JSON text) for a recipe, carrying `_meta.recipe`. May throw on a recipe it cannot build. */
  build(recipe: R): string
  /** Smaller recipes, the largest cuts first; each is strictly smaller than `recipe` by `size`. */
  candidates(recipe: R): Iterable<R>
  /** What is shown of a recipe's size, e.g. `{messages: 1, actors: 2}`. */
  size(recipe: R): Readonly<Record<string, number>>
}

/** What a generated vector carries in `_meta.recipe`: enough to rebuild it and to shrink it. */
export interface ShrinkableVector<R = unknown> {
  readonly generator: string
  readonly recipe: R
}

export type GeneratorRegistry = ReadonlyMap<string, RecipeGenerator>

/** The generators this checkout knows, plus `extra` (later names win). */
export function generatorRegistry(extra: readonly RecipeGenerator[] = []): GeneratorRegistry {
  const all: RecipeGenerator[] = [basicGenerator as RecipeGenerator, scriptedGenerator as RecipeGenerator, ...extra]
  return new Map(all.map((g) => [g.name, g]))
}

/**
 * Loads generators from a module (a path, e.g. a .ts file run under tsx): every export that is a
 * `RecipeGenerator`, and every one in an exported array `generators`. Only modules named on the
 * command line are loaded; a vector's `_meta` names a generator, never a module.
 */
export async function loadGeneratorModule(path: string): Promise<RecipeGenerator[]> {
  const mod = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>
  const found = Object.values(mod).flatMap((x) => (Array.isArray(x) ? (x as unknown[]) : [x]))
  const ok = found.filter(isGenerator)
  if (ok.length === 0) throw new Error(`${path} exports no recipe generator`)
  return ok
}

function isGenerator(x: unknown): x is RecipeGenerator {
  const g = x as Partial<RecipeGenerator> | null
  return g !== null && typeof g === 'object' && typeof g.name === 'string' && typeof g.build === 'function' && typeof g.candidates === 'function' && typeof g.decode === 'function' && typeof g.size === 'function'
}

/** The `_meta.recipe` of a vector's JSON text, if it has one. */
export function recipeOf(vectorText: string): ShrinkableVector | undefined {
  let json: unknown
  try {
    json = JSON.parse(vectorText)
  } catch {
    return undefined
  }
  const r = (json as { _meta?: { recipe?: unknown } } | null)?._meta?.recipe as Partial<ShrinkableVector> | undefined
  if (r === undefined || r === null || typeof r.generator !== 'string' || !('recipe' in r)) return undefined
  return { generator: r.generator, recipe: r.recipe }
}

export interface ShrinkOptions {
  /** At most this many candidates are built and tried. Default 300. */
  readonly maxTries?: number
  /** Called when a smaller failing recipe is found. */
  readonly onStep?: (size: Readonly<Record<string, number>>) => void
}

export interface ShrinkResult<R> {
  readonly recipe: R
  /** The vector of `recipe`. */
  readonly vector: string
  readonly size: Readonly<Record<string, number>>
  /** Candidates tried, and how many of them were taken. */
  readonly tries: number
  readonly steps: number
}

/**
 * Shrinks `recipe` while `fails(vector, recipe)` holds. `fails` is not called on `recipe` itself:
 * the caller has seen it fail. A candidate that cannot be built is skipped.
 */
export async function shrink<R>(gen: RecipeGenerator<R>, recipe: R, fails: (vector: string, recipe: R) => Promise<boolean>, opts: ShrinkOptions = {}): Promise<ShrinkResult<R>> {
  const maxTries = opts.maxTries ?? 300
  let current = recipe
  let vector = gen.build(recipe)
  let tries = 0
  let steps = 0
  const seen = new Set<string>([JSON.stringify(recipe)])
  search: for (;;) {
    for (const c of gen.candidates(current)) {
      const key = JSON.stringify(c)
      if (seen.has(key)) continue
      seen.add(key)
      if (tries >= maxTries) break search
      tries++
      let text: string
      try {
        text = gen.build(c)
      } catch {
        continue
      }
      if (await fails(text, c)) {
        current = c
        vector = text
        steps++
        opts.onStep?.(gen.size(c))
        continue search
      }
    }
    break
  }
  return { recipe: current, vector, size: gen.size(current), tries, steps }
}
