/**
 * The encoded post batch: what a post encoder (engine/post-batch.ts) reads of a post (`EncodablePost`)
 * and what it sends (`EncodedBatch`, `EncodedTail`) to detect's column builder (engine/actions.ts) —
 * flags, options and message types, shared by the encoder, its sources (cli/read, the monitor's window)
 * and the consumers. engine/post-batch.ts says why posts cross threads in this shape.
 */
import type { Behaviour } from '../../core/behaviour.js';
import type { AccountProfile, Post } from '../../core/post.js';
import type { AccountMemo, IdSink } from '../../core/row-handoff.js';
import type { InternedBatch, InternedTail } from './batch-intern.js';

/** Behaviours whose objects come straight from Post fields. */
export type FieldBehaviour = Exclude<Behaviour, 'co-similar' | 'co-post' | 'co-retweet'>;

export const FIELD_BEHAVIOURS: readonly FieldBehaviour[] = [
  'co-link',
  'co-domain',
  'co-hashtag',
  'co-mention',
  'co-image',
  'co-reply',
];

/**
 * What the encoder reads of a post: a Post, or a reader's view of one CSV row read in place
 * (ingest/formats/twitter-io.ts `IoRow`), whose fields are decoded only when read — so a repost's
 * text, hashtags and mentions, which lockstep mode never uses, are never decoded.
 */
export type EncodablePost = Pick<
  Post,
  | 'id'
  | 'account'
  | 'time'
  | 'text'
  | 'isRepost'
  | 'repostOf'
  | 'replyTo'
  | 'replyToAccount'
  | 'hashtags'
  | 'mentions'
  | 'urls'
  | 'domains'
  | 'images'
  | 'profile'
> & {
  /** `text !== undefined && text !== ''`, known without decoding the text (a view sets it). */
  readonly hasText?: boolean;
  /**
   * Writes the id's UTF-8 into `sink` (raw bytes, no string) and returns true, or returns false when the
   * post has no id (a view has it; with `EncoderOptions.idBytes`).
   */
  copyId?(sink: IdSink): boolean;
  /**
   * Writes the text's UTF-8 into `sink` and returns true (a view has it; with `EncoderOptions.textBytes`,
   * called only when `hasText`), so the text is neither decoded nor cloned as a string in the worker.
   */
  copyText?(sink: IdSink): boolean;
  /**
   * Where the reader keeps the encoder's number for this row's account (a view's profile cache), so
   * that a repeated account is not looked up by its string; read and written during `add` only.
   */
  readonly accountMemo?: AccountMemo;
};

export const FLAG_REPOST = 1;
export const FLAG_REPLY = 2;
export const FLAG_URL = 4;
/** The column flags above; the bits below say which strings follow in `strs`, in this order. */
export const COLUMN_FLAGS = FLAG_REPOST | FLAG_REPLY | FLAG_URL;
export const HAS_ID = 8;
export const HAS_KEY = 16;
/** An original's text, which the consumer normalises (measured: that balances the two threads). */
export const ORIGINAL_TEXT = 32;
/** A repost with a text (and HAS_KEY): its key's example text is the first such text. */
export const HAS_TEXT = 64;
/**
 * With HAS_TEXT: the first text this encoder saw for the post's retweet key, which follows in `strs`.
 * Later texts of the same key are not sent: the columns keep only the first (measured: 450k repost
 * texts cloned across threads for 88k keys on 1M simulated IRA posts).
 */
export const FIRST_TEXT = 128;

export interface EncoderOptions {
  /** Field behaviours to extract, in the order of `EncodedBatch.counts`. */
  fields: readonly FieldBehaviour[];
  /** Lockstep mode: a repost acts only in co-retweet (see CollectOptions). */
  onlyRetweet: boolean;
  /**
   * Post ids as UTF-8 bytes in `EncodedBatch.ids` (transferred) instead of strings in `strs`: the read
   * worker copies them from the CSV bytes, and the column builder appends them to its id column
   * (engine/id-column.ts) without a string per post on either side.
   */
  idBytes?: boolean;
  /**
   * The texts that cross (originals', and a retweet key's first) as UTF-8 bytes in `EncodedBatch.texts`
   * (transferred) instead of strings in `strs`: a view copies them from the CSV bytes, so the read
   * worker, the critical path of reading, neither decodes nor serialises them; the column builder
   * decodes each once, as it deserialised each string before.
   */
  textBytes?: boolean;
  /**
   * Where accounts, retweet keys and each field behaviour's objects are numbered, instead of the
   * encoder's own tables: the monitor's window (incremental/window-actions.ts) passes its
   * window-lifetime interners, so a string is looked up once per post, not in the encoder's table and
   * then, when new to it, again in the window's. The `new*` lists of each batch are filled as ever.
   */
  tables?: EncoderTables;
}

