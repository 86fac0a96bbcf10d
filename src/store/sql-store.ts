/**
 * The {@link Store} written once over a {@link Driver}; the SQLite and PostgreSQL stores are this class
 * with their driver. Every multi-row change runs in one transaction, so an acknowledged POST (its status
 * resource) and its objects commit together or not at all.
 */
import { createHash } from 'node:crypto';
import type { Driver, SqlValue } from './driver.js';
import { migrate } from './migrations/index.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { nowTimestamp, versionKey } from './timestamps.js';
import { OBJECT_COLUMNS, PAGE_ORDER, keysetAfter, objectWhere } from './object-sql.js';
import { canonicalJson } from './canonical-json.js';
import type {
  AckRecord,
  AddObjectsRequest,
  ApiKeyRecord,
  ApiRootRecord,
  CollectionRecord,
  ContactCardRecord,
  GrantRecord,
  ObjectFilter,
  ObjectQuery,
  OrgRecord,
  Page,
  SightingRecord,
  StatusDetail,
  StatusRecord,
  Store,
  StoredObject,
  Tlp,
  TrustGroupRecord,
  UserRecord,
} from './store.js';

type Row = Record<string, unknown>;
const str = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'bigint'
      ? v.toString()
      : JSON.stringify(v);
const optStr = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : str(v));

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
  'hash',
  'json',
] as const;

