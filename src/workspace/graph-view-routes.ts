/**
 * `GET /api/runs/:id/graph` — the explorer's first page in columns (graph-view.ts) —,
 * `GET /api/runs/:id/graph/networks[?network=ID]` — the networks' top objects, timelines and
 * example posts, all of them (the search reads them) or one (a network card being opened) — and
 * `GET /api/runs/:id/graph/edges/:n` — chunk n ≥ 1 of the weaker edges, in columns (edge-chunk.ts).
 * All are stored at import (`graph-view`, `graph-networks`, `graph-edges-N`); a run imported before
 * they were has only the `graph` page and chunks as objects, which are packed here per request. The
 * run's TLP audience applies as for every run route: a hidden run answers like an unknown one.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Store } from '../store/store.js';
import type { GraphPage } from './api-schema.js';
import { invalid } from './cases/routes.js';
import { chunkForWire } from './edge-chunk.js';
import { edgeChunkKind, NETWORKS_KIND, VIEW_KIND } from './graph-page.js';
import { packGraph, type GraphNetworks } from './graph-view.js';
import { notFound, requestedRun, sendJson as json, type VisibleRun } from './run-route.js';

export interface GraphViewOptions {
  store: Store;
  visibleRun: VisibleRun;
}

const networksQuery = z.strictObject({ network: z.string().min(1).max(200).optional() });
const chunkParam = z.object({ chunk: z.coerce.number().int().min(1).max(1_000_000) });

export function registerGraphView(app: FastifyInstance, o: GraphViewOptions): void {
  /** The stored page `kind` of a visible run, else its `graph` page (older imports); undefined when refused. */
  const stored = async (
    req: FastifyRequest,
    reply: FastifyReply,
    kind: string,
  ): Promise<{ page: string } | { graph: GraphPage } | undefined> => {
    const run = await requestedRun(req, reply, o.visibleRun);
    if (!run) return undefined;
    const page = await o.store.getRunPage(run.id, kind);
    if (page !== undefined) return { page };
    const graph = await o.store.getRunPage(run.id, 'graph');
    if (graph === undefined) {
      await notFound(reply, 'no graph for this run');
      return undefined;
    }
    return { graph: JSON.parse(graph) as GraphPage };
  };

  app.get('/api/runs/:id/graph', async (req, reply) => {
    const s = await stored(req, reply, VIEW_KIND);
    if (!s) return reply;
    return json(reply, 'page' in s ? s.page : JSON.stringify(packGraph(s.graph)));
  });

  app.get('/api/runs/:id/graph/networks', async (req, reply) => {
    const q = networksQuery.safeParse(req.query);
    if (!q.success) return invalid(reply, q.error);
    const s = await stored(req, reply, NETWORKS_KIND);
    if (!s) return reply;
    const one = q.data.network;
    if (one === undefined)
      return json(reply, 'page' in s ? s.page : JSON.stringify({ networks: s.graph.networks }));
    const all = 'page' in s ? (JSON.parse(s.page) as GraphNetworks).networks : s.graph.networks;
    const net = all.find((n) => n.id === one);
    return net
      ? json(reply, JSON.stringify({ networks: [net] }))
      : notFound(reply, `network: no network "${one}" in this run`);
  });

  app.get('/api/runs/:id/graph/edges/:chunk', async (req, reply) => {
    const p = chunkParam.safeParse(req.params);
    if (!p.success) return notFound(reply, 'no such run or edge chunk');
    const run = await requestedRun(req, reply, o.visibleRun);
    if (!run) return reply;
    const chunk = await o.store.getRunPage(run.id, edgeChunkKind(p.data.chunk));
    if (chunk === undefined) return notFound(reply, `no edge chunk ${p.data.chunk} for this run`);
    const graph = async (): Promise<GraphPage> =>
      JSON.parse((await o.store.getRunPage(run.id, 'graph')) ?? '{}') as GraphPage;
    return json(reply, await chunkForWire(chunk, graph));
  });
}
