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
 * Cost: O(post size) per post; memory per batch ≈ 34 bytes per post + its strings. The encoder keeps
 * one table slot (engine/dense-ids.ts), one profile reference and one time per account, one slot and
 * one byte per retweet key, and one slot per distinct object of each behaviour.
 */
import type { Behaviour } from '../../core/behaviour.js';
import type { AccountProfile, Post } from '../../core/post.js';
import type { InternedBatch, InternedTail } from './batch-intern.js';
import { DenseIds } from './dense-ids.js';
import { OpenBatch } from './open-batch.js';
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

/** Where an encoder leaves its number for an account (see `EncodablePost.accountMemo`). */
export interface AccountMemo {
  /** The encoder whose number `n` is; any other reads the account string. */
  owner: unknown;
  n: number;
}

/** Where a view writes its post id's bytes (the batch's `ids`). */
export interface IdSink {
  bytes(src: Uint8Array, start: number, end: number): void;
  string(id: string): void;
}

const EXTRACTORS: Record<FieldBehaviour, (p: EncodablePost) => readonly string[] | undefined> = {
  'co-link': (p) => p.urls,
  'co-domain': (p) => p.domains,
  'co-hashtag': (p) => p.hashtags,
  'co-mention': (p) => p.mentions,
  'co-image': (p) => p.images,
  'co-reply': (p) => one(p.replyTo),
};

const LEADING_HANDLES = /^(?:\s*[@＠]([\p{L}\p{N}_]+))+/u;
const HANDLE = /[@＠]([\p{L}\p{N}_]+)/gu;

/**
 * Lockstep mode: a reply's leading @handles are its addressing (platforms put the replied-to accounts
 * there, Twitter's "Replying to @…"), not mentions of their own: they act in co-reply only, as a
 * repost acts in co-retweet only. Counting them again made every reply to a leader's post a co-mention
 * of the leader — the same co-action as the co-reply, under the mention's weaker null (measured: an
 * activist community on the simulator, 7 co-mentions from replies against 0.77 expected).
 */
