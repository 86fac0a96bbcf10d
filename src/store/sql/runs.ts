/**
 * The workspace tables of the SQL store (migration 6): published runs, their precomputed pages and
 * accounts, and browser sessions. A run is written once, whole, in one transaction; reads are keyed
 * look-ups (primary keys), so a page costs the same for a 30k-post run as for a 3M-post one.
 *
 * Visibility is applied inside SQL (as for objects): the reader's own org, or a peer's run at a TLP
 * the audience lists.
 */
import type { Driver, SqlValue } from '../driver.js';
import type { RunAccountRow, RunAudience, RunRecord, RunWrite, SessionRecord } from '../run-records.js';
import type { Tlp } from '../visibility.js';
import type { Row } from './rows.js';
import { optStr, str } from './rows.js';

const RUN_COLUMNS = [
  'id',
  'org_id',
  'tlp',
  'title',
  'started_at',
  'finished_at',
  'added_at',
  'posts',
  'accounts',
  'networks',
  'edges',
  'json',
] as const;
const ACCOUNT_COLUMNS = ['run_id', 'account', 'screen_name', 'network', 'score', 'automation', 'json'];

function toRun(r: Row): RunRecord {
  return {
    id: str(r.id),
    org: str(r.org_id),
    tlp: str(r.tlp) as Tlp,
    title: str(r.title),
    startedAt: str(r.started_at),
    finishedAt: str(r.finished_at),
    addedAt: str(r.added_at),
    posts: Number(r.posts),
    accounts: Number(r.accounts),
    networks: Number(r.networks),
    edges: Number(r.edges),
    json: str(r.json),
  };
}

/** `(org_id = ? OR (org_id IN (…) AND tlp IN (…)))` and its parameters; no clause for admin access. */
function audienceClause(a: RunAudience | undefined): { sql: string; params: SqlValue[] } {
  if (a === undefined) return { sql: '1 = 1', params: [] };
  if (a.peers.length === 0 || a.tlps.length === 0) return { sql: 'org_id = ?', params: [a.org] };
  const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ');
  return {
    sql: `(org_id = ? OR (org_id IN (${marks(a.peers.length)}) AND tlp IN (${marks(a.tlps.length)})))`,
    params: [a.org, ...a.peers, ...a.tlps],
  };
}

export class SqlRuns {
  constructor(private readonly db: Driver) {}

  putRun(w: RunWrite): Promise<boolean> {
    const r = w.run;
    return this.db.transaction(async (tx) => {
      const [created] = await tx.insertIgnore(
        'runs',
        RUN_COLUMNS,
        ['id'],
        [
          [
            r.id,
            r.org,
            r.tlp,
            r.title,
            r.startedAt,
            r.finishedAt,
            r.addedAt,
            r.posts,
            r.accounts,
            r.networks,
            r.edges,
            r.json,
          ],
        ],
      );
      if (created !== true) return false;
      await tx.insertIgnore(
        'run_pages',
        ['run_id', 'kind', 'json'],
        ['run_id', 'kind'],
        w.pages.map((p) => [r.id, p.kind, p.json]),
      );
      await tx.insertIgnore(
        'run_accounts',
        ACCOUNT_COLUMNS,
        ['run_id', 'account'],
        w.accounts.map((a) => [
          r.id,
          a.account,
          a.screenName ?? null,
          a.network,
          a.score,
          a.automation,
          a.json,
        ]),
      );
      return true;
    });
  }

  async listRuns(audience: RunAudience | undefined): Promise<RunRecord[]> {
    const where = audienceClause(audience);
    const rows = await this.db.all(
      `SELECT * FROM runs WHERE ${where.sql} ORDER BY added_at DESC, id`,
      where.params,
    );
    return rows.map(toRun);
  }

  async getRun(id: string, audience: RunAudience | undefined): Promise<RunRecord | undefined> {
    const where = audienceClause(audience);
    const rows = await this.db.all(`SELECT * FROM runs WHERE id = ? AND ${where.sql}`, [id, ...where.params]);
    return rows[0] ? toRun(rows[0]) : undefined;
  }

  async getRunPage(runId: string, kind: string): Promise<string | undefined> {
    const rows = await this.db.all('SELECT json FROM run_pages WHERE run_id = ? AND kind = ?', [runId, kind]);
    return rows[0] ? str(rows[0].json) : undefined;
  }

  async getRunAccount(runId: string, account: string): Promise<RunAccountRow | undefined> {
    const rows = await this.db.all('SELECT * FROM run_accounts WHERE run_id = ? AND account = ?', [
      runId,
      account,
    ]);
    const r = rows[0];
    if (!r) return undefined;
    const out: RunAccountRow = {
      account: str(r.account),
      network: optStr(r.network) ?? null,
      score: Number(r.score),
      automation: r.automation === null || r.automation === undefined ? null : Number(r.automation),
      json: str(r.json),
    };
    const sn = optStr(r.screen_name);
    if (sn !== undefined) out.screenName = sn;
    return out;
  }

  async putSession(s: SessionRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO workspace_sessions (id_hash, username, org_id, csrf, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      [s.idHash, s.username, s.org, s.csrf, s.createdAt, s.expiresAt],
    );
  }

  async getSession(idHash: string): Promise<SessionRecord | undefined> {
    const rows = await this.db.all('SELECT * FROM workspace_sessions WHERE id_hash = ?', [idHash]);
    const r = rows[0];
    if (!r) return undefined;
    return {
      idHash: str(r.id_hash),
      username: str(r.username),
      org: str(r.org_id),
      csrf: str(r.csrf),
      createdAt: str(r.created_at),
      expiresAt: str(r.expires_at),
    };
  }

  async deleteSession(idHash: string, now: string): Promise<void> {
    await this.db.run('DELETE FROM workspace_sessions WHERE id_hash = ? OR expires_at <= ?', [idHash, now]);
  }
}
