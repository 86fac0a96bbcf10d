/**
 * The directory half of the SQL store: API roots, collections, organisations (with their TLP:RED
 * recipients), users, API keys, trust groups and grants — the records that decide who reads what.
 * Changes spanning two tables (an org and its recipients, a group and its members) run in one
 * transaction.
 */
import type { Driver } from '../driver.js';
import type {
  ApiKeyRecord,
  ApiRootRecord,
  CollectionRecord,
  GrantRecord,
  OrgRecord,
  TrustGroupRecord,
  UserRecord,
} from '../directory-records.js';
import type { Row } from './rows.js';
import { optStr, str } from './rows.js';

export function apiKeyFromRow(r: Row): ApiKeyRecord {
  const out: ApiKeyRecord = {
    id: str(r.id),
    username: str(r.username),
    secretHash: str(r.secret_hash),
    createdAt: str(r.created_at),
    source: r.source === 'config' ? 'config' : 'admin',
  };
  const label = optStr(r.label);
  if (label !== undefined) out.label = label;
  const expires = optStr(r.expires_at);
  if (expires !== undefined) out.expiresAt = expires;
  const used = optStr(r.last_used_at);
  if (used !== undefined) out.lastUsedAt = used;
  return out;
}

export class SqlDirectory {
  constructor(private readonly db: Driver) {}

  // --- API roots and collections -------------------------------------------------------------

  async putApiRoot(r: ApiRootRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO api_roots (name, title, description, max_content_length) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET title = excluded.title, description = excluded.description,
       max_content_length = excluded.max_content_length, retired_at = NULL`,
      [r.name, r.title, r.description ?? null, r.maxContentLength],
    );
  }

  async getApiRoot(name: string): Promise<ApiRootRecord | undefined> {
    const [r] = await this.db.all('SELECT * FROM api_roots WHERE name = ? AND retired_at IS NULL', [name]);
    return r && this.#apiRoot(r);
  }

  async listApiRoots(): Promise<ApiRootRecord[]> {
    return (await this.db.all('SELECT * FROM api_roots WHERE retired_at IS NULL ORDER BY name')).map((r) =>
      this.#apiRoot(r),
    );
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
    await this.db.run(
      `INSERT INTO collections (id, api_root, title, description, alias, policy) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET api_root = excluded.api_root, title = excluded.title,
       description = excluded.description, alias = excluded.alias, policy = excluded.policy, retired_at = NULL`,
      [c.id, c.apiRoot, c.title, c.description ?? null, c.alias ?? null, JSON.stringify(c.policy)],
    );
  }

  async getCollection(apiRoot: string, id: string): Promise<CollectionRecord | undefined> {
    const [r] = await this.db.all(
      'SELECT * FROM collections WHERE api_root = ? AND id = ? AND retired_at IS NULL',
      [apiRoot, id],
    );
    return r && this.#collection(r);
  }

  async listCollections(apiRoot: string): Promise<CollectionRecord[]> {
    const rows = await this.db.all(
      'SELECT * FROM collections WHERE api_root = ? AND retired_at IS NULL ORDER BY id',
      [apiRoot],
    );
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

  // --- organisations, users, keys, trust groups, grants ---------------------------------------

  async putOrg(o: OrgRecord): Promise<void> {
    await this.db.transaction(async (tx) => {
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
    const [r] = await this.db.all('SELECT id, name FROM orgs WHERE id = ?', [id]);
    if (!r) return undefined;
    const rec = await this.db.all('SELECT username FROM red_recipients WHERE org_id = ? ORDER BY username', [
      id,
    ]);
    return { id: str(r.id), name: str(r.name), redRecipients: rec.map((x) => str(x.username)) };
  }

  async listOrgs(): Promise<OrgRecord[]> {
    const rows = await this.db.all('SELECT id FROM orgs ORDER BY id');
    const out: OrgRecord[] = [];
    for (const r of rows) {
      const o = await this.getOrg(str(r.id));
      if (o) out.push(o);
    }
    return out;
  }

  async redSendersTo(username: string): Promise<string[]> {
    const rows = await this.db.all('SELECT org_id FROM red_recipients WHERE username = ? ORDER BY org_id', [
      username,
    ]);
    return rows.map((r) => str(r.org_id));
  }

  async putUser(u: UserRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO users (username, org_id, password_hash) VALUES (?, ?, ?)
       ON CONFLICT (username) DO UPDATE SET org_id = excluded.org_id, password_hash = excluded.password_hash`,
      [u.username, u.org, u.passwordHash],
    );
  }

  async getUser(username: string): Promise<UserRecord | undefined> {
    const [r] = await this.db.all('SELECT * FROM users WHERE username = ?', [username]);
    return (
      r && { username: str(r.username), org: str(r.org_id), passwordHash: optStr(r.password_hash) ?? null }
    );
  }

  async listUsers(): Promise<UserRecord[]> {
    const rows = await this.db.all('SELECT * FROM users ORDER BY username');
    return rows.map((r) => ({
      username: str(r.username),
      org: str(r.org_id),
      passwordHash: optStr(r.password_hash) ?? null,
    }));
  }

  async putApiKey(k: ApiKeyRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO api_keys (id, username, secret_hash, label, created_at, expires_at, source)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET username = excluded.username, secret_hash = excluded.secret_hash,
       label = excluded.label, expires_at = excluded.expires_at, source = excluded.source`,
      [
        k.id,
        k.username,
        k.secretHash,
        k.label ?? null,
        k.createdAt,
        k.expiresAt ?? null,
        k.source ?? 'admin',
      ],
    );
  }

  async getApiKey(id: string): Promise<ApiKeyRecord | undefined> {
    const [r] = await this.db.all('SELECT * FROM api_keys WHERE id = ?', [id]);
    return r && apiKeyFromRow(r);
  }

  async deleteApiKey(id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM api_keys WHERE id = ?', [id])) > 0;
  }

  async putTrustGroup(g: TrustGroupRecord): Promise<void> {
    await this.db.transaction(async (tx) => {
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
    const groups = await this.db.all('SELECT id, name FROM trust_groups ORDER BY id');
    const members = await this.db.all('SELECT group_id, org_id FROM trust_group_members ORDER BY org_id');
    return groups.map((g) => ({
      id: str(g.id),
      name: str(g.name),
      members: members.filter((m) => m.group_id === g.id).map((m) => str(m.org_id)),
    }));
  }

  async groupsOf(org: string): Promise<string[]> {
    const rows = await this.db.all(
      'SELECT group_id FROM trust_group_members WHERE org_id = ? ORDER BY group_id',
      [org],
    );
    return rows.map((r) => str(r.group_id));
  }

  async peersOf(org: string): Promise<string[]> {
    const rows = await this.db.all(
      `SELECT DISTINCT b.org_id FROM trust_group_members a JOIN trust_group_members b ON a.group_id = b.group_id
       WHERE a.org_id = ? AND b.org_id <> ? ORDER BY b.org_id`,
      [org, org],
    );
    return rows.map((r) => str(r.org_id));
  }

  async putGrant(g: GrantRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO grants (collection_id, grantee_kind, grantee, can_read, can_write) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (collection_id, grantee_kind, grantee) DO UPDATE SET can_read = excluded.can_read,
       can_write = excluded.can_write`,
      [g.collection, g.granteeKind, g.grantee, g.read ? 1 : 0, g.write ? 1 : 0],
    );
  }

  async grantsFor(collection: string): Promise<GrantRecord[]> {
    const rows = await this.db.all(
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
}
