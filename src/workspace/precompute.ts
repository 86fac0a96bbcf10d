/**
 * Turns a detection run (DetectionResult, plus optionally its input posts) into the rows the workspace
 * pages read: the graph page and its edge chunks (graph-page.ts: every account in the result as a
 * node with its position, every reported edge strongest ties first, the networks), one row per account (result, partners, activity, example posts) and the data set's
 * hour-of-day profile, and the data-set dashboard's pages (dashboard/digest.ts). Import pays once so
 * that a page open is one keyed read.
 *
 * Cost: O(E + A + N) over the result's edges, accounts and network evidence, plus one streaming pass
 * over the input posts when given (O(P) time, O(A × buckets) memory: only the result's accounts are
 * counted, never every account of the data set).
 */
import { createHash } from 'node:crypto';
import type { Post } from '../core/post.js';
import type { PostView } from '../ingest/index.js';
import type { AccountResult, DetectionResult, Edge, ExamplePost } from '../core/result.js';
import type { RunAccountRow, RunWrite } from '../store/run-records.js';
import { DashboardDigest } from './dashboard/digest.js';
import type {
  AccountPage,
  Activity,
  ExamplePost as ExampleView,
  NetworkView,
  RunSummary,
  RunTlp,
} from './api-schema.js';
import { graphPages } from './graph-page.js';
import { iso, ratioOf, repostBody } from './view-values.js';

export interface RunMeta {
  org: string;
  tlp: RunTlp;
  title: string;
  /** ISO time of the import. */
  addedAt: string;
}

/** Examples kept per account from the input posts. */
const EXAMPLES_PER_ACCOUNT = 10;
const DAY = 86_400;

/** Stable run id: the same run.json facts published by the same org give the same id. */
export function runId(org: string, result: DetectionResult): string {
  const h = createHash('sha256')
    .update(JSON.stringify([org, result.startedAt, result.finishedAt, result.parameters, result.input]))
    .digest('hex');
  return `run-${h.slice(0, 16)}`;
}

export function runSummary(id: string, meta: RunMeta, r: DetectionResult): RunSummary {
  const p = r.parameters;
  return {
    id,
    org: meta.org,
    tlp: meta.tlp,
    title: meta.title,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    addedAt: meta.addedAt,
    posts: r.input.posts,
    accounts: r.accounts.length,
    networks: r.networks.length,
    edges: r.edges.length,
    parameters: {
      inputs: p.inputs,
      format: p.format,
      behaviours: p.behaviours,
      windows: p.windows,
      semantics: p.semantics,
      fdr: p.fdr,
      seed: p.seed,
    },
    input: { posts: r.input.posts, accounts: r.input.accounts, skipped: r.input.skipped },
  };
}

function exampleView(e: ExamplePost): ExampleView {
  return {
    id: e.id ?? null,
    account: e.account,
    time: iso(e.time),
    text: e.text ?? null,
    behaviour: e.behaviour,
    repostOf: null,
  };
}

/** An input post as an example: its own text, no behaviour; a repost names the original's author. */
function inputExample(p: Post): ExampleView {
  return {
    id: p.id ?? null,
    account: p.account,
    time: iso(p.time),
    text: p.text ?? null,
    behaviour: null,
    repostOf: p.isRepost ? (p.repostOfAccount ?? null) : null,
  };
}

function networkViews(r: DetectionResult, originals?: ReadonlyMap<string, OriginalPost>): NetworkView[] {
  return r.networks.map((n) => ({
    id: n.id,
    members: n.members,
    behaviours: n.behaviours,
    score: n.score,
    ratio: ratioOf(n.observed, n.expected),
    q: n.qValue ?? null,
    summary: n.summary,
    topObjects: n.topObjects.map((o) => ({
      behaviour: o.behaviour,
      object: o.object,
      label: o.label ?? null,
      accounts: o.accounts,
      actions: o.actions,
      original: o.behaviour === 'co-retweet' ? (originals?.get(o.object) ?? null) : null,
    })),
    timeline: n.timeline.map((b) => ({
      start: iso(b.start),
      end: iso(b.end),
      coActions: b.coActions,
      accounts: b.accounts,
    })),
    examples: n.examples.map(exampleView),
  }));
}

/** What a reshared post id points to. */
export interface OriginalPost {
  author: string | null;
  text: string | null;
}

