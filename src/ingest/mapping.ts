/**
 * Column mappings for the generic `csv` and `ndjson` readers: which column (or dotted JSON path) holds
 * each Post field, and how times are written. Parsed from the CLI form
 * `account=user_id,time=created_at,text=body,timeFormat=unix`.
 */
import { LockstepError } from '../core/errors.js';
import { TIME_FORMATS } from './time.js';
import type { TimeFormat } from './time.js';

export interface ColumnMapping {
  account?: string;
  time?: string;
  id?: string;
  text?: string;
  repostOf?: string;
  repostOfAccount?: string;
  replyTo?: string;
  replyToAccount?: string;
  quoteOf?: string;
  /** A list cell (`[a, b]` or space-separated) or a JSON array. */
  urls?: string;
  hashtags?: string;
  mentions?: string;
  /** Opaque domain ids (pre-anonymised data); otherwise domains come from `urls`. */
  domains?: string;
  images?: string;
  /** A boolean-ish column (true/1/yes) marking reshares. */
  isRepost?: string;
  screenName?: string;
  lang?: string;
  platform?: string;
  /** How `time` is written (default auto: Unix seconds/ms, ISO 8601, Twitter v1, M/D/YYYY). */
  timeFormat?: TimeFormat;
  /** CSV field separator (`tab` for TSV); default ','. */
  delimiter?: string;
}

/** The mapping keys that name a column (everything except timeFormat and delimiter). */
export const COLUMN_KEYS = [
  'account',
  'time',
  'id',
  'text',
  'repostOf',
  'repostOfAccount',
  'replyTo',
  'replyToAccount',
  'quoteOf',
  'urls',
  'hashtags',
  'mentions',
  'domains',
  'images',
  'isRepost',
  'screenName',
  'lang',
  'platform',
] as const satisfies readonly (keyof ColumnMapping)[];

export type ColumnKey = (typeof COLUMN_KEYS)[number];

const ALL_KEYS: readonly (keyof ColumnMapping)[] = [...COLUMN_KEYS, 'timeFormat', 'delimiter'];
const BY_LOOSE = new Map(ALL_KEYS.map((k) => [k.toLowerCase(), k]));

/** `repost_of`, `repost-of`, `REPOSTOF` → `repostOf`; `timefmt` is accepted for `timeFormat`. */
function resolveKey(raw: string): keyof ColumnMapping | undefined {
  const loose = raw.trim().toLowerCase().replaceAll(/[-_]/g, '');
  return loose === 'timefmt' ? 'timeFormat' : BY_LOOSE.get(loose);
}

/**
 * Parses `key=column,key=column,…`.
 *
 * @example parseMapping('account=user_id,time=created_at,timeFormat=unix') // { account: 'user_id', time: 'created_at', timeFormat: 'unix' }
 */
export function parseMapping(s: string): ColumnMapping {
  const out: ColumnMapping = {};
  for (const part of s.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) {
      throw new LockstepError('ERR_USAGE', `mapping entry "${part}" is not key=column`, { mapping: s });
    }
    const key = resolveKey(part.slice(0, eq));
    const value = part.slice(eq + 1).trim();
    if (key === undefined) {
      throw new LockstepError(
        'ERR_USAGE',
        `unknown mapping key "${part.slice(0, eq)}"; known keys: ${ALL_KEYS.join(', ')}`,
        { mapping: s },
      );
    }
    if (key in out) throw new LockstepError('ERR_USAGE', `mapping key "${key}" given twice`, { mapping: s });
    if (key === 'timeFormat') {
      if (!(TIME_FORMATS as readonly string[]).includes(value)) {
        throw new LockstepError(
          'ERR_USAGE',
          `unknown time format "${value}"; use one of ${TIME_FORMATS.join(', ')}`,
          { mapping: s },
        );
      }
      out.timeFormat = value as TimeFormat;
    } else if (key === 'delimiter') {
      out.delimiter = value === 'tab' || value === '\\t' ? '\t' : value;
    } else {
      out[key] = value;
    }
  }
  return out;
}
