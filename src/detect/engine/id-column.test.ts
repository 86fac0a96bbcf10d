import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdColumn, type IdAccounts } from './id-column.js';

/**
 * Every range of `col` (holding `ids`), so each starts after a post with an id, one without, and at the
 * column's start: its ids, and the posts forEachIn visits, as decoding every id would.
 */
function assertRanges(col: IdColumn, ids: (string | undefined)[], wanted: ReadonlySet<string>): void {
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
}

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
    assertRanges(col, ids, wanted);
    assert.throws(() => col.range(5, ids.length), RangeError);
  });

  describe('with accounts: at://<account>/… kept short', () => {
    const names = ['did:plc:a', 'did:plc:ab', 'did:plc:ü😀', 'https://m.example/@x', '1050118621198921728'];
    // Post p → [its account, its id]: its own at:// ids, and ids that must stay whole.
    const posts: [number, string | undefined][] = [
      [0, 'at://did:plc:a/app.bsky.feed.post/3k1'],
      [0, 'at://did:plc:ab/app.bsky.feed.post/3k1'], // another account that extends this one
      [1, 'at://did:plc:a/app.bsky.feed.post/3k1'], // a shorter account's id
      [0, 'at://did:plc:a'], // no slash after the account
      [0, 'at://did:plc:a/'], // nothing after it
      [0, undefined],
      [2, 'at://did:plc:ü😀/app.bsky.feed.repost/ü'],
      [3, 'https://m.example/@x/110'], // Mastodon URL
      [4, '1050118621198921728'], // an NDJSON id
      [1, 'at://did:plc:ab/app.bsky.feed.post/3k1'],
      [0, ''],
      [1, 'AT://did:plc:ab/x'],
      [1, 'at://did:plc:ab/app.bsky.feed.post/3k1'],
      [0, 'at://did:plc:a/app.bsky.feed.post'], // a collection without its slash
      [0, 'at://did:plc:a/app.bsky.feed.postx/1'],
      [0, 'at://did:plc:a/app.bsky.feed.like/1'],
      [2, 'at://did:plc:ü😀/app.bsky.feed.post/'],
    ];
    const ids = posts.map(([, id]) => id);
    const fill = (): { col: IdColumn; account: number[] } => {
      const account: number[] = [];
      const accounts: IdAccounts = { of: (p) => account[p]!, name: (a) => names[a]! };
      const col = new IdColumn(accounts);
      for (const [a, id] of posts) {
        account.push(a);
        col.push(id);
      }
      return { col, account };
    };

    it('gives back every id exactly, and stores less than the whole ids', () => {
      const { col } = fill();
      assert.deepEqual(col.toArray(), ids);
      ids.forEach((id, p) => {
        assert.equal(col.get(p), id, `post ${p}`);
      });
      const whole = new IdColumn();
      for (const id of ids) whole.push(id);
      // Own ids, their prefix and known collection left out: posts 0, 9, 12, 16 (a post), 6 (a repost),
      // 4, 13, 14, 15 (no known collection).
      const prefix = (a: number, collection = '') => Buffer.byteLength(`at://${names[a]!}/${collection}`);
      const post = 'app.bsky.feed.post/';
      const saved =
        prefix(0, post) +
        2 * prefix(1, post) +
        prefix(2, post) +
        prefix(2, 'app.bsky.feed.repost/') +
        4 * prefix(0);
      assert.equal(whole.byteLength - col.byteLength, saved);
    });

    it('visits wanted ids, in ranges too, as decoding every id would', () => {
      const { col } = fill();
      const wanted = new Set([
        ...ids.filter((id) => id !== undefined).filter((_, i) => i % 2 === 0),
        'absent',
      ]);
      wanted.add('at://did:plc:ab/app.bsky.feed.post/3k1');
      assertRanges(col, ids, wanted);
    });

    it('copies posts whole into a plain column, short into one with the same accounts', () => {
      const { col, account } = fill();
      const picked = [12, 0, 5, 6, 3, 4, 7, 1, 10];
      const plain = new IdColumn();
      const kept: number[] = [];
      const short = new IdColumn({ of: (p) => kept[p]!, name: (a) => names[a]! });
      for (const p of picked) {
        plain.pushFrom(col, p);
        kept.push(account[p]!);
        short.pushFrom(col, p);
      }
      const want = picked.map((p) => ids[p]);
      assert.deepEqual(plain.toArray(), want);
      assert.deepEqual(short.toArray(), want);
      assert.ok(short.byteLength < plain.byteLength);
    });
  });
});
