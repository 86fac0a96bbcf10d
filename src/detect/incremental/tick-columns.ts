/**
 * A tick's action columns from the sliding window's rows (window-actions.ts `prepare`): the posts with
 * time in (start, end], renumbered by first appearance as `collectActions` (engine/actions.ts) numbers
 * them, with each table's window-lifetime object ids (`sources`, what engine/object-cache.ts keys on).
 *
 * Cost: two passes over the window's live rows with integer arrays (no string hashing, no text work):
 * O(posts + actions) per call.
 *
 * A tick's memory: its columns and tables are allocated at their exact sizes (a counting
 * pass first) and its post ids and times are the window's own, read in place (`IdColumn.range`, a
 * subarray) when its posts are consecutive rows, as they are unless a late post falls outside (S, T]: at 5M posts the
 * copied ids and the columns trimmed by `slice` were most of what a tick added to the window's RSS
 * (bench/RESULTS.md, "h-mon … session 17").
 */
import type { Behaviour } from '../../core/behaviour.js';
import type { AccountProfile } from '../../core/post.js';
import type { ActionTable, PostColumns } from '../engine/actions.js';
import { IdColumn } from '../engine/id-column.js';
import { Interner } from '../engine/intern.js';
import { COLUMN_FLAGS, HAS_TEXT, type FieldBehaviour } from '../engine/encoded-batch.js';
import { Renumber, TableRows } from './renumber.js';
import { viewOf, type Rows } from './window-rows.js';

/** What a tick reads of the window (window-actions.ts's state). */
export interface WindowState {
  readonly rows: Rows;
  /** The first live row. */
  readonly head: number;
  readonly accounts: Interner;
  readonly keys: Interner;
  readonly texts: Interner;
  readonly fieldObjects: readonly Interner[];
  readonly fields: readonly FieldBehaviour[];
  /** Per interned original text: 1 when it is long enough to be a co-post object. */
  readonly coPostText: readonly number[];
  readonly behaviours: readonly Behaviour[];
  readonly internPostIds?: boolean;
}

export interface TickColumns {
  columns: PostColumns;
  tables: ActionTable[];
  /** Per window original text (`columns.originalTexts`), its window-lifetime id. */
  texts: readonly number[];
  /** Per table's behaviour, per tick object, its window-lifetime id. */
  sources: Map<Behaviour, readonly number[]>;
}

/**
 * `collectActions`' result for the posts with time in (start, end], in arrival order. Window numbers
 * are given by first appearance, as collectActions' interners give them: `remap[x]` is −1 until the
 * window's first use of x.
 */
