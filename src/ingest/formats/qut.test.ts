import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collect, fixture } from '../test-helpers.js';

describe('qut reader', () => {
  it('maps the coordination-network-toolkit columns', async () => {
    const { posts, stats } = await collect(fixture('qut.csv'));
    assert.equal(stats.toSummary().files[0]!.format, 'qut');
    assert.equal(posts.length, 3);
    const [a, b, c] = posts;
    assert.equal(a!.account, '101');
    assert.equal(a!.time, 1600000000);
    assert.equal(a!.profile?.screenName, 'alice');
    assert.deepEqual(a!.urls, ['https://a.example.org/x', 'http://b.example.co.uk/y']);
    assert.deepEqual(a!.domains, ['example.org', 'example.co.uk']);
    assert.deepEqual(a!.hashtags, ['news']);
    assert.deepEqual(a!.mentions, ['bob']);
    assert.equal(b!.isRepost, true);
    assert.equal(b!.repostOf, '1');
    assert.equal(b!.time, 1600000030.5);
    assert.deepEqual(b!.urls, [], 'empty urls cell means none, even if the text has a link');
    assert.equal(c!.replyTo, '1');
    assert.equal(c!.isRepost, false);
    assert.deepEqual(
      stats.toSummary().skippedExamples.map((e) => e.reason),
      ['unparseable timestamp "yesterday"'],
    );
  });
});
