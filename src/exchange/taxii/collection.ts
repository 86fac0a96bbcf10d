/** `GET /{api-root}/collections/{id}/` (TAXII 2.1 section 5.2): one collection, 404 unless granted. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { collectionBody } from './collections.js';
import type { TaxiiContext } from './context.js';
import { requireCollection, pathParams } from './context.js';
import { sendTaxii } from './reply.js';

export const CollectionParams = z.object({
  apiRoot: z.string().min(1).max(128),
  collectionId: z.string().min(1).max(128),
});

export function registerCollection(app: FastifyInstance, ctx: TaxiiContext): void {
  app.get('/:apiRoot/collections/:collectionId/', async (req, reply) => {
    const { apiRoot, collectionId } = pathParams(CollectionParams, req.params);
    const gate = await requireCollection(ctx, req, apiRoot, collectionId, {});
    return sendTaxii(reply, collectionBody(gate.collection, gate));
  });
}
