/**
 * Publishing a run: `detect --publish` (cli/publish-run.ts) against a listening app over a real port,
 * authenticated as a TAXII client; the runs page's upload (POST /api/runs with session and CSRF);
 * `--db` straight into a store. Refusals name what is wrong: a bad URL, no credentials, a bad TLP, a
 * wrong password, a broken file (named, without the server's temporary path), a missing file, a
 * non-JSON body. The uploaded run belongs to the caller's org and follows the TLP audience.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isLockstepError } from '../core/errors.js';
import { checkPublish, publishOverHttp, publishRun } from '../cli/publish-run.js';
import { buildApp } from '../server/app.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { runListSchema } from './api-schema.js';
import { get, login, prepareWorld, send, world } from './test-world.js';

const dir = mkdtempSync(join(tmpdir(), 'lockstep-ws-upload-'));
let hashes: Map<string, string>;
before(async () => {
  hashes = await prepareWorld(dir);
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

const code = (e: unknown): string => (isLockstepError(e) ? `${e.code}: ${e.message}` : String(e));
const ALICE_ENV = { LOCKSTEP_TAXII_PASSWORD: 'alice-pw' };

describe('publishing a run', () => {
  it('checks --publish, --tlp and credentials before detection', () => {
    assert.throws(
      () => checkPublish({ publish: 'not a url', user: 'alice' }, ALICE_ENV),
      /ERR_USAGE|--publish must be the server's URL/,
    );
    assert.throws(
      () => checkPublish({ publish: 'ftp://x', user: 'alice' }, ALICE_ENV),
      /--publish must be an http\(s\) URL/,
    );
    assert.throws(() => checkPublish({ publish: 'http://127.0.0.1:1' }, {}), /--publish needs credentials/);
    assert.throws(() => checkPublish({ db: 'x.db', tlp: 'purple' }, {}), /--tlp must be one of/);
    assert.equal(checkPublish({ db: 'x.db', tlp: 'AMBER' }, {}).tlp, 'amber');
  });

  it('over HTTP, from the workspace, and into a store; bad input is refused naming it', async () => {
    const db = mkdtempSync(join(tmpdir(), 'lockstep-upload-store-'));
    const store = await openSqliteStore({ file: join(db, 'store.db') });
    const app = await buildApp({ store, webRoot: join(dir, 'no-web') });
    try {
      await world(store, dir, hashes);
      const base = await app.listen({ port: 0, host: '127.0.0.1' });
      // The first world run (dir/a) is already org A's: a new folder makes a new run.
      const fresh = join(dir, 'fresh');
      cpSync(join(dir, 'a'), fresh, { recursive: true });
      const run = JSON.parse(readFileSync(join(fresh, 'run.json'), 'utf8')) as { startedAt: string };
      run.startedAt = '2026-06-01T00:00:00.000Z';
      writeFileSync(join(fresh, 'run.json'), JSON.stringify(run));

      const first = await publishOverHttp(
        fresh,
        base,
        { user: 'alice', tlp: 'amber', title: 'Over HTTP' },
        ALICE_ENV,
      );
      assert.equal(first.created, true);
      assert.equal(first.title, 'Over HTTP');
      const again = await publishOverHttp(fresh, `${base}/`, { user: 'alice', tlp: 'amber' }, ALICE_ENV);
      assert.deepEqual([again.id, again.created], [first.id, false]);
      await assert.rejects(
        publishOverHttp(fresh, base, { user: 'alice', tlp: 'amber' }, { LOCKSTEP_TAXII_PASSWORD: 'wrong' }),
        (e) => /^ERR_TAXII_REMOTE_ERROR: .*publish\/runs: 401: give a user and password/.test(code(e)),
      );
      await assert.rejects(publishOverHttp(fresh, 'http://127.0.0.1:9', { user: 'alice' }, ALICE_ENV), (e) =>
        /^ERR_TAXII_REMOTE_UNREACHABLE: /.test(code(e)),
      );
      const broken = join(dir, 'broken');
      cpSync(fresh, broken, { recursive: true });
      writeFileSync(join(broken, 'edges.csv'), 'a,b\n1,2\n');
      await assert.rejects(publishOverHttp(broken, base, { user: 'alice' }, ALICE_ENV), (e) => {
        const m = code(e);
        assert.match(m, /422: edges\.csv: line 1: expected the header account_a,account_b,/);
        assert.doesNotMatch(m, /lockstep-upload-/, 'no server path');
        return true;
      });
      const plain = await fetch(`${base}/publish/runs`, {
        method: 'POST',
        headers: {
          'content-type': 'text/plain',
          authorization: `Basic ${Buffer.from('alice:alice-pw').toString('base64')}`,
        },
        body: '{}',
      });
      assert.equal(plain.status, 415);

      // The workspace's upload: session and CSRF, the caller's org, its TLP audience.
      const [alice, bob, carol] = [
        await login(app, 'alice'),
        await login(app, 'bob'),
        await login(app, 'carol'),
      ];
      const files = {
        'run.json': readFileSync(join(dir, 'c', 'run.json'), 'utf8').replace('2025-02-01', '2025-03-01'),
        'networks.json': readFileSync(join(dir, 'c', 'networks.json'), 'utf8'),
        'edges.csv': readFileSync(join(dir, 'c', 'edges.csv'), 'utf8'),
      };
      const noCsrf = await app.inject({
        method: 'POST',
        url: '/api/runs',
        headers: { cookie: bob.cookie },
        payload: { tlp: 'amber', files },
      });
      assert.equal(noCsrf.statusCode, 403);
      const missing = await send(app, bob, 'POST', '/api/runs', {
        tlp: 'amber',
        files: { 'run.json': files['run.json'] },
      });
      assert.equal(missing.statusCode, 422);
      assert.match(
        missing.json<{ message: string }>().message,
        /^files\.networks\.json: networks\.json is missing$/,
      );
      const up = await send(app, bob, 'POST', '/api/runs', { tlp: 'amber', title: 'Uploaded by bob', files });
      assert.equal(up.statusCode, 201, up.body);
      const id = up.json<{ id: string }>().id;
      const titles = async (c: typeof alice) =>
        runListSchema
          .parse((await get(app, c, '/api/runs')).json())
          .runs.filter((r) => r.id === id)
          .map((r) => [r.org, r.title]);
      assert.deepEqual(await titles(bob), [['org-b', 'Uploaded by bob']]);
      assert.deepEqual(await titles(alice), [['org-b', 'Uploaded by bob']], 'AMBER: the trust group sees it');
      assert.deepEqual(await titles(carol), []);

      // --db: straight into another store, its only org by default.
      const other = join(db, 'other.db');
      const s2 = await openSqliteStore({ file: other });
      await s2.putOrg({ id: 'org-z', name: 'Z', redRecipients: [] });
      await s2.close();
      const lines = await publishRun(fresh, { db: other, tlp: 'green' });
      assert.match(lines[0]!, /^published run-[0-9a-f]{16} to .*other\.db: /);
      const s3 = await openSqliteStore({ file: other });
      assert.deepEqual(
        (await s3.listRuns(undefined)).map((r) => [r.org, r.tlp]),
        [['org-z', 'green']],
      );
      await s3.close();
    } finally {
      await app.close();
      await store.close();
      rmSync(db, { recursive: true, force: true });
    }
  });
});
