/**
 * The adversarial access suite (issue #10): a seeded random community (world.ts) is filled and then
 * attacked through the real HTTP routes (writes.ts), and every user probes every read and feedback
 * path about every id (reads.ts). It asserts 0 leaks and 0 oracles, on SQLite always and on PostgreSQL
 * when LOCKSTEP_TEST_PG_URL is set. LOCKSTEP_ADVERSARIAL_SEED / _ORGS / _COLLECTIONS / _OBJECTS make a
 * bigger local run; a failure prints the seed to replay it.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { buildApp } from '../../server/app.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { openPostgresStore } from '../../store/postgres/postgres-store.js';
import type { Store } from '../../store/store.js';
import { buildWorld, envInt } from './world.js';
import type { Tally } from './writes.js';
import { acknowledgeAll, attackWrites, plant, populate } from './writes.js';
import { probeReads } from './reads.js';

const SEED = envInt('LOCKSTEP_ADVERSARIAL_SEED', 20261205);
const pgUrl = process.env.LOCKSTEP_TEST_PG_URL;

type Outcome = Tally & { rows: number; users: number };

async function run(store: Store): Promise<Outcome> {
  const world = await buildWorld(store, SEED);
  const app = await buildApp({
    store,
    settings: { title: 'adversarial', defaultLimit: 100, maxLimit: 1000 },
  });
  try {
    const t: Tally = { probes: 0, leaks: [], oracles: [] };
    await populate(app, world);
    await plant(app, store, world);
    await probeReads(app, world, t, false);
    await acknowledgeAll(app, world);
    await attackWrites(app, world, t);
    // After the attacks nobody may see more (or less) than the model says.
    await probeReads(app, world, t);
    return { ...t, rows: world.rows.length, users: world.users.length };
  } finally {
    await app.close();
  }
}

function report(t: Outcome, ctx: { diagnostic(m: string): void }): void {
  const head = `seed ${SEED}: ${t.probes} probes, ${t.users} users, ${t.rows} stored versions`;
  ctx.diagnostic(head);
  assert.ok(t.probes > 100, `${head}: too few probes to mean anything`);
  assert.deepEqual(t.leaks.slice(0, 10), [], `${head}: ${t.leaks.length} leaks`);
  assert.deepEqual(t.oracles.slice(0, 10), [], `${head}: ${t.oracles.length} oracles`);
}

describe('adversarial access suite', () => {
  it('sqlite: 0 leaks, 0 oracles over every read and write path', async (t) => {
    const store = await openSqliteStore({ file: ':memory:' });
    try {
      report(await run(store), t);
    } finally {
      await store.close();
    }
  });

  it('postgres: 0 leaks, 0 oracles over every read and write path', async (t) => {
    if (!pgUrl) {
      t.skip('LOCKSTEP_TEST_PG_URL is unset');
      return;
    }
    const schema = `lockstep_adv_${process.pid}_${Date.now().toString(36)}`;
    const store = await openPostgresStore({ url: pgUrl, schema, max: 4 });
    after(async () => {
      const client = new pg.Client({ connectionString: pgUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    });
    try {
      report(await run(store), t);
    } finally {
      await store.close();
    }
  });
});
