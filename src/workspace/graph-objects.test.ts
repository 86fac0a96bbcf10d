import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Post } from '../core/post.js';
import { graphObjectsPageSchema } from './api-schema.js';
import { DashboardDigest } from './dashboard/digest.js';
import { objectsPage, OBJECTS_PER_KIND } from './graph-objects.js';

const T0 = Date.UTC(2024, 2, 4) / 1000;
const post = (account: string, hour: number, over: Partial<Post> = {}): Post => ({
  account,
  time: T0 + hour * 3600,
  hashtags: [],
  mentions: [],
  urls: [],
  domains: [],
  images: [],
  isRepost: false,
  source: { file: 't.csv', line: 1 },
  ...over,
});
const retweet = (account: string, hour: number, id: string, author: string, text: string): Post =>
  post(account, hour, {
    isRepost: true,
    repostOf: id,
    repostOfAccount: author,
    text: `RT @${author}: ${text}`,
  });

const positions = new Map([
  ['a', { x: 0, y: 0 }],
  ['b', { x: 10, y: 0 }],
  ['c', { x: 0, y: 10 }],
]);
const names = new Map([
  ['a', 'alpha'],
  ['b', 'beta'],
  ['c', 'gamma'],
  ['lead', 'leader'],
]);

function digestOf(posts: Post[], accounts = ['a', 'b', 'c']): DashboardDigest {
  const d = new DashboardDigest(new Set(accounts));
  for (const p of posts) d.add(p);
  return d;
}

describe('objectsPage', () => {
  const posts = [
    retweet('a', 1, 'p1', 'lead', 'vote on the wrong day'),
    retweet('a', 2, 'p1', 'lead', 'vote on the wrong day'),
    retweet('b', 3, 'p1', 'lead', 'vote on the wrong day'),
    retweet('b', 4, 'p2', 'lead', 'second post'),
    retweet('c', 5, 'p3', 'other', 'only one account retweets this'),
    post('a', 1, { hashtags: ['#Rigged'], urls: ['https://x.example/a'], domains: ['x.example'] }),
    post('c', 7, { hashtags: ['#rigged'], urls: ['https://x.example/b'], domains: ['X.example'] }),
    post('c', 9, { hashtags: ['#rigged'] }),
    // Not a result account: counts for nothing here.
    post('zz', 1, { hashtags: ['#rigged', '#alone'] }),
  ];
  const page = graphObjectsPageSchema.parse(
    objectsPage(digestOf(posts).perAccount, positions, names, 1, 100),
  );
  const byId = new Map(page.objects.map((o) => [o.id, o]));
  const tie = (account: string, object: string) =>
    page.edges.find((e) => e.account === account && e.object === object);

  it('keeps objects at least two of the run accounts acted on, with their reach', () => {
    assert.deepEqual([...byId.keys()].sort(), [
      'account:lead',
      'domain:x.example',
      'hashtag:rigged',
      'post:p1',
    ]);
    // p2 (one account), p3 (one account), the URLs (one account each) and #alone (not a run account).
    assert.equal(page.candidates, 4);
    const p1 = byId.get('post:p1')!;
    assert.equal(p1.accounts, 2);
    assert.equal(p1.actions, 3);
    assert.equal(p1.author, 'lead');
    assert.equal(p1.text, 'vote on the wrong day');
    assert.equal(p1.label, 'retweets of @leader: vote on the wrong day');
    assert.equal(byId.get('hashtag:rigged')!.label, '#rigged');
    assert.equal(byId.get('account:lead')!.label, '@leader');
  });

  it("weighs each tie by that account's actions on the object", () => {
    assert.equal(tie('a', 'post:p1')!.weight, 2);
    assert.equal(tie('b', 'post:p1')!.weight, 1);
    // A retweeted account folds the account's retweets of all its posts: b retweeted p1 and p2.
    assert.equal(tie('b', 'account:lead')!.weight, 2);
    assert.equal(tie('c', 'hashtag:rigged')!.weight, 2);
    assert.equal(tie('c', 'account:lead'), undefined);
    assert.equal(page.edges.length, page.edgeTotal);
    // Times: the hours of the first and last action.
    assert.equal(tie('c', 'hashtag:rigged')!.first, new Date((T0 + 7 * 3600) * 1000).toISOString());
    assert.equal(tie('c', 'hashtag:rigged')!.last, new Date((T0 + 10 * 3600 - 1) * 1000).toISOString());
  });

  it("places an object near the weighted mean of its accounts' positions", () => {
    // p1: a (0,0) twice, b (10,0) once → (3.33, 0), nudged by span / 80 to 3 × span / 80.
    const p1 = byId.get('post:p1')!;
    const off = Math.hypot(p1.x - 10 / 3, p1.y);
    assert.ok(off >= 10 / 80 - 1e-9 && off <= (3 * 10) / 80 + 1e-9, `${p1.x},${p1.y}`);
  });

  it('bounds the objects per kind and the ties, keeping every account and object a tie', () => {
    const many: Post[] = [];
    const accounts = Array.from({ length: 12 }, (_, i) => `r${i}`);
    // OBJECTS_PER_KIND + 30 hashtags, hashtag k used by (k % 5) + 2 accounts.
    for (let k = 0; k < OBJECTS_PER_KIND + 30; k++)
      for (let j = 0; j < (k % 5) + 2; j++)
        many.push(post(accounts[(k + j) % 12]!, 1, { hashtags: [`h${k}`] }));
    const pos = new Map(accounts.map((a, i) => [a, { x: i, y: 0 }]));
    const small = objectsPage(digestOf(many, accounts).perAccount, pos, new Map(), 1, 250);
    assert.equal(small.candidates, OBJECTS_PER_KIND + 30);
    assert.ok(small.edgeTotal > 250);
    assert.equal(small.edges.length, 250);
    // The kind's 200 with most accounts: the 184 with 3–6, then 16 of the 46 with 2.
    assert.equal(small.objects.length, OBJECTS_PER_KIND);
    assert.equal(small.objects.filter((o) => o.accounts === 2).length, OBJECTS_PER_KIND - 184);
    // Both ends' strongest ties go first: every account and every kept object has a tie.
    const tiedAccounts = new Set(small.edges.map((e) => e.account));
    assert.equal(tiedAccounts.size, accounts.length);
    const tiedObjects = new Set(small.edges.map((e) => e.object));
    assert.deepEqual(new Set(small.objects.map((o) => o.id)), tiedObjects);
  });
});
