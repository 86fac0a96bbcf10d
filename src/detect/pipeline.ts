/**
 * `detect`: the whole detection run, as its stages. Posts → columnar actions per behaviour
 * (engine/actions.ts) → windowed co-action counting, either CooRTweet parity (engine/coortweet.ts) or
 * Lockstep's counting (engine/lockstep.ts) → fusion into one account graph with the chance model,
 * Benjamini–Hochberg and the effect floor (fusion.ts, engine/null-model.ts) → Louvain clusters
 * (engine/cluster.ts) → networks with their own chance test and evidence (networks.ts,
 * network-chance.ts) → account results and signals (accounts.ts). docs/DETECT.md describes the
 * semantics; docs/SCALING.md the costs.
 */
import { BEHAVIOURS, type Behaviour } from '../core/behaviour.js';
import { LockstepError } from '../core/errors.js';
import type { DetectionResult, InputSummary, RunParameters } from '../core/result.js';
import { VERSION } from '../core/version.js';
import { accountResults } from './accounts.js';
import { collectActions, type ActionTable, type PostColumns, type PostInput } from './engine/actions.js';
import { clusterAccounts, type Clustering } from './engine/cluster.js';
import { clusterInWorker, type PendingClustering } from './engine/cluster-in-worker.js';
import { counterOf } from './counter.js';
import { nullModelOf } from './engine/null-model.js';
import type { ObjectReuse } from './engine/object-cache.js';
import { estimateWindow } from './engine/window-auto.js';
import { lockstepGraph, parityGraph, type BehaviourEdges, type Graph } from './fusion.js';
import { buildNetworks } from './networks.js';
import { prepareAhead, type Ahead } from './prepare-ahead.js';
import {
  ARCHIVE_FORMATS,
  DEFAULT_COORTWEET_WINDOW,
  DEFAULT_LOCKSTEP_WINDOW,
  resolveOptions,
  type DetectOptions,
  type Reference,
  type ResolvedOptions,
} from './options.js';
import type { SignedTexts } from './similar/index.js';
import { similarTable } from './similar/similar-table.js';
import type { DuckDbCounter } from './sql/duckdb-engine.js';

export async function detect(
  posts: PostInput,
  options: DetectOptions = {},
  /** What was read — or how to ask once reading is done (the CLI learns formats while it reads). */
  inputOrLater?: InputSummary | (() => InputSummary),
): Promise<DetectionResult> {
  const startedAt = new Date().toISOString();
  const opts = resolveOptions(options);
  const t0 = performance.now();
  const requested = opts.behaviours ?? [...BEHAVIOURS];
  const prepared = await collectActions(posts, {
    behaviours: requested,
    internPostIds: opts.semantics === 'coortweet',
    repostsOnlyRetweet: opts.semantics === 'lockstep',
    onProgress: (n) => {
      opts.onProgress('read', n);
    },
  });
  return runStages(prepared, opts, options.parallel, inputOrLater, {
    startedAt,
    actionsMs: performance.now() - t0,
  });
}

/** Action columns and tables, and optionally co-similar's signatures of their original texts. */
interface Prepared {
  columns: PostColumns;
  tables: ActionTable[];
  signed?: SignedTexts;
  /**
   * A monitor's per-object cache of lockstep's counting steps, per behaviour, with this tick's dirty
   * objects (engine/object-cache.ts): the result is the same, objects nobody touched cost less.
   */
  reuse?: ReadonlyMap<Behaviour, ObjectReuse>;
  /**
   * The caller reads `networks` only unless there are some (a monitor's tick): when the run finds no
   * network, account results and their signals (a pass over every account of the input) are not
   * computed and `accounts` is empty; everything else is as `detect`'s.
   */
  networksOnly?: boolean;
  /** Milliseconds the caller spent building the columns (run.json's `actions` timing). */
  actionsMs?: number;
  /**
   * `--engine duckdb`: the open database that read the input and holds its action tables
   * (duckdb-read.ts); the counting runs in it and closes it.
   */
  duckdb?: DuckDbCounter;
}

/**
 * `detect` from action columns a caller built itself (the monitor keeps its window's columns as posts
 * arrive, incremental/window-actions.ts, with co-similar's text signatures): the same stages and
 * result as `detect` over the posts those columns were collected from with `collectActions` and the
 * options' behaviours and semantics.
 */
export async function detectPrepared(
  prepared: Prepared,
  options: DetectOptions = {},
  inputOrLater?: InputSummary | (() => InputSummary),
): Promise<DetectionResult> {
  const startedAt = new Date().toISOString();
  return runStages(prepared, resolveOptions(options), options.parallel, inputOrLater, {
    startedAt,
    actionsMs: prepared.actionsMs ?? 0,
    networksOnly: prepared.networksOnly === true,
  });
}

