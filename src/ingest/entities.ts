/**
 * Entities derived from post text when a format does not ship them: hashtags, @mentions, URLs, and
 * the author of a `RT @user:` retweet. The patterns follow Twitter's own rules closely enough for
 * coordination work (twitter-text: a hashtag needs a non-digit, a screen name is 1–15 [A-Za-z0-9_],
 * neither may be glued to a preceding word character); they are not a full twitter-text port.
 * Cost: O(text length) per post; each regex runs only when its trigger character occurs.
 */

export interface Entities {
  /** Lower-cased, without '#', de-duplicated in order of appearance. */
  hashtags: string[];
  /** Lower-cased screen names without '@', de-duplicated. */
  mentions: string[];
  /** Raw URLs as written (trailing punctuation trimmed), de-duplicated; canonicalise before use. */
  urls: string[];
}

const HASHTAG = /(?:^|[^\p{L}\p{M}\p{N}_&/])[#＃]([\p{L}\p{M}\p{N}_]*[\p{L}\p{M}_][\p{L}\p{M}\p{N}_]*)/gu;
const MENTION = /(?:^|[^A-Za-z0-9_!#$%&*@＠/])[@＠]([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_@＠])/g;
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"'`{}|\\^\u00a0\u2000-\u200b\u3000\u2026]+/gi;
const TRAILING = /[.,;:!?)\]}'"»”’]+$/;

function pushUnique(list: string[], v: string): void {
  if (!list.includes(v)) list.push(v);
}

/**
 * @example extractEntities('RT @Alice: see https://x.org/a. #Vote') // { hashtags: ['vote'], mentions: ['alice'], urls: ['https://x.org/a'] }
 */
export function extractEntities(text: string): Entities {
  return { hashtags: extractHashtags(text), mentions: extractMentions(text), urls: extractUrls(text) };
}

/** `extractEntities(text).hashtags` alone (a reader that needs only some entities of a post). */
export function extractHashtags(text: string): string[] {
  const out: string[] = [];
  if (text.includes('#') || text.includes('＃')) {
    for (const m of text.matchAll(HASHTAG)) pushUnique(out, m[1]!.toLowerCase());
  }
  return out;
}

/** `extractEntities(text).mentions` alone. */
export function extractMentions(text: string): string[] {
  const out: string[] = [];
  if (text.includes('@') || text.includes('＠')) {
    for (const m of text.matchAll(MENTION)) pushUnique(out, m[1]!.toLowerCase());
  }
  return out;
}

/** `extractEntities(text).urls` alone. */
export function extractUrls(text: string): string[] {
  const out: string[] = [];
  if (text.includes('://') || text.includes('www.')) {
    for (const m of text.matchAll(URL_RE)) {
      let u = m[0].replace(TRAILING, '');
      // Keep a closing parenthesis that balances one in the URL (Wikipedia links).
      if (m[0].length > u.length && m[0][u.length] === ')' && u.includes('(')) u += ')';
      if (u.length > 8) pushUnique(out, u);
    }
  }
  return out;
}

const RT_PREFIX = /^RT @([A-Za-z0-9_]{1,15}):?\s?/;

/**
 * The retweeted account in a `RT @user: text` post, lower-cased, and the retweeted text.
 *
 * @example parseRetweetPrefix('RT @Bob: hello') // { screenName: 'bob', text: 'hello' }
 */
export function parseRetweetPrefix(text: string): { screenName: string; text: string } | undefined {
  if (!text.startsWith('RT @')) return undefined;
  const m = RT_PREFIX.exec(text);
  if (!m) return undefined;
  return { screenName: m[1]!.toLowerCase(), text: text.slice(m[0].length) };
}

/**
 * A list cell as the Twitter archives write it: `[a, b]`, `['a', 'b']`, `["a","b"]`, `[]` or empty;
 * a cell without brackets is split on whitespace (and on commas when `commas`).
 */
export function parseListCell(cell: string, commas = true): string[] {
  let s = cell.trim();
  if (s === '' || s === '[]') return [];
  const out: string[] = [];
  if (s.startsWith('[') && s.endsWith(']')) {
    s = s.slice(1, -1);
    let i = 0;
    const n = s.length;
    while (i < n) {
      while (i < n && (s[i] === ' ' || s[i] === ',')) i++;
      if (i >= n) break;
      const q = s[i];
      if (q === "'" || q === '"') {
        // A quoted item ends at the matching quote followed by ',' or the end.
        let j = i + 1;
        for (;;) {
          j = s.indexOf(q, j);
          if (j === -1) {
            j = n;
            break;
          }
          let k = j + 1;
          while (k < n && s[k] === ' ') k++;
          if (k >= n || s[k] === ',') break;
          j++;
        }
        const item = s.slice(i + 1, j);
        if (item !== '') out.push(item);
        i = j + 1;
      } else {
        let j = s.indexOf(',', i);
        if (j === -1) j = n;
        const item = s.slice(i, j).trim();
        if (item !== '') out.push(item);
        i = j + 1;
      }
    }
    return out;
  }
  for (const item of s.split(commas ? /[\s,]+/ : /\s+/)) if (item !== '') out.push(item);
  return out;
}
