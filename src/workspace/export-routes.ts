/**
 * `GET /api/runs/:id/graph.gexf` and `GET /api/runs/:id/graph.csv?what=edges|nodes`: a run's whole
 * fused account graph as files for Gephi and spreadsheets (exports.ts writes them; the explorer page
 * writes the same formats from what it shows). `objects=1` adds the amplified objects the import
 * stored (graph-objects.ts: their nodes with a `node_kind`/`kind`, and the account → object ties as
 * `acts-on-KIND` edges), as the explorer's page export does when they are shown; a run imported
 * without its input posts has none, and the file is the accounts' graph. The run's TLP audience
 * applies as for the graph page: a hidden run answers like an unknown one.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Store } from '../store/store.js';
import type { GraphObjectsPage, GraphPage } from './api-schema.js';
import { chunkEdges, chunkKeys } from './edge-chunk.js';
import { edgesCsv, graphGexf, nodesCsv, type ShownObjects } from './exports.js';
import { edgeChunkKind, OBJECTS_KIND } from './graph-page.js';
import { send } from './cases/routes.js';
import { notFound, requestedRun, type VisibleRun } from './run-route.js';

export interface GraphExportOptions {
  store: Store;
  visibleRun: VisibleRun;
}

/** `objects=1` (or `true`): the amplified objects too; absent, `0` or `false`: accounts only. */
const objectsFlag = z
  .enum(['0', '1', 'false', 'true'])
  .default('0')
  .transform((v) => v === '1' || v === 'true');
const gexfQuery = z.strictObject({ objects: objectsFlag });
const csvQuery = z.strictObject({ what: z.enum(['edges', 'nodes']).default('edges'), objects: objectsFlag });
const NO_OBJECTS: ShownObjects = { objects: [], edges: [] };

export function registerGraphExports(app: FastifyInstance, o: GraphExportOptions): void {
  /** The graph page of a visible run (and its stored objects when asked), or undefined when refused. */
  const page = async (
    req: FastifyRequest,
    reply: FastifyReply,
    withObjects: boolean,
  ): Promise<{ g: GraphPage; shown: ShownObjects } | undefined> => {
    const run = await requestedRun(req, reply, o.visibleRun);
    if (!run) return undefined;
    const json = await o.store.getRunPage(run.id, 'graph');
    if (json === undefined) {
      await notFound(reply, 'no graph for this run');
      return undefined;
    }
    // The exports are of the whole graph: the first view's edges and every later chunk's.
    const g = JSON.parse(json) as GraphPage;
    const keys = chunkKeys(g);
    for (let c = 1; c <= (g.edgeChunks ?? 0); c++) {
      const chunk = await o.store.getRunPage(run.id, edgeChunkKind(c));
      if (chunk !== undefined) for (const e of chunkEdges(chunk, keys)) g.edges.push(e);
    }
    const objects = withObjects ? await o.store.getRunPage(run.id, OBJECTS_KIND) : undefined;
    return { g, shown: objects === undefined ? NO_OBJECTS : (JSON.parse(objects) as GraphObjectsPage) };
  };
  const badQuery = (reply: FastifyReply, message: string): FastifyReply =>
    send(reply, 422, { error: 'invalid', message });
  const file = (reply: FastifyReply, type: string, name: string, body: string): FastifyReply =>
    reply
      .header('cache-control', 'private, no-cache')
      .header('content-disposition', `attachment; filename="${name}"`)
      .type(type)
      .send(body);

  app.get('/api/runs/:id/graph.gexf', async (req, reply) => {
    const q = gexfQuery.safeParse(req.query);
    if (!q.success) return badQuery(reply, 'objects: must be "1" or "0"');
    const p = await page(req, reply, q.data.objects);
    if (!p) return reply;
    const { g, shown } = p;
    return file(reply, 'application/gexf+xml', `${g.run.id}.gexf`, graphGexf(g, g.nodes, g.edges, shown));
  });

  app.get('/api/runs/:id/graph.csv', async (req, reply) => {
    const q = csvQuery.safeParse(req.query);
    if (!q.success) return badQuery(reply, 'what: must be "edges" or "nodes"; objects: "1" or "0"');
    const p = await page(req, reply, q.data.objects);
    if (!p) return reply;
    const { g, shown } = p;
    return q.data.what === 'nodes'
      ? file(reply, 'text/csv; charset=utf-8', `${g.run.id}-nodes.csv`, nodesCsv(g.nodes, shown))
      : file(reply, 'text/csv; charset=utf-8', `${g.run.id}-edges.csv`, edgesCsv(g.nodes, g.edges, shown));
  });
}
