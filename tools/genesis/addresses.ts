/**
 * Addresses as people type them: `f0…`/`f1…`/`f2…`/`f3…`/`f4…` (or `t…`), and Ethereum `0x` + 40
 * hex digits, which is the f410 address with that subaddress (FIP-0055: namespace 10, the EAM).
 */
import { AddressError, addressFromString, addressToString, delegatedAddress, idAddress, Protocol, type Address } from '../../interpreter/types/address.js'
import { EAM_ACTOR_ID } from '../../interpreter/types/chain.js'
import { fromHex, toHex } from '../../interpreter/util/bytes.js'

export type EthAddressText = `0x${string}`

export class AddressInputError extends Error {
  override name = 'AddressInputError'
}

const ETH = /^0x[0-9a-fA-F]{40}$/

/**
 * Parses an f/t address or a 0x Ethereum address; throws AddressInputError with the reason. A 0x
 * address that is a masked ID (0xff, eleven zero bytes, an 8-byte ID) is that ID address, as
 * Lotus's `EthAddress.ToFilecoinAddress` reads it; any other 0x address is its f410 address.
 */
export function parseAddressInput(text: string): Address {
  if (ETH.test(text)) {
    const bytes = fromHex(text.slice(2))
    if (bytes[0] === 0xff && bytes.subarray(1, 12).every((b) => b === 0)) return idAddress(BigInt('0x' + toHex(bytes.subarray(12))))
    return delegatedAddress(EAM_ACTOR_ID, bytes)
  }
  if (text.startsWith('0x') || text.startsWith('0X')) throw new AddressInputError(`not an address: ${JSON.stringify(text)} (an Ethereum address is 0x and 40 hex digits)`)
  try {
    return addressFromString(text)
  } catch (e) {
    const why = e instanceof AddressError ? e.message : String(e)
    throw new AddressInputError(`not an address: ${JSON.stringify(text)} (${why})`)
  }
}

/** True for an f410 address: a delegated address in the EAM's namespace with a 20-byte subaddress. */
export function isEthAddress(a: Address): a is Extract<Address, { protocol: 4 }> {
  return a.protocol === Protocol.DELEGATED && a.namespace === EAM_ACTOR_ID && a.subaddress.length === 20
}

/**
 * The Ethereum form of an actor: its f410 subaddress, or else the "masked ID" address
 * 0xff, eleven zero bytes, then the ID as 8 big-endian bytes (builtin-actors
 * `EthAddress::from_id`, what the EVM sees as CALLER for a native account).
 */
export function ethAddressOf(id: bigint, delegated: Address | null): EthAddressText {
  if (delegated !== null && isEthAddress(delegated)) return `0x${toHex(delegated.subaddress)}`
  return `0xff0000000000000000000000${id.toString(16).padStart(16, '0')}`
}

/** True for a masked-ID Ethereum address (0xff followed by eleven zero bytes). */
export function isMaskedIdEthAddress(a: Address): boolean {
  return isEthAddress(a) && a.subaddress[0] === 0xff && a.subaddress.subarray(1, 12).every((b) => b === 0)
}

export function formatAddress(a: Address): string {
  return addressToString(a)
}
