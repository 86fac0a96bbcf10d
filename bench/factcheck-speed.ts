/**
 * Fact-check matching speed on synthetic data (bench/factcheck-synthetic.ts; seeded, no real text):
 *
 * 1. One CLI command: `lockstep factcheck match --claims <10,000 ClaimReview JSON lines> <200 posts>`
 *    under /usr/bin/time (wall, CPU, peak RSS), through scripts/dev.ts (tsx compiles on the fly, so
 *    start-up is slower), or with `--built` through bin/lockstep.js (run `npm run build` first).
 * 2. In process: index N fact checks (default 100,000), then match P posts (default 20,000); build
 *    time, posts per second (wall and CPU) and memory (RSS, heap) after the build. Half the posts
 *    paraphrase a fact check: the share ranked first is printed as a sanity check, not a quality figure.
 * 3. The same posts through the worker pool (match-pool.ts, W workers, default the cores): wall time
 *    and the CPU time of all threads from the moment every worker has built its index to the last row.
 *
 *   node --expose-gc --import tsx bench/factcheck-speed.ts [N=100000] [P=20000] [W=cores] [--built]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { matchPostsParallel } from '../src/factcheck/match-pool.js';
import { FactCheckMatcher } from '../src/factcheck/matcher.js';
import { poolInput, SyntheticText } from './factcheck-synthetic.js';

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const built = process.argv.includes('--built');
const N = Number(positional[0] ?? 100_000);
const P = Number(positional[1] ?? 20_000);
const W = Number(positional[2] ?? availableParallelism());
const mb = (b: number): string => `${(b / 1e6).toFixed(0)} MB`;
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} (shared machine)`,
);

// --- 1. one CLI command: 10,000 fact checks, 200 posts -----------------------------------------
{
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-fc-speed-'));
  try {
    const gen = new SyntheticText(1);
    const checks = Array.from({ length: 10_000 }, (_, i) => gen.factCheck(i));
    writeFileSync(
      join(dir, 'fc.jsonl'),
      checks
        .map((f) =>
          JSON.stringify({
            '@type': 'ClaimReview',
            url: f.url,
            claimReviewed: f.claim,
            headline: f.headline,
            author: { name: f.publisher },
            reviewRating: { alternateName: 'False' },
          }),
        )
        .join('\n'),
    );
    const posts = Array.from({ length: 200 }, (_, i) =>
      JSON.stringify({
        id: `p${i}`,
        account: `a${i % 50}`,
        time: 1_700_000_000 + i,
        text: gen.post(i % 2 === 0 ? checks[gen.int(checks.length)] : undefined),
      }),
    );
    writeFileSync(join(dir, 'posts.ndjson'), posts.join('\n'));
    const args = [
      '-v',
      process.execPath,
      ...(built ? ['bin/lockstep.js'] : ['--import', 'tsx', 'scripts/dev.ts']),
      'factcheck',
      'match',
      '--claims',
      join(dir, 'fc.jsonl'),
      '--format',
      'ndjson',
      '--map',
      'id=id,account=account,time=time,text=text',
      '--out',
      join(dir, 'out'),
      join(dir, 'posts.ndjson'),
    ];
    const r = spawnSync('/usr/bin/time', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`CLI failed: ${r.stderr}`);
    const report = r.stderr;
    const field = (name: string): string => new RegExp(`${name}: (.*)`).exec(report)?.[1]?.trim() ?? '?';
    const cpu = Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)'));
    const rows =
      readFileSync(join(dir, 'out', 'matches.csv'), 'utf8')
        .trim()
        .split('\n').length - 1;
    console.log(
      `CLI (${built ? 'built' : 'tsx'}), 10,000 fact checks + 200 posts: wall ${field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)')}, ` +
        `CPU ${cpu.toFixed(2)} s, peak RSS ${(Number(field('Maximum resident set size \\(kbytes\\)')) / 1024).toFixed(0)} MB, ${rows} match rows`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// --- 2. in process: N fact checks, P posts ------------------------------------------------------
{
  const gen = new SyntheticText(2);
  const checks = Array.from({ length: N }, (_, i) => gen.factCheck(i));
  const sources: (number | undefined)[] = [];
  const posts = Array.from({ length: P }, (_, i) => {
    const src = i % 2 === 0 ? gen.int(N) : undefined;
    sources.push(src);
    return gen.post(src === undefined ? undefined : checks[src]);
  });
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  let t = process.hrtime.bigint();
  let c = process.cpuUsage();
  const matcher = new FactCheckMatcher(checks);
  const buildWall = Number(process.hrtime.bigint() - t) / 1e9;
  const buildCpu = (process.cpuUsage(c).user + process.cpuUsage(c).system) / 1e6;
  gc?.();
  const after = process.memoryUsage();
  t = process.hrtime.bigint();
  c = process.cpuUsage();
  let first = 0;
  let matched = 0;
  posts.forEach((text, i) => {
    const m = matcher.match({ text }, 5, 0.5);
    if (m.length) matched++;
    if (sources[i] !== undefined && m[0]?.doc === sources[i]) first++;
  });
  const wall = Number(process.hrtime.bigint() - t) / 1e9;
  const u = process.cpuUsage(c);
  const cpu = (u.user + u.system) / 1e6;
  console.log(
    `in process, ${N.toLocaleString('en')} fact checks: index built in ${buildWall.toFixed(1)} s wall / ${buildCpu.toFixed(1)} s CPU; ` +
      `RSS ${mb(after.rss)} (+${mb(after.rss - before.rss)}), heap ${mb(after.heapUsed)}, array buffers ${mb(after.arrayBuffers)}`,
  );
  console.log(
    `matched ${P.toLocaleString('en')} posts in ${wall.toFixed(2)} s wall / ${cpu.toFixed(2)} s CPU: ` +
      `${Math.round(P / wall).toLocaleString('en')} posts/s wall, ${Math.round(P / cpu).toLocaleString('en')} posts/s CPU; ` +
      `${matched} posts with a match ≥ 0.5; paraphrases ranked first ${((first / (P / 2)) * 100).toFixed(1)} %`,
  );
}

// --- 3. the worker pool over the same kind of posts ----------------------------------------------
{
  const { checks, posts } = poolInput(N, P);
  let ready = 0n;
  // process.cpuUsage() counts every thread of the process, workers included: the CPU the pool spent
  // matching, so posts per CPU second say what W idle cores would reach even on a loaded machine.
  let readyCpu = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let rows = 0;
  await matchPostsParallel(posts(), checks, { top: 5, minScore: 0.5 }, () => rows++, {
    workers: W,
    onReady: () => {
      ready = process.hrtime.bigint();
      readyCpu = process.cpuUsage();
    },
  });
  const end = process.hrtime.bigint();
  const used = process.cpuUsage(readyCpu);
  const poolCpu = (used.user + used.system) / 1e6;
  const match = Number(end - ready) / 1e9;
  console.log(
    `pool of ${W} workers, ${N.toLocaleString('en')} fact checks: indexes built in ${(Number(ready - t0) / 1e9).toFixed(1)} s wall; ` +
      `matched ${P.toLocaleString('en')} posts in ${match.toFixed(2)} s wall: ${Math.round(P / match).toLocaleString('en')} posts/s; ` +
      `${poolCpu.toFixed(2)} s CPU over all threads: ${Math.round(P / poolCpu).toLocaleString('en')} posts per CPU second; ${rows} rows; ` +
      `load average ${loadavg()[0]!.toFixed(1)}`,
  );
}
