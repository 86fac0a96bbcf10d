/**
 * What a detection run produces. This is the contract between `detect` (producer) and `report`,
 * `stix` and `exchange` (consumers); the on-disk forms (edges.csv, accounts.csv, networks.json …) are
 * documented in docs/OUTPUTS.md and derive from these types.
 */
import type { Behaviour } from './behaviour.js';

export type Semantics = 'lockstep' | 'coortweet';

/** One account pair co-acting in one behaviour. Invariant: a < b by byte order. */
export interface Edge {
  a: string;
  b: string;
  behaviour: Behaviour;
  /**
   * Semantics-dependent weight: in `coortweet` mode the number of surviving row pairs (CooRTweet's
   * edge weight); in `lockstep` mode the sum of per-co-action weights (rare objects and quiet accounts
   * count more).
   */
  weight: number;
  /** Number of co-actions (row pairs within the window) behind the edge. */
  coActions: number;
  /** Distinct shared objects behind the edge. */
  objects: number;
  /**
   * Lockstep mode: which test decided — `count` (co-actions against the largest null) or `lag`
   * (co-actions at one consistent lag against the population's lags) — its observed quantity and what
   * the null expects of it. Undefined in parity mode.
   */
  test?: 'count' | 'lag';
  observed?: number;
  expected?: number;
  /** The lag test's lag in seconds (t_b − t_a). */
  lag?: number;
  /** Probability of at least this much co-activity by chance; undefined in parity mode. */
  pValue?: number;
  /** Benjamini–Hochberg adjusted p-value (false-discovery rate). */
  qValue?: number;
  /** First and last co-action times (Unix seconds). */
  first: number;
  last: number;
}

/** One per-account signal, always with a plain-words explanation. */
export interface AccountSignal {
  /** Stable machine name, e.g. "creation-burst", "cadence-regularity". */
  name: string;
  value: number | string | boolean | null;
  /** True when the value is unusual enough to point at automation or a managed persona. */
  flagged: boolean;
  /** One or two sentences an analyst can read without knowing the code. */
  explanation: string;
}

/** One term of the automation score: what it measured and how far it moved the log-odds. */
export interface AutomationContribution {
  /** Term name, e.g. "cadence-regularity", "followers" (docs/DETECT.md lists them). */
  signal: string;
  /** The measurement the term read, or null when unavailable. */
  value: number | boolean | null;
  /** Log-odds added to the prior; exactly 0 when the measurement is unavailable. */
  logOdds: number;
  available: boolean;
  /** What was measured and why it moves the score this way, with the numbers. */
  explanation: string;
}

/** A per-account automation likelihood in [0, 1] with its additive explanation (docs/DETECT.md). */
export interface AutomationScore {
  /** σ(logit): the probability the model gives that the account is automated. */
  score: number;
  /** logit(prior) + Σ contributions' log-odds. */
  logit: number;
  prior: number;
  /** Model version (the coefficients used). */
  model: string;
  contributions: AutomationContribution[];
  /** Names of the terms whose measurement was unavailable. */
  unavailable: string[];
}

export interface AccountResult {
  account: string;
  screenName?: string;
  /** Network id, or null when the account is in no reported network. */
  network: string | null;
  /** Strength of the account's coordinated ties (sum of significant edge weights). */
  score: number;
  posts: number;
  signals: AccountSignal[];
  /** Automation score; absent in results written before it existed. */
  automation?: AutomationScore;
}

export interface SharedObject {
  behaviour: Behaviour;
  /** Object key: post id, canonical URL, domain, hashtag, text digest, image id … */
  object: string;
  /** A readable form (text excerpt for co-post/co-similar, the URL, …). */
  label?: string;
  /** Network members that acted on it. */
  accounts: number;
  /** Network members' actions on it. */
  actions: number;
  /** Fact checks whose claim this object repeats (only with `detect --factchecks`). */
  factChecks?: FactCheckRef[];
}

/**
 * A published fact check matched to a shared object, an example post or a network (src/factcheck,
 * `lockstep detect --factchecks`). `score` is the matcher's calibrated probability in [0, 1].
 */
export interface FactCheckRef {
  /** The ClaimReview `url`: the fact-check article. */
  url: string;
  publisher?: string;
  /** The rating as published ("False", "Faux", "Mostly true" …). */
  rating?: string;
  verdict: 'false' | 'misleading' | 'mixed' | 'true' | 'unknown';
  claim: string;
  score: number;
  /** Why it matched, in words (shared words, n-grams, the linked URL). */
  why: string;
}

export interface Burst {
  start: number;
  end: number;
  coActions: number;
  accounts: number;
}

export interface ExamplePost {
  id?: string;
  account: string;
  time: number;
  text?: string;
  behaviour: Behaviour;
  /** Fact checks whose claim this post repeats (only with `detect --factchecks`). */
  factChecks?: FactCheckRef[];
}

