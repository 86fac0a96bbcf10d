/**
 * Turns the Post stream into columnar tables in one pass: one row per post (account, time, flags,
 * post id, a reference to its text) and, per behaviour, one row per action (object, post). Every
 * string is interned once (engine/intern.ts), so the counting stages run on Int32Array/Float64Array
 * only.
 *
 * Behaviour → object of an action (docs/DETECT.md has the full table):
 *   co-retweet  Post.repostOf; for reposts without a target id (IRA CSV) the normalised retweeted text
 *   co-link     each of Post.urls          co-domain   each of Post.domains
 *   co-hashtag  each of Post.hashtags      co-mention  each of Post.mentions
 *   co-reply    Post.replyTo               co-image    each of Post.images
 *   co-post     normalised text of an original post (≥ CO_POST_MIN_WORDS words)
 *   co-similar  near-duplicate group of an original's text (filled later from `originalTexts`)
 * In lockstep mode (`repostsOnlyRetweet`) a repost acts only in co-retweet.
 *
 * Texts: each original's text is normalised once; its distinct normalised text is both the co-post
 * object and the co-similar input, and only the first raw text per distinct text (or per retweeted
 * object) is kept, for example posts — not one string per post.
 *
 * Cost: O(total actions + total text length) time; memory ≈ 8 bytes per action + 22 bytes per post +
 * the interned strings and distinct texts.
 */
import type { Behaviour } from '../../core/behaviour.js';
import type { AccountProfile, Post } from '../../core/post.js';
import { ChunkedFloat64, ChunkedInt32, ChunkedUint8 } from '../../core/chunked-column.js';
import { IdColumn, type PostIds } from './id-column.js';
import type { ShownPosts } from './shown-posts.js';
import { Interner } from './intern.js';
import { CO_POST_MIN_WORDS, hasCoPostWords, normaliseText } from './text.js';
import { TextInterner } from './text-interner.js';
import { Utf8Normaliser } from './utf8-normalise.js';
import { InternedColumns } from './interned-columns.js';
import { encodePosts } from './post-batch.js';
import {
  COLUMN_FLAGS,
  FIRST_TEXT,
  FIELD_BEHAVIOURS,
  HAS_ID,
  HAS_KEY,
  HAS_TEXT,
  ORIGINAL_TEXT,
  isEncodedPostSource,
  type EncodedBatch,
  type EncodedPostSource,
  type EncodedTail,
  type EncoderOptions,
  type FieldBehaviour,
} from './encoded-batch.js';

/** What detect reads: posts, or batches a worker has already encoded. */
export type PostInput = AsyncIterable<Post> | Iterable<Post> | EncodedPostSource;

export interface PostColumns {
  accounts: Interner;
  /** Post index → account integer. */
  account: Int32Array;
  time: Float64Array;
  /**
   * Post index → interned post id (-1 when the post has no id); `postIds` holds the strings. Filled
   * only when `internPostIds` is set (CooRTweet parity compares content ids); else all −1.
   */
  content: Int32Array;
  postIds: Interner;
  /** Post index → post id string, for example posts (bytes, not a string per post: id-column.ts). */
  ids: PostIds;
  /**
   * Ids and shown texts kept outside Node, fetched for the posts a run shows (engine/shown-posts.ts):
   * then `ids` is this, `textRef` and `rawTexts` are empty, and readers fetch before they read.
   */
  shown?: ShownPosts;
  /**
   * Distinct normalised texts of original (non-repost) posts (engine/text.ts `normaliseText`), and per
   * post its id there (−1 for reposts and posts without text). co-post objects are these ids.
   */
  originalTexts: Interner;
  originalText: Int32Array;
  /**
   * Post index → index into `rawTexts` (−1 when the post has no text): the raw text of the first post
   * with the same normalised text (originals) or the same co-retweet object (reposts). Only distinct
   * texts are kept, not one per post.
   */
  textRef: Int32Array;
  rawTexts: string[];
  /** Account integer → screen name, when a post said so. */
  screenNames: Map<number, string>;
  /** Post index → FLAG_REPOST | FLAG_REPLY | FLAG_URL bits. */
  flags: Uint8Array;
  /** Account integer → the profile on its latest post (signals read it). */
  profiles: (AccountProfile | undefined)[];
  count: number;
}

