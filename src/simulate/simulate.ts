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
 * Cost: time is walked hour by hour; posts of an hour (and delayed reactions scheduled from it) sit in
 * a min-heap until their time comes, so memory is O(accounts + posts pending in the heap) — a few
 * tens of thousands — and time is O(posts · log pending). The Iterable can be iterated again and
 * yields the identical stream.
 */
import type { Post } from '../core/post.js';
import { AliasTable, Rng } from './rng.js';
import { COMMON_PHRASES, hashtagPool, headline, perturb, sentence, slug } from './content.js';
import {
  buildPopulation,
  type CampaignKind,
  type Population,
  type SimAccount,
  type SimCampaign,
} from './population.js';
import { PostHeap } from './post-heap.js';

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
}

export interface TruthAccount {
  account: string;
  screenName: string;
  /** Campaign id, or null for organic accounts and news bots. */
  campaign: string | null;
  /** Campaign kind; 'news-bot' for the benign feed bots; null for organic users. */
  kind: CampaignKind | 'news-bot' | null;
}

export interface GroundTruth {
  accounts: TruthAccount[];
  campaigns: { id: string; kind: CampaignKind; members: string[] }[];
}

export interface Simulation {
  posts: Iterable<Post>;
  truth: GroundTruth;
}

export const DEFAULT_START = Date.UTC(2024, 2, 4) / 1000;
const HOUR = 3600;
const DAY = 86400;
/** Relative activity by local hour (night trough, evening peak); normalised to mean 1 below. */
const DIURNAL_RAW = [
  0.5, 0.3, 0.2, 0.15, 0.15, 0.25, 0.5, 0.9, 1.2, 1.3, 1.3, 1.3, 1.4, 1.3, 1.2, 1.2, 1.2, 1.3, 1.4, 1.5, 1.6,
  1.5, 1.2, 0.8,
];
const DIURNAL_MEAN = DIURNAL_RAW.reduce((s, x) => s + x, 0) / 24;
const DIURNAL = DIURNAL_RAW.map((x) => x / DIURNAL_MEAN);
const CASCADE = { xm: 8, alpha: 1.2 };
/**
 * Empty lists are one shared frozen array (five fresh arrays per post were a fifth of the GC time);
 * readers of `Post` never mutate its lists, and a frozen array makes a mistake loud.
 */
const EMPTY = Object.freeze([]) as unknown as string[];

/** Builds the population (eagerly, for the truth) and a re-iterable post stream. */
export function simulate(options: SimulateOptions): Simulation {
  const posts = Math.floor(options.posts);
  if (!(posts >= 0)) throw new RangeError('simulate: posts must be a non-negative number');
  const days = options.days ?? 14;
  const population = buildPopulation(new Rng(options.seed), {
    accounts: Math.max(120, Math.round(posts / 18)),
    // News bots post ~3 times an hour each and make ~5% of the stream.
    newsBots: Math.round((0.05 * posts) / (days * 24 * 3.3)),
    start: options.start ?? DEFAULT_START,
    campaignShare: options.campaignShare ?? 0.015,
  });
  return {
    truth: truthOf(population),
    posts: {
      [Symbol.iterator]: () => generate(population, { ...options, posts })[Symbol.iterator](),
    },
  };
}

function truthOf(p: Population): GroundTruth {
  return {
    accounts: p.accounts.map((a) => {
      const c = a.campaign >= 0 ? p.campaigns[a.campaign]! : null;
      return {
        account: a.id,
        screenName: a.screenName,
        campaign: c ? c.id : null,
        kind: c ? c.kind : a.role === 'newsbot' ? 'news-bot' : null,
      };
    }),
    campaigns: p.campaigns.map((c) => ({
      id: c.id,
      kind: c.kind,
      members: c.members.map((i) => p.accounts[i]!.id),
    })),
  };
}

interface Recent {
  id: string;
  author: number;
  text: string;
}

interface Article {
  url: string;
  domain: string;
  text: string;
  bot: number;
  published: number;
  virality: number;
}

