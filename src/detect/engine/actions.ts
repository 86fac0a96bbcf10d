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
import { GrowableFloat64, GrowableInt32, GrowableUint8 } from './growable.js';
import { Interner } from './intern.js';
import { CO_POST_MIN_WORDS, normaliseText, retweetTextKey } from './text.js';

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

export const FLAG_REPOST = 1;
export const FLAG_REPLY = 2;
export const FLAG_URL = 4;

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

type Extract = (p: Post) => Iterable<string> | undefined;

const one = (s: string | undefined): string[] | undefined => (s === undefined || s === '' ? undefined : [s]);

/** Behaviours whose objects come straight from Post fields (co-retweet and co-post use the text). */
const EXTRACTORS: Record<Exclude<Behaviour, 'co-similar' | 'co-post' | 'co-retweet'>, Extract> = {
  'co-link': (p) => p.urls,
  'co-domain': (p) => p.domains,
  'co-hashtag': (p) => p.hashtags,
  'co-mention': (p) => p.mentions,
  'co-image': (p) => p.images,
  'co-reply': (p) => one(p.replyTo),
};

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

/**
 * Reads the whole stream into columns in one pass; `co-similar` rows are added later by the pipeline
 * from `originalTexts`. Each text is normalised once: the original's normalised text is both its
 * co-post object and its key in the distinct-text store.
 */
export async function collectActions(
  posts: AsyncIterable<Post> | Iterable<Post>,
  options: CollectOptions,
): Promise<{ columns: PostColumns; tables: ActionTable[] }> {
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
  const screenNames = new Map<number, string>();
  const flags = new GrowableUint8(1 << 16);
  const profiles: (AccountProfile | undefined)[] = [];
  const latest: number[] = [];
  const wants = new Set(options.behaviours);
  const coPost = wants.has('co-post') ? new TableBuilder('co-post', originalTexts) : undefined;
  const retweetKeys = new Interner();
  const coRetweet = wants.has('co-retweet') ? new TableBuilder('co-retweet', retweetKeys) : undefined;
  const builders = options.behaviours
    .filter(
      (b): b is Exclude<Behaviour, 'co-similar' | 'co-post' | 'co-retweet'> =>
        b !== 'co-similar' && b !== 'co-post' && b !== 'co-retweet',
    )
    .map((b) => ({ builder: new TableBuilder(b), extract: EXTRACTORS[b] }));
  const onlyRetweet = options.repostsOnlyRetweet === true;
  let n = 0;
  for await (const p of posts) {
    const a = accounts.id(p.account);
    account.push(a);
    time.push(p.time);
    const hasId = p.id !== undefined && p.id !== '';
    content.push(hasId && options.internPostIds === true ? postIds.id(p.id!) : -1);
    ids.push(hasId ? p.id : undefined);
    flags.push(
      (p.isRepost ? FLAG_REPOST : 0) |
        (p.replyTo !== undefined || p.replyToAccount !== undefined ? FLAG_REPLY : 0) |
        (p.urls.length > 0 ? FLAG_URL : 0),
    );
    if (p.profile !== undefined && !(p.time < (latest[a] ?? -Infinity))) {
      profiles[a] = p.profile;
      latest[a] = p.time;
    }
    const sn = p.profile?.screenName;
    if (sn !== undefined && !screenNames.has(a)) screenNames.set(a, sn);

    const text = p.text;
    let ref = -1;
    let orig = -1;
    const key =
      p.repostOf !== undefined && p.repostOf !== ''
        ? p.repostOf
        : p.isRepost && text !== undefined
          ? retweetTextKey(text)
          : undefined;
    if (key !== undefined && key !== '') {
      const k = retweetKeys.id(key);
      if (coRetweet) {
        coRetweet.object.push(k);
        coRetweet.post.push(n);
      }
      if (p.isRepost && text !== undefined && text !== '') {
        if (rawOfRetweet[k] === undefined) {
          rawOfRetweet[k] = rawTexts.length;
          rawTexts.push(text);
        }
        ref = rawOfRetweet[k]!;
      }
    }
    if (!p.isRepost && text !== undefined && text !== '') {
      const norm = normaliseText(text);
      orig = originalTexts.id(norm);
      if (orig === rawOfOriginal.length) {
        rawOfOriginal.push(rawTexts.length);
        rawTexts.push(text);
      }
      ref = rawOfOriginal[orig]!;
      if (coPost && wordCount(norm) >= CO_POST_MIN_WORDS) {
        coPost.object.push(orig);
        coPost.post.push(n);
      }
    }
    textRef.push(ref);
    originalText.push(orig);

    if (!(p.isRepost && onlyRetweet))
      for (const { builder, extract } of builders) {
        const keys = extract(p);
        if (keys === undefined) continue;
        for (const k of keys) {
          if (k === '') continue;
          builder.object.push(builder.objects.id(k));
          builder.post.push(n);
        }
      }
    n++;
    if (options.onProgress && (n & 0xffff) === 0) options.onProgress(n);
  }
  const tables: ActionTable[] = [];
  for (const b of options.behaviours) {
    if (b === 'co-post' && coPost) tables.push(coPost.finish());
    else if (b === 'co-retweet' && coRetweet) tables.push(coRetweet.finish());
    else {
      const t = builders.find((x) => x.builder.behaviour === b);
      if (t) tables.push(t.builder.finish());
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
      screenNames,
      flags: flags.toArray(),
      profiles,
      count: n,
    },
    tables,
  };
}
