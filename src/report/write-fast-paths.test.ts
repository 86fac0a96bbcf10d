/**
 * The output stage's fast paths produce exactly what the plain forms did: isoTime against
 * Date#toISOString, edges.csv rows against csvRow over the cells (in the calling thread and from a
 * worker), graph.gexf's edges from the same columns against gexf.ts's, the edge order by ranks
 * against a sort by byteCompare, the layout's heaviest pairs against a sort of all pairs, the worker's
 * layout against the in-thread one, networks.json in chunks against one JSON.stringify of the file.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeResult } from './test-helpers/result-factory.js';
import { byteCompare, csvRow, isoTime } from './csv.js';
import { gexf, gexfHead } from './gexf.js';
import { EDGE_COLUMNS, edgesCsv, orderedEdges } from './edges-csv.js';
import { heaviestPairs, layoutInput, layoutNetworks, type LayoutEdge, type LayoutInput } from './layout.js';
import { runLayoutInWorker } from './layout-in-worker.js';
import { writeEdgesCsv } from './edges-csv-in-worker.js';
import type { DetectionResult, Edge } from '../core/result.js';
import { networksJsonChunks, toNetworksFile } from './networks-json.js';
import { writeDetectionOutput } from './write-output.js';
import { seededRandom } from '../test-helpers/seeded-random.js';

describe('isoTime', () => {
  it('equals new Date(t * 1000).toISOString() on whole, fractional and edge-case seconds', () => {
    const rand = seededRandom(7);
    const samples = [
      0, 0.0005, 0.001, 59.999, 86399.9999, 86400, 951782400, 1709542800.123456, 253402300799.999,
    ];
    for (let i = 0; i < 20000; i++) samples.push(rand() * 2e9, Math.floor(rand() * 2e9), rand() * 3e11);
    samples.push(-1, -0.5, -86400.25, 253402300800, 8e12);
    for (const t of samples) assert.equal(isoTime(t), new Date(t * 1000).toISOString(), `t = ${t}`);
  });

  it('still rejects a time that is not a number, as Date does', () => {
    assert.throws(() => isoTime(NaN), RangeError);
  });
});

describe('edges.csv rows', () => {
  const plain = (edges: Edge[]): string =>
    [
      csvRow(EDGE_COLUMNS),
      ...orderedEdges(edges).map((e) =>
        csvRow([
          e.a,
          e.b,
          e.behaviour,
          e.weight,
          e.coActions,
          e.objects,
          e.expected,
          e.pValue,
          e.qValue,
          new Date(e.first * 1000).toISOString(),
          new Date(e.last * 1000).toISOString(),
          e.test,
          e.observed,
          e.lag,
        ]),
      ),
    ].join('');
  /** Edges with every optional cell present and absent, odd ids, -0, tiny and huge numbers. */
  const varied = (): Edge[] => {
    const r = makeResult({ networks: 4, size: 6 });
    const odd: Edge[] = [
      {
        a: 'has,comma',
        b: 'has "quote"\nand newline',
        behaviour: 'co-link',
        weight: 1 / 3,
        coActions: 2,
        objects: 1,
        first: 1709542800.5,
        last: 1709546400,
      },
      {
        a: 'ünï',
        b: '😀',
        behaviour: 'co-similar',
        weight: -0,
        coActions: 1,
        objects: 1,
        first: 0,
        last: 1e-4,
        test: 'lag',
        observed: 5,
        expected: 5e-324,
        lag: -30,
        pValue: 1e-300,
        qValue: 0.5,
      },
      {
        a: 'x',
        b: 'y',
        behaviour: 'co-retweet',
        weight: 1e21,
        coActions: 3,
        objects: 3,
        first: 1,
        last: 2,
        test: 'count',
        pValue: 0,
      },
    ];
    return [...r.edges, ...odd];
  };

  it('written by a worker are the same bytes as in the calling thread and as csvRow', async () => {
    const edges = varied();
    const dir = await mkdtemp(join(tmpdir(), 'lockstep-edges-'));
    try {
      await writeEdgesCsv(join(dir, 'worker.csv'), orderedEdges(edges), 0);
      await writeEdgesCsv(join(dir, 'here.csv'), orderedEdges(edges), Infinity);
      const expected = plain(edges);
      assert.equal(await readFile(join(dir, 'worker.csv'), 'utf8'), expected);
      assert.equal(await readFile(join(dir, 'here.csv'), 'utf8'), expected);
      for (const from of [0, Infinity])
        await assert.rejects(
          writeEdgesCsv(join(dir, 'missing', 'e.csv'), orderedEdges(edges), from),
          /ENOENT/,
        );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("written with graph.gexf's edges, make the same graph.gexf as gexf.ts, in a worker or not", async () => {
    const r = makeResult({ networks: 4, size: 6 });
    r.edges = varied();
    const sorted = orderedEdges(r.edges);
    const expected = [...gexf(r)].join('');
    assert.ok(expected.includes('q_value" value="0.5"') && expected.includes('&quot;'));
    const dir = await mkdtemp(join(tmpdir(), 'lockstep-gexf-'));
    try {
      for (const from of [0, Infinity]) {
        const path = join(dir, `${from}.gexf`);
        await writeEdgesCsv(join(dir, `${from}.csv`), sorted, from, { path, head: gexfHead(r, sorted) });
        assert.equal(await readFile(path, 'utf8'), expected);
        assert.equal(await readFile(join(dir, `${from}.csv`), 'utf8'), plain(r.edges));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('are csvRow over the cells, quoting included', () => {
    const edges = varied();
    const expected = plain(edges);
    assert.equal([...edgesCsv(edges)].join(''), expected);
    assert.equal([...edgesCsv(orderedEdges(edges), true)].join(''), expected);
  });
});

describe('edge order', () => {
  it('is a stable sort by byteCompare of (a, b, behaviour), astral and private-use ids included', () => {
    const rand = seededRandom(5);
    const ids = ['a', 'b', 'ab', '\uE000', '😀', 'ä', 'z\uFFFD', '😀a', ''];
    const behaviours = ['co-retweet', 'co-link', 'co-hashtag'];
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const edges: Edge[] = [];
    for (let i = 0; i < 3000; i++)
      edges.push({
        a: pick(ids),
        b: pick(ids),
        behaviour: pick(behaviours) as Edge['behaviour'],
        weight: i,
        coActions: 1,
        objects: 1,
        first: 0,
        last: 0,
      });
    const expected = edges
      .map((e) => (byteCompare(e.a, e.b) <= 0 ? e : { ...e, a: e.b, b: e.a }))
      .sort(
        (x, y) => byteCompare(x.a, y.a) || byteCompare(x.b, y.b) || byteCompare(x.behaviour, y.behaviour),
      );
    assert.deepEqual(orderedEdges(edges), expected);
    assert.deepEqual(orderedEdges([]), []);
  });
});

describe("the layout's heaviest pairs", () => {
  /** What runLayout did before: every pair an object, all sorted, cut. */
  const plainPairs = (input: LayoutInput): LayoutEdge[] => {
    const pairs = new Map<number, LayoutEdge>();
    const size = input.nodes.length;
    for (let i = 0; i < input.edgeA.length; i++) {
      const ia = input.edgeA[i]!;
      const ib = input.edgeB[i]!;
      const key = ia < ib ? ia * size + ib : ib * size + ia;
      const p = pairs.get(key);
      if (p) p.weight += input.edgeWeight[i]!;
      else pairs.set(key, { a: input.nodes[ia]!.id, b: input.nodes[ib]!.id, weight: input.edgeWeight[i]! });
    }
    return [...pairs.values()].sort((x, y) => y.weight - x.weight).slice(0, input.maxEdges);
  };

  it('are those of a stable sort of all pairs cut at maxEdges, with ties across the cut', () => {
    const r = makeResult({ networks: 3, size: 20 });
    const base = layoutInput(r, { seed: 2 });
    const rand = seededRandom(9);
    const n = 4000;
    const edgeA = Int32Array.from({ length: n }, () => Math.floor(rand() * base.nodes.length));
    const edgeB = Int32Array.from({ length: n }, () => Math.floor(rand() * base.nodes.length));
    // Few distinct weights: many ties at every cut.
    const edgeWeight = Float64Array.from({ length: n }, () => [0.5, 1, 2, 0.1][Math.floor(rand() * 4)]!);
    for (const maxEdges of [0, 1, 7, 100, 500, 1000, 100000]) {
      const input = { ...base, edgeA, edgeB, edgeWeight, maxEdges };
      assert.deepEqual(heaviestPairs(input), plainPairs(input), `maxEdges ${maxEdges}`);
    }
  });
});

describe('network picture layout in a worker', () => {
  it('gives the same positions as in the calling thread', async () => {
    const r = makeResult({ networks: 5, size: 8 });
    const here = layoutNetworks(r, { seed: 3 });
    const there = await runLayoutInWorker(layoutInput(r, { seed: 3 }));
    assert.ok(here.nodes.length > 0);
    assert.deepEqual(there, here);
  });
});

describe('networks.json in chunks', () => {
  const whole = (r: DetectionResult): string => JSON.stringify(toNetworksFile(r), null, 1) + '\n';

  it('is byte for byte JSON.stringify of the whole file, across batch boundaries', () => {
    // Both arrays cross the 100-element batch (1,100 networks of 2, 2,201 accounts); 101 accounts
    // put one alone in the last batch.
    const results = [makeResult(), makeResult({ networks: 1100, size: 2 }), makeResult({ networks: 20 })];
    for (const r of results) {
      const chunks = [...networksJsonChunks(r)];
      assert.equal(chunks.join(''), whole(r));
    }
  });

  it('keeps null for non-finite numbers, drops undefined keys and writes empty arrays as []', () => {
    const r = makeResult({ networks: 2, size: 3 });
    const a = r.accounts[0]!;
    a.score = NaN;
    a.signals[0]!.value = Infinity;
    (a.signals[1] as { explanation?: string }).explanation = undefined;
    a.automation!.contributions[0]!.logOdds = -0;
    r.networks[0]!.observed = Infinity;
    assert.equal([...networksJsonChunks(r)].join(''), whole(r));
    const empty = { ...r, networks: [], accounts: [] };
    assert.equal([...networksJsonChunks(empty)].join(''), whole(empty));
    const parsed = JSON.parse([...networksJsonChunks(empty)].join('')) as { accounts: unknown[] };
    assert.deepEqual(parsed.accounts, []);
  });

  it('is what writeDetectionOutput writes', async () => {
    const r = makeResult({ networks: 300, size: 4 });
    const dir = await mkdtemp(join(tmpdir(), 'lockstep-networks-'));
    try {
      await writeDetectionOutput(r, dir);
      assert.equal(await readFile(join(dir, 'networks.json'), 'utf8'), whole(r));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
