/**
 * The explorer's graph as the import stores it: a bounded first view and the rest in chunks.
 *
 * The first page (`graph`) holds every node with a precomputed position, the networks, the filter
 * facets (behaviours, flagged signals, time span) and the first {@link FIRST_EDGES} edges; the other
 * edges follow in pages `graph-edges-1`, `graph-edges-2`, … of {@link CHUNK_EDGES} each (as columns,
 * edge-chunk.ts), fetched only when the analyst asks for them. At a 3M-post run (297,748 edges,
 * 66 MiB as one page) the page then opens from ~2 MiB instead of building and drawing every edge.
 *
 * Edge order, "each account's strongest ties first": an edge's rank is the smaller of its rank among
 * the edges of either endpoint (by weight, descending), and edges go out by (rank, −weight, run
 * order). The first view is thus the union of every account's top ties — a k-nearest-neighbour
 * backbone (the "top-k per node" sparsification; cf. Satuluri, Parthasarathy & Ruan 2011, SIGMOD,
 * local graph sparsification) — so every account with an edge has one in view and no one network's
 * heavy edges crowd out the others.
 *
 * Positions: ForceAtlas2 (report/layout.ts's `runLayout`, Jacomy et al. 2014) over the first view's
 * edges, from seeded network starting points, so the page draws at once; the browser's worker layout
 * runs only when asked.
 *
 * Cost: O(E log E) time for the order (one sort per account's edges and one global sort), O(E)
 * memory; the layout is O(iterations · (V log V + F)) with F ≤ FIRST_EDGES.
 */
import type { AccountResult, DetectionResult, Edge } from '../core/result.js';
import { mulberry32, runLayout, type LayoutNode } from '../report/layout.js';
import type { GraphEdge, GraphNode, GraphPage, NetworkView, RunSummary } from './api-schema.js';
import { packChunk } from './edge-chunk.js';
import { objectsPage, type AccountTallies } from './graph-objects.js';
import { packGraph } from './graph-view.js';
import { iso, ratioOf } from './view-values.js';

/** Edges in the first view: enough for every account's strongest ties at 10k accounts. */
export const FIRST_EDGES = 10_000;
/** Edges per later chunk (`graph-edges-N`, N ≥ 1). */
export const CHUNK_EDGES = 50_000;

/** The page kind of edge chunk `n` (n ≥ 1; chunk 0 travels in the `graph` page). */
export const edgeChunkKind = (n: number): string => `graph-edges-${n}`;

function graphEdge(e: Edge): GraphEdge {
  return {
    a: e.a,
    b: e.b,
    behaviour: e.behaviour,
    weight: e.weight,
    coActions: e.coActions,
    ratio: ratioOf(e.observed, e.expected),
    q: e.qValue ?? null,
    first: iso(e.first),
    last: iso(e.last),
  };
}

function flaggedOf(a: AccountResult): string[] {
  return a.signals.filter((s) => s.flagged).map((s) => s.name);
}

/** Indices into `edges` in "each account's strongest ties first" order (see the module comment). */
export function strongestFirst(edges: readonly Edge[]): number[] {
  const byNode = new Map<string, number[]>();
  edges.forEach((e, i) => {
    for (const id of [e.a, e.b]) {
      let list = byNode.get(id);
      if (!list) byNode.set(id, (list = []));
      list.push(i);
    }
  });
  const rank = new Int32Array(edges.length).fill(0x7fffffff);
  for (const list of byNode.values()) {
    list.sort((x, y) => edges[y]!.weight - edges[x]!.weight || x - y);
    list.forEach((e, r) => {
      if (r < rank[e]!) rank[e] = r;
    });
  }
  return edges
    .map((_, i) => i)
    .sort((x, y) => rank[x]! - rank[y]! || edges[y]!.weight - edges[x]!.weight || x - y);
}

/** ForceAtlas2 positions of `nodes` over `edges` (the first view), from seeded network spots. */
function positions(
  nodes: readonly GraphNode[],
  networkIndex: ReadonlyMap<string, number>,
  edges: readonly GraphEdge[],
  seed: number,
): Map<string, { x: number; y: number }> {
  // Seeded: the starting points, and so the positions, do not change between imports.
  const rand = mulberry32(seed);
  const index = new Map<string, number>();
  const start: LayoutNode[] = nodes.map((n, i) => {
    index.set(n.id, i);
    const group = n.network === null ? networkIndex.size : (networkIndex.get(n.network) ?? networkIndex.size);
    // Golden-angle spiral: each network starts on its own spot, accounts in none share the last one.
    const angle = group * 2.39996;
    const radius = 30 * Math.sqrt(group + 1);
    return {
      id: n.id,
      x: Math.cos(angle) * radius + (rand() - 0.5) * 10,
      y: Math.sin(angle) * radius + (rand() - 0.5) * 10,
      network: n.network ?? '',
      group,
      score: n.score,
    };
  });
  const laid = runLayout({
    nodes: start,
    edgeA: Int32Array.from(edges, (e) => index.get(e.a)!),
    edgeB: Int32Array.from(edges, (e) => index.get(e.b)!),
    edgeWeight: Float64Array.from(edges, (e) => e.weight),
    maxEdges: edges.length,
    omittedNetworks: 0,
  });
  return new Map(laid.nodes.map((n) => [n.id, { x: n.x, y: n.y }]));
}

