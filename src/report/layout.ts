/**
 * Lays out the picture of the networks for report.html: the members of the top networks as a
 * graphology graph (one edge per pair, weights summed over behaviours), seeded initial positions (each
 * network starts around its own point on a spiral, so components do not overlap by accident), then
 * ForceAtlas2 (Jacomy et al. 2014, PLoS ONE 9(6): e98679) via graphology-layout-forceatlas2, with
 * Barnes–Hut above 500 nodes. Deterministic for a seed. Cost: O(iterations · (n log n + m)).
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

/** mulberry32: a 4-line seeded generator for the initial positions (Math.random cannot be seeded). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function layoutNetworks(
  r: DetectionResult,
  options: { seed?: number; maxNodes?: number; maxEdges?: number } = {},
): Layout {
  const rand = mulberry32(options.seed ?? 1);
  const maxNodes = options.maxNodes ?? 2500;
  const maxEdges = options.maxEdges ?? 12000;
  const graph = new UndirectedGraph();
  const score = new Map(r.accounts.map((a) => [a.account, a.score]));
  let omitted = 0;
  r.networks.forEach((n, group) => {
    if (graph.order + n.members.length > maxNodes) {
      omitted++;
      return;
    }
    const angle = group * 2.39996; // golden angle: networks spread on a spiral
    const radius = 30 * Math.sqrt(group + 1);
    const cx = Math.cos(angle) * radius;
    const cy = Math.sin(angle) * radius;
    for (const m of n.members) {
      if (graph.hasNode(m)) continue;
      graph.addNode(m, {
        x: cx + (rand() - 0.5) * 10,
        y: cy + (rand() - 0.5) * 10,
        network: n.id,
        group,
        score: score.get(m) ?? 0,
      });
    }
  });
  const pairs = new Map<string, LayoutEdge>();
  for (const e of r.edges) {
    if (!graph.hasNode(e.a) || !graph.hasNode(e.b)) continue;
    const key = e.a < e.b ? `${e.a}\u0000${e.b}` : `${e.b}\u0000${e.a}`;
    const p = pairs.get(key);
    if (p) p.weight += e.weight;
    else pairs.set(key, { a: e.a, b: e.b, weight: e.weight });
  }
  const edges = [...pairs.values()].sort((x, y) => y.weight - x.weight).slice(0, maxEdges);
  for (const e of edges) graph.addEdge(e.a, e.b, { weight: Math.log1p(e.weight) });
  if (graph.order > 1) {
    const settings = forceAtlas2.inferSettings(graph);
    forceAtlas2.assign(graph, {
      iterations: graph.order > 1500 ? 80 : 200,
      getEdgeWeight: 'weight',
      settings: { ...settings, barnesHutOptimize: graph.order > 500, gravity: 0.5, scalingRatio: 4 },
    });
  }
  const nodes: LayoutNode[] = [];
  graph.forEachNode((id: string, a: Record<string, unknown>) => {
    nodes.push({
      id,
      x: a.x as number,
      y: a.y as number,
      network: a.network as string,
      group: a.group as number,
      score: a.score as number,
    });
  });
  return { nodes, edges, omittedNetworks: omitted };
}
