/**
 * Presenters of the feedback endpoints: store records → the JSON the API answers, so store columns
 * (collection ids of other tables, version keys, raw rows) never leak. Field names are snake_case like
 * TAXII's own resources.
 */
import type { AckRecord, ContactCardRecord, OrgRecord, StoredObject } from '../../store/store.js';
import { fixedWidth } from '../../store/timestamps.js';
import type { ContactCard } from './schema.js';

const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export interface SightingView {
  id: string;
  version: string;
  collection: string;
  date_added: string;
  tlp: string;
  /** The organisation that POSTed the sighting (authenticated), not a claim inside the object. */
  posted_by_org: string | null;
  created_by_ref?: string;
  where_sighted_refs?: string[];
  count?: number;
  first_seen?: string;
  last_seen?: string;
  summary?: boolean;
}

export function sightingView(o: StoredObject, collection: string): SightingView {
  const s = JSON.parse(o.json) as Record<string, unknown>;
  const view: SightingView = {
    id: o.id,
    version: o.version,
    collection,
    date_added: o.dateAdded,
    tlp: o.tlp,
    posted_by_org: o.producerOrg,
  };
  const createdBy = text(s.created_by_ref);
  if (createdBy !== undefined) view.created_by_ref = createdBy;
  const where = strings(s.where_sighted_refs);
  if (where !== undefined) view.where_sighted_refs = where;
  if (typeof s.count === 'number') view.count = s.count;
  const first = text(s.first_seen);
  if (first !== undefined) view.first_seen = first;
  const last = text(s.last_seen);
  if (last !== undefined) view.last_seen = last;
  if (typeof s.summary === 'boolean') view.summary = s.summary;
  return view;
}

/** Earliest / latest of timestamps compared in their fixed-width form. */
function extreme(values: (string | undefined)[], pick: 'min' | 'max'): string | undefined {
  let best: string | undefined;
  let bestKey = '';
  for (const v of values) {
    const k = v === undefined ? undefined : fixedWidth(v, 9);
    if (k === undefined || v === undefined) continue;
    if (best === undefined || (pick === 'min' ? k < bestKey : k > bestKey)) {
      best = v;
      bestKey = k;
    }
  }
  return best;
}

export function sightingsBody(
  objectId: string,
  views: SightingView[],
  more: boolean,
): Record<string, unknown> {
  const orgs = new Set(views.map((v) => v.posted_by_org ?? v.created_by_ref ?? '(unknown)'));
  const summary: Record<string, unknown> = {
    sightings: views.length,
    // STIX `count` is optional; a sighting without one counts as one observation.
    total_count: views.reduce((n, v) => n + (v.count ?? 1), 0),
    organisations: orgs.size,
  };
  const first = extreme(
    views.map((v) => v.first_seen),
    'min',
  );
  const last = extreme(
    views.map((v) => v.last_seen),
    'max',
  );
  if (first !== undefined) summary.first_seen = first;
  if (last !== undefined) summary.last_seen = last;
  return { object_id: objectId, summary, more, sightings: views };
}

export function contactBody(org: OrgRecord, rec: ContactCardRecord): Record<string, unknown> {
  const card = JSON.parse(rec.json) as ContactCard;
  return { organisation: org.id, name: org.name, updated: rec.updated, contacts: card.contacts };
}

/** Seconds from `from` to `to` (TAXII timestamps), to the microsecond. */
export function secondsBetween(from: string, to: string): number {
  const micros = (t: string): number => {
    const w = fixedWidth(t, 6);
    if (w === undefined) return Number.NaN;
    return Date.parse(`${w.slice(0, 19)}Z`) * 1000 + Number(w.slice(20, 26));
  };
  return (micros(to) - micros(from)) / 1e6;
}

export function ackView(a: AckRecord): Record<string, unknown> {
  return { organisation: a.org, kind: a.kind, version: a.version, collection: a.collection, at: a.at };
}

export interface AckReport {
  objectId: string;
  /** Earliest date_added of a visible version asking for acknowledgement; undefined when none asks. */
  published: string | undefined;
  acks: AckRecord[];
}

export function acksBody(r: AckReport): Record<string, unknown> {
  const sorted = [...r.acks].sort((a, b) => secondsBetween(b.at, a.at));
  const firstPerOrg = new Map<string, AckRecord>();
  for (const a of sorted) if (!firstPerOrg.has(a.org)) firstPerOrg.set(a.org, a);
  const since = (at: string): number | null =>
    r.published === undefined ? null : secondsBetween(r.published, at);
  const first = sorted[0];
  return {
    object_id: r.objectId,
    ack_required: r.published !== undefined,
    published: r.published ?? null,
    time_to_first_ack_seconds: first ? since(first.at) : null,
    first_ack: first ? { organisation: first.org, kind: first.kind, at: first.at } : null,
    organisations: [...firstPerOrg.values()].map((a) => ({
      organisation: a.org,
      first_at: a.at,
      seconds_after_publication: since(a.at),
    })),
    acks: sorted.map((a) => ({ ...ackView(a), seconds_after_publication: since(a.at) })),
  };
}
