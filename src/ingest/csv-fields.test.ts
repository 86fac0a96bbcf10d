import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LockstepError } from '../core/errors.js';
import { CsvChunker, type ChunkAlloc, type CsvChunk } from './csv-chunks.js';
import { CsvFieldReplayer } from './csv-fields.js';
import { CsvTokenizer, type CsvRecord } from './csv-tokenizer.js';

/** What a row reader can see of a record: its fields as read, which were escaped, and its line. */
const seen = (r: CsvRecord) => ({
  fields: r.toArray(),
  escaped: [...r.escaped.subarray(0, r.count)],
  line: r.line,
});

/** The one-thread tokenizer's records of `text`. */
function tokenised(text: Buffer): ReturnType<typeof seen>[] {
  const out: ReturnType<typeof seen>[] = [];
  const tok = new CsvTokenizer({ file: 'x.csv' });
  const cb = (r: CsvRecord): void => {
    out.push(seen(r));
  };
  tok.push(text, cb);
  tok.end(cb);
  return out;
}

/** The records replayed from the chunks CsvChunker cuts `text` into, fed `piece` bytes at a time. */
function replayed(text: Buffer, piece: number): { records: ReturnType<typeof seen>[]; chunks: number } {
  // Plain memory, as the slots of read/chunk-feed.ts would be (exact lengths asked for).
  const alloc: ChunkAlloc = (bytes, ints) => ({ bytes: new Uint8Array(bytes), fields: new Int32Array(ints) });
  const chunker = new CsvChunker('x.csv', undefined, alloc);
  const chunks: CsvChunk[] = [];
  for (let at = 0; at < text.length; at += piece) {
    const c = chunker.push(text.subarray(at, at + piece));
    if (c !== undefined) chunks.push(c);
  }
  chunks.push(chunker.end());
  const records: ReturnType<typeof seen>[] = [];
  const replayer = new CsvFieldReplayer();
  for (const c of chunks) {
    assert.ok(c.fields !== undefined, 'every chunk carries its fields');
    replayer.replay(c.bytes, c.fields, (r) => records.push(seen(r)));
  }
  return { records, chunks: chunks.length };
}

const HOSTILE =
  '\ufeffid,text,n\r\n' +
  '1,"say ""hi"", twice",3\r\n' +
  '2,"a line\r\nbreak and\nanother",\r\n' +
  '\r\n' +
  '3,,\n' +
  '4,plain "stray" quote,5\r' +
  '5,"",""""\n' +
  '\n' +
  '6,"ünïcødé ✓ ""q""",7\n' +
  '7,last,no newline';

describe('CSV fields recorded while cutting, replayed by the reading thread', () => {
  it('replays the tokenizer’s records — fields, "" escapes, lines — however the input is cut', () => {
    const text = Buffer.from(HOSTILE, 'utf8');
    const expected = tokenised(text);
    assert.equal(expected.length, 8, 'header + 7 records');
    assert.deepEqual(expected[1]!.fields, ['1', 'say "hi", twice', '3']);
    assert.deepEqual(expected[1]!.escaped, [0, 1, 0]);
    assert.equal(expected[3]!.line, 7, 'a record after quoted line breaks and a blank line');
    for (let piece = 1; piece <= text.length; piece++) {
      const { records, chunks } = replayed(text, piece);
      assert.deepEqual(records, expected, `cut every ${piece} bytes`);
      if (piece < 20) assert.ok(chunks > 5, 'records are split across chunk boundaries');
    }
  });

  it('replays a BOM-less file of many records cut into large pieces', () => {
    const rows = ['a,b,c'];
    for (let i = 0; i < 5000; i++) rows.push(`${i},"x ""${i % 7}""\n${i % 3}",${i % 5 === 0 ? '' : 'z'}`);
    const text = Buffer.from(rows.join('\r\n') + '\r\n');
    const expected = tokenised(text);
    for (const piece of [4096, 65_536, 1 << 20]) assert.deepEqual(replayed(text, piece).records, expected);
  });

  it('fails a malformed file while cutting, with the tokenizer’s own error', () => {
    const bad = [
      'id,text\n1,"ok"\n2,"never closed\n3,x\n',
      'id,text\n1,"x"y\n',
      'id,text\n1,ok\n2,"a ""b"" c"d\n',
    ];
    for (const text of bad) {
      const buf = Buffer.from(text);
      let expected: unknown;
      try {
        tokenised(buf);
      } catch (e) {
        expected = e;
      }
      assert.ok(expected instanceof LockstepError, text);
      for (const piece of [1, 3, 1000]) {
        assert.throws(
          () => replayed(buf, piece),
          (e: unknown) =>
            e instanceof LockstepError &&
            e.message === expected.message &&
            JSON.stringify(e.details) === JSON.stringify(expected.details),
        );
      }
    }
  });
});
