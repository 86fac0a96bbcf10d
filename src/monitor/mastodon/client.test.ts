import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLockstepError } from '../../core/errors.js';
import { Dedupe } from '../dedupe.js';
import type { SourceEvent } from '../source.js';
import { frame, status } from '../test-helpers/mastodon-events.js';
import { startMastodonServer } from '../test-helpers/mastodon-server.js';
import { newerId, timelineUrl } from './catch-up.js';
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
async function collect(
  url: string,
  want: number,
  o: { stream?: string; token?: string; catchUpPages?: number } = {},
) {
  const abort = new AbortController();
  const states: string[] = [];
  const src = mastodonSource({
    url,
    token: o.token ?? TOKEN,
    stream: o.stream,
    catchUpPages: o.catchUpPages,
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
          catchUpPages: 0,
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
        assert.ok(states.includes('connected') && states.some((s) => /^reconnecting.*no catch-up/.test(s)));
      } finally {
        await server.close();
      }
    });

    it(`over ${transport}: fills the gap of a drop from the REST timeline, paging forward from the newest status`, async () => {
      const server = await startMastodonServer(frames, { token: TOKEN, cutAfter: 120, missWhileDown: 60 });
      const updates = (raws: string[]): string[] =>
        raws
          .map((r) => JSON.parse(r) as { event: string; payload: string })
          .filter((v) => v.event === 'update')
          .map((v) => (JSON.parse(v.payload) as { id: string }).id)
          .sort();
      try {
        const base = transport === 'WebSocket' ? server.wsUrl : server.httpUrl;
        // The one delete among the missed frames (frame 149) cannot come back: timelines hold statuses.
        const { got, states } = await collect(base, frames.length - 1, { stream: 'hashtag:vote' });
        assert.deepEqual(updates(got.map((e) => e.raw)), updates(frames));
        const pages = server.requests.filter((r) => r.url.startsWith('/api/v1/timelines/'));
        assert.ok(pages.length >= 2, `60 missed statuses need two pages of 40 (${pages.length})`);
        assert.equal(pages[0]!.url, '/api/v1/timelines/tag/vote?min_id=1119&limit=40');
        // Paged forward: each page starts after the newest status of the one before.
        assert.equal(pages[1]!.url, '/api/v1/timelines/tag/vote?min_id=1160&limit=40');
        assert.ok(states.some((s) => /^reconnecting.*then catching up/.test(s)));
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

  it('says what a bounded catch-up missed', async () => {
    const server = await startMastodonServer(frames, { token: TOKEN, cutAfter: 120, missWhileDown: 100 });
    const abort = new AbortController();
    const states: string[] = [];
    const src = mastodonSource({
      url: server.httpUrl,
      token: TOKEN,
      catchUpPages: 1,
      backoff: { initialMs: 5, maxMs: 20 },
      onState: (s) => {
        states.push(s);
        if (s.startsWith('catch-up')) abort.abort();
      },
    });
    try {
      let items = 0;
      for await (const batch of src.items(undefined, abort.signal)) items += batch.length;
      assert.ok(items >= 160, 'the streamed statuses and one page');
    } finally {
      await server.close();
    }
    assert.ok(
      states.some((s) =>
        /^catch-up: 40 statuses .* \(the 1-page bound\): statuses after the last page/.test(s),
      ),
      states.join(' | '),
    );
  });

  it('maps each stream to its REST timeline and orders status ids by time', () => {
    const url = (stream: string): string => timelineUrl('wss://m.example/api/v1/streaming', stream, '7');
    assert.equal(url('public'), 'https://m.example/api/v1/timelines/public?min_id=7&limit=40');
    assert.equal(
      url('public:local'),
      'https://m.example/api/v1/timelines/public?local=true&min_id=7&limit=40',
    );
    assert.equal(
      url('public:remote'),
      'https://m.example/api/v1/timelines/public?remote=true&min_id=7&limit=40',
    );
    assert.equal(
      url('hashtag:Vote 24'),
      'https://m.example/api/v1/timelines/tag/Vote%2024?min_id=7&limit=40',
    );
    assert.equal(
      url('hashtag:local:x'),
      'https://m.example/api/v1/timelines/tag/x?local=true&min_id=7&limit=40',
    );
    assert.equal(url('list:42'), 'https://m.example/api/v1/timelines/list/42?min_id=7&limit=40');
    assert.equal(url('user'), 'https://m.example/api/v1/timelines/home?min_id=7&limit=40');
    assert.equal(
      timelineUrl('http://h:9/sub/', 'public', '1'),
      'http://h:9/sub/api/v1/timelines/public?min_id=1&limit=40',
    );
    assert.ok(newerId('110000000000000001', '99999999999999999'));
    assert.ok(!newerId('99', '100'));
    assert.ok(newerId('9zb', '9za'));
  });
});
