/**
 * The measurements the automation score reads, one per model term (automation-model.ts), from an
 * account's activity, its profile and its network's signals. Each is a value with a sentence, or
 * unavailable with the reason: a format without follower counts, too few posts, a network signal
 * that was not computed. Cost: O(posts) per account (the cadence gaps), O(1) for the rest.
 */
import type { AccountSignal } from '../../core/result.js';
import type { AccountActivity } from './activity.js';
import { formatDuration } from './account-signals.js';
import { isAutoSuggestedHandle, trailingDigits } from './handle.js';
import type { TermName } from './automation-model.js';
import { cadenceCv, gapRegularity, postsPerDay, quietStretch } from './population.js';
import { pct, round } from './stats.js';
import { THRESHOLDS } from './thresholds.js';

export type Measurement = { value: number | boolean; text: string } | { value: null; text: string };

/**
 * What the input carries at all. A count that is 0 for every account (no reply, no repost, no link,
 * no description anywhere) means the format does not record it, not that nobody did it; such terms
 * are unavailable rather than evidence.
 */
export interface AutomationContext {
  reposts: boolean;
  replies: boolean;
  links: boolean;
  descriptions: boolean;
}

/** One pass over the data set's accounts. */
export function automationContext(activities: Iterable<AccountActivity>): AutomationContext {
  const c: AutomationContext = { reposts: false, replies: false, links: false, descriptions: false };
  for (const a of activities) {
    if (a.reposts > 0) c.reposts = true;
    if (a.replies > 0) c.replies = true;
    if (a.withUrl > 0) c.links = true;
    const d = a.profile?.description;
    if (d !== undefined && d.trim() !== '') c.descriptions = true;
  }
  return c;
}

/** Fewer posts say nothing about an account's mix of reposts, links and replies. Lockstep's choice. */
export const MIN_POSTS_FOR_SHARES = 5;

const none = (text: string): Measurement => ({ value: null, text });

/** (k + ½) / (n + 1): a share that stays off 0 and 1 for small n (Jeffreys-style smoothing). */
const smoothed = (k: number, n: number): number => (k + 0.5) / (n + 1);

function share(k: number, n: number, carried: boolean, what: string, kind: string): Measurement {
  if (!carried) return none(`the input records no ${kind} for any account`);
  if (n < MIN_POSTS_FOR_SHARES)
    return none(`${n} posts are too few for a share of ${kind} (needs ${MIN_POSTS_FOR_SHARES})`);
  const s = smoothed(k, n);
  return { value: round(s), text: `${k} of its ${n} posts ${what} (${pct(k / n)})` };
}

function cadence(a: AccountActivity): Measurement {
  const { minGaps, jitter, minRegularShare } = THRESHOLDS.cadence;
  const cv = cadenceCv(a.times);
  if (a.times.length - 1 < minGaps || cv === null)
    return none(`${a.times.length} timed posts are too few for a rhythm (needs ${minGaps + 1})`);
  const { medianGap, share: regular } = gapRegularity(a.times, jitter);
  // A low-jitter timer with long pauses has a high CV; count it as the clockwork it is.
  const timer = medianGap > 0 && regular >= minRegularShare;
  const effective = timer ? Math.min(cv, 0.25) : cv;
  return {
    value: round(effective),
    text:
      `the gaps between its ${a.times.length} posts have a coefficient of variation of ${round(cv, 2)} ` +
      `(people's are usually above 1, a timer's near 0)` +
      (timer
        ? `, and ${pct(regular)} of gaps are within ${pct(jitter)} of ${formatDuration(medianGap)}, a timer's rhythm, so it counts as 0.25`
        : ''),
  };
}

function hours(a: AccountActivity): Measurement {
  const { minPosts, minDays, quietShare } = THRESHOLDS.activeHours;
  const n = a.times.length;
  const span = n > 1 ? a.times[n - 1]! - a.times[0]! : 0;
  if (n < minPosts || span < minDays * 86400)
    return none(`${n} posts over ${formatDuration(span)} are too few for a daily pattern`);
  const { longest, activeHours } = quietStretch(a.hours, quietShare);
  return {
    value: longest,
    text: `its longest daily quiet stretch is ${longest} h (UTC), active in ${activeHours} of 24 hours; people sleep 6 h or more`,
  };
}

function rate(a: AccountActivity): Measurement {
  if (a.times.length < MIN_POSTS_FOR_SHARES)
    return none(`${a.times.length} timed posts are too few for a posting rate`);
  const r = postsPerDay(a);
  return {
    value: round(r, 2),
    text: `${round(r, 1)} posts a day in this data set (DFRLab: 72+ suspicious, 144+ highly suspicious)`,
  };
}

