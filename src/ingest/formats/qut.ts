/**
 * Reader for the QUT Digital Media Research Centre coordination-network-toolkit CSV
 * (`message_id,user_id,username,repost_id,reply_id,message,timestamp,urls`): timestamp in Unix
 * seconds, urls space-separated, an empty cell means none. Hashtags and mentions come from the text.
 */
import type { Post } from '../../core/post.js';
import { extractEntities, parseListCell } from '../entities.js';
import { parseUnixTime } from '../time.js';
import { addUrls } from '../url-canonical.js';
import type { CsvFormat } from './common.js';
import { cell, requireTime, resolveColumns, RowError } from './common.js';

const REQUIRED = ['message_id', 'user_id', 'timestamp'] as const;
const OPTIONAL = ['username', 'repost_id', 'reply_id', 'message', 'urls'] as const;

export const qut: CsvFormat = {
  kind: 'csv',
  bind(header, { file }) {
    const c = resolveColumns(header, file, REQUIRED, OPTIONAL, 'qut');
    return (r): Post => {
      const account = cell(r, c.user_id);
      if (account === undefined) throw new RowError('missing user_id');
      const time = requireTime(cell(r, c.timestamp), parseUnixTime, 'timestamp');
      const text = cell(r, c.message);
      const repostOf = cell(r, c.repost_id);
      const entities = text === undefined ? undefined : extractEntities(text);
      const urls: string[] = [];
      const domains: string[] = [];
      addUrls(c.urls >= 0 ? parseListCell(r.get(c.urls), false) : (entities?.urls ?? []), urls, domains);
      const screenName = cell(r, c.username);
      return {
        id: cell(r, c.message_id),
        account,
        time,
        text,
        isRepost: repostOf !== undefined,
        repostOf,
        repostOfAccount: undefined,
        replyTo: cell(r, c.reply_id),
        replyToAccount: undefined,
        quoteOf: undefined,
        hashtags: entities?.hashtags ?? [],
        mentions: entities?.mentions ?? [],
        urls,
        domains,
        images: [],
        profile: screenName === undefined ? undefined : { screenName },
        platform: undefined,
        lang: undefined,
        client: undefined,
        source: { file, line: r.line },
      };
    };
  },
};
