/**
 * Vectors this interpreter does not run, as data: each entry says which vectors and why.
 * Mirrors ref-fvm's conformance runner (testing/conformance/src/driver.rs, SKIP_TESTS, and the
 * selector checks in vector.rs).
 *
 * @rule runner.known-skips
 */
export interface KnownSkip {
  /** Matched against the vector's path. */
  readonly path?: RegExp
  /** Only at this network version. */
  readonly nv?: number
  /** Matched against the selector: key → value. */
  readonly selector?: readonly [string, string]
  readonly reason: string
}

export const KNOWN_SKIPS: readonly KnownSkip[] = [
  {
    path: /\/DisputeWindowedPoSt\/Ok\//,
    nv: 18,
    reason: 'skipped as ref-fvm skips it: proofs are faked valid, so an invalid PoSt looks valid',
  },
  { selector: ['chaos_actor', 'true'], reason: 'needs the chaos actor, which this interpreter does not provide' },
  { selector: ['requires:consensus_fault_extern', 'true'], reason: 'needs a consensus-fault extern' },
]

export function knownSkip(file: string, nv: number, selector: Readonly<Record<string, string>>): string | undefined {
  const path = file.split('\\').join('/')
  for (const s of KNOWN_SKIPS) {
    if (s.path !== undefined && !s.path.test(path)) continue
    if (s.nv !== undefined && s.nv !== nv) continue
    if (s.selector !== undefined && selector[s.selector[0]] !== s.selector[1]) continue
    return s.reason
  }
  return undefined
}
