import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BEHAVIOURS } from '../../core/behaviour.js';
import { LockstepError } from '../../core/errors.js';
import { collectActions, type CollectOptions } from '../../detect/engine/actions.js';
import { IngestStats, readAllPosts, type FormatName, type IngestOptions } from '../../ingest/index.js';
import { writeSimulation } from '../../simulate/index.js';
import { chunkPostSource, defaultParseWorkers } from './chunk-source.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'ingest', 'fixtures');
const SAMPLE = join(import.meta.dirname, '..', '..', '..', 'samples', 'demo', 'posts.csv.gz');
const OPTIONS: CollectOptions = { behaviours: BEHAVIOURS, internPostIds: true, repostsOnlyRetweet: true };

type Collected = Awaited<ReturnType<typeof collectActions>>;
const plain = (r: Collected) => ({
  ...r.columns,
  accounts: r.columns.accounts.strings,
  ids: r.columns.ids.toArray(),
  postIds: r.columns.postIds.strings,
  originalTexts: r.columns.originalTexts.strings,
  screenNames: [...r.columns.screenNames],
  tables: r.tables.map((t) => ({ ...t, objects: t.objects.strings })),
});

/** The one-thread columns and counts, and the chunk reader's with `workers` workers cutting every `pieceBytes`. */
async function both(
  paths: string[],
  formats: FormatName[],
  workers: number,
  pieceBytes: number,
  ingest: IngestOptions = {},
  options: CollectOptions = OPTIONS,
) {
  const stats = new IngestStats(3);
  const inThread = await collectActions(readAllPosts(paths, ingest, stats), options);
  const source = chunkPostSource(paths, { ...ingest, maxExamples: 3 }, formats, { workers, pieceBytes });
  const chunked = await collectActions(source, options);
  return { inThread, chunked, stats: stats.toSummary(), chunkStats: source.summary() };
}

