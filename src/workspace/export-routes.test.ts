/**
 * The whole-graph downloads (export-routes.ts) with the amplified objects: `objects=1` adds the
 * objects page the import stored (nodes with their kind, account → object ties), absent or `0` gives
 * the accounts' graph alone, a run imported without input posts has no objects to add, and a bad flag
 * is refused. Through the real app on SQLite.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Post } from '../core/post.js';
import { hashPassword } from '../exchange/credentials.js';
import { parseCsv } from '../report/csv.js';
import { makeResult } from '../report/test-helpers/result-factory.js';
import { buildApp } from '../server/app.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { graphObjectsPageSchema } from './api-schema.js';
import { EDGE_CSV_COLUMNS, NODE_CSV_COLUMNS } from './exports.js';
import { PostDigest, precomputeRun, resharedIds } from './precompute.js';
import { get, graphOf, login } from './test-world.js';

const T0 = Date.UTC(2024, 2, 4) / 1000;
const meta = { org: 'org-a', tlp: 'amber' as const, title: 't', addedAt: '2026-01-01T00:00:00.000Z' };

/**
 * Every member of network 0 uses one hashtag and retweets one post of `lead`: three objects (the
 * hashtag, the post, the retweeted account), 3 × 5 ties.
 */
function postsFor(members: readonly string[]): Post[] {
  return members.flatMap((account, i) => [
    {
      account,
      time: T0 + i * 60,
      hashtags: ['#Rigged'],
      mentions: [],
      urls: [],
      domains: [],
      images: [],
      isRepost: false,
      text: 'the vote is #Rigged',
      source: { file: 't.csv', line: 2 * i + 1 },
    },
    {
      account,
      time: T0 + i * 60 + 30,
      hashtags: [],
      mentions: [],
      urls: [],
      domains: [],
      images: [],
      isRepost: true,
      repostOf: '777',
      repostOfAccount: 'lead',
      text: 'RT @lead: stay home on election day',
      source: { file: 't.csv', line: 2 * i + 2 },
    },
  ]);
}

describe('graph downloads with objects', () => {
  it('add the stored objects and their ties when asked, and only then', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-ws-export-'));
    const store = await openSqliteStore({ file: join(dir, 'store.db') });
    try {
      await store.putOrg({ id: 'org-a', name: 'A', redRecipients: [] });
      await store.putUser({ username: 'alice', org: 'org-a', passwordHash: await hashPassword('alice-pw') });
      const r = makeResult({ networks: 2, size: 5 });
      const members = r.networks[0]!.members;
      const digest = new PostDigest(new Set(r.accounts.map((a) => a.account)), resharedIds(r));
      for (const p of postsFor(members)) digest.add(p);
      const withInput = precomputeRun(r, meta, digest);
      await store.putRun(withInput);
      // The same result imported without its input posts (another title, so another run id).
      const bare = precomputeRun({ ...r, startedAt: '2024-03-05T00:00:00.000Z' }, meta);
      await store.putRun(bare);
      const id = withInput.run.id;
      const app = await buildApp({ store, webRoot: join(dir, 'no-web') });
      try {
        const alice = await login(app, 'alice');
        const graph = graphOf((await get(app, alice, `/api/runs/${id}/graph`)).json());
        const objects = graphObjectsPageSchema.parse(
          (await get(app, alice, `/api/runs/${id}/graph/objects`)).json(),
        );
        assert.deepEqual(objects.objects.map((o) => o.kind).sort(), ['account', 'hashtag', 'post']);
        assert.equal(objects.edges.length, 3 * members.length);

        // GEXF: without the flag (or with 0) the accounts' graph; with it, objects and ties too.
        for (const q of ['', '?objects=0']) {
          const plain = await get(app, alice, `/api/runs/${id}/graph.gexf${q}`);
          assert.equal(plain.statusCode, 200, plain.body);
          assert.equal(plain.body.match(/<node /g)?.length, graph.nodes.length);
          assert.doesNotMatch(plain.body, /node_kind/);
        }
        const gexf = await get(app, alice, `/api/runs/${id}/graph.gexf?objects=1`);
        assert.equal(gexf.statusCode, 200, gexf.body);
        assert.equal(gexf.body.match(/<node /g)?.length, graph.nodes.length + objects.objects.length);
        assert.equal(gexf.body.match(/<edge /g)?.length, r.edges.length + objects.edges.length);
        assert.equal(gexf.body.match(/<attvalue for="node_kind" value="hashtag"\/>/g)?.length, 1);
        assert.equal(gexf.body.match(/<attvalue for="node_kind" value="post"\/>/g)?.length, 1);
        assert.match(
          gexf.body,
          /<node id="account:lead" label="@lead"><attvalues><attvalue for="posts" value="5"\/>/,
        );
        assert.equal(gexf.body.match(/kind="acts-on-post"/g)?.length, members.length);

        // CSV: object rows with their kind; ties as `acts-on-KIND` edge rows.
        const nodes = parseCsv(
          (await get(app, alice, `/api/runs/${id}/graph.csv?what=nodes&objects=1`)).body,
        );
        assert.deepEqual(nodes[0], [...NODE_CSV_COLUMNS, 'kind']);
        assert.equal(nodes.length - 1, graph.nodes.length + objects.objects.length);
        assert.deepEqual(
          nodes
            .slice(1 + graph.nodes.length)
            .map((n) => n.at(-1))
            .sort(),
          ['account', 'hashtag', 'post'],
        );
        const edges = parseCsv((await get(app, alice, `/api/runs/${id}/graph.csv?objects=true`)).body);
        assert.deepEqual(edges[0], [...EDGE_CSV_COLUMNS]);
        assert.equal(edges.length - 1, r.edges.length + objects.edges.length);
        const ties = edges.filter((e) => e[4]?.startsWith('acts-on-'));
        assert.deepEqual(new Set(ties.map((e) => e[0])), new Set(members));
        const plainNodes = parseCsv((await get(app, alice, `/api/runs/${id}/graph.csv?what=nodes`)).body);
        assert.deepEqual(plainNodes[0], [...NODE_CSV_COLUMNS]);

        // A run without input posts has no objects: the flag gives the accounts' graph.
        const none = await get(app, alice, `/api/runs/${bare.run.id}/graph.gexf?objects=1`);
        assert.equal(none.statusCode, 200, none.body);
        assert.equal(none.body.match(/<node /g)?.length, graph.nodes.length);
        assert.equal((await get(app, alice, `/api/runs/${id}/graph.gexf?objects=yes`)).statusCode, 422);
        assert.equal((await get(app, alice, `/api/runs/${id}/graph.csv?objects=2`)).statusCode, 422);
      } finally {
        await app.close();
      }
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
