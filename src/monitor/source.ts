/**
 * What every live source hands the monitor: batches of items, each either an event with its resume
 * position, its de-duplication key and its raw text (journalled as is, decoded again on restart), or
 * a bad frame with its reason. Positions only grow within a source (Jetstream: time_us; JSON lines:
 * the line number), so "already processed" is "position below the high-water mark, or at it with a
 * key already seen" (src/monitor/dedupe.ts).
 */
import type { Post } from '../core/post.js';

export interface SourceEvent {
  bad?: undefined;
  /** Resume position: Jetstream time_us, or a JSON-lines line number. */
  pos: number;
  /** Identity of the event for de-duplication among events at the same position. */
  key: string;
  /** The frame or line as received, for the journal. */
  raw: string;
  /**
   * `raw`'s UTF-8 bytes as received, when the source has them (a WebSocket frame): the journal copies
   * them rather than encoding `raw` again.
   */
  rawBytes?: Uint8Array;
  /** Event time, Unix seconds. */
  time: number;
  /** The posts the event carries (none for deletes, likes, account events …). */
  posts: Post[];
  /** A handle the event announced for its account (Jetstream identity events). */
  handle?: { account: string; handle: string };
  /** The source itself recognised a repeat (Mastodon: a status id already seen); counted, then dropped. */
  duplicate?: true;
}

export interface BadFrame {
  bad: string;
  raw: string;
}

export type SourceItem = SourceEvent | BadFrame;

export interface LiveSource {
  /** For the status line and errors: "jetstream ws://…", "ndjson FILE". */
  readonly label: string;
  /**
   * Items from the position after `resume` (undefined: from the live head / the start of the file).
   * Ends when a finite source ends or `signal` aborts.
   */
  items(resume: number | undefined, signal: AbortSignal): AsyncIterable<SourceItem[]>;
  /**
   * True while the source is fetching history before its live frames (Mastodon's REST backfill or
   * catch-up): `--until-idle` does not count that silence.
   */
  fetchingHistory?(): boolean;
  /** Decodes a journal line written from this source (`pos` and `raw` as journalled). */
  decode(raw: string, pos: number): SourceItem;
}
