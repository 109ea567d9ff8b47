/**
 * The Ethereum side of the oracle: @ethereumjs/evm (an independent EVM) configured to match
 * what the FEVM documents (docs/fevm-oracle.md): pre-Cancun SELFDESTRUCT at every version,
 * MCOPY/TLOAD/TSTORE/CLZ and the BLS12-381 and P256 precompiles only where the EVM actor has
 * them, chain id 314, FEVM's block gas limit, and gas so large that it never runs out.
 *
 * Each top-level message is run like a transaction: the sender's nonce goes up, and at its end
 * self-destructed accounts are deleted, touched empty accounts removed and transient storage
 * cleared. A trace of every message frame and of the storage slots written is kept so that the
 * comparison can read the same slots on the FVM side and match exclusions narrowly.
 */
import { createEVM, type EVM, type EVMMockBlockchainInterface } from '@ethereumjs/evm'
import { blockhashOf, defaultTipsetCid } from '../sandbox/tipset.js'
import { createCustomCommon, Hardfork, Mainnet } from '@ethereumjs/common'
import { Address, createAccount, setLengthLeft } from '@ethereumjs/util'
import { featuresAt } from './targets.js'
import { type ChainContext, type Hex, type Log, type Outcome, type Side, bigToWord, fromHex, toHex } from './side.js'

/** Gas handed to every top-level message: effectively unlimited (FEVM gas is not compared). */
export const EVM_GAS = 2n ** 56n
/** FEVM's GASLIMIT opcode value (builtin-actors `instructions/context.rs` BLOCK_GAS_LIMIT). */
export const FEVM_BLOCK_GAS_LIMIT = 10_000_000_000n

/** One message frame of the EVM-side trace. */
export interface Frame {
  readonly depth: number
  readonly kind: 'call' | 'create'
  readonly to?: Hex
  readonly caller: Hex
  readonly value: bigint
  readonly gasLimit: bigint
  readonly isStatic: boolean
  readonly delegate: boolean
  readonly precompile: boolean
  /** Error of the frame (e.g. 'out of gas', 'revert'), undefined on success. */
  error?: string
  created?: Hex
}

export interface EvmTrace {
  readonly frames: Frame[]
  /** Storage owner → slots written by SSTORE (also in frames that later reverted). */
  readonly written: Map<Hex, Set<bigint>>
  /** Opcode names executed, with the contract that executed them. */
  readonly opcodes: Map<string, Set<Hex>>
  /** Operands (addresses) of EXTCODESIZE/EXTCODEHASH/EXTCODECOPY/BALANCE/SELFDESTRUCT. */
  readonly extOperands: Map<string, Set<Hex>>
  /** Accounts that executed SELFDESTRUCT in a frame that did not revert. */
  readonly selfdestructed: Set<Hex>
}

const ADDRESS_OPERAND_OPS = new Set(['EXTCODESIZE', 'EXTCODEHASH', 'EXTCODECOPY', 'BALANCE', 'SELFDESTRUCT'])

/**
 * Opcodes whose execution the trace records: SSTORE (slots to compare), the address-operand
 * opcodes, and the context opcodes that exclusions key on.
 */
const WATCHED_OPCODES = [0x55, 0x3b, 0x3c, 0x3f, 0x31, 0xff, 0x40, 0x44, 0x5a, 0x45, 0x41, 0x46, 0x5c, 0x5d, 0x5e, 0x1e]

export interface EvmOutcome extends Outcome {
  readonly trace: EvmTrace
}

function addrHex(a: Address): Hex {
  return a.toString().toLowerCase() as Hex
}

function eipsAt(nv: number): number[] {
  const f = featuresAt(nv)
  const eips: number[] = []
  if (f.mcopy) eips.push(5656)
  if (f.transient) eips.push(1153)
  if (f.bls12) eips.push(2537)
  if (f.clz) eips.push(7939)
  if (f.p256) eips.push(7951)
  return eips
}

export class EvmSide implements Side {
  readonly name = 'ethereumjs'
  private trace: EvmTrace = newTrace()
  private readonly frameStack: Frame[] = []
  /** Storage slots ever written, per account, across all messages (what the comparison reads). */
  readonly allWritten = new Map<Hex, Set<bigint>>()
  readonly everSelfdestructed = new Set<Hex>()
  /** Accounts that executed SELFDESTRUCT naming themselves as beneficiary (pre-Cancun Ethereum burns their balance). */
  readonly everSelfBeneficiary = new Set<Hex>()

