/**
 * The fact-check table of the SQL store (migration 5): one row per review URL. `putFactChecks`
 * makes re-imports idempotent: an unchanged record is left alone (its `updated_at` too), a changed
 * one is replaced, a new one inserted, all in one transaction.
 *
 * Cost: one keyed SELECT per 500 records plus one write per new or changed record.
 */
import type { Driver } from '../driver.js';
import type { FactCheckRow, FactCheckWrite } from '../factcheck-records.js';
import type { Row } from './rows.js';
import { optStr, str } from './rows.js';

const CHUNK = 500;

function toRow(r: Row): FactCheckRow {
  const out: FactCheckRow = {
    key: str(r.review_key),
    url: str(r.url),
    json: str(r.json),
    importedAt: str(r.imported_at),
    updatedAt: str(r.updated_at),
  };
  const p = optStr(r.publisher);
  const l = optStr(r.language);
  const d = optStr(r.review_date);
  if (p !== undefined) out.publisher = p;
  if (l !== undefined) out.language = l;
  if (d !== undefined) out.reviewDate = d;
  return out;
}

export class SqlFactChecks {
  constructor(private readonly db: Driver) {}

  putFactChecks(
    rows: readonly FactCheckWrite[],
    now: string,
  ): Promise<{ inserted: number; updated: number; unchanged: number }> {
    return this.db.transaction(async (tx) => {
      let inserted = 0;
      let updated = 0;
      let unchanged = 0;
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        const existing = new Map<string, string>();
        const found = await tx.all(
          `SELECT review_key, json FROM factchecks WHERE review_key IN (${chunk.map(() => '?').join(', ')})`,
          chunk.map((r) => r.key),
        );
        for (const f of found) existing.set(str(f.review_key), str(f.json));
        for (const r of chunk) {
          const before = existing.get(r.key);
          const values = [r.url, r.publisher ?? null, r.language ?? null, r.reviewDate ?? null, r.json];
          if (before === undefined) {
            await tx.run(
              `INSERT INTO factchecks (review_key, url, publisher, language, review_date, json, imported_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
              [r.key, ...values, now, now],
            );
            inserted++;
          } else if (before !== r.json) {
            await tx.run(
              `UPDATE factchecks SET url = ?, publisher = ?, language = ?, review_date = ?, json = ?, updated_at = ?
               WHERE review_key = ?`,
              [...values, now, r.key],
            );
            updated++;
          } else unchanged++;
          existing.set(r.key, r.json);
        }
      }
      return { inserted, updated, unchanged };
    });
  }

  async listFactChecks(): Promise<FactCheckRow[]> {
    const rows = await this.db.all('SELECT * FROM factchecks ORDER BY review_key');
    return rows.map(toRow);
  }

  async countFactChecks(): Promise<number> {
    const rows = await this.db.all<{ n: unknown }>('SELECT COUNT(*) AS n FROM factchecks');
    return Number(rows[0]?.n ?? 0);
  }
}
