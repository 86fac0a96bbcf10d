import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GrowableInt32 } from '../../core/growable.js';
import { CsvTokenizer, type CsvRecord } from '../../ingest/csv-tokenizer.js';
import { qut } from '../../ingest/formats/qut.js';
import { twitterIo } from '../../ingest/formats/twitter-io.js';
import type { CsvFormat, PostView } from '../../ingest/formats/common.js';
import { CellObjects, MAX_LISTS } from './cell-objects.js';
import { FIELD_BEHAVIOURS, PostEncoder, type EncodablePost, type EncodedBatch } from './post-batch.js';

const bytes = (s: string): Buffer => Buffer.from(`..${s}..`);
/** Enters `s` with the given lists, as the encoder does: each list's numbers after a mark in one column. */
const enter = (c: CellObjects, s: string, lists: number[][]): void => {
  const column = new GrowableInt32(4);
  column.push(-9);
  const marks: number[] = [];
  for (const list of lists) {
    marks.push(column.length);
    for (const x of list) column.push(x);
  }
  const b = bytes(s);
  c.insert(
    b,
    2,
    b.length - 2,
    column,
    marks,
    lists.map((l) => l.length),
  );
};
const held = (c: CellObjects, s: string, lists: number): number[][] | undefined => {
  const b = bytes(s);
  const j = c.find(b, 2, b.length - 2);
  if (j < 0) return undefined;
  return Array.from({ length: lists }, (_, l) => {
    const out = new GrowableInt32(4);
    assert.equal(c.pushTo(j, l, out), c.objectCount(j, l));
    return [...out.view()];
  });
};

describe('CellObjects', () => {
  it('gives back the lists entered for equal bytes only, inline or pooled, across growth', () => {
    const c = new CellObjects(2);
    const cells = Array.from(
      { length: 5000 },
      (_, i) => `[https://example.com/${i}, https://x.org/${i % 7}]`,
    );
    // Inline (at most one number per list, or none) and pooled (more) in turn.
    const lists = (i: number): number[][] =>
      i % 3 === 0 ? [[i, i + 1], [7]] : i % 3 === 1 ? [[i], []] : [[], [i]];
    cells.forEach((s, i) => {
      assert.equal(held(c, s, 2), undefined);
      enter(c, s, lists(i));
    });
    cells.forEach((s, i) => {
      assert.deepEqual(held(c, s, 2), lists(i));
    });
    assert.equal(c.size, 5000);
    assert.equal(held(c, '[https://example.com/5000, https://x.org/2]', 2), undefined);
  });

  it('keeps apart cells of one hash (same length, first and last 16 bytes)', () => {
    const c = new CellObjects(1);
    const a = `[${'a'.repeat(20)}X${'z'.repeat(20)}]`;
    const b = `[${'a'.repeat(20)}Y${'z'.repeat(20)}]`;
    enter(c, a, [[1]]);
    enter(c, b, [[]]);
    assert.deepEqual(held(c, a, 1), [[1]]);
    assert.deepEqual(held(c, b, 1), [[]]);
  });

  it('empties itself past its bounds (cells or bytes) and goes on; refuses more lists than a slot holds', () => {
    const byCount = new CellObjects(1, 3, 1 << 20);
    for (const s of ['[a]', '[b]', '[c]', '[d]']) enter(byCount, s, [[s.charCodeAt(1)]]);
    assert.equal(byCount.size, 1);
    assert.equal(held(byCount, '[a]', 1), undefined);
    assert.deepEqual(held(byCount, '[d]', 1), [[100]]);
    const byBytes = new CellObjects(1, 100, 8);
    for (const s of ['[aaa]', '[bbb]']) enter(byBytes, s, [[1, 2]]);
    assert.equal(held(byBytes, '[aaa]', 1), undefined);
    assert.deepEqual(held(byBytes, '[bbb]', 1), [[1, 2]]);
    assert.throws(() => new CellObjects(MAX_LISTS + 1), /lists/);
  });
});

// Rows whose list cells repeat: the same URL cell on originals and reposts, two raw URLs with one
// canonical form, an escaped (quoted, "") cell, `[]`, empty cells, a reply addressed to a mention.
const IO_HEADER =
  'tweetid,userid,user_screen_name,tweet_text,tweet_time,is_retweet,retweet_userid,retweet_tweetid,in_reply_to_userid,in_reply_to_tweetid,hashtags,urls,user_mentions';
