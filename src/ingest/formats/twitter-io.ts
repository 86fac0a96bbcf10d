/**
 * Reader for the Twitter/X information-operations archive CSV (the "hashed" and unhashed releases,
 * 2018–2021): one tweet per row, list cells like `[tag1, tag2]` or `['a', 'b']`, `tweet_time` as
 * `YYYY-MM-DD HH:MM` UTC, anonymised user ids as long hash strings. Retweets carry `retweet_tweetid`
 * and `retweet_userid`; when those are empty the author comes from the `RT @user:` prefix.
 * Cost per row: one field decode per used column, one pass over the text only when a list column is
 * missing from the header.
 */
import type { AccountProfile, Post } from '../../core/post.js';
import { extractEntities, parseListCell, parseRetweetPrefix, type Entities } from '../entities.js';
import { parseIsoTime } from '../time.js';
import { addUrls } from '../url-canonical.js';
import type { CsvFormat, PostView } from './common.js';
import {
  CellMemo,
  cell,
  count,
  isoTimeAt,
  normaliseTags,
  present,
  resolveColumns,
  RowError,
  truthy,
} from './common.js';
import { clip } from './common.js';
import { CachedRowView } from './cached-row-view.js';
import { ProfileCache } from './profile-cache.js';
import type { CsvRecord } from '../csv-tokenizer.js';

/** A list cell, without decoding the common empty forms. */
function list(r: CsvRecord, i: number): string[] {
  return r.isEmpty(i) || r.equals(i, '[]') ? [] : parseListCell(r.get(i));
}

const REQUIRED = ['tweetid', 'userid', 'tweet_time'] as const;
const OPTIONAL = [
  'user_display_name',
  'user_screen_name',
  'user_reported_location',
  'user_profile_description',
  'follower_count',
  'following_count',
  'account_creation_date',
  'account_language',
  'tweet_language',
  'tweet_text',
  'tweet_client_name',
  'in_reply_to_userid',
  'in_reply_to_tweetid',
  'quoted_tweet_tweetid',
  'is_retweet',
  'retweet_userid',
  'retweet_tweetid',
  'hashtags',
  'urls',
  'user_mentions',
] as const;

/** The profile columns, as `ioProfile` asks for their cells. */
export const IO_PROFILE_COLUMNS = [
  'user_screen_name',
  'user_display_name',
  'account_creation_date',
  'follower_count',
  'following_count',
  'user_profile_description',
  'account_language',
  'user_reported_location',
] as const;
export type IoProfileColumn = (typeof IO_PROFILE_COLUMNS)[number];

/**
 * The account's profile from one row's profile cells (`cell` semantics: undefined for an empty or NA
 * cell). Shared with the layout DuckDB reads (ingest/sql-layouts.ts), so both build the same object.
 */
export function ioProfile(cellOf: (column: IoProfileColumn) => string | undefined): AccountProfile {
  const created = cellOf('account_creation_date');
  const createdAt = created === undefined ? undefined : parseIsoTime(created);
  return {
    screenName: cellOf('user_screen_name'),
    displayName: cellOf('user_display_name'),
    createdAt: createdAt !== undefined && Number.isFinite(createdAt) ? createdAt : undefined,
    followers: count(cellOf('follower_count')),
    following: count(cellOf('following_count')),
    description: cellOf('user_profile_description'),
    language: cellOf('account_language'),
    location: cellOf('user_reported_location'),
  };
}

/**
 * One row of the archive, read in place: the account, profile, time and repost flag are read when the
 * row is loaded (they decide whether the row is a post at all), every other field when first asked
 * for. The Post reader builds a whole Post from it (`toPost`); detect's read worker hands the row
 * itself to its encoder (`PostView`), which never asks for what it does not use — a repost's text
 * after its key's first post, its hashtags and mentions in lockstep mode, the language, client,
 * quote and repost author — and copies the id's bytes without decoding them. Both read each field
 * with the same code, so both give the same values.
 */
class IoRow extends CachedRowView implements PostView {
  time = 0;
  isRepost = false;
  /** Whether this row's URLs were read (so they are read once however often asked for). */
  private urlsRead = false;
  private urlsValue: string[] = [];
  private domainsValue: string[] = [];
  readonly images: string[] = [];

  private readonly haveHashtags: boolean;
  private readonly haveUrls: boolean;
  private readonly haveMentions: boolean;
  private readonly profiles: ProfileCache;
  private readonly times = new CellMemo((v) => (v === undefined ? NaN : parseIsoTime(v)));
  private readonly langs = new CellMemo((v) => v);
  private readonly clients = new CellMemo((v) => v);

  constructor(
    private readonly c: Record<(typeof REQUIRED)[number] | (typeof OPTIONAL)[number], number>,
    private readonly file: string,
  ) {
    super(c.tweetid, c.tweet_text);
    this.haveHashtags = c.hashtags >= 0;
    this.haveUrls = c.urls >= 0;
    this.haveMentions = c.user_mentions >= 0;
    this.profiles = new ProfileCache([
      c.user_display_name,
      c.user_screen_name,
      c.user_reported_location,
      c.user_profile_description,
      c.follower_count,
      c.following_count,
      c.account_creation_date,
      c.account_language,
    ]);
  }

