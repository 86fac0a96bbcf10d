/**
 * Encoded post batches: the per-post work of building action columns that needs no global state
 * (retweet-text keys, picking each behaviour's objects, the account's latest profile), done where the posts are parsed, and packed as typed arrays plus one flat string
 * array. engine/actions.ts turns a stream of these into columns, interning the strings.
 *
 * Why: reading a 3M-post archive was 60 % of a detection run on one core. With this split, parsing and
 * encoding run in a worker thread (cli/detect-reader.ts) while the main thread interns and builds
 * columns, and the batch crosses threads as typed arrays (transferred) and flat strings: V8's
 * structured clone of a flat string array costs ~0.6 µs per post, of Post objects ~5 µs (measured on
 * 500k simulated posts). The in-thread path (library callers, tests) uses the same encoder, so both
 * paths build identical columns.
 *
 * Cost: O(post size) per post; memory per batch ≈ 30 bytes per post + its strings. The encoder keeps
 * one Map entry, one profile reference and one time per account.
 */
import type { Behaviour } from '../../core/behaviour.js';
import type { AccountProfile, Post } from '../../core/post.js';
import type { InternedBatch, InternedTail } from './batch-intern.js';
import { DenseIds } from './dense-ids.js';
import { retweetTextKey } from './text.js';

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

const one = (s: string | undefined): string[] | undefined => (s === undefined || s === '' ? undefined : [s]);

const EXTRACTORS: Record<FieldBehaviour, (p: Post) => readonly string[] | undefined> = {
  'co-link': (p) => p.urls,
  'co-domain': (p) => p.domains,
  'co-hashtag': (p) => p.hashtags,
  'co-mention': (p) => p.mentions,
  'co-image': (p) => p.images,
  'co-reply': (p) => one(p.replyTo),
};

/**
 * Lockstep mode: a reply's leading @handles are its addressing (platforms put the replied-to accounts
 * there, Twitter's "Replying to @…"), not mentions of their own: they act in co-reply only, as a
 * repost acts in co-retweet only. Counting them again made every reply to a leader's post a co-mention
 * of the leader — the same co-action as the co-reply, under the mention's weaker null (measured: an
 * activist community on the simulator, 7 co-mentions from replies against 0.77 expected).
 */
export function mentionsOutsideAddressing(p: Post): readonly string[] {
  if (p.replyTo === undefined || p.text === undefined || p.mentions.length === 0) return p.mentions;
  const lead = /^(?:\s*[@＠]([\p{L}\p{N}_]+))+/u.exec(p.text);
  if (lead === null) return p.mentions;
  const addressed = new Set<string>();
  for (const m of lead[0].matchAll(/[@＠]([\p{L}\p{N}_]+)/gu)) addressed.add(m[1]!.toLowerCase());
  return p.mentions.filter((m) => !addressed.has(m.toLowerCase()));
}

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
  /** Post × field behaviour → number of objects it has in `strs`. */
  counts: Int32Array;
  /** Per post: id, retweet key, text (each only when its bit is set), then its objects. */
  strs: string[];
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
 * can encode exactly what the run needs. The stream ends with one tail.
 */
export interface EncodedPostSource {
  open(options: EncoderOptions): AsyncIterable<EncodedMessage>;
}

export function isEncodedPostSource(x: unknown): x is EncodedPostSource {
  return typeof x === 'object' && x !== null && typeof (x as Partial<EncodedPostSource>).open === 'function';
}

export class PostEncoder {
  /** Account → integer; decimal ids by value (engine/dense-ids.ts: the encoder's hottest probe). */
  private readonly accountIds = new DenseIds();
  private readonly profiles: (AccountProfile | undefined)[] = [];
  private readonly latest: number[] = [];
  private readonly screenNames = new Map<number, string>();
  private readonly profileChunk: number[] = [];
  private readonly nameAt: number[] = [];
  /** Retweet keys whose first text was sent. */
  private readonly keysWithText = new DenseIds();
  /** Account integer → 1 once `screenNames` has it (an array probe instead of a Map lookup per post). */
  private named = new Uint8Array(1 << 16);
  private readonly extract: ((p: Post) => readonly string[] | undefined)[];

