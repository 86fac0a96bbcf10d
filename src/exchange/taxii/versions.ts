/** `GET /{api-root}/collections/{id}/objects/{object-id}/versions/` (TAXII 2.1 section 5.7). */
import type { FastifyInstance } from 'fastify';
import type { TaxiiContext } from './context.js';
import { pathParams } from './context.js';
import { ObjectParams } from './object.js';
import { dateAddedHeaders, versionsBody } from './presenters.js';
import { sendTaxii } from './reply.js';
import { readCollectionPage } from './collection-page.js';

export function registerVersions(app: FastifyInstance, ctx: TaxiiContext): void {
  app.get('/:apiRoot/collections/:collectionId/objects/:objectId/versions/', async (req, reply) => {
    const page = await readCollectionPage(ctx, req, pathParams(ObjectParams, req.params), {
      defaultVersions: ['all'],
    });
    void reply.headers(dateAddedHeaders(page));
    return sendTaxii(reply, versionsBody(page));
  });
}
