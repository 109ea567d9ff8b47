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
import { importUserModule } from './import-module.js'
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
  const mod = await importUserModule(path)
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
  /**
   * Candidates tried at once (default 1). They are taken in the same order as one at a time — the
   * first failing candidate in the generator's order wins — so the result does not depend on it.
   */
  readonly jobs?: number
  /** No candidate is started after this many milliseconds; those running are finished. */
  readonly timeLimitMs?: number
  /** Called when a smaller failing recipe is found. */
  readonly onStep?: (size: Readonly<Record<string, number>>) => void
  /** Called after each candidate was tried. */
  readonly onProgress?: (p: ShrinkProgress) => void
  /** The clock (milliseconds), for tests. Default `performance.now`. */
  readonly now?: () => number
}

export interface ShrinkProgress {
  readonly tries: number
  readonly steps: number
  /** The size of the smallest failing recipe so far. */
  readonly size: Readonly<Record<string, number>>
  readonly running: number
  readonly elapsedMs: number
}

export interface ShrinkResult<R> {
  readonly recipe: R
  /** The vector of `recipe`. */
  readonly vector: string
  readonly size: Readonly<Record<string, number>>
  /** Candidates tried, and how many of them were taken. */
  readonly tries: number
  readonly steps: number
  /** Why the search ended: no smaller candidate fails, or a bound was reached. */
  readonly stopped: 'minimal' | 'max-tries' | 'time-limit'
}

/**
 * Shrinks `recipe` while `fails(vector, recipe)` holds. `fails` is not called on `recipe` itself:
 * the caller has seen it fail. A candidate that cannot be built is skipped. With `jobs` > 1 up
 * to that many candidates of the current recipe are tried at once; the earliest failing one in
 * the generator's order is taken (later ones already running are finished and ignored).
 */
export async function shrink<R>(gen: RecipeGenerator<R>, recipe: R, fails: (vector: string, recipe: R) => Promise<boolean>, opts: ShrinkOptions = {}): Promise<ShrinkResult<R>> {
  const maxTries = opts.maxTries ?? 300
  const jobs = Math.max(1, opts.jobs ?? 1)
  const now = opts.now ?? (() => performance.now())
  const started = now()
  const outOfTime = () => opts.timeLimitMs !== undefined && now() - started >= opts.timeLimitMs
  let current = recipe
  let vector = gen.build(recipe)
  let tries = 0
  let steps = 0
  let stopped: ShrinkResult<R>['stopped'] = 'minimal'
  const seen = new Set<string>([JSON.stringify(recipe)])
  // Results of candidates run ahead of the one taken: if proposed again they are not run again.
  const ahead = new Map<string, boolean>()
  const progress = (running: number) => opts.onProgress?.({ tries, steps, size: gen.size(current), running, elapsedMs: now() - started })

  for (;;) {
    // The candidates of `current`, unseen and buildable, started in order, at most `jobs` at once.
    const candidates = gen.candidates(current)[Symbol.iterator]()
    const running: { key: string; recipe: R; text: string; fails: Promise<boolean> }[] = []
    let exhausted = false
    const startNext = (): void => {
      while (running.length < jobs && !exhausted) {
        if (tries >= maxTries) {
          stopped = 'max-tries'
          return
        }
        if (outOfTime()) {
          stopped = 'time-limit'
          return
        }
        const next = candidates.next()
        if (next.done === true) {
          exhausted = true
          return
        }
        const c = next.value
        const key = JSON.stringify(c)
        if (seen.has(key)) continue
        seen.add(key)
        let text: string
        try {
          text = gen.build(c)
        } catch {
          continue
        }
        const known = ahead.get(key)
        if (known === undefined) tries++
        running.push({ key, recipe: c, text, fails: known === undefined ? fails(text, c) : Promise.resolve(known) })
      }
    }
    startNext()
    let taken: { recipe: R; text: string } | undefined
    while (running.length > 0) {
      const head = running[0] as (typeof running)[number]
      const failed = await head.fails
      running.shift()
      progress(running.length)
      if (failed) {
        taken = head
        break
      }
      startNext()
    }
    // Candidates started after the one taken are finished (a child process is not abandoned); as
    // one at a time would not have reached them, they count as not seen, their results kept.
    const results = await Promise.allSettled(running.map((r) => r.fails))
    results.forEach((r, i) => {
      const key = (running[i] as (typeof running)[number]).key
      seen.delete(key)
      if (r.status === 'fulfilled') ahead.set(key, r.value)
    })
    if (taken === undefined) break
    current = taken.recipe
    vector = taken.text
    steps++
    opts.onStep?.(gen.size(current))
    if (stopped !== 'minimal') break
  }
  return { recipe: current, vector, size: gen.size(current), tries, steps, stopped }
}
