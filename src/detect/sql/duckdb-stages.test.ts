/**
 * `--duckdb-db PATH`: a database file keeps each behaviour's staged tables, and a rerun on the same
 * actions skips the finished stages and still gives the in-memory engine's pass bit for bit; another
 * input or window starts over; a stage that did not finish (no ledger row) is redone with those after
 * it. Real DuckDB files in a temp folder, on the Russian CooRTweet set.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectActions, type ActionTable, type PostColumns } from '../engine/actions.js';
import { lockstepPass, type LockstepOptions } from '../engine/lockstep.js';
import { russianPosts } from '../test-helpers/coortweet-csv.js';
import { assertSamePass } from '../test-helpers/same-pass.js';
import { DuckDbCounter, loadDuckDb } from './duckdb-engine.js';

const missing = await loadDuckDb().then(
  () => false as const,
  () => 'SKIP @duckdb/node-api is not installed (optional dependency): resumable DuckDB database',
);

describe('--duckdb-db: resumable staged tables', { skip: missing }, () => {
  let dir: string;
  let columns: PostColumns;
  let table: ActionTable;
  const options: LockstepOptions = { window: 60, maxCrowd: 5, minPairCoActions: 2 };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lockstep-stages-'));
    const prepared = await collectActions(russianPosts(), {
      behaviours: ['co-retweet'],
      repostsOnlyRetweet: true,
    });
    columns = prepared.columns;
    table = prepared.tables[0]!;
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** One run: open the file, one pass, close; the stage messages it printed. */
  async function run(database: string, o: LockstepOptions = options, t: ActionTable = table) {
    const messages: string[] = [];
    const counter = await DuckDbCounter.open({
      database,
      threads: 2,
      memoryLimit: '1GB',
      onStage: (m) => messages.push(m),
    });
    try {
      const pass = await counter.pass(t, columns, o);
      return { pass, messages };
    } finally {
      await counter.close();
    }
  }
  const ran = (messages: string[], stage: string): boolean =>
    messages.some((m) => m.startsWith(`duckdb: co-retweet: ${stage} done`));

  it('runs every stage once, then resumes with all of them skipped and the same pass', async () => {
    const db = join(dir, 'a.duckdb');
    const want = lockstepPass(table, columns, options);
    const first = await run(db);
    assert.ok(
      ['load', 'crowd', 'pairs'].every((s) => ran(first.messages, s)),
      first.messages.join('; '),
    );
    assertSamePass(first.pass, want);
    const second = await run(db);
    assert.ok(!['load', 'crowd', 'pairs'].some((s) => ran(second.messages, s)), second.messages.join('; '));
    assert.ok(second.messages.some((m) => /every stage already in .*a\.duckdb.*resumed/.test(m)));
    assertSamePass(second.pass, want);
  });

  it('redoes an unfinished stage and the ones after it, not the ones before', async () => {
    const db = join(dir, 'b.duckdb');
    await run(db);
    // A run killed during `crowd` left no ledger row for it (nor for `pairs`).
    const duck = await loadDuckDb();
    const instance = await duck.DuckDBInstance.create(db);
    const conn = await instance.connect();
    await conn.run("DELETE FROM lockstep_stages WHERE stage IN ('crowd', 'pairs')");
    conn.closeSync();
    instance.closeSync();
    const again = await run(db);
    assert.ok(!ran(again.messages, 'load'), again.messages.join('; '));
    assert.ok(ran(again.messages, 'crowd') && ran(again.messages, 'pairs'), again.messages.join('; '));
    assert.ok(again.messages.some((m) => /stages before crowd already in/.test(m)));
    assertSamePass(again.pass, lockstepPass(table, columns, options));
  });

  it('starts over when the window or the input differs', async () => {
    const db = join(dir, 'c.duckdb');
    await run(db);
    const wider = { ...options, window: 120 };
    const w = await run(db, wider);
    assert.ok(ran(w.messages, 'load') && ran(w.messages, 'pairs'), w.messages.join('; '));
    assertSamePass(w.pass, lockstepPass(table, columns, wider));
    // The same actions but one fewer: another fingerprint.
    const shorter: ActionTable = {
      ...table,
      object: table.object.subarray(1),
      post: table.post.subarray(1),
    };
    const s = await run(db, wider, shorter);
    assert.ok(ran(s.messages, 'load'), s.messages.join('; '));
    assertSamePass(s.pass, lockstepPass(shorter, columns, wider));
  });

  it('says which database file it could not open', async () => {
    await assert.rejects(
      DuckDbCounter.open({ database: join(dir, 'no-such-folder', 'x.duckdb') }),
      /cannot open the DuckDB database .*no-such-folder.*--duckdb-db/,
    );
  });
});
