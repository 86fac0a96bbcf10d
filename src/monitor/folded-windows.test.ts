import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Post } from '../core/post.js';
import type { Network } from '../core/result.js';
import { detect } from '../detect/index.js';
import { post } from '../detect/signals/test-factories.js';
import { seededRandom } from '../test-helpers/seeded-random.js';
import { runMonitor } from './monitor.js';
import type { LiveSource, SourceEvent } from './source.js';
import type { NetworkAlert } from './tracker.js';

/**
 * Folded boundaries (tick-cadence.ts) must not lose window states: a monitor too slow to detect every
 * boundary names a group later, never not at all. The world: 300 organic accounts reposting a pool
 * (3,000 reposts over 2,400 s) and a group of eight that reposts five fresh posts together, at 100,
 * 500, 900, 1300 and 1850 s. With a 1,800-s window and ticks every 60 s the group's five objects
 * (detect's breadth rule, minObjects 5) are in one window only at the boundary 1860: the first burst
 * leaves the window before the next boundary. A monitor that folds 1860 and detects (T − W, T] at
 * its next tick never names the group.
 */
const W = 1800;
const EVERY = 60;
const DETECT = { window: 60 };
const GROUP = Array.from({ length: 8 }, (_, m) => `group-m${m}`);

function world(): Post[] {
  const rnd = seededRandom(21);
  const posts: Post[] = [];
  for (let i = 0; i < 3000; i++) {
    const account = `organic${Math.floor(rnd() * 300)}`;
    const time = 1 + rnd() * 2400;
    posts.push(post(account, time, { isRepost: true, repostOf: `p${Math.floor(rnd() * 300)}` }));
  }
  [100, 500, 900, 1300, 1850].forEach((start, k) => {
    for (const account of GROUP)
      posts.push(post(account, start + rnd() * 5, { isRepost: true, repostOf: `campaign${k}` }));
  });
  return posts.sort((a, b) => a.time - b.time);
}
const posts = world();

/** A post as its source's raw line (journalled) and back (a restart rebuilds its window from them). */
const raw = (p: Post): string => JSON.stringify([p.account, p.time, p.repostOf]);
const decode = (line: string, pos: number): SourceEvent => {
  const [account, time, repostOf] = JSON.parse(line) as [string, number, string];
  return { pos, key: `k${pos}`, raw: line, time, posts: [post(account, time, { isRepost: true, repostOf })] };
};

/**
 * The posts as a source, in batches on consecutive turns of the event loop (no wall time between),
 * from the position after `resume`; `stopAfter` ends it (as SIGTERM would) after the posts up to that
 * time.
 */
const sourceOf = (stopAfter?: { time: number; stop: AbortController }): LiveSource => ({
  label: 'ndjson folded-test',
  decode,
  async *items(resume) {
    const from = resume ?? 0;
    const lines = posts.flatMap((p, i) =>
      i + 1 > from && (stopAfter === undefined || p.time <= stopAfter.time) ? [decode(raw(p), i + 1)] : [],
    );
    for (let i = 0; i < lines.length; i += 500) {
      yield lines.slice(i, i + 500);
      await Promise.resolve();
    }
    stopAfter?.stop.abort();
  },
});

const groupOf = (networks: Network[]): boolean =>
  networks.some((n) => GROUP.every((m) => n.members.includes(m)));

interface Tick {
  T: number;
  start: number;
  networks: Network[];
}

async function monitor(
  share: number,
  delayMs: number,
  o: { out?: string; stopAfter?: number } = {},
): Promise<{ ticks: Tick[]; alerts: NetworkAlert[] }> {
  const out = o.out ?? mkdtempSync(join(tmpdir(), 'monitor-folded-'));
  const ticks: Tick[] = [];
  const stop = new AbortController();
  await runMonitor({
    out,
    source: sourceOf(o.stopAfter === undefined ? undefined : { time: o.stopAfter, stop }),
    signal: stop.signal,
    windowSeconds: W,
    everySeconds: EVERY,
    detectShare: share,
    detect: DETECT,
    // A slow detector: the next tick may start delayMs · (1 − share)/share later, and the whole
    // stream is read in far less, so every boundary after the first is folded (or forced, below).
    detector: async (p, options) => {
      await new Promise((r) => setTimeout(r, delayMs));
      return (await detect(p, options)).networks;
    },
    onTick: (T, networks, start) => ticks.push({ T, start, networks }),
  });
  const alerts = readFileSync(join(out, 'alerts.ndjson'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as NetworkAlert);
  return { ticks, alerts };
}

describe('monitor with folded boundaries', () => {
  it('the world: only the window at 1860 holds the group (every boundary detected)', async () => {
    const { ticks } = await monitor(1, 0);
    assert.deepEqual(
      ticks.filter((t) => groupOf(t.networks)).map((t) => t.T),
      [1860],
    );
  });

  it('names the group at a later tick when 1860 is folded, each tick a batch detect over its window', async () => {
    const { ticks, alerts } = await monitor(0.5, 300);
    const last = posts.at(-1)!.time;
    assert.ok(!ticks.some((t) => t.T === 1860), `1860 folded (ticks at ${ticks.map((t) => t.T).join()})`);
    const named = alerts.find((a) => GROUP.every((m) => a.members.includes(m)));
    assert.ok(named, 'the group is alerted');
    const at = Date.parse(named.event_time) / 1000;
    assert.ok(at > 1860 && at - 1860 <= W / 4 + EVERY, `later, within a quarter window (${at})`);
    // Every boundary's window (B − W, B] lies inside some tick's (start, T].
    for (let B = EVERY; B <= last; B += EVERY)
      assert.ok(
        ticks.some((t) => t.start <= B - W && t.T >= B),
        `the window of boundary ${B} was detected`,
      );
    // Folds span at most a quarter window before a tick runs: at most 1.25 windows per tick.
    for (const t of ticks) assert.ok(t.T - t.start <= 1.25 * W + EVERY, `tick ${t.T} from ${t.start}`);
    for (const t of ticks) {
      const batch = await detect(
        posts.filter((p) => p.time > t.start && p.time <= t.T),
        DETECT,
      );
      assert.deepEqual(t.networks, batch.networks, `tick at ${t.T}`);
    }
  });

  it('keeps the folded boundaries across a restart: the first tick after it still holds their windows', async () => {
    const out = mkdtempSync(join(tmpdir(), 'monitor-folded-restart-'));
    // Stopped (SIGTERM) after the group's last burst, with 1860 folded and no tick since.
    const first = await monitor(0.5, 300, { out, stopAfter: 1900 });
    assert.ok(
      !first.ticks.some((t) => t.T >= 1860),
      `no tick at or after 1860 (${first.ticks.map((t) => t.T).join()})`,
    );
    const cursor = JSON.parse(readFileSync(join(out, 'cursor.json'), 'utf8')) as { folded_from?: number };
    assert.ok(
      cursor.folded_from !== undefined && cursor.folded_from <= 1860,
      'the cursor keeps the first folded boundary',
    );
    const second = await monitor(0.5, 300, { out });
    const firstTick = second.ticks[0]!;
    assert.ok(firstTick.start <= 1860 - W, `the restart's first tick reads from ${firstTick.start}`);
    assert.ok(groupOf(firstTick.networks), 'and names the group');
    assert.ok(
      second.alerts.some((a) => GROUP.every((m) => a.members.includes(m))),
      'the group is alerted',
    );
  });
});