  // Defined once (not a closure per row): runs only when the account's profile bytes change.
  private readonly buildProfile = (r: CsvRecord): AccountProfile => ioProfile((k) => cell(r, this.c[k]));

  private readonly decodeAccount = (r: CsvRecord): string => {
    const a = cell(r, this.c.userid);
    if (a === undefined) throw new RowError('missing userid');
    return a;
  };

  /** Reads row `r` (throws RowError for a row that is not a post); valid until the next load. */
  load(r: CsvRecord): this {
    const c = this.c;
    this.start(r);
    this.urlsRead = false;
    // First, so that a missing userid is reported before a bad time, as the columns are checked.
    this.loadAccount(this.profiles, c.userid, this.decodeAccount, this.buildProfile);
    // From the bytes in the archive's own shape (no string per row: second-resolution times rarely
    // repeat, so the memo missed on most rows); any other shape through the memo and parseIsoTime.
    const time = isoTimeAt(r, c.tweet_time) ?? this.times.get(r, c.tweet_time);
    if (Number.isNaN(time)) {
      const raw = cell(r, c.tweet_time);
      throw new RowError(raw === undefined ? 'missing tweet_time' : `unparseable tweet_time "${clip(raw)}"`);
    }
    this.time = time;
    this.isRepost =
      present(r, c.retweet_tweetid) ||
      r.equals(c.is_retweet, 'True') ||
      (!r.equals(c.is_retweet, 'False') && truthy(cell(r, c.is_retweet)));
    return this;
  }

  get repostOf(): string | undefined {
    return cell(this.r, this.c.retweet_tweetid);
  }

  get repostOfAccount(): string | undefined {
    const a = cell(this.r, this.c.retweet_userid);
    if (a !== undefined || !this.isRepost) return a;
    const text = this.text;
    return text === undefined ? undefined : parseRetweetPrefix(text)?.screenName;
  }

  get replyTo(): string | undefined {
    return cell(this.r, this.c.in_reply_to_tweetid);
  }

  get replyToAccount(): string | undefined {
    return cell(this.r, this.c.in_reply_to_userid);
  }

  get quoteOf(): string | undefined {
    return cell(this.r, this.c.quoted_tweet_tweetid);
  }

  /** Entities from the text, for the list columns the header lacks. */
  private derived(): Entities | undefined {
    const text = this.text;
    return text !== undefined && (!this.haveHashtags || !this.haveUrls || !this.haveMentions)
      ? extractEntities(text)
      : undefined;
  }

  get hashtags(): string[] {
    return this.haveHashtags
      ? normaliseTags(list(this.r, this.c.hashtags), '#')
      : (this.derived()?.hashtags ?? []);
  }

  get mentions(): string[] {
    return this.haveMentions
      ? normaliseTags(list(this.r, this.c.user_mentions), '@')
      : (this.derived()?.mentions ?? []);
  }

  private readUrls(): void {
    this.urlsValue = [];
    this.domainsValue = [];
    addUrls(
      this.haveUrls ? list(this.r, this.c.urls) : (this.derived()?.urls ?? []),
      this.urlsValue,
      this.domainsValue,
    );
    this.urlsRead = true;
  }

  get urls(): string[] {
    if (!this.urlsRead) this.readUrls();
    return this.urlsValue;
  }

  get domains(): string[] {
    if (!this.urlsRead) this.readUrls();
    return this.domainsValue;
  }

  get lang(): string | undefined {
    return this.langs.get(this.r, this.c.tweet_language);
  }

  get client(): string | undefined {
    return this.clients.get(this.r, this.c.tweet_client_name);
  }

  /** The whole Post of the loaded row (fresh arrays, the cached profile object). */
  toPost(): Post {
    return {
      id: this.id,
      account: this.account,
      time: this.time,
      text: this.text,
      isRepost: this.isRepost,
      repostOf: this.repostOf,
      repostOfAccount: this.repostOfAccount,
      replyTo: this.replyTo,
      replyToAccount: this.replyToAccount,
      quoteOf: this.quoteOf,
      hashtags: this.hashtags,
      mentions: this.mentions,
      urls: this.urls,
      domains: this.domains,
      images: [],
      profile: this.profile,
      platform: 'twitter',
      lang: this.lang,
      client: this.client,
      source: { file: this.file, line: this.r.line },
    };
  }
}

export const twitterIo: CsvFormat = {
  kind: 'csv',
  bind(header, { file }) {
    const row = new IoRow(resolveColumns(header, file, REQUIRED, OPTIONAL, 'twitter-io'), file);
    return (r): Post => row.load(r).toPost();
  },
  view(header, { file }) {
    const row = new IoRow(resolveColumns(header, file, REQUIRED, OPTIONAL, 'twitter-io'), file);
    return (r): PostView => row.load(r);
  },
};
