import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJetstream, decodeJetstreamFrame, didOfUri } from './decode.js';
import {
  accountFrame,
  deleteFrame,
  identityFrame,
  likeFrame,
  postFrame,
  repostFrame,
} from '../test-helpers/jetstream-events.js';

const did = 'did:plc:alice';
const t = 1_725_911_162_329_308;
const decoded = (frame: object) => {
  const d = decodeJetstream(frame);
  assert.ok(d.ok, d.ok ? '' : d.reason);
  return d.event;
};

describe('decodeJetstream', () => {
  it('maps a post with facets, reply and quote to a Post on Jetstream time', () => {
    const e = decoded(
      postFrame(
        { did, timeUs: t, rkey: 'k1' },
        {
          text: 'Read this #Vote',
          links: ['https://Example.com/a?utm_source=x'],
          tags: ['Vote'],
          mentions: ['did:plc:bob'],
          replyTo: 'at://did:plc:carol/app.bsky.feed.post/p1',
          quote: 'at://did:plc:dave/app.bsky.feed.post/q1',
          langs: ['de'],
        },
      ),
    );
    assert.ok(e.kind === 'post');
    const p = e.post;
    assert.equal(p.id, `at://${did}/app.bsky.feed.post/k1`);
    assert.equal(p.account, did);
    assert.equal(p.time, t / 1e6);
    assert.equal(p.isRepost, false);
    assert.deepEqual(p.urls, ['https://example.com/a']);
    assert.deepEqual(p.domains, ['example.com']);
    assert.deepEqual(p.hashtags, ['vote']);
    assert.deepEqual(p.mentions, ['did:plc:bob']);
    assert.equal(p.replyTo, 'at://did:plc:carol/app.bsky.feed.post/p1');
    assert.equal(p.replyToAccount, 'did:plc:carol');
    assert.equal(p.quoteOf, 'at://did:plc:dave/app.bsky.feed.post/q1');
    assert.equal(p.lang, 'de');
  });

  it('reads external-link and image embeds', () => {
    const ext = decoded(postFrame({ did, timeUs: t }, { external: 'https://news.example.org/x' }));
    assert.ok(ext.kind === 'post');
    assert.deepEqual(ext.post.domains, ['example.org']);
    const img = decoded(postFrame({ did, timeUs: t }, { images: ['bafkimg1'] }));
    assert.ok(img.kind === 'post');
    assert.deepEqual(img.post.images, ['cid:bafkimg1']);
  });

  it('maps reposts to co-retweet objects and keeps likes, deletes, identity and account apart', () => {
    const subject = 'at://did:plc:src/app.bsky.feed.post/s1';
    const r = decoded(repostFrame({ did, timeUs: t }, subject));
    assert.ok(r.kind === 'post');
    assert.equal(r.post.isRepost, true);
    assert.equal(r.post.repostOf, subject);
    assert.equal(r.post.repostOfAccount, 'did:plc:src');
    const l = decoded(likeFrame({ did, timeUs: t }, subject));
    assert.deepEqual([l.kind, l.kind === 'like' && l.subject], ['like', subject]);
    const d = decoded(deleteFrame({ did, timeUs: t, rkey: 'gone' }));
    assert.deepEqual(
      [d.kind, d.kind === 'delete' && d.uri],
      ['delete', `at://${did}/app.bsky.feed.post/gone`],
    );
    const i = decoded(identityFrame({ did, timeUs: t }, 'alice.example'));
    assert.deepEqual([i.kind, i.kind === 'identity' && i.handle], ['identity', 'alice.example']);
    const a = decoded(accountFrame({ did, timeUs: t }, false, 'takendown'));
    assert.ok(a.kind === 'account');
    assert.equal(a.active, false);
    assert.equal(a.status, 'takendown');
  });

  it('gives the same key to a replayed frame and different keys to different commits', () => {
    const f = postFrame({ did, timeUs: t, rkey: 'k', rev: 'r1' }, { text: 'x' });
    assert.equal(decoded(f).key, decoded(JSON.parse(JSON.stringify(f)) as object).key);
    assert.notEqual(decoded(f).key, decoded(postFrame({ did, timeUs: t, rkey: 'k', rev: 'r2' })).key);
  });

  it('names what is wrong with a bad frame instead of throwing', () => {
    const cases: [string, RegExp][] = [
      ['not json', /invalid JSON/],
      ['[1,2]', /not a JSON object/],
      ['{"did":"x","time_us":1,"kind":"commit"}', /invalid did/],
      [`{"did":"${did}","time_us":"soon","kind":"commit"}`, /time_us/],
      [`{"did":"${did}","time_us":5,"kind":"mystery"}`, /unknown kind "mystery"/],
      [`{"did":"${did}","time_us":5,"kind":"commit","commit":{"operation":"create"}}`, /rkey/],
      [
        `{"did":"${did}","time_us":5,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.repost","rkey":"a","record":{}}}`,
        /subject\.uri/,
      ],
    ];
    for (const [frame, reason] of cases) {
      const d = decodeJetstreamFrame(frame);
      assert.ok(!d.ok, frame);
      assert.match(d.reason, reason);
    }
  });

  it('reads the DID of an at:// URI', () => {
    assert.equal(didOfUri('at://did:plc:x/app.bsky.feed.post/1'), 'did:plc:x');
    assert.equal(didOfUri('https://x'), undefined);
  });
});
