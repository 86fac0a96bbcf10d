/**
 * The data-set dashboard's watchlists in the store (sql/watchlists.ts, migration 8): named lists of
 * accounts, each owned by one org.
 */

/** A named list of accounts kept by an org for the data-set dashboard (migration 8). */
export interface WatchlistRecord {
  id: string;
  org: string;
  name: string;
  accounts: string[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** What {@link WatchlistRecord} updates answer: the new record, or why nothing was written. */
export type WatchlistUpdateResult =
  { outcome: 'updated'; record: WatchlistRecord } | { outcome: 'missing' | 'name-taken' };
