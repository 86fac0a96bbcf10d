/**
 * Clusters the fused account graph with Louvain (Blondel et al. 2008, "Fast unfolding of communities
 * in large networks", J. Stat. Mech.) from graphology-communities-louvain, seeded through its `rng`
 * option so a run is reproducible. Nodes are inserted in a fixed order (by account integer) for the
 * same reason.
 *
 * Cost: O(E) per Louvain pass (usually a handful of passes); memory: graphology's graph, ~200 bytes per
 * edge — it only holds the significant edges, a few thousand to tens of thousands.
 */
import { UndirectedGraph } from 'graphology';
import louvainImport from 'graphology-communities-louvain';

// The package is CommonJS typed as an ES default export: under NodeNext the default import is the
// module object at type level but the function itself at run time; accept either.
const louvainModule = louvainImport as unknown as { default?: typeof louvainImport.default };
const louvain = louvainModule.default ?? (louvainImport as unknown as typeof louvainImport.default);

/** mulberry32: a small seeded PRNG, enough for Louvain's node-order shuffles. */
export function seededRng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Louvain's result: a community index per account (−1 for accounts on no edge), their count. */
export interface Clustering {
  community: Int32Array;
  count: number;
  modularity: number;
}

export function clusterAccounts(
  accountCount: number,
  edges: readonly { a: number; b: number; weight: number }[],
  seed: number,
): Clustering {
  const community = new Int32Array(accountCount).fill(-1);
  if (edges.length === 0) return { community, count: 0, modularity: 0 };
  const graph = new UndirectedGraph({ allowSelfLoops: false });
  const nodes = new Set<number>();
  for (const e of edges) {
    nodes.add(e.a);
    nodes.add(e.b);
  }
  for (const v of [...nodes].sort((x, y) => x - y)) graph.addNode(String(v));
  const sorted = [...edges].sort((x, y) => x.a - y.a || x.b - y.b);
  for (const e of sorted) graph.mergeEdge(String(e.a), String(e.b), { weight: e.weight });
  const detailed = louvain.detailed(graph, {
    getEdgeWeight: 'weight',
    rng: seededRng(seed),
    randomWalk: true,
  });
  // Renumber communities by their smallest member so the numbering does not depend on Louvain's.
  const firstSeen = new Map<number, number>();
  let count = 0;
  for (const v of [...nodes].sort((x, y) => x - y)) {
    const c = detailed.communities[String(v)]!;
    let id = firstSeen.get(c);
    if (id === undefined) {
      id = count++;
      firstSeen.set(c, id);
    }
    community[v] = id;
  }
  return { community, count, modularity: detailed.modularity };
}
