/**
 * Every post's id, kept as UTF-8 bytes with one end offset per post instead of one string per post.
 * The ids are read back only for a network's few example posts, yet a string per post was the largest
 * per-post object the run kept: ~50 bytes on the heap for a 19-digit tweet id, and one more object
 * for every major garbage collection to mark, which grows with the input (issue #15: 10M posts must
 * cost ≤ 3.5× 3M). Here a post costs its id's bytes plus 8 (plus 9, with `accounts`).
 *
 * With `accounts` (the monitor's window), an id `at://<the post's account>/…` — every Jetstream post
 * id, since the did is the post's account — keeps only what follows that prefix, and a code: the did
 * is already in the window's account column (issue #12: the ids were the window's largest column). The
 * code also stands for a Bluesky post's or repost's collection when it follows. Any
 * other id (Mastodon URLs, NDJSON ids, another account's at:// URI) is kept whole, so every id reads
 * back exactly.
 *
 * Cost: O(id length) per `push` (one native UTF-8 write) and per `get`.
 */
import { GrowableFloat64, GrowableUint8 } from '../../core/growable.js';

/** What detect reads of its posts' ids (post p: the p-th post of the run). */
export interface PostIds {
  readonly length: number;
  /** Post `p`'s id, or undefined (no id, or no such post). */
  get(p: number): string | undefined;
  /** Each post whose id is in `wanted`, in post order, with that id (see IdColumn's). */
  forEachIn(wanted: ReadonlySet<string>, visit: (p: number, id: string) => void): void;
  /** All ids in post order (tests, small inputs). */
  toArray(): (string | undefined)[];
}

/** Each post's account, for ids `at://<account>/…` (see IdColumn). */
export interface IdAccounts {
  /** Post `p`'s account number (known by the time post `p` is pushed). */
  of(p: number): number;
  /** Account number → its name (the did of a Jetstream post). */
  name(account: number): string;
}

const AT = 'at://';
const SLASH = 0x2f;
/** What follows `at://<account>/` in a short id of code c ≥ 1: `COLLECTION[c - 1]`, then its bytes. */
const COLLECTION = ['', 'app.bsky.feed.post/', 'app.bsky.feed.repost/'];

export class IdColumn implements PostIds {
  private bytes = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  /** Post → the end of its id in `bytes`; −(end + 1) for a post without an id (nothing stored). */
  private readonly ends = new GrowableFloat64(1 << 16);
  /**
   * With `accounts`: post → its code, 0 for an id kept whole, c ≥ 1 when `bytes` hold only what
   * follows `at://<its account>/` + COLLECTION[c − 1].
   */
  private readonly short: GrowableUint8 | undefined;

  constructor(private readonly accounts?: IdAccounts) {
    this.short = accounts === undefined ? undefined : new GrowableUint8(1 << 16);
  }

  /** Post `p`'s code (see `short`). */
  private codeOf(p: number): number {
    return this.short === undefined || p >= this.short.length ? 0 : this.short.at(p);
  }

  /** The part of post `p`'s id its bytes leave out ('' for one kept whole). */
  private prefixOf(p: number): string {
    const code = this.codeOf(p);
    if (code === 0) return '';
    const accounts = this.accounts!;
    return `${AT}${accounts.name(accounts.of(p))}/${COLLECTION[code - 1]!}`;
  }

  /** Room for `need` bytes in all (the used ones kept). */
  private room(need: number): void {
    if (need <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(need, this.bytes.length * 2));
    this.bytes.copy(grown, 0, 0, this.used);
    this.bytes = grown;
  }

  push(id: string | undefined): void {
    if (id === undefined) {
      this.ends.push(-(this.used + 1));
      this.short?.push(0);
      return;
    }
    if (this.accounts !== undefined) {
      // Tested in place (no prefix string made): `at://`, the account, then `/`.
      const account = this.accounts.name(this.accounts.of(this.ends.length));
      const own =
        id.startsWith(AT) &&
        id.startsWith(account, AT.length) &&
        id.charCodeAt(AT.length + account.length) === SLASH;
      let code = 0;
      if (own) {
        let cut = AT.length + account.length + 1;
        code = 1;
        for (let c = 1; c < COLLECTION.length; c++)
          if (id.startsWith(COLLECTION[c]!, cut)) {
            code = c + 1;
            cut += COLLECTION[c]!.length;
            break;
          }
        id = id.slice(cut);
      }
      this.short!.push(code);
    }
    // Room for the most its UTF-8 can take (3 bytes per UTF-16 unit; a surrogate pair, 4 for 2), then
    // one native write: measuring the bytes first was a second pass over every id (the monitor's
    // window pushes one per event).
    this.room(this.used + 3 * id.length);
    this.used += this.bytes.write(id, this.used, 'utf8');
    this.ends.push(this.used);
  }

  /**
   * Appends post `p` of `from` (its bytes copied; no string made unless `from` kept it short and this
   * column has no accounts): O(id length). With accounts here, the post pushed must have the same
   * account as post `p` there (the window's compaction).
   */
  pushFrom(from: IdColumn, p: number): void {
    const ends = from.ends.view();
    const end = ends[p]!;
    if (end < 0) {
      this.ends.push(-(this.used + 1));
      this.short?.push(0);
      return;
    }
    const prev = p === 0 ? 0 : ends[p - 1]!;
    const start = prev < 0 ? -prev - 1 : prev;
    const prefix = from.prefixOf(p);
    if (prefix !== '' && this.short === undefined) {
      this.room(this.used + 3 * prefix.length + end - start);
      this.used += this.bytes.write(prefix, this.used, 'utf8');
    }
    this.pushBytes(from.bytes, start, end);
    if (this.short !== undefined) this.short.view()[this.short.length - 1] = from.codeOf(p);
  }

