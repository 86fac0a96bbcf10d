/**
 * Lays out the picture of the networks for report.html: the members of the top networks as a
 * graphology graph (one edge per pair, weights summed over behaviours), seeded initial positions (each
 * network starts around its own point on a spiral, so components do not overlap by accident), then
 * ForceAtlas2 (Jacomy et al. 2014, PLoS ONE 9(6): e98679) via graphology-layout-forceatlas2, with
 * Barnes–Hut above 500 nodes. Deterministic for a seed. Cost: O(iterations · (n log n + m)).
 *
 * Two phases so the expensive one can run in a worker thread (layout-in-worker.ts): `layoutInput`
 * picks the nodes and their seeded starting points and packs the edges between them as typed arrays
 * (O(E) over the run's edges, cheap to send); `runLayout` merges pairs, builds the graph and runs
 * ForceAtlas2 (the ~90 % of the cost).
 */
import { UndirectedGraph } from 'graphology';
import forceAtlas2Import from 'graphology-layout-forceatlas2';

// CommonJS typed as an ES default export: under NodeNext the default import is the module object at
// type level but the function at run time; accept either.
const fa2Module = forceAtlas2Import as unknown as { default?: typeof forceAtlas2Import.default };
const forceAtlas2 = fa2Module.default ?? (forceAtlas2Import as unknown as typeof forceAtlas2Import.default);
import type { DetectionResult } from '../core/result.js';

export interface LayoutNode {
  id: string;
  x: number;
  y: number;
  network: string;
  /** Index of the network in `result.networks` (for colours). */
  group: number;
  score: number;
}

export interface LayoutEdge {
  a: string;
  b: string;
  weight: number;
}

export interface Layout {
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  /** Networks left out of the picture because of the node budget. */
  omittedNetworks: number;
}

/**
 * What `runLayout` needs, all structured-clonable: the nodes at their seeded start, and the run's
 * edges between them in the run's order as node indices and weights (one entry per edge, pairs not
 * yet merged).
 */
export interface LayoutInput {
  nodes: LayoutNode[];
  edgeA: Int32Array;
  edgeB: Int32Array;
  edgeWeight: Float64Array;
  maxEdges: number;
  omittedNetworks: number;
}

/** mulberry32: a 4-line seeded generator for the initial positions (Math.random cannot be seeded). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function layoutInput(
  r: DetectionResult,
  options: { seed?: number; maxNodes?: number; maxEdges?: number } = {},
): LayoutInput {
  const rand = mulberry32(options.seed ?? 1);
  const maxNodes = options.maxNodes ?? 2500;
  const score = new Map(r.accounts.map((a) => [a.account, a.score]));
  const index = new Map<string, number>();
  const nodes: LayoutNode[] = [];
  let omitted = 0;
  r.networks.forEach((n, group) => {
    if (nodes.length + n.members.length > maxNodes) {
      omitted++;
      return;
    }
    const angle = group * 2.39996; // golden angle: networks spread on a spiral
    const radius = 30 * Math.sqrt(group + 1);
    const cx = Math.cos(angle) * radius;
    const cy = Math.sin(angle) * radius;
    for (const m of n.members) {
      if (index.has(m)) continue;
      index.set(m, nodes.length);
      nodes.push({
        id: m,
        x: cx + (rand() - 0.5) * 10,
        y: cy + (rand() - 0.5) * 10,
        network: n.id,
        group,
        score: score.get(m) ?? 0,
      });
    }
  });
  const a: number[] = [];
  const b: number[] = [];
  const w: number[] = [];
  for (const e of r.edges) {
    const ia = index.get(e.a);
    if (ia === undefined) continue;
    const ib = index.get(e.b);
    if (ib === undefined) continue;
    a.push(ia);
    b.push(ib);
    w.push(e.weight);
  }
  return {
    nodes,
    edgeA: Int32Array.from(a),
    edgeB: Int32Array.from(b),
    edgeWeight: Float64Array.from(w),
    maxEdges: options.maxEdges ?? 12000,
    omittedNetworks: omitted,
  };
}

/**
 * The input's edges merged into one per unordered pair (weights summed in the input's order; the
 * first edge seen fixes a and b), the `maxEdges` heaviest in decreasing weight, ties in first-seen
 * order: what a stable sort of all pairs by weight, cut at `maxEdges`, gives. Only the pairs at or
 * above the `maxEdges`-th weight are sorted (found by a numeric sort of the weights) and only those
 * become objects: at 3M posts ~220,000 edges make ~200,000 pairs of which 12,000 are kept, and
 * sorting every pair object took ~1 s (bench/RESULTS.md, h-out session 19). O(E + P log P).
 */
export function heaviestPairs(input: LayoutInput): LayoutEdge[] {
  const { nodes, edgeA, edgeB, edgeWeight, maxEdges } = input;
  const slot = new Map<number, number>();
  const pairA: number[] = [];
  const pairB: number[] = [];
  const weight: number[] = [];
  const size = nodes.length;
  for (let i = 0; i < edgeA.length; i++) {
    const ia = edgeA[i]!;
    const ib = edgeB[i]!;
    const key = ia < ib ? ia * size + ib : ib * size + ia;
    const s = slot.get(key);
    if (s !== undefined) weight[s]! += edgeWeight[i]!;
    else {
      slot.set(key, weight.length);
      pairA.push(ia);
      pairB.push(ib);
      weight.push(edgeWeight[i]!);
    }
  }
  let keep = weight.map((_, s) => s);
  // NaN weights compare equal to every weight in the sort: no cut can be found for them.
  if (Number.isInteger(maxEdges) && maxEdges > 0 && keep.length > maxEdges && !weight.some(Number.isNaN)) {
    const sorted = Float64Array.from(weight).sort();
    const cut = sorted[sorted.length - maxEdges]!;
    keep = keep.filter((s) => weight[s]! >= cut);
  }
  return keep
    .sort((s, t) => weight[t]! - weight[s]!)
    .slice(0, maxEdges)
    .map((s) => ({ a: nodes[pairA[s]!]!.id, b: nodes[pairB[s]!]!.id, weight: weight[s]! }));
}

export function runLayout(input: LayoutInput): Layout {
  const { nodes } = input;
  const graph = new UndirectedGraph();
  for (const n of nodes) graph.addNode(n.id, { x: n.x, y: n.y });
  const edges = heaviestPairs(input);
  for (const e of edges) graph.addEdge(e.a, e.b, { weight: Math.log1p(e.weight) });
  if (graph.order > 1) {
    const settings = forceAtlas2.inferSettings(graph);
    forceAtlas2.assign(graph, {
      iterations: graph.order > 1500 ? 80 : 200,
      getEdgeWeight: 'weight',
      settings: { ...settings, barnesHutOptimize: graph.order > 500, gravity: 0.5, scalingRatio: 4 },
    });
  }
  const laidOut = nodes.map((n) => {
    const at = graph.getNodeAttributes(n.id) as { x: number; y: number };
    return { ...n, x: at.x, y: at.y };
  });
  return { nodes: laidOut, edges, omittedNetworks: input.omittedNetworks };
}

export function layoutNetworks(
  r: DetectionResult,
  options: { seed?: number; maxNodes?: number; maxEdges?: number } = {},
): Layout {
  return runLayout(layoutInput(r, options));
}
