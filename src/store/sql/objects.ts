/**
 * The object half of the SQL store: STIX object versions per collection and TAXII status resources.
 * Every multi-row change runs in one transaction, so an acknowledged POST (its status resource) and its
 * objects commit together or not at all. Filter, TLP and keyset SQL live in `../object-sql.ts`.
 */
import type { Driver, SqlValue } from '../driver.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { nowTimestamps, versionKey } from '../timestamps.js';
import { OBJECT_COLUMNS, PAGE_ORDER, keysetAfter, objectWhere } from '../object-sql.js';
import { canonicalJson } from '../canonical-json.js';
import { claimOwners } from './owners.js';
import type {
  AddObjectsRequest,
  ObjectInput,
  ObjectFilter,
  ObjectQuery,
  Page,
  StatusDetail,
  StatusRecord,
  StoredObject,
} from '../object-records.js';
import type { Tlp, Visibility } from '../visibility.js';
import type { Row } from './rows.js';
import { optStr, str } from './rows.js';

const OBJECT_INSERT_COLUMNS = [
  'collection_id',
  'id',
  'version_key',
  'version',
  'type',
  'spec_version',
  'date_added',
  'tlp',
  'producer_org',
  'json',
  'lane',
] as const;
const OBJECT_KEY = ['collection_id', 'id', 'version_key', 'lane'] as const;

function toStored(r: Row): StoredObject {
  return {
    id: str(r.id),
    type: str(r.type),
    specVersion: str(r.spec_version),
    version: str(r.version),
    dateAdded: str(r.date_added),
    tlp: str(r.tlp) as Tlp,
    producerOrg: optStr(r.producer_org) ?? null,
    keptApart: str(r.lane) !== '',
    json: str(r.json),
  };
}

function toStatus(r: Row): StatusRecord {
  const d = JSON.parse(str(r.details)) as Pick<StatusRecord, 'successes' | 'failures' | 'pendings'>;
  const pending = Number(r.pending_count);
  return {
    id: str(r.id),
    apiRoot: str(r.api_root),
    org: optStr(r.org_id) ?? null,
    status: pending > 0 ? 'pending' : 'complete',
    requestTimestamp: str(r.request_timestamp),
    totalCount: Number(r.total_count),
    successCount: Number(r.success_count),
    failureCount: Number(r.failure_count),
    pendingCount: pending,
    successes: d.successes,
    failures: d.failures,
    pendings: d.pendings,
  };
}

interface Pending {
  input: ObjectInput;
  lane: string;
}

/**
 * Decides each row's lane inside the transaction: an object the exchange kept apart, or one whose
 * claims another org won (now or in a race since the exchange looked), goes to the producer's lane;
 * the rest are the owner's versions (lane ''). Rows without a producer org (administrative writes)
 * claim nothing. Writes the lane into `rows` (last column) and `meta`.
 */
async function assignLanes(
  tx: Driver,
  org: string | null,
  meta: Pending[],
  rows: SqlValue[][],
): Promise<void> {
  if (org === null) return;
  const claims = meta.flatMap((m) => (m.input.keptApart ? [] : (m.input.claims ?? [])));
  const owners = await claimOwners(tx, org, claims);
  meta.forEach((m, i) => {
    const apart =
      m.input.keptApart === true || (m.input.claims ?? []).some((c) => (owners.get(c) ?? org) !== org);
    m.lane = apart ? org : '';
    const row = rows[i]!;
    row[row.length - 1] = m.lane;
  });
}

export class SqlObjects {
  constructor(private readonly db: Driver) {}

