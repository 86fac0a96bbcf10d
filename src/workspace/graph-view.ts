/**
 * The explorer's first page on the wire (`GET /api/runs/:id/graph`): the stored graph page
 * (graph-page.ts) in columns, and back. At a 3M-post run the page as objects was 5.75 MB of JSON —
 * every edge repeating two account ids, its behaviour and two ISO times as keyed strings, every
 * network its timeline and example posts — and the browser zod-checked it field by field before
 * drawing. Here:
 * - nodes and edges are columns (one array per field); an edge's ends are indices into the node
 *   columns, its behaviour an index into `behaviours`, its times Unix seconds;
 * - a node's label is null when it is its id, its network an index into `networks` (−1: none), its
 *   flagged signals indices into `signals`;
 * - networks carry what the side panel lists at once (members as node indices, summary, scores);
 *   their top objects, timelines and example posts are the `graph-networks` page
 *   (`GET /api/runs/:id/graph/networks`), fetched when a network is opened or the search needs them.
 * The columns are checked for shape and length (cheap) rather than per object; {@link unpackGraphHead}
 * rebuilds the API's objects (networks without their details) for the explorer's panels and leaves
 * the edges in columns; {@link unpackGraph} makes edge objects too.
 *
 * Cost: O(V + E) both ways, one pass per column.
 */
import { z } from 'zod';
import {
  networkSchema,
  runSummarySchema,
  type GraphEdge,
  type GraphHead,
  type GraphNode,
  type GraphPage,
  type NetworkView,
} from './api-schema.js';

/** An array whose every element passes `ok`: one loop, not one zod schema run per element. */
const column = <T>(ok: (x: unknown) => boolean, what: string) =>
  z.custom<T[]>((v) => Array.isArray(v) && v.every(ok), `expected an array of ${what}`);
const isNumber = (x: unknown): boolean => typeof x === 'number';
const isString = (x: unknown): boolean => typeof x === 'string';
const numbers = column<number>(isNumber, 'numbers');
const nullableNumbers = column<number | null>((x) => x === null || isNumber(x), 'numbers and nulls');
const strings = column<string>(isString, 'strings');
const nullableStrings = column<string | null>((x) => x === null || isString(x), 'strings and nulls');
const indexLists = column<number[]>((x) => Array.isArray(x) && x.every(isNumber), 'arrays of numbers');

const nodeColumns = z.object({
  id: strings,
  /** null: the label is the id. */
  label: nullableStrings,
  /** Index into the page's `networks`; −1: in none. */
  network: numbers,
  score: numbers,
  posts: numbers,
  automation: nullableNumbers,
  /** Indices into the page's `signals`. */
  flagged: indexLists,
  /** Unix seconds of the account's first and last co-action (null: no edge). */
  first: nullableNumbers,
  last: nullableNumbers,
  /** Import-time positions; null in runs imported before they were laid out. */
  x: nullableNumbers,
  y: nullableNumbers,
});
/** Edges as columns: the first page's (`edges`) and each later chunk's (edge-chunk.ts). */
export const edgeColumnsSchema = z.object({
  /** Indices into the node columns. */
  a: numbers,
  b: numbers,
  /** Index into the page's `behaviours`. */
  behaviour: numbers,
  weight: numbers,
  coActions: numbers,
  ratio: nullableNumbers,
  q: nullableNumbers,
  /** Unix seconds. */
  first: numbers,
  last: numbers,
});

/** A network as the side panel lists it before it is opened. */
export const networkHeadSchema = networkSchema
  .pick({ id: true, behaviours: true, score: true, ratio: true, q: true, summary: true })
  .extend({ members: numbers });
export type NetworkHead = z.infer<typeof networkHeadSchema>;

export const sameLength = (cols: Record<string, unknown[]>): string | undefined => {
  const entries = Object.entries(cols);
  const n = entries[0]?.[1].length ?? 0;
  const bad = entries.find(([, v]) => v.length !== n);
  return bad ? `column ${bad[0]} has ${bad[1].length} values, not ${n}` : undefined;
};