  /** An id given as its UTF-8 bytes `src[start, end)` (a non-empty id: empty ones are `push(undefined)`). */
  pushBytes(src: Uint8Array, start: number, end: number): void {
    const need = this.used + end - start;
    this.room(need);
    this.bytes.set(src.subarray(start, end), this.used);
    this.used = need;
    this.ends.push(this.used);
    this.short?.push(0);
  }

  /**
   * A batch's ids at once: `bytes` holds the ids of the posts whose `flags` have `bit`, one after the
   * other, and `ends` the end of each; the other posts have none. One copy of the bytes per batch
   * instead of one per post.
   */
  pushBatch(bytes: Uint8Array, ends: Int32Array, flags: Uint8Array, bit: number, count: number): void {
    const base = this.used;
    const need = base + bytes.length;
    this.room(need);
    this.bytes.set(bytes, base);
    this.used = need;
    let at = base;
    let k = 0;
    for (let i = 0; i < count; i++) {
      if ((flags[i]! & bit) !== 0) {
        at = base + ends[k++]!;
        this.ends.push(at);
      } else {
        this.ends.push(-(at + 1));
      }
      this.short?.push(0);
    }
  }

  get length(): number {
    return this.ends.length;
  }

  /** Bytes the ids take (tests, benches). */
  get byteLength(): number {
    return this.used;
  }

  /** Post `p`'s id, or undefined (no id, or no such post). */
  get(p: number): string | undefined {
    const ends = this.ends.view();
    const end = ends[p];
    if (end === undefined || end < 0) return undefined;
    const before = p === 0 ? 0 : ends[p - 1]!;
    return this.prefixOf(p) + this.bytes.toString('utf8', before < 0 ? -before - 1 : before, end);
  }

  /**
   * Each post whose id is in `wanted`, in post order, with that id — without a string per post (at
   * 3M posts, decoding every id to test it was most of engine/amplified.ts's cost). An all-ASCII id
   * decodes to its bytes, so its FNV-1a hash (32 bits) must be a wanted id's: only such posts (the
   * wanted ones, and ~|wanted| / 2³² of the others) are decoded and tested. An id with any other byte
   * is decoded and tested as before (it can only equal a wanted id that is not ASCII). A short id's
   * hash starts from its prefix's (FNV-1a reads bytes in order), computed once per account. Cost: one
   * pass over the id bytes, a set lookup per ASCII id.
   */
  forEachIn(wanted: ReadonlySet<string>, visit: (p: number, id: string) => void): void {
    this.scan(wanted, visit, 0, this.length);
  }

  /**
   * Posts `[from, from + count)` as a column of their own (post p here is post from + p there),
   * without copying their bytes: the monitor's tick reads its window's ids in place (a copy was ~60
   * bytes a post at the peak of a tick). Valid while this column only grows.
   */
  range(from: number, count: number): PostIds {
    if (from < 0 || count < 0 || from + count > this.length)
      throw new RangeError(`IdColumn.range: [${from}, ${from + count}) outside ${this.length} posts`);
    return {
      length: count,
      get: (p) => (p >= 0 && p < count ? this.get(from + p) : undefined),
      forEachIn: (wanted, visit) => {
        this.scan(
          wanted,
          (p, id) => {
            visit(p - from, id);
          },
          from,
          from + count,
        );
      },
      toArray: () => Array.from({ length: count }, (_, p) => this.get(from + p)),
    };
  }

  /** forEachIn over posts [from, to). */
  private scan(
    wanted: ReadonlySet<string>,
    visit: (p: number, id: string) => void,
    from: number,
    to: number,
  ): void {
    const hashes = new Set<number>();
    for (const w of wanted) {
      const b = Buffer.from(w, 'utf8');
      hashes.add(fnv1a(b, 0, b.length));
    }
    const ends = this.ends.view();
    const short = this.short?.view();
    const accounts = this.accounts;
    /** Account × 4 + code → FNV-1a state after its prefix's bytes, then whether any is ≥ 0x80. */
    const prefixHash = new Map<number, number>();
    const prefixHigh = new Map<number, number>();
    const bytes = this.bytes;
    const before = from === 0 ? 0 : ends[from - 1]!;
    let start = before < 0 ? -before - 1 : before;
    for (let p = from; p < to; p++) {
      const end = ends[p]!;
      if (end < 0) {
        start = -end - 1;
        continue;
      }
      let h = 0x811c9dc5;
      let high = 0;
      if (short !== undefined && short[p] !== 0) {
        const a = accounts!.of(p) * 4 + short[p]!;
        let ph = prefixHash.get(a);
        if (ph === undefined) {
          const b = Buffer.from(this.prefixOf(p), 'utf8');
          ph = fnv1a(b, 0, b.length);
          prefixHash.set(a, ph);
          prefixHigh.set(
            a,
            b.reduce((x, c) => x | c, 0),
          );
        }
        h = ph;
        high = prefixHigh.get(a)!;
      }
      for (let i = start; i < end; i++) {
        const c = bytes[i]!;
        high |= c;
        h = Math.imul(h ^ c, 0x01000193);
      }
      if (high < 0x80 && !hashes.has(h | 0)) {
        start = end;
        continue;
      }
      const id = this.prefixOf(p) + bytes.toString('utf8', start, end);
      start = end;
      if (wanted.has(id)) visit(p, id);
    }
  }

  /** All ids in post order (tests, small inputs). */
  toArray(): (string | undefined)[] {
    return Array.from({ length: this.length }, (_, p) => this.get(p));
  }
}

/** 32-bit FNV-1a of `bytes[from, to)` (as a signed 32-bit integer). */
function fnv1a(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h | 0;
}
