/**
 * `ShownPosts` (engine/shown-posts.ts) for `--engine duckdb --duckdb-read on`: every post's id and text
 * reference, and the raw text of each reference, written by DuckDB's reading (duckdb-input-columns.ts)
 * to two Parquet files in a folder of its own under DuckDB's temp directory, and fetched back only for
 * the posts a run shows. Node holds nothing per post for them (it held ~31 B a post, plus every distinct
 * raw text); the files hold them compressed on disk, not in DuckDB's memory, since the reading's database
 * stays open beside the counting's until the evidence is written.
 *
 * Files: `posts.parquet (post INTEGER, id VARCHAR, ref INTEGER)` — `ref` the post's index into the raw
 * texts (NULL: no text), as `PostColumns.textRef` — and `texts.parquet (ref INTEGER, raw VARCHAR)`.
 *
 * Cost: writing, one COPY of each (a join over the kept rows; zstd). Each fetch: one query, a scan of
 * `posts.parquet`'s `post` (or `id`) column against the wanted set and a semi-join into the texts: at
 * 3M posts tens of milliseconds (bench/RESULTS.md, h-lazy). Node memory: the fetched posts only.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { notFetched, type ShownPosts } from '../engine/shown-posts.js';
import { eachRow } from './duckdb-count.js';
import type { DuckDbCounter } from './duckdb-engine.js';

const lit = (s: string): string => `'${s.replaceAll("'", "''")}'`;

export class DuckDbShownPosts implements ShownPosts {
  /** Fetched posts → id (undefined: the post has none). */
  private readonly idOf = new Map<number, string | undefined>();
  /** Fetched posts (`load`) → shown text. */
  private readonly textAt = new Map<number, string | undefined>();
  /** Every id `loadIds` asked for, and the posts found with one, in post order. */
  private readonly askedIds = new Set<string>();
  private found: [number, string][] = [];

  private constructor(
    private readonly counter: DuckDbCounter,
    private readonly dir: string,
    readonly length: number,
  ) {}

  /**
   * Writes the files from the reading's tables: `posts` is SQL giving `(post, id, ref)` for every post
   * (any order), `texts` SQL giving `(ref, raw)`; `count` posts in all.
   */
  static async write(
    counter: DuckDbCounter,
    posts: string,
    texts: string,
    count: number,
  ): Promise<DuckDbShownPosts> {
    const { conn } = counter;
    const [[temp]] = (await conn.runAndReadAll("SELECT current_setting('temp_directory')")).getRowsJS() as [
      [string],
    ];
    await mkdir(temp, { recursive: true });
    const dir = await mkdtemp(join(temp, 'shown-'));
    const shown = new DuckDbShownPosts(counter, dir, count);
    try {
      await conn.run(`COPY (${posts}) TO ${lit(shown.file('posts'))} (FORMAT parquet, COMPRESSION zstd)`);
      await conn.run(`COPY (${texts}) TO ${lit(shown.file('texts'))} (FORMAT parquet, COMPRESSION zstd)`);
    } catch (e) {
      await shown.close();
      throw e;
    }
    return shown;
  }

  private file(name: 'posts' | 'texts'): string {
    return join(this.dir, `${name}.parquet`);
  }

  /** `shown_want(<column>)` holding `values`, appended on a second connection. */
  private async want(column: 'post INTEGER' | 'id VARCHAR', values: Iterable<number | string>) {
    await this.counter.conn.run(`CREATE OR REPLACE TABLE shown_want (${column})`);
    const writer = await this.counter.connect();
    try {
      const app = await writer.createAppender('shown_want');
      for (const v of values) {
        if (typeof v === 'number') app.appendInteger(v);
        else app.appendVarchar(v);
        app.endRow();
      }
      app.closeSync();
    } finally {
      writer.closeSync();
    }
  }

  async load(posts: Iterable<number>): Promise<void> {
    const wanted = new Set<number>();
    for (const p of posts) if (p >= 0 && p < this.length && !this.textAt.has(p)) wanted.add(p);
    if (wanted.size === 0) return;
    await this.want('post INTEGER', wanted);
    try {
      await eachRow(
        this.counter.conn,
        `WITH s AS (SELECT post, id, ref FROM read_parquet(${lit(this.file('posts'))})
                    WHERE post IN (SELECT post FROM shown_want))
         SELECT s.post, s.id, t.raw FROM s LEFT JOIN
           (SELECT ref, raw FROM read_parquet(${lit(this.file('texts'))}) WHERE ref IN (SELECT ref FROM s)) t
           ON t.ref = s.ref`,
        (r) => {
          const p = r[0] as number;
          this.idOf.set(p, (r[1] as string | null) ?? undefined);
          this.textAt.set(p, (r[2] as string | null) ?? undefined);
          wanted.delete(p);
        },
      );
    } finally {
      await this.counter.conn.run('DROP TABLE IF EXISTS shown_want');
    }
    if (wanted.size > 0) throw new Error(`shown posts: ${wanted.size} posts missing from ${this.dir}`);
  }

  async loadIds(wanted: ReadonlySet<string>): Promise<void> {
    const fresh = [...wanted].filter((id) => !this.askedIds.has(id));
    if (fresh.length === 0) return;
    await this.want('id VARCHAR', fresh);
    try {
      await eachRow(
        this.counter.conn,
        `SELECT post, id FROM read_parquet(${lit(this.file('posts'))})
         WHERE id IN (SELECT id FROM shown_want)`,
        (r) => {
          const p = r[0] as number;
          const id = r[1] as string;
          this.idOf.set(p, id);
          this.found.push([p, id]);
        },
      );
    } finally {
      await this.counter.conn.run('DROP TABLE IF EXISTS shown_want');
    }
    for (const id of fresh) this.askedIds.add(id);
    this.found.sort((x, y) => x[0] - y[0]);
  }

  get(p: number): string | undefined {
    if (p < 0 || p >= this.length) return undefined;
    if (!this.idOf.has(p)) throw notFetched('the id of post', p);
    return this.idOf.get(p);
  }

  text(p: number): string | undefined {
    if (!this.textAt.has(p)) throw notFetched('the text of post', p);
    return this.textAt.get(p);
  }

  /** The posts with an id in `wanted` (every one asked for by `loadIds`), in post order. */
  forEachIn(wanted: ReadonlySet<string>, visit: (p: number, id: string) => void): void {
    for (const id of wanted) if (!this.askedIds.has(id)) throw notFetched('post id', id);
    for (const [p, id] of this.found) if (wanted.has(id)) visit(p, id);
  }

  toArray(): (string | undefined)[] {
    return Array.from({ length: this.length }, (_, p) => this.get(p));
  }

  /** Removes the files (the reading's database is closed by its owner). */
  async close(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
