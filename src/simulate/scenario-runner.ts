/**
 * Drives a simulation's hard-negative scenarios hour by hour inside the stream (simulate.ts): starts
 * each burst in its hour, runs communities and households, publishes the feed syndicates' articles
 * and hands every fresh article to the aggregators and newsrooms that follow its outlet.
 * Cost: per hour, O(scenarios) plus the posts generated.
 */
import type { ScenarioPlan, Aggregator, Burst, SmallGroup } from './scenarios.js';
import { burstPosts, type ScenarioContext } from './burst-events.js';
import { communityHour } from './community-events.js';
import { aggregatorPost, syndicateHour, type FeedArticle } from './feed-events.js';
import { householdHour, newsroomArticle } from './household-events.js';

const HOUR = 3600;

export class ScenarioRunner {
  private readonly syndicateNext: { t: number }[];
  private readonly aggregatorsOf = new Map<string, Aggregator[]>();
  private readonly newsroomsOf = new Map<string, SmallGroup[]>();
  private nextBurst = 0;
  private readonly bursts: Burst[];

  constructor(
    private readonly ctx: ScenarioContext,
    private readonly plan: ScenarioPlan,
  ) {
    this.bursts = [...plan.bursts].sort((a, b) => a.start - b.start);
    this.syndicateNext = plan.syndicates.map(() => ({ t: -Infinity }));
    for (const g of plan.aggregators) {
      for (const o of g.outlets) this.aggregatorsOf.set(o, [...(this.aggregatorsOf.get(o) ?? []), g]);
    }
    for (const g of plan.groups) {
      if (g.outlet) this.newsroomsOf.set(g.outlet, [...(this.newsroomsOf.get(g.outlet) ?? []), g]);
    }
  }

  /** The syndicates' articles published in [t0, t0 + 1 h); their bots' posts are scheduled. */
  publish(t0: number): FeedArticle[] {
    const out: FeedArticle[] = [];
    this.plan.syndicates.forEach((s, k) => {
      const next = this.syndicateNext[k]!;
      if (next.t === -Infinity) next.t = t0 + this.ctx.rng.next() * s.interval;
      out.push(...syndicateHour(this.ctx, s, next, t0));
    });
    return out;
  }

  /** Fresh articles (news bots' and syndicates'): aggregators and newsrooms react. */
  articles(fresh: readonly FeedArticle[]): void {
    for (const art of fresh) {
      for (const g of this.aggregatorsOf.get(art.domain) ?? []) aggregatorPost(this.ctx, g, art);
      for (const g of this.newsroomsOf.get(art.domain) ?? []) newsroomArticle(this.ctx, g, art);
    }
  }

  /** Bursts that start in [t0, t0 + 1 h), then one hour of communities and households. */
  hour(t0: number): void {
    while (this.nextBurst < this.bursts.length && this.bursts[this.nextBurst]!.start < t0 + HOUR) {
      burstPosts(this.ctx, this.bursts[this.nextBurst++]!);
    }
    for (const c of this.plan.communities) communityHour(this.ctx, c, t0);
    for (const g of this.plan.groups) if (g.kind === 'household') householdHour(this.ctx, g, t0);
  }
}
