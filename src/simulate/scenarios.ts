/**
 * Hard-negative scenarios: organic behaviour that looks coordinated to a naive detector, labelled in
 * the ground truth so a benchmark can count how many of each scenario's accounts a detector flags.
 * Types only; planning is in scenario-plan.ts, generation in burst-events.ts, community-events.ts,
 * feed-events.ts and household-events.ts.
 */
import type { PowerLawDelay } from './delays.js';

export const SCENARIO_KINDS = [
  /** Breaking news: one outlet's link and hashtag, reposted and shared by thousands within hours. */
  'breaking-news',
  /** A televised debate: live-posting on its hashtag, reposting the candidates' lines. */
  'debate-night',
  /** Election night: hours of results, the biggest crowd of the period. */
  'election-night',
  /** One post reposted by thousands (a SEISMIC cascade). */
  'viral-post',
  /** Party activists who repost their leaders' posts, each at its own rate and speed. */
  'activist-community',
  /** Fans who repost their star's posts, many of them within minutes. */
  'fan-community',
  /** Several automated feeds of one outlet posting the same links (each polls the feed on its own clock). */
  'feed-syndicate',
  /** Automated aggregators re-posting links from overlapping sets of outlets, not coordinated. */
  'news-aggregator',
  /** A few accounts of one household: shared topics and links, sometimes posting minutes apart. */
  'household',
  /** Journalists of one outlet reposting and sharing its articles. */
  'newsroom',
] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];

/** One labelled scenario instance and the account indices it involves. */
export interface Scenario {
  id: string;
  kind: ScenarioKind;
  members: number[];
}

export type BurstKind = 'breaking-news' | 'debate-night' | 'election-night' | 'viral-post';

export interface Burst {
  scenario: Scenario;
  kind: BurstKind;
  /** Unix seconds of the first moment. */
  start: number;
  /** Offsets (s) from `start` of the event's moments: each has a key post that the crowd reacts to. */
  moments: number[];
  /** Account index of each moment's key post author (candidates, outlets, the viral author). */
  keyAuthors: number[];
  hashtag: string;
  /** breaking-news / election-night: the article everyone shares. */
  link?: { url: string; domain: string; title: string; via: number };
  /** Participants (account indices) and how many posts each makes (≥ 1; heavy-tailed). */
  participants: Int32Array;
  postsEach: Uint16Array;
  delay: PowerLawDelay;
}

export interface Community {
  scenario: Scenario;
  kind: 'activist-community' | 'fan-community';
  leaders: number[];
  /** The members (without leaders). */
  members: number[];
  /** Each member's probability of reposting one leader post. */
  propensity: Float64Array;
  /** Each member's own median repost delay, seconds. */
  medianDelay: Float64Array;
  /** Each leader's posts per day. */
  leaderRate: number;
  hashtag: string;
  tz: number;
}

/** Feed bots of one outlet: each posts every new article at its next poll. */
export interface Syndicate {
  scenario: Scenario;
  domain: string;
  /** Mean seconds between the outlet's articles. */
  interval: number;
  feeds: { account: number; poll: number; phase: number }[];
}

/** An aggregator posting, at its polls, a share of the articles of the outlets it follows. */
export interface Aggregator {
  scenario: Scenario;
  account: number;
  /** Outlet domains followed. */
  outlets: string[];
  poll: number;
  phase: number;
  share: number;
}

/** A household (shared moments) or a newsroom (journalists of one outlet). */
export interface SmallGroup {
  scenario: Scenario;
  kind: 'household' | 'newsroom';
  members: number[];
  tags: string[];
  tz: number;
  /** newsroom: the outlet's domain (its feed bot's articles are reposted and shared). */
  outlet?: string;
  /** newsroom: each journalist's probability of sharing one article. */
  propensity: number[];
}

export interface ScenarioPlan {
  scenarios: Scenario[];
  bursts: Burst[];
  communities: Community[];
  syndicates: Syndicate[];
  aggregators: Aggregator[];
  groups: SmallGroup[];
  /** Expected posts the scenarios add (taken from the organic background's budget). */
  expectedPosts: number;
}
