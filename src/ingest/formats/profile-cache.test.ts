import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountProfile } from '../../core/post.js';
import { CsvTokenizer, type CsvRecord } from '../csv-tokenizer.js';
import { ProfileCache } from './profile-cache.js';

/**
 * Rows `id,name,bio`; returns, per row, what the cache gave (its entry index: −1 for an uncached row)
 * and whether it built or decoded.
 */
function run(csv: string, cache = new ProfileCache([1, 2])) {
  const out: {
    account: string;
    profile: AccountProfile | undefined;
    built: boolean;
    decoded: boolean;
    entry: number;
  }[] = [];
  const tok = new CsvTokenizer({ file: 't.csv' });
  const onRecord = (r: CsvRecord): void => {
    let built = false;
    let decoded = false;
    const entry = cache.find(
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
    const account = entry < 0 ? cache.uncachedAccount : cache.accountOf(entry);
    const profile = entry < 0 ? cache.uncachedProfile : cache.profileOf(entry);
    out.push({ account, profile, built, decoded, entry });
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

  it("gives one entry per cached account, kept when its profile changes (a consumer's number stays valid)", () => {
    const cache = new ProfileCache([1, 2]);
    const rows = run('a1,ann,hello\nb2,bob,x\na1,ann,changed\n"q""1",n,d\n"q""1",n,d\n', cache);
    const a = rows[0]!.entry;
    cache.setOwner(a, 'encoder');
    cache.setNumber(a, 5);
    assert.equal(rows[2]!.entry, a);
    assert.deepEqual([cache.ownerOf(a), cache.numberOf(a)], ['encoder', 5]);
    assert.notEqual(rows[1]!.entry, a);
    assert.deepEqual([cache.ownerOf(rows[1]!.entry), cache.numberOf(rows[1]!.entry)], [undefined, -1]);
    // An escaped id is not cached: no entry, so nothing a consumer could have written.
    assert.deepEqual([rows[3]!.entry, rows[4]!.entry], [-1, -1]);
    assert.deepEqual([rows[4]!.account, rows[4]!.profile], ['q"1', { screenName: 'n', description: 'd' }]);
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
        cache.find(
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
    assert.equal(rows[2]!.entry, rows[0]!.entry, 'one entry per account');
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

  it('holds more than 2^20 accounts by default: a second pass over them builds nothing', () => {
    // The simulated 30M archive has ~1.55M accounts; with a 2^20 cap every pass past it rebuilt them all.
    const n = (1 << 20) + 1000;
    const cache = new ProfileCache([1]);
    let built = 0;
    const tok = new CsvTokenizer({ file: 't.csv' });
    const onRecord = (r: CsvRecord): void => {
      cache.find(
        r,
        0,
        (x) => x.get(0),
        (x) => {
          built++;
          return { screenName: x.get(1) };
        },
      );
    };
    const rows = Buffer.from(Array.from({ length: n }, (_, i) => `${i},n\n`).join(''));
    tok.push(rows, onRecord);
    tok.push(rows, onRecord);
    tok.end(onRecord);
    assert.equal(built, n, 'built once per account');
  });

  it('keeps the right profile and entry while profiles change on every row, in bounded memory', () => {
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
      assert.equal(r.entry, rows[i % 3]!.entry, 'one entry per account');
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
    const cache = new ProfileCache([1, 2]);
    const rows = run('a1,ann,hello\nb2,bob,x\na1,ann,hello\n', cache);
    const [a, b] = [rows[0]!.entry, rows[1]!.entry];
    const seen = (): unknown[] => [cache.ownerOf(a), cache.numberOf(a), cache.ownerOf(b), cache.numberOf(b)];
    cache.setOwner(a, 'one');
    cache.setNumber(a, 0);
    cache.setOwner(b, 'one');
    cache.setNumber(b, 1);
    assert.deepEqual(seen(), ['one', 0, 'one', 1]);
    // Per-entry numbers in one array (h-read4): a second owner must never read the first one's.
    cache.setOwner(b, 'two');
    assert.deepEqual(seen(), [undefined, -1, 'two', -1]);
    cache.setNumber(b, 7);
    assert.equal(rows[2]!.entry, a);
    assert.deepEqual(seen(), [undefined, -1, 'two', 7]);
    // A number is kept only for an owned entry.
    cache.setNumber(a, 3);
    assert.equal(cache.numberOf(a), -1);
  });
});
