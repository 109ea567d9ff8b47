/**
 * Test data of ref-fvm's syscall test actor that the BLS file (vectors/test-bundle/bls-vectors.ts)
 * does not hold, re-entered as hex: the secp256k1 case of `test_secp_signature`
 * (fvm@v4.8.2:testing/test_actors/actors/fil-syscall-actor/src/actor.rs L49–66): a 65-byte
 * signature (r ‖ s ‖ recovery id) of the message 03 01 04 01 05 09 02 06 05 03 by the
 * uncompressed key below.
 */
import { fromHex } from '../util/bytes.js'

export const SYSCALL_VECTORS = {
  secpSignature: fromHex('50d247f8dbe2558e8feba49bef44c117bfd723461922cb0e7486d6035b16c4ac699a8680e4ac0c19fba63300d22d175b0c12e42bcc9de95145032c79a71fa83400'),
  secpPublicKey: fromHex('04df264eeefe793a3f786d6cb3694cd3fcdfe20114dcd44d17bee08a3e671b303c9697e91ed98997d018d475205e2c767d28191f439a6a616e20d13ec2921b1072'),
  secpMessage: fromHex('03010401050902060503'),
} as const
