/**
 * Plans the hard-negative scenarios (scenarios.ts) of one simulation: who takes part in which organic
 * burst, community, feed syndicate, aggregator, household or newsroom, and when the bursts happen.
 * Runs after the population and its campaigns are built, with its own seeded generator, so the
 * planted campaigns (members, kinds, parameters) are exactly those of a simulation without scenarios.
 *
 * Sizes scale with the eligible organic accounts E (≈ posts / 18):
 * - bursts: ten events whose crowds are fixed shares of E — election night 30 %, two debate nights
 *   18 % and 12 %, three breaking-news events 10/6/4 %, four viral posts 6/4/3/2 % — capped at 50,000
 *   accounts. At 1M posts (E ≈ 55k) that is 16.7k, 10k, 6.7k, 5.5k …; at 3M (E ≈ 166k) 50k, 30k, 20k,
 *   16.7k, 10k …; at 100k (E ≈ 5.5k) 1.7k … (a crowd of 5,000 would be almost every account).
 *   Participants are drawn by activity^0.6 without replacement (Efraimidis & Spirakis 2006), so heavy
 *   posters join more events, as they do (Barabási 2005, Nature 435: heavy-tailed human activity).
 * - communities: 6 % of E in activist and fan communities of Pareto sizes (α 1.3) from 0.3 % to 2 % of E.
 * - households: 1 % of E in groups of 2–4 (eight households to a town, sharing its tags), 0.6 shared
 *   moments a day; newsrooms: one per 20,000 accounts (≥ 1), 5–12 journalists sharing 2–10 % of the
 *   outlet's articles each.
 * - feeds: one syndicate of 2–5 feed bots per four news bots (≥ 1); one aggregator per three (≥ 2).
 * Cost: O(E log E) per burst (the weighted sample sorts keys); memory O(E) per burst's participant list.
 */
import { Rng } from './rng.js';
import type { Population, SimAccount } from './population.js';
import { headline, outletDomain, slug, words } from './content.js';
import { SEISMIC, type PowerLawDelay } from './delays.js';
import type {
  Aggregator,
  Burst,
  BurstKind,
  Community,
  Scenario,
  ScenarioKind,
  ScenarioPlan,
  SmallGroup,
  Syndicate,
} from './scenarios.js';

const DAY = 86400;
const HOUR = 3600;
const MAX_CROWD = 50_000;

interface BurstSpec {
  kind: BurstKind;
  share: number;
}
/** In calendar order; the election closes the period. */
const BURSTS: BurstSpec[] = [
  { kind: 'viral-post', share: 0.06 },
  { kind: 'breaking-news', share: 0.1 },
  { kind: 'debate-night', share: 0.12 },
  { kind: 'viral-post', share: 0.03 },
  { kind: 'breaking-news', share: 0.04 },
  { kind: 'viral-post', share: 0.04 },
  { kind: 'debate-night', share: 0.18 },
  { kind: 'breaking-news', share: 0.06 },
  { kind: 'viral-post', share: 0.02 },
  { kind: 'election-night', share: 0.3 },
];

/** Per burst kind: posts per participant (Pareto α, cap), the reaction kernel, the local start hour. */
const BURST_SHAPE: Record<
  BurstKind,
  { alpha: number; cap: number; delay: PowerLawDelay; hour: number | null }
> = {
  'viral-post': { alpha: Infinity, cap: 1, delay: SEISMIC, hour: null },
  'breaking-news': { alpha: 2.5, cap: 10, delay: SEISMIC, hour: null },
  'debate-night': { alpha: 1.6, cap: 30, delay: { s0: 90, theta: 0.5, horizon: 4 * HOUR }, hour: 21 },
  'election-night': { alpha: 1.5, cap: 40, delay: { s0: 120, theta: 0.4, horizon: 8 * HOUR }, hour: 20 },
};

export interface PlanOptions {
  start: number;
  days: number;
  /** The scenario kinds to plan (default all). */
  kinds?: ReadonlySet<ScenarioKind>;
}

