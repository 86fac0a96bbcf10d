/**
 * Migration 6: the workspace (src/workspace, docs/UI.md).
 * - `runs`: one published detection run, owned by an org and marked with a TLP; its counts and the
 *   run.json facts (parameters, input summary) the runs list shows.
 * - `run_pages`: page data precomputed at import (graph nodes/edges, networks, the data set's
 *   hour-of-day profile) as JSON, so opening a page is one keyed read whatever the run's size.
 * - `run_accounts`: one row per account in a run with everything its page shows (result, partners,
 *   activity, example posts), keyed by (run, account).
 * - `workspace_sessions`: browser sessions; the cookie's secret is stored as its SHA-256 only.
 */
export const version = 6;
export const name = 'workspace';

export const sql = `
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  tlp TEXT NOT NULL,
  title TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  added_at TEXT NOT NULL,
  posts INTEGER NOT NULL,
  accounts INTEGER NOT NULL,
  networks INTEGER NOT NULL,
  edges INTEGER NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX runs_org ON runs (org_id, added_at);
CREATE TABLE run_pages (
  run_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (run_id, kind)
);
CREATE TABLE run_accounts (
  run_id TEXT NOT NULL,
  account TEXT NOT NULL,
  screen_name TEXT,
  network TEXT,
  score DOUBLE PRECISION NOT NULL,
  automation DOUBLE PRECISION,
  json TEXT NOT NULL,
  PRIMARY KEY (run_id, account)
);
CREATE TABLE workspace_sessions (
  id_hash TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  org_id TEXT NOT NULL,
  csrf TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX workspace_sessions_user ON workspace_sessions (username);
`;
