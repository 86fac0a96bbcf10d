/**
 * The watchlists table of the SQL store (migration 8): an org's named lists of accounts. Every query
 * names the org, so another org's list reads exactly like an unknown id. Names are unique per org
 * (a unique index; a clash is reported, not thrown).
 */
import type { Driver } from '../driver.js';
import type { WatchlistRecord, WatchlistUpdateResult } from '../watchlist-records.js';
import type { Row } from './rows.js';
import { str } from './rows.js';

function toWatchlist(r: Row): WatchlistRecord {
  return {
    id: str(r.id),
    org: str(r.org_id),
    name: str(r.name),
    accounts: JSON.parse(str(r.accounts)) as string[],
    createdBy: str(r.created_by),
    createdAt: str(r.created_at),
    updatedAt: str(r.updated_at),
  };
}

export class SqlWatchlists {
  constructor(private readonly db: Driver) {}

  /** False when the org already has a list of that name (nothing written). */
  createWatchlist(w: WatchlistRecord): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const clash = await tx.all('SELECT id FROM watchlists WHERE org_id = ? AND name = ?', [w.org, w.name]);
      if (clash.length > 0) return false;
      await tx.run(
        `INSERT INTO watchlists (id, org_id, name, accounts, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [w.id, w.org, w.name, JSON.stringify(w.accounts), w.createdBy, w.createdAt, w.updatedAt],
      );
      return true;
    });
  }

  async listWatchlists(org: string): Promise<WatchlistRecord[]> {
    const rows = await this.db.all('SELECT * FROM watchlists WHERE org_id = ? ORDER BY name, id', [org]);
    return rows.map(toWatchlist);
  }

  async getWatchlist(id: string, org: string): Promise<WatchlistRecord | undefined> {
    const rows = await this.db.all('SELECT * FROM watchlists WHERE id = ? AND org_id = ?', [id, org]);
    return rows[0] ? toWatchlist(rows[0]) : undefined;
  }

  /**
   * Replaces a list's name and accounts: `updated` (the new record), `missing` (no such list of the
   * org) or `name-taken` (another list of the org has that name; nothing written).
   */
  updateWatchlist(
    id: string,
    org: string,
    change: { name: string; accounts: readonly string[]; updatedAt: string },
  ): Promise<WatchlistUpdateResult> {
    return this.db.transaction(async (tx) => {
      const clash = await tx.all('SELECT id FROM watchlists WHERE org_id = ? AND name = ? AND id <> ?', [
        org,
        change.name,
        id,
      ]);
      if (clash.length > 0) return { outcome: 'name-taken' as const };
      const n = await tx.run(
        'UPDATE watchlists SET name = ?, accounts = ?, updated_at = ? WHERE id = ? AND org_id = ?',
        [change.name, JSON.stringify(change.accounts), change.updatedAt, id, org],
      );
      if (n === 0) return { outcome: 'missing' as const };
      const rows = await tx.all('SELECT * FROM watchlists WHERE id = ? AND org_id = ?', [id, org]);
      return { outcome: 'updated' as const, record: toWatchlist(rows[0]!) };
    });
  }

  async deleteWatchlist(id: string, org: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM watchlists WHERE id = ? AND org_id = ?', [id, org])) > 0;
  }
}
