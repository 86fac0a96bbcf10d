import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountActivity } from './activity.js';
import {
  accountAgeSignal,
  accountSignals,
  activeHoursSignal,
  cadenceSignal,
  defaultProfileSignal,
  followerSignal,
  handleSignal,
  postsPerDaySignal,
  repostRatioSignal,
} from './account-signals.js';
import { populationStats } from './population.js';
import { DAY, T0, activity, assertNoNaN, burstyTimes, byName, uniform } from './test-factories.js';

function every(n: number, gap: number, jitter = 0, seed = 1): number[] {
  const r = uniform(seed);
  return Array.from({ length: n }, (_, i) => T0 + i * gap + (r() - 0.5) * 2 * jitter);
}

describe('cadence-regularity', () => {
  it('flags a timer posting every 15 minutes with a few seconds of jitter', () => {
    const s = cadenceSignal(activity(every(60, 900, 5)));
    assert.equal(s.flagged, true);
    assert.ok(typeof s.value === 'number' && s.value < 0.05);
    assert.match(
      s.explanation,
      new RegExp(`coefficient of variation of ${String(Math.round(s.value * 100) / 100)}`),
    );
    assert.match(s.explanation, /15 min/);
  });

  it('flags a low-jitter timer even when nightly pauses inflate the variation', () => {
    const times: number[] = [];
    for (let d = 0; d < 5; d++) for (let i = 0; i < 40; i++) times.push(T0 + d * DAY + 8 * 3600 + i * 600);
    const s = cadenceSignal(activity(times));
    assert.ok(typeof s.value === 'number' && s.value > 0.35, `CV ${String(s.value)}`);
    assert.equal(s.flagged, true);
    assert.match(s.explanation, /of gaps are within 10% of the median gap of 10 min/);
  });

  it('does not flag bursty, human-like posting', () => {
    for (const seed of [1, 2, 3]) {
      const s = cadenceSignal(activity(burstyTimes(80, seed)));
      assert.equal(s.flagged, false, s.explanation);
      assert.ok(typeof s.value === 'number' && s.value > 1, s.explanation);
    }
  });

  it('gives null with too few posts', () => {
    const s = cadenceSignal(activity(every(5, 900)));
    assert.equal(s.value, null);
    assert.equal(s.flagged, false);
    assert.match(s.explanation, /5 timed posts/);
  });
});

