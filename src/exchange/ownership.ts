/**
 * Who may version an object (docs/EXCHANGE.md, "Versioning and ownership"). STIX 2.1 §3.6 lets only
 * an object's creator make new versions; trusted sharing communities hold the same line (MISP: only
 * the creating organisation edits an event; OpenCTI: the author is part of the entity). Lockstep makes
 * it server-wide and first-come: the first organisation to publish an id owns it, and an identity id
 * belongs to the first organisation that publishes it or names it as `created_by_ref`.
 *
 * A posted object whose id, or whose `created_by_ref`, another organisation owns is
 * - refused with the reason when the poster can read some version of that id (it knows the object
 *   exists, so saying so tells it nothing), or
 * - kept apart when the poster cannot read it: stored in the poster's own lane, visible to the poster
 *   only, answered exactly as a fresh object would be (same status, same reads for the poster), and
 *   never a version of the other organisation's object. A hidden object is never an oracle.
 *
 * Cost: one owner look-up per envelope; when some id is foreign, one indexed query per collection the
 * poster may read (all API roots), for all foreign ids at once.
 */
import type { ObjectInput, StatusDetail, Store } from '../store/store.js';
import { canonicalJson } from '../store/canonical-json.js';
import { versionKey } from '../store/timestamps.js';
import { tlpOfMarkingId } from '../stix/tlp.js';
import type { Principal } from './access.js';
import { collectionAccess, visibilityFor } from './access.js';

/**
 * The ids posting `o` claims: its own id and its `created_by_ref`. Official TLP marking definitions
 * belong to nobody (every producer ships the same published objects).
 */
export function claimsOf(o: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (typeof o.id === 'string' && tlpOfMarkingId(o.id) === undefined) out.push(o.id);
  if (typeof o.created_by_ref === 'string' && !out.includes(o.created_by_ref)) out.push(o.created_by_ref);
  return out;
}

/**
 * Of `ids`, those of which `who` may read some owner's version in some collection of the server (its
 * own copies kept apart do not count: they say nothing about the owner's object).
 */
async function readableIds(store: Store, who: Principal, ids: readonly string[]): Promise<Set<string>> {
  const seen = new Set<string>();
  for (const root of await store.listApiRoots()) {
    for (const collection of await store.listCollections(root.name)) {
      const wanted = ids.filter((id) => !seen.has(id));
      if (wanted.length === 0) return seen;
      if (!(await collectionAccess(store, who, collection.id)).canRead) continue;
      const page = await store.queryObjects({
        collection: collection.id,
        ids: wanted,
        versions: ['last'],
        visibility: (await visibilityFor(store, who, collection)).filter((r) => !('keptApartFor' in r)),
        limit: wanted.length,
      });
      for (const o of page.items) seen.add(o.id);
    }
  }
  return seen;
}

function version(o: Record<string, unknown>): string | undefined {
  const v = o.modified ?? o.created;
  return typeof v === 'string' ? v : undefined;
}

function refusal(o: Record<string, unknown>, visibleForeign: string): StatusDetail {
  const id = typeof o.id === 'string' ? o.id : '(no id)';
  const v = version(o);
  const message =
    visibleForeign === id
      ? `another organisation published ${id}; only it may add versions (STIX 2.1 §3.6)`
      : `created_by_ref ${visibleForeign} is another organisation's identity; name your own`;
  return { id, ...(v !== undefined ? { version: v } : {}), message };
}

export interface PostTarget {
  apiRoot: string;
  collection: string;
}

/**
 * Of the refused objects, those whose very version the poster can already read in `collection`,
 * byte for byte or key-order aside: a relay re-sending what the owner published (sync) changes
 * nothing, so it is answered "already present; unchanged" rather than refused.
 */
async function alreadyThere(
  store: Store,
  who: Principal,
  where: PostTarget,
  objects: readonly Record<string, unknown>[],
): Promise<Set<Record<string, unknown>>> {
  const out = new Set<Record<string, unknown>>();
  const coll = objects.length ? await store.getCollection(where.apiRoot, where.collection) : undefined;
  if (!coll) return out;
  const collection = coll.id;
  const visibility = (await visibilityFor(store, who, coll)).filter((r) => !('keptApartFor' in r));
  const page = await store.queryObjects({
    collection,
    ids: [...new Set(objects.map((o) => String(o.id)))],
    versions: ['all'],
    visibility,
    limit: 1000,
  });
  const held = new Set(
    page.items.map(
      (o) => `${o.id}\n${versionKey(o.version) ?? o.version}\n${canonicalJson(JSON.parse(o.json))}`,
    ),
  );
  for (const o of objects) {
    const v = version(o);
    if (v !== undefined && held.has(`${String(o.id)}\n${versionKey(v) ?? v}\n${canonicalJson(o)}`))
      out.add(o);
  }
  return out;
}

/**
 * Applies the ownership rule to an envelope's valid objects for `who` posting to a collection:
 * returns the inputs to store (with their claims, or kept apart), the refusals to report as failures
 * and the identical copies of visible owner versions to report as unchanged successes.
 */
export async function applyOwnership(
  store: Store,
  who: Principal,
  where: PostTarget,
  inputs: readonly ObjectInput[],
): Promise<{ inputs: ObjectInput[]; refused: StatusDetail[]; present: StatusDetail[] }> {
  const claims = inputs.map((i) => claimsOf(i.object));
  const owners = await store.ownersOf(claims.flat());
  const foreign = claims.map((c) => c.filter((id) => (owners.get(id) ?? who.org) !== who.org));
  const anyForeign = [...new Set(foreign.flat())];
  const readable = anyForeign.length ? await readableIds(store, who, anyForeign) : new Set<string>();
  const out: ObjectInput[] = [];
  const known: [Record<string, unknown>, string][] = [];
  inputs.forEach((input, i) => {
    const f = foreign[i]!;
    if (f.length === 0) out.push({ ...input, claims: claims[i]! });
    else {
      const seen = f.find((id) => readable.has(id));
      if (seen !== undefined) known.push([input.object, seen]);
      else out.push({ ...input, keptApart: true });
    }
  });
  const same = await alreadyThere(
    store,
    who,
    where,
    known.map(([o]) => o),
  );
  const refused: StatusDetail[] = [];
  const present: StatusDetail[] = [];
  for (const [o, seen] of known) {
    if (!same.has(o)) refused.push(refusal(o, seen));
    else present.push({ id: String(o.id), version: version(o)!, message: 'already present; unchanged' });
  }
  return { inputs: out, refused, present };
}
