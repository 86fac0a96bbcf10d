/**
 * A sliding window's action columns, kept as posts arrive, so a detection over the window does not
 * encode its posts again: each post is encoded once (engine/post-batch.ts's encoder, the original
 * text normalised, every string interned into window-lifetime interners) and a tick only renumbers.
 *
 * `prepare(start, end)` returns exactly what `collectActions` (engine/actions.ts) returns for the posts
 * with time in (start, end], in arrival order: accounts, objects, retweet keys and texts numbered by
 * first appearance among those posts, the same example texts, profiles and screen names. It walks the
 * window once with integer arrays (no string hashing, no text work): O(posts + actions) per call,
 * against collectActions' O(total text length) plus one Map look-up per action. actions.test.ts's
 * twin, window-actions.test.ts, checks the two are equal after arrivals and expiry.
 *
 * With co-similar among the behaviours, `prepare` also hands detect each original text's co-similar
 * signature (`signed`, similar/signature-cache.ts), made when a tick first meets the text and kept
 * until the next compaction, so a tick does not normalise, shingle and sign the window's texts again:
 * detect's co-similar stage then only buckets and verifies (O(bands · distinct texts) instead of
 * O(total text length); the groups are the same, window-actions.test.ts).
 *
 * Memory: per post 6 numbers in typed columns (~25 bytes), its id's bytes, its raw text, its profile when
 * it has one, and its action objects' integers (5 bytes each) — not its Post object (the decoded post with its arrays and strings, ~2/3 of what a
 * post cost when it was kept; bench/RESULTS.md, "Monitor, fifth slice"), unless `keepPosts` asks for
 * `posts()`. Arrivals are encoded in batches of ENCODE_BATCH, so decoded posts do not pile up between
 * ticks either. The interners hold the strings of the window's posts and are rebuilt from the live
 * posts when the front is compacted (once the window has turned over by half), so strings of expired
 * posts do not accumulate. The encoder numbers arrivals straight in those interners
 * (`EncoderOptions.tables`), so each string of a post is looked up once: an encoder of its own, kept
 * across batches and mapped to the window's numbers (session 14), hashed a new account, key or object
 * a second time into the window's interners (bench/RESULTS.md, "h-mon … session 16"). The encoder
 * then lives as long as the interners (until the next compaction), as do its per-account and per-key
 * tables (a profile reference, a time and a byte or two each).
 *
 * A tick (`prepare`) renumbers the window's rows into detect's columns (tick-columns.ts), and in lockstep
 * mode hands detect the window's per-object cache of lockstep's counting steps with the objects whose
 * actions arrived or left since the last tick (engine/object-cache.ts, tick-changes.ts); compaction
 * renumbers the window's ids, so it empties the cache.
 */
import type { Post } from '../../core/post.js';
import type { ActionTable, PostColumns } from '../engine/actions.js';
import { Interner } from '../engine/intern.js';
import {
  FIELD_BEHAVIOURS,
  HAS_ID,
  HAS_KEY,
  FIRST_TEXT,
  HAS_TEXT,
  ORIGINAL_TEXT,
  type FieldBehaviour,
} from '../engine/encoded-batch.js';
import { PostEncoder } from '../engine/post-batch.js';
import { hasCoPostWords, normaliseText } from '../engine/text.js';
import { SignatureCache, type SignedTexts } from '../similar/signature-cache.js';
import { ObjectCache, type ObjectReuse } from '../engine/object-cache.js';
import { TickChanges } from './tick-changes.js';
import { tickColumns, type WindowState } from './tick-columns.js';
import { emptyRows, viewOf } from './window-rows.js';
import { resolveOptions, type DetectOptions } from '../options.js';
import { BEHAVIOURS, type Behaviour } from '../../core/behaviour.js';

