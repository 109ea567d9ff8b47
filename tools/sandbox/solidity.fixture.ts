/**
 * The Filecoin-only Solidity contracts (vectors/fevm/filecoin, compiled by `npm run fevm:compile`)
 * deployed and called through a sandbox by function signature, for the FEVM tests.
 */
import assert from 'node:assert/strict'
import { decodeResult, encodeCall, type AbiValue } from '../fevm-oracle/abi.js'
import type { AbiEntry } from '../fevm-oracle/corpus.js'
import { readFilecoinCompiled } from '../fevm-oracle/corpus.js'
import type { AddressLike, CallOptions, Created, Sandbox, SandboxReceipt } from './sandbox.js'

export interface Called {
  readonly receipt: SandboxReceipt
  /** The EVM's return (or revert) data. */
  readonly returnData: Uint8Array
  /** The decoded outputs (empty unless the call succeeded). */
  readonly out: AbiValue[]
}

export interface Deployed {
  readonly created: Created
  readonly eth: string
  call(from: AddressLike, fn: string, args?: readonly AbiValue[], opts?: CallOptions): Called
  calldata(fn: string, args?: readonly AbiValue[]): Uint8Array
}

function functionOf(abi: readonly AbiEntry[], sig: string): AbiEntry {
  const f = abi.find((e) => e.type === 'function' && `${e.name}(${(e.inputs ?? []).map((i) => i.type).join(',')})` === sig)
  assert.ok(f, `no function ${sig}`)
  return f
}

/** Deploys `name` (with `value`) from `from`; fails the test when it does not deploy. */
export function deployFilecoin(sb: Sandbox, from: AddressLike, name: string, opts: CallOptions = {}): Deployed {
  const c = readFilecoinCompiled().contracts[name]
  assert.ok(c, `${name} is not compiled (npm run fevm:compile)`)
  const d = sb.deploy(from, Uint8Array.from(Buffer.from(c.bytecode, 'hex')), opts)
  assert.equal(d.receipt.exitCode, 0, `${name} failed to deploy: ${d.receipt.failureInfo ?? ''}`)
  assert.ok(d.created)
  const created = d.created
  const calldata = (fn: string, args: readonly AbiValue[] = []) => encodeCall(functionOf(c.abi, fn), args)
  return {
    created,
    eth: created.eth,
    calldata,
    call(caller, fn, args = [], callOpts = {}) {
      const r = sb.call(caller, created.eth, calldata(fn, args), callOpts)
      const outputs = (functionOf(c.abi, fn).outputs ?? []).map((o) => o.type)
      return { ...r, out: r.receipt.exitCode === 0 ? decodeResult(outputs, r.returnData) : [] }
    },
  }
}
