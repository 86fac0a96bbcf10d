/**
 * What every format reader shares: the two reader shapes (CSV rows, JSON lines), the per-row error that
 * turns into a counted skip, header checking, and small cell helpers.
 */
import { LockstepError } from '../../core/errors.js';
import type { Post } from '../../core/post.js';
import type { AccountMemo, IdSink } from '../../core/row-handoff.js';
import type { CsvRecord } from '../csv-tokenizer.js';
import type { IngestOptions } from '../options.js';
import { isoTimeOfBytes } from '../time.js';

/** Thrown by a row mapper: the row is skipped and counted with this reason, the file goes on. */
export class RowError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RowError';
  }
}

export interface ReaderContext {
  file: string;
  options: IngestOptions;
}

/** Maps one CSV record to one Post (throws RowError for a bad row). */
export type CsvRowMapper = (rec: CsvRecord) => Post;

/**
 * One CSV row read in place, for a consumer that takes a post's fields one by one (detect's encoder)
 * instead of a whole Post: the fields are those of the Post the format's mapper would build, each
 * read from the row when asked for. Valid only inside the record callback (the row is reused).
 */
export type PostView = Pick<
  Post,
  | 'id'
  | 'account'
  | 'time'
  | 'text'
  | 'isRepost'
  | 'repostOf'
  | 'repostOfAccount'
  | 'replyTo'
  | 'replyToAccount'
  | 'hashtags'
  | 'mentions'
  | 'urls'
  | 'domains'
  | 'images'
  | 'profile'
> & {
  /** `text !== undefined && text !== ''`, without decoding the text. */
  readonly hasText: boolean;
  /** Writes the id's bytes into `sink` and returns true, or returns false when the row has no id. */
  copyId(sink: IdSink): boolean;
  /** Writes the text's bytes into `sink` and returns true, or returns false when `hasText` is false. */
  copyText(sink: IdSink): boolean;
  /** The loaded row's account memo (twitter-io, qut: the profile cache's), see `AccountMemo`. */
  readonly accountMemo?: AccountMemo;
  /** The whole Post of this row, as the format's Post reader builds it (a copy that outlives the row). */
  toPost(): Post;
};

/** Maps one CSV record to the reused view of it (throws RowError for a bad row). */
export type CsvViewMapper = (rec: CsvRecord) => PostView;

export interface CsvFormat {
  kind: 'csv';
  /** Checks the header (throws ERR_INGEST_FORMAT) and returns the row mapper. */
  bind(header: readonly string[], ctx: ReaderContext): CsvRowMapper;
  /** Like `bind`, for a format that can also be read in place (PostView). */
  view?(header: readonly string[], ctx: ReaderContext): CsvViewMapper;
  delimiter?: (ctx: ReaderContext) => string | undefined;
}

/** Maps one parsed JSON line to its posts (a v2 response page holds many). */
export type JsonLineMapper = (value: unknown, line: number, out: Post[]) => void;

export interface JsonFormat {
  kind: 'json';
  bind(ctx: ReaderContext): JsonLineMapper;
}

export type FormatReader = CsvFormat | JsonFormat;

/** Header name → column index, case-insensitive; fails the file when a required column is missing. */
export function resolveColumns<K extends string>(
  header: readonly string[],
  file: string,
  required: readonly K[],
  optional: readonly K[],
  format: string,
): Record<K, number> {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const k = h.trim().toLowerCase();
    if (!index.has(k)) index.set(k, i);
  });
  const out = {} as Record<K, number>;
  const missing: string[] = [];
  for (const k of required) {
    const i = index.get(k.toLowerCase());
    if (i === undefined) missing.push(k);
    else out[k] = i;
  }
  if (missing.length > 0) {
    const shown = header.slice(0, 12).join(',') + (header.length > 12 ? ',…' : '');
    throw new LockstepError(
      'ERR_INGEST_FORMAT',
      `${file}:1: not a ${format} header: missing column${missing.length > 1 ? 's' : ''} ` +
        `${missing.join(', ')} (header: ${shown})`,
      { file, line: 1, column: missing[0], format },
    );
  }
  for (const k of optional) out[k] = index.get(k.toLowerCase()) ?? -1;
  return out;
}

/** '' and R's `NA` (and `NaN`/`NULL`, written by some exports) mean "no value". */
export function cell(rec: CsvRecord, i: number): string | undefined {
  if (rec.isEmpty(i)) return undefined;
  const v = rec.get(i);
  return v === 'NA' || v === 'NaN' || v === 'NULL' ? undefined : v;
}

/** `cell(rec, i) !== undefined`, decided on the bytes (an escaped cell holds a quote, so is never NA). */
export function present(rec: CsvRecord, i: number): boolean {
  return !rec.isEmpty(i) && !rec.equals(i, 'NA') && !rec.equals(i, 'NaN') && !rec.equals(i, 'NULL');
}

/** Cell `i` (an id, a text) into `sink`: its bytes when unescaped (no string made), else the decoded text. */
export function copyCell(rec: CsvRecord, i: number, sink: IdSink): boolean {
  if (!present(rec, i)) return false;
  if (rec.escaped[i] === 1) sink.string(cell(rec, i)!);
  else sink.bytes(rec.buf, rec.starts[i]!, rec.ends[i]!);
  return true;
}

