/**
 * Reader for Twitter API v1.1 tweet objects, one per line (streaming API, twarc1, Hydrator output).
 * Text from `extended_tweet.full_text` / `full_text` / `text`; a retweet's entities are read from the
 * retweeted status (the retweet's own text is truncated); quotes from `quoted_status_id_str`.
 * `created_at` is `Wed Oct 10 20:19:24 +0000 2018`. Delete/limit notices (no `user`) are skipped rows.
 */
import { parseRetweetPrefix } from '../entities.js';
import { parseTwitterTime } from '../time.js';
import { addUrls } from '../url-canonical.js';
import type { JsonFormat } from './common.js';
import { clip, normaliseTags, RowError } from './common.js';
import type { Json } from './json-access.js';
import { bool, num, obj, str, strings, stripTags } from './json-access.js';

function textOf(t: Json): string | undefined {
  return str(obj(t.extended_tweet)?.full_text) ?? str(t.full_text) ?? str(t.text);
}

function entitiesOf(t: Json): Json | undefined {
  return obj(obj(t.extended_tweet)?.entities) ?? obj(t.entities);
}

function idOf(t: Json | undefined, key: string): string | undefined {
  return t === undefined ? undefined : (str(t[`${key}_str`]) ?? str(t[key]));
}

export const twitterV1: JsonFormat = {
  kind: 'json',
  bind({ file }) {
    return (value, line, out) => {
      const t = obj(value);
      if (t === undefined) throw new RowError('JSON line is not an object');
      const user = obj(t.user);
      const account = idOf(user, 'id');
      if (account === undefined) {
        if (t.delete !== undefined || t.limit !== undefined) throw new RowError('stream notice, not a tweet');
        throw new RowError('missing user.id_str');
      }
      const created = str(t.created_at);
      if (created === undefined) throw new RowError('missing created_at');
      const time = parseTwitterTime(created);
      if (!Number.isFinite(time)) throw new RowError(`unparseable created_at "${clip(created)}"`);
      const rt = obj(t.retweeted_status);
      const text = textOf(t);
      const ents = entitiesOf(rt ?? t);
      const urls: string[] = [];
      const domains: string[] = [];
      addUrls(
        strings(ents?.urls, 'expanded_url').length > 0
          ? strings(ents?.urls, 'expanded_url')
          : strings(ents?.urls, 'url'),
        urls,
        domains,
      );
      const userCreated = str(user?.created_at);
      const createdAt = userCreated === undefined ? NaN : parseTwitterTime(userCreated);
      const rtUser = obj(rt?.user);
      out.push({
        id: idOf(t, 'id'),
        account,
        time,
        text,
        isRepost: rt !== undefined,
        repostOf: idOf(rt, 'id'),
        repostOfAccount: rt
          ? (idOf(rtUser, 'id') ?? (text ? parseRetweetPrefix(text)?.screenName : undefined))
          : undefined,
        replyTo: idOf(t, 'in_reply_to_status_id'),
        replyToAccount: idOf(t, 'in_reply_to_user_id'),
        quoteOf: idOf(t, 'quoted_status_id') ?? idOf(obj(t.quoted_status), 'id'),
        hashtags: normaliseTags(strings(ents?.hashtags, 'text'), '#'),
        mentions: normaliseTags(strings(ents?.user_mentions, 'screen_name'), '@'),
        urls,
        domains,
        images: [],
        profile: {
          screenName: str(user?.screen_name),
          displayName: str(user?.name),
          createdAt: Number.isFinite(createdAt) ? createdAt : undefined,
          followers: num(user?.followers_count),
          following: num(user?.friends_count),
          statuses: num(user?.statuses_count),
          description: str(user?.description),
          defaultProfileImage: bool(user?.default_profile_image),
          defaultProfile: bool(user?.default_profile),
          verified: bool(user?.verified),
          language: str(user?.lang),
          location: str(user?.location),
        },
        platform: 'twitter',
        lang: str(t.lang),
        client: stripTags(str(t.source)),
        source: { file, line },
      });
    };
  },
};
