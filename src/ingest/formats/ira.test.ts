import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collect, fixture } from '../test-helpers.js';

describe('ira reader', () => {
  it('maps the FiveThirtyEight columns, deriving entities from the text', async () => {
    const { posts, stats } = await collect(fixture('ira.csv'));
    assert.equal(stats.toSummary().files[0]!.format, 'ira');
    const p = posts[0]!;
    assert.equal(p.account, '906000000000000000');
    assert.equal(p.id, '914580356430536707');
    assert.equal(p.time, Date.UTC(2017, 9, 1, 19, 58) / 1000);
    assert.deepEqual(p.hashtags, ['maga']);
    assert.deepEqual(p.mentions, ['realdonaldtrump']);
    assert.deepEqual(
      p.urls,
      ['https://www.breitbart.com/politics/2017/10/01/x/'],
      'tco1_step1 preferred over the t.co link',
    );
    assert.deepEqual(p.domains, ['breitbart.com']);
    assert.equal(p.profile?.screenName, '10_GOP');
    assert.equal(p.profile.category, 'RightTroll');
    assert.equal(p.profile.followers, 9636);
    assert.equal(p.lang, 'English');
  });

  it('marks retweets as reposts of unknown target, taking the author from RT @ when present', async () => {
    const { posts } = await collect(fixture('ira.csv'));
    assert.equal(posts[1]!.isRepost, true);
    assert.equal(posts[1]!.repostOf, undefined);
    assert.equal(posts[1]!.repostOfAccount, undefined);
    assert.equal(posts[2]!.isRepost, true);
    assert.equal(posts[2]!.repostOf, undefined);
    assert.equal(posts[2]!.repostOfAccount, 'ten_gop');
    assert.equal(posts[2]!.time, Date.UTC(2017, 0, 2, 9, 5) / 1000);
  });

  it('skips a row with an unparseable publish_date, naming it', async () => {
    const { posts, stats } = await collect(fixture('ira.csv'));
    assert.equal(posts.length, 3);
    assert.deepEqual(stats.toSummary().skippedExamples, [
      { file: fixture('ira.csv'), line: 5, reason: 'unparseable publish_date "2017-13-45"' },
    ]);
  });

  it('reads the per-author variant (fewer columns, CRLF, BOM), keyed on the author name', async () => {
    const { posts, stats } = await collect(fixture('ira-author.csv'));
    assert.equal(stats.toSummary().files[0]!.format, 'ira');
    assert.equal(posts.length, 2);
    assert.equal(posts[0]!.account, 'ameliebaldwin');
    assert.equal(posts[0]!.id, undefined);
    assert.deepEqual(posts[0]!.urls, ['http://bit.ly/2abc']);
    assert.deepEqual(posts[0]!.mentions, ['foxnews']);
    assert.equal(posts[1]!.repostOfAccount, 'foxnews');
    assert.equal(posts[1]!.source.line, 3);
  });
});
