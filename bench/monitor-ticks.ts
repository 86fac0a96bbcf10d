/**
 * `node --import tsx bench/monitor-ticks.ts [--events N] [--mode batch|window]`: the monitor's detection
 * ticks without the stream: 20 ticks over a growing window of the monitor bench's stream
 * (bench/monitor-throughput.ts), either `batch` (detect over the window's posts: every post encoded again
 * at every tick, as before WindowActions) or `window` (posts encoded once into WindowActions, each tick
 * renumbers them and runs detectPrepared). Prints the ticks' total and detect's stage timings summed,
 * with `prepare` (encoding + renumbering) in window mode.
 */
import { parseArgs } from 'node:util';
import type { Post } from '../src/core/post.js';
import { detect, detectPrepared, WindowActions } from '../src/detect/index.js';
import { decodeJetstreamFrame } from '../src/monitor/jetstream/decode.js';
import { benchStream } from './monitor-bench-run.js';

const { values } = parseArgs({
  options: { events: { type: 'string', default: '50000' }, mode: { type: 'string', default: 'window' } },
});
const events = Number(values.events);
const stream = benchStream(events);
const posts: Post[] = [];
for (const f of stream.frames) {
  const d = decodeJetstreamFrame(f);
  if (d.ok && d.event.kind === 'post') posts.push(d.event.post);
}
const DETECT = { window: 60 };
const w = WindowActions.forDetect(DETECT);
let next = 0;
let total = 0;
const stages: Record<string, number> = {};
const add = (k: string, v: number): void => {
  stages[k] = (stages[k] ?? 0) + v;
};
for (let k = 1; k <= 20; k++) {
  const m = Math.floor((posts.length * k) / 20);
  const T = posts[m - 1]!.time;
  const t = performance.now();
  let timings: Record<string, number>;
  if (values.mode === 'window') {
    while (next < m) w.push(posts[next++]!);
    const prepared = w.prepare(-Infinity, T);
    add('prepare', performance.now() - t);
    timings = (await detectPrepared(prepared, DETECT)).timings;
  } else timings = (await detect(posts.slice(0, m), DETECT)).timings;
  total += performance.now() - t;
  for (const [s, v] of Object.entries(timings)) add(s, v);
}
const rounded = Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Math.round(v)]));
process.stdout.write(`${values.mode}: ticks ${Math.round(total)} ms ${JSON.stringify(rounded)}\n`);
