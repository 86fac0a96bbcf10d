/**
 * `detect`: the whole detection run. Posts → columnar actions per behaviour (engine/actions.ts) →
 * windowed co-action counting, either CooRTweet parity (engine/coortweet.ts) or Lockstep's weighted
 * counting with a chance model (engine/lockstep.ts) → one fused account graph → significant edges
 * under Benjamini–Hochberg → Louvain clusters (engine/cluster.ts) → networks with a chance estimate and
 * evidence (engine/evidence.ts). docs/DETECT.md describes the semantics; docs/SCALING.md the costs.
 */
import { BEHAVIOURS, type Behaviour } from '../core/behaviour.js';
import { LockstepError } from '../core/errors.js';
import type {
  AccountResult,
  DetectionResult,
  Edge,
  InputSummary,
  Network,
  RunParameters,
} from '../core/result.js';
import { VERSION } from '../core/version.js';
import { collectActions, type ActionTable, type PostColumns, type PostInput } from './engine/actions.js';
import { benjaminiHochberg, logGamma, poissonUpperTail } from './engine/chance.js';
import { clusterAccounts } from './engine/cluster.js';
import { coortweetPairs, type ParityDiagnostics } from './engine/coortweet.js';
import { networkEvidence, type OrderedActions } from './engine/evidence.js';
import { GrowableInt32 } from './engine/growable.js';
import { Interner } from './engine/intern.js';
import { expectedCoActions, lockstepPass, symmetricCrowd, type BehaviourPass } from './engine/lockstep.js';
import { PairTable, type PairColumns } from './engine/pair-table.js';
import { orderByObjectTime } from './engine/sort.js';
import { estimateWindow } from './engine/window-auto.js';
import { summarise } from './summary.js';
import {
  DEFAULT_COORTWEET_WINDOW,
  DEFAULT_LOCKSTEP_WINDOW,
  resolveOptions,
  type DetectOptions,
  type ResolvedOptions,
} from './options.js';
import { nearDuplicateGroups, nearDuplicateGroupsInWorker } from './similar/index.js';
import {
  accountSignals,
  automationContext,
  automationScore,
  networkBaseline,
  networkSignals,
  populationStats,
} from './signals/index.js';
import { accountActivities } from './engine/activity-columns.js';

interface BehaviourEdges {
  behaviour: Behaviour;
  pairs: PairColumns;
  /** Lockstep mode only. */
  pass?: BehaviourPass;
  parity?: ParityDiagnostics;
}