/** The co-retweet objects of the run's networks: the post ids whose originals the pages show. */
export function resharedIds(r: DetectionResult): Set<string> {
  const ids = new Set<string>();
  for (const n of r.networks)
    for (const o of n.topObjects) if (o.behaviour === 'co-retweet') ids.add(o.object);
  return ids;
}

/**
 * A post as the digest's pass reads it: a Post, or a reader's row view (ingest's PostView, valid only
 * during `add`), whose fields are decoded only when asked for — most posts are not the run's
 * accounts', and for those the digest reads the time, the account and the item lists, never the text.
 */
export type DigestPost = Post | PostView;

/** A post kept past `add` (an example): a view is copied into the Post its reader would build. */
const kept = (p: DigestPost): Post => ('toPost' in p ? p.toPost() : p);

/** Per-account counts and examples gathered in one pass over the input posts. */
export class PostDigest {
  readonly hours = new Map<string, number[]>();
  readonly datasetHours: number[] = new Array<number>(24).fill(0);
  readonly buckets = new Map<string, Map<number, number>>();
  readonly examples = new Map<string, Post[]>();
  minTime = Infinity;
  maxTime = -Infinity;
  /** The data-set dashboard's counts (dashboard/digest.ts), gathered in the same pass. */
  readonly dashboard: DashboardDigest;
  /** What each asked-for reshared post id points to: its author and text (see `add`). */
  readonly originals = new Map<string, OriginalPost>();
  /**
   * `reshared`: post ids the run names as shared objects (co-retweet) whose original the pages should
   * show instead of the bare id.
   */
  constructor(
    private readonly accounts: ReadonlySet<string>,
    private readonly reshared: ReadonlySet<string> = new Set(),
  ) {
    this.dashboard = new DashboardDigest(accounts);
  }

  /** The original itself wins; else the first repost of it names the author and carries the text. */
  private original(p: DigestPost): void {
    const id = p.id;
    if (id !== undefined && this.reshared.has(id))
      this.originals.set(id, { author: p.account, text: p.text ?? null });
    const of = p.repostOf;
    if (p.isRepost && of !== undefined && this.reshared.has(of) && !this.originals.has(of))
      this.originals.set(of, { author: p.repostOfAccount ?? null, text: repostBody(p.text) });
  }

  add(p: DigestPost): void {
    this.dashboard.add(p);
    if (this.reshared.size > 0) this.original(p);
    // The UTC hour of day without a Date per post (the import's pass runs this for every post).
    const hour = ((Math.floor(p.time / 3600) % 24) + 24) % 24;
    this.datasetHours[hour]!++;
    if (p.time < this.minTime) this.minTime = p.time;
    if (p.time > this.maxTime) this.maxTime = p.time;
    if (!this.accounts.has(p.account)) return;
    let h = this.hours.get(p.account);
    if (!h) this.hours.set(p.account, (h = new Array<number>(24).fill(0)));
    h[hour]!++;
    // Hourly buckets first; activity() folds them into days for long data sets.
    let b = this.buckets.get(p.account);
    if (!b) this.buckets.set(p.account, (b = new Map<number, number>()));
    const slot = Math.floor(p.time / 3600);
    b.set(slot, (b.get(slot) ?? 0) + 1);
    let ex = this.examples.get(p.account);
    if (!ex) this.examples.set(p.account, (ex = []));
    if (ex.length < EXAMPLES_PER_ACCOUNT) ex.push(kept(p));
  }

  /** Hourly when the data set spans ≤ 31 days, else daily; dense from the data set's first bucket. */
  activity(account: string): Activity | null {
    const b = this.buckets.get(account);
    if (!Number.isFinite(this.minTime)) return null;
    const bucketSeconds = this.maxTime - this.minTime <= 31 * DAY ? 3600 : DAY;
    const per = bucketSeconds / 3600;
    const first = Math.floor(this.minTime / bucketSeconds);
    const n = Math.floor(this.maxTime / bucketSeconds) - first + 1;
    const counts = new Array<number>(n).fill(0);
    for (const [slot, c] of b ?? []) {
      const i = Math.floor(slot / per) - first;
      if (i >= 0 && i < n) counts[i]! += c;
    }
    return { start: iso(first * bucketSeconds), bucketSeconds, counts };
  }
}

