/** `GET /{api-root}/collections/{id}/manifest/` (TAXII 2.1 section 5.3 manifest resource). */
import type { FastifyInstance } from 'fastify';
import type { TaxiiContext } from './context.js';
import { dateAddedHeaders, manifestBody } from './presenters.js';
import { sendTaxii } from './reply.js';
import { COLLECTION_FILTERS, readCollectionPage } from './collection-page.js';
import { CollectionParams } from './collection.js';
import { pathParams } from './context.js';

export function registerManifest(app: FastifyInstance, ctx: TaxiiContext): void {
  app.get('/:apiRoot/collections/:collectionId/manifest/', async (req, reply) => {
    const page = await readCollectionPage(
      ctx,
      req,
      pathParams(CollectionParams, req.params),
      COLLECTION_FILTERS,
    );
    void reply.headers(dateAddedHeaders(page));
    return sendTaxii(reply, manifestBody(page));
  });
}
