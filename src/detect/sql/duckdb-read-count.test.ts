/**
 * `--duckdb-read`'s counting runs in the reading's own database over the action tables the reading
 * left there (duckdb-input-columns.ts `keepActions`, duckdb-engine.ts `readHere`), instead of over
 * Node's copy appended into a second database: per behaviour the pass must be the same — pairs, the
 * eligible bit per action (so `rid` is the action's index in Node's table), n_a, D_a and the totals —
 * and the counting must not load the rows again.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BEHAVIOURS } from '../../core/behaviour.js';
import { sqlLayoutOf } from '../../ingest/sql-layouts.js';
import { writeSimulation } from '../../simulate/index.js';
import type { BehaviourPass } from '../engine/lockstep.js';
import { preparedFromInput } from './duckdb-input-columns.js';
import { DuckDbCounter, loadDuckDb } from './duckdb-engine.js';
import { rowCount } from './duckdb-count.js';
import { stageTables } from './duckdb-stages.js';

const missing = await loadDuckDb().then(
  () => false as const,
  () => 'SKIP @duckdb/node-api is not installed (optional dependency): counting over the reading',
);

/** What the later stages read of a pass (not `table`, which is the same object in both). */
function passOf(p: BehaviourPass): Record<string, unknown> {
  return {
    pairs: p.pairs,
    kept: p.kept,
    activity: p.activity,
    degree: p.degree,
    active: p.active,
    order: p.order,
    starts: p.starts,
    totals: [p.eligibleActions, p.coActions, p.activeAccounts, p.collapsedActions, p.crowdedActions],
    uniformRate: p.uniformRate,
  };
}

describe("counting over DuckDB's own reading", { skip: missing }, () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lockstep-duckdb-read-count-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('the same pass as over the rows appended from Node, without loading them', async () => {
    await writeSimulation({ posts: 20_000, seed: 7, gzipLevel: 1, format: 'twitter-io' }, dir);
    const file = join(dir, 'posts.csv.gz');
    const stages: string[] = [];
    const reading = await DuckDbCounter.open({
      threads: 2,
      memoryLimit: '1GB',
      onStage: (m) => stages.push(m),
    });
    const loading = await DuckDbCounter.open({ threads: 2, memoryLimit: '1GB' });
    try {
      const got = await preparedFromInput(reading, [file], {
        behaviours: BEHAVIOURS.filter((b) => b !== 'co-similar'),
        layoutOf: sqlLayoutOf,
        keepActions: true,
      });
      for (const b of got.inDuckDb) reading.readHere.add(b);
      // co-post's table is built in Node (from the original texts): it is loaded as before.
      assert.ok(!got.inDuckDb.includes('co-post'), 'co-post is not kept');
      const options = { window: 1800, maxCrowd: 50, minPairCoActions: 1 };
      let compared = 0;
      for (const table of got.tables) {
        const b = table.behaviour;
        if (!got.inDuckDb.includes(b)) continue;
        assert.equal(
          await rowCount(reading.conn, stageTables(b).actions),
          table.object.length,
          `${b}: rows kept`,
        );
        if (table.object.length === 0) continue;
        const here = await reading.pass(table, got.columns, options);
        const appended = await loading.pass(table, got.columns, options);
        assert.ok(here.pairs.size > 0, `${b}: some pairs`);
        assert.deepEqual(passOf(here), passOf(appended), `${b}: the same pass`);
        compared++;
      }
      assert.ok(compared >= 5, `behaviours compared: ${compared}`);
      assert.ok(!stages.some((m) => /: loading /.test(m)), 'nothing loaded again');
      assert.ok(
        stages.some((m) => /actions, as read/.test(m)),
        'counted as read',
      );
    } finally {
      await reading.close();
      await loading.close();
    }
  });
});