/**
 * From this many ties (lockstep mode) Louvain runs in a worker thread beside the reported edges by
 * default: below it, the worker's start-up (~30–50 ms) costs about what the overlap saves.
 */
export const CLUSTER_IN_WORKER_FROM = 10_000;

async function runStages(
  prepared: Prepared,
  opts: ResolvedOptions,
  parallel: boolean | undefined,
  inputOrLater: InputSummary | (() => InputSummary) | undefined,
  run: { startedAt: string; actionsMs: number; networksOnly?: boolean },
): Promise<DetectionResult> {
  const { startedAt } = run;
  const requested = opts.behaviours ?? [...BEHAVIOURS];
  const { columns, tables } = prepared;
  const timings: Record<string, number> = { actions: Math.round(run.actionsMs) };
  let clock = performance.now();
  const lap = (stage: string): void => {
    const now = performance.now();
    timings[stage] = Math.round(now - clock);
    clock = now;
  };
  if (columns.count === 0) throw new LockstepError('ERR_DETECT_NO_INPUT', 'no posts to analyse');
  const input = typeof inputOrLater === 'function' ? inputOrLater() : inputOrLater;
  // co-similar runs beside the other behaviours' co-action counting (in a worker on large inputs).
  const similarStart = performance.now();
  const abort = new AbortController();
  const similar = requested.includes('co-similar')
    ? similarTable(columns, opts.seed, parallel, abort.signal, prepared.signed).then((t) => {
        timings['co-similar'] = Math.round(performance.now() - similarStart);
        return t;
      })
    : undefined;
  // Without a handler here, a failure while the main thread is busy would count as unhandled.
  similar?.catch(() => undefined);

  const used: ActionTable[] = [];
  const perBehaviour: BehaviourEdges[] = [];
  const windows: Partial<Record<Behaviour, number>> = {};
  const counter = counterOf(opts, requested.length, prepared.duckdb);
  const countBehaviours = async (ready: ActionTable[]): Promise<void> => {
    const fresh = ready.filter((t) => keep(t, opts));
    Object.assign(windows, resolveWindows(fresh, columns, opts));
    for (const table of fresh) {
      opts.onProgress(`co-actions: ${table.behaviour}`, used.length, requested.length);
      used.push(table);
      const reuse = prepared.reuse?.get(table.behaviour);
      perBehaviour.push(await counter.count(table, columns, windows[table.behaviour]!, reuse));
    }
  };
  const reference = resolveReference(opts.reference, input);
  let ahead: Ahead | undefined;
  try {
    await countBehaviours(tables);
    lap('co-actions');
    if (similar) {
      // Here the main thread would wait for co-similar's worker (at 3M–10M for seconds).
      ahead = prepareAhead(perBehaviour, columns, opts, reference, run.networksOnly === true);
      lap('prepared ahead');
      await countBehaviours([await similar]);
      lap('co-similar wait + co-actions');
    }
    await counter.settle(perBehaviour);
  } finally {
    abort.abort();
    await counter.close();
  }
  if (used.length === 0)
    throw new LockstepError('ERR_DETECT_NO_INPUT', 'the input supports none of the behaviours', {
      behaviours: requested,
    });
  const order = (b: Behaviour): number => BEHAVIOURS.indexOf(b);
  used.sort((x, y) => order(x.behaviour) - order(y.behaviour));
  perBehaviour.sort((x, y) => order(x.behaviour) - order(y.behaviour));
  const windowSource = windowSourceOf(opts);

  // Stage names for progress: what the run is doing after the counting stage, one line each in logs.
  opts.onProgress('chance model and fusion', 0);
  // Lockstep mode: Louvain starts on the ties in a worker while the chance stage builds the reported
  // edges (engine/cluster-in-worker.ts); the `cluster` timing is then what is left to wait for.
  let clustering: PendingClustering | undefined;
  const startClustering = (ties: Graph['significant']): void => {
    if (parallel ?? ties.length >= CLUSTER_IN_WORKER_FROM)
      clustering = clusterInWorker(columns.accounts.size, ties, opts.seed);
  };

  let graph: Graph;
  let clusters: Clustering;
  try {
    graph =
      opts.semantics === 'coortweet'
        ? parityGraph(perBehaviour, columns)
        : lockstepGraph(perBehaviour, columns, opts, reference, ahead?.models, startClustering);
    lap('chance');

    opts.onProgress('clustering', 0);
    clusters = clustering
      ? await clustering.result
      : clusterAccounts(columns.accounts.size, graph.significant, opts.seed);
    if (clustering?.answeredMs !== undefined) timings['cluster (worker)'] = Math.round(clustering.answeredMs);
    lap('cluster');
  } finally {
    clustering?.cancel();
  }
  const { community, count, modularity } = clusters;

  opts.onProgress('networks and evidence', 0);
  const networks = await buildNetworks(community, count, graph, perBehaviour, columns, used, opts, parallel);
  if (networks.contrastWorkerMs !== undefined)
    timings['organic contrast (worker)'] = Math.round(networks.contrastWorkerMs);
  lap('evidence');

  opts.onProgress('account signals', 0);
  const accounts =
    run.networksOnly === true && networks.list.length === 0
      ? []
      : accountResults(columns, graph, networks.networkOf, networks.list, networks.membersOf, ahead?.signals);
  lap('signals');

  const parameters: RunParameters = {
    inputs: input?.files.map((f) => f.path) ?? [],
    format: input?.files[0]?.format ?? 'unknown',
    behaviours: used.map((t) => t.behaviour),
    windows,
    windowSource,
    minParticipation: opts.minParticipation,
    semantics: opts.semantics,
    engine: opts.engine,
    fdr: opts.fdr,
    seed: opts.seed,
    maxCrowd: opts.semantics === 'lockstep' ? opts.maxCrowd : undefined,
    effectFloor: opts.semantics === 'lockstep' ? opts.effectFloor : undefined,
    minObjects: opts.semantics === 'lockstep' ? opts.minObjects : undefined,
    nullModel: opts.semantics === 'lockstep' ? nullModelOf(reference) : undefined,
    reference: opts.semantics === 'lockstep' ? reference : undefined,
    modularity,
    diagnostics: Object.fromEntries(
      perBehaviour.map((b) => [
        b.behaviour,
        b.parity ?? {
          actions: b.pass!.table.object.length,
          eligibleActions: b.pass!.eligibleActions,
          collapsedActions: b.pass!.collapsedActions,
          crowdedActions: b.pass!.crowdedActions,
          activeAccounts: b.pass!.activeAccounts,
          coActions: b.pass!.coActions,
          coActingPairs: b.counted?.pairs ?? b.pairs.size,
        },
      ]),
    ),
  };
  return {
    parameters,
    input: input ?? {
      files: [],
      posts: columns.count,
      accounts: columns.accounts.size,
      skipped: 0,
      skippedExamples: [],
    },
    edges: graph.edges,
    accounts,
    networks: networks.list,
    timings,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    startedAt,
    finishedAt: new Date().toISOString(),
    lockstepVersion: VERSION,
  };
}

