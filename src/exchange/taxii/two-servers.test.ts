/**
 * Two server processes behind one database must page consistently: a client that takes page 1 from
 * server A and page 2 from server B sees every object exactly once (cursors are keysets, not memory).
 * Runs on a shared SQLite file, and on PostgreSQL when LOCKSTEP_TEST_PG_URL is set.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildApp } from '../../server/app.js';
import { openPostgresStore } from '../../store/postgres/postgres-store.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import type { Store } from '../../store/store.js';
import { DEMO_COLLECTIONS, DEMO_ROOT, seedDemo } from '../demo.js';
import { ALICE, indicator, json, taxiiGet, taxiiPost } from '../../server/test-helpers/taxii-factories.js';

async function walk(open: () => Promise<Store>): Promise<void> {
  const a = await open();
  await seedDemo(a);
  const b = await open();
  const appA = await buildApp({ store: a });
  const appB = await buildApp({ store: b });
  try {
    const url = `/${DEMO_ROOT}/collections/${DEMO_COLLECTIONS.shared}/objects/`;
    for (let env = 0; env < 4; env++) {
      const objs = Array.from({ length: 5 }, (_, i) => indicator(9000 + env * 10 + i));
      const res = await taxiiPost(env % 2 ? appA : appB, url, { objects: objs });
      assert.equal(res.statusCode, 202);
    }
    const all = json<{ objects: { id: string }[] }>(await taxiiGet(appA, `${url}?limit=1000`)).objects.map(
      (o) => o.id,
    );
    assert.equal(all.length, 21);
    const seen: string[] = [];
    let next: string | undefined;
    let turn = 0;
    do {
      const app = turn++ % 2 ? appB : appA;
      const page = json<{ objects?: { id: string }[]; next?: string }>(
        await taxiiGet(app, `${url}?limit=4${next ? `&next=${encodeURIComponent(next)}` : ''}`, ALICE),
      );
      seen.push(...(page.objects ?? []).map((o) => o.id));
      next = page.next;
    } while (next);
    assert.deepEqual(seen, all);
  } finally {
    await appA.close();
    await appB.close();
    await a.close();
    await b.close();
  }
}

describe('two servers, one database', () => {
  it('page alternately over a shared SQLite file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-two-'));
    try {
      await walk(() => openSqliteStore({ file: join(dir, 'db.sqlite') }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const url = process.env.LOCKSTEP_TEST_PG_URL;
  it(
    'page alternately over PostgreSQL',
    { skip: url ? false : 'LOCKSTEP_TEST_PG_URL is unset' },
    async () => {
      const schema = `lockstep_two_${process.pid}_${Date.now().toString(36)}`;
      try {
        await walk(() => openPostgresStore({ url: url!, schema, max: 3 }));
      } finally {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await c.end();
      }
    },
  );
});
