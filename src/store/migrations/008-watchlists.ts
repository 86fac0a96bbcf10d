/**
 * Migration 8: watchlists of the workspace's data-set dashboard (src/workspace/dashboard, docs/UI.md
 * "Data-set dashboard"). A watchlist is a named list of accounts kept per organisation: the dashboard
 * shows what those accounts posted in a run. Names are unique within an org; another org's list is
 * never read (every query names the org).
 */
export const version = 8;
export const name = 'watchlists';

export const sql = `
CREATE TABLE watchlists (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  name TEXT NOT NULL,
  accounts TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX watchlists_org_name ON watchlists (org_id, name);
`;