/** The page kind of the amplified objects (graph-objects.ts). */
export const OBJECTS_KIND = 'graph-objects';
/** The page kinds of the `graph` page as the explorer fetches it: columns, and the networks' details (graph-view.ts). */
export const VIEW_KIND = 'graph-view';
export const NETWORKS_KIND = 'graph-networks';

/**
 * The `graph` page (and its wire form, graph-view.ts), its edge chunks and, given the result accounts' tallies of the input posts, the
 * amplified objects page, as stored page rows.
 */
export function graphPages(
  r: DetectionResult,
  run: RunSummary,
  networks: NetworkView[],
  tallies?: AccountTallies,
): { kind: string; json: string }[] {
  // Each account's active span over all its edges: the time-range filter's node side.
  const span = new Map<string, { first: number; last: number }>();
  for (const e of r.edges)
    for (const id of [e.a, e.b]) {
      const s = span.get(id);
      if (!s) span.set(id, { first: e.first, last: e.last });
      else {
        if (e.first < s.first) s.first = e.first;
        if (e.last > s.last) s.last = e.last;
      }
    }
  const nodes = new Map<string, GraphNode>();
  const node = (id: string, a: AccountResult | undefined): GraphNode => {
    const s = span.get(id);
    return {
      id,
      label: a?.screenName ?? id,
      network: a?.network ?? null,
      score: a?.score ?? 0,
      posts: a?.posts ?? 0,
      automation: a?.automation?.score ?? null,
      flagged: a ? flaggedOf(a) : [],
      first: s ? iso(s.first) : null,
      last: s ? iso(s.last) : null,
      x: 0,
      y: 0,
    };
  };
  for (const a of r.accounts) nodes.set(a.account, node(a.account, a));
  // An edge's endpoint is normally in `accounts`; a hand-trimmed output may lack one: keep the edge.
  for (const e of r.edges)
    for (const id of [e.a, e.b]) if (!nodes.has(id)) nodes.set(id, node(id, undefined));

  const order = strongestFirst(r.edges);
  const first = order.slice(0, FIRST_EDGES).map((i) => graphEdge(r.edges[i]!));
  const nodeList = [...nodes.values()];
  const at = positions(nodeList, new Map(r.networks.map((n, i) => [n.id, i])), first, r.parameters.seed);
  for (const n of nodeList) Object.assign(n, at.get(n.id));

  const chunks = Math.ceil(Math.max(0, order.length - FIRST_EDGES) / CHUNK_EDGES);
  let firstTime = Infinity;
  let lastTime = -Infinity;
  for (const e of r.edges) {
    if (e.first < firstTime) firstTime = e.first;
    if (e.last > lastTime) lastTime = e.last;
  }
  const signals = new Set<string>();
  for (const n of nodeList) for (const s of n.flagged) signals.add(s);
  const objects = tallies
    ? objectsPage(tallies, at, new Map(nodeList.map((n) => [n.id, n.label])), r.parameters.seed, FIRST_EDGES)
    : undefined;
  const page: GraphPage = {
    run,
    nodes: nodeList,
    edges: first,
    edgeTotal: r.edges.length,
    edgeChunks: chunks,
    behaviours: [...new Set(r.edges.map((e) => e.behaviour))].sort(),
    signals: [...signals].sort(),
    span: Number.isFinite(firstTime) ? { first: iso(firstTime), last: iso(lastTime) } : null,
    networks,
    objectTotal: objects?.objects.length ?? 0,
  };
  const out = [
    { kind: 'graph', json: JSON.stringify(page) },
    { kind: VIEW_KIND, json: JSON.stringify(packGraph(page)) },
    { kind: NETWORKS_KIND, json: JSON.stringify({ networks }) },
  ];
  if (objects) out.push({ kind: OBJECTS_KIND, json: JSON.stringify(objects) });
  for (let c = 1; c <= chunks; c++) {
    const from = FIRST_EDGES + (c - 1) * CHUNK_EDGES;
    const edges = order.slice(from, from + CHUNK_EDGES).map((i) => graphEdge(r.edges[i]!));
    out.push({ kind: edgeChunkKind(c), json: JSON.stringify(packChunk(c, edges, page)) });
  }
  return out;
}
