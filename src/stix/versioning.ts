/**
 * STIX versioning across exports (STIX 2.1 §3.6): an unchanged object keeps its previous version
 * byte for byte; a changed one keeps `id` and `created` and gets a newer `modified`; an object of ours
 * that the new run no longer finds is re-issued with `revoked: true`. Revoked objects may not get new
 * versions, so a finding that comes back after a retraction gets a successor id derived from the old.
 *
 * Cost: O(objects) map look-ups plus one canonical serialisation per object that existed before.
 */
import canonicalize from 'canonicalize';
import { lockstepId, stixTimestamp } from './ids.js';
import type { StixObject } from './types.js';

/** Latest version per id (greatest `modified`; objects without one count once). */
export function latestVersions(objects: Iterable<StixObject>): Map<string, StixObject> {
  const out = new Map<string, StixObject>();
  for (const o of objects) {
    const prev = out.get(o.id);
    if (!prev || (o.modified ?? '') > (prev.modified ?? '')) out.set(o.id, o);
  }
  return out;
}

function isVersioned(o: StixObject): boolean {
  return typeof o.created === 'string' && typeof o.modified === 'string';
}

function later(ts: string, than: string): string {
  const t = Date.parse(ts);
  const min = Date.parse(than) + 1;
  return stixTimestamp(Math.max(t, min));
}

function successorIds(
  fresh: readonly StixObject[],
  previous: ReadonlyMap<string, StixObject>,
): Map<string, string> {
  const rename = new Map<string, string>();
  for (const o of fresh) {
    let id = o.id;
    // Walk past every earlier successor that was itself revoked.
    while (previous.get(id)?.revoked === true) id = lockstepId(o.type, ['successor-of', id]);
    if (id !== o.id) rename.set(o.id, id);
  }
  return rename;
}

function renameRefs(o: StixObject, rename: ReadonlyMap<string, string>): StixObject {
  if (rename.size === 0) return o;
  const out: StixObject = { ...o, id: rename.get(o.id) ?? o.id };
  for (const [k, v] of Object.entries(o)) {
    if (k.endsWith('_ref') && typeof v === 'string') out[k] = rename.get(v) ?? v;
    else if (k.endsWith('_refs') && Array.isArray(v)) {
      out[k] = (v as unknown[]).map((r) => (typeof r === 'string' ? (rename.get(r) ?? r) : r));
    }
  }
  return out;
}

export interface ReconcileOptions {
  /** Timestamp of this export (the run's finish time). */
  now: string;
  /** Objects created by this identity may be revoked when missing from the new export. */
  producerId: string;
  /** Types never revoked (reference objects shared by every export). */
  keepTypes?: ReadonlySet<string>;
}

/**
 * Applies the previous export's history to freshly mapped objects; returns the objects to publish,
 * revocations appended. Without history the fresh objects are returned unchanged.
 */
export function reconcile(
  fresh: readonly StixObject[],
  previous: ReadonlyMap<string, StixObject>,
  opts: ReconcileOptions,
): StixObject[] {
  if (previous.size === 0) return [...fresh];
  const rename = successorIds(fresh, previous);
  const out: StixObject[] = [];
  const present = new Set<string>();
  for (const f of fresh) {
    const o = renameRefs(f, rename);
    present.add(o.id);
    const prev = previous.get(o.id);
    if (!prev || !isVersioned(o) || !isVersioned(prev)) {
      out.push(o);
      continue;
    }
    const same = { ...o, created: prev.created, modified: prev.modified };
    if (canonicalize(same) === canonicalize(prev)) out.push(prev);
    else out.push({ ...o, created: prev.created, modified: later(opts.now, prev.modified!) });
  }
  const keep = opts.keepTypes ?? new Set<string>();
  for (const prev of previous.values()) {
    if (present.has(prev.id) || prev.revoked === true || !isVersioned(prev)) continue;
    if (prev.created_by_ref !== opts.producerId || keep.has(prev.type)) continue;
    out.push({ ...prev, revoked: true, modified: later(opts.now, prev.modified!) });
  }
  return out;
}
