/**
 * Reader for the QUT Digital Media Research Centre coordination-network-toolkit CSV
 * (`message_id,user_id,username,repost_id,reply_id,message,timestamp,urls`): timestamp in Unix
 * seconds, urls space-separated, an empty cell means none. Hashtags and mentions come from the text.
 *
 * Like the twitter-io and IRA readers, a row is read in place (`QutRow`, a PostView): detect's encoder
 * never has the hashtag and mention patterns run over a repost's text in lockstep mode, nor a repost's
 * text decoded after its key's first post; the account and its `{ screenName }` profile come from the
 * per-account cache (profile-cache.ts: found by the id's bytes, the username's bytes compared), so
 * neither is decoded again on a later row of the account; a plain-digit timestamp is read from its
 * bytes. Cost per row: one cache probe, a digit loop, the fields the consumer asks for.
 */
import type { AccountProfile, Post } from '../../core/post.js';
import type { CsvRecord } from '../csv-tokenizer.js';
import { extractHashtags, extractMentions, extractUrls, parseListCell } from '../entities.js';
import { parseUnixTime } from '../time.js';
import { addUrls } from '../url-canonical.js';
import type { CsvFormat, PostView } from './common.js';
import { cell, digitsAt, present, requireTime, resolveColumns, RowError } from './common.js';
import { CachedRowView } from './cached-row-view.js';
import { ProfileCache } from './profile-cache.js';

const REQUIRED = ['message_id', 'user_id', 'timestamp'] as const;
const OPTIONAL = ['username', 'repost_id', 'reply_id', 'message', 'urls'] as const;

/**
 * One row read in place: the account, profile, time and repost flag when the row is loaded (they
 * decide whether the row is a post), every other field when first asked for. `toPost` builds the
 * Post of the Post reader from the same getters, so both paths give the same values.
 */
class QutRow extends CachedRowView implements PostView {
  time = 0;
  isRepost = false;
  readonly repostOfAccount = undefined;
  readonly replyToAccount = undefined;
  readonly images: string[] = [];
  private urlsValue: string[] | undefined;
  private domainsValue: string[] = [];
  private readonly profiles: ProfileCache;

  constructor(
    private readonly c: Record<(typeof REQUIRED)[number] | (typeof OPTIONAL)[number], number>,
    private readonly file: string,
  ) {
    super(c.message_id, c.message);
    this.profiles = new ProfileCache([c.username]);
  }

  // Defined once (not a closure per row): they run only for a new account or a changed username.
  private readonly decodeAccount = (r: CsvRecord): string => {
    const a = cell(r, this.c.user_id);
    if (a === undefined) throw new RowError('missing user_id');
    return a;
  };

  private readonly buildProfile = (r: CsvRecord): AccountProfile | undefined => {
    const screenName = cell(r, this.c.username);
    return screenName === undefined ? undefined : { screenName };
  };

  /** Reads row `r` (throws RowError for a row that is not a post); valid until the next load. */
  load(r: CsvRecord): this {
    const c = this.c;
    this.start(r);
    this.urlsValue = undefined;
    // The account first: a missing user_id is reported before a bad timestamp, as the Post reader did.
    this.loadAccount(this.profiles, c.user_id, this.decodeAccount, this.buildProfile);
    // Plain digits (whole seconds) are what parseUnixTime gives for them; anything else goes through it.
    const t = digitsAt(r, c.timestamp);
    this.time = t >= 0 ? t : requireTime(cell(r, c.timestamp), parseUnixTime, 'timestamp');
    this.isRepost = present(r, c.repost_id);
    return this;
  }

  get repostOf(): string | undefined {
    return cell(this.r, this.c.repost_id);
  }

  get replyTo(): string | undefined {
    return cell(this.r, this.c.reply_id);
  }

  get hashtags(): string[] {
    const text = this.text;
    return text === undefined ? [] : extractHashtags(text);
  }

  get mentions(): string[] {
    const text = this.text;
    return text === undefined ? [] : extractMentions(text);
  }

  /** The urls cell when the header has one (empty = none: the text is not searched then), else the text's. */
  private readUrls(): string[] {
    const urls: string[] = [];
    this.domainsValue = [];
    const text = this.text;
    const raw =
      this.c.urls >= 0
        ? parseListCell(this.r.get(this.c.urls), false)
        : text === undefined
          ? []
          : extractUrls(text);
    addUrls(raw, urls, this.domainsValue);
    this.urlsValue = urls;
    return urls;
  }

  get urls(): string[] {
    return this.urlsValue ?? this.readUrls();
  }

  get domains(): string[] {
    if (this.urlsValue === undefined) this.readUrls();
    return this.domainsValue;
  }

  toPost(): Post {
    const repostOf = this.repostOf;
    return {
      id: this.id,
      account: this.account,
      time: this.time,
      text: this.text,
      isRepost: repostOf !== undefined,
      repostOf,
      repostOfAccount: undefined,
      replyTo: this.replyTo,
      replyToAccount: undefined,
      quoteOf: undefined,
      hashtags: this.hashtags,
      mentions: this.mentions,
      urls: this.urls,
      domains: this.domains,
      images: [],
      // Shared by the account's Posts while its username stays the same, as twitter-io's (read-only).
      profile: this.profile,
      platform: undefined,
      lang: undefined,
      client: undefined,
      source: { file: this.file, line: this.r.line },
    };
  }
}

export const qut: CsvFormat = {
  kind: 'csv',
  bind(header, { file }) {
    const row = new QutRow(resolveColumns(header, file, REQUIRED, OPTIONAL, 'qut'), file);
    return (r): Post => row.load(r).toPost();
  },
  view(header, { file }) {
    const row = new QutRow(resolveColumns(header, file, REQUIRED, OPTIONAL, 'qut'), file);
    return (r): PostView => row.load(r);
  },
};
