/**
 * Builds the per-account activity summaries that src/detect/signals reads (AccountActivity) from the
 * run's post columns, instead of a second pass over the Post stream: posts are counting-sorted by
 * account, each account's times are a view into one Float64Array (sorted per account natively), and
 * the flags column gives reposts, replies and posts with links.
 *
 * Cost: O(posts + accounts · 24) time plus the per-account time sorts (a no-op pass when the stream
 * was in time order); memory one Float64Array and one Int32Array of posts, one small object and a
 * 24-slot histogram per account.
 */
import type { AccountActivity } from '../signals/index.js';
import { FLAG_REPLY, FLAG_REPOST, FLAG_URL, type PostColumns } from './actions.js';

export function accountActivities(columns: PostColumns): AccountActivity[] {
  const A = columns.accounts.size;
  const start = new Int32Array(A + 1);
  for (let p = 0; p < columns.count; p++) start[columns.account[p]! + 1]! += 1;
  for (let a = 0; a < A; a++) start[a + 1]! += start[a]!;
  const fill = start.slice(0, A);
  const times = new Float64Array(columns.count);
  const reposts = new Int32Array(A);
  const replies = new Int32Array(A);
  const withUrl = new Int32Array(A);
  for (let p = 0; p < columns.count; p++) {
    const a = columns.account[p]!;
    times[fill[a]!++] = columns.time[p]!;
    const f = columns.flags[p]!;
    if (f & FLAG_REPOST) reposts[a]! += 1;
    if (f & FLAG_REPLY) replies[a]! += 1;
    if (f & FLAG_URL) withUrl[a]! += 1;
  }
  const out: AccountActivity[] = new Array<AccountActivity>(A);
  for (let a = 0; a < A; a++) {
    const t = times.subarray(start[a], start[a + 1]);
    let sorted = true;
    for (let i = 1; i < t.length; i++)
      if (t[i]! < t[i - 1]!) {
        sorted = false;
        break;
      }
    if (!sorted) t.sort();
    const hours = new Uint32Array(24);
    for (let i = 0; i < t.length; i++) {
      const x = t[i]!;
      if (Number.isFinite(x)) hours[Math.floor((((x % 86400) + 86400) % 86400) / 3600)]! += 1;
    }
    const activity: AccountActivity = {
      account: columns.accounts.str(a),
      times: t,
      posts: t.length,
      reposts: reposts[a]!,
      replies: replies[a]!,
      withUrl: withUrl[a]!,
      hours,
    };
    const profile = columns.profiles[a];
    if (profile !== undefined) activity.profile = profile;
    const screenName = profile?.screenName ?? columns.screenNames.get(a);
    if (screenName !== undefined && screenName !== '') activity.screenName = screenName;
    out[a] = activity;
  }
  return out;
}
