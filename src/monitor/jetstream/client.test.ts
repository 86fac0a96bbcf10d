import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Dedupe } from '../dedupe.js';
import type { SourceEvent } from '../source.js';
import { plantedStream, postFrame, likeFrame } from '../test-helpers/jetstream-events.js';
import { startReplayServer } from '../test-helpers/replay-server.js';
import { jetstreamSource, subscribeUrl } from './client.js';

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
    const abort = new AbortController();
    const states: string[] = [];
    const src = jetstreamSource({
      url: server.url,
      wantedCollections: ['app.bsky.feed.post', 'app.bsky.feed.repost'],
      backoff: { initialMs: 10, maxMs: 50 },
      rewindUs: 30_000_000,
      onState: (s) => states.push(s),
      random: () => 1,
    });
    const dedupe = new Dedupe();
    const got: SourceEvent[] = [];
    const bad: string[] = [];
    try {
      for await (const batch of src.items(undefined, abort.signal)) {
        for (const item of batch) {
          if (item.bad !== undefined) bad.push(item.bad);
          else if (dedupe.accept(item.pos, item.key)) got.push(item);
        }
        if (got.length >= stream.frames.length) abort.abort();
      }
    } finally {
      await server.close();
    }
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
});
