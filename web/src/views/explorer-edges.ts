/**
 * The explorer's loaded edges and how they enter the graph sigma draws: the graph page's first view
 * (graph-view.ts) and each chunk fetched by "Load more edges" / "Load all edges"
 * (src/workspace/edge-chunk.ts), both columns on the wire and both added the same way — the first
 * view as chunk 0.
 *
 * Why a chunk is not turned into edge objects: "Load all edges" at 10k accounts / 100k edges spent a
 * round trip of its own (bench/RESULTS.md, h-pan, session 14): `unpackEdges` wrote each edge's Unix
 * seconds as two ISO strings that the explorer parsed straight back with `Date.parse`, plus the
 * garbage of 180,000 strings and 90,000 objects. Here a chunk goes from its columns into the graph in
 * one pass, its times as the milliseconds the filters compare (`Math.trunc(s * 1000)`: what
 * `Date.parse(new Date(s * 1000).toISOString())` gave, so the filters see the same numbers); edge
 * objects with ISO times are made only when an export asks for them, once per chunk.
 *
 * Cost: O(E) per chunk added; {@link LoadedEdges.objects} O(E) over the chunks added since its last call.
 */
import type Graph from 'graphology';
import type { GraphEdge } from '../../../src/workspace/api-schema.js';
import { checkChunk, type ChunkKeys, type EdgeChunkView } from '../../../src/workspace/edge-chunk.js';
import { unpackEdges, type EdgeColumns } from '../../../src/workspace/graph-view.js';
import type { EdgeFacts } from './explorer-filters.js';

/** An account tie's attributes in the graph: what the filters test, and how sigma draws it. */
export interface EdgeAttributes extends EdgeFacts {
  size: number;
  color: string;
}

export const EDGE_COLOUR = '#c5c9ce';
const edgeSize = (weight: number): number => 0.5 + Math.log1p(weight) / 2;

/** An edge object's attributes (the exports' filter test): those its columns gave it in the graph. */
export const edgeAttributes = (e: GraphEdge): EdgeAttributes => ({
  behaviour: e.behaviour,
  ratio: e.ratio,
  t0: Date.parse(e.first),
  t1: Date.parse(e.last),
  size: edgeSize(e.weight),
  color: EDGE_COLOUR,
});

/** The account ties loaded so far: the first view's, then each chunk's, in load order. */
export class LoadedEdges {
  /** Edges loaded (the first view's and every chunk's). */
  count = 0;
  private readonly made: GraphEdge[] = [];
  /** Chunks whose edges are not in `made` yet. */
  private pending: EdgeChunkView[] = [];

  constructor(
    private readonly first: EdgeColumns,
    private readonly keys: ChunkKeys,
  ) {}

  /** Adds the first view's edges to `graph` (chunk 0: before every fetched chunk). */
  addFirst(graph: Graph): void {
    this.addChunk(graph, { chunk: 0, edges: this.first });
  }

  /** Adds chunk `c`'s edges to `graph`; throws before adding any when it is not a chunk of this page. */
  addChunk(graph: Graph, c: EdgeChunkView): void {
    checkChunk(c, this.keys);
    const { ids, behaviours } = this.keys;
    const { a, b, behaviour, weight, ratio, first, last } = c.edges;
    for (let i = 0; i < a.length; i++) {
      const attrs: EdgeAttributes = {
        behaviour: behaviours[behaviour[i]!]!,
        ratio: ratio[i] ?? null,
        t0: Math.trunc(first[i]! * 1000),
        t1: Math.trunc(last[i]! * 1000),
        size: edgeSize(weight[i]!),
        color: EDGE_COLOUR,
      };
      graph.addEdge(ids[a[i]!]!, ids[b[i]!]!, attrs);
    }
    this.pending.push(c);
    this.count += a.length;
  }

  /** Every loaded edge as an object, in load order (what the exports write). */
  objects(): readonly GraphEdge[] {
    for (const c of this.pending)
      for (const e of unpackEdges(c.edges, this.keys.ids, this.keys.behaviours)) this.made.push(e);
    this.pending = [];
    return this.made;
  }
}