function needs(b: Behaviour): string {
  const fields: Record<Behaviour, string> = {
    'co-retweet': 'reposts with a target id or retweet text',
    'co-link': 'URLs',
    'co-domain': 'URL domains',
    'co-hashtag': 'hashtags',
    'co-post': 'original post text of at least 4 words',
    'co-similar': 'post text',
    'co-reply': 'reply targets',
    'co-mention': 'mentions',
    'co-image': 'image hashes',
  };
  return `needs ${fields[b]}`;
}

function resolveWindows(
  used: ActionTable[],
  columns: PostColumns,
  opts: ResolvedOptions,
): Partial<Record<Behaviour, number>> {
  const fallback = opts.semantics === 'coortweet' ? DEFAULT_COORTWEET_WINDOW : DEFAULT_LOCKSTEP_WINDOW;
  const windows: Partial<Record<Behaviour, number>> = {};
  const w = opts.window;
  for (const t of used) {
    if (typeof w === 'number') windows[t.behaviour] = w;
    else if (w === 'auto') windows[t.behaviour] = estimateWindow(t, columns) ?? fallback;
    else windows[t.behaviour] = w?.[t.behaviour] ?? fallback;
  }
  return windows;
}

function windowSourceOf(opts: ResolvedOptions): RunParameters['windowSource'] {
  const w = opts.window;
  return w === 'auto' ? 'auto' : w === undefined ? 'default' : 'given';
}

/**
 * Whether a table takes part: an empty one is skipped, unless the caller named its behaviour, which is
 * then an error (the input cannot support what was asked for).
 */
function keep(t: ActionTable, opts: ResolvedOptions): boolean {
  if (t.object.length > 0) return true;
  if (opts.behaviours)
    throw new LockstepError(
      'ERR_DETECT_BEHAVIOUR_UNSUPPORTED',
      `the input has nothing for ${t.behaviour} (${needs(t.behaviour)})`,
      { behaviour: t.behaviour },
    );
  return false;
}

/** 'auto' → 'archive' when every input file is in an information-operations archive layout. */
function resolveReference(r: ResolvedOptions['reference'], input: InputSummary | undefined): Reference {
  if (r !== 'auto') return r;
  const files = input?.files ?? [];
  return files.length > 0 && files.every((f) => ARCHIVE_FORMATS.includes(f.format)) ? 'archive' : 'crowd';
}
