import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collect, fixture } from '../test-helpers.js';
import { CsvTokenizer } from '../csv-tokenizer.js';
import { qut } from './qut.js';

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

describe('qut reader, cases (qut-cases.csv)', () => {
  it('reads NA cells, escaped ids, non-integer and padded timestamps, and skips what the Post reader skipped', async () => {
    const { posts, stats } = await collect(fixture('qut-cases.csv'));
    assert.deepEqual(
      posts.map((p) => [
        p.id,
        p.account,
        p.time,
        p.isRepost,
        p.repostOf ?? null,
        p.profile?.screenName ?? null,
      ]),
      [
        ['10', '201', 1600000000, false, null, 'ann'],
        ['11', '202', 1600000001, true, '10', 'bo'],
        ['12', '203', 1600000002, true, '10', null],
        ['13', '201', 1600000003, false, null, 'ann2'],
        ['1"4', '202', 1600000004, false, null, 'bo'],
        ['16', '204', 1600000000, false, null, 'dee'],
        ['17', '201', 1600000007, false, null, 'ann2'],
        ['18', '205', -5, false, null, 'eve'],
        ['19', '203', 1600000009, true, '10', null],
      ],
    );
    assert.equal(posts[4]!.text, undefined, 'NA is no text');
    assert.equal(posts[6]!.text, 'a "quoted" text #Tag');
    assert.deepEqual(posts[0]!.urls, [], 'an empty urls cell means none');
    assert.deepEqual(posts[2]!.domains, ['example.org']);
    assert.deepEqual(
      [posts[3]!.hashtags, posts[3]!.mentions, posts[3]!.replyTo],
      [['tag'], ['bo', 'carol'], '11'],
    );
    assert.deepEqual(
      stats.toSummary().skippedExamples.map((e) => [e.line, e.reason]),
      [
        [7, 'missing user_id'],
        [12, 'expected 8 fields, got 7'],
        [13, 'missing timestamp'],
      ],
    );
  });

  it("is read in place, its account memo the loaded row's: a number left on an account is found on its later rows only", () => {
    const view = qut.view!(['message_id', 'user_id', 'username', 'repost_id', 'message', 'timestamp'], {
      file: 'q.csv',
      options: {},
    });
    const seen: [unknown, number][] = [];
    const tok = new CsvTokenizer({ file: 'q.csv' });
    tok.push(Buffer.from('1,7,ann,,hi,10\n2,8,bo,1,hi,11\n3,7,ann,,yo,12\n'), (r) => {
      const v = view(r);
      const memo = v.accountMemo!;
      seen.push([memo.owner, memo.n]);
      if (v.account === '7' && memo.owner === undefined) {
        memo.owner = 'encoder';
        memo.n = 3;
      }
      assert.equal(v.hasText, true);
    });
    assert.deepEqual(seen, [
      [undefined, -1],
      [undefined, -1],
      ['encoder', 3],
    ]);
  });
});