/**
 * What the CSV formats' row views (PostView: twitter-io, ira, qut) share: the loaded row, whether it
 * has a text, and its id and text cells — the text decoded at most once per row, when first asked for,
 * or copied as bytes for a consumer that takes them so (detect's read worker).
 */
export abstract class CsvRowView {
  protected r!: CsvRecord;
  hasText = false;
  private textRead = false;
  private textValue: string | undefined;

  constructor(
    private readonly idColumn: number,
    private readonly textColumn: number,
  ) {}

  /** Makes `r` the loaded row; the first step of a view's `load`. */
  protected start(r: CsvRecord): void {
    this.r = r;
    this.textRead = false;
    this.hasText = present(r, this.textColumn);
  }

  get text(): string | undefined {
    if (!this.textRead) {
      this.textValue = cell(this.r, this.textColumn);
      this.textRead = true;
    }
    return this.textValue;
  }

  get id(): string | undefined {
    return cell(this.r, this.idColumn);
  }

  copyId(sink: IdSink): boolean {
    return copyCell(this.r, this.idColumn, sink);
  }

  copyText(sink: IdSink): boolean {
    return copyCell(this.r, this.textColumn, sink);
  }
}

export function truthy(v: string | undefined): boolean {
  if (v === undefined) return false;
  const s = v.trim().toLowerCase();
  return s === 'true' || s === '1' || s === 'yes' || s === 't' || s === 'y';
}

/** A non-negative count, or undefined for an empty / non-numeric cell. */
export function count(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** `parseIsoTime(cell(rec, i))` read from the bytes when the cell has tweet_time's shape (time.ts `isoTimeOfBytes`), else undefined. */
export function isoTimeAt(rec: CsvRecord, i: number): number | undefined {
  if (i < 0 || i >= rec.count || rec.escaped[i] === 1) return undefined;
  return isoTimeOfBytes(rec.buf, rec.starts[i]!, rec.ends[i]!);
}

/**
 * The value of field `i` when it is 1–15 plain ASCII digits, read from the bytes (exactly what `Number`
 * gives for such a string: every such integer is a double); −1 for anything else (absent, empty, a
 * sign, a point, a letter, an escape), which the caller decodes and parses as before.
 */
export function digitsAt(rec: CsvRecord, i: number): number {
  if (i < 0 || i >= rec.count) return -1;
  const s = rec.starts[i]!;
  const e = rec.ends[i]!;
  if (e - s > 15 || s === e) return -1;
  const buf = rec.buf;
  let v = 0;
  for (let k = s; k < e; k++) {
    const d = buf[k]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * `count(cell(rec, i))` without decoding when the field is 1–15 plain ASCII digits (follower counts on
 * every IRA row): the value is read from the bytes (`digitsAt`).
 */
export function countAt(rec: CsvRecord, i: number): number | undefined {
  const v = digitsAt(rec, i);
  return v >= 0 ? v : count(cell(rec, i));
}

export function clip(s: string, n = 40): string {
  return s.length > n ? s.slice(0, n) + '…' : s;
}

/** Lower-cases and strips a leading '#' / '@', de-duplicating in order (an empty input is returned as is). */
export function normaliseTags(items: string[], prefix: string): string[] {
  if (items.length === 0) return items;
  const out: string[] = [];
  for (const raw of items) {
    let t = raw.trim();
    if (t.startsWith(prefix)) t = t.slice(1);
    t = t.toLowerCase();
    if (t !== '' && !out.includes(t)) out.push(t);
  }
  return out;
}

export function requireTime(value: string | undefined, parse: (s: string) => number, column: string): number {
  if (value === undefined) throw new RowError(`missing ${column}`);
  const t = parse(value);
  if (!Number.isFinite(t)) throw new RowError(`unparseable ${column} "${clip(value)}"`);
  return t;
}

/**
 * Remembers the last raw bytes of one column and the value parsed from them, so a run of equal cells
 * (the same minute in a time-sorted archive, the same language or client) is neither decoded nor
 * parsed again. Cost on a miss: one small copy; on a hit: a byte comparison.
 */
export class CellMemo<T> {
  private bytes = Buffer.alloc(64);
  private len = -1;
  private value!: T;

  constructor(private readonly parse: (cell: string | undefined) => T) {}

  get(r: CsvRecord, i: number): T {
    if (i < 0 || i >= r.count) return this.parse(undefined);
    const s = r.starts[i]!;
    const n = r.ends[i]! - s;
    const buf = r.buf;
    if (n === this.len) {
      let k = 0;
      while (k < n && this.bytes[k] === buf[s + k]) k++;
      if (k === n) return this.value;
    }
    this.value = this.parse(cell(r, i));
    if (n <= this.bytes.length && r.escaped[i] === 0) {
      buf.copy(this.bytes, 0, s, s + n);
      this.len = n;
    } else {
      this.len = -1;
    }
    return this.value;
  }
}
