/**
 * One chunk of the explorer's weaker edges (`graph-edges-N`, served at `GET /api/runs/:id/graph/edges/:n`),
 * stored at import and sent as columns like the first page's edges (graph-view.ts): an edge's ends are
 * indices into the first page's node columns, its behaviour an index into the page's `behaviours`, its
 * times Unix seconds. As objects a 50,000-edge chunk was ~11 MB of JSON that the browser then checked
 * with zod edge by edge before "Load more edges" could draw it; as columns it is about a third of that,
 * checked by one loop per column.
 *
 * Runs imported before this stored chunks as objects (`{chunk, edges: GraphEdge[]}`): {@link chunkEdges}
 * reads both forms (the whole-graph exports), {@link chunkForWire} packs the old one per request.
 *
 * Cost: O(E) per chunk in each direction.
 */
import { z } from 'zod';
import type { GraphEdge, GraphPage } from './api-schema.js';
import { edgeColumnsSchema, graphIndex, packEdges, sameLength, unpackEdges } from './graph-view.js';

export const edgeChunkViewSchema = z
  .object({ chunk: z.number(), edges: edgeColumnsSchema })
  .superRefine((v, ctx) => {
    const problem = sameLength(v.edges);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
export type EdgeChunkView = z.infer<typeof edgeChunkViewSchema>;

/** The first page's node ids and behaviours, in the order a chunk's indices refer to. */
export interface ChunkKeys {
  ids: readonly string[];
  behaviours: readonly string[];
}

export const chunkKeys = (page: GraphPage): ChunkKeys => ({
  ids: page.nodes.map((n) => n.id),
  behaviours: graphIndex(page).behaviours,
});

/** Chunk `n`'s edges as stored and sent, indexed like `page`'s wire form. */
export function packChunk(n: number, edges: readonly GraphEdge[], page: GraphPage): EdgeChunkView {
  const { index, behaviourIndex } = graphIndex(page);
  return { chunk: n, edges: packEdges(edges, index, behaviourIndex) };
}

/** Throws when an end or a behaviour of chunk `c` is not in `keys` (a chunk of another page). */
export function checkChunk(c: EdgeChunkView, keys: ChunkKeys): void {
  const outside = (xs: readonly number[], bound: number): boolean =>
    xs.some((i) => !Number.isInteger(i) || i < 0 || i >= bound);
  if (outside(c.edges.a, keys.ids.length) || outside(c.edges.b, keys.ids.length))
    throw new Error(`edge chunk ${c.chunk}: an edge end is not a node of the graph page`);
  if (outside(c.edges.behaviour, keys.behaviours.length))
    throw new Error(`edge chunk ${c.chunk}: an edge behaviour is not one of the graph page's`);
}

/** A chunk's edges as objects; throws as {@link checkChunk} does. */
export function unpackChunk(c: EdgeChunkView, keys: ChunkKeys): GraphEdge[] {
  checkChunk(c, keys);
  return unpackEdges(c.edges, keys.ids, keys.behaviours);
}

/** Whether stored chunk JSON is the old form (an array of edge objects). */
function isObjects(json: string): boolean {
  // Both forms are JSON.stringify({chunk, edges}) of our own values: `edges` is the second key.
  const at = json.indexOf('"edges":');
  return json[at + '"edges":'.length] === '[';
}

/** A stored chunk's edges as objects, either form; `keys` of the run's `graph` page as stored. */
export function chunkEdges(json: string, keys: ChunkKeys): GraphEdge[] {
  if (isObjects(json)) return (JSON.parse(json) as { edges: GraphEdge[] }).edges;
  return unpackChunk(edgeChunkViewSchema.parse(JSON.parse(json)), keys);
}

/** A stored chunk as the wire's columns: the new form as stored, the old one packed against the run's `graph` page. */
export async function chunkForWire(json: string, page: () => Promise<GraphPage>): Promise<string> {
  if (!isObjects(json)) return json;
  const old = JSON.parse(json) as { chunk: number; edges: GraphEdge[] };
  return JSON.stringify(packChunk(old.chunk, old.edges, await page()));
}
