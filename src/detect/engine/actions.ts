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
import { GrowableFloat64, GrowableInt32, GrowableUint8 } from '../../core/growable.js';
import { Interner } from './intern.js';
import { CO_POST_MIN_WORDS, normaliseText } from './text.js';
import {
  COLUMN_FLAGS,
  encodePosts,
  FIELD_BEHAVIOURS,
  HAS_ID,
  HAS_KEY,
  HAS_TEXT,
  ORIGINAL_TEXT,
  isEncodedPostSource,
  type EncodedPostSource,
  type EncodedTail,
  type EncoderOptions,
} from './post-batch.js';

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
  /** Post index → post id string, for example posts. */
  ids: (string | undefined)[];
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

export { FLAG_REPOST, FLAG_REPLY, FLAG_URL } from './post-batch.js';

/** The text shown for post `p` (see `PostColumns.textRef`). */
export function textOf(columns: PostColumns, p: number): string | undefined {
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

class TableBuilder {
  readonly object = new GrowableInt32();
  readonly post = new GrowableInt32();
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

function wordCount(norm: string): number {
  if (norm.length === 0) return 0;
  let words = 1;
  for (let i = 0; i < norm.length; i++) if (norm.charCodeAt(i) === 32) words++;
  return words;
}

/** Whether a normalised original text is long enough to be a co-post object. */
export function isCoPostText(norm: string): boolean {
  return wordCount(norm) >= CO_POST_MIN_WORDS;
}

/**
 * Reads the whole stream into columns in one pass; `co-similar` rows are added later by the pipeline
 * from `originalTexts`. Posts are encoded first (engine/post-batch.ts: retweet keys, objects
 * picked), by a worker when the caller passes an `EncodedPostSource`, else here; this loop interns.
 */
export async function collectActions(
  posts: PostInput,
  options: CollectOptions,
): Promise<{ columns: PostColumns; tables: ActionTable[] }> {
  const wants = new Set(options.behaviours);
  const fields = FIELD_BEHAVIOURS.filter((b) => wants.has(b));
  const encoderOptions: EncoderOptions = { fields, onlyRetweet: options.repostsOnlyRetweet === true };
  const stream = isEncodedPostSource(posts) ? posts.open(encoderOptions) : encodePosts(posts, encoderOptions);

  const accounts = new Interner();
  const postIds = new Interner();
  const account = new GrowableInt32(1 << 16);
  const time = new GrowableFloat64(1 << 16);
  const content = new GrowableInt32(1 << 16);
  const ids: (string | undefined)[] = [];
  const originalTexts = new Interner();
  const originalText = new GrowableInt32(1 << 16);
  const textRef = new GrowableInt32(1 << 16);
  const rawTexts: string[] = [];
  const rawOfOriginal: number[] = [];
  const rawOfRetweet: number[] = [];
  const flags = new GrowableUint8(1 << 16);
  const coPost = wants.has('co-post') ? new TableBuilder('co-post', originalTexts) : undefined;
  const retweetKeys = new Interner();
  const coRetweet = wants.has('co-retweet') ? new TableBuilder('co-retweet', retweetKeys) : undefined;
  const builders = fields.map((b) => new TableBuilder(b));
  const internIds = options.internPostIds === true;
  let tail: EncodedTail | undefined;
  let n = 0;
  for await (const msg of stream) {
    if (msg.kind === 'tail') {
      tail = msg;
      continue;
    }
    for (const name of msg.newAccounts) accounts.id(name);
    const { strs, counts } = msg;
    const nf = builders.length;
    let s = 0;
    for (let i = 0; i < msg.count; i++) {
      const f = msg.flags[i]!;
      account.push(msg.account[i]!);
      time.push(msg.time[i]!);
      flags.push(f & COLUMN_FLAGS);
      if ((f & HAS_ID) !== 0) {
        const id = strs[s++]!;
        content.push(internIds ? postIds.id(id) : -1);
        ids.push(id);
      } else {
        content.push(-1);
        ids.push(undefined);
      }
      let ref = -1;
      let orig = -1;
      if ((f & HAS_KEY) !== 0) {
        const k = retweetKeys.id(strs[s++]!);
        if (coRetweet) {
          coRetweet.object.push(k);
          coRetweet.post.push(n);
        }
        if ((f & HAS_TEXT) !== 0) {
          const text = strs[s++]!;
          if (rawOfRetweet[k] === undefined) {
            rawOfRetweet[k] = rawTexts.length;
            rawTexts.push(text);
          }
          ref = rawOfRetweet[k]!;
        }
      }
      if ((f & ORIGINAL_TEXT) !== 0) {
        const text = strs[s++]!;
        const norm = normaliseText(text);
        orig = originalTexts.id(norm);
        if (orig === rawOfOriginal.length) {
          rawOfOriginal.push(rawTexts.length);
          rawTexts.push(text);
        }
        ref = rawOfOriginal[orig]!;
        if (coPost && isCoPostText(norm)) {
          coPost.object.push(orig);
          coPost.post.push(n);
        }
      }
      textRef.push(ref);
      originalText.push(orig);
      for (let b = 0; b < nf; b++) {
        const c = counts[i * nf + b]!;
        if (c === 0) continue;
        const builder = builders[b]!;
        for (let j = 0; j < c; j++) {
          builder.object.push(builder.objects.id(strs[s++]!));
          builder.post.push(n);
        }
      }
      n++;
    }
    options.onProgress?.(n);
  }
  if (tail === undefined) throw new Error('collectActions: the post stream ended without its tail');
  const tables: ActionTable[] = [];
  for (const b of options.behaviours) {
    if (b === 'co-post' && coPost) tables.push(coPost.finish());
    else if (b === 'co-retweet' && coRetweet) tables.push(coRetweet.finish());
    else {
      const t = builders.find((x) => x.behaviour === b);
      if (t) tables.push(t.finish());
    }
  }
  return {
    columns: {
      accounts,
      account: account.toArray(),
      time: time.toArray(),
      content: content.toArray(),
      postIds,
      ids,
      originalTexts,
      originalText: originalText.toArray(),
      textRef: textRef.toArray(),
      rawTexts,
      screenNames: new Map(tail.screenNames),
      flags: flags.toArray(),
      profiles: tail.profiles,
      count: n,
    },
    tables,
  };
}
