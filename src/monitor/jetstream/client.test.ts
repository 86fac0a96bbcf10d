import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Dedupe } from '../dedupe.js';
import type { LiveSource, SourceEvent } from '../source.js';
import {
  identityFrame,
  likeFrame,
  plantedStream,
  postFrame,
  toV2Frames,
} from '../test-helpers/jetstream-events.js';
import { startReplayServer } from '../test-helpers/replay-server.js';
import { isJetstreamV2, jetstreamSource, subscribeUrl } from './client.js';

const stream = plantedStream({
  seed: 7,
  startUs: 1_700_000_000_000_000,
  spanSeconds: 600,
  organic: 50,
  organicEvents: 400,
  groups: 1,
  groupSize: 4,
  bursts: 3,
});

/** Reads `src` from the live head, de-duplicated, until `count` events have been accepted. */
async function drain(
  src: LiveSource,
  count: number,
): Promise<{ got: SourceEvent[]; bad: string[]; dedupe: Dedupe }> {
  const abort = new AbortController();
  const dedupe = new Dedupe();
  const got: SourceEvent[] = [];
  const bad: string[] = [];
  for await (const batch of src.items(undefined, abort.signal)) {
    for (const item of batch) {
      if (item.bad !== undefined) bad.push(item.bad);
      else if (dedupe.accept(item.pos, item.key)) got.push(item);
    }
    if (got.length >= count) abort.abort();
  }
  return { got, bad, dedupe };
}

