/**
 * Reader for the Twitter/X information-operations archive CSV (the "hashed" and unhashed releases,
 * 2018–2021): one tweet per row, list cells like `[tag1, tag2]` or `['a', 'b']`, `tweet_time` as
 * `YYYY-MM-DD HH:MM` UTC, anonymised user ids as long hash strings. Retweets carry `retweet_tweetid`
 * and `retweet_userid`; when those are empty the author comes from the `RT @user:` prefix.
 * Cost per row: one field decode per used column, one pass over the text only when a list column is
 * missing from the header.
 */
import type { AccountProfile, Post } from '../../core/post.js';
import { extractEntities, parseListCell, parseRetweetPrefix } from '../entities.js';
import { parseIsoTime } from '../time.js';
import { addUrls } from '../url-canonical.js';
import type { CsvFormat } from './common.js';
import { CellMemo, cell, count, normaliseTags, resolveColumns, RowError, truthy } from './common.js';
import { clip } from './common.js';
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

export const twitterIo: CsvFormat = {
  kind: 'csv',
  bind(header, { file }) {
    const c = resolveColumns(header, file, REQUIRED, OPTIONAL, 'twitter-io');
    const haveHashtags = c.hashtags >= 0;
    const haveUrls = c.urls >= 0;
    const haveMentions = c.user_mentions >= 0;
    const profiles = new ProfileCache([
      c.user_display_name,
      c.user_screen_name,
      c.user_reported_location,
      c.user_profile_description,
      c.follower_count,
      c.following_count,
      c.account_creation_date,
      c.account_language,
    ]);
    const times = new CellMemo((v) => (v === undefined ? NaN : parseIsoTime(v)));
    const langs = new CellMemo((v) => v);
    const clients = new CellMemo((v) => v);
    // Defined once (not a closure per row): runs only when the account's profile bytes change.
    const buildProfile = (r: CsvRecord): AccountProfile => {
      const created = cell(r, c.account_creation_date);
      const createdAt = created === undefined ? undefined : parseIsoTime(created);
      return {
        screenName: cell(r, c.user_screen_name),
        displayName: cell(r, c.user_display_name),
        createdAt: createdAt !== undefined && Number.isFinite(createdAt) ? createdAt : undefined,
        followers: count(cell(r, c.follower_count)),
        following: count(cell(r, c.following_count)),
        description: cell(r, c.user_profile_description),
        language: cell(r, c.account_language),
        location: cell(r, c.user_reported_location),
      };
    };
    const decodeAccount = (r: CsvRecord): string => {
      const a = cell(r, c.userid);
      if (a === undefined) throw new RowError('missing userid');
      return a;
    };
    return (r): Post => {
      // First, so that a missing userid is reported before a bad time, as the columns are checked.
      const { account, profile } = profiles.get(r, c.userid, decodeAccount, buildProfile);
      const time = times.get(r, c.tweet_time);
      if (Number.isNaN(time)) {
        const raw = cell(r, c.tweet_time);
        throw new RowError(
          raw === undefined ? 'missing tweet_time' : `unparseable tweet_time "${clip(raw)}"`,
        );
      }
      const text = cell(r, c.tweet_text);
      const repostOf = cell(r, c.retweet_tweetid);
      let repostOfAccount = cell(r, c.retweet_userid);
      const isRepost =
        repostOf !== undefined ||
        r.equals(c.is_retweet, 'True') ||
        (!r.equals(c.is_retweet, 'False') && truthy(cell(r, c.is_retweet)));
      if (isRepost && repostOfAccount === undefined && text !== undefined) {
        repostOfAccount = parseRetweetPrefix(text)?.screenName;
      }
      const derived =
        text !== undefined && (!haveHashtags || !haveUrls || !haveMentions)
          ? extractEntities(text)
          : undefined;
      const urls: string[] = [];
      const domains: string[] = [];
      addUrls(haveUrls ? list(r, c.urls) : (derived?.urls ?? []), urls, domains);
      return {
        id: cell(r, c.tweetid),
        account,
        time,
        text,
        isRepost,
        repostOf,
        repostOfAccount,
        replyTo: cell(r, c.in_reply_to_tweetid),
        replyToAccount: cell(r, c.in_reply_to_userid),
        quoteOf: cell(r, c.quoted_tweet_tweetid),
        hashtags: haveHashtags
          ? normaliseTags(parseListCell(r.get(c.hashtags)), '#')
          : (derived?.hashtags ?? []),
        mentions: haveMentions
          ? normaliseTags(parseListCell(r.get(c.user_mentions)), '@')
          : (derived?.mentions ?? []),
        urls,
        domains,
        images: [],
        profile,
        platform: 'twitter',
        lang: langs.get(r, c.tweet_language),
        client: clients.get(r, c.tweet_client_name),
        source: { file, line: r.line },
      };
    };
  },
};