describe('chunkPostSource (CSV parsed by several workers over record-aligned chunks)', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lockstep-chunks-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses one worker below 4 cores and one per core but one (at most 4) above', () => {
    assert.deepEqual([1, 2, 3, 4, 6, 16].map(defaultParseWorkers), [1, 1, 1, 3, 4, 4]);
  });

  for (const [file, format] of [
    ['ira.csv', 'ira'],
    ['ira-author.csv', 'ira'],
    ['twitter-io.csv', 'twitter-io'],
    ['qut.csv', 'qut'],
  ] as const) {
    for (const [workers, piece] of [
      [2, 5],
      [3, 97],
    ] as const) {
      it(`builds the one-thread columns from ${file}, ${workers} workers, cut every ${piece} bytes`, async () => {
        const r = await both([join(FIXTURES, file)], [format], workers, piece);
        assert.ok(r.inThread.columns.count > 0);
        assert.deepEqual(plain(r.chunked), plain(r.inThread));
        assert.deepEqual(r.chunkStats, r.stats);
      });
    }
  }

  it('reads a generic CSV with a mapping and a tab delimiter alike', async () => {
    const path = join(dir, 'generic.tsv');
    const rows = ['user\twhen\tbody'];
    for (let i = 0; i < 60; i++)
      rows.push(`u${i % 7}\t${1_700_000_000 + i * 30}\tpost ${i % 9} #tag${i % 4} @u${i % 5}`);
    await writeFile(path, rows.join('\n') + '\n');
    const ingest: IngestOptions = {
      format: 'csv',
      mapping: { account: 'user', time: 'when', text: 'body', delimiter: '\t' },
    };
    const r = await both([path], ['csv'], 2, 11, ingest);
    assert.equal(r.inThread.columns.count, 60);
    assert.deepEqual(plain(r.chunked), plain(r.inThread));
  });

  it('keeps lines, skips and examples across cuts: CRLF, quoted line breaks, "" escapes, blank lines, a BOM, two files', async () => {
    const head = 'message_id,user_id,username,repost_id,reply_id,message,timestamp,urls';
    const rows = [
      '1,a,Ann,,,"first line\r\nsecond line, with ""quotes""",1700000000,',
      '2,b,Bob,1,,"RT text",1700000005,',
      '',
      '3,c,Cy,,,too,few',
      '4,d,Di,,,"#one @two https://example.org/x?utm_source=y",1700000010,https://example.org/x',
      '5,,Ed,,,no account,1700000011,',
      '6,a,Ann,,1,"a reply\nover two lines",1700000020,',
      '7,e,Ev,,,bad time,yesterday,',
    ];
    const one = join(dir, 'one.csv');
    await writeFile(one, '\ufeff' + head + '\r\n' + rows.join('\r\n') + '\r\n');
    const two = join(dir, 'two.csv.gz');
    await writeFile(two, gzipSync(head + '\n' + rows.slice(0, 5).join('\n'))); // no final line break
    for (const piece of [1, 3, 17]) {
      const r = await both([one, two], ['qut', 'qut'], 2, piece);
      assert.deepEqual(plain(r.chunked), plain(r.inThread));
      assert.deepEqual(r.chunkStats, r.stats);
      assert.equal(r.stats.skipped, 4);
      assert.deepEqual(
        r.stats.skippedExamples.map((e) => e.line),
        [6, 8, 11],
        'the first three skips, with physical line numbers',
      );
    }
  });

  it('fails a malformed file with the one-thread error, wherever the fault falls', async () => {
    const head = 'message_id,user_id,username,repost_id,reply_id,message,timestamp,urls\n';
    const cases: [string, string][] = [
      ['unclosed.csv', head + '1,a,A,,,ok,1700000000,\n2,b,B,,,"never closed,1700000001,\n3,c,C,,,x,1,\n'],
      ['after-quote.csv', head + '1,a,A,,,"x"y,1700000000,\n'],
      ['header.csv', 'id,who,when\n1,a,1700000000\n'],
      ['empty.csv', ''],
    ];
    for (const [name, text] of cases) {
      const path = join(dir, name);
      await writeFile(path, text);
      const expected = await collectActions(
        readAllPosts([path], { format: 'qut' }, new IngestStats()),
        OPTIONS,
      ).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(expected instanceof LockstepError, name);
      for (const piece of [2, 1000]) {
        await assert.rejects(
          collectActions(chunkPostSource([path], {}, ['qut'], { workers: 2, pieceBytes: piece }), OPTIONS),
          (e: unknown) => {
            assert.ok(e instanceof LockstepError, name);
            assert.equal(e.code, expected.code);
            assert.equal(e.message, expected.message);
            assert.deepEqual(e.details, expected.details);
            return true;
          },
        );
      }
    }
  });

  it('builds the one-thread columns from simulated archives in the three benchmark layouts', async () => {
    for (const format of ['ira', 'twitter-io', 'qut'] as const) {
      const out = join(dir, `sim-${format}`);
      await writeSimulation({ posts: 4000, seed: 5, gzipLevel: 1, format }, out);
      const path = join(out, 'posts.csv.gz');
      const r = await both([path], [format], 2, 8192, {}, { ...OPTIONS, internPostIds: false });
      assert.ok(r.inThread.columns.count >= 3500, format);
      assert.ok(r.inThread.columns.screenNames.size > 0, format);
      assert.deepEqual(plain(r.chunked), plain(r.inThread), format);
      assert.deepEqual(r.chunkStats, r.stats, format);
    }
  });

  it('gives the one-thread columns on the demo sample, cut into many chunks', async () => {
    const r = await both([SAMPLE], ['twitter-io'], 3, 50_000);
    assert.equal(r.inThread.columns.count, 30_000);
    assert.deepEqual(plain(r.chunked), plain(r.inThread));
  });

  it('stops the workers when the consumer stops early', async () => {
    const source = chunkPostSource([SAMPLE], {}, ['twitter-io'], { workers: 2, pieceBytes: 20_000 });
    let batches = 0;
    for await (const m of source.open({ fields: ['co-hashtag'], onlyRetweet: true })) {
      assert.equal(m.kind, 'interned');
      if (++batches === 3) break;
    }
    assert.equal(batches, 3);
    assert.equal(source.summary(), undefined, 'no summary before the end of the input');
  });
});
