/**
 * The registry of charge names: every name a charge function of this interpreter gives a
 * `GasCharge` (the names ref-fvm uses, which appear verbatim in traces), with the `gas.*`
 * rule of the function that makes it. Tools validate charge names against it (`--inject-fault
 * double-charge=NAME`, what-if reports); `charge-names.test.ts` fails when a charge function in
 * interpreter/ makes a name that is not here, or a name here is made by no code.
 *
 * Names an actor chooses itself (the `gas.charge` syscall) are not in it.
 *
 * @rule gas.charge-names
 */
export const CHARGE_NAMES: Readonly<Record<string, string>> = {
  OnChainMessage: 'gas.on-chain-message',
  OnChainReturnValue: 'gas.on-chain-return-value',
  OnMethodInvocation: 'gas.method-invocation',
  OnValueTransfer: 'gas.value-transfer',
  OnSyscall: 'gas.syscall',
  OnCreateActor: 'gas.create-actor',
  OnActorCreate: 'gas.create-actor',
  OnDeleteActor: 'gas.delete-actor',
  OnActorLookup: 'gas.state-access',
  OnActorUpdate: 'gas.state-access',
  OnResolveAddress: 'gas.accessors',
  OnLookupAddress: 'gas.accessors',
  OnGetActorCodeCid: 'gas.accessors',
  OnSelfBalance: 'gas.accessors',
  OnBalanceOf: 'gas.accessors',
  OnGetBuiltinActorType: 'gas.accessors',
  OnGetCodeCidForType: 'gas.accessors',
  OnNetworkContext: 'gas.accessors',
  OnMessageContext: 'gas.accessors',
  OnInstallActor: 'gas.accessors',
  OnTipsetCid: 'gas.tipset-cid',
  OnVerifySignature: 'gas.verify-signature',
  OnRecoverSecpPublicKey: 'gas.verify-signature',
  OnHashing: 'gas.hashing',
  OnComputeUnsealedSectorCid: 'gas.proofs',
  OnVerifySeal: 'gas.proofs',
  OnVerifyReplicaUpdate: 'gas.proofs',
  OnVerifyAggregateSeals: 'gas.verify-aggregate-seals',
  OnVerifyPost: 'gas.verify-post',
  OnVerifyConsensusFault: 'gas.verify-consensus-fault',
  OnGetRandomness: 'gas.get-randomness',
  OnBlockOpenBase: 'gas.block-open',
  OnBlockOpenPerByte: 'gas.block-open',
  OnBlockRead: 'gas.block-read',
  OnBlockCreate: 'gas.block-create',
  OnBlockLink: 'gas.block-link',
  OnBlockStat: 'gas.block-stat',
  OnActorEventValidate: 'gas.events',
  OnActorEventAccept: 'gas.events',
  OnBlockOpen: 'gas.block-open',
  OnReturnValue: 'gas.ipld-link-tracking',
  OnActorGetRoot: 'gas.ipld-link-tracking',
  OnActorSetRoot: 'gas.ipld-link-tracking',
  OnScanIpldLinks: 'gas.ipld-scan',
  OnActorEvent: 'gas.events-v4',
  OnUtf8Validation: 'gas.events-v4',
  OnVerifyBlsAggregateSignature: 'gas.verify-bls-aggregate',
  wasm_exec: 'gas.wasm',
  wasm_memory_init: 'gas.wasm',
  wasm_table_init: 'gas.wasm',
}

/** The known charge names, sorted. */
export function knownChargeNames(): string[] {
  return Object.keys(CHARGE_NAMES).sort()
}

/** Checks a charge name against the registry; the error lists the known names. */
export function checkChargeName(name: string): string | undefined {
  return Object.hasOwn(CHARGE_NAMES, name) ? undefined : `unknown charge name '${name}'; known charge names: ${knownChargeNames().join(', ')}`
}
