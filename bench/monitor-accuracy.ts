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
import { ACCURACY_ARGS, ACCURACY_START, accuracyOptions, accuracyStream } from './monitor-accuracy-stream.js';
import { burstStarts, runReplayedMonitor, score } from './monitor-bench-run.js';

const { values } = parseArgs({
  options: {
    ...ACCURACY_ARGS,
    share: { type: 'string', default: '0.5' },
    speed: { type: 'string' },
    // Per planted group: its bursts' start times and its first alert's (seconds from the stream start).
    detail: { type: 'boolean', default: false },
    // detect's effect floor (default detect's, 3): what decides when a planted group is first named.
    'effect-floor': { type: 'string' },
  },
});
const START = ACCURACY_START;
const { frames, planted, surgeFrames } = accuracyStream(accuracyOptions(values));

const starts = burstStarts(frames, (f) => f.includes('did:plc:campaign'));
const { summary, wall, alerts } = await runReplayedMonitor(frames, {
  window: Number(values.window),
  every: Number(values.every),
  share: Number(values.share),
  speed: values.speed === undefined ? undefined : Number(values.speed),
  effectFloor: values['effect-floor'] === undefined ? undefined : Number(values['effect-floor']),
});
const { precision, recall, latency, groups } = score(alerts, planted.flat(), starts);
if (values.detail)
  for (const g of groups)
    process.stdout.write(
      `${g.group}: bursts ${g.bursts.map((t) => (t - START).toFixed(0)).join(' ')} · first alert ` +
        `${g.alertAt === undefined ? '—' : (g.alertAt - START).toFixed(0)}\n`,
    );
const surgeAlerts = alerts.filter((a) => a.members.some((m) => m.includes(':surge'))).length;
const rss = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `| ${frames.length} | ${surgeFrames} | ${values.every} | ${values.share} | ${values.speed ?? 'flat out'} | ${Math.round(summary.events / (summary.streamMs / 1000))} | ` +
    `${wall.toFixed(1)} s | ${summary.ticks} (${summary.deferredTicks} folded) | ${(summary.detectMs / 1000).toFixed(1)} s / ${(summary.slowestTickMs / 1000).toFixed(2)} s | ` +
    `${Math.round(rss)} MB | ${precision} | ${recall} | ${surgeAlerts} | ${latency} | ${loadavg()[0]!.toFixed(1)} |\n`,
);
