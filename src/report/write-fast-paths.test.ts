/**
 * The output stage's fast paths produce exactly what the plain forms did: isoTime against
 * Date#toISOString, edges.csv rows against csvRow over the cells, the worker's layout against the
 * in-thread one.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeResult } from './test-helpers/result-factory.js';
import { csvRow, isoTime } from './csv.js';
import { EDGE_COLUMNS, edgesCsv, orderedEdges } from './edges-csv.js';
import { layoutInput, layoutNetworks } from './layout.js';
import { runLayoutInWorker } from './layout-in-worker.js';
import type { Edge } from '../core/result.js';
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
  it('are csvRow over the cells, quoting included', () => {
    const r = makeResult({ networks: 4, size: 6 });
    const odd: Edge = {
      a: 'has,comma',
      b: 'has "quote"\nand newline',
      behaviour: 'co-link',
      weight: 1 / 3,
      coActions: 2,
      objects: 1,
      first: 1709542800.5,
      last: 1709546400,
    };
    const edges = [...r.edges, odd];
    const expected = [
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
    assert.equal([...edgesCsv(edges)].join(''), expected);
    assert.equal([...edgesCsv(orderedEdges(edges), true)].join(''), expected);
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