export function mentionsOutsideAddressing(p: Pick<Post, 'replyTo' | 'text' | 'mentions'>): readonly string[] {
  // Each field read once: a row view (ingest/formats/twitter-io.ts) parses the mentions cell per read.
  const mentions = p.mentions;
  if (p.replyTo === undefined || mentions.length === 0) return mentions;
  const text = p.text;
  if (text === undefined) return mentions;
  const lead = LEADING_HANDLES.exec(text);
  if (lead === null) return mentions;
  const addressed: string[] = [];
  HANDLE.lastIndex = 0;
  for (let m = HANDLE.exec(lead[0]); m !== null; m = HANDLE.exec(lead[0]))
    addressed.push(m[1]!.toLowerCase());
  return mentions.filter((m) => !addressed.includes(m.toLowerCase()));
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

export class PostEncoder {
  /** Account → integer; decimal ids by value (engine/dense-ids.ts: the encoder's hottest probe). */
  private readonly accountIds: IdTable;
  private readonly profiles: (AccountProfile | undefined)[] = [];
  /**
   * Per account a, at 2a and 2a + 1: the time of the post its profile came from (NaN: none yet) and that
   * post's chunk. One record, not two arrays: each row reads and writes both in random account order,
   * so two arrays were two cache misses per row (the tail's `order` is built from it).
   */
  private when = new Float64Array(2048).fill(NaN);
  private readonly screenNames = new Map<number, string>();
  private readonly nameAt: number[] = [];
  /** Retweet key → integer (`EncodedBatch.keys`). */
  private readonly keyIds: IdTable;
  /** Key integers whose first text was sent. */
  private readonly keysWithText = new Marks(1 << 12);
  /** Account integers that `screenNames` has (an array probe instead of a Map lookup per post). */
  private readonly named = new Marks(1 << 16);
  private readonly extract: ((p: EncodablePost) => readonly string[] | undefined)[];
  /** Per field behaviour: object → integer (`EncodedBatch.objects`). */
  private readonly objectIds: readonly IdTable[];
  private open: OpenBatch | undefined;
  /** Capacity of the next open batch: the largest batch so far. */
  private capacity = 1024;
  /** Buffers of consumed batches handed back (`recycle`), for the next batches to fill. */
  private readonly spare: ArrayBuffer[][] = [];

  constructor(private readonly options: EncoderOptions) {
    this.extract = options.fields.map((b) =>
      b === 'co-mention' && options.onlyRetweet ? mentionsOutsideAddressing : EXTRACTORS[b],
    );
    const tables = options.tables;
    if (tables !== undefined && tables.objects.length !== options.fields.length)
      throw new Error(
        `PostEncoder: ${tables.objects.length} object tables for ${options.fields.length} fields`,
      );
    this.accountIds = tables?.accounts ?? new DenseIds();
    this.keyIds = tables?.keys ?? new DenseIds();
    this.objectIds = tables?.objects ?? options.fields.map(() => new DenseIds());
  }

  /** `chunk`: the chunk's number in the file order, when this encoder sees only some of the chunks. */
  encode(posts: readonly EncodablePost[], chunk = -1): EncodedBatch {
    this.open = new OpenBatch(posts.length, this.extract.length, this.options);
    for (let i = 0; i < posts.length; i++) this.add(posts[i]!, chunk);
    return this.flush();
  }

  /** Posts added since the last `flush`. */
  get pending(): number {
    return this.open?.n ?? 0;
  }

  /**
   * Adds one post to the open batch. A view is read here and only here, so `add` can run inside the
   * reader's record callback (the view is valid only there).
   */
  add(p: EncodablePost, chunk = -1): void {
    const batch = (this.open ??= new OpenBatch(
      this.capacity,
      this.extract.length,
      this.options,
      this.spare.pop(),
    ));
    const i = batch.n++;
    const nf = this.extract.length;
    const strs = batch.strs;
    const a = this.accountOf(p, batch);
    batch.account.push(a);
    const time = p.time;
    batch.time.push(time);
    const profile = p.profile;
    if (profile !== undefined) {
      const when = 2 * a < this.when.length ? this.when : this.growWhen(a);
      // `time < NaN` is false: an account's first profile is always taken.
      if (!(time < when[2 * a]!)) {
        this.profiles[a] = profile;
        when[2 * a] = time;
        when[2 * a + 1] = chunk;
      }
    }
    // The mark first: a named account's profile object (elsewhere in memory) is not read again.
    if (!this.named.has(a)) {
      const sn = profile?.screenName;
      if (sn !== undefined) {
        this.named.set(a);
        this.screenNames.set(a, sn);
        this.nameAt.push(chunk * 2 ** 24 + i);
      }
    }

    const isRepost = p.isRepost;
    let f =
      (isRepost ? FLAG_REPOST : 0) |
      (p.replyTo !== undefined || p.replyToAccount !== undefined ? FLAG_REPLY : 0) |
      (p.urls.length > 0 ? FLAG_URL : 0);
    if (batch.ids === undefined) {
      const id = p.id;
      if (id !== undefined && id !== '') {
        f |= HAS_ID;
        strs.push(id);
      }
    } else if (p.copyId !== undefined) {
      if (p.copyId(batch.ids)) f |= HAS_ID;
    } else {
      const id = p.id;
      if (id !== undefined && id !== '') {
        f |= HAS_ID;
        batch.ids.string(id);
      }
    }
    // The text is read only where it is used: a repost's, only for its key's first post.
    const repostOf = p.repostOf;
    let key: string | undefined;
    if (repostOf !== undefined && repostOf !== '') key = repostOf;
    else if (isRepost) {
      const text = p.text;
      if (text !== undefined) key = retweetTextKey(text);
    }
    let k = -1;
    if (key !== undefined && key !== '') {
      f |= HAS_KEY;
      const seen = this.keyIds.size;
      k = this.keyIds.id(key);
      if (k === seen) batch.newKeys.push(key);
      batch.keys.push(k);
    }
    if (p.hasText ?? (p.text !== undefined && p.text !== '')) {
      if (!isRepost) {
        f |= ORIGINAL_TEXT;
        pushText(p, batch);
      } else if (k >= 0) {
        f |= HAS_TEXT;
        if (!this.keysWithText.has(k)) {
          this.keysWithText.set(k);
          f |= FIRST_TEXT;
          pushText(p, batch);
        }
      }
    }
    batch.flags.push(f);
    const counts = batch.counts;
    if (isRepost && this.options.onlyRetweet) {
      for (let b = 0; b < nf; b++) counts.push(0);
      return;
    }
    for (let b = 0; b < nf; b++) {
      const keys = this.extract[b]!(p);
      let c = 0;
      if (keys !== undefined) {
        const ids = this.objectIds[b]!;
        for (let j = 0; j < keys.length; j++) {
          const k = keys[j]!;
          if (k === '') continue;
          const seen = ids.size;
          const o = ids.id(k);
          if (o === seen) batch.newObjects[b]!.push(k);
          batch.objects.push(o);
          c++;
        }
      }
      counts.push(c);
    }
  }

  /** `when` with room for account `a`. */
  private growWhen(a: number): Float64Array {
    const grown = new Float64Array(Math.max(2 * a + 2, 2 * this.when.length)).fill(NaN);
    grown.set(this.when);
    this.when = grown;
    return grown;
  }

  /** The encoder's integer for the post's account; a new account is added to the batch's `newAccounts`. */
  private accountOf(p: EncodablePost, batch: OpenBatch): number {
    const memo = p.accountMemo;
    if (memo !== undefined && memo.owner === this) return memo.n;
    const seen = this.accountIds.size;
    const a = this.accountIds.id(p.account);
    if (a === seen) batch.newAccounts.push(p.account);
    if (memo !== undefined) {
      memo.owner = this;
      memo.n = a;
    }
    return a;
  }

  /** The posts added since the last flush, as one batch (its arrays are the batch's own, to transfer). */
  flush(): EncodedBatch {
    const o = this.open ?? new OpenBatch(0, this.extract.length, this.options);
    this.open = undefined;
    // The next batch is probably as large (one input chunk's posts).
    this.capacity = Math.max(this.capacity, o.n);
    return {
      kind: 'batch',
      count: o.n,
      account: o.account.view(),
      newAccounts: o.newAccounts,
      time: o.time.view(),
      flags: o.flags.view(),
      counts: o.counts.view(),
      objects: o.objects.view(),
      newObjects: o.newObjects,
      keys: o.keys.view(),
      newKeys: o.newKeys,
      strs: o.strs,
      ...(o.ids === undefined ? {} : { ids: o.ids.finish() }),
      ...(o.texts === undefined ? {} : { texts: o.texts.finish() }),
    };
  }

  /**
   * Hands back the buffers of a batch this encoder flushed (engine/open-batch.ts `batchBuffers`, in that
   * order) once its consumer is done with it; the next batches of `add` are filled in them.
   */
  recycle(buffers: ArrayBuffer[]): void {
    this.spare.push(buffers);
  }

  /** Distinct accounts encoded so far. */
  get accountCount(): number {
    return this.accountIds.size;
  }

  tail(): EncodedTail {
    const latest: number[] = [];
    const profileChunk: number[] = [];
    this.profiles.forEach((_, a) => {
      latest[a] = this.when[2 * a]!;
      profileChunk[a] = this.when[2 * a + 1]!;
    });
    return {
      kind: 'tail',
      profiles: this.profiles,
      screenNames: [...this.screenNames],
      order: { latest, profileChunk, nameAt: this.nameAt },
    };
  }
}

/** A post's text into the batch: its bytes (`EncoderOptions.textBytes`; from the CSV when a view has them), else a string. */
function pushText(p: EncodablePost, batch: OpenBatch): void {
  const texts = batch.texts;
  if (texts === undefined) batch.strs.push(p.text!);
  else if (p.copyText === undefined || !p.copyText(texts)) texts.string(p.text!);
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

/** A set of small non-negative integers as one byte each, grown on demand. */
class Marks {
  private bits: Uint8Array;

  constructor(capacity: number) {
    this.bits = new Uint8Array(capacity);
  }

  has(i: number): boolean {
    return this.bits[i] === 1;
  }

  set(i: number): void {
    if (i >= this.bits.length) {
      const grown = new Uint8Array(Math.max(i + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[i] = 1;
  }
}
