/**
 * Turns the Post stream into columnar tables: one row per post (account, time, post id, text) and, per
 * behaviour, one row per action (object, post). Every string is interned once (engine/intern.ts), so
 * the counting stages run on Int32Array/Float64Array only.
 *
 * Behaviour → object of an action (docs/DETECT.md has the full table):
 *   co-retweet  Post.repostOf; for reposts without a target id (IRA CSV) the normalised retweeted text
 *   co-link     each of Post.urls          co-domain   each of Post.domains
 *   co-hashtag  each of Post.hashtags      co-mention  each of Post.mentions
 *   co-reply    Post.replyTo               co-image    each of Post.images
 *   co-post     normalised text of an original post (≥ CO_POST_MIN_WORDS words)
 *   co-similar  near-duplicate group of the text (filled later from src/detect/similar)
 *
 * Cost: O(total actions) time; memory ≈ 12 bytes per action + 12 bytes per post + the interned strings
 * (post texts are kept only when evidence or co-similar needs them).
 */
import type { Behaviour } from '../../core/behaviour.js';
import type { AccountProfile, Post } from '../../core/post.js';
import { GrowableFloat64, GrowableInt32, GrowableUint8 } from './growable.js';
import { Interner } from './intern.js';
import { postTextKey, retweetTextKey } from './text.js';

export interface PostColumns {
  accounts: Interner;
  /** Post index → account integer. */
  account: Int32Array;
  time: Float64Array;
  /** Post index → interned post id (-1 when the post has no id); `postIds` holds the strings. */
  content: Int32Array;
  postIds: Interner;
  /** Post index → text (undefined when absent or not kept). */
  texts: (string | undefined)[];
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

const EXTRACTORS: Record<Exclude<Behaviour, 'co-similar'>, Extract> = {
  'co-retweet': (p) =>
    p.repostOf !== undefined && p.repostOf !== ''
      ? [p.repostOf]
      : p.isRepost && p.text !== undefined
        ? one(retweetTextKey(p.text))
        : undefined,
  'co-link': (p) => p.urls,
  'co-domain': (p) => p.domains,
  'co-hashtag': (p) => p.hashtags,
  'co-mention': (p) => p.mentions,
  'co-image': (p) => p.images,
  'co-reply': (p) => one(p.replyTo),
  'co-post': (p) => (!p.isRepost && p.text !== undefined ? one(postTextKey(p.text)) : undefined),
};

class TableBuilder {
  readonly objects = new Interner();
  readonly object = new GrowableInt32();
  readonly post = new GrowableInt32();
  constructor(readonly behaviour: Behaviour) {}
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
  /** Keep post texts (needed by co-similar and for example posts). */
  keepText: boolean;
  /**
   * Lockstep mode: a repost acts only in co-retweet. Its hashtags, mentions, links and text are the
   * original author's, so counting them again in other behaviours would turn one shared repost into
   * several "independent" co-actions.
   */
  repostsOnlyRetweet?: boolean;
  onProgress?: (done: number) => void;
}

/** Reads the whole stream into columns; `co-similar` rows are added later by the pipeline. */
export async function collectActions(
  posts: AsyncIterable<Post> | Iterable<Post>,
  options: CollectOptions,
): Promise<{ columns: PostColumns; tables: ActionTable[] }> {
  const accounts = new Interner();
  const postIds = new Interner();
  const account = new GrowableInt32(1 << 16);
  const time = new GrowableFloat64(1 << 16);
  const content = new GrowableInt32(1 << 16);
  const texts: (string | undefined)[] = [];
  const screenNames = new Map<number, string>();
  const flags = new GrowableUint8(1 << 16);
  const profiles: (AccountProfile | undefined)[] = [];
  const latest: number[] = [];
  const builders = options.behaviours
    .filter((b): b is Exclude<Behaviour, 'co-similar'> => b !== 'co-similar')
    .map((b) => ({ builder: new TableBuilder(b), extract: EXTRACTORS[b] }));
  let n = 0;
  for await (const p of posts) {
    const a = accounts.id(p.account);
    account.push(a);
    time.push(p.time);
    content.push(p.id === undefined || p.id === '' ? -1 : postIds.id(p.id));
    texts.push(options.keepText ? p.text : undefined);
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
    for (const { builder, extract } of builders) {
      if (p.isRepost && options.repostsOnlyRetweet === true && builder.behaviour !== 'co-retweet') continue;
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
  return {
    columns: {
      accounts,
      account: account.toArray(),
      time: time.toArray(),
      content: content.toArray(),
      postIds,
      texts,
      screenNames,
      flags: flags.toArray(),
      profiles,
      count: n,
    },
    tables: builders.map(({ builder }) => builder.finish()),
  };
}