export interface WindowActionsOptions {
  /** The behaviours a detection will ask for (as `collectActions`' `behaviours`). */
  behaviours: readonly Behaviour[];
  /** Lockstep mode: a repost acts only in co-retweet. */
  repostsOnlyRetweet: boolean;
  /** Intern post ids into `content` (CooRTweet parity). */
  internPostIds?: boolean;
  /** Keep each post's Post object, for `posts()` (a caller that detects from posts; tests). */
  keepPosts?: boolean;
  /**
   * co-similar's seed: with co-similar among the behaviours, each distinct original text is signed
   * once for co-similar (similar/signature-cache.ts) and `prepare` hands the signatures to detect.
   */
  similarSeed?: number;
  /**
   * Bytes lockstep's per-object cache may hold across ticks (engine/object-cache.ts, e.g.
   * DEFAULT_CACHE_BYTES). Default 0, no cache: on the monitor bench's stream it reused 0.5 % of a
   * tick's actions and did not lower a tick's CPU (bench/RESULTS.md, h-inc session 19).
   */
  objectCacheBytes?: number;
}

/** Arrivals encoded at once: the encoder's fixed costs amortised, few decoded posts held meanwhile. */
const ENCODE_BATCH = 2048;

export class WindowActions {
  private accounts = new Interner();
  private rows = emptyRows(this.accounts);
  private head = 0;
  private pending: Post[] = [];
  private keys = new Interner();
  private texts = new Interner();
  /** Per interned original text: 1 when it is long enough to be a co-post object. */
  private coPostText: number[] = [];
  /**
   * Per interned original text: the raw text of its first post. A later post with the same raw text
   * keeps this string rather than its own copy, so a repeated text (copypasta, a bot's template) is
   * held once (bench/RESULTS.md, h-mon3 session 18).
   */
  private firstRaw: string[] = [];
  /**
   * co-similar's signatures of the window's original texts, and per interned original text its entry
   * there (−1: too short to group; −2: not signed yet). Started again at each compaction, so the
   * signatures of expired texts do not accumulate.
   */
  private signatures: SignatureCache | undefined;
  private similarEntry = new Int32Array(0);
  private fieldObjects: Interner[];
  private readonly fields: readonly FieldBehaviour[];
  /** Arrivals' encoder, numbering in the interners above; made again when they are (compaction). */
  private encoder: PostEncoder;
  /** Lockstep's per-object counting steps kept across ticks, and what changed since the last tick. */
  private readonly cache: ObjectCache | undefined;
  private readonly changes = new TickChanges();

  /** The window a `detect` with these options would collect (its behaviours and semantics). */
  static forDetect(options: DetectOptions, keepPosts = false, objectCacheBytes = 0): WindowActions {
    const o = resolveOptions(options);
    return new WindowActions({
      behaviours: o.behaviours ?? [...BEHAVIOURS],
      repostsOnlyRetweet: o.semantics === 'lockstep',
      internPostIds: o.semantics === 'coortweet',
      keepPosts,
      similarSeed: o.seed,
      objectCacheBytes,
    });
  }

  constructor(private readonly options: WindowActionsOptions) {
    const wants = new Set(options.behaviours);
    this.fields = FIELD_BEHAVIOURS.filter((b) => wants.has(b));
    this.fieldObjects = this.fields.map(() => new Interner());
    this.signatures = this.newSignatures();
    this.encoder = this.newEncoder();
    const bytes = options.objectCacheBytes ?? 0;
    this.cache = options.repostsOnlyRetweet && bytes > 0 ? new ObjectCache(bytes) : undefined;
  }

  /** Bytes the per-object cache holds now (undefined without one): stats.json shows it. */
  get objectCacheBytes(): number | undefined {
    return this.cache?.bytes;
  }

  private newEncoder(): PostEncoder {
    return new PostEncoder({
      fields: this.fields,
      onlyRetweet: this.options.repostsOnlyRetweet,
      tables: { accounts: this.accounts, keys: this.keys, objects: this.fieldObjects },
    });
  }

  private newSignatures(): SignatureCache | undefined {
    const seed = this.options.similarSeed;
    return seed !== undefined && this.options.behaviours.includes('co-similar')
      ? new SignatureCache({ seed })
      : undefined;
  }

