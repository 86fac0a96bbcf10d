import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJetstreamItem } from './jetstream/client.js';
import { runMonitor } from './monitor.js';
import type { LiveSource, SourceItem } from './source.js';
import { plantedStream } from './test-helpers/jetstream-events.js';

/**
 * Alert latency in event time (docs/MONITOR.md, "Alert latency"), on a stream where the groups' bursts
 * clear the pair screen with a margin: with the window already full, each planted group is named at
 * the first tick after the burst that completes its evidence; a monitor that starts with the stream
 * (its window, the chance model's population, still filling) names one of them a burst later. Every
 * tick runs (detectShare 1), so the ticks are the same on any machine.
 */
const START = 1_700_000_000;
const W = 3600;
const EVERY = 10;
const SPREAD = 5;
const organic = { organic: 300, organicEvents: 1500, pool: 400 };
const live = plantedStream({
  seed: 11,
  startUs: START * 1e6,
  spanSeconds: 3600,
  ...organic,
  organicEvents: 3000,
  groups: 2,
  groupSize: 6,
  bursts: 10,
  spread: SPREAD,
});
// The same organic population during the window before the groups act (another seed).
const before = plantedStream({
  seed: 12,
  startUs: (START - W) * 1e6,
  spanSeconds: W - 1,
  ...organic,
  groups: 0,
  groupSize: 0,
  bursts: 0,
});

const source = (frames: string[]): LiveSource => ({
  label: 'jetstream latency-test',
  decode: (raw) => decodeJetstreamItem(raw),
  async *items(): AsyncGenerator<SourceItem[]> {
    for (let i = 0; i < frames.length; i += 500) {
      yield frames.slice(i, i + 500).map(decodeJetstreamItem);
      // A socket's batches arrive on later turns of the event loop.
      await new Promise((r) => setImmediate(r));
    }
  },
});

/** Per planted group: the first tick naming half of it, and its latest burst start before that tick. */
async function firstNamed(frames: string[]): Promise<{ T: number; burst: number }[]> {
  const bursts = live.groups.map(() => [] as number[]);
  for (const f of live.frames) {
    const v = JSON.parse(f) as { did: string; time_us: number };
    const g = live.groups.findIndex((m) => m.includes(v.did));
    if (g < 0 || !f.includes('did:plc:campaign')) continue;
    const t = v.time_us / 1e6;
    if (bursts[g]!.length === 0 || t - bursts[g]!.at(-1)! > 60) bursts[g]!.push(t);
  }
  const first: (number | undefined)[] = live.groups.map(() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'latency-'));
  try {
    await runMonitor({
      out: dir,
      source: source(frames),
      windowSeconds: W,
      everySeconds: EVERY,
      detectShare: 1,
      detect: { window: 60 },
      onTick: (T, networks) => {
        live.groups.forEach((members, g) => {
          if (first[g] !== undefined) return;
          if (networks.some((n) => n.members.filter((m) => members.includes(m)).length * 2 >= members.length))
            first[g] = T;
        });
      },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return first.map((T, g) => {
    assert.ok(T !== undefined, `group ${g} is named`);
    return { T, burst: bursts[g]!.filter((b) => b <= T).at(-1)! };
  });
}

describe('monitor alert latency (event time)', () => {
  let warm: { T: number; burst: number }[] | undefined;
  const full = async (): Promise<{ T: number; burst: number }[]> =>
    (warm ??= await firstNamed([...before.frames, ...live.frames]));

  it('with the window full before the groups act, names each one at the first tick after a burst', async () => {
    for (const { T, burst } of await full())
      assert.ok(
        T - burst <= EVERY + SPREAD,
        `named at ${T - START}, ${(T - burst).toFixed(0)} s after its burst`,
      );
  });

  it('a monitor that starts with the stream names no group sooner and some group later (why --backfill exists)', async () => {
    const cold = await firstNamed(live.frames);
    const w = await full();
    const at = (x: { T: number }[]): string => x.map((n) => n.T - START).join(', ');
    assert.ok(
      cold.every((c, g) => c.T >= w[g]!.T) && cold.some((c, g) => c.T > w[g]!.T),
      `cold ${at(cold)} vs full window ${at(w)}`,
    );
  });
});
