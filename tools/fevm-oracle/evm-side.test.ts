/**
 * The contract corpus on the Ethereum side alone (no bundles needed): every subject deploys at
 * every compilation target, and selected contracts behave as Ethereum (pre-Cancun
 * SELFDESTRUCT, nv-gated opcodes) says they must.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { readCompiled, readIndex } from './corpus.js'
import { TARGETS, targetFor } from './targets.js'
import { EvmSide } from './evm-side.js'
import { DEFAULT_CONTEXT, type Hex, toHex } from './side.js'
import { SequenceRun, contractOf, functionsOf, type Scenario } from './oracle.js'
import { EOAS } from './generators.js'
import { decodeStatic, encodeCall } from './abi.js'
import type { AbiValue } from './abi.js'
import { blockhashOf, defaultTipsetCid } from '../sandbox/tipset.js'

const index = readIndex()

async function deployed(name: string, nv: number): Promise<{ run: SequenceRun; evm: EvmSide; call: (fn: string, args?: AbiValue[], value?: bigint, sender?: number) => ReturnType<EvmSide['call']> }> {
  const subject = index.subjects.find((s) => s.name === name)
  assert.ok(subject, `no subject ${name}`)
  const scenario: Scenario = { nv, subject, compiled: readCompiled(targetFor(nv).name) }
  const evm = await EvmSide.create({ nv, ...DEFAULT_CONTEXT })
  const run = new SequenceRun(scenario, evm, undefined)
  await run.setup()
  const fns = functionsOf(scenario)
  const call = (fn: string, args: AbiValue[] = [], value = 0n, sender = 0): ReturnType<EvmSide['call']> => {
    const f = fns.get(fn)
    assert.ok(f, `no function ${fn}`)
    return evm.call(EOAS[sender] as Hex, run.self, encodeCall(f, args), value)
  }
  return { run, evm, call }
}

const word = (b: Uint8Array, i = 0): bigint => decodeStatic(['uint256'], b.slice(32 * i))[0] as bigint

test('every subject deploys on ethereumjs at every compilation target', async () => {
  let n = 0
  for (const t of TARGETS) {
    for (const s of index.subjects) {
      if (s.minNv > (TARGETS[TARGETS.indexOf(t) + 1]?.minNv ?? Infinity) - 1) continue
      const { run } = await deployed(s.name, Math.max(t.minNv, s.minNv))
      assert.match(run.self, /^0x[0-9a-f]{40}$/)
      n++
    }
  }
  assert.ok(n >= 3 * 50, `only ${n} deployments`)
})

test('the subject list has at least 50 contracts and every one is compiled', () => {
  assert.ok(index.subjects.length >= 50)
  for (const s of index.subjects) {
    const c = contractOf(readCompiled(targetFor(Math.max(28, s.minNv)).name), s.name)
    assert.ok(c.bytecode.length > 0)
  }
})

test('Counter: return value, storage slots written, LOG2 with the event signature topic', async () => {
  const { call, evm, run } = await deployed('Counter', 18)
  const r = await call('inc()')
  assert.equal(r.success, true)
  assert.equal(word(r.returnData), 1n)
  assert.equal(r.logs.length, 1)
  const topic0 = toHex(keccak_256(new TextEncoder().encode('Incremented(address,uint256)')))
  assert.deepEqual(r.logs[0]?.topics, [topic0, `0x${(EOAS[0] as string).slice(2).padStart(64, '0')}`])
  assert.equal(await evm.storage(run.self, 0n), 1n)
  assert.ok(r.trace.written.get(run.self)?.has(0n), 'SSTORE to slot 0 recorded')
  const under = await call('dec()')
  assert.equal((await call('dec()')).success, false, 'below zero panics')
  assert.equal(under.success, true)
})

test('CheckedMath: overflow reverts with Panic(0x11), division by zero with Panic(0x12)', async () => {
  const { call } = await deployed('CheckedMath', 18)
  const over = await call('add(uint256,uint256)', [2n ** 256n - 1n, 1n])
  assert.equal(over.success, false)
  assert.equal(toHex(over.returnData), `0x4e487b71${'11'.padStart(64, '0')}`)
  const div = await call('div(uint256,uint256)', [1n, 0n])
  assert.equal(toHex(div.returnData), `0x4e487b71${'12'.padStart(64, '0')}`)
})

test('Factory and Create2Factory: created addresses match the CREATE and CREATE2 formulas', async () => {
  const f = await deployed('Factory', 18)
  assert.equal(decodeStatic(['bool'], (await f.call('makeAndCheck()')).returnData)[0], true)
  const c2 = await deployed('Create2Factory', 18)
  const salt = new Uint8Array(32).fill(7)
  assert.equal(decodeStatic(['bool'], (await c2.call('deployAndCheck(bytes32)', [salt])).returnData)[0], true)
  const again = await c2.call('tryDeploy(bytes32)', [salt])
  assert.equal(decodeStatic(['bool'], again.returnData)[0], false, 'same salt collides')
})

test('SelfDestruct: pre-Cancun semantics at nv25 (code gone after the message, balance moved)', async () => {
  const { call, evm } = await deployed('SelfDestruct', 25)
  const spawn = await call('spawn(uint32)', [500n])
  const doomed = decodeStatic(['address'], spawn.returnData)[0] as Hex
  assert.equal(await evm.balance(doomed), 500n)
  const d = await call('destroyTo(address)', [EOAS[2] as Hex])
  assert.equal(d.success, true)
  assert.equal(word(d.returnData, 0) > 0n, true, 'code still there within the message')
  assert.equal((await evm.code(doomed)).length, 0, 'code gone after the message (not EIP-6780)')
  assert.equal(await evm.balance(EOAS[2] as Hex) - 10n ** 24n, 500n)
})

test('TransientStorage (nv25): values live for one message only', async () => {
  const { call } = await deployed('TransientStorage', 25)
  const a = await call('bump(uint8)', [3n])
  assert.equal(word(a.returnData), 3n)
  assert.equal(word((await call('readFresh()')).returnData), 0n)
  assert.equal(word((await call('revertedWrite(uint256)', [9n])).returnData), 1n, 'reverted TSTORE undone')
})

test('MCopy (nv24) and Clz (nv28) run; CLZ(1) = 255, CLZ(0) = 256', async () => {
  const m = await deployed('MCopy', 24)
  const r = await m.call('expand(uint16)', [100n])
  assert.equal(r.success, true)
  const c = await deployed('Clz', 28)
  assert.equal(word((await c.call('clz(uint256)', [1n])).returnData), 255n)
  assert.equal(word((await c.call('clz(uint256)', [0n])).returnData), 256n)
})

test('Reentrancy: the vulnerable bank is drained, the guarded one reverts the whole attack', async () => {
  const { call, evm, run } = await deployed('Reentrancy', 18)
  await call('fundBank()', [], 3000n)
  const bank = decodeStatic(['address'], (await call('bank()')).returnData)[0] as Hex
  const guarded = await call('attack(uint64,uint8,bool)', [1000n, 2n, true], 1000n)
  assert.equal(guarded.success, false)
  const attack = await call('attack(uint64,uint8,bool)', [1000n, 2n, false], 1000n)
  assert.equal(attack.success, true)
  assert.equal(await evm.balance(bank), 1000n, '3000 + 1000 deposited, 3000 withdrawn')
  assert.equal(await evm.balance(run.self), 3000n)
  assert.ok(attack.logs.length >= 3, 'receive() ran for every re-entry')
})

test('BlockContext: chain id 314, FEVM block gas limit, zero coinbase, the configured epoch', async () => {
  const { call } = await deployed('BlockContext', 18)
  assert.equal(word((await call('chainid()')).returnData), 314n)
  assert.equal(word((await call('gaslimit()')).returnData), 10_000_000_000n)
  assert.equal(word((await call('coinbase()')).returnData), 0n)
  assert.equal(word((await call('number()')).returnData), DEFAULT_CONTEXT.epoch)
  assert.equal(word((await call('gasprice()')).returnData), DEFAULT_CONTEXT.baseFee)
  // BLOCKHASH: the sandbox's tipset CID digests in the last 256 blocks (sandbox.tipset-cids), 0 outside.
  for (const back of [1n, 256n]) {
    assert.equal(toHex((await call('blockhashOf(uint256)', [back])).returnData), toHex(blockhashOf(defaultTipsetCid(DEFAULT_CONTEXT.epoch - back))))
  }
  assert.equal(word((await call('blockhashOf(uint256)', [0n])).returnData), 0n)
  assert.equal(word((await call('blockhashOf(uint256)', [257n])).returnData), 0n)
})

test('Opcodes gated by network version are refused where the EVM actor lacks them', async () => {
  // The cancun build of MCopy uses MCOPY: ethereumjs configured for nv23 has no MCOPY either.
  const subject = index.subjects.find((s) => s.name === 'MCopy')
  assert.ok(subject)
  const scenario: Scenario = { nv: 23, subject, compiled: readCompiled('cancun') }
  const evm = await EvmSide.create({ nv: 23, ...DEFAULT_CONTEXT })
  const run = new SequenceRun(scenario, evm, undefined)
  await run.setup()
  const f = functionsOf(scenario).get('expand(uint16)')
  assert.ok(f)
  const r = await evm.call(EOAS[0] as Hex, run.self, encodeCall(f, [1n]), 0n)
  assert.equal(r.success, false)
})
