/**
 * The simulated population: organic users with heavy-tailed activity spread over time zones, benign
 * news-feed bots, and the planted campaigns with their members. Built eagerly (it is small: ~N/18
 * accounts) so the ground truth is known before a single post is generated.
 */
import type { AccountProfile } from '../core/post.js';
import { Rng } from './rng.js';
import {
  bio,
  farmDomain,
  hashtagPool,
  organicHandle,
  outletDomain,
  personName,
  personaHandle,
  place,
  sentence,
} from './content.js';

export const CAMPAIGN_KINDS = [
  'retweet-ring',
  'copy-paste',
  'link-farm',
  'hashtag-push',
  'slow-persona',
] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

export type Role = 'organic' | 'newsbot' | 'campaign';

export interface SimAccount {
  index: number;
  id: string;
  role: Role;
  /** Index into `Population.campaigns`, or -1. */
  campaign: number;
  /** UTC offset in hours: shifts the account's day. */
  tz: number;
  /** Relative organic activity (heavy-tailed). */
  activity: number;
  profile: AccountProfile;
  screenName: string;
  lang: string;
}

export interface SimCampaign {
  id: string;
  kind: CampaignKind;
  members: number[];
  /** Coordinated events per day. */
  eventsPerDay: number;
  /** Probability that a member joins one event. */
  participation: number;
  /** Local working hours the operators keep, [from, to). */
  hours: [number, number];
  tz: number;
  hashtag: string;
  domains: string[];
  messages: string[];
  /** slow-persona only: each member's fixed delay (seconds) after the lead post. */
  delays: number[];
  /** slow-persona only: each member's fixed posting times (seconds into the UTC day). */
  slots: number[][];
}

export interface NewsBot {
  account: number;
  domain: string;
  /** Mean seconds between posts. */
  interval: number;
}

export interface Population {
  accounts: SimAccount[];
  campaigns: SimCampaign[];
  newsBots: NewsBot[];
}

const DAY = 86400;

/** Account ids look like platform ids: a 10-digit permutation of the index (48271 is a primitive root). */
function accountId(i: number): string {
  return String(1_000_000_000 + (((i + 1) * 48271) % 2147483647));
}

export function buildPopulation(
  rng: Rng,
  opts: { accounts: number; start: number; campaignShare: number; newsBots: number },
): Population {
  const n = opts.accounts;
  const accounts: SimAccount[] = [];
  const tzs = [-5, -5, -8, 0, 0, 1, 1, 2, 10];
  for (let i = 0; i < n; i++) {
    const { first, last } = personName(rng);
    const screenName = organicHandle(rng, first, last);
    // Creation dates: a long history with more recent sign-ups.
    const age = Math.pow(rng.next(), 1.6) * 14 * 365 * DAY + 30 * DAY;
    const followers = Math.floor(rng.pareto(20, 1.1));
    accounts.push({
      index: i,
      id: accountId(i),
      role: 'organic',
      campaign: -1,
      tz: rng.pick(tzs),
      activity: rng.logNormal(1, 1.25),
      screenName,
      lang: rng.chance(0.85) ? 'en' : rng.pick(['es', 'fr', 'de', 'pt']),
      profile: {
        screenName,
        displayName: `${first} ${last}`,
        createdAt: Math.floor(opts.start - age),
        followers: Math.min(followers, 5_000_000),
        following: Math.floor(rng.logNormal(250, 1)),
        location: place(rng),
        description: bio(rng, false),
        language: 'en',
      },
    });
  }

  // Benign news-feed bots: fast and regular, each with its own outlet.
  const newsBots: NewsBot[] = [];
  const botCount = Math.min(Math.max(2, opts.newsBots), Math.floor(n / 20));
  const used = new Set<number>();
  const takeFree = (): number => {
    for (;;) {
      const i = rng.int(n);
      if (!used.has(i)) {
        used.add(i);
        return i;
      }
    }
  };
  const domains = new Set<string>();
  for (let b = 0; b < botCount; b++) {
    const i = takeFree();
    let domain = outletDomain(rng);
    while (domains.has(domain)) domain = `${rng.int(100)}${outletDomain(rng)}`;
    domains.add(domain);
    const a = accounts[i]!;
    a.role = 'newsbot';
    a.activity = 0; // posts on its own schedule only
    a.screenName = domain.split('.')[0]!.replace(/-/g, '_').slice(0, 15);
    a.profile = {
      ...a.profile,
      screenName: a.screenName,
      displayName: `${a.screenName} feed`,
      description: `Automated headlines from ${domain}`,
      followers: Math.floor(rng.pareto(2000, 1.2)),
    };
    newsBots.push({ account: i, domain, interval: rng.range(6, 30) * 60 });
  }

  // Planted campaigns: ~campaignShare of accounts, in groups of 6–40, kinds in a seeded rotation.
  const campaigns: SimCampaign[] = [];
  const target = Math.max(15, Math.round(n * opts.campaignShare));
  const kinds = rng.shuffle([...CAMPAIGN_KINDS]);
  let allocated = 0;
  const tags = hashtagPool(rng, 64);
  while (allocated < target && used.size + 6 < n) {
    const kind = kinds[campaigns.length % kinds.length]!;
    const maxSize = kind === 'slow-persona' ? 8 : Math.max(6, Math.min(40, Math.floor(target / 4)));
    const size = Math.min(rng.range(kind === 'slow-persona' ? 4 : 6, maxSize), n - used.size - 1);
    const members: number[] = [];
    for (let k = 0; k < size; k++) members.push(takeFree());
    allocated += size;
    const id = `C${campaigns.length + 1}`;
    const tz = rng.pick(tzs);
    const from = rng.range(6, 11);
    const domainsOf = [farmDomain(rng), farmDomain(rng), farmDomain(rng)].slice(0, rng.range(1, 3));
    const messages: string[] = [];
    for (let m = 0; m < 40; m++) messages.push(sentence(rng, 8, 18));
    campaigns.push({
      id,
      kind,
      members,
      eventsPerDay: kind === 'slow-persona' ? rng.range(2, 4) : rng.range(3, 9),
      participation: 0.45 + rng.next() * 0.45,
      hours: [from, from + rng.range(8, 12)],
      tz,
      hashtag: tags[campaigns.length % tags.length]!,
      domains: domainsOf,
      messages,
      delays: members.map(() => rng.range(15, 90) * 60 + rng.int(60)),
      slots: members.map(() => [rng.int(DAY), rng.int(DAY), rng.int(DAY)]),
    });
    // Persona traits at realistic, not perfect, rates.
    const burstAt = opts.start - rng.range(20, 200) * DAY;
    for (const i of members) {
      const a = accounts[i]!;
      a.role = 'campaign';
      a.campaign = campaigns.length - 1;
      a.activity = rng.logNormal(0.5, 0.8); // cover activity: ordinary posting between events
      if (rng.chance(0.5)) a.tz = tz;
      const { first, last } = personName(rng);
      if (rng.chance(0.55)) {
        a.screenName = personaHandle(rng, first);
        a.profile = { ...a.profile, screenName: a.screenName, displayName: `${first} ${last}` };
      }
      const createdAt = rng.chance(0.6) ? Math.floor(burstAt + rng.next() * 4 * DAY) : a.profile.createdAt;
      a.profile = {
        ...a.profile,
        createdAt,
        followers: Math.floor(rng.logNormal(60, 1)),
        following: Math.floor(rng.logNormal(400, 0.7)),
        description: bio(rng, true),
      };
    }
  }
  return { accounts, campaigns, newsBots };
}