export function planScenarios(seed: number, pop: Population, opts: PlanOptions): ScenarioPlan {
  const rng = new Rng((seed ^ 0x5ce7a810) >>> 0);
  const { accounts } = pop;
  const eligible = accounts.filter((a) => a.role === 'organic').map((a) => a.index);
  const scenarios: Scenario[] = [];
  const newScenario = (kind: ScenarioKind, members: number[]): Scenario => {
    const s = { id: `S${scenarios.length + 1}`, kind, members };
    scenarios.push(s);
    return s;
  };
  // Influencers (key-post authors, community leaders): the most-followed organic accounts.
  const byFollowers = [...eligible].sort(
    (a, b) => (accounts[b]!.profile.followers ?? 0) - (accounts[a]!.profile.followers ?? 0) || a - b,
  );
  const influencers = byFollowers.slice(0, Math.max(20, Math.ceil(eligible.length / 100)));
  // Dedicated members (communities, households, newsrooms, feeds) come from one shuffled pool, once each.
  const leaderSet = new Set(influencers);
  const pool = rng.shuffle(eligible.filter((i) => !leaderSet.has(i)));
  let poolAt = 0;
  const take = (n: number): number[] => {
    const out = pool.slice(poolAt, poolAt + n);
    poolAt += out.length;
    return out;
  };
  const days = opts.days;
  const want = (k: ScenarioKind): boolean => opts.kinds?.has(k) ?? true;
  let expected = 0;

  // --- feeds first: they leave the organic population ---------------------------------------------
  const syndicates: Syndicate[] = [];
  const aggregators: Aggregator[] = [];
  const domains = new Set(pop.newsBots.map((b) => b.domain));
  const syndicateCount = want('feed-syndicate') ? Math.max(1, Math.round(pop.newsBots.length / 4)) : 0;
  for (let s = 0; s < syndicateCount && poolAt + 5 < pool.length; s++) {
    let domain = outletDomain(rng);
    while (domains.has(domain)) domain = `${rng.int(100)}${outletDomain(rng)}`;
    domains.add(domain);
    const feeds = take(rng.range(2, 5));
    const interval = rng.range(15, 40) * 60;
    const sc = newScenario('feed-syndicate', feeds);
    feeds.forEach((i, k) => {
      makeFeed(rng, accounts[i]!, domain, k);
    });
    syndicates.push({
      scenario: sc,
      domain,
      interval,
      feeds: feeds.map((account) => {
        const poll = rng.pick([300, 600, 900, 1800]);
        return { account, poll, phase: rng.next() * poll };
      }),
    });
    expected += (feeds.length * days * DAY * 0.95) / interval;
  }
  const outletRate = new Map<string, number>(); // articles per second by domain
  for (const b of pop.newsBots) outletRate.set(b.domain, 1 / b.interval);
  for (const s of syndicates) outletRate.set(s.domain, 1 / s.interval);
  const outletList = [...outletRate.keys()];
  const aggregatorCount = want('news-aggregator') ? Math.max(2, Math.round(pop.newsBots.length / 3)) : 0;
  for (let g = 0; g < aggregatorCount && poolAt + 1 < pool.length; g++) {
    const [account] = take(1) as [number];
    const outlets = rng.shuffle([...outletList]).slice(0, rng.range(2, 6));
    const share = 0.1 + 0.3 * rng.next();
    makeFeed(rng, accounts[account]!, null, g);
    const poll = rng.pick([600, 900, 1800, 3600]);
    aggregators.push({
      scenario: newScenario('news-aggregator', [account]),
      account,
      outlets,
      poll,
      phase: rng.next() * poll,
      share,
    });
    for (const o of outlets) expected += outletRate.get(o)! * days * DAY * share;
  }

  // --- communities, households, newsrooms ---------------------------------------------------------
  const E = eligible.length;
  const communities: Community[] = [];
  const communityTotal = Math.round(0.06 * E);
  const xm = Math.max(15, 0.003 * E);
  const cap = Math.max(30, Math.round(0.02 * E));
  let leaderAt = 0;
  const communityKinds = (['activist-community', 'fan-community'] as const).filter(want);
  for (
    let allocated = 0;
    allocated < communityTotal && communityKinds.length > 0 && poolAt + 10 < pool.length;
  ) {
    const kind = communityKinds[communities.length % communityKinds.length]!;
    const members = take(Math.min(cap, Math.floor(rng.pareto(xm, 1.3))));
    allocated += members.length;
    const leaders: number[] = [];
    for (let k = kind === 'activist-community' ? rng.range(1, 3) : rng.range(1, 2); k > 0; k--) {
      leaders.push(influencers[leaderAt++ % influencers.length]!);
    }
    const activist = kind === 'activist-community';
    const propensity = Float64Array.from(members, () =>
      Math.min(0.8, rng.logNormal(activist ? 0.12 : 0.2, activist ? 0.9 : 0.8)),
    );
    const medianDelay = Float64Array.from(members, () =>
      Math.min(6 * HOUR, Math.max(20, rng.logNormal(activist ? 25 * 60 : 8 * 60, activist ? 1.2 : 1.4))),
    );
    const leaderRate = activist ? rng.range(6, 15) : rng.range(2, 8);
    const tz = accounts[leaders[0]!]!.tz;
    communities.push({
      scenario: newScenario(kind, [...leaders, ...members]),
      kind,
      leaders,
      members,
      propensity,
      medianDelay,
      leaderRate,
      hashtag: `${activist ? 'team' : 'stan'}${words(rng, 1)}${rng.int(100)}`,
      tz,
    });
    const leaderPosts = leaders.length * leaderRate * days;
    expected += leaderPosts * (1 + 1.1 * propensity.reduce((s, p) => s + p, 0));
  }
  const groups: SmallGroup[] = [];
  const householdCount = want('household') ? Math.round((0.01 * E) / 3) : 0;
  // Households share their town's and their team's tags with other households (eight to a town).
  let town: string[] = [];
  for (let g = 0; g < householdCount && poolAt + 4 < pool.length; g++) {
    if (g % 8 === 0) town = [`${words(rng, 1)}town${rng.int(1000)}`, `${words(rng, 1)}fc${rng.int(100)}`];
    const members = take(rng.range(2, 4));
    const tz = accounts[members[0]!]!.tz;
    for (const i of members) accounts[i]!.tz = tz;
    const propensity = members.map(() => 0.25 + 0.35 * rng.next());
    groups.push({
      scenario: newScenario('household', members),
      kind: 'household',
      members,
      tags: town,
      tz,
      propensity,
    });
    expected += days * HOUSEHOLD_MOMENTS_PER_DAY * propensity.reduce((s, p) => s + p, 0) * 1.3;
  }
  const newsroomCount =
    pop.newsBots.length === 0 || !want('newsroom') ? 0 : Math.max(1, Math.round(E / 20_000));
  for (let g = 0; g < newsroomCount && poolAt + 12 < pool.length; g++) {
    const bot = pop.newsBots[g % pop.newsBots.length]!;
    const members = take(rng.range(5, 12));
    const tz = accounts[members[0]!]!.tz;
    // Journalists share a few of their outlet's articles a day (their own stories, the big ones).
    const propensity = members.map(() => 0.02 + 0.08 * rng.next());
    groups.push({
      scenario: newScenario('newsroom', members),
      kind: 'newsroom',
      members,
      tags: [],
      tz,
      outlet: bot.domain,
      propensity,
    });
    expected += (days * DAY * propensity.reduce((s, p) => s + p, 0)) / bot.interval;
  }

  // --- bursts -------------------------------------------------------------------------------------
  const crowd = eligible.filter((i) => accounts[i]!.role === 'organic' && accounts[i]!.activity > 0);
  const weights = crowd.map((i) => Math.pow(accounts[i]!.activity, 0.6));
  const bursts: Burst[] = [];
  const first = Math.min(0.5, days * 0.05);
  const last = days >= 5 ? days - 2.5 : days * 0.6;
  BURSTS.forEach((spec, k) => {
    if (!want(spec.kind)) return;
    const shape = BURST_SHAPE[spec.kind];
    const size = Math.min(MAX_CROWD, crowd.length, Math.max(3, Math.round(spec.share * crowd.length)));
    const participants = weightedSample(rng, crowd, weights, size);
    const postsEach = Uint16Array.from(participants, () =>
      Math.min(shape.cap, Math.floor(rng.pareto(1, shape.alpha))),
    );
    const tz = rng.pick([-5, 0, 1]);
    const day = Math.floor(first + ((last - first) * (k + 0.5)) / BURSTS.length);
    const localStart = shape.hour === null ? rng.range(7, 22) : shape.hour;
    const start = opts.start + day * DAY + (localStart - tz) * HOUR + rng.int(HOUR / 2);
    const moments = momentsOf(rng, spec.kind);
    const keyAuthors = moments.map(() => influencers[rng.int(Math.min(influencers.length, 12))]!);
    const outlet = pop.newsBots.length > 0 ? rng.pick(pop.newsBots) : undefined;
    let link: Burst['link'];
    if (outlet && (spec.kind === 'breaking-news' || spec.kind === 'election-night')) {
      const title = headline(rng);
      keyAuthors[0] = outlet.account;
      link = {
        url: `https://${outlet.domain}/live/${slug(title)}`,
        domain: outlet.domain,
        title,
        via: outlet.account,
      };
    }
    const hashtag =
      spec.kind === 'viral-post'
        ? ''
        : `${spec.kind.split('-')[0]!}${spec.kind === 'breaking-news' ? words(rng, 1) : 'night'}${k + 1}`;
    const members = new Set<number>([...keyAuthors, ...participants]);
    bursts.push({
      scenario: newScenario(spec.kind, [...members]),
      kind: spec.kind,
      start,
      moments,
      keyAuthors,
      hashtag,
      link,
      participants: Int32Array.from(participants),
      postsEach,
      delay: shape.delay,
    });
    expected += moments.length + postsEach.reduce((s, n) => s + n, 0);
  });
  return { scenarios, bursts, communities, syndicates, aggregators, groups, expectedPosts: expected };
}

