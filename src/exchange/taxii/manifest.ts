/** `GET /{api-root}/collections/{id}/manifest/` (TAXII 2.1 section 5.3 manifest resource). */
import type { FastifyInstance } from 'fastify';
import type { TaxiiContext } from './context.js';
import { dateAddedHeaders, manifestBody } from './presenters.js';
import { sendTaxii } from './reply.js';
import { readCollectionPage } from './collection-page.js';

export function registerManifest(app: FastifyInstance, ctx: TaxiiContext): void {
  app.get('/:apiRoot/collections/:collectionId/manifest/', async (req, reply) => {
    const page = await readCollectionPage(ctx, req);
    void reply.headers(dateAddedHeaders(page));
    return sendTaxii(reply, manifestBody(page));
  });
}