  async addObjects(req: AddObjectsRequest): Promise<StatusRecord> {
    const present = req.present ?? [];
    const successes: StatusDetail[] = [...present];
    const failures: StatusDetail[] = [...req.rejected];
    const rows: SqlValue[][] = [];
    const meta: {
      id: string;
      version: string;
      vkey: string;
      json: string;
      object: Record<string, unknown>;
      input: ObjectInput;
      lane: string;
    }[] = [];
    // One strictly increasing date_added per object, so a client polling with added_after set to the
    // last X-TAXII-Date-Added-Last it saw never skips the rest of a partly read envelope.
    const added = nowTimestamps(req.objects.length);
    for (const [i, input] of req.objects.entries()) {
      const o = input.object;
      const id = typeof o.id === 'string' ? o.id : '';
      const type = typeof o.type === 'string' ? o.type : '';
      const stamp =
        typeof o.modified === 'string' ? o.modified : typeof o.created === 'string' ? o.created : undefined;
      const vkey = stamp === undefined ? '' : versionKey(stamp);
      if (!id || !type || vkey === undefined) {
        failures.push({ id: id || '(no id)', message: 'object needs an id, a type and valid timestamps' });
        continue;
      }
      const dateAdded = added[i]!;
      const json = JSON.stringify(o);
      const version = stamp ?? dateAdded;
      const specVersion = typeof o.spec_version === 'string' ? o.spec_version : '2.1';
      rows.push([
        req.collection,
        id,
        vkey,
        version,
        type,
        specVersion,
        dateAdded,
        input.tlp,
        req.producerOrg,
        json,
        '',
      ]);
      meta.push({ id, version, vkey, json, object: o, input, lane: '' });
    }
    const status: StatusRecord = {
      id: req.statusId,
      apiRoot: req.apiRoot,
      org: req.producerOrg,
      status: 'complete',
      requestTimestamp: req.requestTimestamp,
      totalCount: rows.length + failures.length + present.length,
      successCount: 0,
      failureCount: 0,
      pendingCount: 0,
      successes,
      failures,
      pendings: [],
    };
    await this.db.transaction(async (tx) => {
      await assignLanes(tx, req.producerOrg, meta, rows);
      const inserted = await tx.insertIgnore('objects', OBJECT_INSERT_COLUMNS, OBJECT_KEY, rows);
      // Rows that were not inserted already exist: fetch them and tell identical re-posts from
      // conflicting ones.
      const existing = new Map<string, Row>();
      const missed = meta.filter((_, i) => !inserted[i]);
      // SQLite is in-process, so one indexed probe per row is cheapest there (its planner scans the
      // collection for a long OR); PostgreSQL saves the round trips.
      const batch = tx.dialect === 'sqlite' ? 1 : 200;
      for (let start = 0; start < missed.length; start += batch) {
        const part = missed.slice(start, start + batch);
        const rows = await tx.all(
          `SELECT id, version_key, lane, version, json FROM objects WHERE collection_id = ? AND (${part
            .map(() => '(id = ? AND version_key = ? AND lane = ?)')
            .join(' OR ')})`,
          [req.collection, ...part.flatMap((m) => [m.id, m.vkey, m.lane])],
        );
        for (const r of rows) existing.set(`${str(r.id)}\n${str(r.version_key)}\n${str(r.lane)}`, r);
      }
      for (let i = 0; i < meta.length; i++) {
        const m = meta[i]!;
        if (inserted[i]) {
          successes.push({ id: m.id, version: m.version });
          continue;
        }
        const row = existing.get(`${m.id}\n${m.vkey}\n${m.lane}`);
        // The JSON text as posted settles the common (byte-identical) re-post; only a mismatch pays for
        // the key-order-insensitive comparison.
        const stored = row === undefined ? undefined : str(row.json);
        const identical =
          stored !== undefined &&
          (stored === m.json || canonicalJson(JSON.parse(stored)) === canonicalJson(m.object));
        if (row && identical)
          successes.push({ id: m.id, version: str(row.version), message: 'already present; unchanged' });
        else
          failures.push({
            id: m.id,
            version: m.version,
            message: 'a different object with this id and version is already stored',
          });
      }
      status.successCount = successes.length;
      status.failureCount = failures.length;
      await tx.run(
        `INSERT INTO statuses (id, api_root, org_id, request_timestamp, total_count, success_count,
         failure_count, pending_count, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          status.id,
          status.apiRoot,
          status.org,
          status.requestTimestamp,
          status.totalCount,
          status.successCount,
          status.failureCount,
          0,
          JSON.stringify({ successes, failures, pendings: [] }),
        ],
      );
    });
    return status;
  }

  async queryObjects(q: ObjectQuery): Promise<Page<StoredObject>> {
    const where = objectWhere(q);
    keysetAfter(q.next === undefined ? undefined : decodeCursor(q.next), where);
    const limit = Math.max(1, Math.floor(q.limit));
    const rows = await this.db.all(
      `SELECT ${OBJECT_COLUMNS} FROM objects o WHERE ${where.sql} ${PAGE_ORDER} LIMIT ?`,
      [...where.params, limit + 1],
    );
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const out: Page<StoredObject> = { items: page.map(toStored), more };
    const last = page[page.length - 1];
    if (more && last)
      out.next = encodeCursor({
        dateAdded: str(last.date_added),
        id: str(last.id),
        versionKey: str(last.version_key),
      });
    return out;
  }

  async deleteObjects(f: ObjectFilter): Promise<number> {
    const where = objectWhere(f);
    return this.db.transaction((tx) =>
      tx.run(
        `DELETE FROM objects WHERE (collection_id, id, version_key, lane) IN
         (SELECT o.collection_id, o.id, o.version_key, o.lane FROM objects o WHERE ${where.sql})`,
        where.params,
      ),
    );
  }

  async countObjects(collection: string): Promise<number> {
    const [r] = await this.db.all('SELECT COUNT(*) AS n FROM objects WHERE collection_id = ?', [collection]);
    return Number(r?.n ?? 0);
  }

  async getStatus(apiRoot: string, id: string): Promise<StatusRecord | undefined> {
    const [r] = await this.db.all('SELECT * FROM statuses WHERE api_root = ? AND id = ?', [apiRoot, id]);
    return r && toStatus(r);
  }

  async sightingsOf(
    collection: string,
    objectId: string,
    visibility: Visibility | undefined,
    limit: number,
  ): Promise<StoredObject[]> {
    const where = objectWhere({
      collection,
      types: ['sighting'],
      versions: ['last'],
      ...(visibility ? { visibility } : {}),
    });
    // Objects are stored as JSON.stringify wrote them, so the reference appears byte for byte in this
    // form; instr/strpos are case-sensitive and need no LIKE escaping. The parse below makes it exact.
    const needle = `"sighting_of_ref":${JSON.stringify(objectId)}`;
    const find = this.db.dialect === 'sqlite' ? 'instr' : 'strpos';
    // The cheap substring test comes before the per-row newest-version anti-join. On SQLite the order
    // is date_added alone (unique within a process) so the planner walks the (collection, type,
    // date_added) index instead of the page index over every object (bench/feedback-sightings.ts:
    // 243 -> 14 ms for 20k sightings among 70k rows); PostgreSQL plans the full page order better.
    const order = this.db.dialect === 'sqlite' ? 'ORDER BY o.date_added' : PAGE_ORDER;
    const rows = await this.db.all(
      `SELECT ${OBJECT_COLUMNS} FROM objects o WHERE o.type = 'sighting' AND ${find}(o.json, ?) > 0
       AND ${where.sql} ${order} LIMIT ?`,
      [needle, ...where.params, Math.max(1, Math.floor(limit))],
    );
    return rows.map(toStored).filter((o) => {
      const parsed = JSON.parse(o.json) as { sighting_of_ref?: unknown };
      return parsed.sighting_of_ref === objectId;
    });
  }
}
