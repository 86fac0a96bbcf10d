import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Post } from '../core/post.js';
import { IngestStats, readAllPostBatches, readAllPostsInPlace } from '../ingest/index.js';
import { makeResult } from '../report/test-helpers/result-factory.js';
import { writeSimulation, type SimulationFormat } from '../simulate/write.js';
import { accountPageSchema } from './api-schema.js';
import { PostDigest, precomputeRun } from './precompute.js';

const post = (
  account: string,
  iso: string,
  extra: Pick<Post, 'isRepost' | 'repostOfAccount' | 'text'> = { isRepost: false },
): Post => ({
  account,
  time: Date.parse(iso) / 1000,
  hashtags: [],
  mentions: [],
  urls: [],
  domains: [],
  images: [],
  source: { file: 'test.csv', line: 1 },
  ...extra,
});

describe('PostDigest', () => {
  it("counts only the result's accounts per hour, and the whole data set per hour of day", () => {
    const d = new PostDigest(new Set(['a']));
    d.add(post('a', '2024-03-04T09:10:00Z'));
    d.add(post('a', '2024-03-04T09:50:00Z'));
    d.add(post('b', '2024-03-04T10:00:00Z'));
    d.add(
      post('a', '2024-03-04T12:00:00Z', { isRepost: true, repostOfAccount: 'orig', text: 'RT @orig: hi' }),
    );
    const act = d.activity('a');
    assert.deepEqual(act, { start: '2024-03-04T09:00:00.000Z', bucketSeconds: 3600, counts: [2, 0, 0, 1] });
    assert.deepEqual(d.activity('b')?.counts, [0, 0, 0, 0]);
    assert.equal(d.hours.get('a')?.[9], 2);
    assert.equal(d.hours.has('b'), false);
    assert.equal(d.datasetHours[10], 1);
    assert.equal(d.examples.get('a')?.length, 3);
  });

  it('switches to daily buckets when the data set spans more than 31 days', () => {
    const d = new PostDigest(new Set(['a']));
    d.add(post('a', '2024-01-01T23:00:00Z'));
    d.add(post('a', '2024-01-02T01:00:00Z'));
    d.add(post('b', '2024-03-01T00:00:00Z'));
    const act = d.activity('a')!;
    assert.equal(act.bucketSeconds, 86_400);
    assert.equal(act.start, '2024-01-01T00:00:00.000Z');
    assert.deepEqual(act.counts.slice(0, 3), [1, 1, 0]);
    assert.equal(act.counts.length, 61);
  });
});

describe('precomputeRun', () => {
  it('lists a post once on the account page, with every behaviour that picked it', () => {
    const r = makeResult({ networks: 1, size: 3 });
    const ex = r.networks[0]!.examples[0]!;
    r.networks[0]!.examples.push({ ...ex, behaviour: 'co-similar' });
    const d = new PostDigest(new Set([ex.account]));
    d.add({ ...post(ex.account, new Date(ex.time * 1000).toISOString()), id: ex.id! });
    const w = precomputeRun(r, { org: 'o', tlp: 'red', title: 't', addedAt: '2026-01-01T00:00:00.000Z' }, d);
    const row = w.accounts.find((a) => a.account === ex.account)!;
    const page = accountPageSchema.parse(JSON.parse(row.json));
    const same = page.examples.filter((e) => e.id === ex.id);
    assert.equal(same.length, 1);
    assert.equal(same[0]!.behaviour, `${ex.behaviour}, co-similar`);
    assert.equal(same[0]!.text, ex.text);
  });
});

describe('PostDigest over row views', () => {
  /** Everything a digest keeps, as JSON (the stored pages are functions of it). */
  const state = (d: PostDigest, accounts: readonly string[]): string =>
    JSON.stringify({
      pages: d.dashboard.pages(),
      hours: [...d.hours],
      datasetHours: d.datasetHours,
      examples: [...d.examples],
      originals: [...d.originals],
      activity: accounts.map((a) => d.activity(a)),
    });

  // The import reads rows in place (runs.ts): the same digest as from whole Posts, for both formats
  // that have a view; a view kept past its row (an example, a first label) would show a later row.
  for (const format of ['twitter-io', 'ira'] as SimulationFormat[])
    it(`equals the digest of whole Posts (${format})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'lockstep-digest-view-'));
      try {
        const sim = await writeSimulation({ posts: 4000, seed: 9, format }, dir);
        const posts: Post[] = [];
        for await (const b of readAllPostBatches([sim.files.posts], {}, new IngestStats())) posts.push(...b);
        // Every third account is a "result" account; the reshared ids are some retweeted posts and
        // some originals, so both ways of naming an original are exercised.
        const accounts = [...new Set(posts.map((p) => p.account))].filter((_, i) => i % 3 === 0);
        const reshared = new Set(
          posts.flatMap((p, i) => (i % 7 === 0 ? [p.repostOf ?? p.id ?? ''] : [])).filter((x) => x !== ''),
        );
        const whole = new PostDigest(new Set(accounts), reshared);
        for (const p of posts) whole.add(p);
        const viewed = new PostDigest(new Set(accounts), reshared);
        let views = 0;
        const chunks = readAllPostsInPlace([sim.files.posts], {}, new IngestStats(), (p) => {
          if ('toPost' in p) views++;
          viewed.add(p);
        });
        for (let c = await chunks.next(); c.done !== true; c = await chunks.next());
        assert.equal(views, posts.length, 'read in place, not as Posts');
        assert.ok(whole.examples.size > 0 && whole.dashboard.perAccount.size > 0 && whole.originals.size > 0);
        assert.equal(state(viewed, accounts), state(whole, accounts));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
});
