/**
 * The stages after co-similar on two cores (issue #9 item 5): Louvain in a worker beside the reported
 * edges (engine/cluster-in-worker.ts) and the organic contrast in a worker beside the evidence
 * (engine/contrast-in-worker.ts) give the result of one thread, and a failure in either worker is an
 * error that names it, never a hang.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../simulate/index.js';
import { clusterAccounts } from './engine/cluster.js';
import { clusterInWorker } from './engine/cluster-in-worker.js';
import { contrastInWorker } from './engine/contrast-in-worker.js';
import { contrastOf } from './engine/organic-contrast.js';
import { detect } from './index.js';

/** Planted communities of 8 on 400 accounts, with weaker random ties between them (seeded). */
function plantedTies(): { a: number; b: number; weight: number }[] {
  let s = 7;
  const rnd = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const ties = new Map<string, { a: number; b: number; weight: number }>();
  const tie = (x: number, y: number, weight: number): void => {
    if (x === y) return;
    const [a, b] = x < y ? [x, y] : [y, x];
    ties.set(`${a}:${b}`, { a, b, weight });
  };
  for (let g = 0; g < 50; g++)
    for (let i = 0; i < 8; i++) for (let j = i + 1; j < 8; j++) tie(g * 8 + i, g * 8 + j, 1 + rnd() * 9);
  for (let k = 0; k < 600; k++) tie(Math.floor(rnd() * 400), Math.floor(rnd() * 400), rnd());
  return [...ties.values()];
}

describe('the stages after co-similar in worker threads', () => {
  it('gives the networks, edges and accounts of a run in one thread (workers forced on)', async () => {
    const posts = [...simulate({ posts: 20_000, seed: 5 }).posts];
    const inWorkers = await detect(posts, { parallel: true });
    const inThread = await detect(posts, { parallel: false });
    // The workers ran (their own timings), and found something to agree on.
    assert.ok('cluster (worker)' in inWorkers.timings);
    assert.ok('organic contrast (worker)' in inWorkers.timings);
    assert.ok(!('cluster (worker)' in inThread.timings));
    assert.ok(inWorkers.networks.length > 0);
    assert.ok(inWorkers.networks.some((n) => n.contrast !== undefined && n.contrast.sharedObjects > 0));
    assert.deepEqual(inWorkers.networks, inThread.networks);
    assert.deepEqual(inWorkers.edges, inThread.edges);
    assert.deepEqual(inWorkers.accounts, inThread.accounts);
    assert.equal(inWorkers.parameters.modularity, inThread.parameters.modularity);
  });

  it('clusters in a worker exactly as in the calling thread', async () => {
    const ties = plantedTies();
    const here = clusterAccounts(420, ties, 3);
    const there = await clusterInWorker(420, ties, 3).result;
    assert.ok(here.count >= 40);
    assert.deepEqual(there, here);
  });

  it('reports a worker that fails or exits without answering as an error naming it', async () => {
    const columns = {
      accountCount: 3,
      account: Int32Array.of(0, 1, 2),
      passes: [
        {
          post: Int32Array.of(0, 1, 2),
          order: Int32Array.of(0, 1, 2),
          starts: Int32Array.of(0, 3),
          objectCount: 1,
        },
      ],
    };
    // The same columns in this thread give an answer; a negative network count throws in the worker.
    assert.equal(contrastOf(Int32Array.of(0, 0, -1), 1, columns)[0]!.sharedObjects, 1);
    await assert.rejects(
      contrastInWorker(Int32Array.of(0, 0, -1), -1, columns).result,
      /^Error: organic contrast worker: Invalid typed array length: -1/,
    );
    await assert.rejects(
      clusterInWorker(-1, [{ a: 0, b: 1, weight: 1 }], 1).result,
      /^Error: clustering worker: Invalid typed array length: -1/,
    );
    const exits = new URL('data:text/javascript,process.exit(3)');
    await assert.rejects(
      contrastInWorker(Int32Array.of(0, 0, -1), 1, columns, exits).result,
      /organic contrast worker exited with code 3 before answering/,
    );
    await assert.rejects(
      clusterInWorker(3, [{ a: 0, b: 1, weight: 1 }], 1, exits).result,
      /clustering worker exited with code 3 before answering/,
    );
  });
});