export { FLAG_REPOST, FLAG_REPLY, FLAG_URL } from './encoded-batch.js';

/** The text shown for post `p` (see `PostColumns.textRef`; with `shown`, a fetched post's). */
export function textOf(columns: PostColumns, p: number): string | undefined {
  if (columns.shown !== undefined) return columns.shown.text(p);
  const r = columns.textRef[p]!;
  return r >= 0 ? columns.rawTexts[r] : undefined;
}

export interface ActionTable {
  behaviour: Behaviour;
  objects: Interner;
  /** Action → object integer. */
  object: Int32Array;
  /** Action → post index. */
  post: Int32Array;
}

export class TableBuilder {
  readonly object = new ChunkedInt32();
  readonly post = new ChunkedInt32();
  constructor(
    readonly behaviour: Behaviour,
    readonly objects: Interner = new Interner(),
  ) {}
  finish(): ActionTable {
    return {
      behaviour: this.behaviour,
      objects: this.objects,
      object: this.object.toArray(),
      post: this.post.toArray(),
    };
  }
}

export interface CollectOptions {
  behaviours: readonly Behaviour[];
  /** Intern post ids into `content` (CooRTweet parity's loop rules need them). */
  internPostIds?: boolean;
  /**
   * Lockstep mode: a repost acts only in co-retweet. Its hashtags, mentions, links and text are the
   * original author's, so counting them again in other behaviours would turn one shared repost into
   * several "independent" co-actions.
   */
  repostsOnlyRetweet?: boolean;
  onProgress?: (done: number) => void;
}

/**
 * The columns and action tables under construction. Batches are added in file order; engine/
 * interned-columns.ts adds batches interned by parse workers into the same builder.
 */
export class ColumnsBuilder {
  readonly accounts = new Interner();
  readonly postIds = new Interner();
  readonly account = new ChunkedInt32(1 << 16);
  readonly time = new ChunkedFloat64(1 << 16);
  readonly content = new ChunkedInt32(1 << 16);
  readonly ids = new IdColumn();
  readonly originalTexts = new TextInterner();
  private readonly normaliser = new Utf8Normaliser();
  readonly originalText = new ChunkedInt32(1 << 16);
  readonly textRef = new ChunkedInt32(1 << 16);
  readonly rawTexts: string[] = [];
  readonly rawOfOriginal: number[] = [];
  readonly rawOfRetweet: number[] = [];
  readonly flags = new ChunkedUint8(1 << 16);
  readonly coPost: TableBuilder | undefined;
  readonly retweetKeys = new Interner();
  readonly coRetweet: TableBuilder | undefined;
  readonly builders: TableBuilder[];
  readonly internIds: boolean;
  n = 0;

  constructor(
    private readonly options: CollectOptions,
    readonly fields: readonly FieldBehaviour[],
  ) {
    const wants = new Set(options.behaviours);
    this.coPost = wants.has('co-post') ? new TableBuilder('co-post', this.originalTexts) : undefined;
    this.coRetweet = wants.has('co-retweet') ? new TableBuilder('co-retweet', this.retweetKeys) : undefined;
    this.builders = fields.map((b) => new TableBuilder(b));
    this.internIds = options.internPostIds === true;
  }

  /** A post's id column entries. */
  pushId(id: string | undefined): void {
    if (id === undefined) {
      this.content.push(-1);
      this.ids.push(undefined);
    } else {
      this.content.push(this.internIds ? this.postIds.id(id) : -1);
      this.ids.push(id);
    }
  }

  /**
   * Post `n`'s retweet-key action; returns its text ref: the key's first text (`text`, when this post
   * brought it: FIRST_TEXT) for a post with a text (HAS_TEXT in `flags`), else −1.
   */
  pushKey(k: number, text: string | undefined, flags: number): number {
    if (this.coRetweet) {
      this.coRetweet.object.push(k);
      this.coRetweet.post.push(this.n);
    }
    if ((flags & HAS_TEXT) === 0) return -1;
    if (this.rawOfRetweet[k] === undefined) {
      if (text === undefined) throw new Error('collectActions: a retweet key arrived without its first text');
      this.rawOfRetweet[k] = this.rawTexts.length;
      this.rawTexts.push(text);
    }
    return this.rawOfRetweet[k];
  }

