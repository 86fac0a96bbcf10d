/**
 * Per-account signals, each a number (or null when the input lacks the data), a flag and a sentence
 * that carries the number: no score without its reason. Thresholds and their sources are in
 * thresholds.ts. Cost: O(posts) for the cadence signal, O(1) for the others.
 */
import type { AccountSignal } from '../../core/result.js';
import type { AccountActivity } from './activity.js';
import { handleShape, isAutoSuggestedHandle, trailingDigits } from './handle.js';
import { cadenceCv, gapRegularity, postsPerDay, quietStretch, type PopulationStats } from './population.js';
import { pct, round } from './stats.js';
import { THRESHOLDS } from './thresholds.js';

/** "45 s", "15 min", "3.5 h", "12 d": durations an analyst reads at a glance. */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${round(seconds, 1)} s`;
  if (seconds < 5400) return `${round(seconds / 60, 1)} min`;
  if (seconds < 172800) return `${round(seconds / 3600, 1)} h`;
  return `${round(seconds / 86400, 1)} d`;
}

function missing(name: string, what: string): AccountSignal {
  return { name, value: null, flagged: false, explanation: `Not available: ${what}.` };
}

function context(label: string, value: number | null | undefined): string {
  return value === null || value === undefined
    ? ''
    : ` The data set's median ${label} is ${round(value, 2)}.`;
}

export function cadenceSignal(a: AccountActivity, population?: PopulationStats): AccountSignal {
  const name = 'cadence-regularity';
  const { minGaps, maxCv, jitter, minRegularShare } = THRESHOLDS.cadence;
  const t = a.times;
  const gaps = t.length - 1;
  const cv = cadenceCv(t);
  if (gaps < minGaps || cv === null) {
    return missing(
      name,
      `${t.length} timed posts are too few to judge the posting rhythm (needs ${minGaps + 1})`,
    );
  }
  const { medianGap: med, share } = gapRegularity(t, jitter);
  const lowCv = cv < maxCv;
  const timer = med > 0 && share >= minRegularShare;
  const flagged = lowCv || timer;
  const head = flagged
    ? `Posts follow a clock-like schedule: the gaps between its ${t.length} posts have a coefficient of variation of ${round(cv, 2)} (people post in bursts, usually above 1; flagged below ${maxCv})`
    : `Posting rhythm looks irregular, as people's does: the gaps between its ${t.length} posts have a coefficient of variation of ${round(cv, 2)} (flagged below ${maxCv})`;
  return {
    name,
    value: round(cv),
    flagged,
    explanation: `${head}, and ${pct(share)} of gaps are within ${pct(jitter)} of the median gap of ${formatDuration(med)}${timer ? ` (flagged from ${pct(minRegularShare)})` : ''}.${context('coefficient of variation', population?.cadenceCv)}`,
  };
}

export function repostRatioSignal(a: AccountActivity, population?: PopulationStats): AccountSignal {
  const name = 'repost-ratio';
  const { min, minPosts } = THRESHOLDS.repostRatio;
  if (a.posts === 0) return missing(name, 'the account has no posts');
  const ratio = a.reposts / a.posts;
  const flagged = a.posts >= minPosts && ratio >= min;
  const tail =
    a.posts < minPosts
      ? ` Too few posts to flag (needs ${minPosts}).`
      : flagged
        ? ' It mostly amplifies others.'
        : '';
  return {
    name,
    value: round(ratio),
    flagged,
    explanation: `${a.reposts} of its ${a.posts} posts are reposts (${pct(ratio)}; flagged from ${pct(min)}).${tail}${context('repost ratio', population?.repostRatio)}`,
  };
}

export function followerSignal(a: AccountActivity): AccountSignal {
  const name = 'follower-ratio';
  const followers = a.profile?.followers;
  const following = a.profile?.following;
  if (
    followers === undefined ||
    following === undefined ||
    !Number.isFinite(followers) ||
    !Number.isFinite(following)
  ) {
    return missing(name, 'the input has no follower and following counts for this account');
  }
  const { minFollowing, maxRatio } = THRESHOLDS.followers;
  const ratio = following === 0 ? null : followers / following;
  const flagged = following >= minFollowing && ratio !== null && ratio < maxRatio;
  const ratioText = ratio === null ? 'follows nobody' : `a followers/following ratio of ${round(ratio, 2)}`;
  return {
    name,
    value: ratio === null ? null : round(ratio),
    flagged,
    explanation: `${followers} followers and ${following} following: ${ratioText}${flagged ? ', the mark of follow-back farming' : ''} (flagged when following at least ${minFollowing} with a ratio below ${maxRatio}).`,
  };
}

