/**
 * The Post fields of the layouts whose rows an SQL engine can read itself (`--engine duckdb` reading
 * the input, detect/sql/duckdb-input.ts): which column holds each field, and — for every field that the
 * reader derives rather than copies — the reader's own function of one cell. The engine applies such a
 * function once per distinct cell value (times repeat per second, list cells per hashtag set, URL cells
 * per link) and joins the results back, so the fields equal what the row mappers in formats/ build,
 * without re-stating URL canonicalisation, list parsing or time parsing in SQL.
 *
 * Only layouts whose Post is a function of single cells are here: twitter-io and both CooRTweet shapes.
 * Generic CSV with `--map`, the IRA layout and JSON inputs are not (yet): they stay with Lockstep's reader.
 */
import { extractEntities, parseListCell } from './entities.js';
import type { AccountProfile } from '../core/post.js';
import { isCoortweetMultiHeader } from './formats/coortweet.js';
import { normaliseTags, truthy } from './formats/common.js';
import { IO_PROFILE_COLUMNS, ioProfile } from './formats/twitter-io.js';
import { parseIsoTime, parseUnixTime } from './time.js';
import { addUrls } from './url-canonical.js';

/**
 * A list field (hashtags, mentions, urls, domains, images) from one column: `raw` columns are read as
 * the reader reads them (an empty cell is '', `NA` is text), others through `cell()` (empty, NA, NaN
 * and NULL mean no value, and the list is then empty).
 */
export interface SqlListField {
  column: string;
  raw: boolean;
  items: (cell: string) => readonly string[];
}

export interface SqlLayout {
  format: 'twitter-io' | 'coortweet';
  account: string;
  /** The time column and the reader's parser; a row whose time is not finite is skipped. */
  time: { column: string; parse: (cell: string) => number };
  /** The post id column (a post's `id`). */
  id?: string;
  repostOf?: string;
  replyTo?: string;
  /** The replied-to account (with `replyTo`, what makes a post a reply in the run's columns). */
  replyAccount?: string;
  text?: string;
  /**
   * The account's profile as the reader builds it from one row: `columns` (undefined where the header
   * lacks one) read with `cell` semantics, handed to `build` in that order.
   */
  profile?: {
    columns: readonly (string | undefined)[];
    build: (cells: readonly (string | undefined)[]) => AccountProfile;
    /** Which of `columns` gives the profile's screen name. */
    screenName: number;
  };
  /**
   * Whether a row is a repost besides having `repostOf`: a constant, or a function of one column;
   * `mayBeTrue`, where given, is an SQL condition on the cell that holds wherever `test` may (a superset:
   * the engine stages a repost's text only for such rows, and `test` still decides).
   */
  isRepost:
    boolean | { column: string; test: (cell: string) => boolean; mayBeTrue?: (sqlCell: string) => string };
  hashtags?: SqlListField;
  mentions?: SqlListField;
  urls?: SqlListField;
  domains?: SqlListField;
  images?: SqlListField;
}

/**
 * Every value `truthy` accepts ('true', '1', 'yes', 't', 'y' in any case, trimmed) holds a t, y or 1 in
 * either case, and no other character lower-cases to those: so this is a superset of `truthy`.
 */
const mayBeTruthy = (sqlCell: string): string => `regexp_matches(${sqlCell}, '[tTyY1]')`;

const one = (cell: string): readonly string[] => [cell];
const fromText = (pick: (e: ReturnType<typeof extractEntities>) => string[]) => (text: string) =>
  pick(extractEntities(text));

function urlItems(which: 'urls' | 'domains', listCell: boolean) {
  return (cell: string): readonly string[] => {
    const urls: string[] = [];
    const domains: string[] = [];
    const raws = listCell
      ? cell === '' || cell === '[]'
        ? []
        : parseListCell(cell)
      : extractEntities(cell).urls;
    addUrls(raws, urls, domains);
    return which === 'urls' ? urls : domains;
  };
}

/**
 * The layout of `header` (column names as the file has them; matched case-insensitively, first one
 * wins, as formats/common.ts `resolveColumns` does), or undefined for a layout not listed here.
 */
export function sqlLayoutOf(header: readonly string[]): SqlLayout | undefined {
  const byName = new Map<string, string>();
  for (const h of header) {
    const k = h.trim().toLowerCase();
    if (!byName.has(k)) byName.set(k, h);
  }
  const col = (k: string): string | undefined => byName.get(k);
  const has = (...ks: string[]): boolean => ks.every((k) => byName.has(k));
  if (has('tweetid', 'userid', 'tweet_time')) {
    const text = col('tweet_text');
    const list = (name: string, prefix: string): SqlListField | undefined => {
      const c = col(name);
      return c === undefined
        ? undefined
        : { column: c, raw: true, items: (v) => normaliseTags(parseListCell(v), prefix) };
    };
    const derived = (pick: (e: ReturnType<typeof extractEntities>) => string[]): SqlListField | undefined =>
      text === undefined ? undefined : { column: text, raw: false, items: fromText(pick) };
    const urls = col('urls');
    // Links and their domains come from the urls list, else from the text: both through addUrls.
    const urlField = (which: 'urls' | 'domains'): SqlListField | undefined =>
      urls !== undefined
        ? { column: urls, raw: true, items: urlItems(which, true) }
        : text === undefined
          ? undefined
          : { column: text, raw: false, items: urlItems(which, false) };
    const isRetweet = col('is_retweet');
    return {
      format: 'twitter-io',
      account: col('userid')!,
      time: { column: col('tweet_time')!, parse: parseIsoTime },
      id: col('tweetid'),
      repostOf: col('retweet_tweetid'),
      replyTo: col('in_reply_to_tweetid'),
      replyAccount: col('in_reply_to_userid'),
      text,
      profile: {
        columns: IO_PROFILE_COLUMNS.map(col),
        build: (cells) => ioProfile((k) => cells[IO_PROFILE_COLUMNS.indexOf(k)]),
        screenName: IO_PROFILE_COLUMNS.indexOf('user_screen_name'),
      },
      // The reader: `r.equals(c.is_retweet, 'True') || truthy(cell(…))`; 'True' is truthy too.
      isRepost: isRetweet === undefined ? false : { column: isRetweet, test: truthy, mayBeTrue: mayBeTruthy },
      hashtags: list('hashtags', '#') ?? derived((e) => e.hashtags),
      mentions: list('user_mentions', '@') ?? derived((e) => e.mentions),
      urls: urlField('urls'),
      domains: urlField('domains'),
    };
  }
  if (has('object_id', 'account_id', 'content_id', 'timestamp_share'))
    return {
      format: 'coortweet',
      account: col('account_id')!,
      time: { column: col('timestamp_share')!, parse: parseUnixTime },
      id: col('content_id'),
      repostOf: col('object_id'),
      isRepost: true,
    };
  if (isCoortweetMultiHeader(header)) {
    const field = (name: string): SqlListField | undefined => {
      const c = col(name);
      return c === undefined ? undefined : { column: c, raw: false, items: one };
    };
    return {
      format: 'coortweet',
      account: col('account_id')!,
      time: { column: col('timestamp')!, parse: parseUnixTime },
      id: col('post_id'),
      isRepost: false,
      urls: field('url_id'),
      hashtags: field('hashtag_id'),
      domains: field('domain_id'),
      images: field('phash_id'),
    };
  }
  return undefined;
}
