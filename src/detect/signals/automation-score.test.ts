import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountProfile } from '../../core/post.js';
import type { AccountSignal, AutomationScore } from '../../core/result.js';
import type { AccountActivity } from './activity.js';
import { automationContext, automationScore, type AutomationContext } from './automation-score.js';
import {
  AUTOMATION_PRIOR,
  AUTOMATION_TERMS,
  TERM_NAMES,
  continuousLogOdds,
  logit,
  type ContinuousTerm,
} from './automation-model.js';
import { DAY, T0, activity, burstyTimes } from './test-factories.js';

const ALL: AutomationContext = { reposts: true, replies: true, links: true, descriptions: true };
const NONE: AutomationContext = { reposts: false, replies: false, links: false, descriptions: false };

const term = (s: AutomationScore, name: string) => {
  const c = s.contributions.find((x) => x.signal === name);
  assert.ok(c, name);
  return c;
};

/** Evenly spaced posts every `gap` seconds. */
const clockwork = (n: number, gap: number): number[] => Array.from({ length: n }, (_, i) => T0 + i * gap);

const person: AccountProfile = {
  screenName: 'maria_lopez',
  createdAt: T0 - 6 * 365 * DAY,
  followers: 480,
  following: 310,
  statuses: 9000,
  description: 'Teacher, runner, reader.',
  defaultProfileImage: false,
  defaultProfile: false,
  verified: false,
};

const bot: AccountProfile = {
  screenName: 'maria38291046',
  createdAt: T0 - 3 * DAY,
  followers: 2,
  following: 1900,
  statuses: 2400,
  defaultProfileImage: true,
  defaultProfile: true,
  verified: false,
};

