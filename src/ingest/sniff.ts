/**
 * `--format auto`: recognises a file's format from its first bytes (after gzip), never its name.
 * JSON lines are told apart by their first object's keys, CSVs by their header columns. A file that
 * matches nothing is ERR_INGEST_UNKNOWN_FORMAT, unless a column mapping was given (then it is the
 * generic `csv` or `ndjson` reader's job).
 */
import { quoteInput } from '../core/quote-input.js';
import { LockstepError } from '../core/errors.js';
import { CsvTokenizer } from './csv-tokenizer.js';
import type { CsvRecord } from './csv-tokenizer.js';
import { isCoortweetMultiHeader } from './formats/coortweet.js';
import type { ColumnMapping } from './mapping.js';
import type { FormatName } from './options.js';
import { readPrefix } from './source.js';

function has(cols: Set<string>, ...names: string[]): boolean {
  return names.every((n) => cols.has(n));
}

/** The format a CSV header belongs to, or undefined. */
export function formatOfHeader(header: readonly string[]): FormatName | undefined {
  const cols = new Set(header.map((h) => h.trim().toLowerCase()));
  if (has(cols, 'tweetid', 'userid', 'tweet_time')) return 'twitter-io';
  if (has(cols, 'author', 'content', 'publish_date')) return 'ira';
  if (has(cols, 'message_id', 'user_id', 'timestamp')) return 'qut';
  if (has(cols, 'object_id', 'account_id', 'content_id', 'timestamp_share')) return 'coortweet';
  if (isCoortweetMultiHeader(header)) return 'coortweet';
  return undefined;
}

/** The format of a JSON line's first object, or undefined. */
export function formatOfJson(v: unknown): FormatName | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if ('data' in o || 'includes' in o || ('meta' in o && 'result_count' in (o.meta as object)))
    return 'twitter-v2';
  if ('author_id' in o || 'edit_history_tweet_ids' in o) return 'twitter-v2';
  if (typeof o.user === 'object' && ('id_str' in o || 'created_at' in o)) return 'twitter-v1';
  return undefined;
}

function firstLine(buf: Buffer): string | undefined {
  const nl = buf.indexOf(0x0a);
  if (nl === -1) return undefined;
  return buf.toString('utf8', 0, nl).replace(/\r$/, '');
}

/** Sniffs from a prefix of the decompressed file. */
export function sniffBuffer(prefix: Buffer, file: string, mapping?: ColumnMapping): FormatName {
  let buf = prefix;
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
  let i = 0;
  while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i++;
  buf = buf.subarray(i);
  const unknown = (why: string): never => {
    throw new LockstepError('ERR_INGEST_UNKNOWN_FORMAT', `${file}: ${why}; name the format with --format`, {
      file,
    });
  };
  if (buf.length === 0) unknown('the file is empty');
  if (buf[0] === 0x7b /* { */) {
    const line = firstLine(buf) ?? (buf.length < prefix.length ? undefined : buf.toString('utf8'));
    let v: unknown;
    try {
      v = JSON.parse(line ?? buf.toString('utf8'));
    } catch {
      return unknown(
        'starts like JSON but its first line is not a complete JSON object (JSON lines expected)',
      );
    }
    const f = formatOfJson(v);
    if (f !== undefined) return f;
    if (mapping !== undefined) return 'ndjson';
    return unknown('JSON lines of an unknown shape (give --format ndjson with --mapping)');
  }
  if (buf[0] === 0x5b /* [ */) return unknown('a JSON array, not JSON lines');
  // Text formats never hold NUL: a file that does is binary (an archive, a database, an image).
  if (buf.subarray(0, 4096).includes(0)) return unknown('binary data (NUL bytes), not CSV or JSON lines');
  let header: string[] | undefined;
  const t = new CsvTokenizer({ file, delimiter: mapping?.delimiter });
  const grab = (r: CsvRecord): void => {
    header ??= r.toArray();
  };
  try {
    t.push(buf, grab);
    if (header === undefined) t.end(grab);
  } catch (e) {
    if (header === undefined) throw e;
  }
  if (header === undefined) return unknown('no complete header line in the first 256 KiB');
  const f = formatOfHeader(header);
  if (f !== undefined) return f;
  if (mapping !== undefined) return 'csv';
  return unknown(
    `unknown CSV header ${quoteInput(header.slice(0, 8).join(',') + (header.length > 8 ? ',…' : ''))}`,
  );
}

/** Recognises the format of `path` (gzip transparent). */
export async function sniffFormat(path: string, mapping?: ColumnMapping): Promise<FormatName> {
  return sniffBuffer(await readPrefix(path), path, mapping);
}
