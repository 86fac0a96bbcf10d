/**
 * Networks: Louvain communities of the significant graph become reported networks — in lockstep mode
 * only those whose own chance test (network-chance.ts) passes BH at `fdr` and the effect floor, and
 * whose members acted together on at least `minObjects` distinct objects — with
 * ids N1… by decreasing score, evidence (engine/evidence.ts), the contrast with the accounts outside
 * them (engine/organic-contrast.ts) and a summary sentence (summary.ts). On large inputs the contrast
 * runs in a worker thread beside the evidence (engine/contrast-in-worker.ts), same result.
 */
import type { Network, NetworkAmplified, NetworkContrast } from '../core/result.js';
import type { ActionTable, PostColumns } from './engine/actions.js';
import { benjaminiHochberg } from './engine/chance.js';
import { networkEvidence, type NetworkEvidence, type OrderedActions } from './engine/evidence.js';
import { amplifiedAccounts } from './engine/amplified.js';
import { contrastInWorker, type PendingContrast } from './engine/contrast-in-worker.js';
import { contrastColumns, organicContrast } from './engine/organic-contrast.js';
import { orderByObjectTime } from './engine/sort.js';
import type { BehaviourEdges, Graph } from './fusion.js';
import { networkChance, type NetworkTest } from './network-chance.js';
import type { ResolvedOptions } from './options.js';
import { summarise } from './summary.js';

/**
 * From this many actions (over every behaviour) the organic contrast runs in a worker thread by
 * default: below it, the worker's start-up (~30–50 ms) costs about what the overlap saves.
 */
export const CONTRAST_IN_WORKER_FROM = 500_000;

