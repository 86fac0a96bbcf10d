import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Post } from '../core/post.js';
import { simulate } from './simulate.js';
import { SCENARIO_KINDS } from './scenarios.js';
import { localHour } from './diurnal.js';

const sha = (posts: Iterable<Post>): string => {
  const h = createHash('sha256');
  for (const p of posts) h.update(`${p.id} ${p.account} ${p.time} ${p.text} ${p.repostOf} ${p.urls[0]}\n`);
  return h.digest('hex');
};

describe('simulate: hard-negative scenarios', () => {
  const sim = simulate({ posts: 60_000, seed: 3 });
  const posts = [...sim.posts];
  const plan = sim.plan!;
  const idOf = (i: number): string => sim.truth.accounts[i]!.account;
  const byAccount = new Map<string, Post[]>();
  for (const p of posts) {
    const l = byAccount.get(p.account);
    if (l) l.push(p);
    else byAccount.set(p.account, [p]);
  }

  it('is seeded and deterministic, and leaves the planted campaigns exactly as without scenarios', () => {
    assert.equal(
      sha(simulate({ posts: 20_000, seed: 4 }).posts),
      sha(simulate({ posts: 20_000, seed: 4 }).posts),
    );
    assert.equal(sha(sim.posts), sha(posts));
    const plain = simulate({ posts: 60_000, seed: 3, scenarios: [] });
    assert.deepEqual(plain.truth.campaigns, sim.truth.campaigns);
    assert.equal(plain.truth.scenarios.length, 0);
    assert.notEqual(sha(plain.posts), sha(posts));
  });

  it('without scenarios yields the stream of the simulator before scenarios existed', () => {
    // Golden digest of `simulate({ posts: 5000, seed: 11 })` at commit 21b2b77 (before scenarios).
    assert.equal(
      sha(simulate({ posts: 5000, seed: 11, scenarios: [] }).posts),
      'e5688aecf2b6faac35dceaf26e24d36881ca7899dc38f840b2abc392add4da7e',
    );
  });

  it('labels every scenario kind, and each account with the scenarios it takes part in', () => {
    assert.deepEqual(new Set(sim.truth.scenarios.map((s) => s.kind)), new Set(SCENARIO_KINDS));
    const labels = new Map(sim.truth.accounts.map((a) => [a.account, a]));
    for (const s of sim.truth.scenarios) {
      assert.ok(s.members.length > 0, s.id);
      for (const m of s.members) assert.ok(labels.get(m)!.scenarios.includes(s.id), `${m} in ${s.id}`);
      for (const m of s.members)
        assert.equal(labels.get(m)!.campaign, null, 'scenarios never hold planted accounts');
    }
    const kinds = sim.truth.scenarios.map((s) => s.kind);
    assert.equal(kinds.filter((k) => k === 'election-night').length, 1);
    assert.equal(kinds.filter((k) => k === 'debate-night').length, 2);
    // Election night's crowd is 30 % of the organic accounts (heavy posters more often).
    const election = sim.truth.scenarios.find((s) => s.kind === 'election-night')!;
    const organic = sim.truth.accounts.filter((a) => a.campaign === null && a.kind === null).length;
    assert.ok(
      Math.abs(election.members.length / organic - 0.3) < 0.02,
      `${election.members.length}/${organic}`,
    );
  });

  it('every burst participant posts in its burst: the hashtag, the link, or a repost/reply of a key post', () => {
    for (const b of plan.bursts) {
      const keyIds = new Set<string>();
      b.keyAuthors.forEach((k, m) => {
        const key = byAccount.get(idOf(k))!.find((p) => p.time === b.start + b.moments[m]!);
        assert.ok(key, `${b.scenario.id}: key post ${m}`);
        keyIds.add(key.id!);
      });
      let posted = 0;
      for (const i of b.participants) {
        const mine = byAccount.get(idOf(i)) ?? [];
        const inBurst = mine.filter(
          (p) =>
            p.time >= b.start &&
            ((b.hashtag !== '' && p.hashtags.includes(b.hashtag)) ||
              (b.link !== undefined && p.urls.includes(b.link.url)) ||
              keyIds.has(p.repostOf ?? p.replyTo ?? '')),
        );
        if (inBurst.length > 0) posted++;
      }
      assert.ok(
        posted === b.participants.length,
        `${b.scenario.id} ${b.kind}: ${posted}/${b.participants.length}`,
      );
    }
  });

  it('burst reactions are heavy-tailed: minutes at the median, hours at the 95th percentile', () => {
    const news = plan.bursts.filter((b) => b.kind === 'breaking-news' || b.kind === 'viral-post');
    const delays: number[] = [];
    for (const b of news) {
      const key = byAccount.get(idOf(b.keyAuthors[0]!))!.find((p) => p.time === b.start)!;
      for (const p of posts) if (p.repostOf === key.id) delays.push(p.time - b.start);
    }
    delays.sort((x, y) => x - y);
    const q = (f: number): number => delays[Math.floor(f * (delays.length - 1))]!;
    // The SEISMIC kernel truncated at 24 h: median ≈ 16.6 min, 95th ≈ 11.6 h (delays.test.ts); the
    // diurnal thinning moves night reactions later, so the bounds are wide.
    assert.ok(delays.length > 500, `${delays.length} reposts`);
    assert.ok(q(0.5) > 8 * 60 && q(0.5) < 60 * 60, `median ${q(0.5)}`);
    assert.ok(q(0.95) > 4 * 3600 && q(0.95) <= 24 * 3600, `95th ${q(0.95)}`);
  });

  it('community members repost their leaders at their own, heterogeneous rates', () => {
    const counts: number[] = [];
    for (const c of plan.communities) {
      const leaderIds = new Set(c.leaders.map(idOf));
      const reposts = c.members.map(
        (i) => (byAccount.get(idOf(i)) ?? []).filter((p) => leaderIds.has(p.repostOfAccount ?? '')).length,
      );
      const active = reposts.filter((n) => n > 0).length;
      assert.ok(active / c.members.length > 0.6, `${c.scenario.id}: ${active}/${c.members.length} repost`);
      counts.push(...reposts);
    }
    counts.sort((a, b) => a - b);
    // Log-normal propensities (σ 0.8–0.9): the 90th-percentile member reposts several times the 10th's.
    const p10 = Math.max(1, counts[Math.floor(0.1 * counts.length)]!);
    assert.ok(counts[Math.floor(0.9 * counts.length)]! >= 4 * p10, counts.join(','));
  });

  it('feed bots of one outlet post the same links minutes apart; aggregators post other outlets’ links', () => {
    for (const s of plan.syndicates) {
      const byUrl = new Map<string, number[]>();
      for (const f of s.feeds) {
        for (const p of byAccount.get(idOf(f.account)) ?? []) {
          assert.equal(p.domains[0], s.domain);
          byUrl.set(p.urls[0]!, [...(byUrl.get(p.urls[0]!) ?? []), p.time]);
        }
      }
      const shared = [...byUrl.values()].filter((ts) => ts.length >= 2);
      assert.ok(shared.length > 100, `${s.scenario.id}: ${shared.length} links posted by ≥ 2 feeds`);
      for (const ts of shared) assert.ok(Math.max(...ts) - Math.min(...ts) <= 1800 + 20, 'within one poll');
    }
    for (const g of plan.aggregators) {
      const mine = byAccount.get(idOf(g.account)) ?? [];
      assert.ok(mine.length > 20, `${g.scenario.id}: ${mine.length} posts`);
      for (const p of mine) assert.ok(g.outlets.includes(p.domains[0]!));
    }
  });

  it('households and newsrooms post on their shared topics', () => {
    for (const g of plan.groups) {
      const mine = g.members.flatMap((i) => byAccount.get(idOf(i)) ?? []);
      const onTopic =
        g.kind === 'household'
          ? mine.filter((p) => p.hashtags.some((t) => g.tags.includes(t)))
          : mine.filter((p) => p.domains.includes(g.outlet!) || p.urls.some((u) => u.includes(g.outlet!)));
      assert.ok(onTopic.length >= g.members.length, `${g.scenario.id} ${g.kind}: ${onTopic.length} on topic`);
    }
  });

  it('follows the diurnal cycle: community leaders post least in their local night', () => {
    const local = new Array<number>(24).fill(0);
    for (const c of plan.communities) {
      for (const p of byAccount.get(idOf(c.leaders[0]!)) ?? []) {
        if (p.hashtags.includes(c.hashtag)) local[localHour(p.time, c.tz)]!++;
      }
    }
    const night = local[2]! + local[3]! + local[4]!;
    const evening = local[18]! + local[19]! + local[20]!;
    assert.ok(evening > 4 * night, `evening ${evening} vs night ${night}`);
  });
});
