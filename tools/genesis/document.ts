/**
 * The genesis file: a JSON description of a genesis state that a sandbox, a test vector's
 * preconditions or another VM can start from. CIDs are DAG-JSON links and the CAR is base64 of a
 * gzipped CARv1, exactly as in the test-vector format, so `state_root` and `car` can be copied into
 * a vector's `preconditions.state_tree.root_cid` and `car`.
 *
 * @rule genesis.document
 */
import * as t from 'io-ts'
import { CID } from '../../interpreter/ipld/cid.js'
import { addressToString, idAddress, Protocol } from '../../interpreter/types/address.js'
import { toBase64 } from '../../interpreter/util/bytes.js'
import { CidJson, errorMessage } from '../../vectors/schema.js'
import { packCar, reachableBlocks } from './car.js'
import type { Genesis } from './genesis.js'

export const GENESIS_FORMAT = 'fvm-spec-genesis/1'

const Link = t.type({ '/': t.string })
const DecimalString = new t.Type<string, string, unknown>(
  'decimal string',
  (u): u is string => typeof u === 'string' && /^(0|[1-9][0-9]*)$/.test(u),
  (u, c) => (typeof u === 'string' && /^(0|[1-9][0-9]*)$/.test(u) ? t.success(u) : t.failure(u, c, `expected a decimal integer string, got ${JSON.stringify(u)}`)),
  (a) => a,
)
const IdString = new t.Type<string, string, unknown>(
  'ID address (f0…)',
  (u): u is string => typeof u === 'string' && /^f0(0|[1-9][0-9]*)$/.test(u),
  (u, c) => (typeof u === 'string' && /^f0(0|[1-9][0-9]*)$/.test(u) ? t.success(u) : t.failure(u, c, `expected an ID address f0…, got ${JSON.stringify(u)}`)),
  (a) => a,
)

export const GenesisAccountJson = t.type({
  input: t.string,
  kind: t.keyof({ account: null, placeholder: null, ethaccount: null }),
  id: IdString,
  address: t.string,
  robust: t.union([t.string, t.null]),
  eth: t.string,
  balance: DecimalString,
})

export const GenesisDocumentJson = t.type({
  format: t.literal(GENESIS_FORMAT),
  nv: t.number,
  actors_version: t.number,
  network_name: t.string,
  bundle: t.type({ file: t.string, manifest: Link, manifest_data: Link }),
  state_root: CidJson,
  state_root_version: t.number,
  verifreg_root: IdString,
  actors: t.array(t.type({ id: IdString, name: t.string, code: Link })),
  accounts: t.array(GenesisAccountJson),
  constructors: t.array(t.type({ actor: IdString, name: t.string, params: t.string, exit_code: t.number, gas_used: t.number })),
  car: t.string,
})
export type GenesisDocument = t.OutputOf<typeof GenesisDocumentJson>
export type ParsedGenesisDocument = t.TypeOf<typeof GenesisDocumentJson>

const link = (c: CID) => ({ '/': c.toString() })
const id = (n: bigint) => addressToString(idAddress(n))

/** The document of a genesis; its CAR holds every block of the state except actor code. @rule genesis.document */
export function genesisDocument(g: Genesis): GenesisDocument {
  const blocks = reachableBlocks(g.tree.store, [g.root], g.bundle.codeKeys)
  return {
    format: GENESIS_FORMAT,
    nv: g.nv,
    actors_version: g.actorsVersion,
    network_name: g.networkName,
    bundle: { file: g.bundle.file.split('/').pop() ?? g.bundle.file, manifest: link(g.bundle.manifestCid), manifest_data: link(g.bundle.manifestDataCid) },
    state_root: link(g.root),
    state_root_version: Number(g.tree.version),
    verifreg_root: id(g.verifregRoot),
    actors: g.singletons.map((s) => ({ id: id(s.id), name: s.name, code: link(s.code) })),
    accounts: g.accounts.map((a) => ({
      input: a.input,
      kind: a.kind,
      id: id(a.id),
      address: addressToString(a.address),
      robust: a.address.protocol === Protocol.SECP256K1 || a.address.protocol === Protocol.BLS ? addressToString(a.address) : null,
      eth: a.eth,
      balance: a.balance.toString(),
    })),
    constructors: g.constructors.map((c) => ({ actor: id(c.id), name: c.name, params: toBase64(c.params), exit_code: c.exitCode, gas_used: Number(c.gasUsed) })),
    car: packCar([g.root], blocks),
  }
}

/** Checks a parsed genesis file; returns it or the first problem, named by its JSON path. */
export function parseGenesisDocument(json: unknown): ParsedGenesisDocument | string {
  const r = GenesisDocumentJson.decode(json)
  if (r._tag === 'Left') {
    const first = r.left[0]
    return first === undefined ? 'not a genesis document' : errorMessage(first)
  }
  return r.right
}