  /** Posts in the window (arrival order), encoded or not yet. */
  get size(): number {
    return this.rows.time.length - this.head + this.pending.length;
  }

  push(p: Post): void {
    this.pending.push(p);
    if (this.pending.length >= ENCODE_BATCH) this.encodePending();
  }

  /** The posts with time in (start, end], in arrival order (what a batch detection would read). */
  posts(start: number, end: number): Post[] {
    if (this.options.keepPosts !== true) throw new Error('WindowActions.posts() needs keepPosts');
    this.encodePending();
    const out: Post[] = [];
    const { post } = this.rows;
    const time = this.rows.time.view();
    for (let r = this.head; r < post.length; r++) if (time[r]! > start && time[r]! <= end) out.push(post[r]!);
    return out;
  }

  /** How many posts have time in (start, end]. */
  count(start: number, end: number): number {
    this.encodePending();
    const time = this.rows.time.view();
    let n = 0;
    for (let r = this.head; r < time.length; r++) if (time[r]! > start && time[r]! <= end) n++;
    return n;
  }

  /**
   * Drops posts from the front while they are at or before `before` (a late post older than one
   * still in front waits until the front passes it; `prepare` filters by time, so it is never read).
   */
  expire(before: number): void {
    this.encodePending();
    const time = this.rows.time.view();
    while (this.head < time.length && time[this.head]! <= before) this.head++;
    if (this.head > 4096 && this.head * 2 > time.length) this.compact();
  }

  /** Encodes the posts that arrived since the last call, in one batch (the encoder's fixed costs once). */
  private encodePending(): void {
    if (this.pending.length === 0) return;
    const posts = this.pending;
    this.pending = [];
    const batch = this.encoder.encode(posts);
    const nf = this.fields.length;
    const { strs, counts, keys, objects } = batch;
    const rows = this.rows;
    let s = 0;
    let k = 0;
    let o = 0;
    for (let i = 0; i < batch.count; i++) {
      const f = batch.flags[i]!;
      if (this.options.keepPosts === true) rows.post.push(posts[i]!);
      const profile = posts[i]!.profile;
      if (profile !== undefined) rows.profile.set(rows.time.length, profile);
      rows.account.push(batch.account[i]!);
      rows.time.push(batch.time[i]!);
      rows.flags.push(f);
      rows.id.push((f & HAS_ID) !== 0 ? strs[s++] : undefined);
      rows.key.push((f & HAS_KEY) !== 0 ? keys[k++]! : -1);
      let text: string | undefined;
      // The encoder sends a key's text only with its first post in the batch (FIRST_TEXT); every row
      // keeps its own, since the row that brought the text may expire before the others.
      if ((f & HAS_TEXT) !== 0) text = (f & FIRST_TEXT) !== 0 ? strs[s++] : posts[i]!.text;
      let orig = -1;
      if ((f & ORIGINAL_TEXT) !== 0) {
        text = strs[s++]!;
        const norm = normaliseText(text);
        orig = this.texts.id(norm);
        if (orig === this.coPostText.length) {
          this.coPostText.push(hasCoPostWords(norm) ? 1 : 0);
          this.firstRaw.push(text);
        } else if (this.firstRaw[orig] === text) text = this.firstRaw[orig];
      }
      rows.text.push(text);
      rows.orig.push(orig);
      for (let b = 0; b < nf; b++) {
        const c = counts[i * nf + b]!;
        for (let j = 0; j < c; j++) {
          rows.objectField.push(b);
          rows.objects.push(objects[o++]!);
        }
      }
      rows.objectStart.push(rows.objects.length);
    }
  }

