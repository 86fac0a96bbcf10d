/**
 * Data-set dashboard cost at a given size (issue #11 item 4): the import-time digest over N synthetic
 * posts (dashboard/digest.ts, the part `runs add` adds for the dashboard), the stored page's size, and
 * a page open: JSON.parse of the stored page (first open; later opens hit the service's cache) plus the
 * range query (query.ts) for the whole run and for its last 24 hours. No detection, no store: the
 * store read is one keyed row (sql/runs.ts getRunPage).
 *
 * Data: seeded (mulberry32); 30 days; 200k accounts; Zipf-like popularity (index = floor(n·u²)) over
 * 50k hashtags, 300k URLs on 5k domains and 100k reposted originals; 1 500 result accounts.
 *
 *   node --expose-gc --import tsx bench/dashboard-open.ts [posts=3000000]
 */
import { performance } from 'node:perf_hooks';
import type { Post } from '../src/core/post.js';
import { seededRandom } from '../src/test-helpers/seeded-random.js';
import { DashboardDigest } from '../src/workspace/dashboard/digest.js';
import { buildDashboard, resolveRange, runSource } from '../src/workspace/dashboard/query.js';
import type { StoredDashboard } from '../src/workspace/dashboard/schema.js';

const N = Number(process.argv[2] ?? 3_000_000);
const rnd = seededRandom(20261206);
const pick = (n: number): number => Math.floor(n * rnd() * rnd());
const T0 = Date.UTC(2026, 10, 1) / 1000;
const SPAN = 30 * 86_400;
const results = new Set(Array.from({ length: 1500 }, (_, i) => `a${i * 7}`));

const digest = new DashboardDigest(results);
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  const repost = rnd() < 0.3;
  const u = rnd() < 0.4 ? pick(300_000) : -1;
  const p: Post = {
    account: `a${pick(200_000)}`,
    time: T0 + Math.floor((i / N) * SPAN),
    hashtags: rnd() < 0.5 ? [`tag${pick(50_000)}`] : [],
    mentions: [],
    urls: u >= 0 ? [`https://d${u % 5000}.example/p${u}`] : [],
    domains: u >= 0 ? [`d${u % 5000}.example`] : [],
    images: [],
    isRepost: repost,
    source: { file: 'synthetic', line: i },
  };
  if (repost) {
    const o = pick(100_000);
    p.repostOf = `o${o}`;
    p.repostOfAccount = `a${o}`;
    p.text = `RT @a${o}: original number ${o} with some words`;
  }
  digest.add(p);
}
const tDigest = performance.now() - t0;
const rssDigest = process.memoryUsage().rss;
const t1 = performance.now();
const pages = digest.pages();
const tPages = performance.now() - t1;
const page = pages.find((x) => x.kind === 'dashboard')!.json;
const accountBytes = pages.filter((x) => x.kind !== 'dashboard').reduce((s, x) => s + x.json.length, 0);

const t2 = performance.now();
const stored = JSON.parse(page) as StoredDashboard;
const tParse = performance.now() - t2;
const src = runSource(stored);
const data = { firstSlot: stored.firstSlot, lastSlot: stored.firstSlot + stored.totals.length - 1 };
const head = { runId: 'run-0', runTitle: 'bench', scope: { kind: 'run' as const }, refreshedAt: '' };
const time = (q: { from?: string }): number => {
  const t = performance.now();
  buildDashboard(src, resolveRange(data, q), head);
  return performance.now() - t;
};
const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const whole = median([0, 1, 2, 3, 4].map(() => time({})));
const lastDay = median(
  [0, 1, 2, 3, 4].map(() => time({ from: new Date((T0 + SPAN - 86_400) * 1000).toISOString() })),
);
console.log(
  JSON.stringify(
    {
      posts: N,
      digestSeconds: +(tDigest / 1000).toFixed(1),
      rssAfterDigestMB: Math.round(rssDigest / 2 ** 20),
      pagesSeconds: +(tPages / 1000).toFixed(2),
      dashboardPageMB: +(page.length / 2 ** 20).toFixed(1),
      accountPages: pages.length - 1,
      accountPagesMB: +(accountBytes / 2 ** 20).toFixed(1),
      parseMs: Math.round(tParse),
      queryWholeRunMs: Math.round(whole),
      queryLast24hMs: Math.round(lastDay),
    },
    null,
    2,
  ),
);
