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
import type { ObjectInput, StatusDetail } from '../../store/store.js';
import { checkStix, tlpFor } from '../stix-adapter.js';
import { CollectionParams } from './collection.js';
import type { TaxiiContext } from './context.js';
import { requireCollection, pathParams } from './context.js';
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

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function versionOf(o: Record<string, unknown>): string | undefined {
  const v = o.modified ?? o.created;
  return typeof v === 'string' ? v : undefined;
}

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
    const markingDefinitions = env.data.objects.filter(
      (o): o is Record<string, unknown> => isRecord(o) && o.type === 'marking-definition',
    );
    const objects: ObjectInput[] = [];
    const rejected: StatusDetail[] = [];
    for (const [i, o] of env.data.objects.entries()) {
      const check = checkStix(o);
      if (check.ok && isRecord(o)) {
        objects.push({ object: o, tlp: tlpFor(o, markingDefinitions) });
        continue;
      }
      const rec = isRecord(o) ? o : {};
      const version = versionOf(rec);
      rejected.push({
        id: typeof rec.id === 'string' ? rec.id.slice(0, 256) : `(object ${i} without id)`,
        ...(version !== undefined ? { version: version.slice(0, 64) } : {}),
        message: check.errors.slice(0, 10).join('; ').slice(0, 2000),
      });
    }
    const status = await ctx.store.addObjects({
      statusId: randomUUID(),
      apiRoot: gate.root.name,
      collection: gate.collection.id,
      producerOrg: gate.who.org,
      requestTimestamp: new Date().toISOString(),
      objects,
      rejected,
    });
    return sendTaxii(reply, statusBody(status), 202);
  });
}
