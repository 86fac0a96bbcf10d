import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SqlStore } from '../sql-store.js';
import { SqliteDriver } from '../sqlite/sqlite-driver.js';
import * as m001 from './001-initial.js';
import { MIGRATIONS } from './index.js';

describe('migrations', () => {
  it('brings a version-1 database with objects to the current schema without losing them', async () => {
    const db = new Database(':memory:');
    // A database as Lockstep left it before migration 2: the initial schema and one stored object.
    db.exec(m001.sql);
    db.exec(
      'CREATE TABLE lockstep_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    db.prepare('INSERT INTO lockstep_migrations VALUES (1, ?, ?)').run(m001.name, new Date().toISOString());
    db.prepare("INSERT INTO api_roots VALUES ('r', 'R', NULL, 1000)").run();
    db.prepare("INSERT INTO collections VALUES ('c', 'r', 'C', NULL, NULL, '{}')").run();
    const json = JSON.stringify({
      type: 'indicator',
      id: 'indicator--1',
      modified: '2024-01-01T00:00:00.000Z',
    });
    db.prepare(
      `INSERT INTO objects VALUES ('c', 'indicator--1', '2024-01-01T00:00:00.000000000Z',
       '2024-01-01T00:00:00.000Z', 'indicator', '2.1', '2024-01-02T00:00:00.000000Z', 'green', 'org-a',
       'abc', ?)`,
    ).run(json);

    const store = await SqlStore.open(new SqliteDriver(db));
    try {
      assert.deepEqual(
        await store.migrations(),
        MIGRATIONS.map((m) => m.version),
      );
      const columns = (db.prepare('PRAGMA table_info(objects)').all() as { name: string }[]).map(
        (c) => c.name,
      );
      assert.ok(!columns.includes('hash'), columns.join(', '));
      const page = await store.queryObjects({ collection: 'c', limit: 10 });
      assert.deepEqual(
        page.items.map((o) => [o.id, o.json]),
        [['indicator--1', json]],
      );
    } finally {
      await store.close();
    }
  });
});