export const graphViewSchema = z
  .object({
    run: runSummarySchema,
    /** Edges in the whole graph (this page's and every chunk's), and the chunks that hold the rest. */
    edgeTotal: z.number(),
    edgeChunks: z.number(),
    behaviours: z.array(z.string()),
    signals: z.array(z.string()),
    span: z.object({ first: z.string(), last: z.string() }).nullable(),
    objectTotal: z.number().optional(),
    nodes: nodeColumns,
    edges: edgeColumnsSchema,
    networks: z.array(networkHeadSchema),
  })
  .superRefine((v, ctx) => {
    const problem = sameLength(v.nodes) ?? sameLength(v.edges);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
    const n = v.nodes.id.length;
    const outside = (xs: readonly number[], bound: number): boolean =>
      xs.some((i) => !Number.isInteger(i) || i < 0 || i >= bound);
    if (outside(v.edges.a, n) || outside(v.edges.b, n))
      ctx.addIssue({ code: 'custom', message: 'an edge end is not a node index' });
    if (outside(v.edges.behaviour, v.behaviours.length))
      ctx.addIssue({ code: 'custom', message: 'an edge behaviour is not a behaviour index' });
    if (v.networks.some((net) => outside(net.members, n)))
      ctx.addIssue({ code: 'custom', message: 'a network member is not a node index' });
  });
export type GraphView = z.infer<typeof graphViewSchema>;
export type EdgeColumns = GraphView['edges'];

/** GET /api/runs/:id/graph/networks — every network with its top objects, timeline and examples. */
export const graphNetworksSchema = z.object({ networks: z.array(networkSchema) });
export type GraphNetworks = z.infer<typeof graphNetworksSchema>;

const seconds = (iso: string): number => Date.parse(iso) / 1000;
const iso = (s: number): string => new Date(s * 1000).toISOString();

/**
 * The indices the wire's columns use for a stored graph page: its nodes in page order, its behaviours
 * (the page's list, then any an edge names that it lacks: older pages).
 */
export function graphIndex(page: GraphPage): {
  index: Map<string, number>;
  behaviours: string[];
  behaviourIndex: Map<string, number>;
} {
  const behaviours = [...new Set([...page.behaviours, ...page.edges.map((e) => e.behaviour)])];
  return {
    index: new Map(page.nodes.map((n, i) => [n.id, i])),
    behaviours,
    behaviourIndex: new Map(behaviours.map((b, i) => [b, i])),
  };
}

/** Edges as columns; an end or a behaviour not in the maps becomes −1 (the client's range check refuses it). */
export function packEdges(
  es: readonly GraphEdge[],
  index: ReadonlyMap<string, number>,
  behaviourIndex: ReadonlyMap<string, number>,
): EdgeColumns {
  const at = (id: string): number => index.get(id) ?? -1;
  return {
    a: es.map((e) => at(e.a)),
    b: es.map((e) => at(e.b)),
    behaviour: es.map((e) => behaviourIndex.get(e.behaviour) ?? -1),
    weight: es.map((e) => e.weight),
    coActions: es.map((e) => e.coActions),
    ratio: es.map((e) => e.ratio),
    q: es.map((e) => e.q),
    first: es.map((e) => seconds(e.first)),
    last: es.map((e) => seconds(e.last)),
  };
}

