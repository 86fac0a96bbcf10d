/**
 * Migration 3: object ownership (docs/EXCHANGE.md, "Versioning and ownership"). `object_owners` records,
 * server-wide, the organisation that first published each STIX id (STIX 2.1 §3.6: only the creator
 * may version an object). Object rows gain a `lane` in their key: '' for the owner's versions, an org
 * id for a copy that org posted of an id it does not own — kept apart, visible to that org only, so a
 * collision with a hidden object neither overwrites it nor tells the poster that it exists.
 *
 * Existing rows are sorted as the rule would have: the first poster of each id (earliest date_added)
 * becomes its owner, and versions other orgs added before this migration move to their own lanes.
 * The objects table is rebuilt once (SQLite cannot change a primary key in place).
 */
export const version = 3;
export const name = 'object-owners';

export const sql = `
CREATE TABLE object_owners (
  id TEXT PRIMARY KEY,
  org_id TEXT NOT NULL
);
INSERT INTO object_owners (id, org_id)
SELECT id, producer_org FROM (
  SELECT id, producer_org,
    ROW_NUMBER() OVER (PARTITION BY id ORDER BY date_added, collection_id, version_key) AS rn
  FROM objects WHERE producer_org IS NOT NULL
) first_posts WHERE rn = 1;
CREATE TABLE objects_v3 (
  collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  version_key TEXT NOT NULL,
  lane TEXT NOT NULL DEFAULT '',
  version TEXT NOT NULL,
  type TEXT NOT NULL,
  spec_version TEXT NOT NULL,
  date_added TEXT NOT NULL,
  tlp TEXT NOT NULL,
  producer_org TEXT,
  json TEXT NOT NULL,
  PRIMARY KEY (collection_id, id, version_key, lane)
);
INSERT INTO objects_v3 (collection_id, id, version_key, lane, version, type, spec_version, date_added, tlp,
  producer_org, json)
SELECT o.collection_id, o.id, o.version_key,
  CASE WHEN o.producer_org IS NULL OR o.producer_org = w.org_id THEN '' ELSE o.producer_org END,
  o.version, o.type, o.spec_version, o.date_added, o.tlp, o.producer_org, o.json
FROM objects o LEFT JOIN object_owners w ON w.id = o.id;
DROP TABLE objects;
ALTER TABLE objects_v3 RENAME TO objects;
CREATE INDEX objects_page ON objects (collection_id, date_added, id, version_key);
CREATE INDEX objects_type ON objects (collection_id, type, date_added);
`;
