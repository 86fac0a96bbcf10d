import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { isLockstepError } from '../core/errors.js';
import { openStore, postgresTarget } from './open.js';

describe('openStore: choosing a PostgreSQL schema', () => {
  it('takes ?schema= out of the URL, or --pg-schema, and refuses the two disagreeing', () => {
    assert.deepEqual(postgresTarget('postgres://u@h:5432/db?schema=taxii&sslmode=disable'), {
      url: 'postgres://u@h:5432/db?sslmode=disable',
      schema: 'taxii',
    });
    assert.deepEqual(postgresTarget('postgres://u@h/db', 'taxii'), {
      url: 'postgres://u@h/db',
      schema: 'taxii',
    });
    assert.deepEqual(postgresTarget('postgres://u@h/db?schema=a', 'a').schema, 'a');
    assert.throws(
      () => postgresTarget('postgres://u@h/db?schema=a', 'b'),
      (e: unknown) => isLockstepError(e) && e.code === 'ERR_USAGE' && /disagree/.test(e.message),
    );
  });

  it('refuses --pg-schema with a SQLite file and a schema name that is not an identifier', async () => {
    await assert.rejects(openStore(':memory:', { pgSchema: 'x' }), /--pg-schema needs a postgres/);
    await assert.rejects(
      openStore('postgres://u@127.0.0.1:1/db?schema=bad;drop'),
      /invalid PostgreSQL schema name/,
    );
  });

  it('puts every table in the schema the URL names', async (t) => {
    const url = process.env.LOCKSTEP_TEST_PG_URL;
    if (!url) {
      t.skip('LOCKSTEP_TEST_PG_URL is unset');
      return;
    }
    const schema = `lockstep_open_${process.pid}_${Date.now().toString(36)}`;
    const u = new URL(url);
    u.searchParams.set('schema', schema);
    const store = await openStore(u.toString());
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await store.putApiRoot({ name: 'r', title: 'R', maxContentLength: 1000 });
      const tables = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name IN ('objects', 'audit_log', 'api_roots')`,
        [schema],
      );
      assert.equal(Number(tables.rows[0]?.n), 3);
      const roots = await client.query(`SELECT name FROM ${schema}.api_roots`);
      assert.deepEqual(roots.rows, [{ name: 'r' }]);
    } finally {
      await store.close();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });
});
