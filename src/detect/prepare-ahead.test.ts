import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '../core/post.js';
import { accountResults } from './accounts.js';
import { collectActions } from './engine/actions.js';
import { lockstepPass } from './engine/lockstep.js';
import { lockstepGraph, type BehaviourEdges } from './fusion.js';
import { detect } from './index.js';
import { resolveOptions } from './options.js';
import { prepareAhead } from './prepare-ahead.js';

const base = { isRepost: false, hashtags: [], mentions: [], images: [] };

/** 200 organic accounts posting random links and texts, and a ring of 5 posting the same 10 links and texts. */
function posts(): Post[] {
  let s = 11;
  const rnd = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const out: Post[] = [];
  const post = (account: string, time: number, url: string, text: string, id: string): Post => ({
    ...base,
    account,
    time,
    id,
    text,
    urls: [url],
    domains: [new URL(url).hostname],
    source: { file: 't', line: out.length + 1 },
  });
  for (let i = 0; i < 4000; i++) {
    const k = Math.floor(rnd() * 2000);
    out.push(
      post(
        `o${Math.floor(rnd() * 200)}`,
        Math.floor(rnd() * 10 * 86400),
        `https://site${k % 40}.org/${k}`,
        `organic words number ${k} about the weather ${Math.floor(rnd() * 1e6)}`,
        `p${i}`,
      ),
    );
  }
  for (let e = 0; e < 10; e++)
    for (let r = 0; r < 5; r++)
      out.push(
        post(
          `r${r}`,
          2000 + e * 86400 + r * 30,
          `https://farm.example/${e}`,
          `vote for the candidate today item ${e} of the plan`,
          `r${r}-${e}`,
        ),
      );
  return out;
}

async function counted(): Promise<{
  columns: Awaited<ReturnType<typeof collectActions>>['columns'];
  perBehaviour: BehaviourEdges[];
}> {
  const { columns, tables } = await collectActions(posts(), {
    behaviours: ['co-link', 'co-domain'],
    repostsOnlyRetweet: true,
  });
  const perBehaviour = tables.map((table) => {
    const pass = lockstepPass(table, columns, { window: 1800, maxCrowd: 200, minPairCoActions: 2 });
    return { behaviour: table.behaviour, pairs: pass.pairs, pass };
  });
  return { columns, perBehaviour };
}

describe('prepareAhead', () => {
  it('gives fusion models it uses as they are, with the same graph as models built by fusion', async () => {
    const { columns, perBehaviour } = await counted();
    const opts = resolveOptions({ behaviours: ['co-link', 'co-domain'] });
    const ahead = prepareAhead(perBehaviour, columns, opts, 'crowd', false);
    assert.equal(ahead.models.size, 2);
    const fresh = lockstepGraph(perBehaviour, columns, opts, 'crowd');
    const early = lockstepGraph(perBehaviour, columns, opts, 'crowd', ahead.models);
    perBehaviour.forEach(({ pass }, k) => {
      assert.equal(early.models[k], ahead.models.get(pass!));
    });
    assert.ok(fresh.edges.length > 0);
    assert.deepEqual(early.edges, fresh.edges);
    assert.deepEqual(early.significant, fresh.significant);
    assert.deepEqual(early.accountScore, fresh.accountScore);
  });

  it('gives account results the same signals as computing them at the end', async () => {
    const { columns, perBehaviour } = await counted();
    const opts = resolveOptions({});
    const ahead = prepareAhead(perBehaviour, columns, opts, 'crowd', false);
    const graph = lockstepGraph(perBehaviour, columns, opts, 'crowd');
    const networkOf = new Int32Array(columns.accounts.size).fill(-1);
    const ring = [0, 1, 2, 3, 4].map((r) => columns.accounts.id(`r${r}`));
    for (const a of ring) networkOf[a] = 0;
    const networks = [{ id: 'N1', summary: '' }] as Parameters<typeof accountResults>[3];
    const later = accountResults(columns, graph, networkOf, networks, [ring]);
    const withAhead = accountResults(columns, graph, networkOf, [{ ...networks[0]! }], [ring], ahead.signals);
    assert.ok(later.length >= 5);
    assert.deepEqual(withAhead, later);
  });

  it('leaves out the signals for a caller that may not want them, and models outside lockstep mode', async () => {
    const { columns, perBehaviour } = await counted();
    const lockstep = resolveOptions({});
    assert.equal(prepareAhead(perBehaviour, columns, lockstep, 'crowd', true).signals, undefined);
    const parity = resolveOptions({ semantics: 'coortweet' });
    assert.equal(prepareAhead(perBehaviour, columns, parity, 'crowd', false).models.size, 0);
  });

  it('runs in detect while co-similar is grouped, with the result of a run in one thread', async () => {
    const input = posts();
    const options = { behaviours: ['co-link', 'co-domain', 'co-similar'] as const, seed: 5 };
    const inWorker = await detect(input, { ...options, behaviours: [...options.behaviours], parallel: true });
    const inThread = await detect(input, {
      ...options,
      behaviours: [...options.behaviours],
      parallel: false,
    });
    assert.ok('prepared ahead' in inWorker.timings);
    assert.ok(inWorker.networks.length > 0);
    assert.deepEqual(inWorker.edges, inThread.edges);
    assert.deepEqual(inWorker.networks, inThread.networks);
    assert.deepEqual(inWorker.accounts, inThread.accounts);
  });
});
