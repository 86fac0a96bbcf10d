import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Post } from '../../core/post.js';
import type { AccountMemo } from '../../core/row-handoff.js';
import { post } from '../signals/test-factories.js';
import { Interner } from './intern.js';
import { FIRST_TEXT, HAS_KEY, HAS_TEXT, type EncodablePost, type EncodedBatch } from './encoded-batch.js';
import { PostEncoder } from './post-batch.js';
import { batchBuffers } from './open-batch.js';

const options = { fields: [], onlyRetweet: true } as const;
const memo = (): AccountMemo => ({ owner: undefined, n: -1 });

describe('PostEncoder', () => {
  it('numbers retweet keys in first-seen order across batches, each string and first text sent once', () => {
    const encoder = new PostEncoder(options);
    const first = encoder.encode([
      post('a', 1, { isRepost: true, repostOf: '100' }),
      post('b', 2, { isRepost: true, repostOf: '200', text: 'RT two' }),
      post('c', 3, { isRepost: true, repostOf: '100', text: 'RT one, first text' }),
    ]);
    assert.deepEqual([...first.keys], [0, 1, 0]);
    assert.deepEqual(first.newKeys, ['100', '200']);
    // The key's first post had no text: its text comes with the first post that has one.
    assert.deepEqual(
      [...first.flags].map((f) => f & (HAS_KEY | HAS_TEXT | FIRST_TEXT)),
      [HAS_KEY, HAS_KEY | HAS_TEXT | FIRST_TEXT, HAS_KEY | HAS_TEXT | FIRST_TEXT],
    );
    assert.deepEqual(first.strs, ['RT two', 'RT one, first text']);
    const second = encoder.encode([
      post('d', 4, { isRepost: true, repostOf: '100', text: 'RT one again' }),
      post('e', 5, { isRepost: true, repostOf: 'x-7', text: 'RT seven' }),
      post('f', 6, { isRepost: true, text: 'RT @a: Hello   world' }),
      post('g', 7, { text: 'an original' }),
    ]);
    assert.deepEqual([...second.keys], [0, 2, 3]);
    assert.deepEqual(second.newKeys, ['x-7', 'rt:a:hello world']);
    assert.deepEqual(second.strs, ['RT seven', 'RT @a: Hello   world', 'an original']);
  });

  it("numbers each behaviour's objects in first-seen order across batches, each string sent once", () => {
    const encoder = new PostEncoder({ fields: ['co-hashtag', 'co-reply'], onlyRetweet: true });
    const first = encoder.encode([
      post('a', 1, { hashtags: ['x', 'y'], replyTo: '5' }),
      post('b', 2, { hashtags: ['y', '', 'z'] }),
      // Lockstep mode: a repost acts in co-retweet only.
      post('c', 3, { isRepost: true, repostOf: '9', hashtags: ['w'] }),
    ]);
    assert.deepEqual([...first.counts], [2, 1, 2, 0, 0, 0]);
    assert.deepEqual([...first.objects], [0, 1, 0, 1, 2]);
    assert.deepEqual(first.newObjects, [['x', 'y', 'z'], ['5']]);
    const second = encoder.encode([post('d', 4, { hashtags: ['z', 'v'], replyTo: '5' })]);
    assert.deepEqual([...second.objects], [2, 3, 0]);
    assert.deepEqual(second.newObjects, [['v'], []]);
    assert.deepEqual(second.strs, []);
  });

  it('numbers in the tables it is given: strings already there keep their numbers, the rest follow', () => {
    const accounts = Interner.of(['b']);
    const keys = Interner.of(['200']);
    const tags = Interner.of(['y']);
    const encoder = new PostEncoder({
      fields: ['co-hashtag'],
      onlyRetweet: true,
      tables: { accounts, keys, objects: [tags] },
    });
    const batch = encoder.encode([
      post('a', 1, { isRepost: true, repostOf: '100' }),
      post('b', 2, { isRepost: true, repostOf: '200' }),
      post('a', 3, { hashtags: ['x', 'y'] }),
    ]);
    assert.deepEqual([...batch.account], [1, 0, 1]);
    assert.deepEqual(batch.newAccounts, ['a']);
    assert.deepEqual([...batch.keys], [1, 0]);
    assert.deepEqual(batch.newKeys, ['100']);
    assert.deepEqual([...batch.objects], [1, 0]);
    assert.deepEqual(batch.newObjects, [['x']]);
    assert.deepEqual(
      [accounts.strings, keys.strings, tags.strings],
      [
        ['b', 'a'],
        ['200', '100'],
        ['y', 'x'],
      ],
    );
    assert.throws(
      () =>
        new PostEncoder({
          fields: ['co-hashtag'],
          onlyRetweet: true,
          tables: { accounts, keys, objects: [] },
        }),
      /0 object tables for 1 fields/,
    );
  });

  it("reads an account's number from the reader's memo only when this encoder wrote it", () => {
    const ma = memo();
    const mb = memo();
    const row = (account: string, m: AccountMemo): EncodablePost => ({ ...post(account, 1), accountMemo: m });
    const one = new PostEncoder(options);
    const b1 = one.encode([row('a', ma), row('b', mb)]);
    assert.deepEqual([...b1.account], [0, 1]);
    assert.deepEqual([ma.owner === one, ma.n, mb.n], [true, 0, 1]);
    // Another encoder numbers the same accounts in its own order, whatever the memos say.
    const two = new PostEncoder(options);
    const b2 = two.encode([row('b', mb), row('a', ma), row('a', ma), row('c', memo())]);
    assert.deepEqual([...b2.account], [0, 1, 1, 2]);
    assert.deepEqual(b2.newAccounts, ['b', 'a', 'c']);
    // Its own memo is read instead of the account string (the string is not looked up again).
    ma.n = 7;
    const b3 = two.encode([row('a', ma), row('zzz', ma)]);
    assert.deepEqual([...b3.account], [7, 7]);
    assert.deepEqual(b3.newAccounts, []);
  });

  it('gives the same batch with and without memos', () => {
    const posts: Post[] = ['a', 'b', 'a', 'c', 'b', 'a'].map((a, i) =>
      post(a, i, { profile: { screenName: `${a}-${i}` } }),
    );
    const memos = new Map(['a', 'b', 'c'].map((a) => [a, memo()]));
    const plain = new PostEncoder(options);
    const memoed = new PostEncoder(options);
    const x = plain.encode(posts);
    const y = memoed.encode(posts.map((p) => ({ ...p, accountMemo: memos.get(p.account)! })));
    assert.deepEqual(y, x);
    assert.deepEqual(memoed.tail(), plain.tail());
  });

  it('sends the texts as UTF-8 bytes with textBytes: the same texts in the same order, copied from a view', () => {
    const posts: Post[] = [
      post('a', 1, { text: 'plain original' }),
      post('b', 2, { isRepost: true, repostOf: '9', text: 'RT first – naïve 🙂' }),
      post('c', 3, { isRepost: true, repostOf: '9', text: 'RT again (not sent)' }),
      post('d', 4, { text: 'é'.repeat(40) + ' a text over 64 bytes, copied natively' }),
      post('e', 5),
    ];
    const asStrings = new PostEncoder(options).encode(posts);
    const sink = new PostEncoder({ ...options, textBytes: true });
    // A view's copyText: the CSV's bytes (here the text's own), not a string.
    let copied = 0;
    const asBytes = sink.encode(
      posts.map((p) => ({
        ...p,
        hasText: p.text !== undefined,
        copyText: (into: { bytes(src: Uint8Array, s: number, e: number): void }) => {
          const b = Buffer.from(`..${p.text!}`);
          into.bytes(b, 2, b.length);
          copied++;
          return true;
        },
      })),
    );
    assert.equal(copied, 3);
    assert.deepEqual(asBytes.strs, []);
    const t = asBytes.texts!;
    const decoded = [...t.ends].map((end, i) =>
      Buffer.from(t.bytes).toString('utf8', i === 0 ? 0 : t.ends[i - 1], end),
    );
    assert.deepEqual(decoded, asStrings.strs);
    assert.deepEqual(
      { ...asBytes, strs: [], texts: undefined },
      { ...asStrings, strs: [], texts: undefined },
    );
    // Posts without copyText (a Post) are written from their string.
    const fromPosts = new PostEncoder({ ...options, textBytes: true }).encode(posts);
    assert.deepEqual(fromPosts.texts, asBytes.texts);
  });

  it("fills a consumed batch's buffers again after recycle, with the batch a fresh encoder gives", () => {
    const opts = { fields: ['co-hashtag'], onlyRetweet: true, idBytes: true, textBytes: true } as const;
    const posts = (from: number, n: number): Post[] =>
      Array.from({ length: n }, (_, i) =>
        post(`acc${(from + i) % 7}`, from + i, {
          id: `id${from + i}`,
          text: `text ${from + i} #t${i % 3}`,
          hashtags: [`t${i % 3}`],
        }),
      );
    const plain = new PostEncoder(opts);
    const recycling = new PostEncoder(opts);
    const batches = (e: PostEncoder, recycle: boolean): EncodedBatch[] => {
      const out: EncodedBatch[] = [];
      for (let b = 0; b < 4; b++) {
        // Batches of 10 to 60 posts: a recycled buffer is sometimes too small and grows.
        for (const p of posts(b * 100, 10 + 15 * ((b * 5) % 4))) e.add(p);
        const batch = e.flush();
        // The consumer copies what it keeps (as collectActions does), then hands the buffers back.
        out.push(structuredClone(batch));
        if (recycle) {
          const buffers = batchBuffers(batch);
          if (b > 0)
            assert.ok(
              buffers.some((x) => spareSeen.has(x)),
              'filled in a recycled buffer',
            );
          for (const x of buffers) spareSeen.add(x);
          e.recycle(buffers);
        }
      }
      return out;
    };
    const spareSeen = new Set<ArrayBuffer>();
    const fresh = batches(plain, false);
    const again = batches(recycling, true);
    const content = (b: EncodedBatch): unknown => ({
      ...b,
      account: [...b.account],
      time: [...b.time],
      flags: [...b.flags],
      counts: [...b.counts],
      objects: [...b.objects],
      keys: [...b.keys],
      ids: Buffer.from(b.ids!.bytes).toString() + [...b.ids!.ends].join(),
      texts: Buffer.from(b.texts!.bytes).toString() + [...b.texts!.ends].join(),
    });
    assert.deepEqual(again.map(content), fresh.map(content));
    assert.throws(() => {
      recycling.recycle([new ArrayBuffer(64)]);
      recycling.add(posts(0, 1)[0]!);
    }, /1 spare buffers for a batch of 10/);
  });
});
