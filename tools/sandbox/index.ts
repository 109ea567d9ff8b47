/**
 * `fvm-spec/sandbox`: the sandbox API (docs/sandbox.md) and the pieces it is made of.
 */
export { Sandbox, SandboxError } from './sandbox.js'
export type { AddressLike, CallOptions, Created, FundedAccount, MessageInput, SandboxEvent, SandboxOptions, SandboxReceipt, Snapshot } from './sandbox.js'
export { EAM_METHOD, EVM_METHOD, EVM_CONTRACT_REVERTED, frc42MethodNumber, decodeEamReturn, decodeCborBytes, decodeEvmState, evmStorageGet, u256Bytes, u256FromBytes } from './evm.js'
export type { EvmState, EamReturn } from './evm.js'
export { assemble, initcodeFor } from './evm-asm.js'
export type { AsmItem } from './evm-asm.js'
export { kamtGet, kamtEntries } from './kamt.js'
export { blockhashOf, defaultTipsetCid, SANDBOX_TIPSET_TAG } from './tipset.js'
export { buildGenesis } from '../genesis/genesis.js'
export type { AccountRequest, Genesis } from '../genesis/genesis.js'
export { genesisDocument, parseGenesisDocument } from '../genesis/document.js'
export { parseAddressInput, ethAddressOf } from '../genesis/addresses.js'
