import type { WhatIfReport } from '../whatif/whatif.js'
export function whatIfHtml(r: WhatIfReport): string {
  return `<!doctype html><title>what-if</title><p>${r.messages}</p>`
}
