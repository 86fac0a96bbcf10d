/**
 * The audit log in the SQL store: append-only rows of who did what, when, and how it ended
 * (docs/EXCHANGE.md, Logging and audit). Queried newest first through the `(at, id)` index.
 * Cost: one multi-row INSERT per batch; a query is one index range scan.
 */
import { randomUUID } from 'node:crypto';
import type { Driver, SqlValue } from '../driver.js';
import type { AuditEntry, AuditQuery } from '../audit-records.js';
import type { Row } from './rows.js';
import { optStr, str } from './rows.js';

const COLUMNS = [
  'id',
  'at',
  'actor',
  'org_id',
  'action',
  'target',
  'outcome',
  'status',
  'request_id',
  'detail',
];

function fromRow(r: Row): AuditEntry {
  const e: AuditEntry = {
    at: str(r.at),
    actor: optStr(r.actor) ?? null,
    org: optStr(r.org_id) ?? null,
    action: str(r.action),
    outcome: str(r.outcome) as AuditEntry['outcome'],
  };
  const target = optStr(r.target);
  if (target !== undefined) e.target = target;
  if (r.status !== null && r.status !== undefined) e.status = Number(r.status);
  const rid = optStr(r.request_id);
  if (rid !== undefined) e.requestId = rid;
  const detail = optStr(r.detail);
  if (detail !== undefined) e.detail = JSON.parse(detail) as Record<string, unknown>;
  return e;
}

/**
 * Appends numbered in this process, so rows of one millisecond sort (`at`, then `id`) in the order
 * they were appended: a random id alone ordered them by chance (a denied unpin could list before the
 * unpin it followed). Zero-padded so the ids compare as strings; the UUID keeps ids unique across
 * processes and restarts.
 */
let sequence = 0;

export class SqlAudit {
  constructor(private readonly db: Driver) {}

  async append(entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const rows: SqlValue[][] = entries.map((e) => [
      // `at`, then the append sequence: rows of the same millisecond keep their order.
      `${e.at}-${String(sequence++).padStart(15, '0')}-${randomUUID()}`,
      e.at,
      e.actor,
      e.org,
      e.action,
      e.target ?? null,
      e.outcome,
      e.status ?? null,
      e.requestId ?? null,
      e.detail ? JSON.stringify(e.detail) : null,
    ]);
    await this.db.insertIgnore('audit_log', COLUMNS, ['id'], rows);
  }

  async query(q: AuditQuery): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    const term = (sql: string, v: string | undefined): void => {
      if (v === undefined) return;
      where.push(sql);
      params.push(v);
    };
    term('at >= ?', q.since);
    term('at <= ?', q.until);
    term('actor = ?', q.actor);
    term('action = ?', q.action);
    term('outcome = ?', q.outcome);
    const limit = Math.max(1, Math.min(q.limit ?? 100, 100_000));
    const rows = await this.db.all(
      `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY at DESC, id DESC LIMIT ${limit}`,
      params,
    );
    return rows.map(fromRow);
  }
}
