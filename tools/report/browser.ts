/**
 * A headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
 * requests on fd 3, responses on fd 4, each a JSON text ended by a NUL byte), for testing the
 * report pages in a real browser. No dependency: Chromium comes from the OS
 * (`apt-get install -y chromium`) or `$FVM_SPEC_CHROMIUM`. Tests skip when none is found.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable, Writable } from 'node:stream'

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']

/** The Chromium to use, or undefined when none is installed. */
export function findChromium(): string | undefined {
  const env = process.env['FVM_SPEC_CHROMIUM']
  if (env !== undefined && env !== '') return existsSync(env) ? env : undefined
  return CANDIDATES.find((p) => existsSync(p))
}

export const NO_BROWSER = 'no Chromium found (install one: apt-get install -y chromium, or set FVM_SPEC_CHROMIUM to its path)'

interface Pending {
  resolve: (v: Record<string, unknown>) => void
  reject: (e: Error) => void
}

export interface Page {
  /** Loads `url` and waits for its load event. */
  goto(url: string): Promise<void>
  /** Evaluates an expression in the page; returns its value (JSON-serialisable). */
  evaluate<T>(expression: string): Promise<T>
  /** A PNG of the whole page (up to 16 000 px high) at the given viewport width. */
  screenshot(width?: number): Promise<Buffer>
  /** URLs the page requested, in order (the page itself included). */
  readonly requests: readonly string[]
  /** Console errors and uncaught exceptions. */
  readonly errors: readonly string[]
}

export class Browser {
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private readonly listeners: ((msg: Record<string, unknown>) => void)[] = []
  private buffer = ''

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    const input = child.stdio[4] as Readable
    input.setEncoding('utf8')
    input.on('data', (chunk: string) => {
      this.buffer += chunk
      let end: number
      while ((end = this.buffer.indexOf('\0')) >= 0) {
        const msg = JSON.parse(this.buffer.slice(0, end)) as Record<string, unknown>
        this.buffer = this.buffer.slice(end + 1)
        this.dispatch(msg)
      }
    })
    child.on('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error('the browser exited'))
      this.pending.clear()
    })
  }

  /** Starts a headless Chromium with a fresh profile and no network services. */
  static launch(executable: string): Browser {
    const profile = mkdtempSync(join(tmpdir(), 'fvm-spec-chromium-'))
    const child = spawn(
      executable,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage',
        `--user-data-dir=${profile}`,
        '--remote-debugging-pipe',
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    )
    return new Browser(child, profile)
  }

  private dispatch(msg: Record<string, unknown>): void {
    const id = msg['id']
    if (typeof id === 'number') {
      const p = this.pending.get(id)
      this.pending.delete(id)
      const error = msg['error'] as { message?: string } | undefined
      if (error !== undefined) p?.reject(new Error(`DevTools: ${error.message ?? JSON.stringify(error)}`))
      else p?.resolve((msg['result'] ?? {}) as Record<string, unknown>)
      return
    }
    for (const l of this.listeners) l(msg)
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++
    const out = this.child.stdio[3] as Writable
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      out.write(JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) }) + '\0')
    })
  }

  private waitFor(method: string, sessionId: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${method}`)), timeoutMs)
      const l = (msg: Record<string, unknown>) => {
        if (msg['method'] === method && msg['sessionId'] === sessionId) {
          clearTimeout(timer)
          this.listeners.splice(this.listeners.indexOf(l), 1)
          resolve()
        }
      }
      this.listeners.push(l)
    })
  }

  /** A new tab. */
  async newPage(): Promise<Page> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string }
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string }
    const requests: string[] = []
    const errors: string[] = []
    this.listeners.push((msg) => {
      if (msg['sessionId'] !== sessionId) return
      const params = (msg['params'] ?? {}) as Record<string, unknown>
      if (msg['method'] === 'Network.requestWillBeSent') requests.push(String((params['request'] as { url?: string } | undefined)?.url))
      if (msg['method'] === 'Runtime.exceptionThrown') errors.push(JSON.stringify(params['exceptionDetails']))
      if (msg['method'] === 'Runtime.consoleAPICalled' && params['type'] === 'error') errors.push(JSON.stringify(params['args']))
    })
    for (const domain of ['Page', 'Runtime', 'Network']) await this.send(`${domain}.enable`, {}, sessionId)
    return {
      requests,
      errors,
      goto: async (url) => {
        const loaded = this.waitFor('Page.loadEventFired', sessionId, 30_000)
        await this.send('Page.navigate', { url }, sessionId)
        await loaded
      },
      evaluate: async <T>(expression: string): Promise<T> => {
        const r = (await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, sessionId)) as { result: { value?: unknown }; exceptionDetails?: unknown }
        if (r.exceptionDetails !== undefined) throw new Error(`page: ${JSON.stringify(r.exceptionDetails)}`)
        return r.result.value as T
      },
      screenshot: async (width = 1200) => {
        await this.send('Emulation.setDeviceMetricsOverride', { width, height: 900, deviceScaleFactor: 1, mobile: false }, sessionId)
        const metrics = (await this.send('Page.getLayoutMetrics', {}, sessionId)) as { cssContentSize?: { height: number } }
        const height = Math.min(Math.ceil(metrics.cssContentSize?.height ?? 900), 16_000)
        const clip = { x: 0, y: 0, width, height, scale: 1 }
        const { data } = (await this.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true, clip }, sessionId)) as { data: string }
        return Buffer.from(data, 'base64')
      },
    }
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => (this.child.exitCode !== null ? resolve() : this.child.once('exit', () => resolve())))
    try {
      await Promise.race([this.send('Browser.close'), new Promise((r) => setTimeout(r, 2000))])
    } catch {
      // The browser may exit before it answers.
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
    rmSync(this.profile, { recursive: true, force: true })
  }
}
