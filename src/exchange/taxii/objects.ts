/**
 * `GET|POST /{api-root}/collections/{id}/objects/` (TAXII 2.1 sections 5.3, 5.4).
 *
 * GET pages through the objects the caller may see (TLP applied in SQL) with the keyset cursor.
 * POST takes an envelope: the body must be a JSON envelope (else 400 for bad JSON, 422 for JSON that
 * is not an envelope); each object is validated on its own, invalid ones become failures in the status
 * resource with the reason, valid ones are stored — all in one transaction, so the 202 answer is only
 * sent once everything it reports is durable.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CollectionParams } from './collection.js';
import type { TaxiiContext } from './context.js';
import { requireCollection, pathParams, takeTurn } from './context.js';
import { storeEnvelope } from './store-envelope.js';
import { taxiiError } from './errors.js';
import { dateAddedHeaders, envelopeJson, statusBody } from './presenters.js';
import { bodyLength } from './body.js';
import { sendTaxii } from './reply.js';
import { COLLECTION_FILTERS, readCollectionPage } from './collection-page.js';

export const EnvelopeSchema = z
  .object({
    more: z.boolean().optional(),
    next: z.string().optional(),
    objects: z.array(z.unknown()).max(100_000),
  })
  .loose();

export function registerObjects(app: FastifyInstance, ctx: TaxiiContext): void {
  app.get('/:apiRoot/collections/:collectionId/objects/', async (req, reply) => {
    const page = await readCollectionPage(
      ctx,
      req,
      pathParams(CollectionParams, req.params),
      COLLECTION_FILTERS,
    );
    void reply.headers(dateAddedHeaders(page));
    return sendTaxii(reply, envelopeJson(page));
  });

  app.post('/:apiRoot/collections/:collectionId/objects/', async (req, reply) => {
    const { apiRoot, collectionId } = pathParams(CollectionParams, req.params);
    const gate = await requireCollection(ctx, req, apiRoot, collectionId, { write: true });
    if (bodyLength(req) > gate.root.maxContentLength)
      throw taxiiError(
        'ERR_TAXII_TOO_LARGE',
        `the body exceeds max_content_length (${gate.root.maxContentLength} bytes)`,
      );
    const env = EnvelopeSchema.safeParse(req.body);
    if (!env.success)
      throw taxiiError(
        'ERR_TAXII_UNPROCESSABLE',
        'the body must be a TAXII envelope: {"objects": [ … STIX objects … ]}',
      );
    const objects = env.data.objects;
    const status = await takeTurn(ctx, () =>
      storeEnvelope(ctx.store, {
        statusId: randomUUID(),
        apiRoot: gate.root.name,
        collection: gate.collection.id,
        poster: gate.who,
        requestTimestamp: new Date().toISOString(),
        objects,
      }),
    );
    req.auditDetail = { status: status.id, success: status.successCount, failure: status.failureCount };
    return sendTaxii(reply, statusBody(status), 202);
  });
}
