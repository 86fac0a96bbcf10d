/**
 * One measured read (child process of bench/read-speed.ts): detect's read stage alone on one file —
 * the parallel reader (cli/read/worker-source.ts) feeding collectActions with detect's default
 * behaviours in lockstep mode — and one JSON line with posts, wall ms, CPU ms (all threads) and peak RSS.
 *
 *   node --import tsx bench/read-once.ts FILE [--root DIR]
 *
 * `--root DIR` loads another checkout's build (DIR/dist), so an older commit can be measured beside
 * this one in the same minute.
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const args = process.argv.slice(2);
const file = args[0];
const rootAt = args.indexOf('--root');
const root = rootAt >= 0 ? args[rootAt + 1] : undefined;
if (file === undefined || (rootAt >= 0 && root === undefined)) {
  process.stderr.write('usage: read-once.ts FILE [--root DIR]\n');
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
const c0 = process.cpuUsage();
const t0 = performance.now();
const { columns } = await m.actions.collectActions(m.source.workerPostSource([file], {}), {
  behaviours: m.behaviour.BEHAVIOURS,
  repostsOnlyRetweet: true,
});
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(c0);
process.stdout.write(
  JSON.stringify({
    posts: columns.count,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
