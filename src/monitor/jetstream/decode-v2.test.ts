import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  accountFrame,
  deleteFrame,
  identityFrame,
  isoMicros,
  likeFrame,
  postFrame,
  repostFrame,
  toV2Frames,
} from '../test-helpers/jetstream-events.js';
import { decodeJetstreamFrame } from './decode.js';
import { decodeJetstreamV2Frame, unixMicros } from './decode-v2.js';

const T = 1_733_000_000_123_456;
const base = { did: 'did:plc:alice', timeUs: T, rkey: '3labc', rev: 'r1' };
const v1Frames = [
  postFrame(base, { text: 'hello #Vote', tags: ['Vote'], links: ['https://ex.org/a?utm_source=x'] }),
  repostFrame({ ...base, rkey: '3lrep' }, 'at://did:plc:bob/app.bsky.feed.post/3lp'),
  likeFrame({ ...base, rkey: '3llik' }, 'at://did:plc:bob/app.bsky.feed.post/3lp'),
  deleteFrame({ ...base, rkey: '3ldel' }),
  identityFrame(base, 'alice.example'),
  accountFrame(base, false, 'takendown'),
].map((f) => JSON.stringify(f));

describe('jetstream v2 decode', () => {
  it('parses RFC 3339 times to the microsecond', () => {
    assert.equal(unixMicros('2024-11-30T20:53:20.123456Z'), 1_733_000_000_123_456);
    assert.equal(unixMicros('2024-11-30T21:53:20.123456+01:00'), 1_733_000_000_123_456);
    assert.equal(unixMicros('2024-11-30T20:53:20Z'), 1_733_000_000_000_000);
    assert.equal(unixMicros('2024-11-30T20:53:20.5Z'), 1_733_000_000_500_000);
    assert.ok(Number.isNaN(unixMicros('2024-11-30 20:53:20Z')));
    assert.ok(Number.isNaN(unixMicros('2024-13-40T20:53:20Z')));
    assert.equal(isoMicros(T), '2024-11-30T20:53:20.123456Z');
  });

  it('gives every event the meaning v1 gives it, with seq as the position', () => {
    const v2 = toV2Frames(v1Frames, 41);
    for (let i = 0; i < v1Frames.length; i++) {
      const a = decodeJetstreamFrame(v1Frames[i]!);
      const b = decodeJetstreamV2Frame(v2[i]!);
      assert.ok(a.ok && b.ok === true, `frame ${i}`);
      assert.equal(b.seq, 41 + i);
      assert.deepEqual(b.event, a.event, `frame ${i}`);
    }
  });

  it('prefers witnessedAt (never rewritten) to time', () => {
    const [f] = toV2Frames([v1Frames[0]!]);
    const v = JSON.parse(f!) as { payload: Record<string, unknown> };
    v.payload.witnessedAt = isoMicros(T + 5);
    const d = decodeJetstreamV2Frame(JSON.stringify(v));
    assert.ok(d.ok === true && d.event.timeUs === T + 5);
  });

  it('reads sync and unknown payload kinds as events that only move the cursor', () => {
    const sync = JSON.stringify({
      $type: 'message',
      payload: {
        $type: 'network.bsky.jetstream.subscribeEvents#sync',
        seq: 9,
        did: 'did:plc:a',
        time: isoMicros(T),
        sync: { did: 'did:plc:a', rev: 'r' },
      },
    });
    const d = decodeJetstreamV2Frame(sync);
    assert.ok(d.ok === true && d.seq === 9 && d.event.kind === 'other');
  });

  it('turns advisories into info, not events', () => {
    const info = JSON.stringify({
      $type: 'message',
      payload: {
        $type: 'network.bsky.jetstream.subscribeEvents#info',
        name: 'OutdatedCursor',
        message: 'resumed from seq 12',
      },
    });
    assert.deepEqual(decodeJetstreamV2Frame(info), {
      ok: 'info',
      name: 'OutdatedCursor',
      message: 'resumed from seq 12',
    });
  });

  it('rejects bad frames with the reason, never throwing', () => {
    const good = JSON.parse(toV2Frames([v1Frames[0]!])[0]!) as { payload: Record<string, unknown> };
    const withPayload = (p: Record<string, unknown>): string =>
      JSON.stringify({ $type: 'message', payload: { ...good.payload, ...p } });
    const cases: [string, RegExp][] = [
      ['{nope', /invalid JSON/],
      ['[1]', /not a JSON object/],
      [v1Frames[0]!, /not an xrpc.v1.json message/],
      ['{"$type":"message"}', /without a payload object/],
      [
        JSON.stringify({ $type: 'error', error: 'ConsumerTooSlow', message: 'bye' }),
        /server error ConsumerTooSlow: bye/,
      ],
      [withPayload({ $type: 'app.bsky.feed.post' }), /is not network\.bsky\.jetstream\.subscribeEvents#/],
      [withPayload({ seq: 0 }), /invalid seq/],
      [withPayload({ seq: 1.5 }), /invalid seq/],
      [withPayload({ seq: '7' }), /invalid seq/],
      [withPayload({ did: 'alice' }), /invalid did/],
      [withPayload({ time: 'yesterday' }), /invalid time/],
      [withPayload({ time: undefined }), /invalid time/],
      [withPayload({ rkey: undefined }), /without operation, collection or rkey/],
      [withPayload({ record: 'x' }), /without a record object/],
    ];
    for (const [frame, reason] of cases) {
      const d = decodeJetstreamV2Frame(frame);
      assert.ok(d.ok === false, frame);
      assert.match(d.reason, reason, frame);
    }
  });
});
