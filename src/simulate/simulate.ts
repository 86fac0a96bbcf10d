/**
 * `simulate`: a seeded, streaming generator of social-media posts with planted coordinated campaigns
 * and their ground truth, for tuning and benchmarking detection.
 *
 * The organic background is built to produce the false positives real data produces: heavy-tailed
 * activity (log-normal rates, so a few users post hundreds of times), diurnal cycles per time zone,
 * viral cascades (Pareto sizes, log-normal delays — heavy users co-retweet many of them), share-button
 * headline text (identical text + link from many unrelated users), common phrases ("Good morning"),
 * daily trending hashtags, and benign news-feed bots (fast, regular, each with its own outlet, not
 * coordinated with one another). Planted campaigns (≈1.5% of accounts) come in five kinds:
 * retweet rings, copy-paste, link farms, hashtag pushes and slow low-jitter personas, with members
 * joining only some events and carrying persona traits (creation bursts, name+digits handles) at
 * realistic, not perfect, rates.
 *
 * Hard negatives (scenarios.ts, planned in scenario-plan.ts, run by scenario-runner.ts) add the organic
 * behaviour that fools detectors on real data, labelled in the truth: crowds of thousands on one
 * hashtag, link or post (election and debate nights, breaking news, viral posts) with heavy-tailed
 * reaction delays; activist and fan communities reposting the same leaders; feed syndicates and
 * aggregators; households and newsrooms. Their expected posts come out of the organic budget, so
 * the post count stays exact; `scenarios: []` gives the stream of the simulator before them.
 *
 * Cost: time is walked hour by hour; posts of an hour (and delayed reactions scheduled from it) sit in
 * a min-heap until their time comes, so memory is O(accounts + posts pending in the heap) — a few
 * tens of thousands — and time is O(posts · log pending). The Iterable can be iterated again and
 * yields the identical stream.
 */
import type { Post } from '../core/post.js';
import { AliasTable, Rng } from './rng.js';
import { COMMON_PHRASES, hashtagPool, headline, sentence, slug } from './content.js';
import { buildPopulation, type CampaignKind, type Population, type SimAccount } from './population.js';
import { PostHeap } from './post-heap.js';
import { PostFactory } from './post-factory.js';
import { campaignEvent, type CampaignContext } from './campaign-events.js';
import { DIURNAL } from './diurnal.js';
import { planScenarios } from './scenario-plan.js';
import { ScenarioRunner } from './scenario-runner.js';
import type { FeedArticle } from './feed-events.js';
import type { ScenarioKind, ScenarioPlan } from './scenarios.js';

export interface SimulateOptions {
  /** Exact number of posts to generate. */
  posts: number;
  seed: number;
  /** First hour, Unix seconds (default 2024-03-04T00:00:00Z). */
  start?: number;
  /** Length of the simulated period in days (default 14; runs on a little if the posts fall short). */
  days?: number;
  /** Share of accounts in planted campaigns (default 0.015). */
  campaignShare?: number;
  /**
   * Hard-negative scenarios to add (scenarios.ts): all kinds by default, none with `[]` (then the
   * stream is exactly that of the simulator before scenarios existed).
   */
  scenarios?: readonly ScenarioKind[];
}

export interface TruthAccount {
  account: string;
  screenName: string;
  /** Campaign id, or null for organic accounts and news bots. */
  campaign: string | null;
  /** Campaign kind; 'news-bot' for the benign feed bots; null for organic users. */
  kind: CampaignKind | 'news-bot' | null;
  /** Ids of the hard-negative scenarios the account takes part in (see `GroundTruth.scenarios`). */
  scenarios: string[];
}

export interface GroundTruth {
  accounts: TruthAccount[];
  campaigns: { id: string; kind: CampaignKind; members: string[] }[];
  /** Hard-negative scenarios: organic or benign-automated accounts acting alike, not coordinated. */
  scenarios: { id: string; kind: ScenarioKind; members: string[] }[];
}

export interface Simulation {
  posts: Iterable<Post>;
  truth: GroundTruth;
  /** The hard-negative plan behind `truth.scenarios` (burst times, key authors; for tests and benches). */
  plan?: ScenarioPlan;
}