function accountPage(
  runIdValue: string,
  a: AccountResult,
  partnersOf: Map<string, Edge[]>,
  labels: Map<string, string>,
  networkExamples: Map<string, ExamplePost[]>,
  digest: PostDigest | undefined,
): AccountPage {
  const partners = (partnersOf.get(a.account) ?? [])
    .map((e) => {
      const other = e.a === a.account ? e.b : e.a;
      // edges.csv's lag is t_b − t_a: seen from this account, a positive lag means the partner came after.
      const lag = e.lag === undefined ? null : e.a === a.account ? e.lag : -e.lag;
      return {
        account: other,
        label: labels.get(other) ?? other,
        behaviour: e.behaviour,
        coActions: e.coActions,
        objects: e.objects,
        weight: e.weight,
        ratio: ratioOf(e.observed, e.expected),
        lag,
        first: iso(e.first),
        last: iso(e.last),
      };
    })
    .sort((x, y) => y.weight - x.weight);
  // One entry per post: a post several behaviours picked (co-post and co-similar) lists them all.
  const byPost = new Map<string, ExampleView>();
  for (const e of [
    ...(networkExamples.get(a.account) ?? []).map(exampleView),
    ...(digest?.examples.get(a.account) ?? []).map(inputExample),
  ]) {
    const key = e.id ?? `${e.time} ${e.text ?? ''}`;
    const seen = byPost.get(key);
    if (!seen) byPost.set(key, e);
    else if (e.behaviour !== null && !(seen.behaviour ?? '').split(', ').includes(e.behaviour))
      seen.behaviour = seen.behaviour === null ? e.behaviour : `${seen.behaviour}, ${e.behaviour}`;
  }
  const examples = [...byPost.values()].sort((x, y) => x.time.localeCompare(y.time)).slice(0, 20);
  return {
    runId: runIdValue,
    account: a.account,
    screenName: a.screenName ?? null,
    network: a.network,
    score: a.score,
    posts: a.posts,
    signals: a.signals,
    automation: a.automation
      ? {
          score: a.automation.score,
          contributions: a.automation.contributions.map((c) => ({
            signal: c.signal,
            logOdds: c.logOdds,
            available: c.available,
            explanation: c.explanation,
          })),
        }
      : null,
    partners,
    activity: digest ? digest.activity(a.account) : null,
    hours: digest ? (digest.hours.get(a.account) ?? new Array<number>(24).fill(0)) : null,
    datasetHours: digest ? digest.datasetHours : null,
    examples,
  };
}

/** Everything one run import writes. `digest` holds the input posts' pass, when they were read. */
export function precomputeRun(r: DetectionResult, meta: RunMeta, digest?: PostDigest): RunWrite {
  const id = runId(meta.org, r);
  const summary = runSummary(id, meta, r);
  const labels = new Map<string, string>();
  for (const a of r.accounts) labels.set(a.account, a.screenName ?? a.account);
  const partnersOf = new Map<string, Edge[]>();
  for (const e of r.edges)
    for (const id of [e.a, e.b]) {
      let list = partnersOf.get(id);
      if (!list) partnersOf.set(id, (list = []));
      list.push(e);
    }
  const networkExamples = new Map<string, ExamplePost[]>();
  for (const n of r.networks)
    for (const e of n.examples) {
      let list = networkExamples.get(e.account);
      if (!list) networkExamples.set(e.account, (list = []));
      list.push(e);
    }
  const accounts: RunAccountRow[] = r.accounts.map((a) => {
    const row: RunAccountRow = {
      account: a.account,
      network: a.network,
      score: a.score,
      automation: a.automation?.score ?? null,
      json: JSON.stringify(accountPage(id, a, partnersOf, labels, networkExamples, digest)),
    };
    if (a.screenName !== undefined) row.screenName = a.screenName;
    return row;
  });
  // The record's columns are the summary's scalar facts (the store writes only those columns);
  // parameters and the input summary travel in its JSON.
  return {
    run: { ...summary, json: JSON.stringify(summary) },
    pages: [
      ...graphPages(r, summary, networkViews(r, digest?.originals), digest?.dashboard.perAccount),
      ...(digest?.dashboard.pages() ?? []),
    ],
    accounts,
  };
}
