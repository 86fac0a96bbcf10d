/**
 * Migration 7: cases of the workspace (src/workspace/cases, docs/UI.md "Cases").
 * - `cases`: one investigation owned by an org, marked with a TLP, with its workflow status, assignee
 *   and where it was opened from (a run's network or account set). `version` counts changes so two
 *   analysts editing at once cannot overwrite each other unseen (optimistic concurrency).
 * - `case_accounts`: the accounts a case is about, so an account page can list its cases (index on
 *   run and account).
 * - `case_events`: the case's append-only trail (opened, status, assignee, TLP, title, note, pin,
 *   unpin, shared, notified), numbered per case; notes and pinned evidence are events too, so the
 *   trail cannot miss a change.
 * - `case_shares`: a case sent to a partner org's point of contact: what was sent (a snapshot, so the
 *   partner sees what the sender saw at that time), at which TLP, and the partner's acknowledgement
 *   (the first one kept). A re-share replaces the snapshot, bumps `version` and asks again.
 */
export const version = 7;
export const name = 'cases';

export const sql = `
CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL,
  tlp TEXT NOT NULL,
  title TEXT NOT NULL,
  status TEXT NOT NULL,
  assignee TEXT,
  run_id TEXT,
  network TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL
);
CREATE INDEX cases_org ON cases (org_id, updated_at);
CREATE TABLE case_accounts (
  case_id TEXT NOT NULL,
  run_id TEXT NOT NULL,
  account TEXT NOT NULL,
  PRIMARY KEY (case_id, account)
);
CREATE INDEX case_accounts_account ON case_accounts (run_id, account);
CREATE TABLE case_events (
  case_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (case_id, seq)
);
CREATE TABLE case_shares (
  case_id TEXT NOT NULL,
  to_org TEXT NOT NULL,
  from_org TEXT NOT NULL,
  tlp TEXT NOT NULL,
  topic TEXT,
  version INTEGER NOT NULL,
  shared_at TEXT NOT NULL,
  shared_by TEXT NOT NULL,
  json TEXT NOT NULL,
  ack_kind TEXT,
  ack_at TEXT,
  ack_by TEXT,
  PRIMARY KEY (case_id, to_org)
);
CREATE INDEX case_shares_to ON case_shares (to_org, shared_at);
`;