export const DEFAULT_START = Date.UTC(2024, 2, 4) / 1000;
const HOUR = 3600;
const DAY = 86400;
const CASCADE = { xm: 8, alpha: 1.2 };
/** Builds the population (eagerly, for the truth) and a re-iterable post stream. */
export function simulate(options: SimulateOptions): Simulation {
  const posts = Math.floor(options.posts);
  if (!(posts >= 0)) throw new RangeError('simulate: posts must be a non-negative number');
  const days = options.days ?? 14;
  const start = options.start ?? DEFAULT_START;
  const population = buildPopulation(new Rng(options.seed), {
    accounts: Math.max(120, Math.round(posts / 18)),
    // News bots post ~3 times an hour each and make ~5% of the stream.
    newsBots: Math.round((0.05 * posts) / (days * 24 * 3.3)),
    start,
    campaignShare: options.campaignShare ?? 0.015,
  });
  const kinds = options.scenarios === undefined ? undefined : new Set(options.scenarios);
  const plan =
    kinds?.size === 0 ? undefined : planScenarios(options.seed, population, { start, days, kinds });
  return {
    truth: truthOf(population, plan),
    plan,
    posts: {
      [Symbol.iterator]: () => generate(population, plan, { ...options, posts })[Symbol.iterator](),
    },
  };
}

function truthOf(p: Population, plan: ScenarioPlan | undefined): GroundTruth {
  const labels = new Map<number, string[]>();
  for (const s of plan?.scenarios ?? []) {
    for (const i of s.members) {
      const l = labels.get(i);
      if (l) l.push(s.id);
      else labels.set(i, [s.id]);
    }
  }
  return {
    accounts: p.accounts.map((a) => {
      const c = a.campaign >= 0 ? p.campaigns[a.campaign]! : null;
      return {
        account: a.id,
        screenName: a.screenName,
        campaign: c ? c.id : null,
        kind: c ? c.kind : a.role === 'newsbot' ? 'news-bot' : null,
        scenarios: labels.get(a.index) ?? [],
      };
    }),
    campaigns: p.campaigns.map((c) => ({
      id: c.id,
      kind: c.kind,
      members: c.members.map((i) => p.accounts[i]!.id),
    })),
    scenarios: (plan?.scenarios ?? []).map((s) => ({
      id: s.id,
      kind: s.kind,
      members: s.members.map((i) => p.accounts[i]!.id),
    })),
  };
}

interface Article extends FeedArticle {
  virality: number;
}

interface Article extends FeedArticle {
  virality: number;
}

