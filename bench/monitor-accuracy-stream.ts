/**
 * The accuracy bench's stream (bench/monitor-accuracy.ts, bench/monitor-latency.ts): organic accounts
 * reposting and posting around a shared pool (plantedStream, seed 5), planted groups that repost fresh
 * posts within `spread` seconds of each other `bursts` times (and act organically in between), and an
 * organic breaking-news surge: `surge` accounts that each repost one of a few breaking posts and post
 * the news hashtag, independently, at times drawn from a burst that peaks within minutes and decays
 * over half an hour (exponential inter-arrivals; one third of them repost a second breaking post later).
 * Seeded: every bench and every run sees the same frames.
 */
import { plantedStream, postFrame, repostFrame } from '../src/monitor/test-helpers/jetstream-events.js';
import { seededRandom } from '../src/test-helpers/seeded-random.js';

export const ACCURACY_START = 1_700_000_000;

/** The command-line options both benches take (parseArgs specs), with the stream's defaults. */
export const ACCURACY_ARGS = {
  events: { type: 'string', default: '20000' },
  surge: { type: 'string', default: '3000' },
  span: { type: 'string', default: '3600' },
  window: { type: 'string', default: '3600' },
  every: { type: 'string', default: '10' },
  // Seconds of organic activity before the stream's start: the window is full when groups act.
  warmup: { type: 'string', default: '0' },
  groups: { type: 'string', default: '4' },
  'group-size': { type: 'string', default: '8' },
  bursts: { type: 'string', default: '10' },
  spread: { type: 'string', default: '5' },
} as const;

type ArgValues = { [K in keyof typeof ACCURACY_ARGS]: string };

/** The stream's options from parsed ACCURACY_ARGS. */
export const accuracyOptions = (v: ArgValues): AccuracyStreamOptions => ({
  events: Number(v.events),
  surge: Number(v.surge),
  span: Number(v.span),
  groups: Number(v.groups),
  groupSize: Number(v['group-size']),
  bursts: Number(v.bursts),
  spread: Number(v.spread),
  warmup: Number(v.warmup),
});

export interface AccuracyStreamOptions {
  events: number;
  surge: number;
  span: number;
  groups: number;
  groupSize: number;
  bursts: number;
  spread: number;
  /**
   * Seconds of the same organic activity (same accounts, same pool, another seed) before the stream's
   * start, so the monitor's window is already full when the groups and the surge act (a monitor that
   * has been running, not one that has just started). Default 0.
   */
  warmup?: number;
}

export function accuracyStream(o: AccuracyStreamOptions): {
  frames: string[];
  planted: string[][];
  surgeFrames: number;
} {
  const { events, span } = o;
  const START = ACCURACY_START;
  const base = plantedStream({
    seed: 5,
    startUs: START * 1e6,
    spanSeconds: span,
    organic: Math.max(1000, Math.round(events / 20)),
    organicEvents: events,
    groups: o.groups,
    groupSize: o.groupSize,
    bursts: o.bursts,
    pool: Math.max(500, Math.round(events / 10)),
    memberNoise: 10,
    spread: o.spread,
  });

  const warmup = o.warmup ?? 0;
  const before =
    warmup > 0
      ? plantedStream({
          seed: 6,
          startUs: (START - warmup) * 1e6,
          spanSeconds: warmup,
          organic: Math.max(1000, Math.round(events / 20)),
          organicEvents: Math.round((events * warmup) / span),
          groups: 0,
          groupSize: 0,
          bursts: 0,
          pool: Math.max(500, Math.round(events / 10)),
        }).frames
      : [];

  // The surge: news breaks at 40 % of the span; arrival rate ∝ exp(−(t − t0)/τ) after a 3-minute rise.
  const rnd = seededRandom(17);
  const t0 = span * 0.4;
  const surgeFrames: { t: number; frame: object }[] = [];
  const breaking = Array.from(
    { length: 3 },
    (_, k) => `at://did:plc:newsdesk/app.bsky.feed.post/breaking${k}`,
  );
  for (let i = 0; i < o.surge; i++) {
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
    ...[...before, ...base.frames].map((f) => {
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
  return { frames, planted: base.groups, surgeFrames: surgeFrames.length };
}
