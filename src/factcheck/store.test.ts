import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'node:test';
import pg from 'pg';
import { openPostgresStore } from '../store/postgres/postgres-store.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { factCheckStoreContract } from './store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'lockstep-fc-store-'));
let n = 0;
factCheckStoreContract(
  'sqlite',
  () => openSqliteStore({ file: join(dir, `s${n++}.db`) }),
  async () => {
    await Promise.resolve();
    rmSync(dir, { recursive: true, force: true });
  },
);

const pgUrl = process.env.LOCKSTEP_TEST_PG_URL;
if (pgUrl === undefined)
  describe('factcheck store: postgres (set LOCKSTEP_TEST_PG_URL to run)', { skip: true });
else {
  const prefix = `lockstep_fc_${process.pid}`;
  let schemas = 0;
  factCheckStoreContract(
    'postgres',
    () => openPostgresStore({ url: pgUrl, schema: `${prefix}_${schemas++}`, max: 2 }),
    async () => {
      const pool = new pg.Pool({ connectionString: pgUrl, max: 1 });
      try {
        for (let i = 0; i < schemas; i++) await pool.query(`DROP SCHEMA IF EXISTS ${prefix}_${i} CASCADE`);
      } finally {
        await pool.end();
      }
    },
  );
}
