import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { CHARGE_NAMES, checkChargeName } from './charge-names.js'

const INTERPRETER = join(dirname(fileURLToPath(import.meta.url)), '..')

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n)
    return statSync(p).isDirectory() ? sources(p) : n.endsWith('.ts') && !n.endsWith('.test.ts') ? [p] : []
  })
}

/** Zero placeholders that are not charges: an implicit message's inclusion "charge" (preflight.ts). */
const PLACEHOLDERS = new Set(['none'])

/** Every literal name given to a charge in interpreter/: `gasCharge('Name'` and `placed('Name'`. */
function chargeNamesInCode(): Set<string> {
  const names = new Set<string>()
  for (const file of sources(INTERPRETER)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\b(?:gasCharge|placed)\(\s*'([A-Za-z0-9_]+)'/g)) names.add(m[1] as string)
  }
  return names
}

test('every charge name made in interpreter/ is in the registry, and every registered name is made somewhere', () => {
  const made = chargeNamesInCode()
  assert.ok(made.size >= 30, `found only ${made.size} charge names in the code`)
  for (const name of [...made].filter((n) => !PLACEHOLDERS.has(n))) assert.ok(Object.hasOwn(CHARGE_NAMES, name), `charge ${name} is made in interpreter/ but missing from CHARGE_NAMES`)
  for (const name of Object.keys(CHARGE_NAMES)) assert.ok(made.has(name), `CHARGE_NAMES lists ${name}, which no charge function makes`)
})

test('an unknown charge name is refused with the known names', () => {
  assert.equal(checkChargeName('OnChainMessage'), undefined)
  const problem = checkChargeName('NoSuchCharge') ?? ''
  assert.match(problem, /unknown charge name 'NoSuchCharge'/)
  assert.match(problem, /OnBlockOpenPerByte, OnBlockRead/)
  assert.equal(checkChargeName('toString') === undefined, false, 'inherited object keys are not charge names')
})
