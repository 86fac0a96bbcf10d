/**
 * Per-account cache for CSV formats that repeat the account's profile on every row (the IO archive
 * and the IRA CSV write the account's fields, as of collection time, on each of its tweets).
 *
 * For each account it keeps one copy of the raw bytes of the account id and of the profile columns,
 * and the account string and profile object built from them; while a row's bytes are identical, the
 * same (interned) account string and the same profile object are reused, so those columns are never
 * decoded again. The account is found straight from the id's bytes (an open-addressing table over
 * FNV-1a hashes of the bytes) rather than by decoding the id and looking the string up: measured on a
 * simulated 1M-post IO archive, the decode + string Map lookup + a JS byte loop over the profile were
 * 6.2 s of the read worker's 35 s (machine loaded); the byte table and a native compare of the profile
 * bytes remove the decode and most of the compare. Consumers must treat `profile` as read-only.
 *
 * Layout (session 14): a row's probe touches memory in random account order, so it is bound by cache
 * misses, not instructions. Each slot of the table is one 32-byte record (hash, entry, where the bytes
 * are, their lengths), and every entry's id and profile bytes sit in one shared byte arena: a hit reads
 * the slot record, the arena and the entry object — before, the slot, the entries array, the entry,
 * its Buffer object and the Buffer's bytes, each a likely miss. Measured (bench/RESULTS.md, h-read2):
 * the cache's cost per row about halved on a simulated 1M-post IO archive.
 *
 * Entries (session 17): an entry's account, profile and consumer number sit in three arrays indexed by
 * the entry, not in one object per account. A row view reads the profile and the consumer's number
 * straight from those arrays once the slot record is found — before, the slot record led to the entries
 * array, which led to the entry object, which led to the encoder's per-account arrays: four dependent
 * cache misses per row in random account order, where now the loads after the slot record are
 * independent of each other. On a simulated 3M-post archive (~157k accounts) the entry object's read
 * alone held 6.6 % of the read worker's busy samples, the slot record 5.7 % and the arena 4.6 %
 * (bench/RESULTS.md, h-read4).
 *
 * Only unescaped id fields (no `""` inside) are looked up by bytes, so equal bytes mean an equal
 * decoded id; an escaped id takes the decoding path every time.
 *
 * Memory: at most `max` entries (cleared when full, no LRU bookkeeping), each its id and profile bytes
 * in the arena, a 32-byte slot record (the table at most half full: ≤ 64 bytes per entry) and the
 * profile object, ~300 bytes: ≤ 1.2 GB at the default 2^22, held only when the input has that many
 * accounts. A profile that grows past its reserved bytes is written anew at the arena's end; the arena
 * is compacted when less than half of it is live, so it stays within about twice the live bytes however
 * often profiles change. The cap was 100,000 until a simulated 3M archive with 156,767 accounts showed
 * the cost of clearing: every account's profile rebuilt again and again, 5.5 s of a 36 s read instead of
 * ~1.3 s. It was 2^20 until session 21 (h-grow): the simulated 30M archive has ~1.55M accounts (the
 * simulator's ~52 per 1,000 posts), so the cache cleared again and again there and not at 10M (518k),
 * one of the terms that made 30M cost more than 3× 10M. 2^22 holds the accounts of ~80M such posts.
 * Cost per row: one hash over at most 32 id bytes, one probe, two byte comparisons.
 */
import type { AccountProfile } from '../../core/post.js';
import type { CsvRecord } from '../csv-tokenizer.js';

/** Longer profiles are compared natively; a JS loop beats Buffer#compare's argument checks below it. */
const NATIVE_COMPARE = 256;

/** Slot record fields, `STRIDE` int32 per slot (32 bytes: two records per 64-byte cache line). */
const STRIDE = 8;
const HASH = 0;
/** Entry index + 1; 0 marks an empty slot. */
const ENTRY = 1;
/** Arena offset of the id's bytes, followed by the profile's. */
const AT = 2;
const KEY_LENGTH = 3;
const PROFILE_LENGTH = 4;
/** Arena bytes reserved at AT (≥ id + profile; more after a profile shrank). */
const ROOM = 5;

const MIN_ARENA = 1 << 16;

/** Entries held before the cache starts over (see Memory in the file comment). */
export const DEFAULT_MAX = 1 << 22;

/** `numbers` of an entry no consumer owns (a consumer's numbers are ≥ −1). */
const UNOWNED = -0x80000000;

