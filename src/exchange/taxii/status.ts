/**
 * `GET /{api-root}/status/{status-id}/` (TAXII 2.1 section 4.3), with or without the trailing slash.
 * A status is shown only to members of the org that made the request it reports on.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { TaxiiContext } from './context.js';
import { principalOf, requireApiRoot, pathParams } from './context.js';
import { taxiiError } from './errors.js';
import { statusBody } from './presenters.js';
import { sendTaxii } from './reply.js';

export const StatusParams = z.object({
  apiRoot: z.string().min(1).max(128),
  statusId: z.string().min(1).max(128),
});

export function registerStatus(app: FastifyInstance, ctx: TaxiiContext): void {
  app.get('/:apiRoot/status/:statusId/', async (req, reply) => {
    const who = principalOf(req);
    const { apiRoot, statusId } = pathParams(StatusParams, req.params);
    const root = await requireApiRoot(ctx, apiRoot);
    const status = await ctx.store.getStatus(root.name, statusId);
    if (!status || status.org !== who.org) throw taxiiError('ERR_TAXII_NOT_FOUND', `no status "${statusId}"`);
    return sendTaxii(reply, statusBody(status));
  });
}
