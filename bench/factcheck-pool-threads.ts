/**
 * Where the worker pool's CPU goes, thread by thread: the posts of bench/factcheck-speed.ts (seeded
 * synthetic text) through `matchPostsParallel` as `lockstep factcheck match` runs it (each row turned
 * into a CSV line), with every OS thread's user + system time read from /proc/self/task/TID/stat
 * when all workers are ready and again after the last row. The main thread is the task whose id is
 * the process id; the W busiest other tasks are the workers; the rest are V8's helpers (GC,
 * compiler) and libuv. The pool ends its workers before it returns, so their last reading is the
 * one a 50 ms poll took before (up to 50 ms of a worker's CPU is missed). Linux only.
 *
 *   node --expose-gc --import tsx bench/factcheck-pool-threads.ts [N=100000] [P=20000] [W=cores] [--batch B]
 *
 * Add `--cpu-prof --cpu-prof-dir DIR` before `--import` for one V8 profile per thread.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { matchPostsParallel } from '../src/factcheck/match-pool.js';
import { csvRow } from '../src/report/csv.js';
import { poolInput } from './factcheck-synthetic.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const positional = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const N = Number(positional[0] ?? 100_000);
const P = Number(positional[1] ?? 20_000);
const W = Number(positional[2] ?? availableParallelism());
const batch = flag('--batch');

/** CPU seconds (user + system) of every thread of this process, by thread id. */
function threadCpu(): Map<number, number> {
  const out = new Map<number, number>();
  for (const t of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      // Fields after the parenthesised name: state is field 3, utime 14 and stime 15 (proc(5)).
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(t), (Number(f[11]) + Number(f[12])) / 100);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

const { checks, posts } = poolInput(N, P);
(globalThis as { gc?: () => void }).gc?.();
let at = threadCpu();
let ready = process.hrtime.bigint();
const last = new Map<number, number>();
const poll = setInterval(() => {
  for (const [tid, cpu] of threadCpu()) last.set(tid, cpu);
}, 50);
const lines: string[] = [];
await matchPostsParallel(posts(), checks, { top: 5, minScore: 0.5 }, (row) => lines.push(csvRow(row)), {
  workers: W,
  ...(batch ? { batch: Number(batch) } : {}),
  onReady: () => {
    at = threadCpu();
    ready = process.hrtime.bigint();
  },
});
const wall = Number(process.hrtime.bigint() - ready) / 1e9;
clearInterval(poll);
for (const [tid, cpu] of threadCpu()) last.set(tid, cpu);
const used = [...last].map(([tid, cpu]) => ({ tid, cpu: cpu - (at.get(tid) ?? 0) }));
const main = used.find((u) => u.tid === process.pid)?.cpu ?? 0;
const others = used.filter((u) => u.tid !== process.pid).sort((a, b) => b.cpu - a.cpu);
const workers = others.slice(0, W).map((u) => u.cpu);
const helpers = others.slice(W).reduce((s, u) => s + u.cpu, 0);
const total = main + workers.reduce((s, c) => s + c, 0) + helpers;
const s = (x: number): string => x.toFixed(2);
console.log(
  `${N.toLocaleString('en')} fact checks, ${P.toLocaleString('en')} posts, ${W} workers, batch ${batch ?? 'default'}: ` +
    `${s(wall)} s wall = ${Math.round(P / wall).toLocaleString('en')} posts/s; CPU main ${s(main)} s, ` +
    `workers ${workers.map(s).join(' + ')} s, helpers ${s(helpers)} s, total ${s(total)} s = ` +
    `${Math.round(P / total).toLocaleString('en')} posts per CPU second; ${lines.length} rows; ` +
    `load ${loadavg()[0]!.toFixed(1)}`,
);
