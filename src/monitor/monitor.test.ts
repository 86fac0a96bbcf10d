import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Post } from '../core/post.js';
import type { Network } from '../core/result.js';
import { detect } from '../detect/index.js';
import { DEFAULT_CACHE_BYTES } from '../detect/engine/object-cache.js';
import { post as testPost } from '../detect/signals/test-factories.js';
import { parseMapping } from '../ingest/index.js';
import { decodeJetstreamItem, jetstreamSource } from './jetstream/client.js';
import { runMonitor } from './monitor.js';
import { ndjsonSource } from './ndjson-source.js';
import { testStream } from './test-helpers/jetstream-events.js';
import { startReplayServer } from './test-helpers/replay-server.js';
import type { LiveSource } from './source.js';
import type { NetworkAlert } from './tracker.js';

const stream = testStream();
const posts: Post[] = stream.frames.flatMap((f) => {
  const item = decodeJetstreamItem(f);
  return item.bad === undefined ? item.posts : [];
});
const W = 3600;
const EVERY = 600;
/** A co-action window short against the sliding window (docs/MONITOR.md says why). */
const DETECT = { window: 60 };

const members = (nets: { members: string[] }[]): string[][] =>
  nets.map((n) => [...n.members].sort()).sort((a, b) => a.join().localeCompare(b.join()));

async function batchAt(T: number): Promise<string[][]> {
  const r = await detect(
    posts.filter((p) => p.time > T - W && p.time <= T),
    DETECT,
  );
  return members(r.networks);
}

function readOut(dir: string) {
  const alerts = readFileSync(join(dir, 'alerts.ndjson'), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as NetworkAlert);
  const networks = JSON.parse(readFileSync(join(dir, 'networks.json'), 'utf8')) as {
    event_time: string;
    networks: { id: string; members: string[] }[];
  };
  return { alerts, networks };
}

/** The test stream as JSON lines (mapping `NDJSON_MAP`). */
const ndjsonRows = posts.map((p) =>
  JSON.stringify({ user: p.account, ts: p.time, rt: p.repostOf ?? null, body: p.text ?? '' }),
);
const NDJSON_MAP = parseMapping('account=user,time=ts,repostOf=rt,text=body,timeFormat=unix');

/** The monitor over a JSON-lines file, every boundary detected (so split runs tick where whole ones do). */
function monitorFile(file: string, out: string, onTick?: (T: number) => void) {
  return runMonitor({
    out,
    source: ndjsonSource(file, 'ndjson', { mapping: NDJSON_MAP }),
    windowSeconds: W,
    everySeconds: EVERY,
    detectShare: 1,
    detect: DETECT,
    ...(onTick ? { onTick } : {}),
  });
}

