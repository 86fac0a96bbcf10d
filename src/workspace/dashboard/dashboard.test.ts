/**
 * The data-set dashboard through the real app on SQLite and (with LOCKSTEP_TEST_PG_URL) PostgreSQL:
 * top items and curves against counts made here from the posts themselves, a surge marked as a spike,
 * a narrower range, watchlists (org-only, names unique, bad input naming the field, CSRF), opening a
 * case from a finding (note, pins, refusals), a run added without input posts, and an access matrix:
 * every user × run × dashboard route answers 200 only where TLP allows, else exactly like an unknown id.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Post } from '../../core/post.js';
import { storeKinds } from '../../exchange/taxii/both-stores.js';
import { makeResult } from '../../report/test-helpers/result-factory.js';
import { buildApp } from '../../server/app.js';
import type { Store } from '../../store/store.js';
import { caseViewSchema } from '../case-schema.js';
import { PostDigest, precomputeRun } from '../precompute.js';
import type { Client, RunIds } from '../test-world.js';
import { get, login, prepareWorld, send, USERS, world } from '../test-world.js';
import { dashboardSchema, watchlistListSchema, watchlistSchema } from './schema.js';
import type { Dashboard, DashboardKind } from './schema.js';

const T0 = Date.UTC(2024, 2, 4) / 1000;
const HOSTILE = 'RT @origin: <script>window.__pwned=1</script> [x](javascript:alert(1)) \u202Eevil';

function post(account: string, hour: number, o: Partial<Post> = {}): Post {
  return {
    account,
    time: T0 + hour * 3600 + 60,
    hashtags: [],
    mentions: [],
    urls: [],
    domains: [],
    images: [],
    isRepost: false,
    source: { file: 'in.csv', line: 1 },
    ...o,
  };
}

/** 72 hours: steady chatter, a surge of #surge and one URL at hour 50, a hostile repost. */
function posts(): Post[] {
  const out: Post[] = [];
  for (let h = 0; h < 72; h++) {
    out.push(post('out-1', h, { hashtags: ['steady'] }));
    out.push(
      post('acct-1-0', h, {
        hashtags: ['News'],
        urls: ['https://news.example/x'],
        domains: ['news.example'],
      }),
    );
    if (h % 2 === 0)
      out.push(
        post('out-2', h, { isRepost: true, repostOf: 'p-orig', repostOfAccount: 'origin', text: HOSTILE }),
      );
  }
  for (const a of ['acct-0-0', 'acct-0-1', 'acct-0-2'])
    for (let i = 0; i < 10; i++)
      out.push(
        post(a, 50, { hashtags: ['surge'], urls: ['https://surge.example/a'], domains: ['surge.example'] }),
      );
  for (const h of [10, 11, 12])
    out.push(
      post('acct-0-1', h, { isRepost: true, repostOf: 'p-orig', repostOfAccount: 'origin', text: HOSTILE }),
    );
  return out;
}

