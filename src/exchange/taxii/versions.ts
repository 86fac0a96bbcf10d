/** `GET /{api-root}/collections/{id}/objects/{object-id}/versions/` (TAXII 2.1 section 5.7). */
import type { FastifyInstance } from 'fastify';
import type { TaxiiContext } from './context.js';
import { pageLimit, requireCollection, pathParams } from './context.js';
import { taxiiError } from './errors.js';
import { ObjectParams } from './object.js';
import { parseFilterQuery, toFilter } from './params.js';
import { dateAddedHeaders, versionsBody } from './presenters.js';
import { sendTaxii } from './reply.js';

export function registerVersions(app: FastifyInstance, ctx: TaxiiContext): void {
  app.get('/:apiRoot/collections/:collectionId/objects/:objectId/versions/', async (req, reply) => {
    const { apiRoot, collectionId, objectId } = pathParams(ObjectParams, req.params);
    const gate = await requireCollection(ctx, req, apiRoot, collectionId, { read: true });
    const q = parseFilterQuery(req.query);
    const filter = toFilter(q, gate.collection.id, { defaultVersions: ['all'] });
    const page = await ctx.store.queryObjects({
      ...filter,
      ids: [objectId],
      visibility: gate.visibility,
      limit: pageLimit(ctx, q.limit),
      ...(q.next !== undefined ? { next: q.next } : {}),
    });
    if (page.items.length === 0 && q.next === undefined)
      throw taxiiError('ERR_TAXII_NOT_FOUND', `no object "${objectId}" in collection "${collectionId}"`);
    void reply.headers(dateAddedHeaders(page));
    return sendTaxii(reply, versionsBody(page));
  });
}
