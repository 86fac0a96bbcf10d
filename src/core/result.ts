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
  /** Expected weight (or co-actions) under the chance model; undefined in parity mode. */
  expected?: number;
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

export interface AccountResult {
  account: string;
  screenName?: string;
  /** Network id, or null when the account is in no reported network. */
  network: string | null;
  /** Strength of the account's coordinated ties (sum of significant edge weights). */
  score: number;
  posts: number;
  signals: AccountSignal[];
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

export interface Network {
  /** Stable within a run: "N1", "N2" … by decreasing score. */
  id: string;
  members: string[];
  behaviours: Behaviour[];
  /** Sum of member-to-member edge weights. */
  score: number;
  /** Co-activity expected by chance among the members (same model as Edge.expected). */
  expected?: number;
  /** Combined chance estimate for the whole network. */
  pValue?: number;
  qValue?: number;
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