function followerRatio(a: AccountActivity): Measurement {
  const f = a.profile?.followers;
  const g = a.profile?.following;
  if (f === undefined || g === undefined || !Number.isFinite(f) || !Number.isFinite(g) || f < 0 || g < 0)
    return none('the input has no follower and following counts for this account');
  return {
    value: round((f + 1) / (g + 1), 4),
    text: `${f} followers for ${g} following`,
  };
}

function followers(a: AccountActivity): Measurement {
  const f = a.profile?.followers;
  if (f === undefined || !Number.isFinite(f) || f < 0) return none('the input has no follower count');
  return { value: f, text: `${f} followers (a typical person: about 100)` };
}

function ageAtFirstPost(a: AccountActivity): Measurement {
  const c = a.profile?.createdAt;
  if (c === undefined || !Number.isFinite(c)) return none('the input has no account creation date');
  if (a.times.length === 0) return none('the account has no timed posts');
  const days = (a.times[0]! - c) / 86400;
  if (days < 0) return none('its first post is dated before its creation date, so the dates disagree');
  const when = new Date(c * 1000).toISOString().slice(0, 10);
  return {
    value: round(days, 1),
    text: `created ${when}, ${round(days, 1)} days before its first post here`,
  };
}

function lifetimeRate(a: AccountActivity): Measurement {
  const s = a.profile?.statuses;
  const c = a.profile?.createdAt;
  if (s === undefined || !Number.isFinite(s) || s < 0) return none('the input has no profile post count');
  if (c === undefined || !Number.isFinite(c) || a.times.length === 0)
    return none('the input has no account creation date');
  const days = Math.max(1, (a.times[a.times.length - 1]! - c) / 86400);
  const r = s / days;
  if (r <= 0) return none('the profile post count is 0');
  return {
    value: round(r, 2),
    text: `${s} posts over the account's ${round(days)} days: ${round(r, 1)} a day (a typical person: a few)`,
  };
}

function flag(v: boolean | undefined, yes: string, no: string, absent: string): Measurement {
  return v === undefined ? none(absent) : { value: v, text: v ? yes : no };
}

function description(a: AccountActivity, c: AutomationContext): Measurement {
  if (!c.descriptions) return none('the input carries no profile descriptions');
  const d = a.profile?.description?.trim() ?? '';
  return d === ''
    ? { value: true, text: 'its profile description is empty' }
    : { value: false, text: `it has a profile description of ${d.length} characters` };
}

function handleDigits(a: AccountActivity): Measurement {
  const h = a.screenName ?? a.profile?.screenName;
  if (h === undefined || h === '') return none('the input has no screen name for this account');
  const digits = trailingDigits(h);
  const auto = isAutoSuggestedHandle(h);
  return {
    value: digits + (auto ? 2 : 0),
    text: auto
      ? `the handle is a name + ${digits} digits, the form the platform suggests at sign-up`
      : `the handle ends in ${digits} digit${digits === 1 ? '' : 's'}`,
  };
}

function networkFlag(signals: readonly AccountSignal[] | undefined, name: string): Measurement {
  const s = signals?.find((x) => x.name === name);
  if (s === undefined) return none('the account is in no reported network');
  if (s.value === null) return none(`its network's ${name} signal could not be computed`);
  return { value: s.flagged, text: s.explanation };
}

/** All measurements, keyed by term name. */
export function measurements(
  a: AccountActivity,
  c: AutomationContext,
  networkSignals?: readonly AccountSignal[],
): Record<TermName, Measurement> {
  const p = a.profile;
  return {
    'cadence-regularity': cadence(a),
    'active-hours': hours(a),
    'posts-per-day': rate(a),
    'repost-ratio': share(a.reposts, a.posts, c.reposts, 'are reposts', 'reposts'),
    'link-ratio': share(a.withUrl, a.posts, c.links, 'carry a link', 'links'),
    'reply-ratio': share(a.replies, a.posts, c.replies, 'are replies', 'replies'),
    'follower-ratio': followerRatio(a),
    followers: followers(a),
    'account-age-at-first-post': ageAtFirstPost(a),
    'lifetime-posts-per-day': lifetimeRate(a),
    'default-avatar': flag(
      p?.defaultProfileImage,
      'it still has the default avatar',
      'it has its own avatar',
      'the input does not say whether the avatar is the default',
    ),
    'default-theme': flag(
      p?.defaultProfile,
      'it kept the default profile theme',
      'it customised its profile theme',
      'the input does not say whether the profile theme is the default',
    ),
    verified: flag(
      p?.verified,
      'the platform verified it',
      'it is not verified',
      'the input has no verified flag',
    ),
    'empty-description': description(a, c),
    'handle-digits': handleDigits(a),
    'creation-burst': networkFlag(networkSignals, 'creation-burst'),
    'shared-handle-pattern': networkFlag(networkSignals, 'shared-handle-pattern'),
    'synchronised-hours': networkFlag(networkSignals, 'synchronised-hours'),
  };
}
