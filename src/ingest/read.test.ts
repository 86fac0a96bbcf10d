import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { isLockstepError } from '../core/errors.js';
import type { Post } from '../core/post.js';
import { IngestStats, readAllPosts, readAllPostsInPlace, readPostBatches, sniffFormat } from './index.js';
import { join } from 'node:path';
import { openInput } from './source.js';
import { collect, fixture, tempFile } from './test-helpers.js';
import { coortweetDir } from '../test-helpers/shared-dir.js';

async function rejectsWith(
  p: Promise<unknown>,
  code: string,
  message: RegExp,
): Promise<Record<string, unknown>> {
  let details: Record<string, unknown> = {};
  await assert.rejects(p, (e) => {
    assert.ok(isLockstepError(e), String(e));
    assert.equal(e.code, code);
    assert.match(e.message, message);
    details = { ...e.details };
    return true;
  });
  return details;
}

describe('sniffFormat', () => {
  it('recognises every bundled format from its content', async () => {
    const expected: [string, string][] = [
      ['twitter-io.csv', 'twitter-io'],
      ['ira.csv', 'ira'],
      ['ira-author.csv', 'ira'],
      ['qut.csv', 'qut'],
      ['twitter-v1.jsonl', 'twitter-v1'],
      ['twitter-v2.jsonl', 'twitter-v2'],
    ];
    for (const [file, format] of expected) assert.equal(await sniffFormat(fixture(file)), format, file);
    assert.equal(await sniffFormat(join(coortweetDir(), 'german_elections.csv')), 'coortweet');
    assert.equal(await sniffFormat(join(coortweetDir(), 'russian_coord_tweets.csv')), 'coortweet');
  });

  it('looks at bytes, not names: a gzip file called .csv holding JSON lines', async () => {
    const path = tempFile('misnamed.csv', gzipSync(readFileSync(fixture('twitter-v1.jsonl'))));
    assert.equal(await sniffFormat(path), 'twitter-v1');
  });

  it('refuses an unknown header, an empty file, a JSON array and unknown JSON', async () => {
    await rejectsWith(
      sniffFormat(tempFile('u.csv', 'a,b,c\n1,2,3\n')),
      'ERR_INGEST_UNKNOWN_FORMAT',
      /unknown CSV header "a,b,c"/,
    );
    await rejectsWith(sniffFormat(tempFile('e.csv', '')), 'ERR_INGEST_UNKNOWN_FORMAT', /empty/);
    await rejectsWith(
      sniffFormat(tempFile('a.json', '[{"a":1}]')),
      'ERR_INGEST_UNKNOWN_FORMAT',
      /JSON array/,
    );
    await rejectsWith(
      sniffFormat(tempFile('o.jsonl', '{"a":1}\n')),
      'ERR_INGEST_UNKNOWN_FORMAT',
      /unknown shape/,
    );
  });
});

