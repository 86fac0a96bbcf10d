/**
 * Revocation in the SQL store: removing users and keys, listing keys, recording key use, and the
 * prune that makes the directory what the configuration names (docs/EXCHANGE.md, Revocation).
 *
 * The prune reads the current ids and deletes the difference by id rather than `NOT IN (…)`: the
 * directory is small (hundreds of rows), an empty keep-list needs no special SQL, and the report says
 * exactly what went. Objects, sightings and acknowledgements are never touched: shared intelligence
 * outlives the account that posted it; API roots and collections are retired (hidden), not dropped,
 * so a mistaken edit of the configuration is undone by restoring the entry.
 */
import type { Driver } from '../driver.js';
import type { ApiKeyRecord, DirectoryKeep, PruneReport } from '../directory-records.js';
import { apiKeyFromRow } from './directory.js';
import { str } from './rows.js';

async function ids(tx: Driver, sql: string): Promise<string[]> {
  return (await tx.all(sql)).map((r) => str(Object.values(r)[0]));
}

const grantKey = (g: { collection: string; granteeKind: string; grantee: string }): string =>
  `${g.collection}:${g.granteeKind}:${g.grantee}`;

async function deleteUserIn(tx: Driver, username: string): Promise<boolean> {
  await tx.run('DELETE FROM api_keys WHERE username = ?', [username]);
  await tx.run('DELETE FROM red_recipients WHERE username = ?', [username]);
  return (await tx.run('DELETE FROM users WHERE username = ?', [username])) > 0;
}

export class SqlRevocation {
  constructor(private readonly db: Driver) {}

  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return (await this.db.all('SELECT * FROM api_keys ORDER BY username, id')).map(apiKeyFromRow);
  }

  async touchApiKey(id: string, at: string): Promise<void> {
    await this.db.run('UPDATE api_keys SET last_used_at = ? WHERE id = ?', [at, id]);
  }

  deleteUser(username: string): Promise<boolean> {
    return this.db.transaction((tx) => deleteUserIn(tx, username));
  }

  async listRetired(): Promise<{ apiRoots: string[]; collections: string[] }> {
    return {
      apiRoots: await ids(this.db, 'SELECT name FROM api_roots WHERE retired_at IS NOT NULL ORDER BY name'),
      collections: await ids(this.db, 'SELECT id FROM collections WHERE retired_at IS NOT NULL ORDER BY id'),
    };
  }

  pruneDirectory(keep: DirectoryKeep): Promise<PruneReport> {
    const now = new Date().toISOString();
    return this.db.transaction(async (tx) => {
      const gone = (all: string[], kept: readonly string[]): string[] => {
        const k = new Set(kept);
        return all.filter((x) => !k.has(x));
      };
      const report: PruneReport = {
        users: gone(await ids(tx, 'SELECT username FROM users ORDER BY username'), keep.users),
        apiKeys: [],
        grants: [],
        trustGroups: gone(await ids(tx, 'SELECT id FROM trust_groups ORDER BY id'), keep.trustGroups),
        orgs: gone(await ids(tx, 'SELECT id FROM orgs ORDER BY id'), keep.orgs),
        collections: gone(
          await ids(tx, 'SELECT id FROM collections WHERE retired_at IS NULL ORDER BY id'),
          keep.collections,
        ),
        apiRoots: gone(
          await ids(tx, 'SELECT name FROM api_roots WHERE retired_at IS NULL ORDER BY name'),
          keep.apiRoots,
        ),
      };
      // Keys first, so the report lists the keys of removed users too.
      const configKeys = new Set(keep.configKeys);
      const removedUsers = new Set(report.users);
      for (const k of await tx.all('SELECT id, username, source FROM api_keys ORDER BY id')) {
        const id = str(k.id);
        if (removedUsers.has(str(k.username)) || (k.source === 'config' && !configKeys.has(id))) {
          await tx.run('DELETE FROM api_keys WHERE id = ?', [id]);
          report.apiKeys.push(id);
        }
      }
      for (const u of report.users) await deleteUserIn(tx, u);
      const keptGrants = new Set(keep.grants.map(grantKey));
      const grants = await tx.all(
        'SELECT collection_id, grantee_kind, grantee FROM grants ORDER BY collection_id, grantee_kind, grantee',
      );
      for (const g of grants) {
        const key = grantKey({
          collection: str(g.collection_id),
          granteeKind: str(g.grantee_kind),
          grantee: str(g.grantee),
        });
        if (keptGrants.has(key)) continue;
        await tx.run('DELETE FROM grants WHERE collection_id = ? AND grantee_kind = ? AND grantee = ?', [
          str(g.collection_id),
          str(g.grantee_kind),
          str(g.grantee),
        ]);
        report.grants.push(key);
      }
      for (const g of report.trustGroups) await tx.run('DELETE FROM trust_groups WHERE id = ?', [g]);
      for (const o of report.orgs) {
        // Users of a removed org were removed above (a configuration cannot keep a user without its org).
        await tx.run('DELETE FROM orgs WHERE id = ?', [o]);
      }
      for (const c of report.collections)
        await tx.run('UPDATE collections SET retired_at = ? WHERE id = ?', [now, c]);
      for (const r of report.apiRoots)
        await tx.run('UPDATE api_roots SET retired_at = ? WHERE name = ?', [now, r]);
      return report;
    });
  }
}
