/**
 * The workspace's cases in the SQL store (migration 7). Every read names the reading org and filters
 * on it in SQL: a case is its org's working record, so another org's case answers exactly like an
 * unknown id. A change is one transaction: the `UPDATE … version = version + 1` comes first, which on
 * PostgreSQL locks the row, so concurrent writers to one case queue and each numbers its events after
 * the last committed one (SQLite serialises transactions in the driver).
 * Cost: keyed reads and writes; listing an org's cases is one index range plus one for their accounts.
 */
import type { Driver, SqlValue } from '../driver.js';
import type {
  CaseShareRecord,
  CaseEventRecord,
  CaseEventWrite,
  CaseRecord,
  CaseStatus,
  CaseUpdate,
  CaseUpdateResult,
} from '../case-records.js';
import type { Tlp } from '../visibility.js';
import type { Row } from './rows.js';
import { optStr, str } from './rows.js';

function toCase(r: Row, accounts: string[]): CaseRecord {
  return {
    id: str(r.id),
    org: str(r.org_id),
    tlp: str(r.tlp) as Tlp,
    title: str(r.title),
    status: str(r.status) as CaseStatus,
    assignee: optStr(r.assignee) ?? null,
    runId: optStr(r.run_id) ?? null,
    network: optStr(r.network) ?? null,
    accounts,
    createdBy: str(r.created_by),
    createdAt: str(r.created_at),
    updatedAt: str(r.updated_at),
    version: Number(r.version),
  };
}

function toShare(r: Row): CaseShareRecord {
  const kind = optStr(r.ack_kind);
  return {
    caseId: str(r.case_id),
    toOrg: str(r.to_org),
    fromOrg: str(r.from_org),
    tlp: str(r.tlp) as Tlp,
    topic: optStr(r.topic) ?? null,
    version: Number(r.version),
    sharedAt: str(r.shared_at),
    sharedBy: str(r.shared_by),
    json: str(r.json),
    ack:
      kind === undefined
        ? null
        : { kind: kind as 'received' | 'actioned' | 'rejected', at: str(r.ack_at), by: str(r.ack_by) },
  };
}

function toEvent(r: Row): CaseEventRecord {
  return {
    caseId: str(r.case_id),
    seq: Number(r.seq),
    at: str(r.at),
    actor: str(r.actor),
    kind: str(r.kind),
    json: str(r.json),
  };
}

const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

export class SqlCases {
  constructor(private readonly db: Driver) {}