describe('repost-ratio', () => {
  const times = every(100, 3000, 0);
  it('flags an amplifier and states the counts', () => {
    const s = repostRatioSignal(activity(times, undefined, (i) => ({ isRepost: i % 20 !== 0 })));
    assert.equal(s.flagged, true);
    assert.equal(s.value, 0.95);
    assert.match(s.explanation, /95 of its 100 posts are reposts \(95%/);
  });
  it('does not flag a mixed account or one with too few posts', () => {
    const mixed = repostRatioSignal(activity(times, undefined, (i) => ({ isRepost: i % 3 === 0 })));
    assert.equal(mixed.flagged, false);
    assert.equal(mixed.value, 0.34);
    const few = repostRatioSignal(activity(every(10, 60), undefined, () => ({ isRepost: true })));
    assert.equal(few.flagged, false);
    assert.equal(few.value, 1);
    assert.match(few.explanation, /Too few posts/);
  });
});

describe('follower-ratio', () => {
  const t = [T0];
  it('flags following thousands while followed by few', () => {
    const s = followerSignal(activity(t, { followers: 40, following: 3200 }));
    assert.equal(s.flagged, true);
    assert.equal(s.value, 0.013);
    assert.match(s.explanation, /40 followers and 3200 following/);
  });
  it('does not flag a balanced account, and handles following nobody', () => {
    assert.equal(followerSignal(activity(t, { followers: 500, following: 400 })).flagged, false);
    const none = followerSignal(activity(t, { followers: 5, following: 0 }));
    assert.equal(none.value, null);
    assert.equal(none.flagged, false);
    assert.match(none.explanation, /follows nobody/);
  });
  it('gives null without counts', () => {
    const s = followerSignal(activity(t, { followers: 10 }));
    assert.equal(s.value, null);
    assert.equal(s.flagged, false);
  });
});

describe('default-profile', () => {
  it('flags the default avatar, not a custom one, null when unknown', () => {
    const d = defaultProfileSignal(activity([T0], { defaultProfileImage: true, defaultProfile: true }));
    assert.deepEqual([d.value, d.flagged], [true, true]);
    assert.match(d.explanation, /default avatar and kept the default profile theme/);
    const c = defaultProfileSignal(activity([T0], { defaultProfileImage: false }));
    assert.deepEqual([c.value, c.flagged], [false, false]);
    const u = defaultProfileSignal(activity([T0], { followers: 1 }));
    assert.deepEqual([u.value, u.flagged], [null, false]);
  });
});

describe('handle-pattern', () => {
  it('flags name + 8 digits, not a chosen handle, null without a name', () => {
    const auto = handleSignal(activity([T0], { screenName: 'JaneDoe48213907' }));
    assert.equal(auto.flagged, true);
    assert.equal(auto.value, 'A99999999');
    assert.match(auto.explanation, /8 digits/);
    const chosen = handleSignal(activity([T0], { screenName: 'jane_doe_1987' }));
    assert.equal(chosen.flagged, false);
    assert.match(chosen.explanation, /ends in 4 digits/);
    assert.equal(handleSignal(activity([T0])).value, null);
  });
});

describe('posts-per-day', () => {
  it('flags 150 posts a day and gives the rate', () => {
    const s = postsPerDaySignal(activity(every(301, 576)));
    assert.equal(s.flagged, true);
    assert.equal(s.value, 150.5);
    assert.match(s.explanation, /150\.5 posts a day \(301 posts over 2 d\): highly suspicious/);
  });
  it('does not flag two posts a day', () => {
    const s = postsPerDaySignal(activity(every(21, DAY / 2)));
    assert.equal(s.flagged, false);
    assert.equal(s.value, 2.1);
  });
});

describe('active-hours', () => {
  it('flags round-the-clock posting', () => {
    const s = activeHoursSignal(activity(every(24 * 5, 3600, 60)));
    assert.equal(s.flagged, true);
    assert.equal(s.value, 0);
    assert.match(s.explanation, /Active in 24 of 24 hours/);
  });
  it('does not flag an account that sleeps (quiet 22:00–08:00 UTC)', () => {
    const times: number[] = [];
    for (let d = 0; d < 6; d++) for (let h = 8; h < 22; h++) times.push(T0 + d * DAY + h * 3600 + 120);
    const s = activeHoursSignal(activity(times));
    assert.equal(s.flagged, false);
    assert.equal(s.value, 10);
    assert.match(s.explanation, /quiet stretch is 10 hours/);
  });
  it('does not let a few sleepless nights erase the quiet hours', () => {
    const times: number[] = [];
    for (let d = 0; d < 30; d++) for (let h = 8; h < 22; h++) times.push(T0 + d * DAY + h * 3600 + 120);
    for (let h = 0; h < 8; h++) times.push(T0 + 3 * DAY + h * 3600 + 60); // one night awake
    const s = activeHoursSignal(activity(times));
    assert.equal(s.flagged, false, s.explanation);
    assert.equal(s.value, 10);
  });
  it('gives null for too little activity', () => {
    assert.equal(activeHoursSignal(activity(every(20, 3600))).value, null);
  });
});

describe('account-age-at-first-post', () => {
  it('flags an account created two days before it started posting', () => {
    const s = accountAgeSignal(activity([T0 + 2 * DAY], { createdAt: T0 }));
    assert.equal(s.flagged, true);
    assert.equal(s.value, 2);
    assert.match(s.explanation, /Created 2021-03-01, 2 days before/);
  });
  it('does not flag an old account or inconsistent dates; null without a date', () => {
    assert.equal(accountAgeSignal(activity([T0 + 400 * DAY], { createdAt: T0 })).flagged, false);
    const before = accountAgeSignal(activity([T0], { createdAt: T0 + DAY }));
    assert.equal(before.flagged, false);
    assert.match(before.explanation, /before the account's creation/);
    assert.equal(accountAgeSignal(activity([T0])).value, null);
  });
});

describe('accountSignals', () => {
  it('returns every signal once, with population medians in the explanations', () => {
    const accounts = [1, 2, 3].map((seed) =>
      activity(burstyTimes(40, seed), undefined, (i) => ({ isRepost: i % 2 === 0 }), `a${seed}`),
    );
    const pop = populationStats(accounts);
    assert.equal(pop.accounts, 3);
    assert.equal(pop.repostRatio, 0.5);
    const signals = accountSignals(accounts[0]!, pop);
    assert.equal(new Set(signals.map((s) => s.name)).size, 8);
    assert.match(byName(signals, 'repost-ratio').explanation, /data set's median repost ratio is 0\.5/);
    assertNoNaN(signals);
  });

  it('never yields NaN and flags nothing for an account with no posts or profile', () => {
    const empty: AccountActivity = {
      account: 'x',
      times: new Float64Array(0),
      posts: 0,
      reposts: 0,
      replies: 0,
      withUrl: 0,
      hours: new Uint32Array(24),
    };
    const signals = accountSignals(empty, populationStats([]));
    assertNoNaN(signals);
    for (const s of signals) {
      assert.equal(s.value, null, s.name);
      assert.equal(s.flagged, false, s.name);
      assert.match(s.explanation, /^Not available: /);
    }
  });

  it('flags nothing for an organic-looking account', () => {
    const a = activity(burstyTimes(120, 9), {
      screenName: 'river_walker',
      createdAt: T0 - 900 * DAY,
      followers: 310,
      following: 280,
      defaultProfileImage: false,
      defaultProfile: false,
    });
    const signals = accountSignals(a);
    assertNoNaN(signals);
    const flagged = signals.filter((s) => s.flagged).map((s) => `${s.name}: ${s.explanation}`);
    assert.deepEqual(flagged, []);
  });
});
