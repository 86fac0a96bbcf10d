/**
 * `GET|DELETE /{api-root}/collections/{id}/objects/{object-id}/` (TAXII 2.1 sections 5.5, 5.6).
 * Both see only the versions the caller may read; nothing visible is a 404, as for an unknown id.
 * DELETE needs read and write permission, is for the publishing organisation only (403 for another
 * org's visible versions) and removes the versions `match[version]` selects.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { TaxiiContext } from './context.js';
import { requireCollection, pathParams } from './context.js';
import { taxiiError } from './errors.js';
import { parseFilterQuery, toFilter } from './params.js';
import { dateAddedHeaders, envelopeJson } from './presenters.js';
import { sendTaxii } from './reply.js';
import { readCollectionPage } from './collection-page.js';

/** Versions of one id are few; the ownership check reads at most this many before deleting. */
const MAX_VERSIONS_CHECKED = 1000;

export const ObjectParams = z.object({
  apiRoot: z.string().min(1).max(128),
  collectionId: z.string().min(1).max(128),
  objectId: z.string().min(1).max(256),
});

export function registerObject(app: FastifyInstance, ctx: TaxiiContext): void {
  app.get('/:apiRoot/collections/:collectionId/objects/:objectId/', async (req, reply) => {
    const page = await readCollectionPage(ctx, req, pathParams(ObjectParams, req.params), {
      version: true,
      defaultVersions: ['last'],
    });
    void reply.headers(dateAddedHeaders(page));
    return sendTaxii(reply, envelopeJson(page));
  });

  app.delete('/:apiRoot/collections/:collectionId/objects/:objectId/', async (req, reply) => {
    const { apiRoot, collectionId, objectId } = pathParams(ObjectParams, req.params);
    const gate = await requireCollection(ctx, req, apiRoot, collectionId, { read: true, write: true });
    const q = parseFilterQuery(req.query);
    const filter = toFilter(q, gate.collection.id, { version: true, defaultVersions: ['all'] });
    const selected = { ...filter, ids: [objectId], visibility: gate.visibility };
    // Only the publishing org deletes (docs/EXCHANGE.md, "Versioning and ownership"). The versions
    // looked at are ones the caller can read, so refusing tells it nothing it could not see.
    const page = await ctx.store.queryObjects({ ...selected, limit: MAX_VERSIONS_CHECKED });
    if (page.items.some((o) => o.producerOrg !== gate.who.org))
      throw taxiiError(
        'ERR_TAXII_FORBIDDEN',
        `only the organisation that published "${objectId}" may delete its versions`,
      );
    const n = await ctx.store.deleteObjects(selected);
    if (n === 0)
      throw taxiiError('ERR_TAXII_NOT_FOUND', `no object "${objectId}" in collection "${collectionId}"`);
    return reply.code(200).send();
  });
}
