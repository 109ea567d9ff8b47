/** The genesis command's flags: balances and `--account ADDRESS=BALANCE[:KIND]`. */
import { FILECOIN_PRECISION } from '../../interpreter/types/token.js'
import type { AccountRequest } from './genesis.js'

/** Parses "123" (attoFIL) or "1.5FIL". */
export function parseBalance(text: string): bigint | undefined {
  if (/^(0|[1-9][0-9]*)$/.test(text)) return BigInt(text)
  const m = /^(0|[1-9][0-9]*)(?:\.([0-9]{1,18}))?FIL$/.exec(text)
  if (m === null) return undefined
  return BigInt(m[1] as string) * FILECOIN_PRECISION + BigInt((m[2] ?? '').padEnd(18, '0') || '0')
}

/** Parses one --account value. */
export function parseAccountFlag(text: string): AccountRequest | string {
  const eq = text.lastIndexOf('=')
  if (eq <= 0) return `--account ${text}: expected ADDRESS=BALANCE[:KIND]`
  const address = text.slice(0, eq)
  const [amount = '', kind, ...extra] = text.slice(eq + 1).split(':')
  const balance = parseBalance(amount)
  if (balance === undefined) return `--account ${text}: balance ${JSON.stringify(amount)} is not a whole number of attoFIL (or <n>FIL)`
  if (extra.length > 0 || (kind !== undefined && kind !== 'placeholder' && kind !== 'ethaccount')) return `--account ${text}: kind must be placeholder or ethaccount`
  return kind === undefined ? { address, balance } : { address, balance, kind }
}