describe('automation score', () => {
  it('stays in [0, 1] and its contributions plus the prior sum to its logit', () => {
    const cases: [AccountActivity, AutomationContext][] = [
      [activity(burstyTimes(200, 3), person, (i) => ({ replyTo: i % 3 ? undefined : 'x' })), ALL],
      [activity(clockwork(400, 600), bot, () => ({ isRepost: true, urls: ['u'] })), ALL],
      [activity([T0]), NONE],
      [activity(clockwork(30, 60), { followers: 0, following: 0 }), ALL],
    ];
    for (const [a, c] of cases) {
      const s = automationScore(a, c);
      assert.ok(s.score >= 0 && s.score <= 1, String(s.score));
      const sum = logit(s.prior) + s.contributions.reduce((t, x) => t + x.logOdds, 0);
      assert.ok(Math.abs(sum - s.logit) < 1e-9, `${sum} vs ${s.logit}`);
      assert.ok(Math.abs(1 / (1 + Math.exp(-s.logit)) - s.score) < 1e-12);
      assert.deepEqual(
        s.contributions.map((x) => x.signal),
        TERM_NAMES,
      );
    }
  });

  it('separates a clockwork fresh default-avatar account from a bursty established person', () => {
    const human = automationScore(
      activity(burstyTimes(200, 5), person, (i) => ({
        replyTo: i % 4 ? undefined : 'p',
        isRepost: i % 3 === 0,
      })),
      ALL,
    );
    const machine = automationScore(
      activity(clockwork(400, 900), bot, () => ({ isRepost: true, urls: ['u'] })),
      ALL,
    );
    assert.ok(human.score < AUTOMATION_PRIOR, `person ${human.score}`);
    assert.ok(machine.score > 0.95, `bot ${machine.score}`);
    assert.ok(term(machine, 'cadence-regularity').logOdds > 1);
    assert.ok(term(machine, 'default-avatar').logOdds > 0);
    assert.ok(term(human, 'account-age-at-first-post').logOdds < 0);
  });

  it('an account with nothing measurable scores the prior, every term unavailable and adding 0', () => {
    const s = automationScore(activity([T0]), NONE);
    assert.ok(Math.abs(s.score - AUTOMATION_PRIOR) < 1e-12, String(s.score));
    assert.deepEqual(s.unavailable, TERM_NAMES);
    for (const c of s.contributions) {
      assert.equal(c.logOdds, 0);
      assert.equal(c.available, false);
      assert.equal(c.value, null);
      assert.match(c.explanation, /^Not available \(adds 0\): .+\.$/);
    }
  });

  it('absent data never moves the score: dropping a field changes only that term, to 0', () => {
    const full = automationScore(activity(clockwork(60, 3600), bot), ALL);
    const noFollowers = automationScore(
      activity(clockwork(60, 3600), { ...bot, followers: undefined, following: undefined }),
      ALL,
    );
    for (const c of noFollowers.contributions) {
      if (c.signal === 'followers' || c.signal === 'follower-ratio') {
        assert.equal(c.logOdds, 0);
        assert.ok(noFollowers.unavailable.includes(c.signal));
        assert.ok(term(full, c.signal).logOdds > 0, 'the bot profile counts against it when present');
      } else assert.deepEqual(c, term(full, c.signal));
    }
    assert.ok(noFollowers.score < full.score);
  });

  it('a count the input never records (no reply, repost, link or description anywhere) is unavailable', () => {
    const a = activity(clockwork(40, 5000), { screenName: 'x' });
    const data = automationContext([a]);
    assert.deepEqual(data, NONE);
    const s = automationScore(a, data);
    for (const name of ['repost-ratio', 'reply-ratio', 'link-ratio', 'empty-description'])
      assert.equal(term(s, name).available, false, name);
    // The same zero replies count once the data set shows replies exist.
    const withReplies = automationScore(a, { ...NONE, replies: true });
    assert.ok(term(withReplies, 'reply-ratio').logOdds > 0);
  });

  it('each continuous term is monotone in its stated direction and bounded by its clip', () => {
    for (const name of TERM_NAMES) {
      const t = AUTOMATION_TERMS[name];
      if (t.kind !== 'continuous') continue;
      const term: ContinuousTerm = t;
      let prev = -Infinity;
      const xs = Array.from({ length: 400 }, (_, i) => 1e-4 * 1.06 ** i); // 1e-4 … ~1.3e6
      const values = (term.direction === 1 ? xs : [...xs].reverse()).map((x) => continuousLogOdds(term, x));
      for (const v of values) {
        assert.ok(v >= prev - 1e-12, `${name} not monotone`);
        assert.ok(v >= term.weight * term.zMin - 1e-12 && v <= term.weight * term.zMax + 1e-12, name);
        prev = v;
      }
      assert.ok(values[values.length - 1]! > values[0]!, `${name} never moves`);
    }
  });

  it('end to end: more followers, an older account and irregular timing each lower the score', () => {
    const base = (p: Partial<AccountProfile>, times = clockwork(60, 3600)) =>
      automationScore(activity(times, { ...bot, ...p }), ALL).score;
    assert.ok(base({ followers: 5000 }) < base({ followers: 5 }));
    assert.ok(base({ createdAt: T0 - 2000 * DAY }) < base({ createdAt: T0 - 2 * DAY }));
    assert.ok(base({}, burstyTimes(60, 9)) < base({}));
    assert.ok(base({ verified: true }) < base({ verified: false }));
    assert.ok(base({ screenName: 'maria' }) < base({ screenName: 'maria38291046' }));
  });

  it('network terms count only for members, from their network’s computed signals', () => {
    const a = activity(clockwork(20, 7200), person);
    const signal = (
      name: string,
      flagged: boolean,
      value: AccountSignal['value'] = 0.001,
    ): AccountSignal => ({
      name,
      value,
      flagged,
      explanation: `${name} explained.`,
    });
    const alone = automationScore(a, ALL);
    assert.equal(term(alone, 'creation-burst').available, false);
    assert.match(term(alone, 'creation-burst').explanation, /in no reported network/);
    const member = automationScore(a, ALL, [
      signal('creation-burst', true),
      signal('shared-handle-pattern', false),
      signal('synchronised-hours', false, null),
    ]);
    assert.equal(term(member, 'creation-burst').logOdds, AUTOMATION_TERMS['creation-burst'].yes);
    assert.match(term(member, 'creation-burst').explanation, /: creation-burst explained\.$/);
    assert.equal(term(member, 'shared-handle-pattern').logOdds, 0);
    assert.equal(term(member, 'shared-handle-pattern').available, true);
    assert.equal(term(member, 'synchronised-hours').available, false);
    assert.ok(member.score > alone.score);
  });

  it('explanations carry the number, the log-odds and the direction', () => {
    const s = automationScore(
      activity(clockwork(400, 900), bot, () => ({ isRepost: true })),
      ALL,
    );
    const c = term(s, 'cadence-regularity');
    assert.match(
      c.explanation,
      /^\+\d\.\d\d log-odds \(odds ×\d+\.\d\d\) toward automation: .*coefficient of variation of 0/,
    );
    const v = term(s, 'verified');
    assert.equal(v.explanation, '0 log-odds (neutral): it is not verified.');
    const h = automationScore(activity(burstyTimes(200, 2), person), ALL);
    assert.match(
      term(h, 'followers').explanation,
      /^−\d\.\d\d log-odds \(odds ×0\.\d\d\) toward a person: 480 followers/,
    );
    for (const x of [...s.contributions, ...h.contributions]) assert.ok(x.explanation.length > 20, x.signal);
  });

  it('is deterministic, and a timer with long pauses still counts as clockwork', () => {
    const a = activity(clockwork(300, 900), bot);
    assert.deepEqual(automationScore(a, ALL), automationScore(a, ALL));
    // Every 15 min, with a 3-day pause every 50 posts: the CV is high, the rhythm is a timer's.
    const times: number[] = [];
    for (let i = 0; i < 300; i++) times.push(T0 + i * 900 + Math.floor(i / 50) * 3 * DAY);
    const paused = term(automationScore(activity(times, bot), ALL), 'cadence-regularity');
    assert.equal(paused.value, 0.25);
    assert.match(paused.explanation, /a timer's rhythm/);
  });

  it('dates that disagree (first post before creation) and negative counts are unavailable, not evidence', () => {
    const s = automationScore(
      activity(clockwork(10, 3600), { createdAt: T0 + 10 * DAY, followers: -3, following: 5 }),
      ALL,
    );
    assert.equal(term(s, 'account-age-at-first-post').available, false);
    assert.match(term(s, 'account-age-at-first-post').explanation, /dates disagree/);
    assert.equal(term(s, 'followers').available, false);
    assert.equal(term(s, 'follower-ratio').available, false);
  });
});
