/**
 * Reader for the FiveThirtyEight/Clemson IRA troll-tweet CSV (IRAhandle_tweets_N.csv, 2018) and its
 * per-author variant that lacks some columns (e.g. no tweet_id / alt_external_id). `publish_date` is
 * `M/D/YYYY H:MM` UTC. Retweets are flagged (`retweet` = 1) but carry only the retweeted text, never
 * the target id: `isRepost` is true and `repostOf` stays undefined, so co-retweet keys on the
 * normalised text. Hashtags, mentions and URLs come from the text; the `tco*_step1` columns (the
 * expanded t.co links) are used as URLs when present. `account_category` goes to the profile as a
 * label, never as a detection input.
 */
import type { AccountProfile, Post } from '../../core/post.js';
import type { CsvRecord } from '../csv-tokenizer.js';
import { extractHashtags, extractMentions, extractUrls, parseRetweetPrefix } from '../entities.js';
import { parseMdyTime } from '../time.js';
import { addUrls } from '../url-canonical.js';
import type { CsvFormat, PostView } from './common.js';
import {
  CellMemo,
  cell,
  countAt,
  resolveColumns,
  RowError,
  requireTime,
  truthy,
  CsvRowView,
} from './common.js';

const REQUIRED = ['author', 'content', 'publish_date'] as const;
const OPTIONAL = [
  'external_author_id',
  'region',
  'language',
  'following',
  'followers',
  'updates',
  'post_type',
  'account_type',
  'retweet',
  'account_category',
  'tweet_id',
  'tco1_step1',
  'tco2_step1',
  'tco3_step1',
] as const;

/**
 * One row read in place (see `PostView`; the twitter-io reader's IoRow has the why): the account, time
 * and repost flag when the row is loaded, every other field when first asked for — so detect's encoder
 * never runs the hashtag and mention patterns over a repost's text in lockstep mode, nor decodes the
 * region, category or language it does not use. `toPost` builds the whole Post from the same code.
 */
class IraRow extends CsvRowView implements PostView {
  account = '';
  time = 0;
  isRepost = false;
  readonly repostOf = undefined;
  readonly replyTo = undefined;
  readonly replyToAccount = undefined;
  readonly images: string[] = [];
  /** Whether this row's URLs were read (so they are read once however often asked for). */
  private urlsRead = false;
  private urlsValue: string[] = [];
  private domainsValue: string[] = [];
  private readonly tco: number[];
  // Cells that repeat from row to row (the same minute in a time-sorted file, the same language or
  // post type) are decoded and parsed once per run of equal bytes (common.ts CellMemo).
  private readonly times = new CellMemo((v) => (v === undefined ? NaN : parseMdyTime(v)));
  private readonly langs = new CellMemo((v) => v);
  private readonly reposts = new CellMemo((v) => v === 'RETWEET');
  private readonly retweets = new CellMemo(truthy);

  constructor(
    private readonly c: Record<(typeof REQUIRED)[number] | (typeof OPTIONAL)[number], number>,
    private readonly file: string,
  ) {
    super(c.tweet_id, c.content);
    this.tco = [c.tco1_step1, c.tco2_step1, c.tco3_step1].filter((i) => i >= 0);
  }

  /** Reads row `r` (throws RowError for a row that is not a post); valid until the next load. */
  load(r: CsvRecord): this {
    const c = this.c;
    this.start(r);
    this.urlsRead = false;
    // external_author_id is the stable id; its cells are sometimes written as floats (1.23e+17).
    const ext = cell(r, c.external_author_id);
    const account =
      ext !== undefined && !ext.includes('e+') && !ext.includes('E+')
        ? ext.endsWith('.0')
          ? ext.slice(0, -2)
          : ext
        : cell(r, c.author)?.toLowerCase();
    if (account === undefined) throw new RowError('missing external_author_id and author');
    this.account = account;
    let time = this.times.get(r, c.publish_date);
    // The error, with its message, from the plain path.
    if (!Number.isFinite(time)) time = requireTime(cell(r, c.publish_date), parseMdyTime, 'publish_date');
    this.time = time;
    this.isRepost = this.retweets.get(r, c.retweet) || this.reposts.get(r, c.post_type);
    return this;
  }

  /** A retweet's author, from its `RT @user:` prefix (the IRA layout has no column for it). */
  get repostOfAccount(): string | undefined {
    const text = this.text;
    return this.isRepost && text !== undefined ? parseRetweetPrefix(text)?.screenName : undefined;
  }

  get hashtags(): string[] {
    const text = this.text;
    return text === undefined ? [] : extractHashtags(text);
  }

  get mentions(): string[] {
    const text = this.text;
    return text === undefined ? [] : extractMentions(text);
  }

  private readUrls(): void {
    const expanded: string[] = [];
    for (const i of this.tco) {
      const v = cell(this.r, i);
      if (v !== undefined) expanded.push(v);
    }
    const text = this.text;
    this.urlsValue = [];
    this.domainsValue = [];
    addUrls(
      expanded.length > 0 ? expanded : text === undefined ? [] : extractUrls(text),
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

  /** A new object per read: the row's counts are those at the time of this post. */
  get profile(): AccountProfile {
    const r = this.r;
    const c = this.c;
    return {
      screenName: cell(r, c.author),
      followers: countAt(r, c.followers),
      following: countAt(r, c.following),
      statuses: countAt(r, c.updates),
      location: cell(r, c.region),
      category: cell(r, c.account_category),
    };
  }

  toPost(): Post {
    const text = this.text;
    const isRepost = this.isRepost;
    return {
      id: this.id,
      account: this.account,
      time: this.time,
      text,
      isRepost,
      repostOf: undefined,
      repostOfAccount: this.repostOfAccount,
      replyTo: undefined,
      replyToAccount: undefined,
      quoteOf: undefined,
      hashtags: this.hashtags,
      mentions: this.mentions,
      urls: this.urls,
      domains: this.domains,
      images: [],
      profile: this.profile,
      platform: 'twitter',
      lang: this.langs.get(this.r, this.c.language),
      client: undefined,
      source: { file: this.file, line: this.r.line },
    };
  }
}

export const ira: CsvFormat = {
  kind: 'csv',
  bind(header, { file }) {
    const row = new IraRow(resolveColumns(header, file, REQUIRED, OPTIONAL, 'ira'), file);
    return (r): Post => row.load(r).toPost();
  },
  view(header, { file }) {
    const row = new IraRow(resolveColumns(header, file, REQUIRED, OPTIONAL, 'ira'), file);
    return (r): PostView => row.load(r);
  },
};
