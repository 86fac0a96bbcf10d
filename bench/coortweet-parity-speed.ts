/**
 * Parity-mode speed on the shared CooRTweet data sets, the counterpart of timing CooRTweet's
 * `detect_groups` on data already loaded in R: each input is read into memory once (not timed), then
 * `detect(posts, { semantics: 'coortweet', … })` is timed per window × min_participation (wall and CPU
 * seconds of this process, plus detect's own stage timings). detect does more than detect_groups
 * (interning, clustering, evidence, signals), so the comparison is conservative.
 * Usage: node --import tsx bench/coortweet-parity-speed.ts [DATA_DIR]   (default: the repository's test-data/coortweet, unpacked)
 * Env: WINDOWS=10,30 MINPS=2,5 REPEAT=1. Wrap in `flock /tmp/bench.lock`; note the load (`uptime`).
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Behaviour } from '../src/core/behaviour.js';
import type { Post } from '../src/core/post.js';
import { detect } from '../src/detect/index.js';
import { IngestStats, readPosts } from '../src/ingest/index.js';
import { coortweetDir } from '../src/test-helpers/shared-dir.js';

const dir = process.argv[2] ?? coortweetDir();
const list = (name: string, fallback: string): number[] =>
  (process.env[name] ?? fallback).split(',').map(Number);
const windows = list('WINDOWS', '10,30');
const minPs = list('MINPS', '2,5');
const repeat = Number(process.env.REPEAT ?? 1);

const runs: { run: string; file: string; behaviour: Behaviour }[] = [
  { run: 'russian', file: 'russian_coord_tweets.csv', behaviour: 'co-retweet' },
  { run: 'url_id', file: 'german_elections.csv', behaviour: 'co-link' },
  { run: 'hashtag_id', file: 'german_elections.csv', behaviour: 'co-hashtag' },
  { run: 'domain_id', file: 'german_elections.csv', behaviour: 'co-domain' },
  { run: 'phash_id', file: 'german_elections.csv', behaviour: 'co-image' },
];

const cache = new Map<string, Post[]>();
async function load(file: string): Promise<Post[]> {
  let posts = cache.get(file);
  if (posts === undefined) {
    posts = [];
    for await (const p of readPosts(join(dir, file), { format: 'coortweet' }, new IngestStats()))
      posts.push(p);
    cache.set(file, posts);
  }
  return posts;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
console.log(JSON.stringify({ load: loadavg().map((x) => Number(x.toFixed(2))) }));
for (const { run, file, behaviour } of runs) {
  const posts = await load(file);
  for (const window of windows)
    for (const minParticipation of minPs)
      for (let i = 0; i < repeat; i++) {
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        const r = await detect(posts, {
          semantics: 'coortweet',
          behaviours: [behaviour],
          window,
          minParticipation,
        });
        const cpu = process.cpuUsage(c0);
        console.log(
          JSON.stringify({
            run,
            window,
            minParticipation,
            edges: r.edges.length,
            wallS: round((performance.now() - t0) / 1000),
            cpuS: round((cpu.user + cpu.system) / 1e6),
            timingsMs: r.timings,
          }),
        );
      }
}
console.log(JSON.stringify({ load: loadavg().map((x) => Number(x.toFixed(2))) }));
