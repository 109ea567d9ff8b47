/**
 * The fuzzer's randomness: a small deterministic generator (mulberry32), seeded per input from
 * (seed, class, index), so input i of a class is the same whatever the count, the jobs or the
 * other classes.
 */
export class Rng {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** The generator of input `index` of `cls` under `seed`. */
  static of(seed: number, cls: string, index: number): Rng {
    let h = 2166136261 ^ (seed >>> 0)
    for (const c of `${cls}/${index}/${Math.floor(seed / 2 ** 32)}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619)
    const r = new Rng(h)
    r.next()
    return r
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor((this.next() / 2 ** 32) * n)
  }

  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1)
  }

  bool(p = 0.5): boolean {
    return this.next() / 2 ** 32 < p
  }

  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('pick from nothing')
    return xs[this.int(xs.length)] as T
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n)
    for (let i = 0; i < n; i++) out[i] = this.next() & 0xff
    return out
  }

  u64(): bigint {
    return (BigInt(this.next()) << 32n) | BigInt(this.next())
  }

  /** A u32 that is often a boundary: 0, 1, a page edge, 2^31, 2^32 − 1. */
  hostileU32(): number {
    return this.pick([0, 1, 7, 255, 1024, 8191, 40968, 65535, 65536, 65537, 0x7fff_ffff, 0x8000_0000, 0xffff_fff0, 0xffff_ffff, this.next(), this.int(70000)])
  }

  /** A u64 that is often a boundary: 0, 2^31, 2^32, i64::MAX, 2^63, u64::MAX. */
  hostileU64(): bigint {
    return this.pick([0n, 1n, 0xffff_ffffn, 0x1_0000_0000n, (1n << 63n) - 1n, 1n << 63n, (1n << 64n) - 1n, BigInt(this.hostileU32()), this.u64()])
  }
}