function toStored(r: Row): StoredObject {
  return {
    id: str(r.id),
    type: str(r.type),
    specVersion: str(r.spec_version),
    version: str(r.version),
    dateAdded: str(r.date_added),
    tlp: str(r.tlp) as Tlp,
    producerOrg: optStr(r.producer_org) ?? null,
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

export class SqlStore implements Store {
  readonly dialect: Driver['dialect'];
  #db: Driver;

  constructor(driver: Driver) {
    this.#db = driver;
    this.dialect = driver.dialect;
  }

  /** Opens a store over a driver, applying pending migrations first. */
  static async open(driver: Driver): Promise<SqlStore> {
    try {
      await migrate(driver);
    } catch (e) {
      await driver.close();
      throw e;
    }
    return new SqlStore(driver);
  }

  close(): Promise<void> {
    return this.#db.close();
  }

  async migrations(): Promise<number[]> {
    const rows = await this.#db.all('SELECT version FROM lockstep_migrations ORDER BY version');
    return rows.map((r) => Number(r.version));
  }

  // --- API roots and collections -------------------------------------------------------------

  async putApiRoot(r: ApiRootRecord): Promise<void> {
    await this.#db.run(
      `INSERT INTO api_roots (name, title, description, max_content_length) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET title = excluded.title, description = excluded.description,
       max_content_length = excluded.max_content_length`,
      [r.name, r.title, r.description ?? null, r.maxContentLength],
    );
  }

  async getApiRoot(name: string): Promise<ApiRootRecord | undefined> {
    const [r] = await this.#db.all('SELECT * FROM api_roots WHERE name = ?', [name]);
    return r && this.#apiRoot(r);
  }

  async listApiRoots(): Promise<ApiRootRecord[]> {
    return (await this.#db.all('SELECT * FROM api_roots ORDER BY name')).map((r) => this.#apiRoot(r));
  }

  #apiRoot(r: Row): ApiRootRecord {
    const out: ApiRootRecord = {
      name: str(r.name),
      title: str(r.title),
      maxContentLength: Number(r.max_content_length),
    };
    const d = optStr(r.description);
    if (d !== undefined) out.description = d;
    return out;
  }

  async putCollection(c: CollectionRecord): Promise<void> {
    await this.#db.run(
      `INSERT INTO collections (id, api_root, title, description, alias, policy) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET api_root = excluded.api_root, title = excluded.title,
       description = excluded.description, alias = excluded.alias, policy = excluded.policy`,
      [c.id, c.apiRoot, c.title, c.description ?? null, c.alias ?? null, JSON.stringify(c.policy)],
    );
  }

  async getCollection(apiRoot: string, id: string): Promise<CollectionRecord | undefined> {
    const [r] = await this.#db.all('SELECT * FROM collections WHERE api_root = ? AND id = ?', [apiRoot, id]);
    return r && this.#collection(r);
  }

  async listCollections(apiRoot: string): Promise<CollectionRecord[]> {
    const rows = await this.#db.all('SELECT * FROM collections WHERE api_root = ? ORDER BY id', [apiRoot]);
    return rows.map((r) => this.#collection(r));
  }

  #collection(r: Row): CollectionRecord {
    const out: CollectionRecord = {
      id: str(r.id),
      apiRoot: str(r.api_root),
      title: str(r.title),
      policy: JSON.parse(str(r.policy)) as CollectionRecord['policy'],
    };
    const d = optStr(r.description);
    if (d !== undefined) out.description = d;
    const a = optStr(r.alias);
    if (a !== undefined) out.alias = a;
    return out;
  }

  // --- objects ---------------------------------------------------------------------------------

  async addObjects(req: AddObjectsRequest): Promise<StatusRecord> {
    const successes: StatusDetail[] = [];
    const failures: StatusDetail[] = [...req.rejected];
    const rows: SqlValue[][] = [];
    const meta: {
      id: string;
      version: string;
      hash: string;
      vkey: string;
      object: Record<string, unknown>;
    }[] = [];
    for (const input of req.objects) {
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
      // One strictly increasing date_added per object, so a client polling with added_after set to the
      // last X-TAXII-Date-Added-Last it saw never skips the rest of a partly read envelope.
      const dateAdded = nowTimestamp();
      const json = JSON.stringify(o);
      // The hash of the JSON as posted settles the common re-post (byte-identical) cheaply; only a
      // mismatch pays for the key-order-insensitive comparison below.
      const hash = createHash('sha256').update(json).digest('hex');
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
        hash,
        json,
      ]);
      meta.push({ id, version, hash, vkey, object: o });
    }
    const status: StatusRecord = {
      id: req.statusId,
      apiRoot: req.apiRoot,
      org: req.producerOrg,
      status: 'complete',
      requestTimestamp: req.requestTimestamp,
      totalCount: rows.length + failures.length,
      successCount: 0,
      failureCount: 0,
      pendingCount: 0,
      successes,
      failures,
      pendings: [],
    };
    await this.#db.transaction(async (tx) => {
      const inserted = await tx.insertIgnore(
        'objects',
        OBJECT_INSERT_COLUMNS,
        ['collection_id', 'id', 'version_key'],
        rows,
      );
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
          `SELECT id, version_key, hash, version, json FROM objects WHERE collection_id = ? AND (${part
            .map(() => '(id = ? AND version_key = ?)')
            .join(' OR ')})`,
          [req.collection, ...part.flatMap((m) => [m.id, m.vkey])],
        );
        for (const r of rows) existing.set(`${str(r.id)}\n${str(r.version_key)}`, r);
      }
      for (let i = 0; i < meta.length; i++) {
        const m = meta[i]!;
        if (inserted[i]) {
          successes.push({ id: m.id, version: m.version });
          continue;
        }
        const row = existing.get(`${m.id}\n${m.vkey}`);
        const identical =
          row !== undefined &&
          (str(row.hash) === m.hash || canonicalJson(JSON.parse(str(row.json))) === canonicalJson(m.object));
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
    const rows = await this.#db.all(
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
    return this.#db.transaction((tx) =>
      tx.run(
        `DELETE FROM objects WHERE (collection_id, id, version_key) IN
         (SELECT o.collection_id, o.id, o.version_key FROM objects o WHERE ${where.sql})`,
        where.params,
      ),
    );
  }

  async countObjects(collection: string): Promise<number> {
    const [r] = await this.#db.all('SELECT COUNT(*) AS n FROM objects WHERE collection_id = ?', [collection]);
    return Number(r?.n ?? 0);
  }

  async getStatus(apiRoot: string, id: string): Promise<StatusRecord | undefined> {
    const [r] = await this.#db.all('SELECT * FROM statuses WHERE api_root = ? AND id = ?', [apiRoot, id]);
    return r && toStatus(r);
  }

  // --- organisations, users, keys, trust groups, grants ---------------------------------------

  async putOrg(o: OrgRecord): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await tx.run(
        'INSERT INTO orgs (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name',
        [o.id, o.name],
      );
      await tx.run('DELETE FROM red_recipients WHERE org_id = ?', [o.id]);
      for (const u of new Set(o.redRecipients))
        await tx.run('INSERT INTO red_recipients (org_id, username) VALUES (?, ?)', [o.id, u]);
    });
  }

  async getOrg(id: string): Promise<OrgRecord | undefined> {
    const [r] = await this.#db.all('SELECT id, name FROM orgs WHERE id = ?', [id]);
    if (!r) return undefined;
    const rec = await this.#db.all('SELECT username FROM red_recipients WHERE org_id = ? ORDER BY username', [
      id,
    ]);
    return { id: str(r.id), name: str(r.name), redRecipients: rec.map((x) => str(x.username)) };
  }

  async listOrgs(): Promise<OrgRecord[]> {
    const rows = await this.#db.all('SELECT id FROM orgs ORDER BY id');
    const out: OrgRecord[] = [];
    for (const r of rows) {
      const o = await this.getOrg(str(r.id));
      if (o) out.push(o);
    }
    return out;
  }

  async redSendersTo(username: string): Promise<string[]> {
    const rows = await this.#db.all('SELECT org_id FROM red_recipients WHERE username = ? ORDER BY org_id', [
      username,
    ]);
    return rows.map((r) => str(r.org_id));
  }

  async putUser(u: UserRecord): Promise<void> {
    await this.#db.run(
      `INSERT INTO users (username, org_id, password_hash) VALUES (?, ?, ?)
       ON CONFLICT (username) DO UPDATE SET org_id = excluded.org_id, password_hash = excluded.password_hash`,
      [u.username, u.org, u.passwordHash],
    );
  }

  async getUser(username: string): Promise<UserRecord | undefined> {
    const [r] = await this.#db.all('SELECT * FROM users WHERE username = ?', [username]);
    return (
      r && { username: str(r.username), org: str(r.org_id), passwordHash: optStr(r.password_hash) ?? null }
    );
  }

  async listUsers(): Promise<UserRecord[]> {
    const rows = await this.#db.all('SELECT * FROM users ORDER BY username');
    return rows.map((r) => ({
      username: str(r.username),
      org: str(r.org_id),
      passwordHash: optStr(r.password_hash) ?? null,
    }));
  }

  async putApiKey(k: ApiKeyRecord): Promise<void> {
    await this.#db.run(
      `INSERT INTO api_keys (id, username, secret_hash, label, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET username = excluded.username, secret_hash = excluded.secret_hash,
       label = excluded.label`,
      [k.id, k.username, k.secretHash, k.label ?? null, k.createdAt],
    );
  }

  async getApiKey(id: string): Promise<ApiKeyRecord | undefined> {
    const [r] = await this.#db.all('SELECT * FROM api_keys WHERE id = ?', [id]);
    if (!r) return undefined;
    const out: ApiKeyRecord = {
      id: str(r.id),
      username: str(r.username),
      secretHash: str(r.secret_hash),
      createdAt: str(r.created_at),
    };
    const label = optStr(r.label);
    if (label !== undefined) out.label = label;
    return out;
  }

  async deleteApiKey(id: string): Promise<boolean> {
    return (await this.#db.run('DELETE FROM api_keys WHERE id = ?', [id])) > 0;
  }

  async putTrustGroup(g: TrustGroupRecord): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await tx.run(
        'INSERT INTO trust_groups (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name',
        [g.id, g.name],
      );
      await tx.run('DELETE FROM trust_group_members WHERE group_id = ?', [g.id]);
      for (const org of new Set(g.members))
        await tx.run('INSERT INTO trust_group_members (group_id, org_id) VALUES (?, ?)', [g.id, org]);
    });
  }

  async listTrustGroups(): Promise<TrustGroupRecord[]> {
    const groups = await this.#db.all('SELECT id, name FROM trust_groups ORDER BY id');
    const members = await this.#db.all('SELECT group_id, org_id FROM trust_group_members ORDER BY org_id');
    return groups.map((g) => ({
      id: str(g.id),
      name: str(g.name),
      members: members.filter((m) => m.group_id === g.id).map((m) => str(m.org_id)),
    }));
  }

  async groupsOf(org: string): Promise<string[]> {
    const rows = await this.#db.all(
      'SELECT group_id FROM trust_group_members WHERE org_id = ? ORDER BY group_id',
      [org],
    );
    return rows.map((r) => str(r.group_id));
  }

  async peersOf(org: string): Promise<string[]> {
    const rows = await this.#db.all(
      `SELECT DISTINCT b.org_id FROM trust_group_members a JOIN trust_group_members b ON a.group_id = b.group_id
       WHERE a.org_id = ? AND b.org_id <> ? ORDER BY b.org_id`,
      [org, org],
    );
    return rows.map((r) => str(r.org_id));
  }

  async putGrant(g: GrantRecord): Promise<void> {
    await this.#db.run(
      `INSERT INTO grants (collection_id, grantee_kind, grantee, can_read, can_write) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (collection_id, grantee_kind, grantee) DO UPDATE SET can_read = excluded.can_read,
       can_write = excluded.can_write`,
      [g.collection, g.granteeKind, g.grantee, g.read ? 1 : 0, g.write ? 1 : 0],
    );
  }

  async grantsFor(collection: string): Promise<GrantRecord[]> {
    const rows = await this.#db.all(
      'SELECT * FROM grants WHERE collection_id = ? ORDER BY grantee_kind, grantee',
      [collection],
    );
    return rows.map((r) => ({
      collection: str(r.collection_id),
      granteeKind: str(r.grantee_kind) as GrantRecord['granteeKind'],
      grantee: str(r.grantee),
      read: Number(r.can_read) === 1,
      write: Number(r.can_write) === 1,
    }));
  }

  // --- sightings, contact cards, acknowledgements --------------------------------------------

  async putSighting(s: SightingRecord): Promise<void> {
    await this.#db.run(
      `INSERT INTO sightings (id, collection_id, sighting_of, org_id, count, first_seen, last_seen, json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET count = excluded.count,
       first_seen = excluded.first_seen, last_seen = excluded.last_seen, json = excluded.json`,
      [s.id, s.collection, s.sightingOf, s.org, s.count, s.firstSeen ?? null, s.lastSeen ?? null, s.json],
    );
  }

  async listSightings(sightingOf: string): Promise<SightingRecord[]> {
    const rows = await this.#db.all('SELECT * FROM sightings WHERE sighting_of = ? ORDER BY id', [
      sightingOf,
    ]);
    return rows.map((r) => {
      const out: SightingRecord = {
        id: str(r.id),
        collection: str(r.collection_id),
        sightingOf: str(r.sighting_of),
        org: str(r.org_id),
        count: Number(r.count),
        json: str(r.json),
      };
      const f = optStr(r.first_seen);
      const l = optStr(r.last_seen);
      if (f !== undefined) out.firstSeen = f;
      if (l !== undefined) out.lastSeen = l;
      return out;
    });
  }

  async putContactCard(c: ContactCardRecord): Promise<void> {
    await this.#db.run(
      `INSERT INTO contact_cards (org_id, json, updated) VALUES (?, ?, ?)
       ON CONFLICT (org_id) DO UPDATE SET json = excluded.json, updated = excluded.updated`,
      [c.org, c.json, c.updated],
    );
  }

  async getContactCard(org: string): Promise<ContactCardRecord | undefined> {
    const [r] = await this.#db.all('SELECT * FROM contact_cards WHERE org_id = ?', [org]);
    return r && { org: str(r.org_id), json: str(r.json), updated: str(r.updated) };
  }

  async acknowledge(a: AckRecord): Promise<void> {
    await this.#db.run(
      `INSERT INTO acknowledgements (collection_id, object_id, version_key, version, org_id, kind, at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (collection_id, object_id, version_key, org_id, kind) DO UPDATE SET at = excluded.at`,
      [a.collection, a.objectId, versionKey(a.version) ?? a.version, a.version, a.org, a.kind, a.at],
    );
  }

  async listAcknowledgements(collection: string, objectId: string): Promise<AckRecord[]> {
    const rows = await this.#db.all(
      'SELECT * FROM acknowledgements WHERE collection_id = ? AND object_id = ? ORDER BY version_key, org_id, kind',
      [collection, objectId],
    );
    return rows.map((r) => ({
      collection: str(r.collection_id),
      objectId: str(r.object_id),
      version: str(r.version),
      org: str(r.org_id),
      kind: str(r.kind) as AckRecord['kind'],
      at: str(r.at),
    }));
  }
}