  /** Keeps the live rows and re-interns their strings, so expired strings are freed. */
  private compact(): void {
    const old = this.rows;
    const from = this.head;
    const accounts = new Interner();
    const keys = new Interner();
    const texts = new Interner();
    const coPostText: number[] = [];
    const firstRaw: string[] = [];
    const fieldObjects = this.fields.map(() => new Interner());
    const rows = emptyRows(accounts);
    const keepPosts = this.options.keepPosts === true;
    const was = viewOf(old);
    for (let r = from; r < was.time.length; r++) {
      if (keepPosts) rows.post.push(old.post[r]!);
      const profile = old.profile.get(r);
      if (profile !== undefined) rows.profile.set(rows.time.length, profile);
      rows.account.push(accounts.id(this.accounts.str(was.account[r]!)));
      rows.time.push(was.time[r]!);
      rows.flags.push(was.flags[r]!);
      rows.id.pushFrom(old.id, r);
      rows.text.push(old.text[r]);
      const k = was.key[r]!;
      rows.key.push(k < 0 ? -1 : keys.id(this.keys.str(k)));
      const o = was.orig[r]!;
      let orig = -1;
      if (o >= 0) {
        orig = texts.id(this.texts.str(o));
        if (orig === coPostText.length) {
          coPostText.push(this.coPostText[o]!);
          firstRaw.push(old.text[r]!);
        }
      }
      rows.orig.push(orig);
      for (let j = was.objectStart[r]!; j < was.objectStart[r + 1]!; j++) {
        const b = was.objectField[j]!;
        rows.objectField.push(b);
        rows.objects.push(fieldObjects[b]!.id(this.fieldObjects[b]!.str(was.objects[j]!)));
      }
      rows.objectStart.push(rows.objects.length);
    }
    this.rows = rows;
    this.head = 0;
    this.accounts = accounts;
    this.keys = keys;
    this.texts = texts;
    this.coPostText = coPostText;
    this.firstRaw = firstRaw;
    this.fieldObjects = fieldObjects;
    this.signatures = this.newSignatures();
    this.similarEntry = new Int32Array(0);
    this.encoder = this.newEncoder();
    this.changes.reset();
    this.cache?.clear();
  }

  /**
   * `collectActions`' result for the posts with time in (start, end], in arrival order (tick-columns.ts),
   * with co-similar's signatures of its texts and, in lockstep mode, the per-object cache and this
   * tick's dirty objects for the counting stage (`reuse`).
   */
  prepare(
    start: number,
    end: number,
  ): {
    columns: PostColumns;
    tables: ActionTable[];
    signed?: SignedTexts;
    reuse?: ReadonlyMap<Behaviour, ObjectReuse>;
  } {
    this.encodePending();
    const state: WindowState = {
      rows: this.rows,
      head: this.head,
      accounts: this.accounts,
      keys: this.keys,
      texts: this.texts,
      fieldObjects: this.fieldObjects,
      fields: this.fields,
      coPostText: this.coPostText,
      behaviours: this.options.behaviours,
      ...(this.options.internPostIds !== undefined ? { internPostIds: this.options.internPostIds } : {}),
    };
    const tick = tickColumns(state, start, end);
    return {
      columns: tick.columns,
      tables: tick.tables,
      ...(this.cache ? { reuse: this.changes.next(state, start, end, tick, this.cache) } : {}),
      ...(this.signatures ? { signed: this.signed(this.signatures, tick.texts) } : {}),
    };
  }

  /**
   * co-similar's entries for a prepared window's original texts (`sources`: their interned ids, in the
   * window's numbering), signing those no earlier tick met.
   */
  private signed(cache: SignatureCache, sources: readonly number[]): SignedTexts {
    if (this.similarEntry.length < this.texts.size) {
      const grown = new Int32Array(Math.max(this.texts.size, 2 * this.similarEntry.length)).fill(-2);
      grown.set(this.similarEntry);
      this.similarEntry = grown;
    }
    const entries = new Int32Array(sources.length);
    for (let k = 0; k < sources.length; k++) {
      const x = sources[k]!;
      let e = this.similarEntry[x]!;
      if (e === -2) e = this.similarEntry[x] = cache.entry(this.texts.str(x));
      entries[k] = e;
    }
    return { seed: cache.options.seed!, cache, entries };
  }
}
