import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLockstepError } from '../../core/errors.js';
import { parseMapping } from '../mapping.js';
import { collect, fixture } from '../test-helpers.js';

describe('generic csv reader', () => {
  it('follows the mapping and derives what it leaves out', async () => {
    const mapping = parseMapping('account=uid,time=when,text=body,repostOf=shared,hashtags=tags,delimiter=;');
    const { posts, stats } = await collect(fixture('generic.csv'), { format: 'csv', mapping });
    assert.equal(posts.length, 2);
    const [a, b] = posts;
    assert.equal(a!.account, 'u1');
    assert.equal(a!.time, Date.UTC(2021, 4, 1, 12) / 1000);
    assert.deepEqual(a!.hashtags, ['a', 'b'], 'mapped column wins over the text');
    assert.deepEqual(a!.urls, ['https://x.example.com/a']);
    assert.equal(b!.time, 1619870400);
    assert.equal(b!.isRepost, true);
    assert.equal(b!.repostOf, 'p1');
    assert.equal(b!.repostOfAccount, 'u1');
    assert.deepEqual(
      stats.toSummary().skippedExamples.map((e) => [e.line, e.reason]),
      [[4, 'unparseable when "not-a-time"']],
    );
  });

  it('is chosen by auto when a mapping is given and the header is unknown', async () => {
    const mapping = parseMapping('account=uid,time=when,delimiter=;');
    const { stats } = await collect(fixture('generic.csv'), { mapping });
    assert.equal(stats.toSummary().files[0]!.format, 'csv');
  });

  it('fails the file when the mapping names a missing column', async () => {
    const mapping = parseMapping('account=uid,time=created_at,delimiter=;');
    await assert.rejects(collect(fixture('generic.csv'), { format: 'csv', mapping }), (e) => {
      assert.ok(isLockstepError(e));
      assert.equal(e.code, 'ERR_INGEST_FORMAT');
      assert.match(
        e.message,
        /generic\.csv:1: mapping time=created_at names a column the header does not have/,
      );
      return true;
    });
  });

  it('needs account and time in the mapping', async () => {
    await assert.rejects(collect(fixture('generic.csv'), { format: 'csv' }), { code: 'ERR_USAGE' });
  });
});

describe('generic ndjson reader', () => {
  it('follows dotted paths, arrays included', async () => {
    const mapping = parseMapping(
      'account=user.id,time=ts,text=body,hashtags=tags,repostOf=ref.id,screenName=user.name',
    );
    const { posts, stats } = await collect(fixture('generic.ndjson'), { format: 'ndjson', mapping });
    assert.equal(posts.length, 2);
    assert.equal(posts[0]!.account, 'u1');
    assert.equal(posts[0]!.time, 1619870400);
    assert.deepEqual(posts[0]!.hashtags, ['a', 'b']);
    assert.deepEqual(posts[0]!.urls, ['https://example.org/p']);
    assert.equal(posts[0]!.repostOf, 'p0');
    assert.equal(posts[0]!.profile?.screenName, 'U One');
    assert.deepEqual(posts[1]!.hashtags, [], 'an empty mapped array means none');
    assert.deepEqual(
      stats.toSummary().skippedExamples.map((e) => [e.line, e.reason]),
      [[3, 'missing user.id']],
    );
  });
});
