import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collectMastodon, TOKEN } from '../test-helpers/mastodon-collect.js';
import { frame, status } from '../test-helpers/mastodon-events.js';
import { startMastodonServer } from '../test-helpers/mastodon-server.js';

const T = 1_700_000_000;
/** Posted before the monitor starts, every 20 s from T − 3000 to T − 420: on the timeline only. */
const history = Array.from({ length: 130 }, (_, i) =>
  frame('update', status({ id: String(500 + i), acct: `h${i % 11}`, time: T - 3000 + i * 20 })),
);
const live = Array.from({ length: 60 }, (_, i) =>
  frame('update', status({ id: String(1000 + i), acct: `u${i % 7}`, time: T + i })),
);
const now = (): number => (T + 300) * 1000;
const statusId = (raw: string): string =>
  (JSON.parse((JSON.parse(raw) as { payload: string }).payload) as { id: string }).id;

describe('mastodon backfill (monitor --backfill on a fresh start)', () => {
  for (const transport of ['WebSocket', 'SSE'] as const) {
    it(`over ${transport}: takes the last S seconds of the timeline, oldest first, before the live frames`, async () => {
      const server = await startMastodonServer(live, { token: TOKEN, history });
      try {
        const base = transport === 'WebSocket' ? server.wsUrl : server.httpUrl;
        // From T − 1500 on: history 75–129 (55 statuses, two pages of 40), then the 60 live ones.
        const { got, duplicates, states } = await collectMastodon(base, 55 + live.length, {
          backfillSeconds: 1800,
          now,
        });
        const ids = got.map((e) => statusId(e.raw));
        const expected = [
          ...Array.from({ length: 55 }, (_, i) => String(575 + i)),
          ...Array.from({ length: 60 }, (_, i) => String(1000 + i)),
        ];
        assert.deepEqual(ids, expected);
        assert.equal(got[0]!.time, T - 1500);
        for (let i = 1; i < got.length; i++) assert.ok(got[i]!.pos > got[i - 1]!.pos);
        // Live statuses already on the timeline when it is read come twice: the stream's copy is a duplicate.
        const said = states
          .map((s) => /^backfilled (\d+) statuses from the REST timeline$/.exec(s))
          .find(Boolean);
        assert.ok(said, states.join('; '));
        assert.equal(Number(said[1]), 55 + duplicates);
        const rest = server.requests.filter((r) => r.url.startsWith('/api/v1/timelines/public'));
        assert.equal(rest[0]!.url, '/api/v1/timelines/public?limit=40');
        assert.ok(rest.length >= 2, 'paged');
        for (const r of rest.slice(1))
          assert.match(r.url, /^\/api\/v1\/timelines\/public\?max_id=\d+&limit=40$/);
      } finally {
        await server.close();
      }
    });
  }

  it('stops at the page limit and says older statuses were missed', async () => {
    // No live frames, so the timeline holds the history only and its newest page is 590–629.
    const server = await startMastodonServer([], { token: TOKEN, history });
    try {
      const { got, states } = await collectMastodon(server.wsUrl, 40, {
        backfillSeconds: 1800,
        now,
        backfillPages: 1,
      });
      assert.deepEqual(
        got.map((e) => statusId(e.raw)),
        Array.from({ length: 40 }, (_, i) => String(590 + i)),
        'one page: the 40 newest, oldest first',
      );
      assert.ok(
        states.includes(
          'backfilled 40 statuses from the REST timeline (page limit reached: older ones missed)',
        ),
        states.join('; '),
      );
    } finally {
      await server.close();
    }
  });

  it('a restart that resumes does not backfill (its journal holds the window)', async () => {
    const server = await startMastodonServer(live, { token: TOKEN, history });
    try {
      const { got } = await collectMastodon(server.wsUrl, live.length, {
        backfillSeconds: 1800,
        now,
        resume: 1,
      });
      assert.equal(statusId(got[0]!.raw), '1000');
      assert.equal(server.requests.filter((r) => r.url.startsWith('/api/v1/timelines/')).length, 0);
    } finally {
      await server.close();
    }
  });

  it('a failing timeline is reported and the live stream goes on, nothing lost', async () => {
    const server = await startMastodonServer(live, { token: TOKEN, history, timelineStatus: 500 });
    try {
      const { got, states } = await collectMastodon(server.httpUrl, live.length, {
        backfillSeconds: 1800,
        now,
      });
      assert.deepEqual(
        got.map((e) => statusId(e.raw)),
        live.map(statusId),
      );
      assert.ok(
        states.some((s) => /^backfill failed \(.*HTTP 500\): the window starts empty$/.test(s)),
        states.join('; '),
      );
    } finally {
      await server.close();
    }
  });
});
