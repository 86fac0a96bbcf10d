/**
 * Test builders that run one scenario on both stores: a SQLite file always, and a fresh PostgreSQL
 * schema (dropped afterwards) when LOCKSTEP_TEST_PG_URL is set — the exchange-level twin of the store
 * contract runners, for suites whose subject is the HTTP behaviour (hostile input, revocation).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresStore } from '../../store/postgres/postgres-store.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';

export interface StoreKind {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty store; `dispose` closes it and removes its file or schema. */
  create(): Promise<{ store: Store; dispose(): Promise<void> }>;
}

let seq = 0;

export function storeKinds(): StoreKind[] {
  const kinds: StoreKind[] = [
    {
      name: 'sqlite',
      async create() {
        const dir = mkdtempSync(join(tmpdir(), 'lockstep-both-'));
        const store = await openSqliteStore({ file: join(dir, 'store.db') });
        return {
          store,
          async dispose() {
            await store.close();
            rmSync(dir, { recursive: true, force: true });
          },
        };
      },
    },
  ];
  const url = process.env.LOCKSTEP_TEST_PG_URL;
  if (url)
    kinds.push({
      name: 'postgres',
      async create() {
        const schema = `lockstep_both_${process.pid}_${Date.now().toString(36)}_${++seq}`;
        const store = await openPostgresStore({ url, schema, max: 4 });
        return {
          store,
          async dispose() {
            await store.close();
            const client = new pg.Client({ connectionString: url });
            await client.connect();
            try {
              await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
            } finally {
              await client.end();
            }
          },
        };
      },
    });
  return kinds;
}