  /** Post `n`'s original text (run integer `orig`, raw text when first seen); returns its text ref. */
  pushOriginal(orig: number, text: string | undefined, enoughWords: boolean): number {
    if (orig === this.rawOfOriginal.length) {
      if (text === undefined) throw new Error('collectActions: a new original text arrived without its text');
      this.rawOfOriginal.push(this.rawTexts.length);
      this.rawTexts.push(text);
    }
    if (this.coPost && enoughWords) {
      this.coPost.object.push(orig);
      this.coPost.post.push(this.n);
    }
    return this.rawOfOriginal[orig]!;
  }

  /** The run integer of the text `pushOriginalBytes` or `pushOriginalString` last took. */
  private lastOriginal = -1;

  /**
   * Post `n`'s original text as the cursor's current bytes: normalised, hashed and looked up without a
   * string where engine/utf8-normalise.ts applies (the normalised and raw strings are built only for a
   * new text), else decoded and normalised by `normaliseText`. Returns its text ref.
   */
  private pushOriginalBytes(texts: TextCursor): number {
    const nz = this.normaliser;
    const interner = this.originalTexts;
    if (!nz.run(texts.buf, texts.start, texts.end, CO_POST_MIN_WORDS))
      return this.pushOriginalString(texts.text());
    let orig = interner.findNormalised(nz);
    let text: string | undefined;
    if (orig < 0) {
      orig = interner.addNormalised(nz);
      text = texts.text();
    }
    this.lastOriginal = orig;
    return this.pushOriginal(orig, text, nz.enoughWords);
  }

  /** An original text as a string, normalised by `normaliseText`; returns its text ref. */
  private pushOriginalString(text: string): number {
    const norm = normaliseText(text);
    this.lastOriginal = this.originalTexts.id(norm);
    return this.pushOriginal(this.lastOriginal, text, hasCoPostWords(norm));
  }

  addEncoded(msg: EncodedBatch): void {
    // The encoder numbers accounts, keys and objects in first-seen order and sends each string once, when
    // new: appended here (not hashed), each gets the encoder's integer.
    for (const name of msg.newAccounts) this.accounts.append(name);
    for (const key of msg.newKeys) this.retweetKeys.append(key);
    const { strs, counts, keys, objects, flags, count } = msg;
    const builders = this.builders;
    const nf = builders.length;
    msg.newObjects.forEach((news, b) => {
      const interner = builders[b]!.objects;
      for (const o of news) interner.append(o);
    });
    const ids = msg.ids;
    // Per-post numbers are copied whole, the ids' bytes once per batch (not per post).
    this.account.pushAll(msg.account);
    this.time.pushAll(msg.time);
    if (ids !== undefined) this.ids.pushBatch(ids.bytes, ids.ends, flags, HAS_ID, count);
    // A Buffer over the transferred bytes (they arrive as a plain Uint8Array), for interning ids.
    const idBytes =
      ids && this.internIds
        ? Buffer.from(ids.bytes.buffer, ids.bytes.byteOffset, ids.bytes.byteLength)
        : undefined;
    let idAt = 0;
    let idEnd = 0;
    // Texts as bytes (the read worker's batches) are decoded here, each once, in post order.
    const texts = msg.texts === undefined ? undefined : new TextCursor(msg.texts);
    let s = 0;
    let k = 0;
    let o = 0;
    for (let i = 0; i < count; i++) {
      const f = flags[i]!;
      this.flags.push(f & COLUMN_FLAGS);
      if (ids === undefined) this.pushId((f & HAS_ID) !== 0 ? strs[s++]! : undefined);
      else if (idBytes === undefined || (f & HAS_ID) === 0) this.content.push(-1);
      else {
        const start = idEnd;
        idEnd = ids.ends[idAt++]!;
        this.content.push(this.postIds.id(idBytes.toString('utf8', start, idEnd)));
      }
      let ref = -1;
      let orig = -1;
      if ((f & HAS_KEY) !== 0)
        ref = this.pushKey(
          keys[k++]!,
          (f & FIRST_TEXT) === 0 ? undefined : texts === undefined ? strs[s++]! : texts.next(),
          f,
        );
      if ((f & ORIGINAL_TEXT) !== 0) {
        if (texts === undefined) ref = this.pushOriginalString(strs[s++]!);
        else {
          texts.advance();
          ref = this.pushOriginalBytes(texts);
        }
        orig = this.lastOriginal;
      }
      this.textRef.push(ref);
      this.originalText.push(orig);
      for (let b = 0; b < nf; b++) {
        const c = counts[i * nf + b]!;
        if (c === 0) continue;
        const builder = builders[b]!;
        for (let j = 0; j < c; j++) {
          builder.object.push(objects[o++]!);
          builder.post.push(this.n);
        }
      }
      this.n++;
    }
  }

