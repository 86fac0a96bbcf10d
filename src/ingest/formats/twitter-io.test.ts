import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { collect, fixture, tempFile } from '../test-helpers.js';

const A = 'a3f1c9e07b52d8e4f6a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e3';
const B = '5ae1b0c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0';

describe('twitter-io reader', () => {
  it('maps an original tweet with list cells, profile and canonical URLs', async () => {
    const { posts } = await collect(fixture('twitter-io.csv'), { format: 'twitter-io' });
    const p = posts[0]!;
    assert.equal(p.id, '1050118621198921728');
    assert.equal(p.account, A);
    assert.equal(p.time, Date.UTC(2018, 9, 10, 20, 19) / 1000);
    assert.equal(p.isRepost, false);
    assert.deepEqual(p.hashtags, ['election', 'vote']);
    assert.deepEqual(p.urls, ['https://example.com/News?id=7']);
    assert.deepEqual(p.domains, ['example.com']);
    assert.deepEqual(p.mentions, []);
    assert.equal(p.profile?.displayName, 'Daily News, "Live"');
    assert.equal(p.profile.followers, 1204);
    assert.equal(p.profile.createdAt, Date.UTC(2014, 2, 18) / 1000);
    assert.equal(p.client, 'Twitter Web Client');
    assert.equal(p.lang, 'en');
    assert.deepEqual(p.source, { file: fixture('twitter-io.csv'), line: 2 });
  });

  it('maps retweets by id, or by the RT prefix when the ids are empty', async () => {
    const { posts } = await collect(fixture('twitter-io.csv'));
    const rt = posts[1]!;
    assert.equal(rt.isRepost, true);
    assert.equal(rt.repostOf, '1050118621198921728');
    assert.equal(rt.repostOfAccount, A);
    assert.deepEqual(rt.urls, posts[0]!.urls, 'same canonical URL with and without utm/fragment');
    assert.deepEqual(rt.mentions, [A]);
    const prefixOnly = posts[2]!;
    assert.equal(prefixOnly.isRepost, true);
    assert.equal(prefixOnly.repostOf, undefined);
    assert.equal(prefixOnly.repostOfAccount, 'dailynews_ru');
  });

  it('maps replies and quotes, with multi-line quoted text', async () => {
    const { posts } = await collect(fixture('twitter-io.csv'));
    const r = posts[3]!;
    assert.equal(r.account, B);
    assert.equal(r.replyTo, '1050118621198921728');
    assert.equal(r.replyToAccount, A);
    assert.equal(r.quoteOf, '1049999999999999999');
    assert.equal(r.text, '@dailynews_ru totally agree,\nwe need "real" news\r\nnow');
    assert.deepEqual(r.hashtags, []);
    assert.equal(r.source.line, 5, 'the line the record starts on; it spans lines 5-7');
  });

  it('counts bad rows with line and reason: bad time, missing user, short row', async () => {
    const { posts, stats } = await collect(fixture('twitter-io.csv'));
    assert.equal(posts.length, 4);
    const s = stats.toSummary();
    assert.equal(s.files[0]!.rows, 7);
    assert.equal(s.skipped, 3);
    assert.equal(s.accounts, 3);
    assert.deepEqual(
      s.skippedExamples.map((e) => [e.line, e.reason]),
      [
        [8, 'unparseable tweet_time "10/10/2018 20:30"'],
        [9, 'missing userid'],
        [10, 'expected 31 fields, got 4'],
      ],
    );
  });

  it('shares one profile per account while its profile cells are unchanged, and rebuilds when they change', async () => {
    const header = readFileSync(fixture('twitter-io.csv'), 'utf8').split('\n')[0]!;
    const cols = header.split(',');
    const row = (id: string, user: string, followers: string): string =>
      cols
        .map((c) =>
          c === 'tweetid'
            ? id
            : c === 'userid'
              ? user
              : c === 'follower_count'
                ? followers
                : c === 'tweet_time'
                  ? '2020-01-01 00:00'
                  : '',
        )
        .join(',');
    const path = tempFile(
      'profiles.csv',
      [
        header,
        row('1', 'u1', '10'),
        row('2', 'u2', '5'),
        row('3', 'u1', '10'),
        row('4', 'u1', '11'),
        row('5', 'u1', '10'),
      ].join('\n') + '\n',
    );
    const { posts } = await collect(path, { format: 'twitter-io' });
    assert.deepEqual(
      posts.map((p) => [p.account, p.profile?.followers]),
      [
        ['u1', 10],
        ['u2', 5],
        ['u1', 10],
        ['u1', 11],
        ['u1', 10],
      ],
    );
    assert.equal(posts[0]!.profile, posts[2]!.profile, 'same bytes, same object');
    assert.notEqual(posts[2]!.profile, posts[3]!.profile);
  });
});
