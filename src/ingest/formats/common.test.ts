import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CsvTokenizer } from '../csv-tokenizer.js';
import type { CsvRecord } from '../csv-tokenizer.js';
import { CellMemo, cell, count, countAt } from './common.js';

describe('CellMemo', () => {
  it('returns what a fresh parse would, across repeats, changes, escapes, NA and empty cells', () => {
    const cells = ['a', 'a', 'b', '"q""x"', '"q""x"', 'NA', '', 'a', 'ab', 'b'];
    const text = cells.map((c, i) => `${i},${c}`).join('\n') + '\n';
    let parses = 0;
    const memo = new CellMemo((v) => {
      parses++;
      return v === undefined ? '<none>' : `<${v}>`;
    });
    const got: string[] = [];
    const want: string[] = [];
    const cb = (r: CsvRecord): void => {
      got.push(memo.get(r, 1));
      const v = cell(r, 1);
      want.push(v === undefined ? '<none>' : `<${v}>`);
    };
    const t = new CsvTokenizer({ file: 'm.csv' });
    t.push(Buffer.from(text), cb);
    t.end(cb);
    assert.deepEqual(got, want);
    assert.ok(parses < cells.length, `repeats are not parsed again (${parses} parses)`);
  });
});

describe('countAt', () => {
  it('equals count(cell(…)) on digits, leading zeros, long, signed, spaced, escaped, NA and empty cells', () => {
    const cells = [
      '0',
      '42',
      '007',
      '123456789012345',
      '1234567890123456',
      '1e3',
      '-5',
      ' 7',
      '"8"',
      'NA',
      '',
      '4.5',
      '"1""2"',
    ];
    const text = cells.map((c, i) => `${i},${c}`).join('\n') + '\n';
    const got: (number | undefined)[] = [];
    const want: (number | undefined)[] = [];
    const cb = (r: CsvRecord): void => {
      got.push(countAt(r, 1), countAt(r, 5));
      want.push(count(cell(r, 1)), count(cell(r, 5)));
    };
    const t = new CsvTokenizer({ file: 'c.csv' });
    t.push(Buffer.from(text), cb);
    t.end(cb);
    assert.deepEqual(got, want);
    assert.equal(got[2], 42);
  });
});
