import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Post } from '../core/post.js';
import { makeResult } from '../report/test-helpers/result-factory.js';
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
