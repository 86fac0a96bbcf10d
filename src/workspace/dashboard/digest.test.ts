import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Post } from '../../core/post.js';
import { DashboardDigest, hourPairs, TOP_OVERALL } from './digest.js';
import { storedAccountDashboardSchema, storedDashboardSchema } from './schema.js';

const T0 = Date.UTC(2024, 2, 4) / 1000;
const post = (account: string, hour: number, hashtags: string[]): Post => ({
  account,
  time: T0 + hour * 3600,
  hashtags,
  mentions: [],
  urls: [],
  domains: [],
  images: [],
  isRepost: false,
  source: { file: 't.csv', line: 1 },
});

describe('DashboardDigest candidates', () => {
  it("keeps the run's leaders and each day's top items, not the rest", () => {
    const d = new DashboardDigest(new Set(['r1']));
    // More leaders than TOP_OVERALL on day 0, each posted 10 times.
    for (let i = 0; i < TOP_OVERALL + 50; i++)
      for (let n = 0; n < 10; n++) d.add(post(`u${i}`, 1, [`lead${i}`]));
    d.add(post('u0', 2, ['lost']));
    // Small overall, but the top of day 2: a short range on that day must be able to show it.
    for (let n = 0; n < 3; n++) d.add(post('r1', 50, ['late']));
    const pages = d.pages();
    const page = storedDashboardSchema.parse(JSON.parse(pages[0]!.json));
    const keys = new Set(page.items.hashtag.map((i) => i.key));
    assert.ok(keys.has('late'));
    assert.ok(!keys.has('lost'));
    // The 200 leaders by total (ties by key) plus day 0's top 5, which are among them already.
    assert.equal(keys.size, TOP_OVERALL + 1);
    assert.deepEqual(page.items.hashtag.find((i) => i.key === 'late')!.accounts, [['r1', 3]]);
    assert.equal(
      page.totals.reduce((a, b) => a + b, 0),
      (TOP_OVERALL + 50) * 10 + 4,
    );
    // One page per result account that posted, with its own series.
    const mine = storedAccountDashboardSchema.parse(JSON.parse(pages[1]!.json));
    assert.equal(pages[1]!.kind, 'dashboard-account:r1');
    assert.deepEqual(mine.posts, [Math.floor(T0 / 3600) + 50, 3]);
    assert.equal(pages.length, 2);
  });
});

describe('hourPairs', () => {
  it('sorts and merges hours that arrived out of order, and keeps ordered ones as they are', () => {
    assert.deepEqual(hourPairs([5, 2, 3, 1, 5, 4, 1, 1]), [1, 1, 3, 1, 5, 6]);
    const ordered = [1, 2, 4, 1];
    assert.deepEqual(hourPairs(ordered), ordered);
    assert.deepEqual(hourPairs([]), []);
  });

  it('gives every tally a series summing to its total, hours ascending', () => {
    const d = new DashboardDigest(new Set(['r1']));
    for (const hour of [3, 3, 1, 7, 3, 1]) d.add(post('r1', hour, ['x']));
    const mine = storedAccountDashboardSchema.parse(JSON.parse(d.pages()[1]!.json));
    const base = Math.floor(T0 / 3600);
    assert.deepEqual(mine.items.hashtag[0]!.series, [base + 1, 2, base + 3, 3, base + 7, 1]);
  });
});