const IO_ROWS = [
  '1,10,a,hello,2024-01-01 00:00,False,,,,,[Tag],[https://Example.com/x?utm_source=1],[bob]',
  '2,11,b,hi,2024-01-01 00:01,False,,,,,[tag],[https://example.com/x],[Bob]',
  '3,12,c,RT @a: hello,2024-01-01 00:02,True,10,1,,,[Tag],[https://Example.com/x?utm_source=1],[bob]',
  '4,13,d,@bob thanks,2024-01-01 00:03,False,,,20,99,[],[https://example.com/x],[bob]',
  '5,14,e,@bob more,2024-01-01 00:04,False,,,,,[Tag],[],[bob]',
  '6,15,f,x,2024-01-01 00:05,False,,,,,"[""q""]","[https://a.org/1, https://a.org/1#top, https://b.net/2]",[bob]',
  '7,16,g,y,2024-01-01 00:06,False,,,,,"[""q""]","[https://a.org/1, https://a.org/1#top, https://b.net/2]",[bob]',
  '8,17,h,@bob z,2024-01-01 00:07,False,,,21,98,,,',
  '9,10,a,again,2024-01-01 00:08,False,,,,,[tag],[https://example.com/x],[Bob]',
  '10,18,i,RT @a: again,2024-01-01 00:09,True,10,9,,,[],[https://example.com/x],[]',
];
const QUT_HEADER = 'message_id,user_id,username,repost_id,reply_id,message,timestamp,urls';
const QUT_ROWS = [
  '1,10,a,,,one,1700000000,https://Example.com/x?utm_source=1 https://b.net/2',
  '2,11,b,,,two,1700000001,https://example.com/x https://b.net/2',
  '3,12,c,1,,three,1700000002,https://Example.com/x?utm_source=1 https://b.net/2',
  '4,13,d,,,four,1700000003,',
  '5,14,e,,,five https://c.org/3,1700000004,https://example.com/x https://b.net/2',
];

/** Each row of `csv` handed to `each` as the format's view, and as the Post its reader builds. */
function rows(format: CsvFormat, csv: string, each: (view: PostView) => void): void {
  let view: ((r: CsvRecord) => PostView) | undefined;
  const t = new CsvTokenizer({ file: 'cells.csv' });
  const cb = (r: CsvRecord): void => {
    if (view === undefined) view = format.view!(r.toArray(), { file: 'cells.csv', options: {} });
    else each(view(r));
  };
  t.push(Buffer.from(csv), cb);
  t.end(cb);
}

/** A view whose URL cells are counted as read, so a test sees the cells' numbers taken instead. */
function counting(v: PostView, reads: { urls: number }): EncodablePost {
  return new Proxy(v, {
    get(target, key) {
      if (key === 'urls') reads.urls++;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('PostEncoder with list cells', () => {
  for (const [name, format, header, lines] of [
    ['twitter-io', twitterIo, IO_HEADER, IO_ROWS],
    ['qut', qut, QUT_HEADER, QUT_ROWS],
  ] as const)
    for (const onlyRetweet of [true, false])
      it(`numbers a ${name} view's cells as its Post's objects (onlyRetweet ${onlyRetweet}), reading a repeated cell once`, () => {
        const options = { fields: FIELD_BEHAVIOURS, onlyRetweet, idBytes: true } as const;
        const csv = [header, ...lines, ...lines].join('\n');
        const fromViews = new PostEncoder(options);
        const fromPosts = new PostEncoder(options);
        const reads = { urls: 0 };
        let rowsRead = 0;
        let firstPass = 0;
        rows(format, csv, (v) => {
          fromPosts.add(v.toPost());
          fromViews.add(counting(v, reads));
          if (++rowsRead === lines.length) firstPass = reads.urls;
        });
        const strip = (b: EncodedBatch) => ({ ...b, ids: undefined });
        assert.deepEqual(strip(fromViews.flush()), strip(fromPosts.flush()));
        assert.deepEqual(fromViews.tail(), fromPosts.tail());
        // Every row read its URLs for its flag at least; on the second pass every cell is known, so
        // only the rows without one (empty, `[]`) read them.
        const again = reads.urls - firstPass;
        assert.ok(again < lines.length, `${again} URL reads for ${lines.length} rows seen before`);
      });
});
