/**
 * The explorer's stored graph (graph-page.ts): the strongest-ties-first order, the bounded first
 * view with positions and facets, the chunks, and the API that serves them (chunk route, whole-graph
 * exports) through the real app on SQLite.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Edge } from '../core/result.js';
import { parseCsv } from '../report/csv.js';
import { makeResult } from '../report/test-helpers/result-factory.js';
import { buildApp } from '../server/app.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { graphPageSchema, type GraphEdge } from './api-schema.js';
import { chunkEdges, chunkKeys, edgeChunkViewSchema, unpackChunk } from './edge-chunk.js';
import { CHUNK_EDGES, FIRST_EDGES, edgeChunkKind, strongestFirst } from './graph-page.js';
import { PostDigest, precomputeRun, resharedIds } from './precompute.js';
import { get, graphOf, login, ownerAndOutsider } from './test-world.js';

const edge = (a: string, b: string, weight: number): Edge => ({
  a,
  b,
  behaviour: 'co-retweet',
  weight,
  coActions: 2,
  objects: 2,
  first: 0,
  last: 1,
});

const meta = { org: 'org-a', tlp: 'amber' as const, title: 't', addedAt: '2026-01-01T00:00:00.000Z' };
/** 30 cliques of 30: 13,050 edges, more than the first view holds. */
const big = (): ReturnType<typeof makeResult> => makeResult({ networks: 30, size: 30 });
const key = (e: GraphEdge): string => `${e.a} ${e.b} ${e.behaviour}`;

describe('strongestFirst', () => {
  it("puts every account's strongest tie before any account's second", () => {
    const edges = [edge('hub', 'x', 10), edge('hub', 'y', 9), edge('z', 'w', 1), edge('x', 'y', 5)];
    // z–w (weight 1) is z's and w's strongest tie; x–y (5) is neither x's nor y's (hub–x, hub–y are):
    // z–w goes first, where a plain sort by weight would give [0, 1, 3, 2].
    assert.deepEqual(strongestFirst(edges), [0, 1, 2, 3]);
  });

  it('is a permutation and the same for the same input', () => {
    const r = big();
    const a = strongestFirst(r.edges);
    assert.deepEqual(
      [...a].sort((x, y) => x - y),
      r.edges.map((_, i) => i),
    );
    assert.deepEqual(strongestFirst(r.edges), a);
  });
});

