import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdColumn } from './id-column.js';

describe('IdColumn', () => {
  it('gives back every id as pushed, with undefined for posts without one', () => {
    const ids = [
      undefined,
      '1050118621198921728',
      '',
      'ü-ñ-😀',
      undefined,
      undefined,
      'x'.repeat(70_000),
      '7',
    ];
    const col = new IdColumn();
    for (const id of ids) col.push(id);
    assert.equal(col.length, ids.length);
    ids.forEach((id, p) => {
      assert.equal(col.get(p), id, `post ${p}`);
    });
    assert.deepEqual(col.toArray(), ids);
  });

  it('keeps multi-byte ids whole across the growth of its byte buffer', () => {
    // Up to 3 UTF-8 bytes per UTF-16 unit, lengths varying, so some id meets the buffer's end.
    const ids = Array.from({ length: 10_000 }, (_, i) => `${'€'.repeat(1 + (i % 13))}😀${i}`);
    const col = new IdColumn();
    for (const id of ids) col.push(id);
    assert.deepEqual(col.toArray(), ids);
  });

  it('copies posts from another column, in any order, bytes and gaps included', () => {
    const ids = [
      undefined,
      'at://did:plc:a/app.bsky.feed.post/3k',
      '',
      'ü😀',
      undefined,
      'y'.repeat(70_000),
      'z',
    ];
    const from = new IdColumn();
    for (const id of ids) from.push(id);
    const picked = [6, 0, 5, 3, 3, 1, 4, 2];
    const to = new IdColumn();
    for (const p of picked) to.pushFrom(from, p);
    assert.deepEqual(
      to.toArray(),
      picked.map((p) => ids[p]),
    );
  });

  it('appends a batch of id bytes as pushing each id would, gaps anywhere', () => {
    const batches = [
      [undefined, 'a1', 'ü😀', undefined, '1050118621198921728', undefined],
      ['z', undefined, undefined, 'y'.repeat(70_000)],
      [undefined, undefined],
      ['q'],
    ];
    const one = new IdColumn();
    const all = new IdColumn();
    one.push('before');
    all.push('before');
    all.push(undefined);
    one.push(undefined);
    for (const batch of batches) {
      const present = batch.filter((id) => id !== undefined);
      const bytes = Buffer.from(present.join(''), 'utf8');
      let end = 0;
      const ends = Int32Array.from(present, (id) => (end += Buffer.byteLength(id, 'utf8')));
      const flags = Uint8Array.from(batch, (id) => (id === undefined ? 2 : 8 | 2));
      all.pushBatch(bytes, ends, flags, 8, batch.length);
      for (const id of batch) one.push(id);
    }
    assert.deepEqual(all.toArray(), one.toArray());
    assert.equal(all.length, 2 + batches.flat().length);
  });

  it('answers undefined outside the column', () => {
    const col = new IdColumn();
    assert.equal(col.get(0), undefined);
    col.push('a');
    assert.equal(col.get(1), undefined);
    assert.equal(col.get(-1), undefined);
  });
  it('visits the posts whose id is wanted, in post order, as decoding every id would', () => {
    const col = new IdColumn();
    const ids = [
      '1050118621198921728',
      undefined,
      '7',
      'ü😀',
      '',
      '7',
      'x'.repeat(300),
      '1050118621198921729',
    ];
    for (const id of ids) col.push(id);
    // Bytes that are not UTF-8 decode to U+FFFD: such an id is still found by its decoded form.
    col.pushBytes(Uint8Array.of(0xff, 0x31), 0, 2);
    const wanted = new Set(['7', 'ü😀', '', '1050118621198921728', '\ufffd1', 'absent', 'x'.repeat(300)]);
    const seen: [number, string][] = [];
    col.forEachIn(wanted, (p, id) => seen.push([p, id]));
    const expected: [number, string][] = [];
    for (let p = 0; p < col.length; p++) {
      const id = col.get(p);
      if (id !== undefined && wanted.has(id)) expected.push([p, id]);
    }
    assert.deepEqual(seen, expected);
    assert.equal(seen.length, 7);
  });

  it('reads a range of posts in place as a column of their own', () => {
    const ids = [undefined, 'a1', '', 'ü😀', undefined, '7', 'x'.repeat(300), '7', undefined];
    const col = new IdColumn();
    for (const id of ids) col.push(id);
    const wanted = new Set(['7', '', 'ü😀', 'a1']);
    // Every range, so each starts after a post with an id, one without, and at the column's start.
    for (let from = 0; from <= ids.length; from++)
      for (let count = 0; from + count <= ids.length; count++) {
        const part = ids.slice(from, from + count);
        const range = col.range(from, count);
        assert.equal(range.length, count);
        assert.deepEqual(range.toArray(), part, `[${from}, +${count})`);
        assert.equal(range.get(count), undefined);
        assert.equal(range.get(-1), undefined);
        const seen: [number, string][] = [];
        range.forEachIn(wanted, (p, id) => seen.push([p, id]));
        const expected: [number, string][] = [];
        part.forEach((id, p) => {
          if (id !== undefined && wanted.has(id)) expected.push([p, id]);
        });
        assert.deepEqual(seen, expected, `[${from}, +${count})`);
      }
    assert.throws(() => col.range(5, ids.length), RangeError);
  });
});
