/**
 * The post ids and example texts DuckDB's reading keeps in its files (duckdb-shown-posts.ts) come back
 * as the reader gives them: for a selection of posts (one fetch), for a set of wanted ids (every post
 * with one, in post order), including an id of 4,000 characters and texts of odd UTF-8 (astral emoji,
 * combining marks, right-to-left, zero-width and a lone quote); an empty selection fetches nothing and
 * reading a post that was not fetched is an error. The whole-run comparison is
 * cli/commands/detect-duckdb-read.test.ts (every output file byte for byte).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IngestStats, readAllPosts } from '../../ingest/index.js';
import { sqlLayoutOf } from '../../ingest/sql-layouts.js';
import { collectActions, textOf, type PostColumns } from '../engine/actions.js';
import { preparedFromInput, type InputPrepared } from './duckdb-input-columns.js';
import { DuckDbCounter, loadDuckDb } from './duckdb-engine.js';

const missing = await loadDuckDb().then(
  () => false as const,
  () => 'SKIP @duckdb/node-api is not installed (optional dependency): DuckDB shown posts',
);

const HEADER =
  'tweetid,userid,user_screen_name,tweet_text,tweet_time,is_retweet,retweet_userid,retweet_tweetid,hashtags,urls,user_mentions';
const LONG_ID = `9${'0123456789'.repeat(400)}`.slice(0, 4000);
const ODD = [
  'Le Pen 🇫🇷 e\u0301lection 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 — see #vote now',
  'مرحبا بالعالم \u200f #vote zero\u200bwidth joiner 👩‍👩‍👧',
  'a "quoted" word, and a lone " mark #vote',
];

/** A small twitter-io CSV: odd texts posted twice each (examples are the first post's), a repost, a long id. */
function csv(): string {
  const q = (s: string): string => `"${s.replaceAll('"', '""')}"`;
  const rows: string[] = [];
  const row = (id: string, user: string, text: string, t: string, rt = 'False', target = ''): void => {
    rows.push([id, user, user, q(text), t, rt, '', target, '[vote]', '[]', '[]'].join(','));
  };
  row('101', 'u1', ODD[0]!, '2024-01-01 10:00');
  row('102', 'u2', ODD[0]!.toUpperCase(), '2024-01-01 10:01');
  row(LONG_ID, 'u3', ODD[1]!, '2024-01-01 10:02');
  row('104', 'u1', ODD[1]!, '2024-01-01 10:03');
  row('105', 'u2', `RT @u1: ${ODD[2]!}`, '2024-01-01 10:04', 'True', '101');
  row('106', 'u3', `RT @u1: ${ODD[2]!}`, '2024-01-01 10:05', 'True', '101');
  row('101', 'u4', 'the same id again, from another account', '2024-01-01 10:06');
  return `${HEADER}\n${rows.join('\n')}\n`;
}

describe('shown posts kept in DuckDB', { skip: missing }, () => {
  let counter: DuckDbCounter | undefined;
  let dir = '';
  let file = '';
  let got: InputPrepared | undefined;
  let want: PostColumns | undefined;
  before(async () => {
    counter = await DuckDbCounter.open({ threads: 1, memoryLimit: '512MB' });
    dir = mkdtempSync(join(tmpdir(), 'lockstep-shown-posts-'));
    file = join(dir, 'posts.csv');
    writeFileSync(file, csv());
    got = await preparedFromInput(counter, [file], { behaviours: ['co-retweet'], layoutOf: sqlLayoutOf });
    want = (
      await collectActions(readAllPosts([file], { format: 'auto' }, new IngestStats()), {
        behaviours: ['co-retweet'],
        repostsOnlyRetweet: true,
      })
    ).columns;
  });
  after(async () => {
    await got?.shown.close();
    await counter?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fetches a selection of posts: ids (a 4,000-character one) and texts of odd UTF-8', async () => {
    const g = got!.columns;
    assert.equal(g.count, 7);
    assert.throws(() => g.ids.get(2), /read before it was fetched/, 'not fetched yet');
    assert.throws(() => textOf(g, 2), /read before it was fetched/);
    await got!.shown.load([2, 4, 5]);
    for (const p of [2, 4, 5]) {
      assert.equal(g.ids.get(p), want!.ids.get(p), `id of post ${p}`);
      assert.equal(textOf(g, p), textOf(want!, p), `text of post ${p}`);
    }
    assert.equal(g.ids.get(2), LONG_ID);
    assert.equal(textOf(g, 2), ODD[1], 'the first post of a normalised text gives the example text');
    assert.equal(textOf(g, 5), `RT @u1: ${ODD[2]!}`, "a repost's text: its key's first post's");
    assert.equal(g.ids.get(99), undefined, 'no such post');
    assert.throws(() => g.ids.get(0), /read before it was fetched/, 'only the selection was fetched');
  });

  it('an empty selection fetches nothing and reads nothing', async () => {
    await got!.shown.load([]);
    await got!.shown.loadIds(new Set());
    const seen: number[] = [];
    got!.columns.ids.forEachIn(new Set(), (p) => seen.push(p));
    assert.deepEqual(seen, []);
  });

  it('finds every post with a wanted id, in post order, as the in-memory ids do', async () => {
    const wanted = new Set(['101', LONG_ID, 'no such id']);
    assert.throws(() => {
      got!.columns.ids.forEachIn(wanted, () => undefined);
    }, /read before it was fetched/);
    await got!.shown.loadIds(wanted);
    const seen = (ids: PostColumns['ids']): [number, string][] => {
      const out: [number, string][] = [];
      ids.forEachIn(wanted, (p, id) => out.push([p, id]));
      return out;
    };
    assert.deepEqual(seen(got!.columns.ids), seen(want!.ids));
    assert.deepEqual(
      seen(got!.columns.ids).map(([p]) => p),
      [0, 2, 6],
    );
  });

  it('close removes the files', async () => {
    const prepared = await preparedFromInput(counter!, [file], {
      behaviours: ['co-retweet'],
      layoutOf: sqlLayoutOf,
    });
    const [[temp]] = (
      await counter!.conn.runAndReadAll("SELECT current_setting('temp_directory')")
    ).getRowsJS() as [[string]];
    const dirs = (): string[] =>
      existsSync(temp) ? readdirSync(temp).filter((d) => d.startsWith('shown-')) : [];
    assert.equal(dirs().length, 2, "this one and the suite's");
    await prepared.shown.close();
    assert.equal(dirs().length, 1);
  });
});
