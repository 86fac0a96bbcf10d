/**
 * Object ownership (migration 3): which organisation first published each STIX id, server-wide.
 * Claims run inside the envelope's transaction with INSERT … ON CONFLICT DO NOTHING, so two orgs
 * posting a new id at once cannot both win: the loser's object is kept apart, never a version of the
 * winner's. Cost: one insert per claimed id and one indexed read per 500 ids.
 */
import type { Driver } from '../driver.js';
import { str } from './rows.js';

const CHUNK = 500;

export async function ownersOf(db: Driver, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const part = unique.slice(i, i + CHUNK);
    const rows = await db.all(
      `SELECT id, org_id FROM object_owners WHERE id IN (${part.map(() => '?').join(', ')})`,
      part,
    );
    for (const r of rows) out.set(str(r.id), str(r.org_id));
  }
  return out;
}

/**
 * Claims `ids` for `org` where nobody owns them yet; returns the owner of every id afterwards.
 * Must run inside the caller's transaction.
 */
export async function claimOwners(
  tx: Driver,
  org: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  await tx.insertIgnore(
    'object_owners',
    ['id', 'org_id'],
    ['id'],
    unique.map((id) => [id, org]),
  );
  return ownersOf(tx, unique);
}