describe('readPosts', () => {
  it('reads gzip transparently with the same result as the plain file', async () => {
    for (const name of ['twitter-io.csv', 'twitter-v2.jsonl']) {
      const plain = await collect(fixture(name));
      const gz = await collect(tempFile(`${name}.data`, gzipSync(readFileSync(fixture(name)))));
      assert.equal(gz.posts.length, plain.posts.length);
      assert.deepEqual(
        gz.posts.map((p) => ({ ...p, source: p.source.line })),
        plain.posts.map((p) => ({ ...p, source: p.source.line })),
      );
      assert.deepEqual(
        gz.stats.toSummary().skippedExamples.map((e) => e.line),
        plain.stats.toSummary().skippedExamples.map((e) => e.line),
      );
    }
  });

  it('lets gunzip run 8 MiB ahead of the reader, so the reader does not wait for each input chunk', async () => {
    const path = tempFile('ahead.csv.gz', gzipSync(readFileSync(fixture('qut.csv'))));
    const stream = await openInput(path);
    try {
      assert.equal(stream.readableHighWaterMark, 8 << 20);
    } finally {
      stream.destroy();
    }
  });

  it('reads a gzip file of several MiB whole: records cut at the 1 MiB inflate boundaries, and a cut file fails', async () => {
    // The fixture's rows again and again past 3 MiB, so that gunzip's 1 MiB output chunks (source.ts)
    // end inside records (some of them quoted, with escaped quotes and line breaks) several times.
    const text = readFileSync(fixture('twitter-io.csv'), 'utf8');
    const header = text.slice(0, text.indexOf('\n') + 1);
    const body = text.slice(header.length);
    const copies = Math.ceil((3.5 * 2 ** 20) / body.length);
    const gz = gzipSync(header + body.repeat(copies));
    const one = await collect(fixture('twitter-io.csv'));
    const many = await collect(tempFile('many.csv.gz', gz));
    assert.ok(one.posts.length > 0);
    assert.equal(many.posts.length, one.posts.length * copies);
    assert.equal(many.stats.skipped, one.stats.skipped * copies);
    // Only where each post was read differs between the copies.
    const strip = (p: Post): Post => ({ ...p, source: { file: '', line: 0 } });
    for (let i = 0; i < many.posts.length; i++)
      assert.deepEqual(strip(many.posts[i]!), strip(one.posts[i % one.posts.length]!), `post ${i}`);
    const cut = tempFile('cut.csv.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    await rejectsWith(collect(cut), 'ERR_IO', /cut\.csv\.gz/);
  });

  it('fails on a corrupt gzip stream with ERR_IO naming the file', async () => {
    const gz = gzipSync(readFileSync(fixture('qut.csv')));
    const path = tempFile('corrupt.gz', Buffer.concat([gz.subarray(0, 40), Buffer.alloc(30, 7)]));
    await rejectsWith(collect(path, { format: 'qut' }), 'ERR_IO', /corrupt\.gz/);
  });

  it('fails a file with broken quoting with file, line and column', async () => {
    const text = readFileSync(fixture('qut.csv'), 'utf8') + '5,105,eve,,,"broken" quote,1600000100,\n';
    const path = tempFile('broken.csv', text);
    const d = await rejectsWith(
      collect(path),
      'ERR_INGEST_FORMAT',
      /broken\.csv:6:21: unexpected " " after a closing quote/,
    );
    assert.deepEqual(d, { file: path, line: 6, column: 21 });
  });

  it('fails a header that is not the named format, naming the missing columns', async () => {
    const path = tempFile('wrong.csv', 'message_id,user_id,timestamp\n1,2,3\n');
    await rejectsWith(
      collect(path, { format: 'twitter-io' }),
      'ERR_INGEST_FORMAT',
      /wrong\.csv:1: not a twitter-io header: missing columns tweetid, userid, tweet_time/,
    );
  });

  it('fails a file with no header at all', async () => {
    await rejectsWith(
      collect(tempFile('empty.csv', '\n\n'), { format: 'qut' }),
      'ERR_INGEST_FORMAT',
      /empty file/,
    );
  });

  it('reports a missing file as ERR_IO', async () => {
    await rejectsWith(
      collect('/nonexistent/file.csv', { format: 'qut' }),
      'ERR_IO',
      /cannot open \/nonexistent\/file\.csv: ENOENT/,
    );
  });

  it('keeps only maxExamples skipped rows but counts them all', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i},u${i},name,,,text,not-a-time,`).join('\n');
    const path = tempFile(
      'many-bad.csv',
      'message_id,user_id,username,repost_id,reply_id,message,timestamp,urls\n' + rows + '\n',
    );
    const { stats } = await collect(path, { maxExamples: 5 });
    const s = stats.toSummary();
    assert.equal(s.skipped, 30);
    assert.equal(s.skippedExamples.length, 5);
    assert.deepEqual(
      s.skippedExamples.map((e) => e.line),
      [2, 3, 4, 5, 6],
    );
    assert.equal(new IngestStats().maxExamples, 20);
  });

  it('streams a file much larger than one chunk in order, with exact line numbers', async () => {
    const n = 40_000;
    const lines = ['message_id,user_id,username,repost_id,reply_id,message,timestamp,urls'];
    for (let i = 0; i < n; i++) lines.push(`${i},u${i % 97},n,,,"multi\nline ${i}",${1600000000 + i},`);
    const path = tempFile('big.csv', lines.join('\n') + '\n');
    const stats = new IngestStats();
    let i = 0;
    let batches = 0;
    for await (const batch of readPostBatches(path, {}, stats)) {
      batches++;
      for (const p of batch) {
        if (
          p.id !== String(i) ||
          p.time !== 1600000000 + i ||
          p.source.line !== 2 + 2 * i ||
          p.text !== `multi\nline ${i}`
        ) {
          assert.fail(`post ${i}: ${JSON.stringify(p)}`);
        }
        i++;
      }
    }
    assert.equal(i, n);
    assert.ok(batches > 1, 'more than one chunk');
    assert.equal(stats.toSummary().accounts, 97);
  });
});

describe('readAllPosts', () => {
  it('reads several files of different formats in order, one summary entry per file', async () => {
    const stats = new IngestStats();
    const formats: string[] = [];
    for await (const p of readAllPosts([fixture('qut.csv'), fixture('twitter-v1.jsonl')], {}, stats)) {
      formats.push(p.source.file.endsWith('.csv') ? 'csv' : 'json');
    }
    assert.deepEqual(formats, ['csv', 'csv', 'csv', 'json', 'json', 'json']);
    const s = stats.toSummary();
    assert.deepEqual(
      s.files.map((f) => [f.format, f.rows, f.posts, f.skipped]),
      [
        ['qut', 4, 3, 1],
        ['twitter-v1', 6, 3, 3],
      ],
    );
    assert.equal(s.posts, 6);
    assert.equal(s.skipped, 4);
    assert.equal(s.accounts, 5);
  });
});

describe('readAllPostsInPlace', () => {
  // What a consumer of a row view can read: every field the view has, and the id's bytes.
  const FIELDS = [
    'id',
    'account',
    'time',
    'text',
    'isRepost',
    'repostOf',
    'replyTo',
    'replyToAccount',
    'hashtags',
    'mentions',
    'urls',
    'domains',
    'images',
    'profile',
  ] as const;

  for (const file of [
    'twitter-io.csv',
    'ira.csv',
    'ira-author.csv',
    'qut.csv',
    'qut-cases.csv',
    'twitter-v2.jsonl',
  ]) {
    it(`hands over the posts of ${file} with the fields, skips and counts of readAllPosts`, async () => {
      const stats = new IngestStats();
      const posts: Post[] = [];
      for await (const p of readAllPosts([fixture(file)], {}, stats)) posts.push(p);
      const inPlaceStats = new IngestStats();
      const seen: Record<string, unknown>[] = [];
      const chunks = readAllPostsInPlace([fixture(file)], {}, inPlaceStats, (p) => {
        // Read inside the callback (a view is reused), some fields twice to catch a stale memo.
        const row: Record<string, unknown> = Object.fromEntries(FIELDS.map((k) => [k, p[k]]));
        assert.deepEqual(p.urls, row.urls);
        assert.equal(p.text, row.text);
        let bytes: string | undefined;
        const sink = {
          bytes: (src: Uint8Array, s: number, e: number) =>
            (bytes = Buffer.from(src.subarray(s, e)).toString()),
          string: (id: string) => (bytes = id),
        };
        if ('copyId' in p) {
          assert.equal(p.copyId(sink), p.id !== undefined);
          assert.equal(p.hasText, p.text !== undefined && p.text !== '');
          row.id = bytes;
        }
        seen.push(row);
      });
      let yields = 0;
      while (!(await chunks.next()).done) yields++;
      assert.ok(yields >= 1);
      assert.ok(posts.length > 0);
      assert.deepEqual(
        seen,
        posts.map((p) => Object.fromEntries(FIELDS.map((k) => [k, p[k]]))),
      );
      assert.deepEqual(inPlaceStats.toSummary(), stats.toSummary());
    });
  }
});
