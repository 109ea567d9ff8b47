/**
 * Actor types by address, for the tools' reports: the manifest name of an actor's code
 * (`storageminer`, `account`, …), `non-builtin` for other code, `(no actor)` when the address
 * resolves to no actor.
 */
import { Blockstore } from '../interpreter/ipld/blockstore.js'
import { loadManifest, type Manifest } from '../interpreter/machine/manifest.js'
import { networkRulesFor } from '../interpreter/machine/network-rules.js'
import { StateTree } from '../interpreter/state/state-tree.js'
import { parseAddress } from '../interpreter/types/address.js'
import type { LoadedVector } from '../vectors/load.js'

/**
 * Actor types by address, for one vector: resolved in the post-state of the base run (actors
 * created by the messages are there), else in the pre-state (actors deleted by them).
 */
export class ActorTypes {
  private readonly cache = new Map<string, string>()
  private trees: { tree: StateTree; manifest: Manifest }[] | undefined
  constructor(
    private readonly v: LoadedVector,
    private readonly bundles: ReadonlyMap<string, Uint8Array> | undefined,
    private readonly post: StateTree | undefined,
  ) {}

  private load(): { tree: StateTree; manifest: Manifest }[] {
    if (this.trees !== undefined) return this.trees
    const rules = networkRulesFor(this.v.variants[0]?.nv ?? -1)
    this.trees = []
    if (rules === undefined) return this.trees
    try {
      const pre = StateTree.load(Blockstore.fromBlocks(this.v.blocks, this.bundles), this.v.preRoot, rules.stateRootVersions)
      const manifest = loadManifest(pre, rules.requiredActors)
      this.trees = [...(this.post === undefined ? [] : [{ tree: this.post, manifest }]), { tree: pre, manifest }]
    } catch {
      // An unreadable pre-state leaves every actor type unknown.
    }
    return this.trees
  }

  of(addressText: string): string {
    const hit = this.cache.get(addressText)
    if (hit !== undefined) return hit
    let type = '(no actor)'
    try {
      const { address } = parseAddress(addressText)
      for (const { tree, manifest } of this.load()) {
        const id = tree.lookupId(address)
        const actor = id === undefined ? undefined : tree.getActor(id)
        if (actor === undefined) continue
        type = manifest.byCode(actor.code)?.name ?? 'non-builtin'
        break
      }
    } catch {
      type = 'unknown'
    }
    this.cache.set(addressText, type)
    return type
  }
}
