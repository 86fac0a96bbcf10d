/**
 * The explorer's wire page (graph-view.ts): columns that unpack to the stored graph page (networks
 * without their details), a check that refuses ragged or out-of-range columns, and the two routes —
 * `/graph` (stored at import, or packed from an older run's `graph` page) and `/graph/networks`
 * (all, one, an unknown one, a bad query) — through the real app on SQLite.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { makeResult } from '../report/test-helpers/result-factory.js';
import { buildApp } from '../server/app.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { graphPageSchema, type GraphPage } from './api-schema.js';
import { NETWORKS_KIND, VIEW_KIND } from './graph-page.js';
import { graphNetworksSchema, graphViewSchema, packGraph, unpackGraph } from './graph-view.js';
import { precomputeRun } from './precompute.js';
import { get, graphOf, login, ownerAndOutsider } from './test-world.js';

const meta = { org: 'org-a', tlp: 'amber' as const, title: 't', addedAt: '2026-01-01T00:00:00.000Z' };

const stored = (): { write: ReturnType<typeof precomputeRun>; page: GraphPage } => {
  const r = makeResult({ networks: 3, size: 5 });
  // A label unlike its id, an account in no network and a flagged signal travel too.
  r.accounts[0]!.screenName = 'Screen <Name>';
  r.accounts[1]!.network = null;
  const write = precomputeRun(r, meta);
  const page = graphPageSchema.parse(JSON.parse(write.pages.find((p) => p.kind === 'graph')!.json));
  return { write, page };
};

/** The stored page as the explorer sees it before a network's details arrive. */
const withoutDetails = (page: GraphPage): GraphPage => ({
  ...page,
  networks: page.networks.map((n) => ({ ...n, topObjects: [], timeline: [], examples: [] })),
});

describe('graph view', () => {
  it('unpacks to the stored graph page, networks without their details', () => {
    const { write, page } = stored();
    assert.ok(page.nodes.some((n) => n.label !== n.id) && page.nodes.some((n) => n.network === null));
    assert.ok(page.nodes.some((n) => n.flagged.length > 0));
    const view = graphViewSchema.parse(JSON.parse(write.pages.find((p) => p.kind === VIEW_KIND)!.json));
    assert.deepEqual(unpackGraph(view), withoutDetails(page));
    const details = graphNetworksSchema.parse(
      JSON.parse(write.pages.find((p) => p.kind === NETWORKS_KIND)!.json),
    );
    assert.deepEqual(details.networks, page.networks);
    // Smaller than the objects it replaces.
    assert.ok(JSON.stringify(view).length < JSON.stringify(page).length / 2);
  });

  it('packs a page from before positions, signals and chunks', () => {
    const { page } = stored();
    const old: GraphPage = {
      ...page,
      nodes: page.nodes.map((n) => {
        const o = { ...n };
        delete o.x;
        delete o.y;
        delete o.first;
        delete o.last;
        return o;
      }),
    };
    delete old.signals;
    delete old.edgeTotal;
    delete old.edgeChunks;
    const back = unpackGraph(graphViewSchema.parse(JSON.parse(JSON.stringify(packGraph(old)))));
    assert.ok(back.nodes.every((n) => n.x === undefined && n.first === null));
    assert.equal(back.edgeTotal, page.edges.length);
    assert.equal(back.edgeChunks, 0);
    assert.deepEqual(
      back.nodes.map((n) => n.flagged),
      page.nodes.map((n) => n.flagged),
    );
  });

  it('refuses ragged columns, edge ends that are not nodes and wrong element types', () => {
    const view = packGraph(stored().page);
    const problem = (mutate: (v: ReturnType<typeof packGraph>) => void): string => {
      const v = structuredClone(view);
      mutate(v);
      const r = graphViewSchema.safeParse(v);
      if (r.success) return assert.fail('accepted');
      return r.error.issues.map((i) => i.message).join('; ');
    };
    assert.match(
      problem((v) => v.edges.weight.pop()),
      /column weight has \d+ values, not \d+/,
    );
    assert.match(
      problem((v) => (v.edges.a[0] = v.nodes.id.length)),
      /edge end is not a node index/,
    );
    assert.match(
      problem((v) => (v.edges.behaviour[0] = -1)),
      /behaviour index/,
    );
    assert.match(
      problem((v) => (v.networks[0]!.members[0] = 0.5)),
      /member is not a node index/,
    );
    assert.match(
      problem((v) => ((v.nodes.score as unknown[])[0] = '1')),
      /expected an array of numbers/,
    );
  });

  it('is served: stored or packed from an older run, networks all or one, clear 4xx', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-ws-view-'));
    const store = await openSqliteStore({ file: join(dir, 'store.db') });
    try {
      await ownerAndOutsider(store);
      const { write, page } = stored();
      await store.putRun(write);
      // A run imported before the wire pages: only its `graph` page.
      const older = precomputeRun(
        { ...makeResult({ networks: 2, size: 4 }), startedAt: '2024-03-06T00:00:00.000Z' },
        { ...meta, title: 'older' },
      );
      older.pages = older.pages.filter((p) => p.kind !== VIEW_KIND && p.kind !== NETWORKS_KIND);
      await store.putRun(older);
      const app = await buildApp({ store, webRoot: join(dir, 'no-web') });
      try {
        const alice = await login(app, 'alice');
        const url = `/api/runs/${write.run.id}/graph`;
        assert.deepEqual(graphOf((await get(app, alice, url)).json()), withoutDetails(page));
        const olderPage = graphPageSchema.parse(
          JSON.parse(older.pages.find((p) => p.kind === 'graph')!.json),
        );
        const olderUrl = `/api/runs/${older.run.id}/graph`;
        assert.deepEqual(graphOf((await get(app, alice, olderUrl)).json()), withoutDetails(olderPage));

        const all = graphNetworksSchema.parse((await get(app, alice, `${url}/networks`)).json());
        assert.deepEqual(all.networks, page.networks);
        const olderAll = graphNetworksSchema.parse((await get(app, alice, `${olderUrl}/networks`)).json());
        assert.deepEqual(olderAll.networks, olderPage.networks);
        const one = graphNetworksSchema.parse((await get(app, alice, `${url}/networks?network=N2`)).json());
        assert.deepEqual(one.networks, [page.networks[1]]);

        const unknown = await get(app, alice, `${url}/networks?network=N99`);
        assert.equal(unknown.statusCode, 404);
        assert.match(unknown.body, /no network \\"N99\\" in this run/);
        const bad = await get(app, alice, `${url}/networks?netwrk=N1`);
        assert.equal(bad.statusCode, 422);
        assert.match(bad.body, /netwrk|Unrecognized key/);
        assert.equal((await get(app, alice, `${url}/networks?network=`)).statusCode, 422);
        // Another org's reader, and no session, as for every run route.
        const carol = await login(app, 'carol');
        assert.equal((await get(app, carol, url)).statusCode, 404);
        assert.equal((await get(app, carol, `${url}/networks`)).statusCode, 404);
        assert.equal((await get(app, undefined, `${url}/networks`)).statusCode, 401);
        assert.equal((await get(app, alice, '/api/runs/run-x/graph/networks')).statusCode, 404);
      } finally {
        await app.close();
      }
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
