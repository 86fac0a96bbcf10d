/**
 * Post ids and shown texts kept outside Node (`--engine duckdb --duckdb-read on`: in DuckDB's files,
 * sql/duckdb-shown-posts.ts) and fetched only for the posts a run shows. Detection never reads a post's
 * id or raw text while counting, testing or clustering: only a network's example posts and top-object
 * labels (engine/evidence.ts) and the authors of amplified objects (engine/amplified.ts) do, after
 * clustering — a few posts per network. Keeping them in Node cost ~27 B a post for the id (engine/
 * id-column.ts), 4 B for the text reference and the raw text of every distinct normalised text: at 100M
 * posts ~3 GB plus the texts (docs/SCALING.md, "What 100M still needs").
 *
 * The reader of `PostColumns` fetches first (`load`, `loadIds`: one query each), then reads through the
 * same synchronous `PostIds` and `textOf` as the in-memory columns. Reading a post that was not fetched
 * is an error, not `undefined`: a missing fetch must not turn into a missing example silently.
 */
import type { PostIds } from './id-column.js';

export interface ShownPosts extends PostIds {
  /** Fetches the ids and shown texts of `posts` (one query; none for an empty list). */
  load(posts: Iterable<number>): Promise<void>;
  /**
   * Fetches every post whose id is in `wanted` (one query; none for an empty set), so that
   * `forEachIn(wanted, …)` answers from what was fetched.
   */
  loadIds(wanted: ReadonlySet<string>): Promise<void>;
  /** Post `p`'s shown text (engine/actions.ts `textOf`), or undefined when it has none. */
  text(p: number): string | undefined;
}

/** Thrown when a post's id or text is read before it was fetched (a bug in the caller). */
export function notFetched(what: string, p: number | string): Error {
  return new Error(`shown posts: ${what} ${String(p)} read before it was fetched (load/loadIds first)`);
}
