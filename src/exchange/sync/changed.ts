/**
 * The push guard for changed objects: an id + version the target already holds with OTHER content.
 * STIX 2.1 §3.6 requires a new `modified` for any change, but two exports of one run (`--tlp green`,
 * then `--tlp amber`) give the same id and `modified` with different markings. Skipping by the manifest
 * would call them "already there" and the partner would keep the old marking; posting them to a
 * server that (rightly) keeps the first version would change nothing either. So push compares the
 * target's copy and refuses such an object with the reason and the fix (`export --previous`).
 *
 * An SCO has no version at all, so its changed copy is refused with the way out (delete, re-send).
 *
 * Cost: one GET per 50 candidate ids (`match[id]`, `match[version]=all`) and one canonical
 * serialisation per object both sides hold. Nothing when the target cannot be read (write-only).
 */
import canonicalize from 'canonicalize';
import type { RemoteCollection, TaxiiClient } from '../client/taxii-client.js';
import type { StixObject } from '../client/resources.js';
import { tlpOf } from '../../stix/tlp.js';
import { versionKey } from '../../store/timestamps.js';

const ID_CHUNK = 50;

/** id + version; objects without a version (SCOs) are stored once per id, so the id alone. */
function key(o: Record<string, unknown>): string {
  const v = o.modified ?? o.created;
  return typeof v === 'string' ? `${String(o.id)}|${versionKey(v) ?? v}` : String(o.id);
}

const versioned = (o: Record<string, unknown>) => typeof (o.modified ?? o.created) === 'string';

const level = (o: Record<string, unknown>) => (tlpOf(o) ?? 'unmarked').toUpperCase();

/** Objects of `objects` whose id + version the target holds with different content, with the reason. */
export async function changedOnTarget(
  client: TaxiiClient,
  coll: RemoteCollection,
  objects: readonly StixObject[],
): Promise<Map<StixObject, string>> {
  const out = new Map<StixObject, string>();
  if (!coll.info.can_read) return out;
  const ids = [...new Set(objects.map((o) => o.id))];
  const theirs = new Map<string, StixObject>();
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const filter = { ids: ids.slice(i, i + ID_CHUNK), versions: ['all'] };
    for await (const page of client.objectPages(coll.url, filter))
      for (const o of page.objects) theirs.set(key(o), o);
  }
  for (const o of objects) {
    const there = theirs.get(key(o));
    if (there === undefined || canonicalize(there) === canonicalize(o)) continue;
    const [was, now] = [level(there), level(o)];
    const what = was === now ? 'other content' : `TLP:${was} (this copy is TLP:${now})`;
    out.set(
      o,
      versioned(o)
        ? `the collection holds this id and version with ${what}; a change must be a new version: ` +
            `export with --previous <the bundle sent before> so it gets a newer "modified"`
        : `the collection holds this object (no versions: an SCO) with ${what}; as its publisher, ` +
            `DELETE …/objects/${o.id}/ there first, then push again`,
    );
  }
  return out;
}