export async function buildNetworks(
  community: Int32Array,
  count: number,
  graph: Graph,
  perBehaviour: BehaviourEdges[],
  columns: PostColumns,
  used: ActionTable[],
  opts: ResolvedOptions,
  /** The contrast in a worker: true always, false never, undefined from CONTRAST_IN_WORKER_FROM actions. */
  parallel?: boolean,
): Promise<{
  list: Network[];
  networkOf: Int32Array;
  membersOf: number[][];
  /** When the contrast ran in a worker: its wall from start to answer, ms. */
  contrastWorkerMs?: number;
}> {
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let a = 0; a < community.length; a++) if (community[a]! >= 0) members[community[a]!]!.push(a);
  const score = new Float64Array(count);
  const edgeCount = new Int32Array(count);
  rescore(community, graph, score, edgeCount);
  const candidates: number[] = [];
  for (let c = 0; c < count; c++) if (members[c]!.length >= 2 && edgeCount[c]! > 0) candidates.push(c);

  let kept = candidates;
  const tests = new Map<number, NetworkTest>();
  const qByC = new Map<number, number>();
  if (opts.semantics === 'lockstep' && candidates.length) {
    for (const [c, t] of networkChance(
      community,
      count,
      members,
      candidates,
      perBehaviour,
      graph,
      opts.effectFloor,
      opts.fdr,
    )) {
      tests.set(c, t);
      // Members without evidence of their own leave the network (network-chance.ts).
      if (t.members.length < members[c]!.length) {
        const keep = new Set(t.members);
        for (const a of members[c]!) if (!keep.has(a)) community[a] = -1;
        members[c] = t.members;
      }
    }
    rescore(community, graph, score, edgeCount);
    const tested = candidates.filter((c) => tests.has(c) && edgeCount[c]! > 0);
    const q = benjaminiHochberg(
      Float64Array.from(tested, (c) => tests.get(c)!.pValue),
      candidates.length,
    );
    tested.forEach((c, i) => qByC.set(c, q[i]!));
    kept = tested.filter((c) => qByC.get(c)! <= opts.fdr);
  }
  kept.sort((x, y) => score[y]! - score[x]! || members[x]![0]! - members[y]![0]!);
  const networkOf = new Int32Array(columns.accounts.size).fill(-1);
  kept.forEach((c, i) => {
    for (const a of members[c]!) networkOf[a] = i;
  });

  const ordered: OrderedActions[] = perBehaviour.map((b, i) => {
    if (b.pass) return b.pass;
    const table = used[i]!;
    const time = new Float64Array(table.object.length);
    for (let r = 0; r < time.length; r++) time[r] = columns.time[table.post[r]!]!;
    const { order, starts } = orderByObjectTime(table.object, time, table.objects.size);
    return { table, order, starts, kept: new Uint8Array(time.length).fill(1) };
  });
  const actions = ordered.reduce((n, p) => n + p.order.length, 0);
  // The contrast of every network before minObjects drops some: each network's is its own, so the
  // dropped ones' entries are filtered out below (engine/organic-contrast.ts).
  const ahead: PendingContrast | undefined =
    kept.length > 0 && (parallel ?? actions >= CONTRAST_IN_WORKER_FROM)
      ? contrastInWorker(networkOf, kept.length, contrastColumns(ordered, columns))
      : undefined;
  let evidence: NetworkEvidence[];
  let amplified: NetworkAmplified[][];
  let contrast: NetworkContrast[];
  try {
    evidence = await networkEvidence(networkOf, kept.length, ordered, columns);
    // Repetition across objects (minObjects): a network's evidence is its own, so dropping one
    // leaves the others' evidence as it was.
    const keep =
      opts.semantics === 'lockstep' && evidence.some((ev) => ev.sharedObjects < opts.minObjects)
        ? evidence.map((ev) => ev.sharedObjects >= opts.minObjects)
        : undefined;
    if (keep) {
      kept = kept.filter((_, i) => keep[i]);
      evidence = evidence.filter((_, i) => keep[i]);
      networkOf.fill(-1);
      kept.forEach((c, i) => {
        for (const a of members[c]!) networkOf[a] = i;
      });
    }
    amplified =
      opts.semantics === 'lockstep'
        ? await amplifiedAccounts(networkOf, kept.length, ordered, columns, {
            minObjects: opts.minObjects,
            audience: (i, b) => tests.get(kept[i]!)?.audience.some((a) => a.behaviour === b) ?? false,
          })
        : [];
    if (ahead) {
      const all = await ahead.result;
      contrast = keep ? all.filter((_, i) => keep[i]) : all;
    } else contrast = organicContrast(networkOf, kept.length, ordered, columns);
  } finally {
    ahead?.cancel();
  }
  const list: Network[] = kept.map((c, i) => {
    const ev = evidence[i]!;
    const m = members[c]!;
    const k = m.length;
    const test = tests.get(c);
    const decision = test?.chance[test.deciding];
    const net: Network = {
      id: `N${i + 1}`,
      members: m.map((a) => columns.accounts.str(a)).sort(),
      behaviours: ev.behaviours,
      score: score[c]!,
      chanceBehaviour: decision?.behaviour,
      chanceTest: decision?.test,
      observed: decision?.observed,
      expected: decision?.expected,
      pValue: test?.pValue,
      qValue: qByC.get(c),
      chance: test?.chance,
      edges: edgeCount[c]!,
      density: k > 1 ? edgeCount[c]! / ((k * (k - 1)) / 2) : 0,
      topObjects: ev.topObjects,
      timeline: ev.timeline,
      examples: ev.examples,
      contrast: contrast[i],
      ...(test?.audience.length ? { audience: test.audience } : {}),
      ...(amplified[i]?.length ? { amplified: amplified[i] } : {}),
      summary: '',
    };
    net.summary = summarise(net, ev.sharedObjects, opts, graph.models[0]?.archive ?? false);
    return net;
  });
  return {
    list,
    networkOf,
    membersOf: kept.map((c) => members[c]!),
    contrastWorkerMs: ahead?.answeredMs,
  };
}

/** A network's score is the weight of its significant edges; both are recounted after pruning. */
function rescore(community: Int32Array, graph: Graph, score: Float64Array, edgeCount: Int32Array): void {
  score.fill(0);
  edgeCount.fill(0);
  for (const e of graph.significant) {
    const c = community[e.a]!;
    if (c >= 0 && c === community[e.b]) {
      score[c]! += e.weight;
      edgeCount[c]! += 1;
    }
  }
}
