import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountProfile } from '../../core/post.js';
import { CsvTokenizer, type CsvRecord } from '../csv-tokenizer.js';
import { ProfileCache, type CachedAccount } from './profile-cache.js';

/** Rows `id,name,bio`; returns, per row, what the cache gave and whether it built or decoded. */
function run(csv: string, cache = new ProfileCache([1, 2])) {
  const out: {
    account: string;
    profile: AccountProfile | undefined;
    built: boolean;
    decoded: boolean;
    entry: CachedAccount;
  }[] = [];
  const tok = new CsvTokenizer({ file: 't.csv' });
  const onRecord = (r: CsvRecord): void => {
    let built = false;
    let decoded = false;
    const got = cache.get(
      r,
      0,
      (x) => {
        decoded = true;
        return x.get(0);
      },
      (x) => {
        built = true;
        return { screenName: x.get(1), description: x.get(2) };
      },
    );
    out.push({ account: got.account, profile: got.profile, built, decoded, entry: got });
  };
  tok.push(Buffer.from(csv), onRecord);
  tok.end(onRecord);
  return out;
}

describe('ProfileCache', () => {
  it('reuses the account string and profile while the bytes repeat, rebuilds when the profile changes', () => {
    const rows = run('a1,ann,hello\nb2,bob,"x, y"\na1,ann,hello\na1,ann,changed\nb2,bob,"x, y"\n');
    assert.deepEqual(
      rows.map((r) => [r.account, r.built, r.decoded]),
      [
        ['a1', true, true],
        ['b2', true, true],
        ['a1', false, false],
        ['a1', true, false],
        ['b2', false, false],
      ],
    );
    assert.equal(rows[2]!.profile, rows[0]!.profile);
    assert.notEqual(rows[3]!.profile, rows[0]!.profile);
    assert.equal(rows[3]!.profile?.description, 'changed');
    assert.equal(rows[4]!.profile, rows[1]!.profile);
  });

  it("hands over one memo per cached account, kept when its profile changes (a consumer's number stays valid)", () => {
    const rows = run('a1,ann,hello\nb2,bob,x\na1,ann,changed\n"q""1",n,d\n"q""1",n,d\n');
    rows[0]!.entry.owner = 'encoder';
    rows[0]!.entry.n = 5;
    assert.equal(rows[2]!.entry, rows[0]!.entry);
    assert.deepEqual([rows[2]!.entry.owner, rows[2]!.entry.n], ['encoder', 5]);
    assert.notEqual(rows[1]!.entry, rows[0]!.entry);
    // An escaped id is not cached: a fresh memo each time, which no consumer has written.
    assert.notEqual(rows[4]!.entry, rows[3]!.entry);
    assert.deepEqual([rows[4]!.entry.owner, rows[4]!.entry.n], [undefined, -1]);
  });

  it('tells apart ids that share their first and last 16 bytes', () => {
    const a = `${'0'.repeat(16)}A${'9'.repeat(16)}`;
    const b = `${'0'.repeat(16)}B${'9'.repeat(16)}`;
    const rows = run(`${a},n,d\n${b},n,d\n${a},n,d\n${b},n,d\n`);
    assert.deepEqual(
      rows.map((r) => [r.account, r.built]),
      [
        [a, true],
        [b, true],
        [a, false],
        [b, false],
      ],
    );
  });

  it('decodes an escaped id every time, and lets decode reject a missing one', () => {
    const rows = run('"q""1",n,d\n"q""1",n,d\n');
    assert.deepEqual(
      rows.map((r) => [r.account, r.decoded]),
      [
        ['q"1', true],
        ['q"1', true],
      ],
    );
    const tok = new CsvTokenizer({ file: 't.csv' });
    const cache = new ProfileCache([1, 2]);
    assert.throws(() => {
      tok.push(Buffer.from(',n,d\n'), (r) =>
        cache.get(
          r,
          0,
          () => {
            throw new Error('missing id');
          },
          () => ({}),
        ),
      );
    }, /missing id/);
  });

  it('finds the account by its id alone when no profile column is present (QUT without username)', () => {
    const rows = run('a1,x\nb2,y\na1,z\n', new ProfileCache([-1, -1]));
    assert.deepEqual(
      rows.map((r) => [r.account, r.built, r.decoded]),
      [
        ['a1', true, true],
        ['b2', true, true],
        ['a1', false, false],
      ],
    );
    assert.equal(rows[2]!.entry, rows[0]!.entry, 'one memo per account');
  });

  it('starts over when full, with the same results', () => {
    const csv = Array.from({ length: 50 }, (_, i) => `id${i % 7},n${i % 7},d\n`).join('');
    const small = run(csv, new ProfileCache([1, 2], 3));
    const large = run(csv);
    assert.deepEqual(
      small.map((r) => [r.account, r.profile]),
      large.map((r) => [r.account, r.profile]),
    );
    assert.ok(small.filter((r) => r.built).length > large.filter((r) => r.built).length);
  });

  it('keeps the right profile and memo while profiles change on every row, in bounded memory', () => {
    // Each row's description is longer or shorter than the last: rewritten in place or moved.
    const lines = Array.from(
      { length: 3000 },
      (_, i) => `id${i % 3},n${i % 3},${'x'.repeat((i * 37) % 400)}\n`,
    );
    const cache = new ProfileCache([1, 2]);
    const rows = run(lines.join(''), cache);
    rows.forEach((r, i) => {
      assert.equal(r.account, `id${i % 3}`);
      assert.equal(r.profile?.description, 'x'.repeat((i * 37) % 400) || '');
      assert.equal(r.entry, rows[i % 3]!.entry, 'one memo per account');
    });
    // ~1.2 KB live; appending every rewrite would hold ~600 KB.
    assert.ok(cache.arenaBytes <= 1 << 16, `arena ${cache.arenaBytes} bytes`);
    // New accounts past the arena's first size (it grows, moving every record), then all of them again.
    const more = Array.from({ length: 4000 }, (_, i) => `acct${i},name${i},${'bio'.repeat(i % 20)}\n`).join(
      '',
    );
    const both = run(more + more, cache);
    both.forEach((r, i) => {
      const k = i % 4000;
      assert.equal(r.account, `acct${k}`);
      assert.equal(r.profile?.description, 'bio'.repeat(k % 20));
      assert.equal(r.built, i < 4000, 'built once per account');
    });
  });

  it("shows one consumer's numbers at a time: another consumer starts every account afresh", () => {
    const rows = run('a1,ann,hello\nb2,bob,x\na1,ann,hello\n');
    const [a, b] = [rows[0]!.entry, rows[1]!.entry];
    a.owner = 'one';
    a.n = 0;
    b.owner = 'one';
    b.n = 1;
    assert.deepEqual([a.owner, a.n, b.owner, b.n], ['one', 0, 'one', 1]);
    // Per-entry numbers in one array (h-read4): a second owner must never read the first one's.
    b.owner = 'two';
    assert.deepEqual([a.owner, a.n, b.owner, b.n], [undefined, -1, 'two', -1]);
    b.n = 7;
    assert.deepEqual([rows[2]!.entry.owner, rows[2]!.entry.n, b.n], [undefined, -1, 7]);
  });
});