  constructor(private readonly options: EncoderOptions) {
    this.extract = options.fields.map((b) =>
      b === 'co-mention' && options.onlyRetweet ? mentionsOutsideAddressing : EXTRACTORS[b],
    );
  }

  /** `chunk`: the chunk's number in the file order, when this encoder sees only some of the chunks. */
  encode(posts: readonly Post[], chunk = -1): EncodedBatch {
    const n = posts.length;
    const nf = this.extract.length;
    const batch: EncodedBatch = {
      kind: 'batch',
      count: n,
      account: new Int32Array(n),
      newAccounts: [],
      time: new Float64Array(n),
      flags: new Uint8Array(n),
      counts: new Int32Array(n * nf),
      strs: [],
    };
    const strs = batch.strs;
    for (let i = 0; i < n; i++) {
      const p = posts[i]!;
      const seen = this.accountIds.size;
      const a = this.accountIds.id(p.account);
      if (a === seen) batch.newAccounts.push(p.account);
      batch.account[i] = a;
      batch.time[i] = p.time;
      if (p.profile !== undefined && !(p.time < (this.latest[a] ?? -Infinity))) {
        this.profiles[a] = p.profile;
        this.latest[a] = p.time;
        this.profileChunk[a] = chunk;
      }
      const sn = p.profile?.screenName;
      if (sn !== undefined && this.named[a] !== 1) {
        if (a >= this.named.length) {
          const grown = new Uint8Array(Math.max(a + 1, this.named.length * 2));
          grown.set(this.named);
          this.named = grown;
        }
        this.named[a] = 1;
        this.screenNames.set(a, sn);
        this.nameAt.push(chunk * 2 ** 24 + i);
      }

      let f =
        (p.isRepost ? FLAG_REPOST : 0) |
        (p.replyTo !== undefined || p.replyToAccount !== undefined ? FLAG_REPLY : 0) |
        (p.urls.length > 0 ? FLAG_URL : 0);
      if (p.id !== undefined && p.id !== '') {
        f |= HAS_ID;
        strs.push(p.id);
      }
      const text = p.text;
      const key =
        p.repostOf !== undefined && p.repostOf !== ''
          ? p.repostOf
          : p.isRepost && text !== undefined
            ? retweetTextKey(text)
            : undefined;
      if (key !== undefined && key !== '') {
        f |= HAS_KEY;
        strs.push(key);
      }
      if (text !== undefined && text !== '') {
        if (!p.isRepost) {
          f |= ORIGINAL_TEXT;
          strs.push(text);
        } else if (key !== undefined && (f & HAS_KEY) !== 0) {
          f |= HAS_TEXT;
          const seen = this.keysWithText.size;
          if (this.keysWithText.id(key) === seen) {
            f |= FIRST_TEXT;
            strs.push(text);
          }
        }
      }
      batch.flags[i] = f;
      if (p.isRepost && this.options.onlyRetweet) continue;
      for (let b = 0; b < nf; b++) {
        const keys = this.extract[b]!(p);
        if (keys === undefined) continue;
        let c = 0;
        for (let j = 0; j < keys.length; j++) {
          const k = keys[j]!;
          if (k === '') continue;
          strs.push(k);
          c++;
        }
        batch.counts[i * nf + b] = c;
      }
    }
    return batch;
  }

  /** Distinct accounts encoded so far. */
  get accountCount(): number {
    return this.accountIds.size;
  }

  tail(): EncodedTail {
    return {
      kind: 'tail',
      profiles: this.profiles,
      screenNames: [...this.screenNames],
      order: { latest: this.latest, profileChunk: this.profileChunk, nameAt: this.nameAt },
    };
  }
}

/** The in-thread path: batches of `size` posts encoded as they are read, then the tail. */
export async function* encodePosts(
  posts: AsyncIterable<Post> | Iterable<Post>,
  options: EncoderOptions,
  size = 4096,
): AsyncGenerator<EncodedMessage> {
  const encoder = new PostEncoder(options);
  let batch: Post[] = [];
  for await (const p of posts) {
    batch.push(p);
    if (batch.length === size) {
      yield encoder.encode(batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield encoder.encode(batch);
  yield encoder.tail();
}
