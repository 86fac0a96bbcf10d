import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLockstepError } from '../core/errors.js';
import { CsvTokenizer, parseCsvString } from './csv-tokenizer.js';
import type { CsvRecord } from './csv-tokenizer.js';

function records(
  input: string | Buffer,
  splits: number[] = [],
  opts: { delimiter?: string; maxRecordBytes?: number } = {},
) {
  const buf = typeof input === 'string' ? Buffer.from(input) : input;
  const out: { fields: string[]; line: number }[] = [];
  const t = new CsvTokenizer({ file: 't.csv', ...opts });
  const cb = (r: CsvRecord): void => {
    out.push({ fields: r.toArray(), line: r.line });
  };
  let prev = 0;
  for (const s of [...splits, buf.length]) {
    t.push(buf.subarray(prev, s), cb);
    prev = s;
  }
  t.end(cb);
  return out;
}

function formatError(fn: () => unknown): { line: unknown; column: unknown; message: string } {
  try {
    fn();
  } catch (e) {
    assert.ok(isLockstepError(e), String(e));
    assert.equal(e.code, 'ERR_INGEST_FORMAT');
    return { line: e.details.line, column: e.details.column, message: e.message };
  }
  assert.fail('expected ERR_INGEST_FORMAT');
}

describe('CsvTokenizer', () => {
  it('reads plain, quoted, escaped and empty fields', () => {
    assert.deepEqual(parseCsvString('a,b,c\n1,"x, y","say ""hi"""\n,,\n'), [
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
      ['', '', ''],
    ]);
  });

  it('handles CRLF, lone CR, no final newline, blank lines and a BOM', () => {
    assert.deepEqual(parseCsvString('\ufeffa,b\r\n1,2\r\n\r\n3,4\r5,6'), [
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
  });

  it('keeps newlines inside quoted fields and reports the line each record starts on', () => {
    const recs = records('h1,h2\n"multi\nline\r\ntext",x\nlast,"y"\n');
    assert.deepEqual(
      recs.map((r) => r.line),
      [1, 2, 5],
    );
    assert.equal(recs[1]!.fields[0], 'multi\nline\r\ntext');
  });

  it('gives the same records however the input is split into chunks', () => {
    const text = '\ufeffid,text,n\r\n1,"a ""quoted"", multi\nline",3\n2,plain,4\r\n\n3,"é ü 漢字",5\n4,,"x"';
    const buf = Buffer.from(text);
    const whole = records(buf);
    assert.equal(whole.length, 5);
    for (let i = 0; i <= buf.length; i++) {
      assert.deepEqual(records(buf, [i]), whole, `split at ${i}`);
    }
    for (let i = 1; i < buf.length - 1; i += 3) {
      assert.deepEqual(records(buf, [i, i + 1, i + 2]), whole, `three splits at ${i}`);
    }
  });

  it('gives the same records over large chunks, with records and quoted newlines spanning chunk ends', () => {
    let seed = 7;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const lines = ['id,text,n'];
    for (let i = 0; i < 3000; i++) {
      const r = rand();
      let text: string;
      if (r < 0.01) text = `"${'long line\n'.repeat(1500)}end"`;
      else if (r < 0.3) text = `"a ""b"", c\r\nd ${i}"`;
      else text = `plain ${'x'.repeat(Math.floor(rand() * 300))}`;
      lines.push(`${i},${text},${i * 2}`);
    }
    const buf = Buffer.from(lines.join(rand() < 0.5 ? '\n' : '\r\n') + '\n');
    const whole = records(buf);
    assert.equal(whole.length, 3001);
    for (const size of [5000, 8191, 65536, 100_003]) {
      const splits: number[] = [];
      for (let at = size; at < buf.length; at += size) splits.push(at);
      assert.deepEqual(records(buf, splits), whole, `chunks of ${size}`);
    }
  });

  it('keeps a stray quote inside an unquoted field as text', () => {
    assert.deepEqual(parseCsvString('a,b\n5" screen,x\n'), [
      ['a', 'b'],
      ['5" screen', 'x'],
    ]);
  });

  it('supports another delimiter', () => {
    assert.deepEqual(
      records('a\tb\n"x\ty"\tz\n', [], { delimiter: '\t' }).map((r) => r.fields),
      [
        ['a', 'b'],
        ['x\ty', 'z'],
      ],
    );
  });

  it('grows past 64 fields', () => {
    const row = Array.from({ length: 200 }, (_, i) => `f${i}`).join(',');
    const [rec] = parseCsvString(row);
    assert.equal(rec!.length, 200);
    assert.equal(rec![199], 'f199');
  });

  it('fails the file on text after a closing quote, naming line and column', () => {
    const e = formatError(() => records('a,b\n1,2\n"ok","bad"x,3\n'));
    assert.equal(e.line, 3);
    assert.equal(e.column, 11);
    assert.match(e.message, /t\.csv:3:11/);
  });

  it('fails the file on a quote that is never closed, naming where it opened', () => {
    const e = formatError(() => records('a,b\n1,2\n3,"never closed\n4,5\n'));
    assert.equal(e.line, 3);
    assert.equal(e.column, 3);
  });

  it('fails instead of buffering without bound when a record runs past maxRecordBytes', () => {
    const big = 'a,b\n1,"' + 'x'.repeat(5000);
    const splits = Array.from({ length: 50 }, (_, i) => (i + 1) * 100);
    const e = formatError(() => records(big, splits, { maxRecordBytes: 1000 }));
    assert.equal(e.line, 2);
  });
});