export async function detect(
  posts: PostInput,
  options: DetectOptions = {},
  input?: InputSummary,
): Promise<DetectionResult> {
  const startedAt = new Date().toISOString();
  const opts = resolveOptions(options);
  const timings: Record<string, number> = {};
  let clock = performance.now();
  const lap = (stage: string): void => {
    const now = performance.now();
    timings[stage] = Math.round(now - clock);
    clock = now;
  };

  const requested = opts.behaviours ?? [...BEHAVIOURS];
  const { columns, tables } = await collectActions(posts, {
    behaviours: requested,
    internPostIds: opts.semantics === 'coortweet',
    repostsOnlyRetweet: opts.semantics === 'lockstep',
    onProgress: (n) => {
      opts.onProgress('read', n);
    },
  });
  if (columns.count === 0) throw new LockstepError('ERR_DETECT_NO_INPUT', 'no posts to analyse');
  lap('actions');
  // co-similar runs beside the other behaviours' co-action counting (in a worker on large inputs).
  const similarStart = performance.now();
  const abort = new AbortController();
  const similar = requested.includes('co-similar')
    ? similarTable(columns, opts.seed, options.parallel, abort.signal).then((t) => {
        timings['co-similar'] = Math.round(performance.now() - similarStart);
        return t;
      })
    : undefined;
  // Without a handler here, a failure while the main thread is busy would count as unhandled.
  similar?.catch(() => undefined);

  const used: ActionTable[] = [];
  const perBehaviour: BehaviourEdges[] = [];
  const windows: Partial<Record<Behaviour, number>> = {};
  const countBehaviours = (ready: ActionTable[]): void => {
    const fresh = ready.filter((t) => keep(t, opts));
    Object.assign(windows, resolveWindows(fresh, columns, opts));
    for (const table of fresh) {
      opts.onProgress('co-actions', used.length, requested.length);
      used.push(table);
      perBehaviour.push(countCoActions(table, columns, windows[table.behaviour]!, opts));
    }
  };
  try {
    countBehaviours(tables);
    lap('co-actions');
    if (similar) {
      countBehaviours([await similar]);
      lap('co-similar wait + co-actions');
    }
  } finally {
    abort.abort();
  }
  if (used.length === 0)
    throw new LockstepError('ERR_DETECT_NO_INPUT', 'the input supports none of the behaviours', {
      behaviours: requested,
    });
  const order = (b: Behaviour): number => BEHAVIOURS.indexOf(b);
  used.sort((x, y) => order(x.behaviour) - order(y.behaviour));
  perBehaviour.sort((x, y) => order(x.behaviour) - order(y.behaviour));
  const windowSource = windowSourceOf(opts);

  const graph =
    opts.semantics === 'coortweet'
      ? parityGraph(perBehaviour, columns)
      : lockstepGraph(perBehaviour, columns, opts);
  lap('chance');

  const { community, count, modularity } = clusterAccounts(
    columns.accounts.size,
    graph.significant,
    opts.seed,
  );
  lap('cluster');

  const networks = buildNetworks(community, count, graph, perBehaviour, columns, used, opts);
  lap('evidence');

  const accounts = accountResults(columns, graph, networks.networkOf, networks.list, networks.membersOf);
  lap('signals');

  const parameters: RunParameters = {
    inputs: input?.files.map((f) => f.path) ?? [],
    format: input?.files[0]?.format ?? 'unknown',
    behaviours: used.map((t) => t.behaviour),
    windows,
    windowSource,
    minParticipation: opts.minParticipation,
    semantics: opts.semantics,
    fdr: opts.fdr,
    seed: opts.seed,
    maxCrowd: opts.semantics === 'lockstep' ? opts.maxCrowd : undefined,
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
          coActingPairs: b.pairs.size,
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

/**
 * From this many texts co-similar runs in a worker thread by default: below it, starting the worker
 * (~30 ms built, more under tsx) costs about what the overlap saves.
 */
const PARALLEL_SIMILAR_TEXTS = 50_000;

/**
 * co-similar actions: (near-duplicate group, post) from src/detect/similar, over the distinct
 * normalised texts of original posts only (a repost's text is its original's; co-retweet covers it).
 * A distinct text used by several posts is passed twice, so exact repeats still form a group, as they
 * would if every post's text were passed; the cost is O(distinct texts), not O(posts).
 */
async function similarTable(
  columns: PostColumns,
  seed: number,
  parallel: boolean | undefined,
  signal: AbortSignal,
): Promise<ActionTable> {
  const distinct = columns.originalTexts.strings;
  const uses = new Int32Array(distinct.length);
  for (let p = 0; p < columns.count; p++) {
    const k = columns.originalText[p]!;
    if (k >= 0 && uses[k]! < 2) uses[k]! += 1;
  }
  const input: string[] = distinct.slice();
  for (let k = 0; k < distinct.length; k++) if (uses[k]! >= 2) input.push(distinct[k]!);
  const inWorker = parallel ?? input.length >= PARALLEL_SIMILAR_TEXTS;
  const groups =
    input.length === 0
      ? new Int32Array(0)
      : inWorker
        ? await nearDuplicateGroupsInWorker(input, { seed }, signal)
        : nearDuplicateGroups(input, { seed });
  const objects = new Interner();
  const object = new GrowableInt32();
  const post = new GrowableInt32();
  const groupObject = new Int32Array(distinct.length).fill(-1);
  for (let p = 0; p < columns.count; p++) {
    const k = columns.originalText[p]!;
    if (k < 0) continue;
    const g = groups[k]!;
    if (g < 0) continue;
    let o = groupObject[k]!;
    if (o < 0) o = groupObject[k] = objects.id(`similar:${g}`);
    object.push(o);
    post.push(p);
  }
  return { behaviour: 'co-similar', objects, object: object.toArray(), post: post.toArray() };
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

function countCoActions(
  table: ActionTable,
  columns: PostColumns,
  window: number,
  opts: ResolvedOptions,
): BehaviourEdges {
  if (opts.semantics === 'coortweet') {
    const r = coortweetPairs(table, columns, window, opts.minParticipation);
    return { behaviour: table.behaviour, pairs: r.pairs, parity: r.diagnostics };
  }
  const pass = lockstepPass(table, columns, {
    window,
    maxCrowd: opts.maxCrowd,
    minPairCoActions: Math.max(1, opts.minParticipation),
  });
  return { behaviour: table.behaviour, pairs: pass.pairs, pass };
}

/** The fused account graph plus the reported edges. */
interface Graph {
  significant: { a: number; b: number; weight: number }[];
  edges: Edge[];
  passes: BehaviourPass[];
  accountScore: Float64Array;
}

function edgeOf(
  columns: PostColumns,
  behaviour: Behaviour,
  pairs: PairColumns,
  slot: number,
  a: number,
  b: number,
): Edge {
  let sa = columns.accounts.str(a);
  let sb = columns.accounts.str(b);
  if (sb < sa) [sa, sb] = [sb, sa];
  return {
    a: sa,
    b: sb,
    behaviour,
    weight: pairs.weight[slot]!,
    coActions: pairs.count[slot]!,
    objects: pairs.objects[slot]!,
    first: pairs.first[slot]!,
    last: pairs.last[slot]!,
  };
}

const byEdge = (x: Edge, y: Edge): number =>
  x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : x.behaviour < y.behaviour ? -1 : 1;

function parityGraph(perBehaviour: BehaviourEdges[], columns: PostColumns): Graph {
  const fused = new PairTable(1 << 12);
  const edges: Edge[] = [];
  for (const { behaviour, pairs } of perBehaviour) {
    for (let s = 0; s < pairs.capacity; s++) {
      const a = pairs.keysA[s]!;
      if (a === -1) continue;
      const b = pairs.keysB[s]!;
      edges.push(edgeOf(columns, behaviour, pairs, s, a, b));
      fused.merge(
        a,
        b,
        pairs.weight[s]!,
        pairs.count[s]!,
        pairs.objects[s]!,
        pairs.first[s]!,
        pairs.last[s]!,
      );
    }
  }
  const significant: Graph['significant'] = [];
  const accountScore = new Float64Array(columns.accounts.size);
  fused.forEach((a, b, s) => {
    const w = fused.weight[s]!;
    significant.push({ a, b, weight: w });
    accountScore[a]! += w;
    accountScore[b]! += w;
  });
  edges.sort(byEdge);
  return { significant, edges, passes: [], accountScore };
}

/**
 * Fusion: one co-action often shows up in several behaviours at once (a retweet shares the original's
 * hashtags, mentions and near-identical text), so summing their evidence would count it several
 * times. A pair's fused p-value is therefore the Bonferroni-corrected minimum of its per-behaviour
 * p-values (B · min_b p_b), over the behaviours where the pair has at least `minParticipation`
 * co-actions; Benjamini–Hochberg then runs over all m = A(A−1)/2 account pairs that could have
 * co-acted (unseen pairs have p = 1).
 *
 * Tails are computed only where they can matter: BH rejects a fused p only if it is ≤ fdr · R / m,
 * where R bounds the number of rejections (the candidate pairs), so a behaviour's p above
 * fdr · R / (m · B) can never make a pair significant. A pair whose co-actions do not exceed their
 * expectation, or whose single Poisson term P(X = x) already exceeds that bound (the tail is larger
 * still), is settled without the tail. This leaves the rejections — and their q-values — exactly as
 * with every tail computed; q-values of non-significant pairs are not reported.
 */
function lockstepGraph(perBehaviour: BehaviourEdges[], columns: PostColumns, opts: ResolvedOptions): Graph {
  const passes = perBehaviour.map((b) => b.pass!);
  const B = passes.length;
  const accountCount = columns.accounts.size;
  let active = 0;
  {
    const any = new Uint8Array(accountCount);
    for (const pass of passes) for (let a = 0; a < accountCount; a++) any[a]! |= pass.active[a]!;
    for (let a = 0; a < accountCount; a++) active += any[a]!;
  }
  const tests = (active * (active - 1)) / 2;
  let candidates = 0;
  for (const { pairs } of perBehaviour) {
    const { keysA, count } = pairs;
    for (let s = 0; s < pairs.capacity; s++)
      if (keysA[s] !== -1 && count[s]! >= opts.minParticipation) candidates++;
  }
  const bound = (opts.fdr * Math.max(1, candidates)) / (Math.max(tests, 1) * B);
  const logBound = Math.log(bound);

  // Per-behaviour p-values of pairs that may pass, fused by min. Few pairs survive the bound, so a Map
  // keyed by a · accounts + b (exact below 2^53) is fine here.
  const fusedIndex = new Map<number, number>();
  const fusedA: number[] = [];
  const fusedB: number[] = [];
  const minP: number[] = [];
  for (const { pairs, pass } of perBehaviour) {
    const { keysA, keysB, count } = pairs;
    for (let s = 0; s < pairs.capacity; s++) {
      const a = keysA[s]!;
      if (a === -1) continue;
      const x = count[s]!;
      if (x < opts.minParticipation) continue;
      const b = keysB[s]!;
      const e = expectedCoActions(pass!, a, b, s);
      if (x <= e) continue;
      if (-e + x * Math.log(e) - logGamma(x + 1) > logBound) continue;
      const p = poissonUpperTail(x, e);
      if (p > bound) continue;
      const key = a * accountCount + b;
      const f = fusedIndex.get(key);
      if (f === undefined) {
        fusedIndex.set(key, minP.length);
        fusedA.push(a);
        fusedB.push(b);
        minP.push(p);
      } else if (p < minP[f]!) minP[f] = p;
    }
  }
  const q = benjaminiHochberg(
    Float64Array.from(minP, (p) => Math.min(1, B * p)),
    Math.max(tests, minP.length),
  );
  const sigIndex = new Map<number, number>();
  const sigA: number[] = [];
  const sigB: number[] = [];
  for (let i = 0; i < minP.length; i++) {
    if (q[i]! > opts.fdr) continue;
    sigIndex.set(fusedA[i]! * accountCount + fusedB[i]!, sigA.length);
    sigA.push(fusedA[i]!);
    sigB.push(fusedB[i]!);
  }

  // Significant pairs: summed weight over behaviours; per-behaviour edges with their own chance test.
  const sigWeight = new Float64Array(sigA.length);
  const edges: Edge[] = [];
  perBehaviour.forEach(({ behaviour, pairs, pass }) => {
    const { keysA, keysB } = pairs;
    const n = pass!.activeAccounts;
    const rows: Edge[] = [];
    for (let s = 0; s < pairs.capacity; s++) {
      const a = keysA[s]!;
      if (a === -1) continue;
      const b = keysB[s]!;
      const f = sigIndex.get(a * accountCount + b);
      if (f === undefined) continue;
      sigWeight[f]! += pairs.weight[s]!;
      const expected = expectedCoActions(pass!, a, b, s);
      rows.push({
        ...edgeOf(columns, behaviour, pairs, s, a, b),
        expected,
        pValue: pairs.count[s]! < opts.minParticipation ? 1 : poissonUpperTail(pairs.count[s]!, expected),
      });
    }
    const bq = benjaminiHochberg(
      Float64Array.from(rows, (e) => e.pValue!),
      Math.max(rows.length, (n * (n - 1)) / 2),
    );
    rows.forEach((e, i) => edges.push({ ...e, qValue: bq[i]! }));
  });
  const significant: Graph['significant'] = [];
  const accountScore = new Float64Array(accountCount);
  sigA.forEach((a, i) => {
    const b = sigB[i]!;
    const w = sigWeight[i]!;
    significant.push({ a, b, weight: w });
    accountScore[a]! += w;
    accountScore[b]! += w;
  });
  edges.sort(byEdge);
  return { significant, edges, passes, accountScore };
}

function buildNetworks(
  community: Int32Array,
  count: number,
  graph: Graph,
  perBehaviour: BehaviourEdges[],
  columns: PostColumns,
  used: ActionTable[],
  opts: ResolvedOptions,
): { list: Network[]; networkOf: Int32Array; membersOf: number[][] } {
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let a = 0; a < community.length; a++) if (community[a]! >= 0) members[community[a]!]!.push(a);
  const observed = new Float64Array(count);
  const score = new Float64Array(count);
  const edgeCount = new Int32Array(count);
  // Per behaviour: members' co-actions and weight inside each community, and how much the co-acting
  // member pairs' expectations exceed the symmetric crowd term (the network chance test below).
  const coActionsBy = perBehaviour.map(() => new Float64Array(count));
  const excessBy = perBehaviour.map(() => new Float64Array(count));
  perBehaviour.forEach(({ pairs, pass }, k) => {
    const { keysA, keysB } = pairs;
    const x = coActionsBy[k]!;
    const excess = excessBy[k]!;
    for (let s = 0; s < pairs.capacity; s++) {
      const a = keysA[s]!;
      if (a === -1) continue;
      const b = keysB[s]!;
      const c = community[a]!;
      if (c < 0 || c !== community[b]) continue;
      x[c]! += pairs.count[s]!;
      observed[c]! += pairs.weight[s]!;
      if (pass) excess[c]! += expectedCoActions(pass, a, b, s) - symmetricCrowd(pass, a, b);
    }
  });
  for (const e of graph.significant) {
    const c = community[e.a]!;
    if (c >= 0 && c === community[e.b]) {
      score[c]! += e.weight;
      edgeCount[c]! += 1;
    }
  }
  const candidates = members.map((m, c) => ({ m, c })).filter((x) => x.m.length >= 2 && edgeCount[x.c]! > 0);
  const expected = new Float64Array(count);
  const pValue = new Float64Array(count).fill(NaN);
  if (opts.semantics === 'lockstep') {
    // As for edges: the Bonferroni-corrected minimum over behaviours of the Poisson tail of the
    // members' co-actions given their expectation: the symmetric crowd term over all member pairs,
    // Σ_{a<b} (n_a D_b + n_b D_a) / 2N = (Σn · ΣD − Σ n_a D_a) / 2N, plus the excess of the co-acting
    // pairs' own (larger) expectations.
    const B = graph.passes.length;
    for (const { m, c } of candidates) {
      let e = 0;
      let best = 1;
      graph.passes.forEach((pass, k) => {
        let sn = 0;
        let sd = 0;
        let snd = 0;
        for (const a of m) {
          sn += pass.activity[a]!;
          sd += pass.degree[a]!;
          snd += pass.activity[a]! * pass.degree[a]!;
        }
        const eb =
          (pass.eligibleActions > 0 ? (sn * sd - snd) / (2 * pass.eligibleActions) : 0) + excessBy[k]![c]!;
        e += eb;
        best = Math.min(best, poissonUpperTail(coActionsBy[k]![c]!, eb));
      });
      expected[c] = e;
      pValue[c] = Math.min(1, B * best);
    }
  }
  let kept = candidates;
  const qByC = new Map<number, number>();
  if (opts.semantics === 'lockstep' && candidates.length) {
    const q = benjaminiHochberg(Float64Array.from(candidates.map((x) => pValue[x.c]!)));
    candidates.forEach((x, i) => qByC.set(x.c, q[i]!));
    kept = candidates.filter((x) => qByC.get(x.c)! <= opts.fdr);
  }
  kept.sort((x, y) => score[y.c]! - score[x.c]! || x.m[0]! - y.m[0]!);
  const networkOf = new Int32Array(columns.accounts.size).fill(-1);
  kept.forEach((x, i) => {
    for (const a of x.m) networkOf[a] = i;
  });

  const ordered: OrderedActions[] = perBehaviour.map((b, i) => {
    if (b.pass) return b.pass;
    const table = used[i]!;
    const time = new Float64Array(table.object.length);
    for (let r = 0; r < time.length; r++) time[r] = columns.time[table.post[r]!]!;
    const { order, starts } = orderByObjectTime(table.object, time, table.objects.size);
    return { table, order, starts, kept: new Uint8Array(time.length).fill(1) };
  });
  const evidence = networkEvidence(networkOf, kept.length, ordered, columns);
  const list: Network[] = kept.map((x, i) => {
    const ev = evidence[i]!;
    const k = x.m.length;
    const memberNames = x.m.map((a) => columns.accounts.str(a)).sort();
    const net: Network = {
      id: `N${i + 1}`,
      members: memberNames,
      behaviours: ev.behaviours,
      score: score[x.c]!,
      expected: opts.semantics === 'lockstep' ? expected[x.c]! : undefined,
      pValue: opts.semantics === 'lockstep' ? pValue[x.c]! : undefined,
      qValue: opts.semantics === 'lockstep' ? qByC.get(x.c) : undefined,
      edges: edgeCount[x.c]!,
      density: k > 1 ? edgeCount[x.c]! / ((k * (k - 1)) / 2) : 0,
      topObjects: ev.topObjects,
      timeline: ev.timeline,
      examples: ev.examples,
      summary: '',
    };
    net.summary = summarise(net, observed[x.c]!, ev.sharedObjects, opts.semantics);
    return net;
  });
  return { list, networkOf, membersOf: kept.map((x) => x.m) };
}

/**
 * Per-account signals (src/detect/signals) for every reported account, against the whole data set's
 * population statistics, plus each network's signals (creation bursts, shared handle recipes,
 * synchronised hours against the data set's baseline): a network's signals are listed with each
 * member's own, and the flagged ones are added to the network's summary.
 */
function accountResults(
  columns: PostColumns,
  graph: Graph,
  networkOf: Int32Array,
  networks: Network[],
  membersOf: number[][],
): AccountResult[] {
  const activities = accountActivities(columns);
  const population = populationStats(activities);
  const automation = automationContext(activities);
  const baseline = networkBaseline(activities);
  const networkSignalsOf = membersOf.map((m, i) => {
    const sig = networkSignals(
      m.map((a) => activities[a]!),
      { baseline },
    );
    const flagged = sig.filter((x) => x.flagged).map((x) => x.explanation);
    if (flagged.length) networks[i]!.summary += ` ${flagged.join(' ')}`;
    return sig;
  });
  const out: AccountResult[] = [];
  for (let a = 0; a < columns.accounts.size; a++) {
    if (graph.accountScore[a] === 0 && networkOf[a] === -1) continue;
    const net = networkOf[a]!;
    const activity = activities[a]!;
    out.push({
      account: columns.accounts.str(a),
      screenName: columns.screenNames.get(a),
      network: net >= 0 ? networks[net]!.id : null,
      score: graph.accountScore[a]!,
      posts: activity.posts,
      signals: [...accountSignals(activity, population), ...(net >= 0 ? networkSignalsOf[net]! : [])],
      automation: automationScore(activity, automation, net >= 0 ? networkSignalsOf[net] : undefined),
    });
  }
  out.sort((x, y) => y.score - x.score || (x.account < y.account ? -1 : 1));
  return out;
}