describe('graph pages', () => {
  it('store a bounded first view with positions and facets, and every other edge once in chunks', () => {
    const r = big();
    const write = precomputeRun(r, meta);
    const graph = graphPageSchema.parse(JSON.parse(write.pages.find((p) => p.kind === 'graph')!.json));
    assert.equal(graph.edges.length, Math.min(FIRST_EDGES, r.edges.length));
    assert.equal(graph.edgeTotal, r.edges.length);
    assert.equal(graph.edgeChunks, Math.ceil((r.edges.length - FIRST_EDGES) / CHUNK_EDGES));
    const seen = new Set(graph.edges.map(key));
    for (let c = 1; c <= graph.edgeChunks; c++) {
      const stored = write.pages.find((p) => p.kind === edgeChunkKind(c))!.json;
      // Stored as columns (edge ends as indices into the page's nodes), not as objects.
      assert.ok(Array.isArray(edgeChunkViewSchema.parse(JSON.parse(stored)).edges.a));
      for (const e of chunkEdges(stored, chunkKeys(graph))) {
        assert.ok(!seen.has(key(e)), `edge ${key(e)} twice`);
        seen.add(key(e));
      }
    }
    assert.equal(seen.size, r.edges.length);
    // Every account with an edge has one in the first view.
    const inView = new Set(graph.edges.flatMap((e) => [e.a, e.b]));
    for (const e of r.edges) assert.ok(inView.has(e.a) && inView.has(e.b));
    for (const n of graph.nodes) assert.ok(Number.isFinite(n.x) && Number.isFinite(n.y), n.id);
    // Networks start apart and ForceAtlas2 keeps a clique together: members sit nearer their own
    // network's centre than another network's.
    const centre = (net: string): [number, number] => {
      const ms = graph.nodes.filter((n) => n.network === net);
      return [ms.reduce((s, n) => s + n.x!, 0) / ms.length, ms.reduce((s, n) => s + n.y!, 0) / ms.length];
    };
    const [c1, c2] = [centre('N1'), centre('N2')];
    const m = graph.nodes.find((n) => n.network === 'N1')!;
    const d = (c: [number, number]): number => Math.hypot(m.x! - c[0], m.y! - c[1]);
    assert.ok(d(c1) < d(c2));
    assert.deepEqual(graph.behaviours, [...new Set(r.edges.map((e) => e.behaviour))].sort());
    const flagged = new Set(r.accounts.flatMap((a) => a.signals.filter((s) => s.flagged).map((s) => s.name)));
    assert.deepEqual(graph.signals, [...flagged].sort());
    const times = r.edges.flatMap((e) => [e.first, e.last]);
    assert.equal(graph.span?.first, new Date(Math.min(...times) * 1000).toISOString());
    assert.equal(graph.span.last, new Date(Math.max(...times) * 1000).toISOString());
    // The same run imports to the same pages (positions included).
    assert.deepEqual(
      precomputeRun(r, meta).pages.map((p) => p.json),
      write.pages.map((p) => p.json),
    );
  });

  it('show a co-retweet object as its original (author and text) when the input posts have it', () => {
    const r = makeResult({ networks: 1, size: 3 });
    r.networks[0]!.topObjects.push({ behaviour: 'co-retweet', object: '777', accounts: 3, actions: 3 });
    r.networks[0]!.topObjects.push({ behaviour: 'co-retweet', object: '888', accounts: 2, actions: 2 });
    const d = new PostDigest(new Set(r.accounts.map((a) => a.account)), resharedIds(r));
    const base = {
      hashtags: [],
      mentions: [],
      urls: [],
      domains: [],
      images: [],
      source: { file: 'f', line: 1 },
    };
    d.add({
      ...base,
      account: 'x',
      time: 10,
      isRepost: true,
      repostOf: '777',
      repostOfAccount: 'orig',
      text: 'RT @orig: the claim',
    });
    d.add({
      ...base,
      account: 'y',
      time: 11,
      isRepost: true,
      repostOf: '888',
      repostOfAccount: 'other',
      text: 'RT @other: a copy',
    });
    // The original itself, when in the data, wins over what a repost quoted.
    d.add({ ...base, account: 'other', time: 5, isRepost: false, id: '888', text: 'the full original' });
    const graph = graphPageSchema.parse(
      JSON.parse(precomputeRun(r, meta, d).pages.find((p) => p.kind === 'graph')!.json),
    );
    const objects = graph.networks[0]!.topObjects;
    assert.deepEqual(objects.find((o) => o.object === '777')?.original, {
      author: 'orig',
      text: 'the claim',
    });
    assert.deepEqual(objects.find((o) => o.object === '888')?.original, {
      author: 'other',
      text: 'the full original',
    });
    const withoutInput = graphPageSchema.parse(
      JSON.parse(precomputeRun(r, meta).pages.find((p) => p.kind === 'graph')!.json),
    );
    assert.equal(withoutInput.networks[0]!.topObjects.find((o) => o.object === '777')?.original, null);
  });

  it('are served: the first view, each chunk, a 404 past the last, and exports of the whole graph', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-ws-graph-'));
    const store = await openSqliteStore({ file: join(dir, 'store.db') });
    try {
      await ownerAndOutsider(store);
      const r = big();
      const write = precomputeRun(r, meta);
      await store.putRun(write);
      const id = write.run.id;
      const app = await buildApp({ store, webRoot: join(dir, 'no-web') });
      try {
        const alice = await login(app, 'alice');
        const graph = graphOf((await get(app, alice, `/api/runs/${id}/graph`)).json());
        const keys = new Set(graph.edges.map(key));
        const chunks: GraphEdge[][] = [];
        for (let c = 1; c <= graph.edgeChunks!; c++) {
          const res = await get(app, alice, `/api/runs/${id}/graph/edges/${c}`);
          assert.equal(res.statusCode, 200);
          chunks.push(unpackChunk(edgeChunkViewSchema.parse(res.json()), chunkKeys(graph)));
          for (const e of chunks.at(-1)!) keys.add(key(e));
        }
        assert.equal(keys.size, r.edges.length);
        // A run imported before chunks were columns (chunks stored as edge objects): the route sends the
        // same columns, the export the same edges.
        const fresh = precomputeRun(r, meta);
        const stored = graphPageSchema.parse(JSON.parse(fresh.pages.find((p) => p.kind === 'graph')!.json));
        const old = {
          ...fresh,
          run: { ...fresh.run, id: 'run-00000000000000aa' },
          pages: fresh.pages.map((p) =>
            p.kind.startsWith('graph-edges-')
              ? {
                  kind: p.kind,
                  json: JSON.stringify({
                    chunk: Number(p.kind.slice(12)),
                    edges: chunkEdges(p.json, chunkKeys(stored)),
                  }),
                }
              : p,
          ),
        };
        await store.putRun(old);
        for (let c = 1; c <= graph.edgeChunks!; c++) {
          const res = await get(app, alice, `/api/runs/${old.run.id}/graph/edges/${c}`);
          assert.match(old.pages.find((p) => p.kind === edgeChunkKind(c))!.json, /"edges":\[/);
          assert.deepEqual(
            unpackChunk(edgeChunkViewSchema.parse(res.json()), chunkKeys(graph)),
            chunks[c - 1],
          );
        }
        const oldCsv = parseCsv((await get(app, alice, `/api/runs/${old.run.id}/graph.csv`)).body);
        const past = await get(app, alice, `/api/runs/${id}/graph/edges/${graph.edgeChunks! + 1}`);
        assert.equal(past.statusCode, 404);
        assert.equal((await get(app, alice, `/api/runs/${id}/graph/edges/0`)).statusCode, 404);
        assert.equal((await get(app, alice, `/api/runs/${id}/graph/edges/x`)).statusCode, 404);
        // Another org's reader gets the same 404 as for an unknown run.
        const carol = await login(app, 'carol');
        assert.equal((await get(app, carol, `/api/runs/${id}/graph/edges/1`)).statusCode, 404);
        assert.equal((await get(app, undefined, `/api/runs/${id}/graph/edges/1`)).statusCode, 401);
        const csv = parseCsv((await get(app, alice, `/api/runs/${id}/graph.csv`)).body);
        assert.equal(csv.length - 1, r.edges.length);
        assert.deepEqual(oldCsv, csv);
      } finally {
        await app.close();
      }
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
