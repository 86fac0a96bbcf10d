import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BEHAVIOURS } from '../../core/behaviour.js';
import type { Post } from '../../core/post.js';
import { post } from '../signals/test-factories.js';
import { collectActions, textOf, type ActionTable } from './actions.js';
import type { EncodedPostSource } from './encoded-batch.js';
import { encodePosts } from './post-batch.js';

const POSTS: Post[] = [
  post('a', 100, {
    id: '1',
    text: 'Vote for the bridge now friends http://x.co/1',
    hashtags: ['bridge', ''],
    urls: ['https://x.example/1'],
    domains: ['x.example'],
    profile: { screenName: 'alpha', followers: 5 },
  }),
  post('b', 110, { id: '2', isRepost: true, repostOf: '1', text: 'RT @a: Vote…', hashtags: ['bridge'] }),
  post('c', 120, { id: '3', isRepost: true, text: 'RT @a: vote for the bridge now friends' }),
  post('d', 130, { id: '4', isRepost: true, text: 'RT @a:  VOTE for the bridge now friends' }),
  post('e', 140, { id: '5', text: 'VOTE for the  bridge now friends' }),
  post('e', 150, { id: '6', text: 'lol ok', mentions: ['a'], replyTo: '1' }),
  post('f', 160, { id: '7', repostOf: '1', text: 'quoting this one right here' }),
  post('a', 90, { text: 'an earlier post read later', profile: { screenName: 'alpha-old', followers: 1 } }),
];

function table(r: { tables: ActionTable[] }, b: string): [string, number][] {
  const t = r.tables.find((x) => x.behaviour === b)!;
  return [...t.object].map((o, i) => [t.objects.str(o), t.post[i]!]);
}

