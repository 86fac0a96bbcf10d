/**
 * Reader for the FiveThirtyEight/Clemson IRA troll-tweet CSV (IRAhandle_tweets_N.csv, 2018) and its
 * per-author variant that lacks some columns (e.g. no tweet_id / alt_external_id). `publish_date` is
 * `M/D/YYYY H:MM` UTC. Retweets are flagged (`retweet` = 1) but carry only the retweeted text, never
 * the target id: `isRepost` is true and `repostOf` stays undefined, so co-retweet keys on the
 * normalised text. Hashtags, mentions and URLs come from the text; the `tco*_step1` columns (the
 * expanded t.co links) are used as URLs when present. `account_category` goes to the profile as a
 * label, never as a detection input.
 */
import type { Post } from '../../core/post.js';
import { extractEntities, parseRetweetPrefix } from '../entities.js';
import { parseMdyTime } from '../time.js';
import { addUrls } from '../url-canonical.js';
import type { CsvFormat } from './common.js';
import { CellMemo, cell, countAt, resolveColumns, RowError, requireTime, truthy } from './common.js';

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

export const ira: CsvFormat = {
  kind: 'csv',
  bind(header, { file }) {
    const c = resolveColumns(header, file, REQUIRED, OPTIONAL, 'ira');
    const tco = [c.tco1_step1, c.tco2_step1, c.tco3_step1].filter((i) => i >= 0);
    // Cells that repeat from row to row (the same minute in a time-sorted file, the same language or
    // post type) are decoded and parsed once per run of equal bytes (common.ts CellMemo).
    const times = new CellMemo((v) => (v === undefined ? NaN : parseMdyTime(v)));
    const langs = new CellMemo((v) => v);
    const reposts = new CellMemo((v) => v === 'RETWEET');
    const retweets = new CellMemo(truthy);
    return (r): Post => {
      const author = cell(r, c.author);
      // external_author_id is the stable id; its cells are sometimes written as floats (1.23e+17).
      const ext = cell(r, c.external_author_id);
      const account =
        ext !== undefined && !ext.includes('e+') && !ext.includes('E+')
          ? ext.endsWith('.0')
            ? ext.slice(0, -2)
            : ext
          : author?.toLowerCase();
      if (account === undefined) throw new RowError('missing external_author_id and author');
      let time = times.get(r, c.publish_date);
      // The error, with its message, from the plain path.
      if (!Number.isFinite(time)) time = requireTime(cell(r, c.publish_date), parseMdyTime, 'publish_date');
      const text = cell(r, c.content);
      const isRepost = retweets.get(r, c.retweet) || reposts.get(r, c.post_type);
      const entities = text === undefined ? undefined : extractEntities(text);
      const urls: string[] = [];
      const domains: string[] = [];
      const expanded: string[] = [];
      for (const i of tco) {
        const v = cell(r, i);
        if (v !== undefined) expanded.push(v);
      }
      addUrls(expanded.length > 0 ? expanded : (entities?.urls ?? []), urls, domains);
      return {
        id: cell(r, c.tweet_id),
        account,
        time,
        text,
        isRepost,
        repostOf: undefined,
        repostOfAccount: isRepost && text !== undefined ? parseRetweetPrefix(text)?.screenName : undefined,
        replyTo: undefined,
        replyToAccount: undefined,
        quoteOf: undefined,
        hashtags: entities?.hashtags ?? [],
        mentions: entities?.mentions ?? [],
        urls,
        domains,
        images: [],
        profile: {
          screenName: author,
          followers: countAt(r, c.followers),
          following: countAt(r, c.following),
          statuses: countAt(r, c.updates),
          location: cell(r, c.region),
          category: cell(r, c.account_category),
        },
        platform: 'twitter',
        lang: langs.get(r, c.language),
        client: undefined,
        source: { file, line: r.line },
      };
    };
  },
};