/** The stored graph page as the wire's columns (its networks' details go to `graph-networks`). */
export function packGraph(page: GraphPage): GraphView {
  const { index, behaviours, behaviourIndex } = graphIndex(page);
  const networkIndex = new Map(page.networks.map((n, i) => [n.id, i]));
  // Older pages have no `signals`; a node's flagged names are then their own list.
  const signals = [...new Set([...(page.signals ?? []), ...page.nodes.flatMap((n) => n.flagged)])];
  const signalIndex = new Map(signals.map((s, i) => [s, i]));
  const ns = page.nodes;
  const at = (id: string): number => index.get(id) ?? -1;
  return {
    run: page.run,
    edgeTotal: page.edgeTotal ?? page.edges.length,
    edgeChunks: page.edgeChunks ?? 0,
    behaviours,
    signals,
    span: page.span ?? null,
    ...(page.objectTotal === undefined ? {} : { objectTotal: page.objectTotal }),
    nodes: {
      id: ns.map((n) => n.id),
      label: ns.map((n) => (n.label === n.id ? null : n.label)),
      network: ns.map((n) => (n.network === null ? -1 : (networkIndex.get(n.network) ?? -1))),
      score: ns.map((n) => n.score),
      posts: ns.map((n) => n.posts),
      automation: ns.map((n) => n.automation),
      flagged: ns.map((n) => n.flagged.map((s) => signalIndex.get(s)!)),
      first: ns.map((n) => (n.first ? seconds(n.first) : null)),
      last: ns.map((n) => (n.last ? seconds(n.last) : null)),
      x: ns.map((n) => n.x ?? null),
      y: ns.map((n) => n.y ?? null),
    },
    edges: packEdges(page.edges, index, behaviourIndex),
    networks: page.networks.map((n) => ({
      id: n.id,
      // A member the page has no node for (a hand-trimmed output) is left out of the list.
      members: n.members.map(at).filter((i) => i >= 0),
      behaviours: n.behaviours,
      score: n.score,
      ratio: n.ratio,
      q: n.q,
      summary: n.summary,
    })),
  };
}

/** The explorer's first page: its head as objects, its edges as the wire's columns. */
export interface FirstView {
  head: GraphHead;
  edges: EdgeColumns;
}

/**
 * The explorer's page from the wire's columns: nodes and networks as the API's objects (networks
 * without their details: empty top objects, timeline and examples until `graph-networks` fills them
 * in), the first view's edges left as the wire's columns. The explorer adds them to its graph as it
 * adds a later chunk's (web/src/views/explorer-edges.ts): at 10,000 edges, objects meant 10,000
 * objects and 20,000 ISO strings made here only for the explorer to parse the strings straight back.
 */
export function unpackGraphHead(v: GraphView): FirstView {
  const c = v.nodes;
  const nodes: GraphNode[] = c.id.map((id, i) => {
    const x = c.x[i];
    const y = c.y[i];
    const first = c.first[i];
    const last = c.last[i];
    const net = c.network[i]!;
    return {
      id,
      label: c.label[i] ?? id,
      network: net < 0 ? null : v.networks[net]!.id,
      score: c.score[i]!,
      posts: c.posts[i]!,
      automation: c.automation[i] ?? null,
      flagged: c.flagged[i]!.map((s) => v.signals[s]!),
      first: first === null || first === undefined ? null : iso(first),
      last: last === null || last === undefined ? null : iso(last),
      ...(x === null || x === undefined || y === null || y === undefined ? {} : { x, y }),
    };
  });
  const head: GraphHead = {
    run: v.run,
    nodes,
    edgeTotal: v.edgeTotal,
    edgeChunks: v.edgeChunks,
    behaviours: v.behaviours,
    signals: v.signals,
    span: v.span,
    networks: v.networks.map((n): NetworkView => ({
      ...n,
      members: n.members.map((i) => c.id[i]!),
      topObjects: [],
      timeline: [],
      examples: [],
    })),
    ...(v.objectTotal === undefined ? {} : { objectTotal: v.objectTotal }),
  };
  return { head, edges: v.edges };
}

/** The API's GraphPage from the wire's columns, its edges as objects (tests, benches). */
export function unpackGraph(v: GraphView): GraphPage {
  const { head, edges } = unpackGraphHead(v);
  return { ...head, edges: unpackEdges(edges, v.nodes.id, v.behaviours) };
}

/** Columns back to edge objects; ends and behaviours must be in range (checked by the caller's schema). */
export function unpackEdges(
  e: EdgeColumns,
  ids: readonly string[],
  behaviours: readonly string[],
): GraphEdge[] {
  return e.a.map((a, i) => ({
    a: ids[a]!,
    b: ids[e.b[i]!]!,
    behaviour: behaviours[e.behaviour[i]!]!,
    weight: e.weight[i]!,
    coActions: e.coActions[i]!,
    ratio: e.ratio[i] ?? null,
    q: e.q[i] ?? null,
    first: iso(e.first[i]!),
    last: iso(e.last[i]!),
  }));
}

/** The details `graph-networks` holds for each network of a stored graph page. */
export const networkDetails = (page: GraphPage): GraphNetworks => ({ networks: page.networks });