describe('collectActions', () => {
  it('builds the action tables each behaviour is defined by (docs/DETECT.md)', async () => {
    const r = await collectActions(POSTS, { behaviours: BEHAVIOURS, repostsOnlyRetweet: true });
    const { columns } = r;
    assert.equal(columns.count, 8);
    assert.deepEqual(columns.accounts.strings, ['a', 'b', 'c', 'd', 'e', 'f']);
    // A known target id, the same normalised retweet text (IRA layout), and a non-repost's repostOf.
    assert.deepEqual(table(r, 'co-retweet'), [
      ['1', 1],
      ['rt:a:vote for the bridge now friends', 2],
      ['rt:a:vote for the bridge now friends', 3],
      ['1', 6],
    ]);
    // Original texts only, normalised (case, spaces, URLs); fewer than 4 words is not a co-post.
    assert.deepEqual(table(r, 'co-post'), [
      ['vote for the bridge now friends', 0],
      ['vote for the bridge now friends', 4],
      ['quoting this one right here', 6],
      ['an earlier post read later', 7],
    ]);
    // Lockstep mode: the repost's hashtag is its original's, so it is not counted again; '' dropped.
    assert.deepEqual(table(r, 'co-hashtag'), [['bridge', 0]]);
    assert.deepEqual(table(r, 'co-reply'), [['1', 5]]);
    assert.deepEqual(table(r, 'co-mention'), [['a', 5]]);
    assert.deepEqual(table(r, 'co-link'), [['https://x.example/1', 0]]);
    assert.deepEqual(table(r, 'co-domain'), [['x.example', 0]]);
    assert.equal(r.tables.find((t) => t.behaviour === 'co-image')!.object.length, 0);
  });

  it('keeps one example text per distinct text, the id, flags and the latest profile', async () => {
    const { columns } = await collectActions(POSTS, { behaviours: ['co-post'], internPostIds: true });
    assert.equal(
      textOf(columns, 4),
      'Vote for the bridge now friends http://x.co/1',
      "the first post's text",
    );
    assert.equal(
      textOf(columns, 3),
      'RT @a: vote for the bridge now friends',
      'first text of the retweet key',
    );
    assert.equal(textOf(columns, 1), 'RT @a: Vote…');
    assert.equal(columns.rawTexts.length, 6);
    assert.deepEqual(columns.ids.toArray(), ['1', '2', '3', '4', '5', '6', '7', undefined]);
    assert.deepEqual([...columns.content], [0, 1, 2, 3, 4, 5, 6, -1]);
    assert.deepEqual([...columns.flags], [4, 1, 1, 1, 0, 2, 0, 0]);
    // Post 8 is older than post 1: the profile of the latest post wins, the first screen name stays.
    assert.equal(columns.profiles[0]?.screenName, 'alpha');
    assert.equal(columns.screenNames.get(0), 'alpha');
    assert.equal(columns.profiles[1], undefined);
  });

  it('counts a repost in every behaviour when not in lockstep mode', async () => {
    const r = await collectActions(POSTS, { behaviours: ['co-hashtag'], repostsOnlyRetweet: false });
    assert.deepEqual(table(r, 'co-hashtag'), [
      ['bridge', 0],
      ['bridge', 1],
    ]);
  });

  it('builds the same columns from pre-encoded batches sent across a structured clone', async () => {
    const options = { behaviours: BEHAVIOURS, internPostIds: true } as const;
    const source: EncodedPostSource = {
      async *open(encoderOptions) {
        for await (const m of encodePosts(POSTS, encoderOptions, 3)) yield structuredClone(m);
      },
    };
    const direct = await collectActions(POSTS, options);
    const cloned = await collectActions(source, options);
    assert.deepEqual(cloned.columns.profiles, direct.columns.profiles);
    assert.deepEqual([...cloned.columns.textRef], [...direct.columns.textRef]);
    for (const b of BEHAVIOURS.filter((x) => x !== 'co-similar'))
      assert.deepEqual(table(cloned, b), table(direct, b));
  });

  it('builds the same columns from texts sent as UTF-8 bytes, on and off the byte normaliser', async () => {
    // ASCII and emoji texts take engine/utf8-normalise.ts; accents, "…" and U+00A0 take normaliseText.
    const texts = [
      'Vote for the bridge now friends http://x.co/1',
      'VOTE for  the bridge now friends https://y.co/2 ...',
      'vote for the bridge now friends 🙂',
      'Vote for the bridge now friends\u00a0🙂',
      'Über die Brücke jetzt, Freunde …',
      'über die brücke jetzt, freunde',
      'lol ok',
      'VOTE for the bridge now friends',
    ];
    const posts: Post[] = [
      ...POSTS,
      ...texts.map((text, i) => post(`t${i % 3}`, 200 + i, { id: `t${i}`, text })),
      ...texts.map((text, i) => post(`u${i % 2}`, 300 + i, { id: `u${i}`, text: text.toUpperCase() })),
    ];
    const options = { behaviours: BEHAVIOURS, internPostIds: true } as const;
    const source: EncodedPostSource = {
      async *open(encoderOptions) {
        for await (const m of encodePosts(posts, { ...encoderOptions, textBytes: true }, 5)) yield m;
      },
    };
    const direct = await collectActions(posts, options);
    const bytes = await collectActions(source, options);
    assert.deepEqual(bytes.columns.originalTexts.strings, direct.columns.originalTexts.strings);
    assert.deepEqual([...bytes.columns.originalText], [...direct.columns.originalText]);
    assert.deepEqual([...bytes.columns.textRef], [...direct.columns.textRef]);
    assert.deepEqual(bytes.columns.rawTexts, direct.columns.rawTexts);
    for (const b of BEHAVIOURS.filter((x) => x !== 'co-similar'))
      assert.deepEqual(table(bytes, b), table(direct, b));
    assert.equal(direct.columns.originalTexts.get('vote for the bridge now friends'), 0);
  });

  it('fails loudly when a source ends without its tail', async () => {
    const source: EncodedPostSource = {
      async *open(encoderOptions) {
        for await (const m of encodePosts(POSTS, encoderOptions)) if (m.kind === 'batch') yield m;
      },
    };
    await assert.rejects(collectActions(source, { behaviours: ['co-post'] }), /without its tail/);
  });
});
