/**
 * Generic readers driven by a ColumnMapping: `csv` (column names) and `ndjson` (dotted JSON paths;
 * a path through an array maps over it, so `entities.hashtags.tag` yields every tag). Whatever the
 * mapping leaves out is derived from the text (hashtags, mentions, URLs, `RT @user:` reshares).
 * A mapping that names a column the header lacks fails the file with ERR_INGEST_FORMAT.
 */
import { LockstepError } from '../../core/errors.js';
import type { Post } from '../../core/post.js';
import { extractEntities, parseListCell, parseRetweetPrefix } from '../entities.js';
import type { ColumnKey, ColumnMapping } from '../mapping.js';
import { COLUMN_KEYS } from '../mapping.js';
import { timeParser } from '../time.js';
import { addUrls } from '../url-canonical.js';
import type { CsvFormat, JsonFormat, ReaderContext } from './common.js';
import { cell, clip, normaliseTags, RowError, truthy } from './common.js';
import { obj } from './json-access.js';

function requireMapping(ctx: ReaderContext, format: string): ColumnMapping {
  const m = ctx.options.mapping;
  if (m?.account === undefined || m.time === undefined) {
    throw new LockstepError(
      'ERR_USAGE',
      `format ${format} needs a column mapping with at least account and time, e.g. --mapping account=user_id,time=created_at`,
      { file: ctx.file },
    );
  }
  return m;
}

type Getter = (key: ColumnKey) => string | undefined;
type ListGetter = (key: ColumnKey) => string[] | undefined;

/** Builds a Post from field getters; shared by the CSV and JSON generic readers. */
function buildPost(
  m: ColumnMapping,
  get: Getter,
  list: ListGetter,
  parseTime: (s: string) => number,
  file: string,
  line: number,
): Post {
  const account = get('account');
  if (account === undefined) throw new RowError(`missing ${m.account!}`);
  const rawTime = get('time');
  if (rawTime === undefined) throw new RowError(`missing ${m.time!}`);
  const time = parseTime(rawTime);
  if (!Number.isFinite(time)) throw new RowError(`unparseable ${m.time!} "${clip(rawTime)}"`);
  const text = get('text');
  const derived = text !== undefined ? extractEntities(text) : undefined;
  const repostOf = get('repostOf');
  const rtPrefix = text !== undefined ? parseRetweetPrefix(text) : undefined;
  const isRepost =
    (m.isRepost !== undefined && truthy(get('isRepost'))) || repostOf !== undefined || rtPrefix !== undefined;
  const urls: string[] = [];
  const domains: string[] = [];
  addUrls(list('urls') ?? derived?.urls ?? [], urls, domains);
  const opaqueDomains = list('domains');
  const screenName = get('screenName');
  return {
    id: get('id'),
    account,
    time,
    text,
    isRepost,
    repostOf,
    repostOfAccount: get('repostOfAccount') ?? (isRepost ? rtPrefix?.screenName : undefined),
    replyTo: get('replyTo'),
    replyToAccount: get('replyToAccount'),
    quoteOf: get('quoteOf'),
    hashtags: normaliseTags(list('hashtags') ?? derived?.hashtags ?? [], '#'),
    mentions: normaliseTags(list('mentions') ?? derived?.mentions ?? [], '@'),
    urls,
    domains: opaqueDomains ?? domains,
    images: list('images') ?? [],
    profile: screenName === undefined ? undefined : { screenName },
    platform: get('platform'),
    lang: get('lang'),
    client: undefined,
    source: { file, line },
  };
}

export const genericCsv: CsvFormat = {
  kind: 'csv',
  delimiter: (ctx) => ctx.options.mapping?.delimiter,
  bind(header, ctx) {
    const m = requireMapping(ctx, 'csv');
    const names = header.map((h) => h.trim().toLowerCase());
    const index = new Map<ColumnKey, number>();
    for (const key of COLUMN_KEYS) {
      const col = m[key];
      if (col === undefined) continue;
      const i = names.indexOf(col.trim().toLowerCase());
      if (i === -1) {
        throw new LockstepError(
          'ERR_INGEST_FORMAT',
          `${ctx.file}:1: mapping ${key}=${col} names a column the header does not have (header: ${header.slice(0, 12).join(',')})`,
          { file: ctx.file, line: 1, column: col },
        );
      }
      index.set(key, i);
    }
    const parseTime = timeParser(m.timeFormat ?? 'auto');
    return (r) => {
      const get: Getter = (k) => {
        const i = index.get(k);
        return i === undefined ? undefined : cell(r, i);
      };
      const list: ListGetter = (k) => {
        const v = get(k);
        return index.has(k) ? (v === undefined ? [] : parseListCell(v, k !== 'urls')) : undefined;
      };
      return buildPost(m, get, list, parseTime, ctx.file, r.line);
    };
  },
};

/** Values at a dotted path; arrays on the way are mapped over. */
function pathValues(root: unknown, path: readonly string[]): unknown[] {
  let cur: unknown[] = [root];
  for (const key of path) {
    const next: unknown[] = [];
    for (const v of cur) {
      const items = Array.isArray(v) ? v : [v];
      for (const item of items) {
        const o = obj(item);
        if (o !== undefined && o[key] !== undefined && o[key] !== null) next.push(o[key]);
      }
    }
    cur = next;
  }
  return cur.flatMap((v): unknown[] => (Array.isArray(v) ? (v as unknown[]) : [v]));
}

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return undefined;
}

export const genericNdjson: JsonFormat = {
  kind: 'json',
  bind(ctx) {
    const m = requireMapping(ctx, 'ndjson');
    const paths = new Map<ColumnKey, string[]>();
    for (const key of COLUMN_KEYS) {
      const p = m[key];
      if (p !== undefined) paths.set(key, p.split('.'));
    }
    const parseTime = timeParser(m.timeFormat ?? 'auto');
    return (value, line, out) => {
      if (obj(value) === undefined) throw new RowError('JSON line is not an object');
      const get: Getter = (k) => {
        const p = paths.get(k);
        return p === undefined ? undefined : scalar(pathValues(value, p)[0]);
      };
      const list: ListGetter = (k) => {
        const p = paths.get(k);
        if (p === undefined) return undefined;
        const vals = pathValues(value, p);
        if (vals.length === 1 && typeof vals[0] === 'string') return parseListCell(vals[0], k !== 'urls');
        return vals.map(scalar).filter((s): s is string => s !== undefined);
      };
      out.push(buildPost(m, get, list, parseTime, ctx.file, line));
    };
  },
};