export class ProfileCache {
  /** Per entry (index = slot record's ENTRY − 1): the account, its current profile, a consumer's number. */
  private accounts: string[] = [];
  private profiles: (AccountProfile | undefined)[] = [];
  private numbers = new Int32Array(1024).fill(UNOWNED);
  /** Whose numbers `numbers` holds (one consumer at a time; another one starts them afresh). */
  private owner: unknown = undefined;
  /** What `find` read for a row it did not cache (an escaped or missing id). */
  uncachedAccount = '';
  uncachedProfile: AccountProfile | undefined;
  /** `STRIDE` int32 per slot; slot count a power of two, at most half full. */
  private table = new Int32Array(STRIDE << 12);
  private arena = Buffer.allocUnsafeSlow(MIN_ARENA);
  /** Arena bytes in use (written up to here), and those reserved by the slots (the rest is stale). */
  private used = 0;
  private live = 0;
  private readonly first: number;
  private readonly last: number;

  /**
   * `columns`: the indices of the profile columns (absent ones as -1). With none present the cache
   * still finds the account by its id's bytes (the profile bytes are then empty).
   */
  constructor(
    columns: readonly number[],
    private readonly max = DEFAULT_MAX,
  ) {
    const present = columns.filter((c) => c >= 0);
    this.first = present.length ? Math.min(...present) : -1;
    this.last = present.length ? Math.max(...present) : -1;
  }

  /** Arena bytes held (for tests: bounded by about twice the live entries' bytes). */
  get arenaBytes(): number {
    return this.arena.length;
  }

