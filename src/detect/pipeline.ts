/**
 * `detect`: the whole detection run. Posts → columnar actions per behaviour (engine/actions.ts) →
 * windowed co-action counting, either CooRTweet parity (engine/coortweet.ts) or Lockstep's weighted
 * counting with a chance model (engine/lockstep.ts) → one fused account graph → significant edges
 * under Benjamini–Hochberg → Louvain clusters (engine/cluster.ts) → networks with a chance estimate and
 * evidence (engine/evidence.ts). docs/DETECT.md describes the semantics; docs/SCALING.md the costs.
 */
import { BEHAVIOURS, type Behaviour } from '../core/behaviour.js';
import { LockstepError } from '../core/errors.js';
import type { Post } from '../core/post.js';
import type {
  AccountResult,
  DetectionResult,
  Edge,
  InputSummary,
  Network,
  RunParameters,
} from '../core/result.js';
import { VERSION } from '../core/version.js';
import { collectActions, type ActionTable, type PostColumns } from './engine/actions.js';
import { benjaminiHochberg, poissonUpperTail } from './engine/chance.js';
import { clusterAccounts } from './engine/cluster.js';
import { coortweetPairs, type ParityDiagnostics } from './engine/coortweet.js';
import { networkEvidence, type OrderedActions } from './engine/evidence.js';
import { GrowableInt32 } from './engine/growable.js';
import { Interner } from './engine/intern.js';
import { lockstepPass, type BehaviourPass } from './engine/lockstep.js';
import { PairTable } from './engine/pair-table.js';
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
import { nearDuplicateGroups } from './similar/index.js';

interface BehaviourEdges {
  behaviour: Behaviour;
  pairs: PairTable;
  /** Lockstep mode only. */
  pass?: BehaviourPass;
  parity?: ParityDiagnostics;
}

