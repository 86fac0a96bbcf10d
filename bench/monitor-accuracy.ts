/**
 * `node --import tsx bench/monitor-accuracy.ts [--events N] [--surge N] [--span S] [--window S] [--every S]
 * [--share F] [--speed X]` (the monitor's --detect-share, default 0.5; a replay paced at X seconds of event
 * time per wall second, default flat out):
 * accuracy of the monitor's network alerts on a simulated Jetstream stream with a known answer, over
 * the local WebSocket replay (bench/monitor-replay.ts, a child process). The stream: organic accounts
 * reposting and posting around a shared pool (plantedStream), planted groups that repost fresh posts
 * within `--spread` seconds (default 5) of each other, `--bursts` times (default 10), (and act organically in between), and an organic breaking-news surge:
 * `--surge` accounts (default 3,000) that each repost one of a few breaking posts and post the news
 * hashtag, independently, at times drawn from a burst that peaks within minutes and decays over half
 * an hour (exponential inter-arrivals; one third of them repost a second breaking post later).
 * `--detail` prints each group's burst starts and first alert; `--effect-floor F` sets detect's.
 * Reports precision and recall of alerted accounts against the planted ones, network alerts that
 * name any surge account (the target is none), and the event-time latency from the start of the
 * group's defining burst (its last burst before the first alert) to that alert, plus throughput.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { plantedStream, postFrame, repostFrame } from '../src/monitor/test-helpers/jetstream-events.js';
import { seededRandom } from '../src/test-helpers/seeded-random.js';
import { burstStarts, runReplayedMonitor, score } from './monitor-bench-run.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    surge: { type: 'string', default: '3000' },
    span: { type: 'string', default: '3600' },
    window: { type: 'string', default: '3600' },
    every: { type: 'string', default: '10' },
    groups: { type: 'string', default: '4' },
    'group-size': { type: 'string', default: '8' },
    bursts: { type: 'string', default: '10' },
    spread: { type: 'string', default: '5' },
    share: { type: 'string', default: '0.5' },
    speed: { type: 'string' },
    // Per planted group: its bursts' start times and its first alert's (seconds from the stream start).
    detail: { type: 'boolean', default: false },
    // detect's effect floor (default detect's, 3): what decides when a planted group is first named.
    'effect-floor': { type: 'string' },
  },
});
const events = Number(values.events);
const span = Number(values.span);
const surgeAccounts = Number(values.surge);
const START = 1_700_000_000;
const base = plantedStream({
  seed: 5,
  startUs: START * 1e6,
  spanSeconds: span,
  organic: Math.max(1000, Math.round(events / 20)),
  organicEvents: events,
  groups: Number(values.groups),
  groupSize: Number(values['group-size']),
  bursts: Number(values.bursts),
  pool: Math.max(500, Math.round(events / 10)),
  memberNoise: 10,
  spread: Number(values.spread),
});

// The surge: news breaks at 40 % of the span; arrival rate ∝ exp(−(t − t0)/τ) after a 3-minute rise.
const rnd = seededRandom(17);
const t0 = span * 0.4;
const surgeFrames: { t: number; frame: object }[] = [];
const breaking = Array.from({ length: 3 }, (_, k) => `at://did:plc:newsdesk/app.bsky.feed.post/breaking${k}`);
for (let i = 0; i < surgeAccounts; i++) {
  const did = `did:plc:surge${i.toString().padStart(6, '0')}`;
  const rise = rnd() * 180;
  const t = t0 + rise - 1800 * Math.log(1 - rnd() * 0.95);
  if (t >= span) continue;
  surgeFrames.push({
    t,
    frame: repostFrame({ did, timeUs: 0 }, breaking[Math.floor(rnd() * breaking.length)]!),
  });
  if (rnd() < 0.5)
    surgeFrames.push({
      t: t + rnd() * 120,
      frame: postFrame({ did, timeUs: 0 }, { text: `breaking news ${i}`, tags: ['breaking'] }),
    });
  if (rnd() < 0.33)
    surgeFrames.push({
      t: t + 60 + rnd() * 900,
      frame: repostFrame({ did, timeUs: 0 }, breaking[(i + 1) % breaking.length]!),
    });
}
const all = [
  ...base.frames.map((f) => {
    const v = JSON.parse(f) as { time_us: number };
    return { us: v.time_us, v };
  }),
  ...surgeFrames
    .filter((s) => s.t < span)
    .map((s) => ({ us: START * 1e6 + Math.floor(s.t * 1e6), v: s.frame })),
].sort((a, b) => a.us - b.us);
let last = 0;
const frames = all.map((e) => {
  const us = Math.max(last + 1, e.us);
  last = us;
  return JSON.stringify({ ...e.v, time_us: us });
});

const starts = burstStarts(frames, (f) => f.includes('did:plc:campaign'));
const { summary, wall, alerts } = await runReplayedMonitor(frames, {
  window: Number(values.window),
  every: Number(values.every),
  share: Number(values.share),
  speed: values.speed === undefined ? undefined : Number(values.speed),
  effectFloor: values['effect-floor'] === undefined ? undefined : Number(values['effect-floor']),
});
const { precision, recall, latency, groups } = score(alerts, base.groups.flat(), starts);
if (values.detail)
  for (const g of groups)
    process.stdout.write(
      `${g.group}: bursts ${g.bursts.map((t) => (t - START).toFixed(0)).join(' ')} · first alert ` +
        `${g.alertAt === undefined ? '—' : (g.alertAt - START).toFixed(0)}\n`,
    );
const surgeAlerts = alerts.filter((a) => a.members.some((m) => m.includes(':surge'))).length;
const rss = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `| ${frames.length} | ${surgeFrames.length} | ${values.every} | ${values.share} | ${values.speed ?? 'flat out'} | ${Math.round(summary.events / (summary.streamMs / 1000))} | ` +
    `${wall.toFixed(1)} s | ${summary.ticks} (${summary.deferredTicks} folded) | ${(summary.detectMs / 1000).toFixed(1)} s / ${(summary.slowestTickMs / 1000).toFixed(2)} s | ` +
    `${Math.round(rss)} MB | ${precision} | ${recall} | ${surgeAlerts} | ${latency} | ${loadavg()[0]!.toFixed(1)} |\n`,
);
