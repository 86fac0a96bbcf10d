/** `GET /{api-root}/collections/{id}/manifest/` (TAXII 2.1 section 5.3 manifest resource). */
import type { FastifyInstance } from 'fastify';
import { CollectionParams } from './collection.js';
import type { TaxiiContext } from './context.js';
import { pageLimit, requireCollection, pathParams } from './context.js';
import { parseFilterQuery, toFilter } from './params.js';
import { dateAddedHeaders, manifestBody } from './presenters.js';
import { sendTaxii } from './reply.js';

export function registerManifest(app: FastifyInstance, ctx: TaxiiContext): void {
  app.get('/:apiRoot/collections/:collectionId/manifest/', async (req, reply) => {
    const { apiRoot, collectionId } = pathParams(CollectionParams, req.params);
    const gate = await requireCollection(ctx, req, apiRoot, collectionId, { read: true });
    const q = parseFilterQuery(req.query);
    const filter = toFilter(q, gate.collection.id, {
      id: true,
      type: true,
      version: true,
      defaultVersions: ['last'],
    });
    const page = await ctx.store.queryObjects({
      ...filter,
      visibility: gate.visibility,
      limit: pageLimit(ctx, q.limit),
      ...(q.next !== undefined ? { next: q.next } : {}),
    });
    void reply.headers(dateAddedHeaders(page));
    return sendTaxii(reply, manifestBody(page));
  });
}
