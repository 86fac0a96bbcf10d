/**
 * The same CooRTweet pair counting as SQL on DuckDB gives identical edges to the typed-array engine
 * (through `detect`, semantics 'coortweet') on both shared data sets.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Behaviour } from '../../core/behaviour.js';
import type { Post } from '../../core/post.js';
import { detect } from '../pipeline.js';
import { germanPosts, russianPosts } from '../test-helpers/coortweet-csv.js';
import { coortweetEdgesSql } from './parity-sql.js';

const objectsOf: Partial<Record<Behaviour, (p: Post) => string[]>> = {
  'co-retweet': (p) => (p.repostOf ? [p.repostOf] : []),
  'co-link': (p) => p.urls,
  'co-hashtag': (p) => p.hashtags,
};

async function sqlEdges(
  conn: DuckDBConnection,
  posts: Post[],
  behaviour: Behaviour,
  window: number,
  minP: number,
): Promise<Map<string, number>> {
  await conn.run(
    'CREATE OR REPLACE TABLE rows (object_id VARCHAR, account_id VARCHAR, content_id VARCHAR, ts DOUBLE)',
  );
  const app = await conn.createAppender('rows');
  for (const p of posts) {
    for (const o of objectsOf[behaviour]!(p)) {
      app.appendVarchar(o);
      app.appendVarchar(p.account);
      if (p.id === undefined) app.appendNull();
      else app.appendVarchar(p.id);
      app.appendDouble(p.time);
      app.endRow();
    }
  }
  app.closeSync();
  const reader = await conn.runAndReadAll(coortweetEdgesSql('rows', window, minP));
  const out = new Map<string, number>();
  for (const [a, b, w] of reader.getRowsJS()) out.set(`${a as string} ${b as string}`, Number(w));
  return out;
}

async function engineEdges(posts: Post[], behaviour: Behaviour, window: number, minP: number) {
  const r = await detect(posts, {
    semantics: 'coortweet',
    behaviours: [behaviour],
    window,
    minParticipation: minP,
  });
  return new Map(r.edges.map((e) => [`${e.a} ${e.b}`, e.weight]));
}

describe('CooRTweet pair counting as SQL on DuckDB', async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  after(() => {
    conn.closeSync();
    instance.closeSync();
  });
  const russian = russianPosts();
  const german = germanPosts();
  const cases: [string, Post[], Behaviour, number, number][] = [
    ['russian', russian, 'co-retweet', 10, 2],
    ['russian', russian, 'co-retweet', 30, 5],
    ['german', german, 'co-link', 10, 2],
    ['german', german, 'co-hashtag', 30, 5],
  ];
  for (const [name, posts, behaviour, window, minP] of cases) {
    it(`${name} ${behaviour} window ${window} min participation ${minP}: identical edges`, async () => {
      const sql = await sqlEdges(conn, posts, behaviour, window, minP);
      const engine = await engineEdges(posts, behaviour, window, minP);
      assert.ok(sql.size > 0);
      assert.equal(engine.size, sql.size);
      for (const [k, w] of sql) assert.equal(engine.get(k), w, k);
    });
  }
});
