/**
 * One page of a collection as the caller may see it. The objects, manifest, object and versions
 * resources (TAXII 2.1 sections 5.3–5.7) take the same filters, the same TLP visibility and the same
 * keyset cursor; they differ only in which filters apply, whether one object id is fixed, and how the
 * page is presented.
 */
import type { FastifyRequest } from 'fastify';
import type { Page, StoredObject } from '../../store/store.js';
import type { TaxiiContext } from './context.js';
import { pageLimit, requireCollection, takeTurn } from './context.js';
import { taxiiError } from './errors.js';
import type { FilterUse } from './params.js';
import { parseFilterQuery, toFilter } from './params.js';

export interface PageWhere {
  apiRoot: string;
  collectionId: string;
  /** The object resources fix one id; a first page without it is 404. */
  objectId?: string;
}

export async function readCollectionPage(
  ctx: TaxiiContext,
  req: FastifyRequest,
  where: PageWhere,
  use: FilterUse,
): Promise<Page<StoredObject>> {
  const gate = await requireCollection(ctx, req, where.apiRoot, where.collectionId, { read: true });
  const q = parseFilterQuery(req.query);
  const query = {
    ...toFilter(q, gate.collection.id, use),
    ...(where.objectId !== undefined ? { ids: [where.objectId] } : {}),
    visibility: gate.visibility,
    limit: pageLimit(ctx, q.limit),
    ...(q.next !== undefined ? { next: q.next } : {}),
  };
  const page = await takeTurn(ctx, () => ctx.store.queryObjects(query));
  if (where.objectId !== undefined && page.items.length === 0 && q.next === undefined)
    throw taxiiError(
      'ERR_TAXII_NOT_FOUND',
      `no object "${where.objectId}" in collection "${where.collectionId}"`,
    );
  return page;
}

/** The filters of the objects and manifest resources. */
export const COLLECTION_FILTERS: FilterUse = {
  id: true,
  type: true,
  version: true,
  defaultVersions: ['last'],
};
