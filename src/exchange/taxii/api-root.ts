/** `GET /{api-root}/`: API root information (TAXII 2.1 section 4.2). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { TaxiiContext } from './context.js';
import { principalOf, requireApiRoot, pathParams } from './context.js';
import { TAXII_MEDIA } from './media.js';
import { sendTaxii } from './reply.js';

export const ApiRootParams = z.object({ apiRoot: z.string().min(1).max(128) });

export function registerApiRoot(app: FastifyInstance, ctx: TaxiiContext): void {
  app.get('/:apiRoot/', async (req, reply) => {
    principalOf(req);
    const { apiRoot } = pathParams(ApiRootParams, req.params);
    const root = await requireApiRoot(ctx, apiRoot);
    return sendTaxii(reply, {
      title: root.title,
      ...(root.description !== undefined ? { description: root.description } : {}),
      versions: [TAXII_MEDIA],
      max_content_length: root.maxContentLength,
    });
  });
}