/**
 * One behaviour's chance test of a network (lockstep mode): the members' co-actions against what the
 * null model expects of the same member pairs — the quantity the network's p-value is computed from.
 */
export interface NetworkChance {
  behaviour: Behaviour;
  /** `count`: co-actions; `lag`: co-actions at each member pair's own consistent lag. */
  test: 'count' | 'lag';
  /** Co-actions among member pairs with at least minParticipation of them. */
  observed: number;
  /** Expected co-actions of the members under the null model (docs/DETECT.md). */
  expected: number;
  /** Poisson tail P(X ≥ observed | expected); 1 when observed is below effectFloor × expected. */
  pValue: number;
}

/** How the network's shared objects were used by the accounts outside it (docs/DETECT.md). */
export interface NetworkContrast {
  /** Objects at least two members acted on. */
  sharedObjects: number;
  /** Of those objects, how many an average member acted on. */
  memberMean: number;
  /** Accounts outside the network that acted on any of them. */
  outsiders: number;
  /** Of those objects, how many an average outsider acted on. */
  outsiderMean: number;
}

/**
 * A one-life behaviour left out of a network's test: at least as many accounts outside the network
 * acted on its shared objects as often as its median member did (docs/DETECT.md, the audience rule).
 */
export interface NetworkAudience {
  behaviour: Behaviour;
  /** Objects at least two members acted on in this behaviour. */
  sharedObjects: number;
  /** Members that acted on at least one of them. */
  members: number;
  /** The median member's count of those objects. */
  memberReach: number;
  /** Accounts outside the network that reached at least memberReach / effect floor of them. */
  outsiders: number;
}

/** An account outside a network whose posts the network exists to repost (engine/amplified.ts). */
export interface NetworkAmplified {
  account: string;
  behaviour: Behaviour;
  /** Shared objects in `behaviour` that this account wrote. */
  objects: number;
  /** The network's shared objects in `behaviour` (at least two members acted on each). */
  sharedObjects: number;
}

export interface Network {
  /** Stable within a run: "N1", "N2" … by decreasing score. */
  id: string;
  members: string[];
  behaviours: Behaviour[];
  /** Sum of member-to-member edge weights. */
  score: number;
  /**
   * Lockstep mode: the deciding behaviour's chance test (the one with the smallest p-value), whose
   * observed and expected co-actions the summary quotes; `pValue` is its Bonferroni-corrected p.
   */
  chanceBehaviour?: Behaviour;
  /** Which of the behaviour's tests decided (NetworkChance.test). */
  chanceTest?: 'count' | 'lag';
  observed?: number;
  /** Co-actions expected by chance among the members in `chanceBehaviour` (same model as Edge.expected). */
  expected?: number;
  /** Bonferroni-corrected minimum over behaviours of the per-behaviour p-values. */
  pValue?: number;
  qValue?: number;
  /** Every behaviour's test (lockstep mode). */
  chance?: NetworkChance[];
  /** The members against the other accounts that acted on the same objects. */
  contrast?: NetworkContrast;
  /** Behaviours not counted as evidence: the members are part of a larger audience there. */
  audience?: NetworkAudience[];
  /** Accounts outside the network whose posts it reposts or replies to, again and again. */
  amplified?: NetworkAmplified[];
  edges: number;
  density: number;
  topObjects: SharedObject[];
  timeline: Burst[];
  examples: ExamplePost[];
  /** Plain-words summary of why this is a network (generated from the evidence above). */
  summary: string;
  /** Every fact check matched to its objects or examples, best score first (`detect --factchecks`). */
  factChecks?: FactCheckRef[];
}

export interface SkippedRow {
  file: string;
  line: number;
  reason: string;
}

export interface InputSummary {
  files: { path: string; format: string; rows: number; posts: number; skipped: number }[];
  posts: number;
  accounts: number;
  skipped: number;
  /** First N skipped rows, for the report. */
  skippedExamples: SkippedRow[];
}

export interface RunParameters {
  inputs: string[];
  format: string;
  behaviours: Behaviour[];
  /** Window in seconds per behaviour (after `auto` was resolved). */
  windows: Partial<Record<Behaviour, number>>;
  windowSource: 'given' | 'auto' | 'default';
  minParticipation: number;
  semantics: Semantics;
  fdr: number;
  seed: number;
  [extra: string]: unknown;
}

export interface DetectionResult {
  parameters: RunParameters;
  input: InputSummary;
  edges: Edge[];
  accounts: AccountResult[];
  networks: Network[];
  /** Stage name → milliseconds. */
  timings: Record<string, number>;
  peakRssBytes: number;
  startedAt: string;
  finishedAt: string;
  lockstepVersion: string;
}
