/**
 * `node --import tsx bench/monitor-ticks.ts [--events N] [--span S] [--mode batch|window]
 * [--window W --every E --ticks K [--count-only]] [--root CHECKOUT]`: the monitor's detection ticks without the stream, over the monitor
 * bench's stream (bench/monitor-throughput.ts; `--span` as there). Without `--window`: 20 ticks over a
 * growing window, either `batch` (detect over the window's posts: every post encoded again at every
 * tick, as before WindowActions) or `window` (posts encoded once into WindowActions, each tick
 * renumbers them and runs detectPrepared). With `--window W`: a full sliding window, as a monitor
 * that has run for longer than W sees it — K ticks `--every` E seconds apart from the first boundary at
 * which the window is full, each expiring what left it (`--mode window` only; what the monitor's ticks
 * do). Prints the ticks' total and detect's stage timings summed, with `prepare` (encoding +
 * renumbering) in window mode, and the window's posts at the last tick. `--count-only` (with `--window`): per
 * tick only lockstep's counting stage (lockstepPass per behaviour but co-similar, with the window's
 * per-object cache, engine/object-cache.ts), timed in CPU; per tick then means that stage's CPU ms.
 * `--root CHECKOUT`: that checkout's detect (its sources through tsx), for A/B runs of one bench.
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Post } from '../src/core/post.js';
import type * as Detect from '../src/detect/index.js';
import type * as Lockstep from '../src/detect/engine/lockstep.js';
import { decodeJetstreamFrame } from '../src/monitor/jetstream/decode.js';
import { benchStream } from './monitor-bench-run.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '50000' },
    span: { type: 'string', default: '7200' },
    mode: { type: 'string', default: 'window' },
    window: { type: 'string' },
    every: { type: 'string', default: '60' },
    ticks: { type: 'string', default: '10' },
    root: { type: 'string' },
    'count-only': { type: 'boolean', default: false },
    'cache-bytes': { type: 'string', default: String(192 * 1024 * 1024) },
  },
});
// `--root`: another checkout's detect (tsx loads its sources), so base and branch run the same bench.
const from = (rel: string): string =>
  values.root === undefined
    ? new URL(`../src/${rel}.ts`, import.meta.url).href
    : pathToFileURL(join(resolve(values.root), 'src', `${rel}.ts`)).href;
const { detect, detectPrepared, WindowActions } = (await import(from('detect/index'))) as typeof Detect;
const { lockstepPass } = (await import(from('detect/engine/lockstep'))) as typeof Lockstep;
const events = Number(values.events);
const stream = benchStream(events, { span: Number(values.span) });
const posts: Post[] = [];
// With --window, only the posts up to the last tick are decoded.
const slide =
  values.window === undefined ? undefined : { W: Number(values.window), every: Number(values.every) };
let until = Infinity;
for (const f of stream.frames) {
  const d = decodeJetstreamFrame(f);
  if (!d.ok || d.event.kind !== 'post') continue;
  const p = d.event.post;
  if (posts.length === 0 && slide)
    until = (Math.ceil((p.time + slide.W) / slide.every) + Number(values.ticks)) * slide.every;
  if (p.time > until) break;
  posts.push(p);
}
const DETECT = { window: 60 };
// With the per-object counting cache (engine/object-cache.ts) unless `--cache-bytes 0`.
const w = WindowActions.forDetect(DETECT, false, Number(values['cache-bytes']));
let next = 0;
let total = 0;
const stages: Record<string, number> = {};
const add = (k: string, v: number): void => {
  stages[k] = (stages[k] ?? 0) + v;
};
const perTick: number[] = [];
// CPU of the ticks (this thread and any worker a tick starts), besides their wall ms.
let cpuUs = 0;
/** One tick at T over (start, T] in window mode. */
const windowTick = async (start: number, T: number): Promise<void> => {
  while (next < posts.length && posts[next]!.time <= T) w.push(posts[next++]!);
  const t = performance.now();
  const c = process.cpuUsage();
  w.expire(start);
  const prepared = w.prepare(start, T);
  add('prepare', performance.now() - t);
  if (values['count-only']) {
    // Only lockstep's counting stage (engine/lockstep.ts, with the window's per-object cache when the
    // checkout has one), in this thread's CPU: what the cache changes, without the other stages.
    const c0 = process.cpuUsage();
    for (const table of prepared.tables) {
      if (table.behaviour === 'co-similar') continue;
      const reuse = (prepared as { reuse?: ReadonlyMap<string, unknown> }).reuse?.get(table.behaviour);
      const pass = (lockstepPass as (...a: unknown[]) => Lockstep.BehaviourPass)(
        table,
        prepared.columns,
        { window: 60, maxCrowd: 200, minPairCoActions: 1 },
        reuse,
      );
      add('actions counted', table.object.length);
      add('actions reused', pass.reusedActions ?? 0);
    }
    const u = process.cpuUsage(c0);
    const ms = (u.user + u.system) / 1000;
    cpuUs += u.user + u.system;
    total += ms;
    perTick.push(Math.round(ms));
    return;
  }
  // As a monitor's tick: account signals only when there are networks (networksOnly).
  const { timings } = await detectPrepared({ ...prepared, networksOnly: true }, DETECT);
  const ms = performance.now() - t;
  const used = process.cpuUsage(c);
  cpuUs += used.user + used.system;
  total += ms;
  perTick.push(Math.round(ms));
  for (const [s, v] of Object.entries(timings)) add(s, v);
};
if (slide) {
  const { W, every } = slide;
  const first = Math.ceil((posts[0]!.time + W) / every) * every;
  for (let k = 0; k < Number(values.ticks); k++) await windowTick(first + k * every - W, first + k * every);
} else
  for (let k = 1; k <= 20; k++) {
    const m = Math.floor((posts.length * k) / 20);
    const T = posts[m - 1]!.time;
    if (values.mode === 'window') {
      await windowTick(-Infinity, T);
      continue;
    }
    const t = performance.now();
    const { timings } = await detect(posts.slice(0, m), DETECT);
    total += performance.now() - t;
    for (const [s, v] of Object.entries(timings)) add(s, v);
  }
const rounded = Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Math.round(v)]));
process.stdout.write(
  `${values.mode}: ticks ${Math.round(total)} ms ${JSON.stringify(rounded)}; window ${w.size} posts; per tick ${perTick.join(', ')} ms; ticks' CPU ${Math.round(cpuUs / 1000)} ms\n`,
);