/** Moments a day when a household may post together (a match on TV, local news). */
export const HOUSEHOLD_MOMENTS_PER_DAY = 0.6;

/** The event's moments (seconds after its start), each with a key post the crowd reacts to. */
function momentsOf(rng: Rng, kind: BurstKind): number[] {
  switch (kind) {
    case 'viral-post':
      return [0];
    case 'breaking-news':
      return [0, rng.range(10, 40) * 60, rng.range(2, 5) * HOUR];
    case 'debate-night': {
      const out = [0];
      while (out.at(-1)! < 80 * 60) out.push(out.at(-1)! + rng.range(6, 15) * 60);
      return out;
    }
    case 'election-night': {
      const out = [0];
      while (out.at(-1)! < 6 * HOUR) out.push(out.at(-1)! + rng.range(15, 45) * 60);
      return out;
    }
  }
}

/**
 * k items drawn without replacement with probability proportional to weight: Efraimidis & Spirakis
 * (2006, Information Processing Letters 97, "Weighted random sampling with a reservoir"), keys
 * -ln(u)/w, the k smallest win. O(n log n).
 */
export function weightedSample(rng: Rng, items: number[], weights: number[], k: number): number[] {
  const keys = Float64Array.from(weights, (w) => -Math.log(1 - rng.next()) / Math.max(w, 1e-12));
  const order = Array.from(items.keys()).sort((a, b) => keys[a]! - keys[b]! || a - b);
  return order.slice(0, k).map((i) => items[i]!);
}

/** Turns an organic account into an automated feed (a syndicate's outlet feed or an aggregator). */
function makeFeed(rng: Rng, a: SimAccount, domain: string | null, k: number): void {
  a.role = 'newsbot';
  a.activity = 0;
  const base = domain ? domain.split('.')[0]!.replace(/-/g, '_').slice(0, 11) : `topnews${rng.int(1000)}`;
  a.screenName = domain ? `${base}${['', '_live', '_alerts', '_local', '_feed'][k % 5]!}` : `${base}_agg${k}`;
  a.profile = {
    ...a.profile,
    screenName: a.screenName,
    displayName: domain ? `${base} feed` : `Top news ${k}`,
    description: domain ? `Automated headlines from ${domain}` : 'Automated: top stories from around the web',
    followers: Math.floor(rng.pareto(500, 1.2)),
  };
}
