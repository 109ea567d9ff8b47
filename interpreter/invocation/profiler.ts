/**
 * Where the time goes: an optional profiler the edge of the interpreter reports to. It keeps a
 * stack of categories and attributes wall-clock time exclusively to the innermost one (a send's
 * callee time goes to the callee's categories, not to `send.send`). It also sums the gas charged
 * inside each category. Measuring never changes what is computed.
 */
export interface CategoryStats {
  ms: number
  calls: number
  /** Milligas charged while this category was innermost (syscall bodies only). */
  milligas: bigint
}

export class Profiler {
  readonly stats = new Map<string, CategoryStats>()
  private readonly stack: string[] = []
  private mark = 0

  private stat(cat: string): CategoryStats {
    let s = this.stats.get(cat)
    if (s === undefined) {
      s = { ms: 0, calls: 0, milligas: 0n }
      this.stats.set(cat, s)
    }
    return s
  }

  private settle(now: number): void {
    const top = this.stack[this.stack.length - 1]
    if (top !== undefined) this.stat(top).ms += now - this.mark
    this.mark = now
  }

  enter(cat: string): void {
    this.settle(performance.now())
    this.stack.push(cat)
    this.stat(cat).calls++
  }

  exit(): void {
    this.settle(performance.now())
    this.stack.pop()
  }

  addGas(cat: string, milligas: bigint): void {
    this.stat(cat).milligas += milligas
  }
}
