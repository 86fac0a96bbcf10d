/**
 * Reader for Twitter API v2 JSON lines, in both shapes tools write: whole response pages
 * `{data:[…], includes:{users,tweets,media}, meta}` (twarc2 raw output, full-archive search dumps)
 * and one tweet per line (twarc2 flattened: `author` and referenced tweets embedded). Profiles come
 * from `includes.users` (or the embedded `author`); a retweet's entities and author come from the
 * referenced tweet in `includes.tweets` when present, else from the `RT @user:` prefix.
 * Memory: one page at a time (a page is at most a few hundred tweets).
 */
import type { AccountProfile, Post } from '../../core/post.js';
import { parseRetweetPrefix } from '../entities.js';
import { parseIsoTime } from '../time.js';
import { addUrls } from '../url-canonical.js';
import type { JsonFormat } from './common.js';
import { clip, normaliseTags, RowError } from './common.js';
import type { Json } from './json-access.js';
import { arr, bool, num, obj, str, strings, stripTags } from './json-access.js';

function profileOf(u: Json | undefined): AccountProfile | undefined {
  if (u === undefined) return undefined;
  const m = obj(u.public_metrics);
  const created = str(u.created_at);
  const createdAt = created === undefined ? NaN : parseIsoTime(created);
  const image = str(u.profile_image_url);
  return {
    screenName: str(u.username),
    displayName: str(u.name),
    createdAt: Number.isFinite(createdAt) ? createdAt : undefined,
    followers: num(m?.followers_count),
    following: num(m?.following_count),
    statuses: num(m?.tweet_count),
    description: str(u.description),
    defaultProfileImage: image === undefined ? undefined : image.includes('default_profile_images'),
    verified: bool(u.verified),
    location: str(u.location),
  };
}

interface Includes {
  users: Map<string, Json>;
  tweets: Map<string, Json>;
}

const EMPTY: Includes = { users: new Map(), tweets: new Map() };

function includesOf(page: Json): Includes {
  const inc = obj(page.includes);
  if (inc === undefined) return EMPTY;
  const users = new Map<string, Json>();
  for (const u of arr(inc.users)) {
    const o = obj(u);
    const id = str(o?.id);
    if (o && id !== undefined) users.set(id, o);
  }
  const tweets = new Map<string, Json>();
  for (const t of arr(inc.tweets)) {
    const o = obj(t);
    const id = str(o?.id);
    if (o && id !== undefined) tweets.set(id, o);
  }
  return { users, tweets };
}

function toPost(t: Json, inc: Includes, file: string, line: number): Post {
  const account = str(t.author_id) ?? str(obj(t.author)?.id);
  if (account === undefined) throw new RowError('tweet has no author_id');
  const created = str(t.created_at);
  if (created === undefined) throw new RowError('missing created_at (request tweet.fields=created_at)');
  const time = parseIsoTime(created);
  if (!Number.isFinite(time)) throw new RowError(`unparseable created_at "${clip(created)}"`);
  let repostOf: string | undefined;
  let quoteOf: string | undefined;
  let replyTo: string | undefined;
  let retweeted: Json | undefined;
  for (const ref of arr(t.referenced_tweets)) {
    const r = obj(ref);
    const id = str(r?.id);
    if (r === undefined || id === undefined) continue;
    const type = str(r.type);
    if (type === 'retweeted') {
      repostOf = id;
      // twarc2 flattened output embeds the referenced tweet's fields in the reference itself.
      retweeted = inc.tweets.get(id) ?? (r.author_id !== undefined ? r : undefined);
    } else if (type === 'quoted') quoteOf = id;
    else if (type === 'replied_to') replyTo = id;
  }
  const text = str(t.text);
  const ents = obj((retweeted ?? t).entities) ?? obj(t.entities);
  const urls: string[] = [];
  const domains: string[] = [];
  const expanded = arr(ents?.urls).map((u) => {
    const o = obj(u);
    return str(o?.unwound_url) ?? str(o?.expanded_url) ?? str(o?.url) ?? '';
  });
  addUrls(expanded, urls, domains);
  const isRepost = repostOf !== undefined;
  let repostOfAccount: string | undefined;
  if (isRepost) {
    repostOfAccount = str(retweeted?.author_id) ?? (text ? parseRetweetPrefix(text)?.screenName : undefined);
  }
  const author = inc.users.get(account) ?? obj(t.author);
  return {
    id: str(t.id),
    account,
    time,
    text,
    isRepost,
    repostOf,
    repostOfAccount,
    replyTo,
    replyToAccount: str(t.in_reply_to_user_id),
    quoteOf,
    hashtags: normaliseTags(strings(ents?.hashtags, 'tag'), '#'),
    mentions: normaliseTags(strings(ents?.mentions, 'username'), '@'),
    urls,
    domains,
    images: [],
    profile: profileOf(author),
    platform: 'twitter',
    lang: str(t.lang),
    client: stripTags(str(t.source)),
    source: { file, line },
  };
}

export const twitterV2: JsonFormat = {
  kind: 'json',
  bind({ file }) {
    return (value, line, out) => {
      const v = obj(value);
      if (v === undefined) throw new RowError('JSON line is not an object');
      if ('data' in v || 'meta' in v || 'includes' in v) {
        const inc = includesOf(v);
        const data = Array.isArray(v.data) ? v.data : v.data === undefined ? [] : [v.data];
        // A page is one line: a bad tweet inside it is reported for the whole line, the rest kept.
        const bad: string[] = [];
        for (const t of data) {
          const o = obj(t);
          try {
            if (o === undefined) throw new RowError('data entry is not an object');
            out.push(toPost(o, inc, file, line));
          } catch (e) {
            if (!(e instanceof RowError)) throw e;
            bad.push(e.message);
          }
        }
        if (bad.length > 0)
          throw new RowError(`${bad.length} of ${data.length} tweets in the page skipped: ${bad[0]!}`);
        return;
      }
      out.push(toPost(v, EMPTY, file, line));
    };
  },
};
