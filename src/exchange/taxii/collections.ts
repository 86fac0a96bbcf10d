/**
 * `GET /{api-root}/collections/` (TAXII 2.1 section 5.1): the collections the caller has a grant on,
 * with its own can_read / can_write. Collections without any grant for the caller are not listed.
 */
import type { FastifyInstance } from 'fastify';
import type { CollectionRecord } from '../../store/store.js';
import type { CollectionAccess } from '../access.js';
import { collectionAccess } from '../access.js';
import { ApiRootParams } from './api-root.js';
import type { TaxiiContext } from './context.js';
import { principalOf, requireApiRoot, pathParams } from './context.js';
import { STIX_MEDIA } from './media.js';
import { sendTaxii } from './reply.js';

export function collectionBody(c: CollectionRecord, a: Pick<CollectionAccess, 'canRead' | 'canWrite'>) {
  return {
    id: c.id,
    title: c.title,
    ...(c.description !== undefined ? { description: c.description } : {}),
    ...(c.alias !== undefined ? { alias: c.alias } : {}),
    can_read: a.canRead,
    can_write: a.canWrite,
    media_types: [STIX_MEDIA],
  };
}

export function registerCollections(app: FastifyInstance, ctx: TaxiiContext): void {
  app.get('/:apiRoot/collections/', async (req, reply) => {
    const who = principalOf(req);
    const { apiRoot } = pathParams(ApiRootParams, req.params);
    const root = await requireApiRoot(ctx, apiRoot);
    const out = [];
    for (const c of await ctx.store.listCollections(root.name)) {
      const a = await collectionAccess(ctx.store, who, c.id);
      if (a.visible) out.push(collectionBody(c, a));
    }
    return sendTaxii(reply, out.length ? { collections: out } : {});
  });
}