  createCase(c: CaseRecord, events: readonly CaseEventWrite[]): Promise<void> {
    return this.db.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO cases (id, org_id, tlp, title, status, assignee, run_id, network, created_by,
         created_at, updated_at, version) VALUES (${marks(12)})`,
        [
          c.id,
          c.org,
          c.tlp,
          c.title,
          c.status,
          c.assignee,
          c.runId,
          c.network,
          c.createdBy,
          c.createdAt,
          c.updatedAt,
          c.version,
        ],
      );
      if (c.runId !== null && c.accounts.length > 0)
        await tx.insertIgnore(
          'case_accounts',
          ['case_id', 'run_id', 'account'],
          ['case_id', 'account'],
          c.accounts.map((a) => [c.id, c.runId, a]),
        );
      await this.#append(tx, c.id, 0, events);
    });
  }

  async #append(tx: Driver, caseId: string, after: number, events: readonly CaseEventWrite[]): Promise<void> {
    if (events.length === 0) return;
    const rows: SqlValue[][] = events.map((e, i) => [caseId, after + i + 1, e.at, e.actor, e.kind, e.json]);
    await tx.insertIgnore(
      'case_events',
      ['case_id', 'seq', 'at', 'actor', 'kind', 'json'],
      ['case_id', 'seq'],
      rows,
    );
  }

  async #accountsOf(db: Driver, ids: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return out;
    const rows = await db.all(
      `SELECT case_id, account FROM case_accounts WHERE case_id IN (${marks(ids.length)}) ORDER BY case_id, account`,
      ids,
    );
    for (const r of rows) out.get(str(r.case_id))?.push(str(r.account));
    return out;
  }

  async listCases(org: string): Promise<CaseRecord[]> {
    const rows = await this.db.all('SELECT * FROM cases WHERE org_id = ? ORDER BY updated_at DESC, id', [
      org,
    ]);
    const accounts = await this.#accountsOf(
      this.db,
      rows.map((r) => str(r.id)),
    );
    return rows.map((r) => toCase(r, accounts.get(str(r.id)) ?? []));
  }

  async getCase(id: string, org: string, db: Driver = this.db): Promise<CaseRecord | undefined> {
    const [r] = await db.all('SELECT * FROM cases WHERE id = ? AND org_id = ?', [id, org]);
    if (!r) return undefined;
    return toCase(r, (await this.#accountsOf(db, [id])).get(id) ?? []);
  }

  async casesWithAccount(org: string, runId: string, account: string): Promise<CaseRecord[]> {
    const rows = await this.db.all(
      `SELECT c.* FROM cases c JOIN case_accounts a ON a.case_id = c.id
       WHERE a.run_id = ? AND a.account = ? AND c.org_id = ? ORDER BY c.updated_at DESC, c.id`,
      [runId, account, org],
    );
    const accounts = await this.#accountsOf(
      this.db,
      rows.map((r) => str(r.id)),
    );
    return rows.map((r) => toCase(r, accounts.get(str(r.id)) ?? []));
  }

  updateCase(u: CaseUpdate): Promise<CaseUpdateResult> {
    return this.db.transaction(async (tx) => {
      const sets = ['version = version + 1', 'updated_at = ?'];
      const params: SqlValue[] = [u.at];
      const set = (column: string, v: SqlValue | undefined): void => {
        if (v === undefined) return;
        sets.push(`${column} = ?`);
        params.push(v);
      };
      set('title', u.patch.title);
      set('status', u.patch.status);
      set('assignee', u.patch.assignee);
      set('tlp', u.patch.tlp);
      let where = 'id = ? AND org_id = ?';
      params.push(u.id, u.org);
      if (u.expectedVersion !== undefined) {
        where += ' AND version = ?';
        params.push(u.expectedVersion);
      }
      const changed = await tx.run(`UPDATE cases SET ${sets.join(', ')} WHERE ${where}`, params);
      if (changed === 0) {
        const current = await this.getCase(u.id, u.org, tx);
        return current ? { ok: false, reason: 'conflict', current } : { ok: false, reason: 'not-found' };
      }
      const [last] = await tx.all('SELECT MAX(seq) AS seq FROM case_events WHERE case_id = ?', [u.id]);
      await this.#append(tx, u.id, Number(last?.seq ?? 0), u.events);
      const record = await this.getCase(u.id, u.org, tx);
      return { ok: true, record: record! };
    });
  }

  async caseEvents(id: string, org: string): Promise<CaseEventRecord[]> {
    const rows = await this.db.all(
      `SELECT e.* FROM case_events e JOIN cases c ON c.id = e.case_id
       WHERE e.case_id = ? AND c.org_id = ? ORDER BY e.seq`,
      [id, org],
    );
    return rows.map(toEvent);
  }

  /** Shares a case (first time) or replaces the share with a new version, clearing its acknowledgement. */
  async putCaseShare(s: Omit<CaseShareRecord, 'version' | 'ack'>): Promise<CaseShareRecord> {
    return this.db.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO case_shares (case_id, to_org, from_org, tlp, topic, version, shared_at, shared_by, json)
         VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)
         ON CONFLICT (case_id, to_org) DO UPDATE SET tlp = excluded.tlp, topic = excluded.topic,
         version = case_shares.version + 1, shared_at = excluded.shared_at, shared_by = excluded.shared_by,
         json = excluded.json, ack_kind = NULL, ack_at = NULL, ack_by = NULL`,
        [s.caseId, s.toOrg, s.fromOrg, s.tlp, s.topic, s.sharedAt, s.sharedBy, s.json],
      );
      const [r] = await tx.all('SELECT * FROM case_shares WHERE case_id = ? AND to_org = ?', [
        s.caseId,
        s.toOrg,
      ]);
      return toShare(r!);
    });
  }

  /** The shares of one case, for its owning org. */
  async caseShares(caseId: string, fromOrg: string): Promise<CaseShareRecord[]> {
    const rows = await this.db.all(
      'SELECT * FROM case_shares WHERE case_id = ? AND from_org = ? ORDER BY shared_at, to_org',
      [caseId, fromOrg],
    );
    return rows.map(toShare);
  }

  /** Shares addressed to `toOrg` by one of `fromOrgs` (the recipient's current TLP audience), newest first. */
  async sharesTo(toOrg: string, fromOrgs: readonly string[], caseId?: string): Promise<CaseShareRecord[]> {
    if (fromOrgs.length === 0) return [];
    const rows = await this.db.all(
      `SELECT * FROM case_shares WHERE to_org = ? AND from_org IN (${marks(fromOrgs.length)})
       ${caseId === undefined ? '' : 'AND case_id = ?'} ORDER BY shared_at DESC, case_id`,
      [toOrg, ...fromOrgs, ...(caseId === undefined ? [] : [caseId])],
    );
    return rows.map(toShare);
  }

  /** Records the recipient's acknowledgement unless one exists for this version; returns the share after. */
  async ackCaseShare(
    caseId: string,
    toOrg: string,
    ack: NonNullable<CaseShareRecord['ack']>,
  ): Promise<{ share: CaseShareRecord; created: boolean } | undefined> {
    return this.db.transaction(async (tx) => {
      const changed = await tx.run(
        `UPDATE case_shares SET ack_kind = ?, ack_at = ?, ack_by = ?
         WHERE case_id = ? AND to_org = ? AND ack_kind IS NULL`,
        [ack.kind, ack.at, ack.by, caseId, toOrg],
      );
      const [r] = await tx.all('SELECT * FROM case_shares WHERE case_id = ? AND to_org = ?', [caseId, toOrg]);
      return r ? { share: toShare(r), created: changed > 0 } : undefined;
    });
  }
}