function* generate(
  pop: Population,
  plan: ScenarioPlan | undefined,
  options: SimulateOptions & { posts: number },
): Generator<Post> {
  // The stream's own generator, separate from the population's, so re-iteration repeats exactly.
  const rng = new Rng((options.seed ^ 0x5eed5eed) >>> 0);
  const start = options.start ?? DEFAULT_START;
  const days = options.days ?? 14;
  const hours = Math.max(1, Math.round(days * 24));
  const { accounts, campaigns, newsBots } = pop;
  const heap = new PostHeap();
  const f = new PostFactory(rng, accounts);

  // --- planned volumes: campaigns, bots and scenarios first, the organic background fills the rest --
  const planned = options.posts * 1.03;
  let campaignPosts = 0;
  for (const c of campaigns) {
    const perEvent = 1 + (c.members.length - 1) * (c.kind === 'slow-persona' ? 0.85 : c.participation);
    campaignPosts += c.eventsPerDay * days * perEvent;
    if (c.kind === 'slow-persona') campaignPosts += c.members.length * 3 * days;
  }
  let botPosts = 0;
  for (const b of newsBots) botPosts += (days * DAY) / b.interval;
  const scenarioPosts = plan?.expectedPosts ?? 0;
  const background = Math.max(planned * 0.3, planned - campaignPosts - botPosts - scenarioPosts);
  const cascadeShare = 0.25;
  const cap = Math.max(20, Math.min(5000, accounts.length * 0.2));
  const meanCascade =
    (CASCADE.xm * CASCADE.alpha) / (CASCADE.alpha - 1) -
    (Math.pow(CASCADE.xm, CASCADE.alpha) * Math.pow(cap, 1 - CASCADE.alpha)) / (CASCADE.alpha - 1) +
    1;
  const cascadesPerHour = (background * cascadeShare) / meanCascade / hours;
  const organicPerHour = (background * (1 - cascadeShare)) / hours;

  // --- who posts: one alias table per time zone, weighted by activity ----------------------------
  const zones = new Map<number, number[]>();
  for (const a of accounts) {
    if (a.activity <= 0) continue;
    let list = zones.get(a.tz);
    if (!list) zones.set(a.tz, (list = []));
    list.push(a.index);
  }
  let totalActivity = 0;
  for (const a of accounts) totalActivity += a.activity;
  const zoneTables = [...zones].map(([tz, members]) => {
    const w = members.map((i) => accounts[i]!.activity);
    return { tz, members, table: new AliasTable(w), share: w.reduce((s, x) => s + x, 0) / totalActivity };
  });
  const everyone = accounts.filter((a) => a.activity > 0).map((a) => a.index);
  const byActivity = new AliasTable(everyone.map((i) => accounts[i]!.activity));
  const byFollowers = new AliasTable(everyone.map((i) => Math.pow(accounts[i]!.profile.followers ?? 1, 1.2)));
  const drawActive = (): SimAccount => accounts[everyone[byActivity.sample(rng)]!]!;
  const drawInfluencer = (): SimAccount => accounts[everyone[byFollowers.sample(rng)]!]!;

  // --- shared content state ----------------------------------------------------------------------
  const tagPool = hashtagPool(rng, 300);
  const evergreen = tagPool.slice(0, 10);
  let trending: string[] = [];
  const trendTable = new AliasTable(Array.from({ length: 25 }, (_, r) => 1 / (r + 1)));
  let articles: Article[] = [];
  let articleTable = new AliasTable([]);
  const trendingTags = (): string[] => {
    const n = rng.chance(0.7) ? 1 : 2;
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const t = rng.chance(0.8) ? trending[trendTable.sample(rng)]! : rng.pick(evergreen);
      if (!out.includes(t)) out.push(t);
    }
    return out;
  };
  const campaignCtx: CampaignContext = {
    rng,
    heap,
    f,
    accounts,
    drawInfluencer,
    trendingTag: () => trending[trendTable.sample(rng)]!,
  };
  const scenarios = plan ? new ScenarioRunner({ rng, heap, f, accounts }, plan) : undefined;

  // --- one organic post -----------------------------------------------------------------------------
  const organic = (a: SimAccount, t: number): Post => {
    const r = rng.next();
    if (r < 0.5 || !f.hasRecent) {
      const text = rng.chance(0.05) ? rng.pick(COMMON_PHRASES) : sentence(rng);
      const p = f.original(a, t, text, rng.chance(0.22) ? trendingTags() : []);
      if (rng.chance(0.08)) {
        const m = drawInfluencer();
        p.text = `@${m.screenName} ${p.text ?? ''}`;
        p.mentions = [m.screenName.toLowerCase()];
      }
      return p;
    }
    if (r < 0.64 && articles.length > 0) {
      const art = articles[articleTable.sample(rng)]!;
      const bot = accounts[art.bot]!;
      // Share buttons prefill identical text; some users write their own comment instead.
      const text = rng.chance(0.7)
        ? `${art.text} ${art.url} via @${bot.screenName}`
        : `${sentence(rng, 3, 10)} ${art.url}`;
      const p = f.withLink(f.base(a, t), art.url, art.domain);
      p.text = text;
      if (text.includes('via @')) p.mentions = [bot.screenName.toLowerCase()];
      return p;
    }
    const target = f.pickRecent()!;
    if (r < 0.77 && target.author !== a.index) return f.reply(a, t, target);
    return f.retweet(a, t, target);
  };

  // --- the hour loop ---------------------------------------------------------------------------------
  const botNext = newsBots.map((b) => start + rng.next() * b.interval);
  let emitted = 0;
  // The plan aims 3% high and stops at exactly `posts`; if chance fell short, the period runs on.
  for (let h = 0; emitted < options.posts && h < hours * 2; h++) {
    const t0 = start + h * HOUR;
    const utcHour = h % 24;
    if (h % 24 === 0) {
      trending = rng.shuffle([...tagPool.slice(10)]).slice(0, 25);
    }

    // News bots publish on their own clocks (feed syndicates' outlets too, when planned).
    const fresh = articles.length;
    newsBots.forEach((b, k) => {
      while (botNext[k]! < t0 + HOUR) {
        const t = botNext[k]!;
        const bot = accounts[b.account]!;
        const title = headline(rng);
        const url = `https://${b.domain}/${new Date(t * 1000).toISOString().slice(0, 10).replace(/-/g, '/')}/${slug(title)}`;
        const p = f.withLink(f.original(bot, t, `${title} ${url}`), url, b.domain);
        heap.push(p);
        articles.push({
          url,
          domain: b.domain,
          text: title,
          bot: b.account,
          published: t,
          ref: { id: p.id!, author: b.account, text: p.text! },
          virality: rng.pareto(1, 1.3),
        });
        botNext[k] = t + b.interval * (0.85 + 0.3 * rng.next());
      }
    });
    if (scenarios) {
      for (const a of scenarios.publish(t0)) articles.push({ ...a, virality: rng.pareto(1, 1.3) });
      scenarios.articles(articles.slice(fresh));
    }
    articles = articles.filter((a) => t0 - a.published < 2 * DAY);
    articleTable = new AliasTable(
      articles.map((a) => a.virality * Math.exp(-(t0 - a.published) / (6 * HOUR))),
    );

    // Organic background, per time zone with its own diurnal phase.
    for (const z of zoneTables) {
      const local = (((utcHour + z.tz) % 24) + 24) % 24;
      const n = rng.poisson(organicPerHour * z.share * DIURNAL[local]!);
      for (let i = 0; i < n; i++) {
        heap.push(organic(accounts[z.members[z.table.sample(rng)]!]!, t0 + rng.next() * HOUR));
      }
    }

    // Viral cascades: an influencer's post reshared by many, with log-normal delays.
    const nCascades = rng.poisson(cascadesPerHour * DIURNAL[(utcHour + 24 - 5) % 24]!);
    for (let c = 0; c < nCascades; c++) {
      const author = drawInfluencer();
      const t = t0 + rng.next() * HOUR;
      const src = f.original(author, t, sentence(rng), rng.chance(0.3) ? trendingTags() : []);
      heap.push(src);
      const of = { id: src.id!, author: author.index, text: src.text! };
      const size = Math.floor(Math.min(cap, rng.pareto(CASCADE.xm, CASCADE.alpha)));
      for (let k = 0; k < size; k++) {
        const a = drawActive();
        if (a === author) continue;
        const at = t + Math.min(36 * HOUR, rng.logNormal(20 * 60, 1.3));
        heap.push(rng.chance(0.9) ? f.retweet(a, at, of) : f.reply(a, at, of));
      }
    }

    // Campaign events during their operators' working hours; slow personas' fixed posting slots.
    for (const c of campaigns) {
      const local = (((utcHour + c.tz) % 24) + 24) % 24;
      if (local >= c.hours[0] && local < c.hours[1]) {
        const n = rng.poisson(c.eventsPerDay / (c.hours[1] - c.hours[0]));
        for (let e = 0; e < n; e++) campaignEvent(campaignCtx, c, t0 + rng.next() * HOUR);
      }
      if (c.kind === 'slow-persona') {
        c.members.forEach((i, k) => {
          for (const slot of c.slots[k]!) {
            if (Math.floor(slot / HOUR) === utcHour) {
              const at = Math.min(t0 + HOUR - 1, Math.max(t0, t0 + (slot % HOUR) + rng.normal() * 60));
              heap.push(f.original(accounts[i]!, at, sentence(rng)));
            }
          }
        });
      }
    }

    // Hard negatives: bursts starting this hour, communities, households and newsrooms.
    scenarios?.hour(t0);

    while (heap.size > 0 && heap.peekTime() < t0 + HOUR && emitted < options.posts) {
      const p = heap.pop()!;
      p.source.line = ++emitted;
      yield p;
    }
  }
  while (heap.size > 0 && emitted < options.posts) {
    const p = heap.pop()!;
    p.source.line = ++emitted;
    yield p;
  }
}

/** Seconds from epoch for `YYYY-MM-DD`, for the CLI's `--start`. */
export function parseStart(s: string): number | undefined {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}