export function tickColumns(w: WindowState, start: number, end: number): TickColumns {
  const rows = viewOf(w.rows);
  const { text: rowText, id: rowId, profile: rowProfile } = w.rows;
  const wants = new Set(w.behaviours);
  const internIds = w.internPostIds === true;
  const accounts = new Renumber(w.accounts);
  const keys = new Renumber(w.keys);
  const texts = new Renumber(w.texts);
  const fieldIds = w.fieldObjects.map((x) => new Renumber(x));
  // Exact sizes first (one pass over integer columns), so the tick's columns are allocated once at
  // their size rather than at the window's and copied down: at 5M posts those copies were transient
  // hundreds of MB at the tick's peak (bench/RESULTS.md, h-mon session 17).
  const size = sizes(w, start, end);
  const postIds = new Interner();
  const account = new Int32Array(size.posts);
  // Times too (8 bytes a post: 40 MB a tick at 5M): detect only reads its columns.
  const timeInPlace = size.consecutive;
  const time = timeInPlace
    ? rows.time.subarray(size.first, size.first + size.posts)
    : new Float64Array(size.posts);
  const content = new Int32Array(size.posts);
  // Ids are read in place when the posts are consecutive rows (no late post left out): the rows'
  // id bytes were the largest column a tick copied.
  const ids = size.consecutive ? rowId.range(size.first, size.posts) : new IdColumn();
  const copyIds = ids instanceof IdColumn ? ids : undefined;
  const flags = new Uint8Array(size.posts);
  const originalText = new Int32Array(size.posts);
  const textRef = new Int32Array(size.posts);
  const rawTexts: string[] = [];
  const rawOfOriginal: number[] = [];
  const rawOfRetweet: number[] = [];
  const profiles: (AccountProfile | undefined)[] = [];
  const latest: number[] = [];
  const screenNames = new Map<number, string>();
  const coPost = wants.has('co-post') ? new TableRows(size.coPost) : undefined;
  const coRetweet = wants.has('co-retweet') ? new TableRows(size.coRetweet) : undefined;
  const fieldTables = w.fields.map((_, b) => new TableRows(size.field[b]!));
  let n = 0;
  for (let r = w.head; r < rows.time.length; r++) {
    const t = rows.time[r]!;
    if (!(t > start && t <= end)) continue;
    const profile = rowProfile.get(r);
    const f = rows.flags[r]!;
    const a = accounts.id(rows.account[r]!);
    account[n] = a;
    if (!timeInPlace) time[n] = t;
    flags[n] = f & COLUMN_FLAGS;
    copyIds?.pushFrom(rowId, r);
    const id = internIds ? rowId.get(r) : undefined;
    content[n] = id !== undefined ? postIds.id(id) : -1;
    // As the encoder: the profile on the account's latest post, the first screen name seen.
    if (profile !== undefined && !(t < (latest[a] ?? -Infinity))) {
      profiles[a] = profile;
      latest[a] = t;
    }
    const sn = profile?.screenName;
    if (sn !== undefined && !screenNames.has(a)) screenNames.set(a, sn);
    let ref = -1;
    let orig = -1;
    if (rows.key[r]! >= 0) {
      const k = keys.id(rows.key[r]!);
      coRetweet?.push(k, n);
      if ((f & HAS_TEXT) !== 0) {
        if (rawOfRetweet[k] === undefined) {
          rawOfRetweet[k] = rawTexts.length;
          rawTexts.push(rowText[r]!);
        }
        ref = rawOfRetweet[k];
      }
    }
    if (rows.orig[r]! >= 0) {
      orig = texts.id(rows.orig[r]!);
      if (orig === rawOfOriginal.length) {
        rawOfOriginal.push(rawTexts.length);
        rawTexts.push(rowText[r]!);
      }
      ref = rawOfOriginal[orig]!;
      if (w.coPostText[rows.orig[r]!] === 1) coPost?.push(orig, n);
    }
    textRef[n] = ref;
    originalText[n] = orig;
    for (let j = rows.objectStart[r]!; j < rows.objectStart[r + 1]!; j++) {
      const b = rows.objectField[j]!;
      fieldTables[b]!.push(fieldIds[b]!.id(rows.objects[j]!), n);
    }
    n++;
  }
  const originalTexts = texts.interner();
  const tables: ActionTable[] = [];
  const sources = new Map<Behaviour, readonly number[]>();
  for (const b of w.behaviours) {
    if (b === 'co-post' && coPost) {
      tables.push(coPost.finish(b, originalTexts));
      sources.set(b, texts.sources);
    } else if (b === 'co-retweet' && coRetweet) {
      tables.push(coRetweet.finish(b, keys.interner()));
      sources.set(b, keys.sources);
    } else {
      const i = w.fields.indexOf(b as FieldBehaviour);
      if (i >= 0) {
        tables.push(fieldTables[i]!.finish(b, fieldIds[i]!.interner()));
        sources.set(b, fieldIds[i]!.sources);
      }
    }
  }
  return {
    columns: {
      accounts: accounts.interner(),
      account,
      time,
      content,
      postIds,
      ids,
      originalTexts,
      originalText,
      textRef,
      rawTexts,
      screenNames,
      flags,
      profiles,
      count: n,
    },
    tables,
    texts: texts.sources,
    sources,
  };
}

/**
 * What `prepare(start, end)` will hold: its posts, whether they are consecutive rows (from `first`),
 * and each table's rows. O(live rows + their objects), integers only.
 */
function sizes(w: WindowState, start: number, end: number) {
  const rows = viewOf(w.rows);
  const field = new Int32Array(w.fields.length);
  let posts = 0;
  let first = -1;
  let last = -1;
  let coPost = 0;
  let coRetweet = 0;
  for (let r = w.head; r < rows.time.length; r++) {
    const t = rows.time[r]!;
    if (!(t > start && t <= end)) continue;
    posts++;
    if (first < 0) first = r;
    last = r;
    if (rows.key[r]! >= 0) coRetweet++;
    const o = rows.orig[r]!;
    if (o >= 0 && w.coPostText[o] === 1) coPost++;
    for (let j = rows.objectStart[r]!; j < rows.objectStart[r + 1]!; j++) field[rows.objectField[j]!]!++;
  }
  return { posts, first, consecutive: posts > 0 && last - first + 1 === posts, coPost, coRetweet, field };
}
