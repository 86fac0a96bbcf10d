import { describe, it } from 'node:test';
import pg from 'pg';
import { storeContract } from '../store.contract.js';
import type { StoreHarness } from '../store.contract.js';
import { ownershipContract } from '../ownership.contract.js';
import { revocationContract } from '../revocation.contract.js';
import { casesContract } from '../cases.contract.js';
import { watchlistsContract } from '../watchlists.contract.js';
import { openPostgresStore, postgresPoolConfig } from './postgres-store.js';
import assert from 'node:assert/strict';
import { DEFAULT_TLP_POLICY } from '../store.js';

const url = process.env.LOCKSTEP_TEST_PG_URL;
if (!url) {
  describe('store contract: postgres', () => {
    it('skipped: set LOCKSTEP_TEST_PG_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run', (t) => {
      t.skip('LOCKSTEP_TEST_PG_URL is unset');
    });
  });
} else {
  const schemas: string[] = [];
  const harness: StoreHarness = {
    create() {
      const schema = `lockstep_test_${process.pid}_${Date.now().toString(36)}_${schemas.length}`;
      schemas.push(schema);
      return Promise.resolve({ open: () => openPostgresStore({ url, schema, max: 4 }) });
    },
    async cleanup() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (const s of schemas.splice(0)) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
  storeContract('postgres', harness);
  ownershipContract('postgres', harness);
  revocationContract('postgres', harness);
  casesContract('postgres', harness);
  watchlistsContract('postgres', harness);
}

describe('postgres pool settings', () => {
  it('turns parallel workers off for the store connections (page queries are LIMIT scans)', async (t) => {
    if (!url) {
      t.skip('LOCKSTEP_TEST_PG_URL is unset');
      return;
    }
    const pool = new pg.Pool(postgresPoolConfig({ url, max: 1 }));
    try {
      const res = await pool.query<{ max_parallel_workers_per_gather: string }>(
        'SHOW max_parallel_workers_per_gather',
      );
      assert.equal(res.rows[0]?.max_parallel_workers_per_gather, '0');
    } finally {
      await pool.end();
    }
  });
});

describe('postgres planner statistics', () => {
  it('the store runs ANALYZE by itself after a bulk ingest (no autovacuum needed)', async (t) => {
    if (!url) {
      t.skip('LOCKSTEP_TEST_PG_URL is unset');
      return;
    }
    const schema = `lockstep_stats_${process.pid}_${Date.now().toString(36)}`;
    const store = await openPostgresStore({ url, schema, max: 2 });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      // Off for this table whatever the server's setting, so only the store can be the one analysing.
      await client.query(`ALTER TABLE ${schema}.objects SET (autovacuum_enabled = false)`);
      await store.putApiRoot({ name: 'r', title: 'R', maxContentLength: 1 << 20 });
      await store.putCollection({ id: 'c', apiRoot: 'r', title: 'C', policy: DEFAULT_TLP_POLICY });
      const objects = Array.from({ length: 1500 }, (_, i) => ({
        tlp: 'green' as const,
        object: {
          type: 'note',
          spec_version: '2.1',
          id: `note--00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          created: '2026-01-01T00:00:00.000Z',
          modified: '2026-01-01T00:00:00.000Z',
          content: `n${i}`,
          object_refs: ['identity--00000000-0000-4000-8000-000000000001'],
        },
      }));
      const before = Number(
        (
          await client.query<{ reltuples: number }>(
            `SELECT reltuples FROM pg_class WHERE oid = to_regclass('${schema}.objects')`,
          )
        ).rows[0]?.reltuples,
      );
      await store.addObjects({
        statusId: `stats-${schema}`,
        apiRoot: 'r',
        collection: 'c',
        producerOrg: 'org-a',
        requestTimestamp: new Date().toISOString(),
        objects,
        rejected: [],
      });
      for (let i = 0; i < 100 && store.statistics.runs === 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const after = await client.query<{ reltuples: number; last_analyze: Date | null }>(
        `SELECT c.reltuples, s.last_analyze FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
         WHERE c.oid = to_regclass('${schema}.objects')`,
      );
      assert.ok(before <= 0, `no statistics before the ingest (reltuples ${before})`);
      const row = after.rows[0];
      assert.ok(row?.last_analyze, 'ANALYZE ran');
      assert.equal(row.reltuples, 1500);
    } finally {
      await store.close();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });
});