function* generate(pop: Population, options: SimulateOptions & { posts: number }): Generator<Post> {
  // The stream's own generator, separate from the population's, so re-iteration repeats exactly.
  const rng = new Rng((options.seed ^ 0x5eed5eed) >>> 0);
  const start = options.start ?? DEFAULT_START;
  const days = options.days ?? 14;
  const hours = Math.max(1, Math.round(days * 24));
  const { accounts, campaigns, newsBots } = pop;
  const heap = new PostHeap();
  let nextPostId = 0;
  // Ids are a fixed prefix and a small integer: formatting a 16-digit double is several times slower.
  const newId = (): string => '150000' + String(1_000_000_000 + nextPostId++);

  // --- planned volumes: campaigns and bots first, the organic background fills the rest ------------
  const planned = options.posts * 1.03;
  let campaignPosts = 0;
  for (const c of campaigns) {
    const perEvent = 1 + (c.members.length - 1) * (c.kind === 'slow-persona' ? 0.85 : c.participation);
    campaignPosts += c.eventsPerDay * days * perEvent;
    if (c.kind === 'slow-persona') campaignPosts += c.members.length * 3 * days;
  }
  let botPosts = 0;
  for (const b of newsBots) botPosts += (days * DAY) / b.interval;
  const background = Math.max(planned * 0.3, planned - campaignPosts - botPosts);
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
  const RING = 4096;
  const recent: (Recent | undefined)[] = new Array<Recent | undefined>(RING);
  let recentCount = 0;
  const remember = (r: Recent): void => {
    recent[recentCount++ % RING] = r;
  };
  const pickRecent = (): Recent | undefined =>
    recentCount === 0 ? undefined : recent[rng.int(Math.min(recentCount, RING))];
  let articles: Article[] = [];
  let articleTable = new AliasTable([]);

  const base = (a: SimAccount, time: number): Post => ({
    id: newId(),
    account: a.id,
    time,
    isRepost: false,
    hashtags: EMPTY,
    mentions: EMPTY,
    urls: EMPTY,
    domains: EMPTY,
    images: EMPTY,
    profile: a.profile,
    lang: a.lang,
    source: { file: 'simulate', line: 0 },
  });
  const original = (a: SimAccount, time: number, text: string, tags: string[] = []): Post => {
    const p = base(a, time);
    p.text = tags.length > 0 ? `${text} ${tags.map((t) => '#' + t).join(' ')}` : text;
    p.hashtags = tags;
    remember({ id: p.id!, author: a.index, text: p.text });
    return p;
  };
  const retweet = (a: SimAccount, time: number, of: { id: string; author: number; text: string }): Post => {
    const src = accounts[of.author]!;
    const p = base(a, time);
    p.isRepost = true;
    p.repostOf = of.id;
    p.repostOfAccount = src.id;
    p.text = `RT @${src.screenName}: ${of.text}`.slice(0, 160);
    if (of.text.includes('#')) {
      const tags = of.text.match(/#\w+/g);
      if (tags) p.hashtags = tags.map((t) => t.slice(1).toLowerCase());
    }
    p.mentions = [src.screenName.toLowerCase()];
    return p;
  };
  const reply = (a: SimAccount, time: number, to: { id: string; author: number }): Post => {
    const dst = accounts[to.author]!;
    const p = base(a, time);
    p.replyTo = to.id;
    p.replyToAccount = dst.id;
    p.text = `@${dst.screenName} ${sentence(rng, 3, 12)}`;
    p.mentions = [dst.screenName.toLowerCase()];
    return p;
  };
  const withLink = (p: Post, url: string, domain: string): Post => {
    p.urls = [url];
    p.domains = [domain];
    return p;
  };
  const trendingTags = (): string[] => {
    const n = rng.chance(0.7) ? 1 : 2;
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const t = rng.chance(0.8) ? trending[trendTable.sample(rng)]! : rng.pick(evergreen);
      if (!out.includes(t)) out.push(t);
    }
    return out;
  };

  // --- one organic post -----------------------------------------------------------------------------
  const organic = (a: SimAccount, t: number): Post => {
    const r = rng.next();
    if (r < 0.5 || recentCount === 0) {
      const text = rng.chance(0.05) ? rng.pick(COMMON_PHRASES) : sentence(rng);
      const p = original(a, t, text, rng.chance(0.22) ? trendingTags() : []);
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
      const p = withLink(base(a, t), art.url, art.domain);
      p.text = text;
      if (text.includes('via @')) p.mentions = [bot.screenName.toLowerCase()];
      return p;
    }
    const target = pickRecent()!;
    if (r < 0.77 && target.author !== a.index) return reply(a, t, target);
    return retweet(a, t, target);
  };

  // --- a coordinated event ---------------------------------------------------------------------------
  const campaignEvent = (c: SimCampaign, t: number): void => {
    const members = c.members.map((i) => accounts[i]!);
    const lead = rng.pick(members);
    const joins = (a: SimAccount): boolean => a !== lead && rng.chance(c.participation);
    switch (c.kind) {
      case 'retweet-ring': {
        const author = rng.chance(0.6) ? lead : drawInfluencer();
        const src = original(author, t, sentence(rng), rng.chance(0.5) ? [c.hashtag] : []);
        heap.push(src);
        const of = { id: src.id!, author: author.index, text: src.text! };
        for (const m of members) {
          if (m === author || !joins(m)) continue;
          const delay = Math.min(900, Math.max(3, rng.logNormal(45, 0.9)));
          heap.push(retweet(m, t + delay, of));
        }
        return;
      }
      case 'copy-paste': {
        const msg = rng.pick(c.messages) + (rng.chance(0.5) ? ` #${c.hashtag}` : '');
        heap.push(original(lead, t, msg));
        for (const m of members) {
          if (!joins(m)) continue;
          const text = rng.chance(0.7) ? msg : perturb(rng, msg);
          heap.push(original(m, t + Math.min(3600, rng.logNormal(90, 1)), text));
        }
        return;
      }
      case 'link-farm': {
        const domain = rng.pick(c.domains);
        const title = headline(rng);
        const url = `https://${domain}/${slug(title)}-${rng.int(1e6)}`;
        const shared = `${title} ${url}`;
        heap.push(withLink(original(lead, t, shared), url, domain));
        for (const m of members) {
          if (!joins(m)) continue;
          const text = rng.chance(0.5) ? shared : `${sentence(rng, 3, 9)} ${url}`;
          heap.push(withLink(original(m, t + Math.min(3600, rng.logNormal(120, 1)), text), url, domain));
        }
        return;
      }
      case 'hashtag-push': {
        heap.push(original(lead, t, sentence(rng), [c.hashtag]));
        for (const m of members) {
          if (!joins(m)) continue;
          const tags = rng.chance(0.5) ? [c.hashtag, trending[trendTable.sample(rng)]!] : [c.hashtag];
          heap.push(original(m, t + Math.min(3600, rng.logNormal(150, 1.1)), sentence(rng), tags));
        }
        return;
      }
      case 'slow-persona': {
        // The first member leads; each other member reshares after its own fixed delay, ±30 s.
        const first = members[0]!;
        const src = original(first, t, sentence(rng));
        heap.push(src);
        const of = { id: src.id!, author: first.index, text: src.text! };
        members.forEach((m, k) => {
          if (k === 0 || !rng.chance(0.85)) return;
          heap.push(retweet(m, t + c.delays[k]! + rng.normal() * 30, of));
        });
        return;
      }
    }
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

    // News bots publish on their own clocks.
    newsBots.forEach((b, k) => {
      while (botNext[k]! < t0 + HOUR) {
        const t = botNext[k]!;
        const bot = accounts[b.account]!;
        const title = headline(rng);
        const url = `https://${b.domain}/${new Date(t * 1000).toISOString().slice(0, 10).replace(/-/g, '/')}/${slug(title)}`;
        heap.push(withLink(original(bot, t, `${title} ${url}`), url, b.domain));
        articles.push({
          url,
          domain: b.domain,
          text: title,
          bot: b.account,
          published: t,
          virality: rng.pareto(1, 1.3),
        });
        botNext[k] = t + b.interval * (0.85 + 0.3 * rng.next());
      }
    });
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
      const src = original(author, t, sentence(rng), rng.chance(0.3) ? trendingTags() : []);
      heap.push(src);
      const of = { id: src.id!, author: author.index, text: src.text! };
      const size = Math.floor(Math.min(cap, rng.pareto(CASCADE.xm, CASCADE.alpha)));
      for (let k = 0; k < size; k++) {
        const a = drawActive();
        if (a === author) continue;
        const at = t + Math.min(36 * HOUR, rng.logNormal(20 * 60, 1.3));
        heap.push(rng.chance(0.9) ? retweet(a, at, of) : reply(a, at, of));
      }
    }

    // Campaign events during their operators' working hours; slow personas' fixed posting slots.
    for (const c of campaigns) {
      const local = (((utcHour + c.tz) % 24) + 24) % 24;
      if (local >= c.hours[0] && local < c.hours[1]) {
        const n = rng.poisson(c.eventsPerDay / (c.hours[1] - c.hours[0]));
        for (let e = 0; e < n; e++) campaignEvent(c, t0 + rng.next() * HOUR);
      }
      if (c.kind === 'slow-persona') {
        c.members.forEach((i, k) => {
          for (const slot of c.slots[k]!) {
            if (Math.floor(slot / HOUR) === utcHour) {
              const at = Math.min(t0 + HOUR - 1, Math.max(t0, t0 + (slot % HOUR) + rng.normal() * 60));
              heap.push(original(accounts[i]!, at, sentence(rng)));
            }
          }
        });
      }
    }

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
