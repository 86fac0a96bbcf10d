import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detect } from '../../detect/index.js';
import { runMonitor } from '../monitor.js';
import { testStream } from '../test-helpers/jetstream-events.js';
import { mastodonFromJetstream } from '../test-helpers/mastodon-events.js';
import { startMastodonServer } from '../test-helpers/mastodon-server.js';
import { mastodonSource } from './client.js';

const TOKEN = 'monitor-test-token-42';
const planted = testStream();
const frames = mastodonFromJetstream(planted.frames);
const sorted = (nets: { members: string[] }[]): string[][] =>
  nets.map((n) => [...n.members].sort()).sort((a, b) => a.join().localeCompare(b.join()));

describe('monitor over a Mastodon stream', () => {
  it('finds the planted groups among reblogs over SSE, as a batch detect over the same window does', async () => {
    const server = await startMastodonServer(frames, { token: TOKEN, cutAfter: 1000 });
    const out = mkdtempSync(join(tmpdir(), 'monitor-mastodon-'));
    const source = mastodonSource({
      url: server.httpUrl,
      token: TOKEN,
      backoff: { initialMs: 5, maxMs: 20 },
    });
    const host = new URL(server.httpUrl).host;
    try {
      const summary = await runMonitor({
        out,
        source,
        windowSeconds: 3600,
        everySeconds: 600,
        untilIdleSeconds: 2,
        detect: { window: 60 },
      });
      assert.equal(summary.events, frames.length, 'every event once, across the reconnection');
      assert.equal(summary.badFrames, 0);
    } finally {
      await server.close();
    }
    const networks = JSON.parse(readFileSync(join(out, 'networks.json'), 'utf8')) as {
      networks: { members: string[] }[];
    };
    // The batch side decodes the same frames with the same decoder (a fresh source: no seen ids).
    const fresh = mastodonSource({ url: server.httpUrl, token: TOKEN });
    const posts = frames.flatMap((f, i) => {
      const item = fresh.decode(f, i + 1);
      return item.bad === undefined ? item.posts : [];
    });
    const last = Math.max(...posts.map((p) => p.time));
    const batch = await detect(
      posts.filter((p) => p.time > last - 3600 && p.time <= last),
      { window: 60 },
    );
    assert.deepEqual(sorted(networks.networks), sorted(batch.networks));
    const groups = planted.groups.map((g) => g.map((did) => `${did.replace('did:plc:', '')}@${host}`).sort());
    assert.deepEqual(sorted(networks.networks), sorted(groups.map((members) => ({ members }))));
  });

  it('--backfill: a fresh monitor starts from the last S seconds of the timeline, and finds what the whole stream shows', async () => {
    // The first half was posted before the monitor started: only the REST timeline has it.
    const half = Math.floor(frames.length / 2);
    const timeOf = (f: string): number =>
      Date.parse(
        (JSON.parse((JSON.parse(f) as { payload: string }).payload) as { created_at: string }).created_at,
      );
    const start = timeOf(frames[half]!);
    const span = (start - timeOf(frames[0]!)) / 1000;
    const host = { name: '' };
    const run = async (backfillSeconds: number | undefined) => {
      // ~80 pages at 40 ms: the backfill outlasts --until-idle, which must not count it as silence.
      const server = await startMastodonServer(frames.slice(half), {
        token: TOKEN,
        history: frames.slice(0, half),
        timelineDelayMs: 40,
      });
      host.name = new URL(server.wsUrl).host;
      const out = mkdtempSync(join(tmpdir(), 'monitor-mastodon-backfill-'));
      try {
        const summary = await runMonitor({
          out,
          source: mastodonSource({ url: server.wsUrl, token: TOKEN, backfillSeconds, now: () => start }),
          windowSeconds: 3600,
          everySeconds: 600,
          untilIdleSeconds: 2,
          detect: { window: 60 },
        });
        const nets = (
          JSON.parse(readFileSync(join(out, 'networks.json'), 'utf8')) as {
            networks: { members: string[] }[];
          }
        ).networks;
        return { events: summary.events, nets };
      } finally {
        await server.close();
      }
    };
    const cold = await run(undefined);
    assert.equal(cold.events, frames.length - half, 'without --backfill: the live half only');
    const full = await run(span + 60);
    assert.equal(full.events, frames.length, 'with --backfill: every status, none twice');
    const groups = planted.groups.map((g) =>
      g.map((did) => `${did.replace('did:plc:', '')}@${host.name}`).sort(),
    );
    assert.deepEqual(sorted(full.nets), sorted(groups.map((members) => ({ members }))));
  });
});
