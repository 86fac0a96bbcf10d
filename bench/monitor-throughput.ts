/**
 * `node --import tsx bench/monitor-throughput.ts [--events N] [--span S] [--window S] [--every S]
 * [--share F] [--speed X] [--group-within S] [--keep-frames]`: (--share: the monitor's --detect-share, default 0.5;
 * --speed: replay paced at X seconds of event time per wall second, default flat out; --group-within:
 * seconds within which each group's bursts fall, default the window when the span is longer — before
 * session 13 the bursts spread over the whole span, so over 10 h no 2-h window held more than three
 * of a group's six and recall was 0 whatever the monitor did; --keep-frames: keep the generated frames
 * in this process while the monitor runs, as before session 13, when their ~0.4 GB at 1M events were
 * in the heap the monitor's GC marks)
 * the monitor against a local Jetstream replay over WebSocket (bench/monitor-replay.ts, a child
 * process, so server and monitor each have a core). Reports events/s from the first to the last new
 * event (detection ticks included), wall time to the end (the final detection included), ticks with
 * their total and slowest time, peak RSS, and for the planted groups: precision/recall of alerted
 * accounts and the event-time latency from a group's latest burst (its reposts of its fresh posts)
 * before its first alert to that alert, and CPU time: the bench process's whole (frames generated included) and the monitor's own
 * (process.cpuUsage while runMonitor ran; per new event), and on a second line that CPU split: ticks
 * (summary.detectCpuMs) and the rest (ingest), the main thread alone, and the replay server's
 * (bench/proc-cpu.ts), so a quiet machine's wall can be predicted from a loaded one's CPU. Organic accounts repost a shared pool; planted
 * groups (`--groups`, default 2, of `--group-size` 8) repost `--bursts` (10) fresh posts within `--spread`
 * (5) s each time and also repost the pool like everyone else — the accuracy bench's groups. Before
 * session 13 they were 6 accounts reposting 6 posts within 20 s: a batch `detect` over a 2-h window of
 * this stream at 1M events (200k posts) finds no network and no edge of theirs even with all six bursts
 * in it, so recall said nothing about the monitor.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { benchStream, burstStarts, runReplayedMonitor, score } from './monitor-bench-run.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '50000' },
    span: { type: 'string', default: '7200' },
    window: { type: 'string', default: '7200' },
    every: { type: 'string', default: '60' },
    groups: { type: 'string', default: '2' },
    'group-size': { type: 'string', default: '8' },
    bursts: { type: 'string', default: '10' },
    spread: { type: 'string', default: '5' },
    // The monitor's --detect-share; and a paced replay (seconds of event time per wall second).
    share: { type: 'string', default: '0.5' },
    speed: { type: 'string' },
    'group-within': { type: 'string' },
    // Keep the generated frames in this process while the monitor runs (as before session 13).
    'keep-frames': { type: 'boolean', default: false },
  },
});
const events = Number(values.events);
const span = Number(values.span);
const groups = Number(values.groups);
const within =
  values['group-within'] !== undefined
    ? Number(values['group-within'])
    : span > Number(values.window)
      ? Number(values.window)
      : undefined;
const stream = benchStream(events, {
  span,
  groups,
  groupSize: Number(values['group-size']),
  bursts: Number(values.bursts),
  spread: Number(values.spread),
  ...(within === undefined ? {} : { groupWithin: within }),
});
const starts = burstStarts(stream.frames, (f) => f.includes('did:plc:campaign'));
const frameCount = stream.frames.length;
const {
  summary,
  wall,
  cpu: monitorCpu,
  mainCpu,
  serverCpu,
  alerts,
} = await runReplayedMonitor(stream.frames, {
  window: Number(values.window),
  every: Number(values.every),
  share: Number(values.share),
  speed: values.speed === undefined ? undefined : Number(values.speed),
  release: !values['keep-frames'],
});
const streamS = summary.streamMs / 1000;
const { precision, recall, latency } = score(alerts, stream.groups.flat(), starts);
const rss = process.resourceUsage().maxRSS / 1024;
// CPU of the bench process (the monitor and the frames' generation; the replay server is a child).
const ru = process.resourceUsage();
const cpu = `${((ru.userCPUTime + ru.systemCPUTime) / 1e6).toFixed(1)} s`;
process.stdout.write(
  `| ${frameCount} | ${span} | ${values.window} | ${values.every} | ${values.share} | ` +
    `${values.speed ?? 'flat out'} | ${summary.events} | ` +
    `${Math.round(summary.events / streamS)} | ${wall.toFixed(1)} s | ${summary.ticks} (${summary.deferredTicks} folded) | ` +
    `${(summary.detectMs / 1000).toFixed(1)} s / ${(summary.slowestTickMs / 1000).toFixed(1)} s | ${Math.round(rss)} MB | ` +
    `${precision} | ${recall} | ${latency} | ${cpu} | ${monitorCpu.toFixed(1)} s (${((monitorCpu * 1e6) / summary.events).toFixed(1)} µs/event) | ${loadavg()[0]!.toFixed(1)} |\n`,
);
// An event's CPU, split (µs per new event): the monitor's ticks (all threads while they ran), the
// rest of the monitor (receive, decode, dedupe, journal, window; all threads), the monitor's main
// thread alone (ingest and ticks), and the replay server (another process: the sender's side).
const per = (seconds: number): string => ((seconds * 1e6) / summary.events).toFixed(1);
const detectCpu = summary.detectCpuMs / 1000;
process.stdout.write(
  `cpu µs/event: monitor ${per(monitorCpu)} = ingest ${per(monitorCpu - detectCpu)} + ticks ${per(detectCpu)}; ` +
    `main thread ${per(mainCpu)}; server ${per(serverCpu)}; all ${per(monitorCpu + serverCpu)}\n`,
);
