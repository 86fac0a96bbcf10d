import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLockstepError } from '../../core/errors.js';
import { collectMastodon as collect, TOKEN } from '../test-helpers/mastodon-collect.js';
import { frame, status } from '../test-helpers/mastodon-events.js';
import { startMastodonServer } from '../test-helpers/mastodon-server.js';
import { mastodonSource, parseStream, streamingUrl } from './client.js';

const T = 1_700_000_000;
const frames = Array.from({ length: 300 }, (_, i) =>
  i % 50 === 49
    ? frame('delete', String(1000 + i - 1))
    : frame(
        'update',
        status({ id: String(1000 + i), acct: `u${i % 17}`, time: T + i, html: `<p>status ${i}</p>` }),
      ),
);

describe('mastodon streaming client', () => {
  it('names the endpoint per transport and stream', () => {
    assert.equal(
      streamingUrl({ url: 'wss://m.example', stream: 'hashtag:Vote' }),
      'wss://m.example/api/v1/streaming?stream=hashtag&tag=Vote',
    );
    assert.equal(
      streamingUrl({ url: 'https://m.example/api/v1/streaming/' }),
      'https://m.example/api/v1/streaming/public',
    );
    assert.equal(
      streamingUrl({ url: 'https://m.example', stream: 'public:local' }),
      'https://m.example/api/v1/streaming/public/local',
    );
    assert.equal(
      streamingUrl({ url: 'https://m.example', stream: 'list:42' }),
      'https://m.example/api/v1/streaming/list?list=42',
    );
    assert.deepEqual(parseStream('hashtag:local:#x'), { name: 'hashtag:local', params: { tag: 'x' } });
    assert.throws(() => parseStream('home'), /--stream home: expected public/);
  });

  for (const transport of ['WebSocket', 'SSE'] as const) {
    it(`over ${transport}: reconnects after a drop, drops repeated statuses by id, counts bad frames`, async () => {
      const server = await startMastodonServer(frames, {
        token: TOKEN,
        cutAfter: 120,
        repeatOnReconnect: 10,
        badFrames: ['{oops', frame('update', '{"id":"x"}')],
      });
      try {
        const base = transport === 'WebSocket' ? server.wsUrl : server.httpUrl;
        const { got, bad, duplicates, states } = await collect(base, frames.length, {
          stream: 'hashtag:vote',
        });
        assert.equal(got.length, frames.length);
        // SSE re-wraps each message as a WebSocket frame: compare the events, not the wrapping.
        const events = (raws: string[]): string[] =>
          raws.map((r) => {
            const v = JSON.parse(r) as { event: string; payload: string };
            return `${v.event} ${v.payload}`;
          });
        assert.ok(
          events(got.map((e) => e.raw)).join('\n') === events(frames).join('\n'),
          'every event, in order',
        );
        assert.equal(duplicates, 10, 'the re-sent statuses are recognised by id');
        assert.equal(bad.length, 2);
        assert.match(bad[0]!, transport === 'WebSocket' ? /invalid JSON/ : /update payload is not JSON/);
        assert.match(bad[1]!, /without account.acct/);
        // Positions strictly increase (the monitor orders by them); posts carry their created_at.
        for (let i = 1; i < got.length; i++) assert.ok(got[i]!.pos > got[i - 1]!.pos);
        assert.equal(got[0]!.time, T);
        assert.ok(Number.isNaN(got[49]!.time), 'a delete has no event time of its own');
        assert.equal(got[0]!.posts[0]?.account, 'u0@127.0.0.1:' + new URL(base).port);
        const streaming = server.requests.filter((r) => r.url.startsWith('/api/v1/streaming'));
        assert.equal(streaming.length, 2);
        assert.match(
          server.requests[0]!.url,
          transport === 'WebSocket'
            ? /^\/api\/v1\/streaming\?stream=hashtag&tag=vote$/
            : /^\/api\/v1\/streaming\/hashtag\?tag=vote$/,
        );
        assert.ok(!server.requests[0]!.url.includes(TOKEN), 'the token travels in a header, not the URL');
        // Nothing was missed, so the catch-up after the reconnection asked and found nothing.
        const rest = server.requests.filter((r) => r.url.startsWith('/api/v1/timelines/'));
        assert.equal(rest.length, 1);
        assert.match(rest[0]!.url, /^\/api\/v1\/timelines\/tag\/vote\?min_id=\d+&limit=40$/);
        assert.ok(states.includes('connected') && states.some((s) => s.startsWith('reconnecting')));
      } finally {
        await server.close();
      }
    });

    it(`over ${transport}: catches up through the REST timeline on what was posted while away`, async () => {
      // Frames 120–149 are posted while the client reconnects: 29 statuses and one delete.
      for (const catchUp of [true, false]) {
        const server = await startMastodonServer(frames, {
          token: TOKEN,
          cutAfter: 120,
          lostOnReconnect: 30,
        });
        try {
          const base = transport === 'WebSocket' ? server.wsUrl : server.httpUrl;
          const want = catchUp ? frames.length - 1 : frames.length - 30;
          const { got, duplicates, states } = await collect(base, want, { catchUp });
          assert.equal(got.length, want, `catch-up ${catchUp}`);
          assert.equal(duplicates, 0);
          const ids = got.flatMap((e) =>
            e.posts[0]?.id === undefined ? [] : [e.posts[0].id.split('/').at(-1)!],
          );
          const all = frames.flatMap((f) => {
            const v = JSON.parse(f) as { event: string; payload: string };
            return v.event === 'update' ? [(JSON.parse(v.payload) as { id: string }).id] : [];
          });
          const lost = all.filter((id) => Number(id) >= 1120 && Number(id) < 1150);
          assert.equal(lost.length, 29);
          assert.deepEqual(
            ids,
            catchUp ? all : all.filter((id) => !lost.includes(id)),
            'in order, none lost',
          );
          if (catchUp) {
            assert.ok(states.includes('caught up 29 statuses from the REST timeline'), states.join('; '));
            const rest = server.requests.filter((r) => r.url.startsWith('/api/v1/timelines/public'));
            // One page holds the 29 and reaches the first live status (or, if that one came later,
            // a second page finds nothing newer).
            assert.ok(rest.length >= 1 && rest.length <= 2, `${rest.length} pages`);
            assert.match(rest[0]!.url, /min_id=1119&limit=40/);
          } else
            assert.equal(server.requests.filter((r) => r.url.startsWith('/api/v1/timelines/')).length, 0);
        } finally {
          await server.close();
        }
      }
    });

    it(`over ${transport}: a refused token is a final error naming the fix`, async () => {
      const server = await startMastodonServer(frames, { token: TOKEN });
      try {
        const base = transport === 'WebSocket' ? server.wsUrl : server.httpUrl;
        await assert.rejects(collect(base, 1, { token: 'wrong' }), (e: unknown) => {
          assert.ok(isLockstepError(e) && e.code === 'ERR_MONITOR_SOURCE_REFUSED');
          assert.match(e.message, /HTTP 401.*read:statuses/);
          return true;
        });
        assert.equal(server.requests.length, 1, 'no retry after a refusal');
      } finally {
        await server.close();
      }
    });
  }

  it('remembers the journal’s statuses, so a status seen before a restart is a duplicate after it', () => {
    const src = mastodonSource({ url: 'wss://m.example', token: TOKEN });
    const first = src.decode(frames[0]!, 1);
    assert.ok(first.bad === undefined && first.duplicate === undefined);
    const again = src.decode(frames[0]!, 2);
    assert.ok(again.bad === undefined && again.duplicate === true);
  });
});
