/**
 * `node --import tsx bench/monitor-workspace.ts [--events N]`: what `lockstep monitor --db` adds to an
 * alerting tick (src/monitor/workspace-sink.ts): the window's detection imported as a run (precompute
 * over the window's posts) and a case per network alert, into a fresh SQLite store. The window holds
 * the monitor bench's planted stream (bench/monitor-throughput.ts's shape) of N events; the tick's own
 * detection is timed beside it for scale. Prints wall ms and the CPU ms of this process for each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Post } from '../src/core/post.js';
import { detectPrepared, WindowActions } from '../src/detect/index.js';
import { decodeJetstreamFrame } from '../src/monitor/jetstream/decode.js';
import { benchStream } from './monitor-bench-run.js';
import { NetworkTracker } from '../src/monitor/tracker.js';
import { WorkspaceSink } from '../src/monitor/workspace-sink.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '200000' } } });
const events = Number(values.events);
const stream = benchStream(events);
const posts: Post[] = [];
for (const f of stream.frames) {
  const d = decodeJetstreamFrame(f);
  if (d.ok && d.event.kind === 'post') posts.push(d.event.post);
}
const timed = async <T>(fn: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> => {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = await fn();
  const u = process.cpuUsage(c);
  return { value, wall: Math.round(performance.now() - t), cpu: Math.round((u.user + u.system) / 1000) };
};
const w = WindowActions.forDetect({ window: 60 });
for (const p of posts) w.push(p);
const end = posts[posts.length - 1]!.time;
const tick = await timed(() => detectPrepared(w.prepare(-Infinity, end), { window: 60 }));
const result = tick.value;
const { alerts, current } = new NetworkTracker().update(result.networks, {
  detectedAt: new Date().toISOString(),
  eventTime: end,
  windowStart: posts[0]!.time - 1,
});
const dir = mkdtempSync(join(tmpdir(), 'lockstep-bench-mw-'));
try {
  const store = await openSqliteStore({ file: join(dir, 'store.db') });
  await store.putOrg({ id: 'org-a', name: 'Desk', redRecipients: [] });
  const sink = new WorkspaceSink({ store, org: 'org-a', tlp: 'amber', source: 'bench', dir });
  const rec = await timed(() =>
    sink.record(result, posts, { start: posts[0]!.time - 1, end }, alerts, current),
  );
  await store.close();
  process.stdout.write(
    `${posts.length} posts in window, ${result.networks.length} networks, ${alerts.length} alerts → ` +
      `${rec.value?.cases.length ?? 0} cases\n` +
      `tick detection: ${tick.wall} ms wall, ${tick.cpu} ms CPU\n` +
      `workspace run + cases: ${rec.wall} ms wall, ${rec.cpu} ms CPU\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
