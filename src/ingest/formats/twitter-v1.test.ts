import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collect, fixture } from '../test-helpers.js';

describe('twitter-v1 reader', () => {
  it('maps an extended tweet with its full text, entities and profile', async () => {
    const { posts, stats } = await collect(fixture('twitter-v1.jsonl'));
    assert.equal(stats.toSummary().files[0]!.format, 'twitter-v1');
    const p = posts[0]!;
    assert.equal(p.id, '1050118621198921728');
    assert.equal(p.account, '12');
    assert.equal(p.time, Date.UTC(2018, 9, 10, 20, 19, 24) / 1000);
    assert.match(p.text!, /Open Source library\. #Emoji/);
    assert.deepEqual(p.hashtags, ['emoji']);
    assert.deepEqual(p.urls, [
      'https://twittercommunity.com/t/new-update-to-the-twitter-text-library-emoji-character-count/114607',
    ]);
    assert.deepEqual(p.domains, ['twittercommunity.com']);
    assert.equal(p.client, 'Twitter Web Client');
    assert.equal(p.profile?.screenName, 'jack');
    assert.equal(p.profile.following, 50);
    assert.equal(p.profile.createdAt, Date.UTC(2006, 2, 21, 20, 50, 14) / 1000);
    assert.equal(p.profile.verified, true);
  });

  it('maps a retweet to its target and reads entities from the retweeted status', async () => {
    const { posts } = await collect(fixture('twitter-v1.jsonl'));
    const rt = posts[1]!;
    assert.equal(rt.isRepost, true);
    assert.equal(rt.repostOf, '1050118621198921728');
    assert.equal(rt.repostOfAccount, '12');
    assert.deepEqual(rt.hashtags, ['emoji'], 'from the full retweeted text, not the truncated RT');
    assert.equal(rt.profile?.defaultProfileImage, true);
    assert.equal(rt.client, 'BotApp');
  });

  it('maps replies, quotes and time zone offsets', async () => {
    const { posts } = await collect(fixture('twitter-v1.jsonl'));
    const r = posts[2]!;
    assert.equal(r.replyTo, '1050118621198921728');
    assert.equal(r.replyToAccount, '12');
    assert.equal(r.quoteOf, '1040000000000000000');
    assert.equal(r.time, Date.UTC(2018, 9, 11, 2, 0, 0) / 1000);
    assert.deepEqual(r.hashtags, ['emoji']);
  });

  it('counts a stream notice, an invalid JSON line and a bad time as skipped rows, skipping blank lines', async () => {
    const { posts, stats } = await collect(fixture('twitter-v1.jsonl'));
    assert.equal(posts.length, 3);
    const s = stats.toSummary();
    assert.equal(s.files[0]!.rows, 6);
    const reasons = s.skippedExamples.map((e) => `${e.line}: ${e.reason}`);
    assert.equal(reasons.length, 3);
    assert.equal(reasons[0], '4: stream notice, not a tweet');
    assert.match(reasons[1]!, /^5: invalid JSON: /);
    assert.equal(reasons[2], '7: unparseable created_at "yesterday"');
  });
});