  private constructor(
    readonly evm: EVM,
    readonly ctx: ChainContext,
  ) {
    const ev = evm.events
    if (ev === undefined) throw new Error('@ethereumjs/evm without events')
    ev.on('beforeMessage', (m) => {
      const f: Frame = {
        depth: m.depth,
        kind: m.to === undefined ? 'create' : 'call',
        ...(m.to !== undefined ? { to: addrHex(m.to) } : {}),
        caller: addrHex(m.caller),
        value: m.value,
        gasLimit: m.gasLimit,
        isStatic: m.isStatic,
        delegate: m.delegatecall,
        precompile: m.isCompiled,
      }
      this.trace.frames.push(f)
      this.frameStack.push(f)
    })
    ev.on('afterMessage', (r) => {
      const f = this.frameStack.pop()
      if (f === undefined) return
      const err = r.execResult.exceptionError
      if (err !== undefined) f.error = err.error
      if (r.createdAddress !== undefined && err === undefined) f.created = addrHex(r.createdAddress)
    })
    this.watchOpcodes()
  }

  /**
   * Observe selected opcodes by wrapping their handlers in this EVM instance's opcode map (the
   * `step` event would copy the whole memory at every instruction). The handler runs with its
   * operands still on the stack.
   */
  private watchOpcodes(): void {
    interface RunState {
      stack: { peek(n: number): bigint[] }
      interpreter: { getAddress(): Address }
    }
    interface OpEntry {
      opcodeInfo: { name: string }
      opHandler: (rs: RunState, common: unknown) => unknown
    }
    const map = (this.evm as unknown as { _opcodeMap: (OpEntry | undefined)[] })._opcodeMap
    for (const code of WATCHED_OPCODES) {
      const entry = map[code]
      if (entry === undefined) continue
      const name = entry.opcodeInfo.name
      const orig = entry.opHandler
      map[code] = {
        ...entry,
        opHandler: (rs, common) => {
          const self = addrHex(rs.interpreter.getAddress())
          let set = this.trace.opcodes.get(name)
          if (set === undefined) this.trace.opcodes.set(name, (set = new Set()))
          set.add(self)
          if (ADDRESS_OPERAND_OPS.has(name)) {
            const top = rs.stack.peek(1)[0] as bigint
            const a = `0x${BigInt.asUintN(160, top).toString(16).padStart(40, '0')}` as Hex
            let ops = this.trace.extOperands.get(name)
            if (ops === undefined) this.trace.extOperands.set(name, (ops = new Set()))
            ops.add(a)
          }
          if (name === 'SSTORE') {
            const slot = rs.stack.peek(1)[0] as bigint
            for (const m of [this.trace.written, this.allWritten]) {
              let w = m.get(self)
              if (w === undefined) m.set(self, (w = new Set()))
              w.add(slot)
            }
          }
          return orig(rs, common)
        },
      }
    }
  }

  static async create(ctx: ChainContext): Promise<EvmSide> {
    const common = createCustomCommon({ chainId: Number(ctx.chainId) }, Mainnet, { hardfork: Hardfork.Shanghai, eips: eipsAt(ctx.nv) })
    const evm = await createEVM({ common, blockchain: SANDBOX_CHAIN })
    return new EvmSide(evm, ctx)
  }

  private block() {
    return {
      header: {
        number: this.ctx.epoch,
        coinbase: new Address(new Uint8Array(20)),
        timestamp: this.ctx.timestamp,
        difficulty: 0n,
        prevRandao: new Uint8Array(32),
        gasLimit: FEVM_BLOCK_GAS_LIMIT,
        baseFeePerGas: this.ctx.baseFee,
        getBlobGasPrice: () => undefined,
      },
    }
  }

  async fund(addr: Hex, amount: bigint): Promise<void> {
    const a = new Address(fromHex(addr))
    const acc = (await this.evm.stateManager.getAccount(a)) ?? createAccount({})
    acc.balance += amount
    await this.evm.stateManager.putAccount(a, acc)
  }

  deploy(from: Hex, initCode: Uint8Array, value: bigint): Promise<EvmOutcome> {
    return this.run(from, undefined, initCode, value)
  }

