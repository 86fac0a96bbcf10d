/**
 * The sliding window's rows (window-actions.ts): one per post since the last compaction, in growable
 * typed columns. Memory per post: 6 numbers (~25 bytes), its id's bytes, its raw text, its profile
 * when it has one, and 5 bytes per action object.
 */
import type { AccountProfile, Post } from '../../core/post.js';
import { GrowableFloat64, GrowableInt32, GrowableUint8 } from '../../core/growable.js';
import { IdColumn } from '../engine/id-column.js';
import type { Interner } from '../engine/intern.js';

/**
 * Rows: one per post since the last compaction; `head` is the first live one. Numbers in growable
 * typed columns (4 bytes an integer, 1 a flag, against 8 in a JS array), profiles in a sparse map
 * (a Jetstream post has none).
 */
export interface Rows {
  /** Post objects, only with `keepPosts`. */
  post: Post[];
  /** Row → the account profile its post carried (`prepare` reads profiles and screen names). */
  profile: Map<number, AccountProfile>;
  account: GrowableInt32;
  time: GrowableFloat64;
  flags: GrowableUint8;
  /** Retweet key (interned), or −1. */
  key: GrowableInt32;
  /** Normalised original text (interned), or −1. */
  orig: GrowableInt32;
  /** The raw text behind HAS_TEXT / ORIGINAL_TEXT. */
  text: (string | undefined)[];
  /**
   * The post id behind HAS_ID, as bytes: a decoded Jetstream id is a concatenation (`at://` did
   * collection rkey) that cost ~250 bytes of heap per post as a string. An id `at://<the row's
   * account>/…` keeps only what follows (the account is in `account`).
   */
  id: IdColumn;
  /** Per row, where its field objects start in `objects` (one more entry at the end). */
  objectStart: GrowableInt32;
  /** Per field object: the field behaviour's index, then its interned object. */
  objectField: GrowableUint8;
  objects: GrowableInt32;
}

/** Rows whose `account` numbers are `accounts`' (the post ids' prefixes are read there). */
export const emptyRows = (accounts: Interner): Rows => {
  const objectStart = new GrowableInt32();
  objectStart.push(0);
  const account = new GrowableInt32();
  return {
    post: [],
    profile: new Map(),
    account,
    time: new GrowableFloat64(),
    flags: new GrowableUint8(),
    key: new GrowableInt32(),
    orig: new GrowableInt32(),
    text: [],
    id: new IdColumn({ of: (r) => account.at(r), name: (a) => accounts.str(a) }),
    objectStart,
    objectField: new GrowableUint8(),
    objects: new GrowableInt32(),
  };
};

/** The rows' columns as typed arrays (valid until the next push). */
export const viewOf = (rows: Rows) => ({
  account: rows.account.view(),
  time: rows.time.view(),
  flags: rows.flags.view(),
  key: rows.key.view(),
  orig: rows.orig.view(),
  objectStart: rows.objectStart.view(),
  objectField: rows.objectField.view(),
  objects: rows.objects.view(),
});
