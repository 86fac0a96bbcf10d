/**
 * Shared by the monitor benches (monitor-throughput.ts, monitor-accuracy.ts, monitor-ticks.ts,
 * monitor-workspace.ts): the planted stream they replay, and run the monitor against a
 * local Jetstream replay of some frames (bench/monitor-replay.ts in a child process, so server and
 * monitor each have a core), read its network alerts, and score them against planted groups.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { jetstreamSource } from '../src/monitor/jetstream/client.js';
import { runMonitor } from '../src/monitor/monitor.js';
import type { MonitorSummary } from '../src/monitor/monitor-options.js';
import type { NetworkAlert } from '../src/monitor/tracker.js';
import { mainThreadCpu, processCpu } from './proc-cpu.js';
import { plantedStream } from '../src/monitor/test-helpers/jetstream-events.js';

/**
 * The monitor benches' stream: `events` organic events over `span` seconds around a shared pool, plus
 * `groups` planted groups of `groupSize` (seed 3, so every bench and every run sees the same frames)
 * whose `bursts` bursts (default 6; reposts of one fresh post within `spread` seconds, default 20)
 * each fall within `groupWithin` seconds (default the span: set it to the monitor's
 * window when the span is longer, or no window holds a group's bursts together).
 */
export function benchStream(
  events: number,
  o: {
    span?: number;
    groups?: number;
    groupSize?: number;
    groupWithin?: number;
    bursts?: number;
    spread?: number;
  } = {},
): ReturnType<typeof plantedStream> {
  return plantedStream({
    seed: 3,
    startUs: 1_700_000_000e6,
    spanSeconds: o.span ?? 7200,
    organic: Math.max(1000, Math.round(events / 20)),
    organicEvents: events,
    groups: o.groups ?? 2,
    groupSize: o.groupSize ?? 6,
    bursts: o.bursts ?? 6,
    pool: Math.max(500, Math.round(events / 10)),
    memberNoise: 10,
    ...(o.spread === undefined ? {} : { spread: o.spread }),
    ...(o.groupWithin === undefined ? {} : { groupWithin: o.groupWithin }),
  });
}

export interface ReplayRun {
  summary: MonitorSummary;
  /** Seconds to the end, the final detection included, the idle wait excluded. */
  wall: number;
  /** CPU seconds (user + sys) of this process while the monitor ran (the replay server is a child). */
  cpu: number;
  /** CPU seconds of this process's main thread while the monitor ran (bench/proc-cpu.ts). */
  mainCpu: number;
  /** CPU seconds of the replay server while the monitor ran (its start-up and reading excluded). */
  serverCpu: number;
  alerts: NetworkAlert[];
}

/**
 * Seconds without an event before the monitor stops (--until-idle). 3 until session 15: at load 20–30 the
 * replay server, starved of CPU, paused longer than that mid-stream and a run stopped at 12,245 of
 * 200,320 events.
 */
const IDLE = 10;

export async function runReplayedMonitor(
  frames: string[],
  o: {
    window: number;
    every: number;
    share?: number;
    speed?: number;
    effectFloor?: number;
    /**
     * Empty `frames` once written to the replay's file: at 1M frames the bench's own copy of the stream
     * (~0.4 GB of strings) sat in the heap the monitor's major GCs mark, a cost a real monitor never has.
     */
    release?: boolean;
  },
): Promise<ReplayRun> {
  const dir = mkdtempSync(join(tmpdir(), 'monitor-bench-'));
  const framesFile = join(dir, 'frames.ndjson');
  writeFileSync(framesFile, frames.join('\n') + '\n');
  if (o.release === true) frames.length = 0;
  const server = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/monitor-replay.ts',
      framesFile,
      ...(o.speed === undefined ? [] : [String(o.speed)]),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const url = await new Promise<string>((resolve) => {
      createInterface({ input: server.stdout }).once('line', resolve);
    });
    const out = join(dir, 'out');
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const main0 = mainThreadCpu();
    const server0 = processCpu(server.pid ?? -1);
    const summary = await runMonitor({
      out,
      source: jetstreamSource({ url }),
      windowSeconds: o.window,
      everySeconds: o.every,
      detectShare: o.share,
      untilIdleSeconds: IDLE,
      detect: { window: 60, ...(o.effectFloor === undefined ? {} : { effectFloor: o.effectFloor }) },
    });
    const wall = (performance.now() - t0) / 1000 - IDLE;
    const c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / 1e6;
    const mainCpu = mainThreadCpu() - main0;
    const serverCpu = processCpu(server.pid ?? -1) - server0;
    const alerts = readFileSync(join(out, 'alerts.ndjson'), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as NetworkAlert | { kind: 'spike' })
      .filter((a): a is NetworkAlert => a.kind === 'network');
    return { summary, wall, cpu, mainCpu, serverCpu, alerts };
  } finally {
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Start times of each planted group's bursts (`did:plc:groupGmM` accounts; a gap over 60 s starts a new
 * burst), over the frames `defining` accepts.
 */
export function burstStarts(frames: string[], defining: (frame: string) => boolean): Map<string, number[]> {
  const starts = new Map<string, number[]>();
  for (const f of frames) {
    const v = JSON.parse(f) as { did: string; time_us: number };
    if (!v.did.includes(':group') || !defining(f)) continue;
    const g = v.did.slice(0, v.did.lastIndexOf('m'));
    const list = starts.get(g) ?? [];
    const t = v.time_us / 1e6;
    if (list.length === 0 || t - list.at(-1)! > 60) list.push(t);
    starts.set(g, list);
  }
  return starts;
}

/** Precision and recall of alerted accounts; latency (event time) from each group's latest burst before its first alert. */
export function score(alerts: NetworkAlert[], planted: string[], starts: Map<string, number[]>) {
  const alerted = new Set(alerts.flatMap((a) => a.members));
  const tp = planted.filter((d) => alerted.has(d)).length;
  const latencies: number[] = [];
  // Per group: its burst starts and its first alert's event time (for --detail).
  const groups: { group: string; bursts: number[]; alertAt: number | undefined }[] = [];
  for (const [g, list] of starts) {
    const first = alerts.find((a) => a.members.some((m) => m.startsWith(`${g}m`)));
    groups.push({ group: g, bursts: list, alertAt: first && Date.parse(first.event_time) / 1000 });
    if (!first) continue;
    const T = Date.parse(first.event_time) / 1000;
    const before = list.filter((s) => s <= T).at(-1);
    if (before !== undefined) latencies.push(T - before);
  }
  latencies.sort((a, b) => a - b);
  return {
    groups,
    alerted,
    precision: alerted.size ? (tp / alerted.size).toFixed(3) : '—',
    recall: (tp / planted.length).toFixed(3),
    latency: latencies.length
      ? `${latencies[Math.floor(latencies.length / 2)]!.toFixed(0)} / ${latencies.at(-1)!.toFixed(0)} s`
      : '—',
  };
}