/** Posts per item of `kind` in [from, to) hours, counted here from the posts. */
function expected(
  ps: Post[],
  kind: DashboardKind,
  fromH: number,
  toH: number,
  who?: Set<string>,
): Map<string, number> {
  const m = new Map<string, number>();
  for (const p of ps) {
    const h = Math.floor((p.time - T0) / 3600);
    if (h < fromH || h >= toH || (who && !who.has(p.account))) continue;
    const keys =
      kind === 'hashtag'
        ? p.hashtags.map((x) => x.toLowerCase())
        : kind === 'url'
          ? p.urls
          : kind === 'domain'
            ? p.domains
            : kind === 'account'
              ? [p.account]
              : p.isRepost && p.repostOf !== undefined
                ? [p.repostOf]
                : [];
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

const section = (d: Dashboard, kind: DashboardKind) => d.sections.find((s) => s.kind === kind)!.items;
const iso = (h: number): string => new Date((T0 + h * 3600) * 1000).toISOString();

const dir = mkdtempSync(join(tmpdir(), 'lockstep-ws-dash-'));
let hashes: Map<string, string>;
before(async () => {
  hashes = await prepareWorld(dir);
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Publishes a run with its input posts (what `runs add` does with inputs), at `tlp` for `org`. */
async function publish(
  store: Store,
  org: string,
  tlp: 'amber' | 'amber+strict' | 'red',
  seed: string,
): Promise<string> {
  const result = { ...makeResult({ networks: 2, size: 3 }), startedAt: seed };
  const digest = new PostDigest(new Set(result.accounts.map((a) => a.account)));
  for (const p of posts()) digest.add(p);
  const w = precomputeRun(
    result,
    { org, tlp, title: `run ${seed}`, addedAt: '2026-12-06T00:00:00.000Z' },
    digest,
  );
  assert.equal(await store.putRun(w), true);
  return w.run.id;
}

interface Ctx {
  app: FastifyInstance;
  store: Store;
  runs: RunIds & { dash: string; dashStrict: string; dashRed: string };
  alice: Client;
  bob: Client;
  carol: Client;
}

for (const kind of storeKinds()) {
  describe(`workspace dashboard: ${kind.name}`, () => {
    async function withWorld(fn: (c: Ctx) => Promise<void>): Promise<void> {
      const made = await kind.create();
      const app = await buildApp({ store: made.store, webRoot: join(dir, 'no-web') });
      try {
        const base = await world(made.store, dir, hashes);
        const runs = {
          ...base,
          dash: await publish(made.store, 'org-a', 'amber', '2026-01-01T00:00:00.000Z'),
          dashStrict: await publish(made.store, 'org-a', 'amber+strict', '2026-01-02T00:00:00.000Z'),
          dashRed: await publish(made.store, 'org-b', 'red', '2026-01-03T00:00:00.000Z'),
        };
        const [alice, bob, carol] = [
          await login(app, 'alice'),
          await login(app, 'bob'),
          await login(app, 'carol'),
        ];
        await fn({ app, store: made.store, runs, alice, bob, carol });
      } finally {
        await app.close();
        await made.dispose();
      }
    }
    const dash = async (app: FastifyInstance, c: Client, url: string): Promise<Dashboard> => {
      const res = await get(app, c, url);
      assert.equal(res.statusCode, 200, res.body);
      return dashboardSchema.parse(res.json());
    };

    it('ranks every kind over the whole run as the posts say, with curves that add up and the surge marked', () =>
      withWorld(async ({ app, runs, alice }) => {
        const d = await dash(app, alice, `/api/runs/${runs.dash}/dashboard`);
        assert.equal(d.from, iso(0));
        assert.equal(d.to, iso(72));
        assert.equal(d.bucket, 'hour');
        assert.equal(d.refreshedAt, '2026-12-06T00:00:00.000Z');
        assert.equal(d.totals.length, 72);
        assert.equal(
          d.totals.reduce((a, b) => a + b, 0),
          posts().length,
        );
        for (const k of ['hashtag', 'url', 'domain', 'account', 'post'] as const) {
          const want = [...expected(posts(), k, 0, 72)].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
          const got = section(d, k);
          assert.deepEqual(
            got.map((i) => [i.key, i.count]),
            want.slice(0, 10),
            k,
          );
          for (const i of got)
            assert.equal(
              i.curve.reduce((a, b) => a + b, 0),
              i.count,
              `${k} ${i.key}`,
            );
        }
        const surge = section(d, 'hashtag').find((i) => i.key === 'surge')!;
        assert.deepEqual(
          surge.spikes.map((s) => [s.index, s.count]),
          [[50, 30]],
        );
        assert.deepEqual(surge.accounts, ['acct-0-0', 'acct-0-1', 'acct-0-2']);
        // The steady items never spike after their first hours; the totals curve spikes at the surge.
        assert.ok(
          section(d, 'hashtag')
            .find((i) => i.key === 'steady')!
            .spikes.every((s) => s.index < 24),
        );
        assert.ok(d.totalSpikes.some((s) => s.index === 50));
        const repost = section(d, 'post')[0]!;
        assert.equal(repost.key, 'p-orig');
        assert.equal(repost.author, 'origin');
        assert.equal(repost.label, HOSTILE, 'the text is kept as data; the client renders it as text');
        assert.deepEqual(repost.accounts, ['acct-0-1'], 'only accounts of the run’s results');
      }));

    it('a narrower range and daily buckets count only that range', () =>
      withWorld(async ({ app, runs, alice }) => {
        const d = await dash(app, alice, `/api/runs/${runs.dash}/dashboard?from=${iso(10)}&to=${iso(13)}`);
        assert.equal(d.curveStart, iso(10));
        assert.equal(d.totals.length, 3);
        assert.deepEqual(
          section(d, 'post').map((i) => [i.key, i.count]),
          [...expected(posts(), 'post', 10, 13)],
        );
        assert.equal(
          section(d, 'hashtag').some((i) => i.key === 'surge'),
          false,
        );
        const days = await dash(
          app,
          alice,
          `/api/runs/${runs.dash}/dashboard?from=${iso(12)}&to=${iso(72)}&bucket=day`,
        );
        assert.equal(days.bucket, 'day');
        assert.equal(days.curveStart, iso(0));
        const news = section(days, 'hashtag').find((i) => i.key === 'news')!;
        assert.deepEqual(news.curve, [12, 24, 24], 'the first day counts only the chosen hours');
        const bad = await get(app, alice, `/api/runs/${runs.dash}/dashboard?from=yesterday`);
        assert.equal(bad.statusCode, 422);
        assert.match(bad.json<{ message: string }>().message, /^from: /);
      }));

    it('watchlists: the members’ posts only, org-only, unique names, fields named, CSRF', () =>
      withWorld(async ({ app, runs, alice, bob }) => {
        const members = ['acct-0-1', 'acct-1-0', 'not-in-run'];
        const made = await send(app, alice, 'POST', '/api/watchlists', { name: 'Desk', accounts: members });
        assert.equal(made.statusCode, 201, made.body);
        const wl = watchlistSchema.parse(made.json());
        const d = await dash(app, alice, `/api/runs/${runs.dash}/dashboard?watchlist=${wl.id}`);
        assert.deepEqual(d.scope, {
          kind: 'watchlist',
          id: wl.id,
          name: 'Desk',
          accounts: 3,
          missing: ['not-in-run'],
        });
        const who = new Set(members);
        for (const k of ['hashtag', 'account', 'post'] as const)
          assert.deepEqual(
            section(d, k).map((i) => [i.key, i.count]),
            [...expected(posts(), k, 0, 72, who)]
              .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
              .slice(0, 10),
            k,
          );
        assert.equal(
          d.totals.reduce((a, b) => a + b, 0),
          [...expected(posts(), 'account', 0, 72, who).values()].reduce((a, b) => a + b, 0),
        );
        // Org B sees the run, not org A's list: its id answers like an unknown one.
        const theirs = await get(app, bob, `/api/runs/${runs.dash}/dashboard?watchlist=${wl.id}`);
        const unknown = await get(app, bob, `/api/runs/${runs.dash}/dashboard?watchlist=wl-ffffffffffffffff`);
        assert.equal(theirs.statusCode, 404);
        assert.deepEqual(theirs.json(), unknown.json());
        assert.deepEqual(
          watchlistListSchema.parse((await get(app, bob, '/api/watchlists')).json()).watchlists,
          [],
        );
        for (const m of ['PUT', 'DELETE'] as const) {
          const r = await send(
            app,
            bob,
            m,
            `/api/watchlists/${wl.id}`,
            m === 'PUT' ? { name: 'x', accounts: ['a'] } : undefined,
          );
          assert.equal(r.statusCode, 404, m);
        }
        assert.equal(
          (await send(app, alice, 'POST', '/api/watchlists', { name: 'Desk', accounts: ['a'] })).statusCode,
          409,
        );
        assert.equal(
          (await send(app, bob, 'POST', '/api/watchlists', { name: 'Desk', accounts: ['a'] })).statusCode,
          201,
        );
        const bad = await send(app, alice, 'POST', '/api/watchlists', { name: 'x\u0000', accounts: [] });
        assert.equal(bad.statusCode, 422);
        assert.match(bad.json<{ message: string }>().message, /^name: /);
        const noAccounts = await send(app, alice, 'POST', '/api/watchlists', { name: 'ok', accounts: [] });
        assert.match(
          noAccounts.json<{ message: string }>().message,
          /^accounts: must name at least one account/,
        );
        const noCsrf = await app.inject({
          method: 'POST',
          url: '/api/watchlists',
          headers: { cookie: alice.cookie },
          payload: { name: 'n', accounts: ['a'] },
        });
        assert.equal(noCsrf.statusCode, 403);
        const renamed = await send(app, alice, 'PUT', `/api/watchlists/${wl.id}`, {
          name: 'Desk 2',
          accounts: ['acct-0-0'],
        });
        assert.equal(watchlistSchema.parse(renamed.json()).name, 'Desk 2');
        assert.equal((await send(app, alice, 'DELETE', `/api/watchlists/${wl.id}`)).statusCode, 200);
        assert.deepEqual(
          watchlistListSchema.parse((await get(app, alice, '/api/watchlists')).json()).watchlists,
          [],
        );
      }));

    it('opens a case from a finding: its accounts, a note stating it, pins; refuses what the page does not show', () =>
      withWorld(async ({ app, runs, alice, bob, carol }) => {
        const res = await send(app, alice, 'POST', `/api/runs/${runs.dash}/dashboard/cases`, {
          kind: 'hashtag',
          key: 'surge',
        });
        assert.equal(res.statusCode, 201, res.body);
        const v = caseViewSchema.parse(res.json());
        assert.equal(v.case.title, 'Dashboard: hashtag #surge in run 2026-01-01T00:00:00.000Z');
        assert.deepEqual(v.pins.map((p) => p.account).sort(), ['acct-0-0', 'acct-0-1', 'acct-0-2']);
        assert.match(v.notes[0]!.text, /30 posts from 2024-03-04T00:00:00.000Z/);
        assert.match(v.notes[0]!.text, /strongest spike: 30 posts in the hour from 2024-03-06T02:00:00.000Z/);
        assert.match(v.notes[0]!.text, /a question, not an accusation/);
        // Hostile text from the data set is escaped as markdown in the note (no live link syntax).
        const post = await send(app, alice, 'POST', `/api/runs/${runs.dash}/dashboard/cases`, {
          kind: 'post',
          key: 'p-orig',
        });
        assert.equal(post.statusCode, 201, post.body);
        const note = caseViewSchema.parse(post.json()).notes[0]!.text;
        assert.ok(note.includes('\\[x\\]\\(javascript:alert\\(1\\)\\)'), note);
        assert.ok(note.includes('\\<script\\>'), note);
        const notShown = await send(app, alice, 'POST', `/api/runs/${runs.dash}/dashboard/cases`, {
          kind: 'hashtag',
          key: 'surge',
          from: iso(0),
          to: iso(10),
        });
        assert.equal(notShown.statusCode, 422);
        assert.match(
          notShown.json<{ message: string }>().message,
          /^key: "surge" is not among the top hashtags/,
        );
        const nobody = await send(app, alice, 'POST', `/api/runs/${runs.dash}/dashboard/cases`, {
          kind: 'hashtag',
          key: 'steady',
        });
        assert.equal(nobody.statusCode, 422);
        assert.match(nobody.json<{ message: string }>().message, /no account of the run's results posted/);
        assert.equal(
          (
            await send(app, bob, 'POST', `/api/runs/${runs.dash}/dashboard/cases`, {
              kind: 'hashtag',
              key: 'surge',
            })
          ).statusCode,
          201,
        );
        const hidden = await send(app, carol, 'POST', `/api/runs/${runs.dash}/dashboard/cases`, {
          kind: 'hashtag',
          key: 'surge',
        });
        const unknown = await send(app, carol, 'POST', '/api/runs/run-ffffffffffffffff/dashboard/cases', {
          kind: 'hashtag',
          key: 'surge',
        });
        assert.equal(hidden.statusCode, 404);
        assert.deepEqual(hidden.json(), unknown.json());
      }));

    it('every user × run × dashboard route: 200 only where TLP allows, else the unknown-id answer', () =>
      withWorld(async ({ app, runs }) => {
        const allowed: Record<string, string[]> = {
          alice: [runs.dash, runs.dashStrict],
          bob: [runs.dash, runs.dashRed],
          carol: [],
        };
        let probes = 0;
        for (const u of USERS) {
          const c = await login(app, u.username);
          for (const id of [runs.dash, runs.dashStrict, runs.dashRed]) {
            const visible = allowed[u.username]!.includes(id);
            for (const [method, path, body] of [
              ['GET', '/dashboard', undefined],
              ['GET', `/dashboard?from=${iso(40)}&bucket=day`, undefined],
              ['POST', '/dashboard/cases', { kind: 'account', key: 'acct-0-0' }],
            ] as const) {
              const res =
                method === 'GET'
                  ? await get(app, c, `/api/runs/${id}${path}`)
                  : await send(app, c, method, `/api/runs/${id}${path}`, body);
              const twin =
                method === 'GET'
                  ? await get(app, c, `/api/runs/run-ffffffffffffffff${path}`)
                  : await send(app, c, method, `/api/runs/run-ffffffffffffffff${path}`, body);
              probes++;
              assert.equal(
                res.statusCode,
                visible ? (method === 'GET' ? 200 : 201) : 404,
                `${u.username} ${id}${path}`,
              );
              if (!visible) assert.equal(res.body, twin.body, `${u.username} ${id}${path}`);
            }
          }
          assert.equal((await get(app, undefined, `/api/runs/${runs.dash}/dashboard`)).statusCode, 401);
        }
        assert.equal(probes, 3 * 3 * 3);
      }));

    it('a run added without its input posts says so', () =>
      withWorld(async ({ app, runs, alice }) => {
        const res = await get(app, alice, `/api/runs/${runs.aAmber}/dashboard`);
        assert.equal(res.statusCode, 404);
        assert.match(res.json<{ message: string }>().message, /added without its input posts/);
      }));
  });
}
