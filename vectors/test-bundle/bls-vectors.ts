/**
 * BLS test data from ref-fvm's own syscall test actor, re-entered here as hex (the only exact
 * `verify_bls_aggregate` vectors ref-fvm has): `fvm@v4.8.2:testing/test_actors/actors/
 * fil-syscall-actor/src/actor.rs` `test_bls_signature` L144–194 and `test_bls_aggregate` L196–261.
 * The aggregate verifies for the three keys and the messages bytes 0..9, 10..19, 20..29; a
 * different valid G2 point as the signature, a different valid G1 point as the first key, or the
 * first message replaced by `0b16212c` ([11, 22, 33, 44]) make it invalid.
 */
import { fromHex } from '../../interpreter/util/bytes.js'

/** The single-signature case: key, signature of bytes 0..9. */
export const BLS_SINGLE = {
  message: fromHex('00010203040506070809'),
  publicKey: fromHex('ad9a91bc725565fa81e103cd803da1b9d2129354a00fe972b271738e04dd51d7bc970b57046e17db7d8f7ab0cf7b4292'),
  signature: fromHex('b1d1c0aed5c7e709f7c9fac10efa8afc9b1b424e0ecca563c09a608ab33c3bbf3ab2e5e02bfd2bfec82575f7cb2d6fc305bc0e79283b29309d5859c6b15318d2feb94e9fe6691d25a96df7436fc1111f3311f160e0fe6f65811210f2b13d8f40'),
} as const

/** The aggregate case. */
export const BLS_AGGREGATE = {
  messages: [fromHex('00010203040506070809'), fromHex('0a0b0c0d0e0f10111213'), fromHex('1415161718191a1b1c1d')],
  publicKeys: [
    fromHex('ad9a91bc725565fa81e103cd803da1b9d2129354a00fe972b271738e04dd51d7bc970b57046e17db7d8f7ab0cf7b4292'),
    fromHex('a6bcfdba8c10c12edaa1031c4670c0fdc3b3a7b5c58213d833bc56b35828a1d774bd9d1d1b3d906fc3dd64576bef19bd'),
    fromHex('a7f12d4899acc00a7690df78266a8c300e39680043ae94b1cc8a23c95c6cd03c6de209a902a81b498add4d4a67ba75e1'),
  ],
  signature: fromHex('a427e0d4b8c1b0810a7f6024653f8505df94fd228b6df4e5f2f75354066009a357fcea34693057269a309622a5352a6c076ae15d930b9c6d6ce21b7ed5c794034d66f8ef296cb19f0e3299312f16fa71fcaadf963361b413e2abf6c5325c2fb6'),
} as const

/** A valid G2 point that is not the signature (both tests use it). */
export const BLS_OTHER_G2 = fromHex('9248ef98583b45197718362569dc86832eba62232ea058e1c332872718b20bf12ea6d6c643c83db7336c4573b8967c2015c0ccaefd97316ff63c34935a855a3509094ebb7f1acf2ff0f86d2d6853632d234e12db0d32911a17066720f8bceb6f')
/** A valid G1 point that is none of the keys (both tests use it). */
export const BLS_OTHER_G1 = fromHex('9246913a19eb5ed4299d1bc690b29dbfda551751c60254ab08d4fb3e8f2ef13df816a98a101327b3728443822d600184')
/** The altered first message. */
export const BLS_OTHER_MESSAGE = fromHex('0b16212c')

/**
 * The memory image of a `crypto.verify_bls_aggregate` call (`fvm@v4.8.2:fvm/src/syscalls/crypto.rs`
 * L55–95): at `base`, the 96-byte signature, then the n 48-byte keys, then the n u32 LE message
 * lengths, then the concatenated messages; the argument offsets follow.
 */
export function blsAggregateLayout(base: number, signature: Uint8Array, keys: readonly Uint8Array[], messages: readonly Uint8Array[]): { bytes: Uint8Array; args: [number, number, number, number, number] } {
  const lens = new Uint8Array(4 * messages.length)
  messages.forEach((m, i) => new DataView(lens.buffer).setUint32(4 * i, m.length, true))
  const parts = [signature, ...keys, lens, ...messages]
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    bytes.set(p, at)
    at += p.length
  }
  const sigOff = base
  const keysOff = sigOff + signature.length
  const lensOff = keysOff + 48 * keys.length
  const textsOff = lensOff + lens.length
  // Syscall argument order: num_signers, sig_off, pub_keys_off, plaintexts_off, plaintext_lens_off.
  return { bytes, args: [keys.length, sigOff, keysOff, textsOff, lensOff] }
}