  call(from: Hex, to: Hex, data: Uint8Array, value: bigint): Promise<EvmOutcome> {
    return this.run(from, to, data, value)
  }

  private async run(from: Hex, to: Hex | undefined, data: Uint8Array, value: bigint): Promise<EvmOutcome> {
    this.trace = newTrace()
    this.frameStack.length = 0
    const caller = new Address(fromHex(from))
    // The interpreter records SELFDESTRUCTs of successful frames into this map.
    const selfdestruct = new Map<Hex, Hex>()
    const r = await this.evm.runCall({
      selfdestruct,
      caller,
      origin: caller,
      ...(to !== undefined ? { to: new Address(fromHex(to)) } : {}),
      data,
      value,
      gasLimit: EVM_GAS,
      gasPrice: this.ctx.baseFee,
      block: this.block(),
    })
    // End of the "transaction": pre-Cancun SELFDESTRUCT deletes the accounts now.
    if (r.execResult.exceptionError === undefined) {
      for (const [k, beneficiary] of selfdestruct) {
        const a = new Address(fromHex(k))
        this.trace.selfdestructed.add(addrHex(a))
        this.everSelfdestructed.add(addrHex(a))
        if (addrHex(new Address(fromHex(beneficiary))) === addrHex(a)) this.everSelfBeneficiary.add(addrHex(a))
        // The default (simple) state manager's deleteAccount keeps code and storage.
        await this.evm.stateManager.clearStorage(a)
        await this.evm.stateManager.putCode(a, new Uint8Array(0))
        await this.evm.stateManager.deleteAccount(a)
      }
    }
    await this.evm.journal.cleanup()
    if (this.evm.common.isActivatedEIP(1153)) this.evm.transientStorage.clear()
    const err = r.execResult.exceptionError
    const success = err === undefined
    const logs: Log[] = (r.execResult.logs ?? []).map(([address, topics, logData]) => ({
      address: toHex(address) as Hex,
      topics: topics.map((t) => toHex(setLengthLeft(t, 32))),
      data: logData,
    }))
    // A deployment's "return data" is the new code on Ethereum; the FEVM returns the EAM's
    // result. Both are compared elsewhere (created address, code), so it is empty here.
    const returnData = to === undefined && success ? new Uint8Array(0) : success || err.error === 'revert' ? r.execResult.returnValue : new Uint8Array(0)
    return {
      success,
      returnData,
      logs: success ? logs : [],
      ...(to === undefined && success && r.createdAddress !== undefined ? { created: addrHex(r.createdAddress) } : {}),
      trace: this.trace,
    }
  }

  async storage(addr: Hex, slot: bigint): Promise<bigint> {
    const v = await this.evm.stateManager.getStorage(new Address(fromHex(addr)), fromHex(bigToWord(slot)))
    return v.length === 0 ? 0n : BigInt(toHex(v))
  }

  async balance(addr: Hex): Promise<bigint> {
    const acc = await this.evm.stateManager.getAccount(new Address(fromHex(addr)))
    return acc?.balance ?? 0n
  }

  async code(addr: Hex): Promise<Uint8Array> {
    return this.evm.stateManager.getCode(new Address(fromHex(addr)))
  }

  async nonce(addr: Hex): Promise<bigint> {
    const acc = await this.evm.stateManager.getAccount(new Address(fromHex(addr)))
    return acc?.nonce ?? 0n
  }
}

/**
 * The chain behind BLOCKHASH: block n's hash is what the sandbox's BLOCKHASH gives for epoch n,
 * the digest of its default tipset CID (tools/sandbox/tipset.ts, spec/sandbox.md
 * `sandbox.tipset-cids`). ethereumjs asks only for the 256 blocks before the current one (its
 * BLOCKHASH answers 0 outside them), the same window as the EVM actor's.
 */
const SANDBOX_CHAIN: EVMMockBlockchainInterface = {
  getBlock: (n: number) => Promise.resolve({ hash: () => blockhashOf(defaultTipsetCid(BigInt(n))) }),
  putBlock: () => Promise.resolve(),
  shallowCopy: () => SANDBOX_CHAIN,
}

function newTrace(): EvmTrace {
  return { frames: [], written: new Map(), opcodes: new Map(), extOperands: new Map(), selfdestructed: new Set() }
}
