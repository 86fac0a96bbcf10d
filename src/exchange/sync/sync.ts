/**
 * Federation between two TAXII 2.1 collections (any servers), one way or both ways.
 *
 * One direction, source → target:
 * 1. read the source with `added_after` = the saved cursor and `match[version]=all`, page by page;
 * 2. drop what TLP forbids to leave (policy.ts);
 * 3. ask the target's manifest which of the page's id + version pairs it already holds, and drop those
 *    (this is the loop guard: an object that came from the target goes back only as a new version);
 * 4. post the rest in chunks, wait for the status, then save the page's X-TAXII-Date-Added-Last as the
 *    new cursor.
 *
 * Both ways is A → B then B → A. On a second run nothing new is sent: each side's fresh copies of the
 * other's objects are read once more (they have new date_added values) and found in the other's
 * manifest. Cost per direction: one GET per page, one manifest GET per 50 candidate ids, one POST per
 * chunk; memory is one page plus the manifest answers for it.
 */
import type { AddDetail, AddOptions, RemoteCollection, TaxiiClient } from '../client/taxii-client.js';
import type { StixObject } from '../client/resources.js';
import { versionKey } from '../../store/timestamps.js';
import type { TlpPolicy } from './policy.js';
import { SYNC_POLICY, mayLeave } from './policy.js';
import { SyncState } from './state.js';

export interface SyncSide {
  client: TaxiiClient;
  collection: RemoteCollection;
}

export interface SyncOptions {
  state: SyncState;
  policy?: TlpPolicy;
  /** Page size asked of the source (servers may cap it). */
  pageLimit?: number;
  /** `all` (default) copies every version; `last` only the newest. */
  versions?: 'all' | 'last';
  add?: AddOptions;
  /** Read and decide, but post nothing and keep the cursor. */
  dryRun?: boolean;
}

export interface SyncReport {
  from: string;
  to: string;
  pages: number;
  read: number;
  sent: number;
  alreadyThere: number;
  withheld: number;
  withheldReasons: Record<string, number>;
  failed: AddDetail[];
  cursorBefore?: string;
  cursorAfter?: string;
}

const ID_CHUNK = 50;

/** The identity of a version: id plus the normalised modified/created (SCOs have none: id only). */
function versionOf(o: Record<string, unknown>): string | undefined {
  const v = o.modified ?? o.created;
  return typeof v === 'string' ? (versionKey(v) ?? v) : undefined;
}

/**
 * The id + version pairs the target already holds. A write-only target (TAXII allows `can_read:
 * false`) has no manifest for us: everything is offered and the target's own id + version check
 * drops what it has (at the cost of sending it).
 */
async function presentOnTarget(target: SyncSide, objects: readonly StixObject[]): Promise<Set<string>> {
  const present = new Set<string>();
  if (!target.collection.info.can_read) return present;
  const ids = [...new Set(objects.map((o) => o.id))];
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const chunk = ids.slice(i, i + ID_CHUNK);
    const records = await target.client.manifest(target.collection.url, { ids: chunk, versions: ['all'] });
    for (const r of records) {
      present.add(r.id);
      present.add(`${r.id}|${versionKey(r.version) ?? r.version}`);
    }
  }
  return present;
}

export interface SendResult {
  sent: number;
  alreadyThere: number;
  failed: AddDetail[];
}

/**
 * Posts the objects the target does not hold yet (by id + version in its manifest, or by id for
 * objects without a version); `seen` carries the keys already handled in this run across pages.
 */
export async function sendNew(
  target: SyncSide,
  objects: readonly StixObject[],
  seen: Set<string>,
  opts: Pick<SyncOptions, 'add' | 'dryRun'> = {},
): Promise<SendResult> {
  const out: SendResult = { sent: 0, alreadyThere: 0, failed: [] };
  if (objects.length === 0) return out;
  const present = await presentOnTarget(target, objects);
  const toSend: StixObject[] = [];
  for (const o of objects) {
    const v = versionOf(o);
    const k = v === undefined ? o.id : `${o.id}|${v}`;
    if (present.has(k) || seen.has(k)) {
      out.alreadyThere++;
      continue;
    }
    seen.add(k);
    toSend.push(o);
  }
  if (opts.dryRun || toSend.length === 0) {
    out.sent = opts.dryRun ? toSend.length : 0;
    return out;
  }
  const r = await target.client.addObjects(target.collection, toSend, opts.add);
  out.sent = r.successes.length;
  out.failed = r.failures;
  return out;
}

/** Copies what is new in `source` (since the saved cursor) and allowed by TLP to `target`. */
export async function syncOneWay(source: SyncSide, target: SyncSide, opts: SyncOptions): Promise<SyncReport> {
  const policy = opts.policy ?? SYNC_POLICY;
  const key = SyncState.key(source.collection.url, target.collection.url);
  const cursorBefore = opts.state.cursor(key);
  const report: SyncReport = {
    from: source.collection.url,
    to: target.collection.url,
    pages: 0,
    read: 0,
    sent: 0,
    alreadyThere: 0,
    withheld: 0,
    withheldReasons: {},
    failed: [],
    ...(cursorBefore !== undefined ? { cursorBefore } : {}),
  };
  const sentThisRun = new Set<string>();
  const pages = source.client.objectPages(source.collection.url, {
    ...(cursorBefore !== undefined ? { addedAfter: cursorBefore } : {}),
    versions: [opts.versions ?? 'all'],
    ...(opts.pageLimit !== undefined ? { limit: opts.pageLimit } : {}),
  });
  for await (const page of pages) {
    report.pages++;
    report.read += page.objects.length;
    const allowed: StixObject[] = [];
    for (const o of page.objects) {
      const verdict = mayLeave(o, policy);
      if (verdict.send) allowed.push(o);
      else {
        report.withheld++;
        report.withheldReasons[verdict.reason] = (report.withheldReasons[verdict.reason] ?? 0) + 1;
      }
    }
    const r = await sendNew(target, allowed, sentThisRun, opts);
    report.sent += r.sent;
    report.alreadyThere += r.alreadyThere;
    report.failed.push(...r.failed);
    if (!opts.dryRun && page.dateAddedLast !== undefined) await opts.state.advance(key, page.dateAddedLast);
  }
  const after = opts.state.cursor(key);
  if (after !== undefined) report.cursorAfter = after;
  return report;
}

/** A → B, then B → A. */
export async function syncBothWays(
  a: SyncSide,
  b: SyncSide,
  opts: SyncOptions,
): Promise<[SyncReport, SyncReport]> {
  const ab = await syncOneWay(a, b, opts);
  const ba = await syncOneWay(b, a, opts);
  return [ab, ba];
}

/** One line per direction for the CLI. */
export function describeReport(r: SyncReport): string {
  const reasons = Object.entries(r.withheldReasons)
    .map(([why, n]) => `${n} ${why}`)
    .join('; ');
  return (
    `${r.from} -> ${r.to}: read ${r.read} in ${r.pages} page(s), sent ${r.sent}, already there ${r.alreadyThere}, ` +
    `withheld ${r.withheld}${reasons ? ` (${reasons})` : ''}, failed ${r.failed.length}` +
    (r.cursorAfter ? `; cursor ${r.cursorAfter}` : '')
  );
}
