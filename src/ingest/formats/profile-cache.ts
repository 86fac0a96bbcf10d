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
 * Only unescaped id fields (no `""` inside) are looked up by bytes, so equal bytes mean an equal
 * decoded id; an escaped id takes the decoding path every time.
 *
 * Memory: at most `max` entries (cleared when full, no LRU bookkeeping), each the id and profile
 * bytes plus the profile object, ~300 bytes: ≤ 300 MB at the default 2^20. The cap was 100,000 until a
 * simulated 3M archive with 156,767 accounts showed the cost of clearing: every account's profile
 * rebuilt again and again, 5.5 s of a 36 s read instead of ~1.3 s. Cost per row: one hash over at most
 * 32 id bytes, one probe, two byte comparisons.
 */
import type { AccountProfile } from '../../core/post.js';
import type { CsvRecord } from '../csv-tokenizer.js';
import { CsvRowView, type AccountMemo } from './common.js';

/** What `get` returns: the account, its profile, and the account's memo for a consumer (AccountMemo). */
export interface CachedAccount extends AccountMemo {
  readonly account: string;
  /** What the reader's `build` made of the profile columns (undefined: a format without one, QUT's blank username). */
  readonly profile: AccountProfile | undefined;
}

interface Entry extends CachedAccount {
  account: string;
  /** The id's bytes, then the profile columns' bytes. */
  bytes: Buffer;
  keyLength: number;
  hash: number;
  profile: AccountProfile | undefined;
}

/** Longer profiles are compared natively; a short JS loop beats Buffer#compare's argument checks. */
const NATIVE_COMPARE = 48;

export class ProfileCache {
  private entries: Entry[] = [];
  /** Entry index + 1 per slot, 0 when empty; size a power of two, at most half full. */
  private slots = new Int32Array(1 << 12);
  private readonly first: number;
  private readonly last: number;

  /**
   * `columns`: the indices of the profile columns (absent ones as -1). With none present the cache
   * still finds the account by its id's bytes (the profile bytes are then empty).
   */
  constructor(
    columns: readonly number[],
    private readonly max = 1 << 20,
  ) {
    const present = columns.filter((c) => c >= 0);
    this.first = present.length ? Math.min(...present) : -1;
    this.last = present.length ? Math.max(...present) : -1;
  }

  /**
   * The interned account string and the profile for this row. `decode` gives the account of a row
   * whose id bytes are new (it may throw RowError for a missing id); `build` runs only when the
   * account is new or its profile bytes changed.
   */
  get(
    r: CsvRecord,
    idColumn: number,
    decode: (r: CsvRecord) => string,
    build: (r: CsvRecord) => AccountProfile | undefined,
  ): CachedAccount {
    const hasProfile = this.first >= 0;
    if (idColumn < 0 || idColumn >= r.count || (hasProfile && this.last >= r.count)) {
      return { account: decode(r), profile: build(r), owner: undefined, n: -1 };
    }
    const buf = r.buf;
    const ks = r.starts[idColumn]!;
    const ke = r.ends[idColumn]!;
    const ps = hasProfile ? r.starts[this.first]! : 0;
    const pe = hasProfile ? r.ends[this.last]! : 0;
    const byBytes = r.escaped[idColumn] === 0 && ks < ke;
    const hash = byBytes ? hashBytes(buf, ks, ke) : 0;
    let at = -1;
    if (byBytes) {
      const mask = this.slots.length - 1;
      for (let i = hash & mask; ; i = (i + 1) & mask) {
        const slot = this.slots[i]!;
        if (slot === 0) break;
        const e = this.entries[slot - 1]!;
        if (e.hash === hash && e.keyLength === ke - ks && sameBytes(e.bytes, 0, buf, ks, ke)) {
          at = slot - 1;
          break;
        }
      }
    }
    const hit = at >= 0 ? this.entries[at] : undefined;
    if (hit !== undefined) {
      const len = pe - ps;
      if (hit.bytes.length - hit.keyLength === len && sameBytes(hit.bytes, hit.keyLength, buf, ps, pe))
        return hit;
      hit.bytes = join(buf, ks, ke, ps, pe);
      hit.profile = build(r);
      return hit;
    }
    const account = decode(r);
    const entry: Entry = {
      account,
      bytes: join(buf, ks, ke, ps, pe),
      keyLength: ke - ks,
      hash,
      profile: build(r),
      owner: undefined,
      n: -1,
    };
    if (byBytes) this.insert(entry);
    return entry;
  }

  private insert(entry: Entry): void {
    if (this.entries.length >= this.max) {
      this.entries = [];
      this.slots.fill(0);
    }
    this.entries.push(entry);
    if (this.entries.length * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2);
      for (let k = 0; k < this.entries.length; k++) this.place(this.entries[k]!.hash, k + 1);
    } else {
      this.place(entry.hash, this.entries.length);
    }
  }

  private place(hash: number, slot: number): void {
    const mask = this.slots.length - 1;
    let i = hash & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = slot;
  }
}

function join(buf: Buffer, ks: number, ke: number, ps: number, pe: number): Buffer {
  const out = Buffer.allocUnsafe(ke - ks + pe - ps);
  buf.copy(out, 0, ks, ke);
  buf.copy(out, ke - ks, ps, pe);
  return out;
}

/** FNV-1a over the first and last 16 bytes (ids differ there) and the length. */
function hashBytes(b: Buffer, s: number, e: number): number {
  let h = 0x811c9dc5 ^ (e - s);
  const head = Math.min(e, s + 16);
  for (let i = s; i < head; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  for (let i = Math.max(head, e - 16); i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}

/** Byte equality of `a[from, from + e - s)` and `b[s, e)` (lengths already known equal). */
function sameBytes(a: Buffer, from: number, b: Buffer, s: number, e: number): boolean {
  const n = e - s;
  if (n > NATIVE_COMPARE) return a.compare(b, s, e, from, from + n) === 0;
  for (let i = 0; i < n; i++) if (a[from + i] !== b[s + i]) return false;
  return true;
}

/**
 * A row view whose account and profile come from a ProfileCache (twitter-io, qut): what the encoder
 * reads of them, set per row by `loadAccount`.
 */
export abstract class CachedRowView extends CsvRowView {
  account = '';
  profile: AccountProfile | undefined;
  /** The account's profile-cache entry: the same object on every row of the account while it is cached. */
  accountMemo: AccountMemo | undefined;

  /** The loaded row's account, profile and memo from `cache` (see `ProfileCache.get`; may throw RowError). */
  protected loadAccount(
    cache: ProfileCache,
    idColumn: number,
    decode: (r: CsvRecord) => string,
    build: (r: CsvRecord) => AccountProfile | undefined,
  ): void {
    const cached = cache.get(this.r, idColumn, decode, build);
    this.account = cached.account;
    this.profile = cached.profile;
    this.accountMemo = cached;
  }
}
