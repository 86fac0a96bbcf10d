/**
 * The workspace API through the real app (fastify inject), on SQLite and (with LOCKSTEP_TEST_PG_URL)
 * PostgreSQL: login with the TAXII users' passwords, cookie flags, CSRF, security headers, and an
 * access probe — every user asks for every run, its graph (first page, networks' details, GEXF and CSV
 * downloads) and account: visible ones answer 200, the rest answer exactly what an unknown id answers
 * (no leak, no oracle).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { storeKinds } from '../exchange/taxii/both-stores.js';
import { buildApp } from '../server/app.js';
import type { Store } from '../store/store.js';
import { runListSchema } from './api-schema.js';
import { USERS, get, graphOf, login, prepareWorld, world as world0 } from './test-world.js';

const dir = mkdtempSync(join(tmpdir(), 'lockstep-ws-api-'));
let hashes: Map<string, string>;
before(async () => {
  hashes = await prepareWorld(dir);
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});
const world = (store: Store) => world0(store, dir, hashes);

for (const kind of storeKinds()) {
  describe(`workspace API: ${kind.name}`, () => {
    it('logs in with the TAXII password, refuses a wrong one, and sets the security headers', async () => {
      const made = await kind.create();
      const app = await buildApp({ store: made.store, webRoot: join(dir, 'no-web') });
      try {
        await world(made.store);
        const bad = await app.inject({
          method: 'POST',
          url: '/api/login',
          payload: { username: 'alice', password: 'nope' },
        });
        assert.equal(bad.statusCode, 401);
        assert.equal(bad.headers['set-cookie'], undefined);
        const ghost = await app.inject({
          method: 'POST',
          url: '/api/login',
          payload: { username: 'ghost', password: 'x' },
        });
        assert.deepEqual([ghost.statusCode, ghost.body], [bad.statusCode, bad.body]);
        const form = await app.inject({
          method: 'POST',
          url: '/api/login',
          headers: { 'content-type': 'text/plain' },
          payload: 'username=alice&password=alice-pw',
        });
        assert.equal(form.statusCode, 415);
        assert.equal((await get(app, undefined, '/api/runs')).statusCode, 401);
        const alice = await login(app, 'alice');
        const runs = await get(app, alice, '/api/runs');
        assert.equal(runs.statusCode, 200);
        const csp = String(runs.headers['content-security-policy']);
        assert.match(csp, /script-src 'self'(;|$)/);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
        assert.equal(runs.headers['x-content-type-options'], 'nosniff');
        assert.equal(runListSchema.parse(runs.json()).runs.length, 2);
        const app503 = await get(app, undefined, '/app/');
        assert.equal(app503.statusCode, 503);
        assert.match(app503.body, /npm run build/);
      } finally {
        await app.close();
        await made.dispose();
      }
    });

    it('needs the CSRF token to log out; the cookie is dead afterwards; a removed user is out at once', async () => {
      const made = await kind.create();
      const app = await buildApp({ store: made.store, webRoot: join(dir, 'no-web') });
      try {
        await world(made.store);
        const alice = await login(app, 'alice');
        const noToken = await app.inject({
          method: 'POST',
          url: '/api/logout',
          headers: { cookie: alice.cookie },
        });
        assert.equal(noToken.statusCode, 403);
        const wrong = await app.inject({
          method: 'POST',
          url: '/api/logout',
          headers: {
            cookie: alice.cookie,
            'x-csrf-token': alice.csrf.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
          },
        });
        assert.equal(wrong.statusCode, 403);
        assert.equal((await get(app, alice, '/api/session')).statusCode, 200);
        const out = await app.inject({
          method: 'POST',
          url: '/api/logout',
          headers: { cookie: alice.cookie, 'x-csrf-token': alice.csrf },
        });
        assert.equal(out.statusCode, 204);
        assert.equal((await get(app, alice, '/api/session')).statusCode, 401);
        const bob = await login(app, 'bob');
        assert.equal((await get(app, bob, '/api/runs')).statusCode, 200);
        await made.store.deleteUser('bob');
        assert.equal((await get(app, bob, '/api/runs')).statusCode, 401);
      } finally {
        await app.close();
        await made.dispose();
      }
    });

    it('every user sees exactly the runs TLP allows; the rest answer like unknown ids', async () => {
      const made = await kind.create();
      const app = await buildApp({ store: made.store, webRoot: join(dir, 'no-web') });
      try {
        const runs = await world(made.store);
        const allowed: Record<string, string[]> = {
          alice: [runs.aAmber, runs.aStrict],
          bob: [runs.aAmber, runs.bRed],
          carol: [],
        };
        let probes = 0;
        for (const u of USERS) {
          const c = await login(app, u.username);
          const list = runListSchema.parse((await get(app, c, '/api/runs')).json());
          assert.deepEqual(list.runs.map((r) => r.id).sort(), [...allowed[u.username]!].sort(), u.username);
          for (const id of [runs.aAmber, runs.aStrict, runs.bRed, 'run-0000000000000000']) {
            const graphRes = await get(app, c, `/api/runs/${id}/graph`);
            const firstNode =
              graphRes.statusCode === 200 ? graphOf(graphRes.json()).nodes[0]!.id : 'acct-0-0';
            for (const path of [
              '',
              '/graph',
              '/graph/networks',
              '/graph.gexf',
              '/graph.csv',
              // The world's runs were added without input posts: no amplified objects to show.
              '/graph/objects',
              `/accounts/${encodeURIComponent(firstNode)}`,
              '/accounts/nobody',
            ]) {
              const res = await get(app, c, `/api/runs/${id}${path}`);
              probes++;
              const visible = allowed[u.username]!.includes(id) && path !== '/accounts/nobody';
              if (visible && path === '/graph/objects') {
                assert.equal(res.statusCode, 404);
                assert.match(res.body, /added without its input posts/);
                continue;
              }
              assert.equal(res.statusCode, visible ? 200 : 404, `${u.username} ${id}${path}`);
              if (!visible) {
                const unknown = await get(app, c, `/api/runs/run-ffffffffffffffff${path}`);
                if (path !== '/accounts/nobody')
                  assert.deepEqual(res.json(), unknown.json(), `${u.username} ${id}${path}`);
              }
            }
          }
        }
        assert.equal(probes, 3 * 4 * 8);
      } finally {
        await app.close();
        await made.dispose();
      }
    });
  });
}