describe('jetstream client', () => {
  it('builds the subscribe URL with collections, cursor and compress=false', () => {
    const u = new URL(subscribeUrl({ url: 'ws://h/subscribe?wantedDids=did:plc:a' }, 1234.7));
    assert.deepEqual(u.searchParams.getAll('wantedCollections'), [
      'app.bsky.feed.post',
      'app.bsky.feed.repost',
    ]);
    assert.deepEqual(u.searchParams.getAll('wantedDids'), ['did:plc:a']);
    assert.equal(u.searchParams.get('cursor'), '1234');
    assert.equal(u.searchParams.get('compress'), 'false');
    const own = new URL(
      subscribeUrl({ url: 'ws://h/subscribe?wantedCollections=app.bsky.feed.like' }, undefined),
    );
    assert.deepEqual(own.searchParams.getAll('wantedCollections'), ['app.bsky.feed.like']);
    assert.equal(own.searchParams.has('cursor'), false);
  });

  it('reconnects after a drop, resumes from its cursor, and with de-duplication loses and repeats nothing', async () => {
    const frames = [
      ...stream.frames,
      JSON.stringify(likeFrame({ did: 'did:plc:l', timeUs: 1_800_000_000_000_000 }, 'at://x/y/z')),
    ];
    const server = await startReplayServer(frames, { cutAfter: 150, badFrames: ['{oops', '{"did":"x"}'] });
    const states: string[] = [];
    const src = jetstreamSource({
      url: server.url,
      wantedCollections: ['app.bsky.feed.post', 'app.bsky.feed.repost'],
      backoff: { initialMs: 10, maxMs: 50 },
      rewindUs: 30_000_000,
      onState: (s) => states.push(s),
      random: () => 1,
    });
    let r: Awaited<ReturnType<typeof drain>>;
    try {
      r = await drain(src, stream.frames.length);
    } finally {
      await server.close();
    }
    const { got, bad, dedupe } = r;
    assert.equal(got.length, stream.frames.length);
    assert.deepEqual(
      got.map((e) => e.raw),
      stream.frames,
    );
    assert.ok(dedupe.duplicates > 0, 'the rewind replayed some frames');
    assert.equal(bad.length, 2);
    assert.match(bad[0]!, /invalid JSON/);
    assert.equal(server.requests.length, 2);
    const resumed = new URL(server.requests[1]!, 'ws://h');
    const cut = got[149]!.pos;
    assert.equal(Number(resumed.searchParams.get('cursor')), cut - 30_000_000);
    assert.ok(states.includes('connected') && states.some((s) => s.startsWith('reconnecting')));
    // The like frame was filtered out by wantedCollections on the server side.
    assert.ok(got.every((e) => !e.raw.includes('feed.like')));
  });

  it('starts from the given resume position', async () => {
    const frames = [1, 2, 3, 4].map((i) =>
      JSON.stringify(postFrame({ did: 'did:plc:a', timeUs: i * 1_000_000 })),
    );
    const server = await startReplayServer(frames);
    const abort = new AbortController();
    const src = jetstreamSource({ url: server.url, rewindUs: 0 });
    const pos: number[] = [];
    try {
      for await (const batch of src.items(3_000_000, abort.signal)) {
        for (const i of batch) if (i.bad === undefined) pos.push(i.pos);
        if (pos.includes(4_000_000)) abort.abort();
      }
    } finally {
      await server.close();
    }
    assert.deepEqual(pos, [3_000_000, 4_000_000]);
  });

  it('backfills a fresh start from startUs, and a resume position wins over it', async () => {
    const frames = [1, 2, 3, 4, 5].map((i) =>
      JSON.stringify(postFrame({ did: 'did:plc:a', timeUs: i * 1_000_000 })),
    );
    const server = await startReplayServer(frames);
    const read = async (resume: number | undefined): Promise<number[]> => {
      const abort = new AbortController();
      const src = jetstreamSource({ url: server.url, rewindUs: 0, startUs: 2_000_000 });
      const pos: number[] = [];
      for await (const batch of src.items(resume, abort.signal)) {
        for (const i of batch) if (i.bad === undefined) pos.push(i.pos);
        if (pos.includes(5_000_000)) abort.abort();
      }
      return pos;
    };
    try {
      assert.deepEqual(await read(undefined), [2_000_000, 3_000_000, 4_000_000, 5_000_000]);
      assert.deepEqual(await read(4_000_000), [4_000_000, 5_000_000]);
    } finally {
      await server.close();
    }
    assert.equal(new URL(server.requests[0]!, 'ws://h').searchParams.get('cursor'), '2000000');
    assert.equal(new URL(server.requests[1]!, 'ws://h').searchParams.get('cursor'), '4000000');
  });

  it('speaks v2 at the v2 path: v2 parameter names, kinds, seq cursor without rewind, no compress', () => {
    const base = 'wss://h/xrpc/network.bsky.jetstream.subscribeEvents';
    assert.equal(isJetstreamV2(base), true);
    assert.equal(isJetstreamV2(`${base}/`), true);
    assert.equal(isJetstreamV2('wss://h/subscribe'), false);
    const u = new URL(subscribeUrl({ url: base, wantedDids: ['did:plc:a'] }, 812));
    assert.deepEqual(u.searchParams.getAll('collections'), ['app.bsky.feed.post', 'app.bsky.feed.repost']);
    assert.deepEqual(u.searchParams.getAll('dids'), ['did:plc:a']);
    assert.deepEqual(u.searchParams.getAll('kinds'), ['commit', 'identity', 'account']);
    assert.equal(u.searchParams.get('cursor'), '812');
    assert.equal(u.searchParams.has('compress'), false);
    assert.equal(u.searchParams.has('wantedCollections'), false);
    const own = new URL(
      subscribeUrl({ url: `${base}?collections=app.bsky.feed.like&kinds=commit` }, undefined),
    );
    assert.deepEqual(own.searchParams.getAll('collections'), ['app.bsky.feed.like']);
    assert.deepEqual(own.searchParams.getAll('kinds'), ['commit']);
    assert.equal(own.searchParams.has('cursor'), false);
    assert.match(jetstreamSource({ url: base }).label, /^jetstream-v2 /);
  });

  it('v2: reconnects after a drop and resumes from the last seq, losing and repeating nothing', async () => {
    const v1 = [
      ...stream.frames,
      JSON.stringify(likeFrame({ did: 'did:plc:l', timeUs: 1_800_000_000_000_000 }, 'at://x/y/z')),
    ];
    const frames = toV2Frames(v1);
    const wantedFrames = frames.slice(0, stream.frames.length);
    const server = await startReplayServer(frames, {
      version: 2,
      cutAfter: 150,
      badFrames: ['{oops', JSON.stringify({ $type: 'error', error: 'Oops', message: 'test' })],
    });
    const states: string[] = [];
    const src = jetstreamSource({
      url: server.url,
      backoff: { initialMs: 10, maxMs: 50 },
      onState: (s) => states.push(s),
      random: () => 1,
    });
    let r: Awaited<ReturnType<typeof drain>>;
    try {
      r = await drain(src, wantedFrames.length);
    } finally {
      await server.close();
    }
    const { got, bad, dedupe } = r;
    assert.deepEqual(
      got.map((e) => e.raw),
      wantedFrames,
    );
    assert.deepEqual(
      got.map((e) => e.pos),
      wantedFrames.map((_, i) => i + 1),
    );
    // Inclusive seq replay: exactly the one event at the cursor came twice.
    assert.equal(dedupe.duplicates, 1);
    assert.deepEqual(bad.length, 2);
    assert.match(bad[1]!, /server error Oops: test/);
    assert.equal(server.requests.length, 2);
    const resumed = new URL(server.requests[1]!, 'ws://h');
    assert.equal(Number(resumed.searchParams.get('cursor')), 150);
    assert.deepEqual(resumed.searchParams.getAll('collections'), [
      'app.bsky.feed.post',
      'app.bsky.feed.repost',
    ]);
    assert.ok(states.includes('connected') && states.some((s) => s.startsWith('reconnecting')));
  });

  it('v2: reports an OutdatedCursor advisory without counting it as an event, and filters kinds', async () => {
    const frames = toV2Frames([
      JSON.stringify(postFrame({ did: 'did:plc:a', timeUs: 5_000_000_000_000_000 })),
      JSON.stringify(identityFrame({ did: 'did:plc:a', timeUs: 5_000_000_000_000_001 }, 'a.example')),
      JSON.stringify(postFrame({ did: 'did:plc:a', timeUs: 5_000_000_000_000_002 })),
    ]);
    const server = await startReplayServer(frames, { version: 2 });
    const abort = new AbortController();
    const states: string[] = [];
    const src = jetstreamSource({
      url: `${server.url}?kinds=commit`,
      onState: (s) => states.push(s),
    });
    const pos: number[] = [];
    const bad: string[] = [];
    try {
      // A unix-µs cursor from before the archive: the server clamps it and says so first.
      for await (const batch of src.items(1_000_000_000_000_000, abort.signal)) {
        for (const i of batch)
          if (i.bad === undefined) pos.push(i.pos);
          else bad.push(i.bad);
        if (pos.includes(3)) abort.abort();
      }
    } finally {
      await server.close();
    }
    assert.deepEqual(pos, [1, 3]);
    assert.deepEqual(bad, []);
    assert.ok(
      states.some((s) => /^info OutdatedCursor/.test(s)),
      states.join(' | '),
    );
  });
});
