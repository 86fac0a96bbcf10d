import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collect, fixture } from '../test-helpers.js';

describe('twitter-v2 reader', () => {
  it('reads a response page: tweets with profiles from includes.users', async () => {
    const { posts, stats } = await collect(fixture('twitter-v2.jsonl'));
    assert.equal(stats.toSummary().files[0]!.format, 'twitter-v2');
    const p = posts[0]!;
    assert.equal(p.id, '1350000000000000001');
    assert.equal(p.account, '2244994945');
    assert.equal(p.time, Date.UTC(2021, 0, 17, 10) / 1000);
    assert.deepEqual(p.hashtags, ['navalny']);
    assert.deepEqual(p.mentions, ['kremlin']);
    assert.deepEqual(p.urls, ['https://www.bbc.co.uk/news/world-europe-1?at_medium=RSS']);
    assert.deepEqual(p.domains, ['bbc.co.uk']);
    assert.equal(p.profile?.screenName, 'nava_fan');
    assert.equal(p.profile.followers, 10);
    assert.equal(p.profile.defaultProfileImage, true);
    assert.equal(p.client, 'Twitter Web App');
  });

  it('resolves a retweet through includes.tweets: target, author and full entities', async () => {
    const { posts } = await collect(fixture('twitter-v2.jsonl'));
    const rt = posts[1]!;
    assert.equal(rt.isRepost, true);
    assert.equal(rt.repostOf, '1350000000000000001');
    assert.equal(rt.repostOfAccount, '2244994945');
    assert.deepEqual(rt.hashtags, ['navalny']);
    assert.deepEqual(rt.urls, posts[0]!.urls);
    assert.equal(rt.profile?.verified, true);
  });

  it('maps reply and quote references and offsets', async () => {
    const { posts } = await collect(fixture('twitter-v2.jsonl'));
    const r = posts[2]!;
    assert.equal(r.replyTo, '1350000000000000001');
    assert.equal(r.replyToAccount, '2244994945');
    assert.equal(r.quoteOf, '1340000000000000000');
    assert.equal(r.isRepost, false);
    assert.equal(r.time, Date.UTC(2021, 0, 17, 7, 3) / 1000);
  });

  it('reads a flattened single-tweet line with an embedded author', async () => {
    const { posts } = await collect(fixture('twitter-v2.jsonl'));
    const f = posts[3]!;
    assert.equal(f.account, '999');
    assert.equal(f.repostOf, '1350000000000000008');
    assert.equal(f.repostOfAccount, '555');
    assert.deepEqual(f.hashtags, ['world']);
    assert.equal(f.profile?.screenName, 'flat_user');
  });

  it('counts a truncated JSON line and a tweet without author; an empty page is no error', async () => {
    const { posts, stats } = await collect(fixture('twitter-v2.jsonl'));
    assert.equal(posts.length, 4);
    const s = stats.toSummary();
    assert.equal(s.files[0]!.rows, 5);
    assert.equal(s.skipped, 2);
    assert.match(s.skippedExamples[0]!.reason, /^invalid JSON/);
    assert.equal(s.skippedExamples[0]!.line, 3);
    assert.deepEqual(s.skippedExamples[1], {
      file: fixture('twitter-v2.jsonl'),
      line: 5,
      reason: 'tweet has no author_id',
    });
    assert.equal(s.accounts, 3);
  });
});
