import { describe, it } from 'node:test';
import pg from 'pg';
import { storeContract } from '../store.contract.js';
import type { StoreHarness } from '../store.contract.js';
import { revocationContract } from '../revocation.contract.js';
import { openPostgresStore, postgresPoolConfig } from './postgres-store.js';
import assert from 'node:assert/strict';

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
  revocationContract('postgres', harness);
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