export async function detect(
  posts: AsyncIterable<Post> | Iterable<Post>,
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
    keepText: true,
    onProgress: (n) => {
      opts.onProgress('read', n);
    },
  });
  if (columns.count === 0) throw new LockstepError('ERR_DETECT_NO_INPUT', 'no posts to analyse');
  lap('actions');
  if (requested.includes('co-similar')) {
    tables.push(similarTable(columns, opts.seed));
    lap('co-similar');
  }
  const used: ActionTable[] = [];
  for (const t of tables) {
    if (t.object.length > 0) used.push(t);
    else if (opts.behaviours)
      throw new LockstepError(
        'ERR_DETECT_BEHAVIOUR_UNSUPPORTED',
        `the input has nothing for ${t.behaviour} (${needs(t.behaviour)})`,
        { behaviour: t.behaviour },
      );
  }
  if (used.length === 0)
    throw new LockstepError('ERR_DETECT_NO_INPUT', 'the input supports none of the behaviours', {
      behaviours: requested,
    });
  used.sort((x, y) => BEHAVIOURS.indexOf(x.behaviour) - BEHAVIOURS.indexOf(y.behaviour));

  const { windows, windowSource } = resolveWindows(used, columns, opts);
  lap('windows');

  const perBehaviour: BehaviourEdges[] = [];
  for (const [k, table] of used.entries()) {
    opts.onProgress('co-actions', k, used.length);
    const w = windows[table.behaviour]!;
    if (opts.semantics === 'coortweet') {
      const r = coortweetPairs(table, columns, w, opts.minParticipation);
      perBehaviour.push({ behaviour: table.behaviour, pairs: r.pairs, parity: r.diagnostics });
    } else {
      const pass = lockstepPass(table, columns, { window: w, maxObjectAccounts: opts.maxObjectAccounts });
      perBehaviour.push({ behaviour: table.behaviour, pairs: pass.pairs, pass });
    }
  }
  lap('co-actions');

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
    maxObjectAccounts: opts.semantics === 'lockstep' ? opts.maxObjectAccounts : undefined,
    modularity,
    diagnostics: Object.fromEntries(
      perBehaviour.map((b) => [
        b.behaviour,
        b.parity ?? {
          actions: b.pass!.table.object.length,
          activeAccounts: b.pass!.activeAccounts,
          coActingPairs: b.pairs.size,
          totalWeight: b.pass!.totalWeight,
          skippedViralObjects: b.pass!.skippedViralObjects,
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
    accounts: accountResults(columns, graph, networks.networkOf, networks.list),
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

/** co-similar actions: (near-duplicate group, time) from src/detect/similar. */
function similarTable(columns: PostColumns, seed: number): ActionTable {
  const texts: string[] = [];
  const postOf: number[] = [];
  for (let p = 0; p < columns.count; p++) {
    const t = columns.texts[p];
    if (t !== undefined && t !== '') {
      texts.push(t);
      postOf.push(p);
    }
  }
  const groups = texts.length ? nearDuplicateGroups(texts, { seed }) : new Int32Array(0);
  const objects = new Interner();
  const object = new GrowableInt32();
  const post = new GrowableInt32();
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    if (g < 0) continue;
    object.push(objects.id(`similar:${g}`));
    post.push(postOf[i]!);
  }
  return { behaviour: 'co-similar', objects, object: object.toArray(), post: post.toArray() };
}

function resolveWindows(
  used: ActionTable[],
  columns: PostColumns,
  opts: ResolvedOptions,
): { windows: Partial<Record<Behaviour, number>>; windowSource: RunParameters['windowSource'] } {
  const fallback = opts.semantics === 'coortweet' ? DEFAULT_COORTWEET_WINDOW : DEFAULT_LOCKSTEP_WINDOW;
  const windows: Partial<Record<Behaviour, number>> = {};
  const w = opts.window;
  for (const t of used) {
    if (typeof w === 'number') windows[t.behaviour] = w;
    else if (w === 'auto') windows[t.behaviour] = estimateWindow(t, columns) ?? fallback;
    else windows[t.behaviour] = w?.[t.behaviour] ?? fallback;
  }
  const windowSource = w === 'auto' ? 'auto' : w === undefined ? 'default' : 'given';
  return { windows, windowSource };
}

/** The fused account graph plus the reported edges. */
interface Graph {
  fused: PairTable;
  /** Fused expected weight and q-value by fused slot (lockstep mode). */
  fusedExpected?: Float64Array;
  fusedQ?: Float64Array;
  significant: { a: number; b: number; weight: number }[];
  edges: Edge[];
  passes: BehaviourPass[];
  accountScore: Float64Array;
}

function edgeOf(
  columns: PostColumns,
  behaviour: Behaviour,
  pairs: PairTable,
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
    pairs.forEach((a, b, s) => {
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
    });
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
  return { fused, significant, edges, passes: [], accountScore };
}

/**
 * Fusion: one co-action often shows up in several behaviours at once (a retweet shares the original's
 * hashtags, mentions and near-identical text), so summing their evidence would count it several
 * times. A pair's fused p-value is therefore the Bonferroni-corrected minimum of its per-behaviour
 * p-values (B · min_b p_b), over the behaviours where the pair has at least `minParticipation`
 * co-actions; Benjamini–Hochberg then runs over all account pairs that could have co-acted.
 */
function lockstepGraph(perBehaviour: BehaviourEdges[], columns: PostColumns, opts: ResolvedOptions): Graph {
  const passes = perBehaviour.map((b) => b.pass!);
  const fused = new PairTable(1 << 14);
  for (const { pairs } of perBehaviour)
    pairs.forEach((a, b, s) => {
      fused.merge(
        a,
        b,
        pairs.weight[s]!,
        pairs.count[s]!,
        pairs.objects[s]!,
        pairs.first[s]!,
        pairs.last[s]!,
      );
    });
  let active = 0;
  for (let a = 0; a < columns.accounts.size; a++) if (passes.some((p) => p.activity[a]! > 0)) active++;
  const tests = (active * (active - 1)) / 2;
  const cap = fused.weight.length;
  const minP = new Float64Array(cap).fill(1);
  const fusedExpected = new Float64Array(cap);
  const behaviourP: Float64Array[] = [];
  for (const { pairs, pass } of perBehaviour) {
    const pb = new Float64Array(pairs.weight.length).fill(1);
    pairs.forEach((a, b, s) => {
      const expected = pass!.scale * pass!.activity[a]! * pass!.activity[b]!;
      const f = fused.find(a, b);
      fusedExpected[f]! += expected;
      // Pairs below minParticipation co-actions cannot be reported; p = 1 spares the tail.
      if (pairs.count[s]! < opts.minParticipation) return;
      pb[s] = poissonUpperTail(pairs.weight[s]!, expected);
      if (pb[s] < minP[f]!) minP[f] = pb[s];
    });
    behaviourP.push(pb);
  }
  const slots: number[] = [];
  fused.forEach((_a, _b, s) => slots.push(s));
  const B = perBehaviour.length;
  const q = benjaminiHochberg(
    Float64Array.from(slots, (s) => Math.min(1, B * minP[s]!)),
    Math.max(tests, slots.length),
  );
  const fusedQ = new Float64Array(cap).fill(1);
  const significant: Graph['significant'] = [];
  const accountScore = new Float64Array(columns.accounts.size);
  const isSignificant = new Uint8Array(cap);
  slots.forEach((s, i) => {
    fusedQ[s] = q[i]!;
  });
  fused.forEach((a, b, s) => {
    if (fusedQ[s]! > opts.fdr || minP[s]! >= 1) return;
    isSignificant[s] = 1;
    const w = fused.weight[s]!;
    significant.push({ a, b, weight: w });
    accountScore[a]! += w;
    accountScore[b]! += w;
  });

  // Per-behaviour edges of significant fused pairs, each with its own chance estimate.
  const edges: Edge[] = [];
  perBehaviour.forEach(({ behaviour, pairs, pass }, k) => {
    const n = pass!.activeAccounts;
    const pb = behaviourP[k]!;
    const pList: number[] = [];
    const rows: (Edge | undefined)[] = [];
    pairs.forEach((a, b, s) => {
      pList.push(pb[s]!);
      if (!isSignificant[fused.find(a, b)]) {
        rows.push(undefined);
        return;
      }
      const expected = pass!.scale * pass!.activity[a]! * pass!.activity[b]!;
      rows.push({ ...edgeOf(columns, behaviour, pairs, s, a, b), expected, pValue: pb[s]! });
    });
    const bq = benjaminiHochberg(Float64Array.from(pList), Math.max(pList.length, (n * (n - 1)) / 2));
    rows.forEach((e, i) => {
      if (e) edges.push({ ...e, qValue: bq[i]! });
    });
  });
  edges.sort(byEdge);
  return { fused, fusedExpected, fusedQ, significant, edges, passes, accountScore };
}

function buildNetworks(
  community: Int32Array,
  count: number,
  graph: Graph,
  perBehaviour: BehaviourEdges[],
  columns: PostColumns,
  used: ActionTable[],
  opts: ResolvedOptions,
): { list: Network[]; networkOf: Int32Array } {
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let a = 0; a < community.length; a++) if (community[a]! >= 0) members[community[a]!]!.push(a);
  const observed = new Float64Array(count);
  const score = new Float64Array(count);
  const edgeCount = new Int32Array(count);
  graph.fused.forEach((a, b, s) => {
    const c = community[a]!;
    if (c >= 0 && c === community[b]) observed[c]! += graph.fused.weight[s]!;
  });
  // Per behaviour observed weight inside each community (for the network chance test).
  const observedBy = perBehaviour.map(({ pairs }) => {
    const w = new Float64Array(count);
    pairs.forEach((a, b, s) => {
      const c = community[a]!;
      if (c >= 0 && c === community[b]) w[c]! += pairs.weight[s]!;
    });
    return w;
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
    // members' co-activity given its expectation under the configuration null.
    const B = graph.passes.length;
    for (const { m, c } of candidates) {
      let e = 0;
      let best = 1;
      graph.passes.forEach((pass, k) => {
        let s = 0;
        let s2 = 0;
        for (const a of m) {
          const x = pass.activity[a]!;
          s += x;
          s2 += x * x;
        }
        const eb = (pass.scale * (s * s - s2)) / 2;
        e += eb;
        best = Math.min(best, poissonUpperTail(observedBy[k]![c]!, eb));
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
  return { list, networkOf };
}

function accountResults(
  columns: PostColumns,
  graph: Graph,
  networkOf: Int32Array,
  networks: Network[],
): AccountResult[] {
  const posts = new Int32Array(columns.accounts.size);
  for (let p = 0; p < columns.count; p++) posts[columns.account[p]!]! += 1;
  const out: AccountResult[] = [];
  for (let a = 0; a < columns.accounts.size; a++) {
    if (graph.accountScore[a] === 0 && networkOf[a] === -1) continue;
    const net = networkOf[a]!;
    out.push({
      account: columns.accounts.str(a),
      screenName: columns.screenNames.get(a),
      network: net >= 0 ? networks[net]!.id : null,
      score: graph.accountScore[a]!,
      posts: posts[a]!,
      signals: [],
    });
  }
  out.sort((x, y) => y.score - x.score || (x.account < y.account ? -1 : 1));
  return out;
}
