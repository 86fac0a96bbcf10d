import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { SqlStore } from '../sql-store.js';
import { SqliteDriver } from '../sqlite/sqlite-driver.js';
import * as m001 from './001-initial.js';
import { MIGRATIONS } from './index.js';

/** A database at schema version 1 with API root `r` and collection `c`. */
function versionOneDb(): Database.Database {
  const db = new Database(':memory:');
  db.exec(m001.sql);
  db.exec(
    'CREATE TABLE lockstep_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  db.prepare('INSERT INTO lockstep_migrations VALUES (1, ?, ?)').run(m001.name, new Date().toISOString());
  db.prepare("INSERT INTO api_roots VALUES ('r', 'R', NULL, 1000)").run();
  db.prepare("INSERT INTO collections VALUES ('c', 'r', 'C', NULL, NULL, '{}')").run();
  return db;
}

describe('migrations', () => {
  it('brings a version-1 database with objects to the current schema without losing them', async () => {
    // A database as Lockstep left it before migration 2: the initial schema and one stored object.
    const db = versionOneDb();
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

  it('gives every id to its first poster and moves versions other orgs added to their own lanes', async () => {
    const db = versionOneDb();
    const row = db.prepare(
      "INSERT INTO objects VALUES ('c', 'indicator--1', ?, ?, 'indicator', '2.1', ?, 'green', ?, 'x', ?)",
    );
    // Before ownership, org C could post a newer (revoking) version of org A's indicator.
    const v = (m: string, org: string) => JSON.stringify({ id: 'indicator--1', modified: m, by: org });
    row.run(
      '2024-01-01T00:00:00.000000000Z',
      '2024-01-01T00:00:00.000Z',
      '2024-01-02T00:00:00.000000Z',
      'org-a',
      v('1', 'a'),
    );
    row.run(
      '2024-02-01T00:00:00.000000000Z',
      '2024-02-01T00:00:00.000Z',
      '2024-02-02T00:00:00.000000Z',
      'org-c',
      v('2', 'c'),
    );
    row.run(
      '2024-03-01T00:00:00.000000000Z',
      '2024-03-01T00:00:00.000Z',
      '2024-03-02T00:00:00.000000Z',
      'org-a',
      v('3', 'a'),
    );

    const store = await SqlStore.open(new SqliteDriver(db));
    try {
      assert.deepEqual(
        [...(await store.ownersOf(['indicator--1', 'indicator--2']))],
        [['indicator--1', 'org-a']],
      );
      const all = await store.queryObjects({ collection: 'c', versions: ['all'], limit: 10 });
      assert.deepEqual(
        all.items.map((o) => [o.version, o.producerOrg, o.keptApart]),
        [
          ['2024-01-01T00:00:00.000Z', 'org-a', false],
          ['2024-02-01T00:00:00.000Z', 'org-c', true],
          ['2024-03-01T00:00:00.000Z', 'org-a', false],
        ],
      );
      // A reader of the collection (org B) sees only org A's versions; org C also sees its own copy.
      const reader = [{ tlp: 'green' as const, producers: 'any' as const }];
      const b = await store.queryObjects({
        collection: 'c',
        versions: ['all'],
        limit: 10,
        visibility: reader,
      });
      assert.deepEqual(
        b.items.map((o) => o.producerOrg),
        ['org-a', 'org-a'],
      );
      const c = await store.queryObjects({
        collection: 'c',
        versions: ['all'],
        limit: 10,
        visibility: [...reader, { keptApartFor: 'org-c' }],
      });
      assert.equal(c.items.length, 3);
    } finally {
      await store.close();
    }
  });
});
