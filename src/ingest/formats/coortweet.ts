/**
 * Reader for CooRTweet's inputs (Righetti & Balluff, R package CooRTweet 2.x), in its two shapes:
 *
 * - long format `object_id, account_id, content_id, timestamp_share` (e.g. russian_coord_tweets):
 *   one Post per row, id = content_id, account = account_id, repostOf = object_id, isRepost = true;
 * - multi-object form `account_id, post_id, url_id, hashtag_id, domain_id, phash_id, timestamp`
 *   (german_elections): one Post per row, id = post_id, each non-empty object id put RAW (anonymised
 *   integers: no URL canonicalisation) into urls / hashtags / domains / images; platform from the
 *   account prefix (`fb_` facebook, `tw_` twitter).
 *
 * Parity with CooRTweet: rows are never reordered, merged or de-duplicated (a post with several URLs
 * is several rows, as in the source). Empty cells and R's `NA` leave a field undefined.
 */
import type { Post } from '../../core/post.js';
import { parseUnixTime } from '../time.js';
import type { CsvFormat } from './common.js';
import { cell, requireTime, resolveColumns, RowError } from './common.js';

function platformOf(account: string): string | undefined {
  if (account.startsWith('fb_')) return 'facebook';
  if (account.startsWith('tw_')) return 'twitter';
  if (account.startsWith('ig_')) return 'instagram';
  return undefined;
}

function one(v: string | undefined): string[] {
  return v === undefined ? [] : [v];
}

export function isCoortweetMultiHeader(header: readonly string[]): boolean {
  const h = header.map((x) => x.trim().toLowerCase());
  return (
    h.includes('post_id') && h.includes('account_id') && h.includes('timestamp') && !h.includes('object_id')
  );
}

export const coortweet: CsvFormat = {
  kind: 'csv',
  bind(header, { file }) {
    if (isCoortweetMultiHeader(header)) {
      const c = resolveColumns(
        header,
        file,
        ['account_id', 'post_id', 'timestamp'],
        ['url_id', 'hashtag_id', 'domain_id', 'phash_id'],
        'coortweet',
      );
      return (r): Post => {
        const account = cell(r, c.account_id);
        if (account === undefined) throw new RowError('missing account_id');
        const time = requireTime(cell(r, c.timestamp), parseUnixTime, 'timestamp');
        return {
          id: cell(r, c.post_id),
          account,
          time,
          text: undefined,
          isRepost: false,
          repostOf: undefined,
          repostOfAccount: undefined,
          replyTo: undefined,
          replyToAccount: undefined,
          quoteOf: undefined,
          hashtags: one(cell(r, c.hashtag_id)),
          mentions: [],
          urls: one(cell(r, c.url_id)),
          domains: one(cell(r, c.domain_id)),
          images: one(cell(r, c.phash_id)),
          profile: undefined,
          platform: platformOf(account),
          lang: undefined,
          client: undefined,
          source: { file, line: r.line },
        };
      };
    }
    const c = resolveColumns(
      header,
      file,
      ['object_id', 'account_id', 'content_id', 'timestamp_share'],
      [],
      'coortweet',
    );
    return (r): Post => {
      const account = cell(r, c.account_id);
      if (account === undefined) throw new RowError('missing account_id');
      const time = requireTime(cell(r, c.timestamp_share), parseUnixTime, 'timestamp_share');
      return {
        id: cell(r, c.content_id),
        account,
        time,
        text: undefined,
        isRepost: true,
        repostOf: cell(r, c.object_id),
        repostOfAccount: undefined,
        replyTo: undefined,
        replyToAccount: undefined,
        quoteOf: undefined,
        hashtags: [],
        mentions: [],
        urls: [],
        domains: [],
        images: [],
        profile: undefined,
        platform: platformOf(account),
        lang: undefined,
        client: undefined,
        source: { file, line: r.line },
      };
    };
  },
};