describe('monitor', () => {
  it('over a Jetstream replay: every tick equals a batch detect over the same window', async () => {
    const server = await startReplayServer(stream.frames);
    const out = mkdtempSync(join(tmpdir(), 'monitor-'));
    try {
      const summary = await runMonitor({
        out,
        source: jetstreamSource({ url: server.url }),
        windowSeconds: W,
        everySeconds: EVERY,
        // Idle counts from the start: at load 29 on 2 cores connecting alone took over 2 s.
        untilIdleSeconds: 4,
        // Every boundary detected: the alerts checked below fall on multiples of EVERY.
        detectShare: 1,
        detect: DETECT,
      });
      assert.equal(summary.stoppedBy, 'idle');
      assert.equal(summary.events, stream.frames.length);
    } finally {
      await server.close();
    }
    const { alerts, networks } = readOut(out);
    const last = posts.at(-1)!.time;
    assert.equal(networks.event_time, new Date(Math.round(last * 1000)).toISOString());
    assert.deepEqual(members(networks.networks), await batchAt(last));
    assert.ok(alerts.length > 0, 'the planted groups raise alerts');
    for (const a of alerts.slice(0, 3)) {
      const T = Date.parse(a.event_time) / 1000;
      assert.equal(T % EVERY, 0, 'ticks fall on multiples of --every');
      const batch = await batchAt(T);
      assert.ok(
        batch.some((m) => m.join() === [...a.members].sort().join()),
        `alert ${a.id} at ${a.event_time} is a network of the batch run over its window`,
      );
    }
    const alerted = new Set(alerts.flatMap((a) => a.members));
    for (const g of stream.groups)
      assert.ok(
        g.every((d) => alerted.has(d)),
        `group ${g[0]} alerted`,
      );
    assert.ok(
      [...alerted].every((d) => d.includes(':group')),
      'no organic account alerted',
    );
    const ids = alerts.filter((a) => a.status === 'new').map((a) => a.id);
    assert.equal(new Set(ids).size, ids.length, 'one new alert per network');
  });

  for (const objectCacheBytes of [undefined, DEFAULT_CACHE_BYTES])
    it(`finds at every tick the networks a batch detect finds over the same window, evidence included${objectCacheBytes ? ' (per-object cache on)' : ''}`, async () => {
      const ticks: { T: number; networks: Network[] }[] = [];
      const out = mkdtempSync(join(tmpdir(), 'monitor-ticks-'));
      const server = await startReplayServer(stream.frames);
      try {
        await runMonitor({
          out,
          source: jetstreamSource({ url: server.url }),
          windowSeconds: W,
          everySeconds: EVERY,
          // Idle counts from the start: under load (test files run in parallel) connecting alone can take a second.
          untilIdleSeconds: 3,
          detectShare: 1,
          detect: DETECT,
          objectCacheBytes,
          onTick: (T, networks) => ticks.push({ T, networks }),
        });
      } finally {
        await server.close();
      }
      assert.ok(ticks.length >= 12, `a tick every ${EVERY} s over two hours (${ticks.length})`);
      assert.ok(ticks.filter((t) => t.networks.length > 0).length >= 4, 'several ticks with networks');
      for (const { T, networks } of ticks) {
        const batch = await detect(
          posts.filter((p) => p.time > T - W && p.time <= T),
          DETECT,
        );
        assert.deepEqual(networks, batch.networks, `tick at ${T}`);
      }
      // The cache was used (it holds objects), or stats say there is none.
      const stats = JSON.parse(readFileSync(join(out, 'stats.json'), 'utf8')) as {
        object_cache_bytes?: number;
      };
      if (objectCacheBytes === undefined) assert.equal(stats.object_cache_bytes, undefined);
      else assert.ok((stats.object_cache_bytes ?? 0) > 0, `cache holds ${stats.object_cache_bytes} bytes`);
    });

  it('folds boundaries into later ticks when detection is slow, each tick still equal to batch', async () => {
    const ticks: { T: number; start: number; networks: Network[] }[] = [];
    const status: string[] = [];
    const server = await startReplayServer(stream.frames);
    let s;
    try {
      s = await runMonitor({
        out: mkdtempSync(join(tmpdir(), 'monitor-share-')),
        source: jetstreamSource({ url: server.url }),
        windowSeconds: W,
        everySeconds: 60,
        untilIdleSeconds: 3,
        // Detection may take a fifth of the wall clock; each tick is slowed to 150 ms, so a replay
        // that crosses a boundary every few ms must fold most of them.
        detectShare: 0.2,
        onStatus: (line) => status.push(line),
        detector: async (p, options) => {
          await new Promise((r) => setTimeout(r, 150));
          return (await detect(p, options)).networks;
        },
        detect: DETECT,
        onTick: (T, networks, start) => ticks.push({ T, start, networks }),
      });
    } finally {
      await server.close();
    }
    assert.equal(s.events, stream.frames.length, 'no event lost while detection waited');
    assert.ok(s.deferredTicks > 0, 'some boundaries folded');
    assert.match(
      status.at(-1) ?? '',
      new RegExp(` · ${s.deferredTicks} detections folded \\(catching up\\)$`),
    );
    assert.equal(s.ticks, ticks.length);
    // Each tick detects for real besides its 150 ms sleep: its CPU is counted (summary.detectCpuMs).
    assert.ok(s.detectCpuMs > 0, `ticks' CPU ${s.detectCpuMs} ms`);
    const last = posts.at(-1)!.time;
    assert.equal(ticks.at(-1)!.T, last, 'a last detection at the last event');
    for (const { T, start, networks } of ticks) {
      assert.ok(T % 60 === 0 || T === last, `tick ${T} on a boundary`);
      // A window before the first boundary folded into this tick (folded-windows.test.ts).
      assert.ok(start === T - W || (start < T - W && (start + W) % 60 === 0), `tick ${T} from ${start}`);
      const batch = await detect(
        posts.filter((p) => p.time > start && p.time <= T),
        DETECT,
      );
      assert.deepEqual(networks, batch.networks, `tick at ${T}`);
    }
  });

  for (const { windowSeconds, detections } of [
    { windowSeconds: 3600, detections: 1 },
    { windowSeconds: 12, detections: 2 },
  ])
    it(`reuses the last networks when the window has not changed (window ${windowSeconds} s)`, async () => {
      // One post at 1001, then events without posts (likes, deletes): the window changes only when
      // the post expires, which it does at the tick at 1015 with a 12 s window.
      const post = testPost('a', 1001, { text: 'hello' });
      const source: LiveSource = {
        label: 'ndjson test',
        decode: (raw, pos) => ({ pos, key: `k${pos}`, raw, time: NaN, posts: [] }),
        async *items() {
          yield [{ pos: 1, key: 'k1', raw: '{}', time: 1001, posts: [post] }];
          for (const [i, time] of [1011, 1021, 1031].entries()) {
            await Promise.resolve();
            yield [{ pos: i + 2, key: `k${i + 2}`, raw: '{}', time, posts: [] }];
          }
        },
      };
      const seen: number[] = [];
      const onTick: number[] = [];
      const s = await runMonitor({
        out: mkdtempSync(join(tmpdir(), 'monitor-same-')),
        source,
        windowSeconds,
        everySeconds: 5,
        detectShare: 1,
        detector: (p) => {
          seen.push(p.length);
          return Promise.resolve([]);
        },
        onTick: (T) => onTick.push(T),
      });
      assert.deepEqual(onTick, [1005, 1015, 1025, 1031], 'every boundary still ticks');
      assert.equal(seen.length, detections, `detections run: ${seen.join()}`);
      assert.equal(s.unchangedTicks, 4 - detections);
      if (detections === 2) assert.deepEqual(seen, [1, 0], 'the second detection sees the post gone');
    });

  it('reads JSON lines with --map and resumes a file after the lines it processed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'monitor-nd-'));
    const file = join(dir, 'posts.ndjson');
    const rows = ndjsonRows;
    const half = Math.floor(rows.length / 2);
    const run = (n: number, out: string) => {
      writeFileSync(file, rows.slice(0, n).join('\n') + '\n');
      return monitorFile(file, out);
    };
    const whole = join(dir, 'whole');
    await run(rows.length, whole);
    const split = join(dir, 'split');
    const first = await run(half, split);
    const second = await run(rows.length, split);
    assert.equal(first.events + second.events, rows.length, 'the restart read only the new lines');
    const a = readOut(whole);
    const b = readOut(split);
    assert.deepEqual(members(b.networks.networks), members(a.networks.networks));
    assert.deepEqual(
      b.alerts.map((x) => [x.id, x.status, x.members]),
      a.alerts.map((x) => [x.id, x.status, x.members]),
    );
  });

  it('loses no event when a tick fails: the event that crossed the boundary is read again on restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'monitor-fail-'));
    const file = join(dir, 'posts.ndjson');
    writeFileSync(file, ndjsonRows.join('\n') + '\n');
    const out = join(dir, 'out');
    const run = (onTick?: (T: number) => void) => monitorFile(file, out, onTick);
    let failedAt: number | undefined;
    let ticks = 0;
    await assert.rejects(
      run((T) => {
        if (++ticks === 2) {
          failedAt = T;
          throw new Error('planted tick failure');
        }
      }),
      /planted tick failure/,
    );
    assert.ok(failedAt !== undefined);
    // The tick at failedAt ran because this line's time passed it; every line before it was taken.
    const trigger = posts.findIndex((p) => p.time > failedAt!);
    assert.ok(trigger > 0);
    const second = await run();
    assert.equal(second.events, posts.length - trigger, 'the restart reads the boundary event again');
  });

  it('counts bad lines, keeps a sample and goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'monitor-bad-'));
    const file = join(dir, 'p.ndjson');
    writeFileSync(file, '{"user":"a","ts":1}\nnot json\n{"ts":2}\n{"user":"b","ts":3}\n');
    const s = await runMonitor({
      out: join(dir, 'out'),
      source: ndjsonSource(file, 'ndjson', { mapping: parseMapping('account=user,time=ts,timeFormat=unix') }),
    });
    assert.equal(s.badFrames, 2);
    assert.equal(s.events, 2);
    const stats = JSON.parse(readFileSync(join(dir, 'out', 'stats.json'), 'utf8')) as {
      bad_frame_samples: { reason: string }[];
    };
    assert.match(stats.bad_frame_samples[0]!.reason, /p\.ndjson:2: invalid JSON/);
    assert.match(stats.bad_frame_samples[1]!.reason, /p\.ndjson:3: missing user/);
  });

  it('does not count its own detection time as idle', async () => {
    // Events 10 s apart in event time, ticks every 5 s: every event after the first triggers a tick
    // that takes 300 ms of wall time, three times the idle limit. Frames keep arriving meanwhile.
    const frames = Array.from({ length: 6 }, (_, i) => `{"user":"a${i}","ts":${1000 + 10 * i}}`);
    const source: LiveSource = {
      label: 'ndjson test',
      decode: (raw, pos) => ({ pos, key: `k${pos}`, raw, time: NaN, posts: [] }),
      async *items(_resume, signal) {
        for (let i = 0; i < frames.length && !signal.aborted; i++) {
          const time = 1000 + 10 * i;
          // One post each, so every tick has a changed window to detect over.
          const post = testPost(`a${i}`, time, { text: `post ${i}`, source: { file: 'test', line: i + 1 } });
          yield [{ pos: i + 1, key: `k${i}`, raw: frames[i]!, time, posts: [post] }];
          await new Promise((r) => setTimeout(r, 20));
        }
        await new Promise((r) => setTimeout(r, 1000));
      },
    };
    let ticks = 0;
    const s = await runMonitor({
      out: mkdtempSync(join(tmpdir(), 'monitor-idle-')),
      source,
      everySeconds: 5,
      detectShare: 1,
      untilIdleSeconds: 0.1,
      detector: async () => {
        ticks++;
        await new Promise((r) => setTimeout(r, 300));
        return [];
      },
    });
    assert.equal(s.stoppedBy, 'idle');
    assert.equal(s.events, frames.length, 'no event lost to a false idle');
    assert.equal(ticks, frames.length, 'one tick per later event and one at the end');
  });
});
