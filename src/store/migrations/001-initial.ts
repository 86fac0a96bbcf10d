/**
 * Migration 1: the whole initial schema. Written once in portable SQL; `render` adapts it per dialect
 * (TEXT gets the "C" collation on PostgreSQL so byte order = timestamp order in both databases).
 * Object rows are keyed by (collection, id, version_key); the page index serves the keyset cursor.
 */
export const version = 1;
export const name = 'initial';

export const sql = `
CREATE TABLE api_roots (
  name TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  description TEXT,
  max_content_length BIGINT NOT NULL
);
CREATE TABLE collections (
  id TEXT PRIMARY KEY,
  api_root TEXT NOT NULL REFERENCES api_roots(name) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT,
  alias TEXT,
  policy TEXT NOT NULL
);
CREATE INDEX collections_root ON collections (api_root);
CREATE TABLE objects (
  collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  version_key TEXT NOT NULL,
  version TEXT NOT NULL,
  type TEXT NOT NULL,
  spec_version TEXT NOT NULL,
  date_added TEXT NOT NULL,
  tlp TEXT NOT NULL,
  producer_org TEXT,
  hash TEXT NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (collection_id, id, version_key)
);
CREATE INDEX objects_page ON objects (collection_id, date_added, id, version_key);
CREATE INDEX objects_type ON objects (collection_id, type, date_added);
CREATE TABLE statuses (
  id TEXT PRIMARY KEY,
  api_root TEXT NOT NULL,
  org_id TEXT,
  request_timestamp TEXT NOT NULL,
  total_count INTEGER NOT NULL,
  success_count INTEGER NOT NULL,
  failure_count INTEGER NOT NULL,
  pending_count INTEGER NOT NULL,
  details TEXT NOT NULL
);
CREATE TABLE orgs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE red_recipients (
  org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  username TEXT NOT NULL,
  PRIMARY KEY (org_id, username)
);
CREATE INDEX red_recipients_user ON red_recipients (username);
CREATE TABLE users (
  username TEXT PRIMARY KEY,
  org_id TEXT NOT NULL REFERENCES orgs(id),
  password_hash TEXT
);
CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
  secret_hash TEXT NOT NULL,
  label TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE trust_groups (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE trust_group_members (
  group_id TEXT NOT NULL REFERENCES trust_groups(id) ON DELETE CASCADE,
  org_id TEXT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, org_id)
);
CREATE INDEX trust_group_members_org ON trust_group_members (org_id);
CREATE TABLE grants (
  collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  grantee_kind TEXT NOT NULL CHECK (grantee_kind IN ('org', 'group')),
  grantee TEXT NOT NULL,
  can_read INTEGER NOT NULL,
  can_write INTEGER NOT NULL,
  PRIMARY KEY (collection_id, grantee_kind, grantee)
);
CREATE TABLE sightings (
  id TEXT PRIMARY KEY,
  collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  sighting_of TEXT NOT NULL,
  org_id TEXT NOT NULL,
  count INTEGER NOT NULL,
  first_seen TEXT,
  last_seen TEXT,
  json TEXT NOT NULL
);
CREATE INDEX sightings_of ON sightings (sighting_of);
CREATE TABLE contact_cards (
  org_id TEXT PRIMARY KEY REFERENCES orgs(id) ON DELETE CASCADE,
  json TEXT NOT NULL,
  updated TEXT NOT NULL
);
CREATE TABLE acknowledgements (
  collection_id TEXT NOT NULL,
  object_id TEXT NOT NULL,
  version_key TEXT NOT NULL,
  version TEXT NOT NULL,
  org_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (collection_id, object_id, version_key, org_id, kind)
);
`;
