/**
 * One measured read (child process of bench/read-speed.ts): detect's read stage alone on one file —
 * the parallel reader (cli/read/worker-source.ts) feeding collectActions with detect's default
 * behaviours in lockstep mode — and one JSON line with posts, wall ms, CPU ms (all threads) and peak RSS.
 *
 *   node --import tsx bench/read-once.ts FILE [--root DIR] [--parse-workers N]
 *
 * `--root DIR` loads another checkout's build (DIR/dist), so an older commit can be measured beside
 * this one in the same minute. `--parse-workers N` sets the CSV parse workers (1: the one-worker reader).
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const file = args[0];
const rootAt = args.indexOf('--root');
const root = rootAt >= 0 ? args[rootAt + 1] : undefined;
const workersAt = args.indexOf('--parse-workers');
const parseWorkers = workersAt >= 0 ? Number(args[workersAt + 1]) : undefined;
if (
  file === undefined ||
  (rootAt >= 0 && root === undefined) ||
  (parseWorkers !== undefined && !(parseWorkers >= 1))
) {
  process.stderr.write('usage: read-once.ts FILE [--root DIR] [--parse-workers N]\n');
  process.exit(64);
}
const from = (rel: string): string =>
  root === undefined ? `../src/${rel}.ts` : pathToFileURL(join(root, 'dist', `${rel}.js`)).href;

interface Modules {
  source: typeof import('../src/cli/read/worker-source.js');
  actions: typeof import('../src/detect/engine/actions.js');
  behaviour: typeof import('../src/core/behaviour.js');
}
const m: Modules = {
  source: (await import(from('cli/read/worker-source'))) as Modules['source'],
  actions: (await import(from('detect/engine/actions'))) as Modules['actions'],
  behaviour: (await import(from('core/behaviour'))) as Modules['behaviour'],
};
// Per-thread CPU (Linux /proc, sampled every 100 ms while the threads live): the critical path on an
// idle machine is the busiest thread or half the total on 2 cores, whichever is larger; under load,
// wall time measures the other jobs instead.
const threads = new Map<string, { name: string; ticks: number }>();
// The main thread's id is the process id (Linux); every other thread is named "node" too.
const mainTid = String(process.pid);
const sampleThreads = (): void => {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      threads.set(tid, { name: (tid === mainTid ? "main" : name) + "#" + tid, ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // the thread ended between the listing and the read
    }
  }
};
const sampler = setInterval(sampleThreads, 100);
const c0 = process.cpuUsage();
const t0 = performance.now();
const { columns } = await m.actions.collectActions(
  m.source.workerPostSource([file], {}, undefined, parseWorkers),
  {
    behaviours: m.behaviour.BEHAVIOURS,
    repostsOnlyRetweet: true,
  },
);
const wallMs = performance.now() - t0;
clearInterval(sampler);
sampleThreads();
const busiest = [...threads.values()]
  .sort((a, b) => b.ticks - a.ticks)
  .slice(0, 14)
  .map((t) => `${t.name} ${(t.ticks / 100).toFixed(1)}`);
const cpu = process.cpuUsage(c0);
process.stdout.write(
  JSON.stringify({
    posts: columns.count,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    threadCpuS: busiest,
  }) + '\n',
);
