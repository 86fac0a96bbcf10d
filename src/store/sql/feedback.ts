/**
 * The feedback records of the SQL store: sightings, contact cards and acknowledgements (the side
 * records partners send back to a producer; see docs/EXCHANGE.md "Feedback").
 */
import type { Driver } from '../driver.js';
import { versionKey } from '../timestamps.js';
import type { AckRecord, ContactCardRecord, SightingRecord } from '../feedback-records.js';
import type { Row } from './rows.js';
import { optStr, str } from './rows.js';

function toAck(r: Row): AckRecord {
  return {
    collection: str(r.collection_id),
    objectId: str(r.object_id),
    version: str(r.version),
    org: str(r.org_id),
    kind: str(r.kind) as AckRecord['kind'],
    at: str(r.at),
  };
}

export class SqlFeedback {
  constructor(private readonly db: Driver) {}

  async putSighting(s: SightingRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO sightings (id, collection_id, sighting_of, org_id, count, first_seen, last_seen, json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET count = excluded.count,
       first_seen = excluded.first_seen, last_seen = excluded.last_seen, json = excluded.json`,
      [s.id, s.collection, s.sightingOf, s.org, s.count, s.firstSeen ?? null, s.lastSeen ?? null, s.json],
    );
  }

  async listSightings(sightingOf: string): Promise<SightingRecord[]> {
    const rows = await this.db.all('SELECT * FROM sightings WHERE sighting_of = ? ORDER BY id', [sightingOf]);
    return rows.map((r) => {
      const out: SightingRecord = {
        id: str(r.id),
        collection: str(r.collection_id),
        sightingOf: str(r.sighting_of),
        org: str(r.org_id),
        count: Number(r.count),
        json: str(r.json),
      };
      const f = optStr(r.first_seen);
      const l = optStr(r.last_seen);
      if (f !== undefined) out.firstSeen = f;
      if (l !== undefined) out.lastSeen = l;
      return out;
    });
  }

  async putContactCard(c: ContactCardRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO contact_cards (org_id, json, updated) VALUES (?, ?, ?)
       ON CONFLICT (org_id) DO UPDATE SET json = excluded.json, updated = excluded.updated`,
      [c.org, c.json, c.updated],
    );
  }

  async getContactCard(org: string): Promise<ContactCardRecord | undefined> {
    const [r] = await this.db.all('SELECT * FROM contact_cards WHERE org_id = ?', [org]);
    return r && { org: str(r.org_id), json: str(r.json), updated: str(r.updated) };
  }

  async acknowledge(a: AckRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO acknowledgements (collection_id, object_id, version_key, version, org_id, kind, at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (collection_id, object_id, version_key, org_id, kind) DO UPDATE SET at = excluded.at`,
      [a.collection, a.objectId, versionKey(a.version) ?? a.version, a.version, a.org, a.kind, a.at],
    );
  }

  async listAcknowledgements(collection: string, objectId: string): Promise<AckRecord[]> {
    const rows = await this.db.all(
      'SELECT * FROM acknowledgements WHERE collection_id = ? AND object_id = ? ORDER BY version_key, org_id, kind',
      [collection, objectId],
    );
    return rows.map(toAck);
  }

  async acknowledgeOnce(a: AckRecord): Promise<{ record: AckRecord; created: boolean }> {
    const vkey = versionKey(a.version) ?? a.version;
    const created =
      (await this.db.run(
        `INSERT INTO acknowledgements (collection_id, object_id, version_key, version, org_id, kind, at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (collection_id, object_id, version_key, org_id, kind) DO NOTHING`,
        [a.collection, a.objectId, vkey, a.version, a.org, a.kind, a.at],
      )) > 0;
    const [r] = await this.db.all(
      `SELECT * FROM acknowledgements
       WHERE collection_id = ? AND object_id = ? AND version_key = ? AND org_id = ? AND kind = ?`,
      [a.collection, a.objectId, vkey, a.org, a.kind],
    );
    return { record: r ? toAck(r) : a, created };
  }
}
