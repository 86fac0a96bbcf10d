/**
 * How the feedback endpoints find "an object" in an API root: the object-id names no collection, so
 * every collection of the root the caller may READ is searched, each with the caller's TLP visibility
 * (the same grants and rules as the TAXII object routes, applied in SQL). What the caller cannot see
 * does not exist for it (404), exactly as for `GET …/objects/{id}/`.
 *
 * Cost: one grant look-up per collection of the root, then one indexed query per readable collection.
 */
import type { FastifyRequest } from 'fastify';
import type { ApiRootRecord, CollectionRecord, StoredObject, Visibility } from '../../store/store.js';
import { versionKey } from '../../store/timestamps.js';
import type { Principal } from '../access.js';
import { collectionAccess, visibilityFor } from '../access.js';
import type { TaxiiContext } from '../taxii/context.js';
import { principalOf, requireApiRoot } from '../taxii/context.js';
import { taxiiError } from '../taxii/errors.js';

/** At most this many versions of one object are read per collection (versions of one id are few). */
const MAX_VERSIONS = 1000;

export interface ReadableCollection {
  collection: CollectionRecord;
  visibility: Visibility;
}

export interface Sighted {
  collection: CollectionRecord;
  visibility: Visibility;
  /** The versions of the object the caller may see here, oldest first by date_added. */
  versions: StoredObject[];
  /** The newest visible version (highest STIX version). */
  newest: StoredObject;
}

export interface ObjectScope {
  root: ApiRootRecord;
  who: Principal;
  readable: ReadableCollection[];
  /** Collections in which the caller sees at least one version of the object. */
  found: Sighted[];
}

export async function readableCollections(
  ctx: TaxiiContext,
  who: Principal,
  root: ApiRootRecord,
): Promise<ReadableCollection[]> {
  const out: ReadableCollection[] = [];
  for (const collection of await ctx.store.listCollections(root.name)) {
    const access = await collectionAccess(ctx.store, who, collection.id);
    if (!access.canRead) continue;
    out.push({ collection, visibility: await visibilityFor(ctx.store, who, collection) });
  }
  return out;
}

/** The object as the caller sees it across the root; 404 when it sees no version anywhere. */
export async function findObject(
  ctx: TaxiiContext,
  req: FastifyRequest,
  apiRoot: string,
  objectId: string,
): Promise<ObjectScope> {
  const who = principalOf(req);
  const root = await requireApiRoot(ctx, apiRoot);
  const readable = await readableCollections(ctx, who, root);
  const found: Sighted[] = [];
  for (const r of readable) {
    const page = await ctx.store.queryObjects({
      collection: r.collection.id,
      ids: [objectId],
      versions: ['all'],
      visibility: r.visibility,
      limit: MAX_VERSIONS,
    });
    if (page.items.length === 0) continue;
    const newest = page.items.reduce((a, b) => (versionOrder(b) > versionOrder(a) ? b : a));
    found.push({ ...r, versions: page.items, newest });
  }
  if (found.length === 0)
    throw taxiiError('ERR_TAXII_NOT_FOUND', `no object "${objectId}" in API root "${apiRoot}"`);
  return { root, who, readable, found };
}

/**
 * The producer gate of the sightings and acknowledgement reports: the caller's org must have POSTed a
 * version of the object it can see (the store records the posting org as producer). Another reader
 * of the object gets 403: it may know the object, but the feedback on it belongs to the producer.
 *
 * `owner` is false when the caller's versions are copies kept apart (it posted an id another org owns,
 * ownership.ts): nobody else can see such a copy, so its feedback is the caller's own org's only —
 * exactly what a fresh object nobody else has seen yet would show, and nothing of the owner's.
 */
export function requireProducer(scope: ObjectScope, objectId: string): { own: Sighted[]; owner: boolean } {
  const mine = (v: StoredObject) => v.producerOrg === scope.who.org;
  const own = scope.found.filter((f) => f.versions.some(mine));
  if (own.length === 0)
    throw taxiiError(
      'ERR_TAXII_FORBIDDEN',
      `only the organisation that published "${objectId}" may read its feedback`,
    );
  const owner = own.some((f) => f.versions.some((v) => mine(v) && !v.keptApart));
  return { own, owner };
}

/** Versions compare by their fixed-width form (what the store keys them by), not as raw strings. */
function versionOrder(o: StoredObject): string {
  return versionKey(o.version) ?? o.version;
}
