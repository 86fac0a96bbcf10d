/**
 * `GET /api/runs/:id/graph.gexf` and `GET /api/runs/:id/graph.csv?what=edges|nodes`: a run's whole
 * fused account graph as files for Gephi and spreadsheets (exports.ts writes them; the explorer page
 * writes the same formats from what it shows). The run's TLP audience applies as for the graph page:
 * a hidden run answers like an unknown one.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RunRecord, Store } from '../store/store.js';
import type { GraphEdgeChunk, GraphPage } from './api-schema.js';
import { edgesCsv, graphGexf, nodesCsv } from './exports.js';
import { edgeChunkKind } from './graph-page.js';
import { send } from './cases/routes.js';

export interface GraphExportOptions {
  store: Store;
  /** The run when the caller may see it; otherwise a 404 already sent. */
  visibleRun: (req: FastifyRequest, reply: FastifyReply, id: string) => Promise<RunRecord | undefined>;
}

const params = z.object({ id: z.string().regex(/^run-[0-9a-f]{16}$/) });
const csvQuery = z.strictObject({ what: z.enum(['edges', 'nodes']).default('edges') });

const notFound = (reply: FastifyReply, message = 'no such run'): FastifyReply =>
  send(reply, 404, { error: 'not-found', message });

export function registerGraphExports(app: FastifyInstance, o: GraphExportOptions): void {
  /** The graph page of a visible run, or undefined with the refusal sent. */
  const page = async (req: FastifyRequest, reply: FastifyReply): Promise<GraphPage | undefined> => {
    const p = params.safeParse(req.params);
    if (!p.success) {
      await notFound(reply);
      return undefined;
    }
    const run = await o.visibleRun(req, reply, p.data.id);
    if (!run) return undefined;
    const json = await o.store.getRunPage(run.id, 'graph');
    if (json === undefined) {
      await notFound(reply, 'no graph for this run');
      return undefined;
    }
    // The exports are of the whole graph: the first view's edges and every later chunk's.
    const g = JSON.parse(json) as GraphPage;
    for (let c = 1; c <= (g.edgeChunks ?? 0); c++) {
      const chunk = await o.store.getRunPage(run.id, edgeChunkKind(c));
      if (chunk !== undefined) for (const e of (JSON.parse(chunk) as GraphEdgeChunk).edges) g.edges.push(e);
    }
    return g;
  };
  const file = (reply: FastifyReply, type: string, name: string, body: string): FastifyReply =>
    reply
      .header('cache-control', 'private, no-cache')
      .header('content-disposition', `attachment; filename="${name}"`)
      .type(type)
      .send(body);

  app.get('/api/runs/:id/graph.gexf', async (req, reply) => {
    const g = await page(req, reply);
    if (!g) return reply;
    return file(reply, 'application/gexf+xml', `${g.run.id}.gexf`, graphGexf(g, g.nodes, g.edges));
  });

  app.get('/api/runs/:id/graph.csv', async (req, reply) => {
    const q = csvQuery.safeParse(req.query);
    if (!q.success)
      return send(reply, 422, { error: 'invalid', message: 'what: must be "edges" or "nodes"' });
    const g = await page(req, reply);
    if (!g) return reply;
    return q.data.what === 'nodes'
      ? file(reply, 'text/csv; charset=utf-8', `${g.run.id}-nodes.csv`, nodesCsv(g.nodes))
      : file(reply, 'text/csv; charset=utf-8', `${g.run.id}-edges.csv`, edgesCsv(g.nodes, g.edges));
  });
}