/** A string → dense integer table in first-seen order (engine/dense-ids.ts, engine/intern.ts). */
export interface IdTable {
  /** The integer of `s`; a new string gets the next one (`size` before the call). */
  id(s: string): number;
  readonly size: number;
}

/** See `EncoderOptions.tables`: one table per field behaviour, in `fields` order. */
export interface EncoderTables {
  accounts: IdTable;
  keys: IdTable;
  objects: readonly IdTable[];
}

export interface EncodedBatch {
  kind: 'batch';
  count: number;
  /** Post → account integer (the encoder's, dense from 0 in first-seen order). */
  account: Int32Array;
  /** Names of the accounts first seen in this batch, in integer order. */
  newAccounts: string[];
  time: Float64Array;
  /** Column flags | HAS_* bits. */
  flags: Uint8Array;
  /** Post × field behaviour → number of objects it has in `objects`. */
  counts: Int32Array;
  /**
   * Per post, per field behaviour, in order: each object's integer in that behaviour (the encoder's,
   * dense from 0 in first-seen order, as the consumer numbers the behaviour's objects). Objects cross
   * as integers, their strings once (`newObjects`), like retweet keys.
   */
  objects: Int32Array;
  /** Per field behaviour: its objects first seen in this batch, in integer order. */
  newObjects: string[][];
  /**
   * Per post with HAS_KEY, in order: its retweet key's integer (the encoder's, dense from 0 in
   * first-seen order, as the consumer numbers co-retweet objects). Keys cross as integers: a repost's
   * key string (a tweet id, or an IRA text key of ~100 characters) was cloned across threads and hashed
   * again by the consumer for every repost.
   */
  keys: Int32Array;
  /** Retweet keys first seen in this batch, in integer order. */
  newKeys: string[];
  /** Per post: id (unless `ids`), text (each only when its bit is set). */
  strs: string[];
  /**
   * With `EncoderOptions.idBytes`: the ids of the posts with HAS_ID, UTF-8 one after the other, and the
   * end of each in `bytes`.
   */
  ids?: { bytes: Uint8Array; ends: Int32Array };
  /**
   * With `EncoderOptions.textBytes`: the texts of the posts with ORIGINAL_TEXT or FIRST_TEXT, in post
   * order, UTF-8 one after the other, and the end of each in `bytes` (then `strs` holds no text).
   */
  texts?: { bytes: Uint8Array; ends: Int32Array };
}

export interface EncodedTail {
  kind: 'tail';
  /** Account integer → the profile on its latest post. */
  profiles: (AccountProfile | undefined)[];
  /** Account integer → the first screen name seen. */
  screenNames: [number, string][];
  /**
   * Where the post behind each choice stood in the file, for merging the tails of several encoders
   * that each saw some of the file's chunks (set when `encode` was given chunk numbers): per account,
   * the time of its profile's post and that post's chunk; per `screenNames` entry, chunk × 2^24 + the
   * post's index in its chunk.
   */
  order?: { latest: number[]; profileChunk: number[]; nameAt: number[] };
}

/** What a source yields: encoded batches and a tail, or (several parse workers) interned ones. */
export type EncodedMessage = EncodedBatch | EncodedTail | InternedBatch | InternedTail;

/**
 * Where encoded batches come from: detect opens it with the encoder options it resolved, so a worker
 * can encode exactly what the run needs. The stream ends with one tail. A batch's typed arrays are
 * valid until the consumer asks for the next message: the read worker's source fills them again then
 * (engine/open-batch.ts), so a consumer copies what it keeps (engine/actions.ts does).
 */
export interface EncodedPostSource {
  open(options: EncoderOptions): AsyncIterable<EncodedMessage>;
}

export function isEncodedPostSource(x: unknown): x is EncodedPostSource {
  return typeof x === 'object' && x !== null && typeof (x as Partial<EncodedPostSource>).open === 'function';
}
