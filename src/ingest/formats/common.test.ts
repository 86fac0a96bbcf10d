import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CsvTokenizer } from '../csv-tokenizer.js';
import type { CsvRecord } from '../csv-tokenizer.js';
import { CellMemo, cell } from './common.js';

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
