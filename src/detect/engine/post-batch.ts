/**
 * The post encoder: the per-post work of building action columns that needs no global state
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
import type { AccountProfile, Post } from '../../core/post.js';
import { DenseIds } from './dense-ids.js';
import {
  FIRST_TEXT,
  FLAG_REPLY,
  FLAG_REPOST,
  FLAG_URL,
  HAS_ID,
  HAS_KEY,
  HAS_TEXT,
  ORIGINAL_TEXT,
  type EncodablePost,
  type EncodedBatch,
  type EncodedMessage,
  type EncodedTail,
  type EncoderOptions,
  type FieldBehaviour,
  type IdTable,
} from './encoded-batch.js';
import { OpenBatch } from './open-batch.js';
import { retweetTextKey } from './text.js';

const one = (s: string | undefined): string[] | undefined => (s === undefined || s === '' ? undefined : [s]);

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

export class PostEncoder {
  /** Account → integer; decimal ids by value (engine/dense-ids.ts: the encoder's hottest probe). */
  private readonly accountIds: IdTable;
  private readonly profiles: (AccountProfile | undefined)[] = [];
  private readonly latest: number[] = [];
  private readonly screenNames = new Map<number, string>();
  private readonly profileChunk: number[] = [];
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
    if (profile !== undefined && !(time < (this.latest[a] ?? -Infinity))) {
      this.profiles[a] = profile;
      this.latest[a] = time;
      this.profileChunk[a] = chunk;
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
    return {
      kind: 'tail',
      profiles: this.profiles,
      screenNames: [...this.screenNames],
      order: { latest: this.latest, profileChunk: this.profileChunk, nameAt: this.nameAt },
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
