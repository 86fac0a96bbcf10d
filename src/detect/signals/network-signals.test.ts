import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountActivity } from './activity.js';
import {
  creationBurstSignal,
  networkBaseline,
  networkSignals,
  sharedHandleSignal,
  synchronisedHoursSignal,
} from './network-signals.js';
import { DAY, T0, activity, assertNoNaN, burstyTimes, uniform } from './test-factories.js';

const YEAR = 365 * DAY;

function createdAt(times: readonly number[], postAt = T0): AccountActivity[] {
  return times.map((c, i) => activity([postAt], { createdAt: c }, () => ({}), `m${i}`));
}

/** Accounts posting only in the given UTC hours, 3 posts per hour per day for 5 days. */
function shiftWorker(hours: readonly number[], account: string): AccountActivity {
  const times: number[] = [];
  for (let d = 0; d < 5; d++)
    for (const h of hours) for (let k = 0; k < 3; k++) times.push(T0 + d * DAY + h * 3600 + k * 900);
  return activity(times, undefined, () => ({}), account);
}

describe('creation-burst', () => {
  it('flags members created within days of each other', () => {
    const members = createdAt([0, 1, 1, 2, 3, 3, 5, 6].map((d) => T0 - 2 * YEAR + d * DAY));
    const s = creationBurstSignal(members);
    assert.equal(s.flagged, true, s.explanation);
    assert.equal(s.value, 1);
    assert.match(
      s.explanation,
      /^8 of the 8 members with a known creation date were created within 7 days \(from 2019-03-02\)/,
    );
  });

  it('does not flag creation dates spread over years', () => {
    const members = createdAt([0, 1.3, 2.9, 4.1, 5.5, 7.2, 8.8, 10.1].map((y) => T0 - 12 * YEAR + y * YEAR));
    const s = creationBurstSignal(members);
    assert.equal(s.flagged, false, s.explanation);
    assert.equal(s.value, 0.125); // one member per window at most
  });

  it('compares with the population: a week when everyone joined is not a burst', () => {
    const burst = [0, 1, 2, 2, 3, 4].map((d) => T0 - YEAR + d * DAY);
    const members = createdAt(burst);
    const r = uniform(3);
    // Population A: accounts created evenly over ten years → the members' week is rare.
    const spread = createdAt(Array.from({ length: 2000 }, () => T0 - 10 * YEAR + r() * 10 * YEAR));
    const a = creationBurstSignal(members, networkBaseline([...spread, ...members]));
    assert.equal(a.flagged, true, a.explanation);
    assert.match(a.explanation, /data set's 2006 accounts/);
    // Population B: a platform that opened that week → most accounts date from it.
    const launch = createdAt(Array.from({ length: 2000 }, () => T0 - YEAR + r() * 6 * DAY));
    const b = creationBurstSignal(members, networkBaseline([...launch, ...members]));
    assert.equal(b.flagged, false, b.explanation);
  });

  it('gives null when too few members have a creation date', () => {
    const members = [...createdAt([T0 - YEAR, T0 - YEAR]), activity([T0], undefined, () => ({}), 'x')];
    const s = creationBurstSignal(members);
    assert.equal(s.value, null);
    assert.equal(s.flagged, false);
    assert.match(s.explanation, /only 2 of 3 members/);
  });
});

describe('shared-handle-pattern', () => {
  const named = (names: string[]): AccountActivity[] =>
    names.map((n, i) => activity([T0], { screenName: n }, () => ({}), `h${i}`));

  it('flags handles made by one recipe', () => {
    const s = sharedHandleSignal(
      named(['anna48213907', 'Boris10293847', 'clara55512345', 'dmitri_k', 'eva90807060']),
    );
    assert.equal(s.flagged, true);
    assert.equal(s.value, 0.8);
    assert.match(s.explanation, /4 of 5 members' handles share the shape "A99999999"/);
  });

  it('does not flag ordinary letter-only handles', () => {
    const s = sharedHandleSignal(named(['anna', 'boris', 'clara', 'dmitri']));
    assert.equal(s.flagged, false);
    assert.equal(s.value, 1);
    assert.match(s.explanation, /too common/);
  });

  it('gives null without screen names', () => {
    const s = sharedHandleSignal(createdAt([T0, T0, T0]));
    assert.equal(s.value, null);
    assert.equal(s.flagged, false);
  });
});

describe('synchronised-hours', () => {
  it('flags members active in the same hours', () => {
    const members = [0, 1, 2, 3].map((i) => shiftWorker([9, 10, 11], `s${i}`));
    const s = synchronisedHoursSignal(members);
    assert.equal(s.flagged, true);
    assert.equal(s.value, 1);
    assert.match(s.explanation, /100% of their posts fall in the UTC hours 9:00, 10:00, 11:00/);
  });

  it('does not flag members on different schedules', () => {
    const members = [
      shiftWorker([1, 2, 3, 4], 'a'),
      shiftWorker([7, 8, 9, 10], 'b'),
      shiftWorker([13, 14, 15, 16], 'c'),
      shiftWorker([19, 20, 21, 22], 'd'),
    ];
    const s = synchronisedHoursSignal(members);
    assert.equal(s.flagged, false);
    assert.equal(s.value, 0);
  });

  it('raises the bar when the population is itself in one time zone', () => {
    const members = [0, 1, 2].map((i) => activity(burstyTimes(60, i + 1), undefined, () => ({}), `b${i}`));
    const alone = synchronisedHoursSignal(members);
    const pop = [0, 1, 2, 3, 4, 5].map((i) =>
      activity(burstyTimes(60, i + 10), undefined, () => ({}), `p${i}`),
    );
    const base = networkBaseline(pop);
    assert.ok(base.hourCosine !== null && base.hourCosine > 0.3);
    const withPop = synchronisedHoursSignal(members, base);
    assert.equal(withPop.value, alone.value);
    assert.equal(withPop.flagged, false);
    assert.match(withPop.explanation, /the data set's accounts: /);
  });

  it('gives null when too few members post enough', () => {
    const s = synchronisedHoursSignal([shiftWorker([9], 'a'), activity([T0], undefined, () => ({}), 'b')]);
    assert.equal(s.value, null);
    assert.match(s.explanation, /only 1 members/);
  });
});

describe('networkSignals', () => {
  it('returns the three network signals, NaN-free, for members with no data at all', () => {
    const bare: AccountActivity[] = ['a', 'b'].map((account) => ({
      account,
      times: new Float64Array(0),
      posts: 0,
      reposts: 0,
      replies: 0,
      withUrl: 0,
      hours: new Uint32Array(24),
    }));
    const signals = networkSignals(bare, { population: bare });
    assert.deepEqual(
      signals.map((s) => s.name),
      ['creation-burst', 'shared-handle-pattern', 'synchronised-hours'],
    );
    assertNoNaN(signals);
    assert.ok(signals.every((s) => s.value === null && !s.flagged));
  });
});
