/**
 * The staged tables of `--engine duckdb` and the ledger that makes a database file resumable
 * (`--duckdb-db PATH`): each behaviour's counting stage runs as three stages — `load` (the action
 * rows), `crowd` (collapse, crowd and the co-action weights) and `pairs` (pairs, per-account and run
 * totals) — each ending in tables named after the behaviour, and a row in `lockstep_stages` once its
 * tables are complete. A rerun over the same database skips every stage whose row carries the same
 * fingerprint, and redoes the first unfinished stage and all after it (a run killed while DuckDB wrote
 * a table left no ledger row for it, and DuckDB's own write-ahead log rolls the half-written table
 * back).
 *
 * The fingerprint is SHA-256 over what the stage reads, not over file names or times: the action
 * columns as loaded (object, account and time per action, in order), the account count, the counting
 * options and the statements' text (lockstep-sql.ts: a changed statement is a changed stage), and
 * Lockstep's version. So a renamed input still resumes, and an edited one (or another --window) starts
 * over; nothing but integers and times from the input is stored, no account names or texts.
 *
 * Cost: hashing reads 16 bytes per action once (≈ 0.3 s per 10M actions); the ledger is a few rows.
 */
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Behaviour } from '../../core/behaviour.js';
import { VERSION } from '../../core/version.js';
import type { LockstepSql } from './lockstep-sql.js';

/** The stages of one behaviour, in order. */
export const STAGES = ['load', 'crowd', 'pairs'] as const;
export type Stage = (typeof STAGES)[number];

/** The tables one behaviour's stages write (co-retweet → actions_co_retweet, …). */
export interface StageTables {
  actions: string;
  kept: string;
  weights: string;
  pairs: string;
  accounts: string;
  totals: string;
}

export function stageTables(behaviour: Behaviour): StageTables {
  const b = behaviour.replace(/-/g, '_');
  return {
    actions: `actions_${b}`,
    kept: `kept_${b}`,
    weights: `kept_${b}_weights`,
    pairs: `pairs_${b}`,
    accounts: `accounts_${b}`,
    totals: `totals_${b}`,
  };
}

/** What the stages of one behaviour read; equal fingerprints mean equal staged tables. */
export interface StageInput {
  behaviour: Behaviour;
  /** Action → object integer, account integer, time (the loaded rows, `rid` = index). */
  object: Int32Array;
  account: Int32Array;
  time: Float64Array;
  accountCount: number;
  sql: LockstepSql;
}

export function stageFingerprint(input: StageInput): string {
  const h = createHash('sha256');
  h.update(`lockstep ${VERSION}\0${input.behaviour}\0${input.accountCount}\0${input.object.length}\0`);
  for (const col of [input.object, input.account, input.time])
    h.update(new Uint8Array(col.buffer, col.byteOffset, col.byteLength));
  const q = input.sql;
  const c = q.collapse;
  for (const s of [
    c.runs,
    c.hop(0),
    c.hop(1),
    c.marks,
    c.mark(0),
    q.kept,
    q.active,
    q.pairs,
    q.accounts,
    q.totals,
  ])
    h.update(`\0${s}`);
  return h.digest('hex');
}

const LEDGER = 'lockstep_stages';

/** The `lockstep_stages` table: which stage of which behaviour finished, for which fingerprint. */
export class StageLedger {
  private constructor(private readonly conn: DuckDBConnection) {}

  static async open(conn: DuckDBConnection): Promise<StageLedger> {
    await conn.run(
      `CREATE TABLE IF NOT EXISTS ${LEDGER} (behaviour VARCHAR, stage VARCHAR, fingerprint VARCHAR,
         rows BIGINT, seconds DOUBLE, finished_at TIMESTAMP)`,
    );
    return new StageLedger(conn);
  }

  /**
   * The first stage of `behaviour` still to run for `fingerprint` (undefined: all finished). Rows of
   * that stage and the later ones are deleted, so the ledger never claims a stage built on a redone one.
   */
  async resumeAt(behaviour: Behaviour, fingerprint: string): Promise<Stage | undefined> {
    const reader = await this.conn.runAndReadAll(
      `SELECT stage FROM ${LEDGER} WHERE behaviour = $b AND fingerprint = $f`,
      { b: behaviour, f: fingerprint },
    );
    const done = new Set((reader.getRowsJS() as [string][]).map((r) => r[0]));
    const first = STAGES.findIndex((s) => !done.has(s));
    if (first < 0) return undefined;
    const redo = STAGES.slice(first).map((s) => `'${s}'`);
    await this.conn.run(
      `DELETE FROM ${LEDGER} WHERE behaviour = $b AND (fingerprint <> $f OR stage IN (${redo.join(', ')}))`,
      { b: behaviour, f: fingerprint },
    );
    return STAGES[first];
  }

  async record(
    behaviour: Behaviour,
    stage: Stage,
    fingerprint: string,
    rows: number,
    seconds: number,
  ): Promise<void> {
    await this.conn.run(`INSERT INTO ${LEDGER} VALUES ($b, $s, $f, $r, $t, current_timestamp::TIMESTAMP)`, {
      b: behaviour,
      s: stage,
      f: fingerprint,
      r: rows,
      t: seconds,
    });
  }
}
