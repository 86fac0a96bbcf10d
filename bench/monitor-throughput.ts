/**
 * `node --import tsx bench/monitor-throughput.ts [--events N] [--span S] [--window S] [--every S]`:
 * the monitor against a local Jetstream replay over WebSocket (bench/monitor-replay.ts, a child
 * process, so server and monitor each have a core). Reports events/s from the first to the last new
 * event (detection ticks included), wall time to the end (the final detection included), ticks with
 * their total and slowest time, peak RSS, and for the planted groups: precision/recall of alerted
 * accounts and the event-time latency from a group's latest burst before its first alert to that
 * alert. Organic accounts repost a shared pool; planted groups (default 2 of 6) repost six fresh posts within
 * 20 s each time and also repost the pool like everyone else.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { jetstreamSource } from '../src/monitor/jetstream/client.js';
import { runMonitor } from '../src/monitor/monitor.js';
import { plantedStream } from '../src/monitor/test-helpers/jetstream-events.js';
import type { NetworkAlert } from '../src/monitor/tracker.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '50000' },
    span: { type: 'string', default: '7200' },
    window: { type: 'string', default: '7200' },
    every: { type: 'string', default: '60' },
    groups: { type: 'string', default: '2' },
    'group-size': { type: 'string', default: '6' },
  },
});
const events = Number(values.events);
const span = Number(values.span);
const groups = Number(values.groups);
const START = 1_700_000_000;
const stream = plantedStream({
  seed: 3,
  startUs: START * 1e6,
  spanSeconds: span,
  organic: Math.max(1000, Math.round(events / 20)),
  organicEvents: events,
  groups,
  groupSize: Number(values['group-size']),
  bursts: 6,
  pool: Math.max(500, Math.round(events / 10)),
  memberNoise: 10,
});
const dir = mkdtempSync(join(tmpdir(), 'monitor-bench-'));
const framesFile = join(dir, 'frames.ndjson');
writeFileSync(framesFile, stream.frames.join('\n') + '\n');
const burstStarts = new Map<string, number[]>();
for (const f of stream.frames) {
  const v = JSON.parse(f) as { did: string; time_us: number };
  if (!v.did.includes(':group')) continue;
  const g = v.did.slice(0, v.did.lastIndexOf('m'));
  const list = burstStarts.get(g) ?? [];
  const t = v.time_us / 1e6;
  if (list.length === 0 || t - list.at(-1)! > 60) list.push(t);
  burstStarts.set(g, list);
}

const server = spawn(process.execPath, ['--import', 'tsx', 'bench/monitor-replay.ts', framesFile], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((resolve) => {
  createInterface({ input: server.stdout }).once('line', resolve);
});
const out = join(dir, 'out');
const t0 = performance.now();
const summary = await runMonitor({
  out,
  source: jetstreamSource({ url }),
  windowSeconds: Number(values.window),
  everySeconds: Number(values.every),
  untilIdleSeconds: 3,
  detect: { window: 60 },
});
const wall = (performance.now() - t0) / 1000 - 3;
const streamS = summary.streamMs / 1000;
server.kill('SIGTERM');

const alerts = readFileSync(join(out, 'alerts.ndjson'), 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => JSON.parse(l) as NetworkAlert);
const alerted = new Set(alerts.flatMap((a) => a.members));
const planted = stream.groups.flat();
const tp = planted.filter((d) => alerted.has(d)).length;
const latencies: number[] = [];
for (const [g, starts] of burstStarts) {
  const first = alerts.find((a) => a.members.some((m) => m.startsWith(`${g}m`)));
  if (!first) continue;
  const T = Date.parse(first.event_time) / 1000;
  const before = starts.filter((s) => s <= T).at(-1);
  if (before !== undefined) latencies.push(T - before);
}
latencies.sort((a, b) => a - b);
const rss = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `| ${stream.frames.length} | ${span} | ${values.window} | ${values.every} | ${summary.events} | ` +
    `${Math.round(summary.events / streamS)} | ${wall.toFixed(1)} s | ${summary.ticks} | ` +
    `${(summary.detectMs / 1000).toFixed(1)} s / ${(summary.slowestTickMs / 1000).toFixed(1)} s | ${Math.round(rss)} MB | ` +
    `${alerted.size ? (tp / alerted.size).toFixed(3) : '—'} | ${(tp / planted.length).toFixed(3)} | ` +
    `${latencies.length ? `${latencies[Math.floor(latencies.length / 2)]!.toFixed(0)} / ${latencies.at(-1)!.toFixed(0)} s` : '—'} | ` +
    `${loadavg()[0]!.toFixed(1)} |\n`,
);
rmSync(dir, { recursive: true, force: true });
