/**
 * The row view of the CSV formats whose account and profile come from a ProfileCache (twitter-io,
 * qut): the loaded row's cache entry, read through the cache's per-entry arrays, and the account memo
 * the encoder keeps its number in (profile-cache.ts says why no per-account object is touched).
 */
import type { AccountProfile } from '../../core/post.js';
import type { CsvRecord } from '../csv-tokenizer.js';
import type { AccountMemo } from '../../core/row-handoff.js';
import { CsvRowView } from './common.js';
import type { ProfileCache } from './profile-cache.js';

/**
 * A row view whose account and profile come from a ProfileCache (twitter-io, qut): what the encoder
 * reads of them, found per row by `loadAccount`. The view is its own account memo (`AccountMemo`): its
 * `owner` and `n` read and write the cache's number for the loaded row's account, so the encoder's
 * look-up touches no per-account object (see the layout note above).
 */
export abstract class CachedRowView extends CsvRowView implements AccountMemo {
  private cache: ProfileCache | undefined;
  /** The loaded row's cache entry, or −1 (not cached: a fresh memo that no consumer has written). */
  private entry = -1;
  private uncachedAccount = '';
  private uncachedProfile: AccountProfile | undefined;

  get account(): string {
    return this.entry >= 0 ? this.cache!.accountOf(this.entry) : this.uncachedAccount;
  }

  get profile(): AccountProfile | undefined {
    return this.entry >= 0 ? this.cache!.profileOf(this.entry) : this.uncachedProfile;
  }

  /** The same object on every row: its `owner` and `n` are those of the loaded row's account. */
  get accountMemo(): AccountMemo {
    return this;
  }

  get owner(): unknown {
    return this.entry >= 0 ? this.cache!.ownerOf(this.entry) : undefined;
  }

  set owner(o: unknown) {
    if (this.entry >= 0) this.cache!.setOwner(this.entry, o);
  }

  get n(): number {
    return this.entry >= 0 ? this.cache!.numberOf(this.entry) : -1;
  }

  set n(v: number) {
    if (this.entry >= 0) this.cache!.setNumber(this.entry, v);
  }

  /** The loaded row's account and profile from `cache` (see `ProfileCache.find`; may throw RowError). */
  protected loadAccount(
    cache: ProfileCache,
    idColumn: number,
    decode: (r: CsvRecord) => string,
    build: (r: CsvRecord) => AccountProfile | undefined,
  ): void {
    this.cache = cache;
    this.entry = -1;
    const e = cache.find(this.r, idColumn, decode, build);
    if (e < 0) {
      this.uncachedAccount = cache.uncachedAccount;
      this.uncachedProfile = cache.uncachedProfile;
    }
    this.entry = e;
  }
}
