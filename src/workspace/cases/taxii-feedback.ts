/**
 * What partners answered over TAXII to a case's publications (taxii-share.ts writes them): per
 * collection the case was published to, the acknowledgements of its campaign (with the time from the
 * publication of the version acknowledged) and the sightings of the campaign or its indicators, read
 * with the publishing org's own visibility in the collection (TLP as the exchange applies it). The
 * case's trail shows each of them as a line beside the events the workspace wrote (`trailOf`), so
 * the trail says when a partner answered without anyone having to open the TAXII section.
 *
 * Cost: none for a case never published; per publication, one acks read, one indexed sightings read
 * per indicator and the campaign (at most MAX_SIGHTINGS each), one object read for indicator names.
 */
import type { Principal } from '../../exchange/access.js';
import { visibilityFor } from '../../exchange/access.js';
import type { CaseEventRecord, CollectionRecord, Store, StoredObject } from '../../store/store.js';
import type { RunTlp } from '../api-schema.js';
import type { TrailAccount } from '../case-schema.js';
import type { Publication } from '../taxii-share-schema.js';
import { duration } from '../duration.js';

/** Facts of a `published` event. */
export interface PublishedFacts {
  apiRoot: string;
  collection: string;
  title: string;
  tlp: RunTlp;
  campaign: string;
  version: string;
  ids: string[];
  written: number;
  unchanged: number;
  refused: string[];
}

interface Published {
  at: string;
  actor: string;
  facts: PublishedFacts;
}

const MAX_SIGHTINGS = 1000;
const QUERY_PAGE = 1000;

export function publishedIn(events: readonly CaseEventRecord[], collection?: string): Published[] {
  return events
    .filter((e) => e.kind === 'published')
    .map((e) => ({ at: e.at, actor: e.actor, facts: JSON.parse(e.json) as PublishedFacts }))
    .filter((p) => collection === undefined || p.facts.collection === collection);
}

/** The objects of `ids` this org itself published in the collection (its history there). */
export async function storedObjects(
  store: Store,
  who: Principal,
  c: CollectionRecord,
  ids: readonly string[],
): Promise<StoredObject[]> {
  if (ids.length === 0) return [];
  const visibility = await visibilityFor(store, who, c);
  const out: StoredObject[] = [];
  let next: string | undefined;
  do {
    const page = await store.queryObjects({
      collection: c.id,
      ids,
      visibility,
      limit: QUERY_PAGE,
      ...(next === undefined ? {} : { next }),
    });
    out.push(...page.items);
    next = page.more ? page.next : undefined;
  } while (next !== undefined);
  // Only what this org published counts as history (a partner's copy is not ours to version).
  return out.filter((o) => o.producerOrg === who.org && !o.keptApart);
}

/** Each collection the case's events say it was published to, with partners' answers there. */
export async function publicationsOf(
  store: Store,
  who: Principal,
  events: readonly CaseEventRecord[],
): Promise<Publication[]> {
  const out: Publication[] = [];
  const latest = new Map<string, Published>();
  for (const p of publishedIn(events)) latest.set(`${p.facts.apiRoot}/${p.facts.collection}`, p);
  for (const last of latest.values()) {
    const f = last.facts;
    const coll = await store.getCollection(f.apiRoot, f.collection);
    if (!coll) continue;
    const all = publishedIn(events, coll.id);
    const visibility = await visibilityFor(store, who, coll);
    // Time to acknowledge counts from the publication that first carried the version acknowledged.
    const since = new Map<string, string>();
    for (const p of all) if (!since.has(p.facts.version)) since.set(p.facts.version, p.at);
    const acks = (await store.listAcknowledgements(coll.id, f.campaign))
      .filter((a) => a.org !== who.org)
      .map((a) => {
        const from = since.get(a.version);
        return {
          org: a.org,
          kind: a.kind,
          at: a.at,
          version: a.version,
          secondsToAck: from === undefined ? null : (Date.parse(a.at) - Date.parse(from)) / 1000,
        };
      });
    const names = new Map<string, string>([[f.campaign, 'the case']]);
    for (const o of await storedObjects(
      store,
      who,
      coll,
      f.ids.filter((x) => x.startsWith('indicator--')),
    )) {
      const name = (JSON.parse(o.json) as { name?: unknown }).name;
      names.set(o.id, typeof name === 'string' ? name : o.id);
    }
    const sightings: Publication['sightings'] = [];
    for (const [of, ofName] of names)
      for (const s of await store.sightingsOf(coll.id, of, visibility, MAX_SIGHTINGS)) {
        const j = JSON.parse(s.json) as Record<string, unknown>;
        sightings.push({
          id: s.id,
          org: s.producerOrg,
          of,
          ofName,
          count: typeof j.count === 'number' ? j.count : null,
          firstSeen: typeof j.first_seen === 'string' ? j.first_seen : null,
          lastSeen: typeof j.last_seen === 'string' ? j.last_seen : null,
          dateAdded: s.dateAdded,
        });
      }
    sightings.sort((a, b) => (a.dateAdded < b.dateAdded ? -1 : a.dateAdded > b.dateAdded ? 1 : 0));
    out.push({
      apiRoot: f.apiRoot,
      collection: f.collection,
      title: f.title,
      tlp: f.tlp,
      campaign: f.campaign,
      version: f.version,
      publishedAt: last.at,
      publishedBy: last.actor,
      written: f.written,
      unchanged: f.unchanged,
      refused: f.refused,
      acks,
      sightings,
    });
  }
  return out;
}

/** A trail line: a stored event (seq) or a partner's TAXII answer (no seq: the store did not write it). */
export interface TrailLine {
  seq: number | null;
  at: string;
  actor: string;
  kind: string;
  summary: string;
  /** The account a pin or unpin line is about (case-schema.ts `caseEventSchema`). */
  account?: TrailAccount;
}

/** Partners' TAXII acknowledgements and sightings as trail lines, in time order. */
export function feedbackLines(pubs: readonly Publication[]): TrailLine[] {
  const out: TrailLine[] = [];
  for (const p of pubs) {
    for (const a of p.acks)
      out.push({
        seq: null,
        at: a.at,
        actor: a.org,
        kind: 'taxii-ack',
        summary:
          `${a.org} acknowledged it (${a.kind}) over TAXII in collection ${p.title}` +
          (a.secondsToAck === null ? '' : `, ${duration(a.secondsToAck)} after it was published`) +
          (a.version === p.version ? '' : ' (an earlier version)'),
      });
    for (const s of p.sightings) {
      const org = s.org ?? 'an unnamed poster';
      out.push({
        seq: null,
        at: s.dateAdded,
        actor: org,
        kind: 'taxii-sighting',
        summary: `${org} reported a sighting of ${s.ofName} over TAXII in collection ${p.title}${s.count === null ? '' : ` (seen ${String(s.count)} times)`}`,
      });
    }
  }
  return out;
}

/** Stored events and partners' answers merged by time (a stored event first on a tie). */
export function mergeTrail(stored: readonly TrailLine[], feedback: readonly TrailLine[]): TrailLine[] {
  const fb = [...feedback].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const out: TrailLine[] = [];
  let j = 0;
  for (const e of stored) {
    while (j < fb.length && fb[j]!.at < e.at) out.push(fb[j++]!);
    out.push(e);
  }
  while (j < fb.length) out.push(fb[j++]!);
  return out;
}
