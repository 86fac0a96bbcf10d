/**
 * One page of a collection as the caller may see it: the objects and manifest resources (TAXII 2.1
 * sections 5.3, 5.4) take the same filters, the same TLP visibility and the same keyset cursor, and
 * differ only in how they present the page.
 */
import type { FastifyRequest } from 'fastify';
import type { Page, StoredObject } from '../../store/store.js';
import { CollectionParams } from './collection.js';
import type { TaxiiContext } from './context.js';
import { pageLimit, requireCollection, pathParams } from './context.js';
import { parseFilterQuery, toFilter } from './params.js';

export async function readCollectionPage(
  ctx: TaxiiContext,
  req: FastifyRequest,
): Promise<Page<StoredObject>> {
  const { apiRoot, collectionId } = pathParams(CollectionParams, req.params);
  const gate = await requireCollection(ctx, req, apiRoot, collectionId, { read: true });
  const q = parseFilterQuery(req.query);
  const filter = toFilter(q, gate.collection.id, {
    id: true,
    type: true,
    version: true,
    defaultVersions: ['last'],
  });
  return ctx.store.queryObjects({
    ...filter,
    visibility: gate.visibility,
    limit: pageLimit(ctx, q.limit),
    ...(q.next !== undefined ? { next: q.next } : {}),
  });
}
