import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLockstepError } from '../../core/errors.js';
import { Dedupe } from '../dedupe.js';
import type { SourceEvent } from '../source.js';
import { frame, status } from '../test-helpers/mastodon-events.js';
import { startMastodonServer } from '../test-helpers/mastodon-server.js';
import { mastodonSource, parseStream, streamingUrl } from './client.js';

const TOKEN = 'test-token-0123456789';
const T = 1_700_000_000;
const frames = Array.from({ length: 300 }, (_, i) =>
  i % 50 === 49
    ? frame('delete', String(1000 + i - 1))
    : frame(
        'update',
        status({ id: String(1000 + i), acct: `u${i % 17}`, time: T + i, html: `<p>status ${i}</p>` }),
      ),
);

/** Reads a source until `want` events were taken (as the monitor takes them) or it throws. */
async function collect(url: string, want: number, o: { stream?: string; token?: string } = {}) {
  const abort = new AbortController();
  const states: string[] = [];
  const src = mastodonSource({
    url,
    token: o.token ?? TOKEN,
    stream: o.stream,
    backoff: { initialMs: 5, maxMs: 20 },
    onState: (s) => states.push(s),
  });
  const dedupe = new Dedupe();
  const got: SourceEvent[] = [];
  const bad: string[] = [];
  let duplicates = 0;
  for await (const batch of src.items(undefined, abort.signal)) {
    for (const item of batch) {
      if (item.bad !== undefined) bad.push(item.bad);
      else if (item.duplicate) duplicates++;
      else if (dedupe.accept(item.pos, item.key)) got.push(item);
    }
    if (got.length >= want) abort.abort();
  }
  return { got, bad, duplicates, states, src };
}

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
        assert.equal(server.requests.length, 2);
        assert.match(
          server.requests[0]!.url,
          transport === 'WebSocket'
            ? /^\/api\/v1\/streaming\?stream=hashtag&tag=vote$/
            : /^\/api\/v1\/streaming\/hashtag\?tag=vote$/,
        );
        assert.ok(!server.requests[0]!.url.includes(TOKEN), 'the token travels in a header, not the URL');
        assert.ok(states.includes('connected') && states.some((s) => s.startsWith('reconnecting')));
      } finally {
        await server.close();
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