  finish(tail: EncodedTail): { columns: PostColumns; tables: ActionTable[] } {
    const tables: ActionTable[] = [];
    for (const b of this.options.behaviours) {
      if (b === 'co-post' && this.coPost) tables.push(this.coPost.finish());
      else if (b === 'co-retweet' && this.coRetweet) tables.push(this.coRetweet.finish());
      else {
        const t = this.builders.find((x) => x.behaviour === b);
        if (t) tables.push(t.finish());
      }
    }
    return {
      columns: {
        accounts: this.accounts,
        account: this.account.toArray(),
        time: this.time.toArray(),
        content: this.content.toArray(),
        postIds: this.postIds,
        ids: this.ids,
        originalTexts: this.originalTexts,
        originalText: this.originalText.toArray(),
        textRef: this.textRef.toArray(),
        rawTexts: this.rawTexts,
        screenNames: new Map(tail.screenNames),
        flags: this.flags.toArray(),
        profiles: tail.profiles,
        count: this.n,
      },
      tables,
    };
  }
}

/** A batch's texts sent as UTF-8 bytes (`EncodedBatch.texts`), visited one by one in order. */
class TextCursor {
  /** A Buffer over the transferred bytes (they arrive as a plain Uint8Array). */
  readonly buf: Buffer;
  private at = 0;
  /** The current text's bytes: `buf[start, end)`. */
  start = 0;
  end = 0;

  constructor(private readonly texts: { bytes: Uint8Array; ends: Int32Array }) {
    this.buf = Buffer.from(texts.bytes.buffer, texts.bytes.byteOffset, texts.bytes.byteLength);
  }

  /** Moves to the next text. */
  advance(): void {
    this.start = this.end;
    this.end = this.texts.ends[this.at++]!;
  }

  /** The current text, decoded. */
  text(): string {
    // Buffer's own decoder without toString's argument checks (as ingest/csv-tokenizer.ts does).
    return (this.buf as unknown as { utf8Slice(start: number, end: number): string }).utf8Slice(
      this.start,
      this.end,
    );
  }

  /** Moves to the next text and decodes it. */
  next(): string {
    this.advance();
    return this.text();
  }
}

/**
 * Reads the whole stream into columns in one pass; `co-similar` rows are added later by the pipeline
 * from `originalTexts`. Posts are encoded first (engine/post-batch.ts: retweet keys, objects
 * picked), by workers when the caller passes an `EncodedPostSource` (which may also intern them:
 * engine/batch-intern.ts), else here; this loop interns (or translates) into the run's numbering.
 */
export async function collectActions(
  posts: PostInput,
  options: CollectOptions,
): Promise<{ columns: PostColumns; tables: ActionTable[] }> {
  const wants = new Set(options.behaviours);
  const fields = FIELD_BEHAVIOURS.filter((b) => wants.has(b));
  const encoderOptions: EncoderOptions = { fields, onlyRetweet: options.repostsOnlyRetweet === true };
  const stream = isEncodedPostSource(posts) ? posts.open(encoderOptions) : encodePosts(posts, encoderOptions);
  const builder = new ColumnsBuilder(options, fields);
  const interned = new InternedColumns(builder);
  let tail: EncodedTail | undefined;
  for await (const msg of stream) {
    if (msg.kind === 'tail') tail = msg;
    else if (msg.kind === 'interned-tail') tail = interned.tail(msg);
    else if (msg.kind === 'interned') interned.add(msg);
    else builder.addEncoded(msg);
    if (msg.kind === 'batch' || msg.kind === 'interned') options.onProgress?.(builder.n);
  }
  if (tail === undefined) throw new Error('collectActions: the post stream ended without its tail');
  return builder.finish(tail);
}
