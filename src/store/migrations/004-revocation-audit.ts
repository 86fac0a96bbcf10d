/**
 * Migration 4: what revocation and the audit log need.
 * - `api_keys` gain `expires_at` (a key past it is refused like an unknown one), `last_used_at`
 *   (written at most once a minute per key) and `source`: `config` for keys the configuration file
 *   declares (a restart without them removes them), `admin` for keys `taxii-admin create-key` minted.
 *   Keys stored before this migration count as `admin`: nothing here can tell where they came from, so
 *   they stay until `taxii-admin revoke-key` removes them (docs/EXCHANGE.md, Revocation).
 * - `api_roots` and `collections` gain `retired_at`: one removed from the configuration is hidden (404)
 *   but its objects are kept; naming it again in the configuration reopens it.
 * - `audit_log`: every write, every denied request and every admin change (who, what, when).
 */
export const version = 4;
export const name = 'revocation-audit';

export const sql = `
ALTER TABLE api_keys ADD COLUMN expires_at TEXT;
ALTER TABLE api_keys ADD COLUMN last_used_at TEXT;
ALTER TABLE api_keys ADD COLUMN source TEXT NOT NULL DEFAULT 'admin';
ALTER TABLE api_roots ADD COLUMN retired_at TEXT;
ALTER TABLE collections ADD COLUMN retired_at TEXT;
CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT,
  org_id TEXT,
  action TEXT NOT NULL,
  target TEXT,
  outcome TEXT NOT NULL,
  status INTEGER,
  request_id TEXT,
  detail TEXT
);
CREATE INDEX audit_log_at ON audit_log (at, id);
`;