  /**
   * The row's entry index (read it with `accountOf`, `profileOf`, `numberOf`; one index per cached
   * account, kept when its profile changes), or −1 for a row that is not cached, whose account and profile are then `uncachedAccount` and
   * `uncachedProfile` (until the next call).
   */
  find(
    r: CsvRecord,
    idColumn: number,
    decode: (r: CsvRecord) => string,
    build: (r: CsvRecord) => AccountProfile | undefined,
  ): number {
    const hasProfile = this.first >= 0;
    if (
      idColumn < 0 ||
      idColumn >= r.count ||
      (hasProfile && this.last >= r.count) ||
      r.escaped[idColumn] !== 0 ||
      r.starts[idColumn]! >= r.ends[idColumn]!
    ) {
      this.uncachedAccount = decode(r);
      this.uncachedProfile = build(r);
      return -1;
    }
    const buf = r.buf;
    const ks = r.starts[idColumn]!;
    const ke = r.ends[idColumn]!;
    const ps = hasProfile ? r.starts[this.first]! : 0;
    const pe = hasProfile ? r.ends[this.last]! : 0;
    const hash = hashBytes(buf, ks, ke);
    const kl = ke - ks;
    const t = this.table;
    const arena = this.arena;
    const mask = t.length / STRIDE - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const j = i * STRIDE;
      const e = t[j + ENTRY]!;
      if (e === 0) break;
      if (t[j + HASH] !== hash || t[j + KEY_LENGTH] !== kl) continue;
      const at = t[j + AT]!;
      let k = 0;
      while (k < kl && arena[at + k] === buf[ks + k]) k++;
      if (k < kl) continue;
      if (t[j + PROFILE_LENGTH] === pe - ps && sameBytes(arena, at + kl, buf, ps, pe)) return e - 1;
      this.rewrite(j, buf, ks, ke, ps, pe);
      this.profiles[e - 1] = build(r);
      return e - 1;
    }
    const account = decode(r);
    const profile = build(r);
    return this.insert(account, profile, hash, buf, ks, ke, ps, pe);
  }

  /** The account of entry `e` (from `find`). */
  accountOf(e: number): string {
    return this.accounts[e]!;
  }

  /** The current profile of entry `e`. */
  profileOf(e: number): AccountProfile | undefined {
    return this.profiles[e];
  }

  /** Whose number entry `e` holds (undefined: nobody's). */
  ownerOf(e: number): unknown {
    return this.numbers[e] === UNOWNED ? undefined : this.owner;
  }

  /** The number the owner left on entry `e` (−1 until it leaves one, and for an unowned entry). */
  numberOf(e: number): number {
    const n = this.numbers[e]!;
    return n === UNOWNED ? -1 : n;
  }

  /**
   * Makes `owner` the owner of entry `e` (its number −1 until set). The cache holds one owner's numbers
   * at a time: a new owner starts every entry afresh, so an entry never shows another's number.
   */
  setOwner(e: number, owner: unknown): void {
    if (owner !== this.owner) {
      this.owner = owner;
      this.numbers.fill(UNOWNED);
    }
    if (owner === undefined) this.numbers[e] = UNOWNED;
    else if (this.numbers[e] === UNOWNED) this.numbers[e] = -1;
  }

  /** The owner's number for entry `e` (kept only for an owned entry: set the owner first). */
  setNumber(e: number, n: number): void {
    if (this.numbers[e] !== UNOWNED) this.numbers[e] = n;
  }

  /** A new entry for this row; returns its index. */
  private insert(
    account: string,
    profile: AccountProfile | undefined,
    hash: number,
    buf: Buffer,
    ks: number,
    ke: number,
    ps: number,
    pe: number,
  ): number {
    if (this.accounts.length >= this.max) {
      this.accounts = [];
      this.profiles = [];
      this.numbers.fill(UNOWNED);
      this.table.fill(0);
      this.used = 0;
      this.live = 0;
    }
    const e = this.accounts.length;
    this.accounts.push(account);
    this.profiles.push(profile);
    if (e >= this.numbers.length) {
      const grown = new Int32Array(this.numbers.length * 2).fill(UNOWNED);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    if (this.accounts.length * 2 > this.table.length / STRIDE) {
      const old = this.table;
      this.table = new Int32Array(old.length * 2);
      for (let j = 0; j < old.length; j += STRIDE)
        if (old[j + ENTRY] !== 0) this.table.set(old.subarray(j, j + STRIDE), this.free(old[j + HASH]!));
    }
    const j = this.free(hash);
    const n = ke - ks + pe - ps;
    // Reserved before the record is filled: a compaction moves only records already placed.
    const at = this.reserve(n);
    const t = this.table;
    t[j + HASH] = hash;
    t[j + ENTRY] = e + 1;
    t[j + AT] = at;
    t[j + KEY_LENGTH] = ke - ks;
    t[j + PROFILE_LENGTH] = pe - ps;
    t[j + ROOM] = n;
    this.live += n;
    this.write(j, buf, ks, ke, ps, pe);
    return e;
  }

  /** The record index of the first empty slot on `hash`'s probe path. */
  private free(hash: number): number {
    const t = this.table;
    const mask = t.length / STRIDE - 1;
    let i = hash & mask;
    while (t[i * STRIDE + ENTRY] !== 0) i = (i + 1) & mask;
    return i * STRIDE;
  }

  /** The profile of slot record `j` changed: its bytes go where they fit (in place, or at the arena's end). */
  private rewrite(j: number, buf: Buffer, ks: number, ke: number, ps: number, pe: number): void {
    const t = this.table;
    const n = ke - ks + pe - ps;
    if (n > t[j + ROOM]!) {
      this.live -= t[j + ROOM]!;
      // Reserve first: a compaction moves this record's old bytes too (they are rewritten below).
      t[j + ROOM] = 0;
      const at = this.reserve(n);
      t[j + AT] = at;
      t[j + ROOM] = n;
      this.live += n;
    }
    t[j + PROFILE_LENGTH] = pe - ps;
    this.write(j, buf, ks, ke, ps, pe);
  }

  private write(j: number, buf: Buffer, ks: number, ke: number, ps: number, pe: number): void {
    const at = this.table[j + AT]!;
    buf.copy(this.arena, at, ks, ke);
    buf.copy(this.arena, at + ke - ks, ps, pe);
  }

  /**
   * `n` arena bytes at the end; when they do not fit, the live records are first compacted into an
   * arena of twice their size (so stale bytes of rewritten profiles never exceed the live ones).
   */
  private reserve(n: number): number {
    if (this.used + n > this.arena.length) {
      const t = this.table;
      const next = Buffer.allocUnsafeSlow(Math.max(MIN_ARENA, 2 * (this.live + n)));
      let used = 0;
      for (let j = 0; j < t.length; j += STRIDE) {
        if (t[j + ENTRY] === 0 || t[j + ROOM] === 0) continue;
        const at = t[j + AT]!;
        this.arena.copy(next, used, at, at + t[j + ROOM]!);
        t[j + AT] = used;
        used += t[j + ROOM]!;
      }
      this.arena = next;
      this.used = used;
    }
    const at = this.used;
    this.used += n;
    return at;
  }
}

/** FNV-1a over the first and last 16 bytes (ids differ there) and the length. */
function hashBytes(b: Buffer, s: number, e: number): number {
  let h = 0x811c9dc5 ^ (e - s);
  const head = Math.min(e, s + 16);
  for (let i = s; i < head; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  for (let i = Math.max(head, e - 16); i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return (h ^ (h >>> 15)) & 0x7fffffff;
}

/** Byte equality of `a[from, from + e - s)` and `b[s, e)` (lengths already known equal). */
function sameBytes(a: Buffer, from: number, b: Buffer, s: number, e: number): boolean {
  const n = e - s;
  if (n > NATIVE_COMPARE) return a.compare(b, s, e, from, from + n) === 0;
  for (let i = 0; i < n; i++) if (a[from + i] !== b[s + i]) return false;
  return true;
}