export function defaultProfileSignal(a: AccountActivity): AccountSignal {
  const name = 'default-profile';
  const image = a.profile?.defaultProfileImage;
  const theme = a.profile?.defaultProfile;
  if (image === undefined && theme === undefined) {
    return missing(name, 'the input does not say whether the profile or avatar are the defaults');
  }
  const parts: string[] = [];
  if (image !== undefined) parts.push(image ? 'still has the default avatar' : 'has its own avatar');
  if (theme !== undefined) parts.push(theme ? 'kept the default profile theme' : 'customised its profile');
  const flagged = image === true;
  return {
    name,
    value: image ?? null,
    flagged,
    explanation: `The account ${parts.join(' and ')}${flagged ? '; throw-away and managed accounts often never set an avatar' : ''} (flagged for the default avatar).`,
  };
}

export function handleSignal(a: AccountActivity): AccountSignal {
  const name = 'handle-pattern';
  const handle = a.screenName ?? a.profile?.screenName;
  if (handle === undefined || handle === '')
    return missing(name, 'the input has no screen name for this account');
  const auto = isAutoSuggestedHandle(handle);
  const digits = trailingDigits(handle);
  return {
    name,
    value: handleShape(handle),
    flagged: auto,
    explanation: auto
      ? `The handle is a name followed by ${digits} digits, the form the platform suggests at sign-up; the owner never picked a name of their own.`
      : `The handle ends in ${digits} digit${digits === 1 ? '' : 's'}; it does not have the name + ${THRESHOLDS.handle.autoDigits} digits form of an auto-suggested handle.`,
  };
}

export function postsPerDaySignal(a: AccountActivity, population?: PopulationStats): AccountSignal {
  const name = 'posts-per-day';
  if (a.posts === 0 || a.times.length === 0) return missing(name, 'the account has no timed posts');
  const rate = postsPerDay(a);
  const { min, high } = THRESHOLDS.postsPerDay;
  const span = a.times.length > 1 ? a.times[a.times.length - 1]! - a.times[0]! : 0;
  const level = rate >= high ? 'highly suspicious' : rate >= min ? 'suspicious' : 'within human range';
  return {
    name,
    value: round(rate, 1),
    flagged: rate >= min,
    explanation: `${round(rate, 1)} posts a day (${a.posts} posts over ${formatDuration(Math.max(span, 86400))}): ${level} (DFRLab's rule of thumb: ${min}+ suspicious, ${high}+ highly suspicious).${context('posts a day', population?.postsPerDay)}`,
  };
}

export function activeHoursSignal(a: AccountActivity): AccountSignal {
  const name = 'active-hours';
  const { minQuietHours, quietShare, minPosts, minDays } = THRESHOLDS.activeHours;
  const n = a.times.length;
  const span = n > 1 ? a.times[n - 1]! - a.times[0]! : 0;
  if (n < minPosts || span < minDays * 86400) {
    return missing(
      name,
      `${n} posts over ${formatDuration(span)} are too few for a daily pattern (needs ${minPosts} posts over ${minDays} days)`,
    );
  }
  const { longest, activeHours } = quietStretch(a.hours, quietShare);
  const flagged = longest < minQuietHours;
  const q = `an hour is quiet with under ${pct(quietShare)} of its posts`;
  return {
    name,
    value: longest,
    flagged,
    explanation: flagged
      ? `Active in ${activeHours} of 24 hours of the day with no quiet stretch of ${minQuietHours} hours or more (longest: ${longest} h, UTC; ${q}): run round the clock, as no single person is.`
      : `Active in ${activeHours} of 24 hours of the day; its longest daily quiet stretch is ${longest} hours (UTC; ${q}), as for someone who sleeps (flagged below ${minQuietHours} h).`,
  };
}

export function accountAgeSignal(a: AccountActivity): AccountSignal {
  const name = 'account-age-at-first-post';
  const created = a.profile?.createdAt;
  if (created === undefined || !Number.isFinite(created))
    return missing(name, 'the input has no account creation date');
  if (a.times.length === 0) return missing(name, 'the account has no timed posts');
  const days = (a.times[0]! - created) / 86400;
  const { maxDays } = THRESHOLDS.accountAge;
  const flagged = days >= 0 && days < maxDays;
  const when = new Date(created * 1000).toISOString().slice(0, 10);
  return {
    name,
    value: round(days, 1),
    flagged,
    explanation:
      days < 0
        ? `The first post in the data is dated before the account's creation (${when}); the dates disagree, so this is not flagged.`
        : `Created ${when}, ${round(days, 1)} days before its first post in this data set${flagged ? ': a fresh account put straight to work' : ''} (flagged under ${maxDays} days).`,
  };
}

/**
 * All per-account signals, in a fixed order. `population` (see populationStats) only adds the data
 * set's medians to the explanations.
 */
export function accountSignals(activity: AccountActivity, population?: PopulationStats): AccountSignal[] {
  return [
    cadenceSignal(activity, population),
    repostRatioSignal(activity, population),
    followerSignal(activity),
    defaultProfileSignal(activity),
    handleSignal(activity),
    postsPerDaySignal(activity, population),
    activeHoursSignal(activity),
    accountAgeSignal(activity),
  ];
}
